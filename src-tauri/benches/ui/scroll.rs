//! `scroll`: a scripted scroll through a queue of many templates, with the gaps between
//! animation frames recorded in the page, next to the gaps recorded on the same page while
//! nothing moves (the floor the window system gives, which under Xvfb's software rendering on
//! a busy machine may itself be above 16.7 ms).

use crate::app::{launch_on, numbers, queue_filled, Setup};
use crate::figures::{mean, median, percentile, row, share_over, spread_ms};
use crate::harness::Harness;
use anyhow::Result;
use std::path::Path;
use std::time::Duration;

/// Gaps between animation frames on the page for 3 s while nothing changes.
const IDLE_GAPS: &str = "window.__lognoiseIdle = null;
     const gaps = [];
     let last = 0;
     let end = 0;
     const frame = (t) => {
       if (last) gaps.push(t - last);
       else end = t + 3000;
       last = t;
       if (t < end || !end) requestAnimationFrame(frame);
       else window.__lognoiseIdle = gaps;
     };
     requestAnimationFrame(frame);
     return true;";

/// Scrolls the queue for 3 s, 120 px (3.5 rows) a frame, down to the end and back from the
/// top. The time the page's scroll handlers take (the virtualiser and React rendering the
/// rows coming into view) is taken from a listener that runs before them (capturing, on the
/// document) to one that runs after them (added to the scroller after the page's own).
const SCROLL: &str = "window.__lognoiseScroll = null;
             const el = document.querySelector('[data-testid=queue-scroll]');
             const gaps = [];
             const work = [];
             let last = 0;
             let end = 0;
             let began = 0;
             const before = () => { began = performance.now(); };
             const after = () => { if (began) work.push(performance.now() - began); began = 0; };
             document.addEventListener('scroll', before, true);
             el.addEventListener('scroll', after);
             const frame = (t) => {
               if (last) gaps.push(t - last);
               else end = t + 3000;
               last = t;
               if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) el.scrollTop = 0;
               else el.scrollTop += 120;
               if (t < end || !end) requestAnimationFrame(frame);
               else {
                 document.removeEventListener('scroll', before, true);
                 el.removeEventListener('scroll', after);
                 window.__lognoiseScroll = { gaps, work };
               }
             };
             requestAnimationFrame(frame);
             return true;";

/// The pause between runs, for the page to finish what the last one left.
const BETWEEN_RUNS: Duration = Duration::from_millis(300);

/// Frame gaps while the queue scrolls and, alternating with each scroll run on the same page,
/// while nothing moves; all in milliseconds.
pub struct ScrollFigures {
    /// Rows in the queue (its `aria-rowcount`).
    pub rows: usize,
    /// Frame gaps while scrolling.
    pub scroll: Vec<f64>,
    /// Time in the page's scroll handlers, a frame.
    pub work: Vec<f64>,
    /// Frame gaps of the same scroll with `--css` added to the page.
    pub with_css: Vec<f64>,
    /// Frame gaps while nothing moves.
    pub idle: Vec<f64>,
}

/// One scroll run's frame gaps and the time spent in the page's scroll handlers.
struct ScrollRun {
    gaps: Vec<f64>,
    work: Vec<f64>,
}

/// Runs [`SCROLL`] once.
async fn scroll_run(h: &Harness) -> ScrollRun {
    h.js(SCROLL).await;
    let got = h.wait_js("the scroll", "window.__lognoiseScroll").await;
    ScrollRun {
        gaps: numbers(&got["gaps"]),
        work: numbers(&got["work"]),
    }
}

/// Scrolls the queue of the workspace at `ws` `runs` times, each after an idle baseline on
/// the same page and, with `css`, once more with that style sheet added.
pub async fn measure(
    ws: &Path,
    runs: usize,
    setup: &Setup<'_>,
    css: Option<&str>,
) -> Result<ScrollFigures> {
    let home = tempfile::tempdir()?;
    let h = launch_on(home.path(), ws, setup).await;
    queue_filled(&h).await;
    let rows = h
        .js("return document.querySelector('[data-testid=queue]').getAttribute('aria-rowcount')")
        .await;
    let rows: usize = rows.as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
    if let Some(css) = css {
        // A constructed style sheet: the page's CSP allows no inline style element.
        h.js(&format!(
            "const sheet = new CSSStyleSheet();
             sheet.replaceSync({});
             sheet.disabled = true;
             document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
             window.__lognoiseTrySheet = sheet;
             return true;",
            serde_json::Value::from(css)
        ))
        .await;
    }
    let mut with_css = Vec::new();
    let mut gaps = Vec::new();
    let mut work = Vec::new();
    let mut idle = Vec::new();
    for run in 0..runs {
        // The baseline first, on the same page.
        h.js(IDLE_GAPS).await;
        let got = numbers(&h.wait_js("the idle frames", "window.__lognoiseIdle").await);
        eprintln!(
            "ui bench: idle run {}: {} frames, median gap {:.1} ms",
            run + 1,
            got.len(),
            median(&got)
        );
        idle.extend(got);
        let got = scroll_run(&h).await;
        work.extend(got.work);
        eprintln!(
            "ui bench: scroll run {}: {} frames, median gap {:.1} ms",
            run + 1,
            got.gaps.len(),
            median(&got.gaps)
        );
        if css.is_some() {
            tokio::time::sleep(BETWEEN_RUNS).await;
            h.js("window.__lognoiseTrySheet.disabled = false; return true;")
                .await;
            let tried = scroll_run(&h).await;
            h.js("window.__lognoiseTrySheet.disabled = true; return true;")
                .await;
            eprintln!(
                "ui bench: scroll run {} with the CSS: {} frames, median gap {:.1} ms",
                run + 1,
                tried.gaps.len(),
                median(&tried.gaps)
            );
            with_css.extend(tried.gaps);
        }
        gaps.extend(got.gaps);
        tokio::time::sleep(BETWEEN_RUNS).await;
    }
    h.screenshot("scroll-5k").await;
    h.stop().await;
    Ok(ScrollFigures {
        rows,
        scroll: gaps,
        work,
        with_css,
        idle,
    })
}

/// Prints the scroll figures.
pub fn report(f: &ScrollFigures) {
    row(
        &format!(
            "scrolling a queue of {} templates, {} frames: gap median / p95 / max",
            f.rows,
            f.scroll.len()
        ),
        spread_ms(&f.scroll),
    );
    row(
        &format!(
            "of which in the page's scroll handlers (virtualiser, React), {} events: mean; median / p95 / max",
            f.work.len()
        ),
        // The page's clock counts whole milliseconds: the mean shows what the median rounds.
        format!("{:.2} ms; {}", mean(&f.work), spread_ms(&f.work)),
    );
    row(
        &format!(
            "idle baseline, same page, nothing moving, {} frames: gap median / p95 / max",
            f.idle.len()
        ),
        spread_ms(&f.idle),
    );
    row(
        "scroll / idle: median gap, p95 gap",
        format!(
            "{:.2}x, {:.2}x",
            median(&f.scroll) / median(&f.idle),
            percentile(&f.scroll, 0.95) / percentile(&f.idle, 0.95)
        ),
    );
    row(
        "frames over 16.7 ms / over 33.3 ms: scrolling; idle",
        format!(
            "{:.1}% / {:.1}%; {:.1}% / {:.1}%",
            share_over(&f.scroll, 16.7),
            share_over(&f.scroll, 33.3),
            share_over(&f.idle, 16.7),
            share_over(&f.idle, 33.3)
        ),
    );
    // A frame is dropped when it takes longer than the idle page's own frames do.
    let floor = percentile(&f.idle, 0.95);
    row(
        &format!("scroll frames longer than the idle p95 ({floor:.1} ms)"),
        format!("{:.1}%", share_over(&f.scroll, floor)),
    );
    if !f.with_css.is_empty() {
        row(
            &format!(
                "the same scroll with --css, alternating with the runs above, {} frames: gap median / p95 / max; longer than the idle p95",
                f.with_css.len()
            ),
            format!("{}; {:.1}%", spread_ms(&f.with_css), share_over(&f.with_css, floor)),
        );
    }
}
