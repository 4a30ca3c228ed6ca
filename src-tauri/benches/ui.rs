//! How fast the app feels, measured in its real window: the app binary under Xvfb, driven
//! through tauri-driver and WebKitWebDriver (the end-to-end test's harness). Prints medians
//! and spreads; asserts nothing about time (the machine it runs on may be busy).
//!
//! ```sh
//! cargo bench -p lognoise-app --bench ui                    # every figure, default sizes
//! cargo bench -p lognoise-app --bench ui -- --runs 3 --lines 100000   # quicker
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --compositing on,off
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --app saved/lognoise-app
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --css '.sparkline { display: none }'
//! ```
//!
//! WebKit renders with compositing off by default (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, every
//! frame painted in software by the app's processes, as in the end-to-end tests):
//! `--compositing on` composites in layers as on a desktop, but Xvfb has no GPU and Mesa's
//! llvmpipe then does a GPU's work on the same cores, which is most of what it measures.
//! `--app` drives another build of the app (a saved binary) to compare builds in one session;
//! `--css` repeats each scroll run with a style sheet added to the page, to try a change.
//!
//! Figures:
//! - `start`: launch to a filled Review queue on the demo workspace (imported before the first
//!   run, so the runs open it), from the WebDriver session request to the page's first paint
//!   of queue rows (`window.__lognoiseQueueFilledAt`);
//! - `search`: keystroke to painted results on a workspace of `--lines` events (1,000,000 by
//!   default: the demo's day of events replayed over the following days with fresh ids), as
//!   the Search screen records it (`window.__lognoiseSearchLatencies`: from the input event to
//!   the start of the frame after the one that painted the answer), next to the floor on the
//!   same page: a command that does no work sent and answered, then two frames;
//! - `scroll`: a scripted scroll through a queue of about `--templates` templates (5,000 by
//!   default), with the gaps between animation frames recorded in the page, next to the gaps
//!   recorded on the same page while nothing moves (the floor the window system gives, which
//!   under Xvfb's software rendering on a busy machine may itself be above 16.7 ms).
//!
//! Workspaces are built with the engine's import at the first run and kept under the target
//! folder (`<target>/ui-bench/`), so later runs start at once.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use harness::{Harness, Launch};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bumped when the generated workspaces change, so cached ones are rebuilt.
const CORPUS_VERSION: u32 = 1;
const DEMO_EVENTS: &str = include_str!("../../demo/events.jsonl");
const DAY_MS: i64 = 24 * 3600 * 1000;
/// Words searched for on the large workspace: common, rare and absent ones.
const QUERIES: &[&str] = &[
    "declined",
    "health",
    "checkpoint",
    "deadlock",
    "REJECT",
    "timeout",
    "payment",
    "orders",
    "autovacuum",
    "zzyzx",
];

struct Options {
    runs: usize,
    lines: usize,
    templates: usize,
    suites: Vec<String>,
    /// The WebKit rendering modes to measure, each in turn: `true` composites in layers.
    compositing: Vec<bool>,
    /// Another build of the app to drive (a saved binary, to compare builds in one session).
    app: PathBuf,
    /// CSS to try on the scrolling queue: each scroll run is repeated with it added to the page.
    css: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        runs: 5,
        lines: 1_000_000,
        templates: 5_000,
        suites: vec!["start".into(), "search".into(), "scroll".into()],
        compositing: vec![false],
        app: PathBuf::from(env!("CARGO_BIN_EXE_lognoise-app")),
        css: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<usize>().ok());
        match a.as_str() {
            "--runs" => o.runs = value().unwrap_or(o.runs).max(1),
            "--lines" => o.lines = value().unwrap_or(o.lines).max(1000),
            "--templates" => o.templates = value().unwrap_or(o.templates).max(10),
            "--suite" => {
                if let Some(s) = args.next() {
                    o.suites = s.split(',').map(str::to_string).collect();
                }
            }
            "--compositing" => {
                let modes: Vec<Option<bool>> = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|m| match m {
                        "on" => Some(true),
                        "off" => Some(false),
                        _ => None,
                    })
                    .collect();
                match modes.into_iter().collect::<Option<Vec<bool>>>() {
                    Some(m) if !m.is_empty() => o.compositing = m,
                    _ => {
                        eprintln!("ui bench: --compositing takes on, off or on,off");
                        std::process::exit(2);
                    }
                }
            }
            "--css" => o.css = args.next(),
            "--app" => {
                if let Some(path) = args.next() {
                    o.app = PathBuf::from(path);
                }
            }
            // `cargo bench` passes `--bench`; filters are not used.
            _ => {}
        }
    }
    o
}

fn target_dir() -> PathBuf {
    // <target>/release/deps/ui-<hash>
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir)
}

/// A workspace kept between runs: built by `build` when missing or from an older corpus.
fn cached_workspace(name: &str, build: impl FnOnce(&Path)) -> PathBuf {
    let root = target_dir().join("ui-bench");
    let ws = root.join(format!("{name}-v{CORPUS_VERSION}"));
    if ws.join("workspace.json").is_file() && ws.join(".complete").is_file() {
        return ws;
    }
    if ws.exists() {
        std::fs::remove_dir_all(&ws).unwrap();
    }
    std::fs::create_dir_all(&root).unwrap();
    let started = std::time::Instant::now();
    build(&ws);
    std::fs::write(ws.join(".complete"), b"").unwrap();
    eprintln!(
        "ui bench: built {} in {:.1} s",
        ws.display(),
        started.elapsed().as_secs_f64()
    );
    ws
}

/// Imports a JSON-lines file written by `write` into a new workspace at `ws`.
fn import_generated(ws: &Path, write: impl FnOnce(&mut dyn Write)) {
    let source = ws.with_extension("jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&source).unwrap());
        write(&mut out);
        out.flush().unwrap();
    }
    let mut workspace = lognoise_workspace::Workspace::open_or_create(ws).unwrap();
    lognoise_index::import(
        &mut workspace,
        std::slice::from_ref(&source),
        &lognoise_index::ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    std::fs::remove_file(&source).unwrap();
}

/// A small deterministic generator (xorshift), so the corpus is the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The demo's day replayed day after day until `lines` events: each copy moves one day on
/// and gets fresh digits and hex digits in its messages (ids, addresses, durations), so the
/// index sees as many distinct values as a real month would have.
fn large_corpus(out: &mut dyn Write, lines: usize) {
    let demo: Vec<serde_json::Value> = DEMO_EVENTS
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut written = 0;
    let mut day = 0i64;
    while written < lines {
        for e in &demo {
            if written == lines {
                break;
            }
            let message = e["message"].as_str().unwrap_or_default();
            let fresh: String = if day == 0 {
                message.to_string()
            } else {
                // Rewrite the runs of digits (keeping the length and the first digit, so
                // status codes and years stay recognisable) with new random digits.
                let mut s = String::with_capacity(message.len());
                let mut in_run = false;
                for c in message.chars() {
                    if c.is_ascii_digit() {
                        if in_run {
                            s.push(char::from(b'0' + rng.below(10) as u8));
                        } else {
                            s.push(c);
                        }
                        in_run = true;
                    } else {
                        in_run = false;
                        s.push(c);
                    }
                }
                s
            };
            let record = serde_json::json!({
                "timestamp": e["timestamp"].as_i64().unwrap_or(0) + day * DAY_MS,
                "logGroup": e["logGroup"],
                "logStream": e["logStream"],
                "message": fresh,
            });
            serde_json::to_writer(&mut *out, &record).unwrap();
            out.write_all(b"\n").unwrap();
            written += 1;
        }
        day += 1;
    }
}

/// About `templates` distinct messages, four events each: sentences of 4 to 9 words from a
/// vocabulary of 400, with one to three variables (ids, numbers, durations).
fn many_templates(out: &mut dyn Write, templates: usize) {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "pi", "qua", "shi", "dra", "fen", "gor",
        "hal", "jin", "mor", "pax", "sel", "tun",
    ];
    let mut rng = Rng(0x7e3a_11c5_0042_9911);
    let vocab: Vec<String> = (0..400)
        .map(|i| {
            let a = SYLLABLES[i % SYLLABLES.len()];
            let b = SYLLABLES[(i / SYLLABLES.len()) % SYLLABLES.len()];
            let c = SYLLABLES[(i * 7 + 3) % SYLLABLES.len()];
            format!("{a}{b}{c}")
        })
        .collect();
    let groups = [
        "/ecs/web",
        "/ecs/orders",
        "/aws/lambda/checkout",
        "/ecs/search",
    ];
    let start_ms = 1_772_409_600_000i64;
    for t in 0..templates {
        let words = 4 + rng.below(6);
        let mut shape: Vec<Option<String>> = (0..words)
            .map(|_| Some(vocab[rng.below(vocab.len())].clone()))
            .collect();
        let vars = 1 + rng.below(3);
        for _ in 0..vars {
            let at = 1 + rng.below(words);
            shape.insert(at.min(shape.len()), None);
        }
        let group = groups[t % groups.len()];
        for k in 0..4 {
            let message: Vec<String> = shape
                .iter()
                .map(|w| match w {
                    Some(w) => w.clone(),
                    None => match rng.below(3) {
                        0 => format!("id={:x}", rng.next() & 0xffff_ffff),
                        1 => format!("{}", rng.below(100_000)),
                        _ => format!("{}ms", rng.below(5000)),
                    },
                })
                .collect();
            let record = serde_json::json!({
                "timestamp": start_ms + (t as i64 * 4 + k) * 1000,
                "logGroup": group,
                "logStream": "bench",
                "message": message.join(" "),
            });
            serde_json::to_writer(&mut *out, &record).unwrap();
            out.write_all(b"\n").unwrap();
        }
    }
}

fn median(v: &[f64]) -> f64 {
    percentile(v, 0.5)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let i = ((s.len() - 1) as f64 * p).round() as usize;
    s[i]
}

fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default()
}

/// Which app binary is driven, and how WebKit renders it.
struct Setup<'a> {
    app: &'a Path,
    compositing: bool,
}

/// The app on `args`, with its own settings and cache folders under `home`.
async fn launch(home: &Path, args: Vec<String>, setup: &Setup<'_>) -> Harness {
    Harness::start(Launch {
        app: setup.app,
        args,
        env: vec![
            (
                "XDG_CONFIG_HOME".into(),
                home.join("config").display().to_string(),
            ),
            (
                "XDG_CACHE_HOME".into(),
                home.join("cache").display().to_string(),
            ),
        ],
        shots: home.join("shots"),
        compositing: setup.compositing,
    })
    .await
}

async fn queue_filled(h: &Harness) {
    h.wait_js(
        "queue rows",
        "document.querySelectorAll('[data-testid=queue-row]').length && window.__lognoiseQueueFilledAt",
    )
    .await;
}

/// Launch to a filled queue on the demo workspace.
async fn start_suite(runs: usize, setup: &Setup<'_>) -> Vec<f64> {
    let home = tempfile::tempdir().unwrap();
    // The first launch imports the demo; it is not counted.
    let h = launch(home.path(), vec!["--demo".into()], setup).await;
    queue_filled(&h).await;
    h.stop().await;
    let mut times = Vec::new();
    for run in 0..runs {
        let h = launch(home.path(), vec!["--demo".into()], setup).await;
        queue_filled(&h).await;
        let filled = h.js("return window.__lognoiseQueueFilledAt").await;
        let requested = h
            .session_requested_at
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            * 1000.0;
        let ms = filled.as_f64().unwrap_or(f64::NAN) - requested;
        eprintln!("ui bench: start run {}: {ms:.0} ms", run + 1);
        times.push(ms);
        h.stop().await;
    }
    times
}

/// Keystroke to painted results, every query typed `runs` times.
/// The floor under a keystroke's figure, on the same page: a command that does no work
/// (`app_info`) sent through the IPC bridge and answered, then the frame after the next one,
/// as the Search screen's figure ends. Measured in the page from the moment it is sent.
const ROUND_TRIP: &str = "window.__lognoiseFloor = null;
     const started = performance.now();
     window.__TAURI_INTERNALS__.invoke('app_info').then(() =>
       requestAnimationFrame(() => requestAnimationFrame(() => {
         window.__lognoiseFloor = performance.now() - started;
       })));
     return true;";

/// What the search suite measures.
struct SearchFigures {
    /// Keystroke to painted results.
    latencies: Vec<f64>,
    /// Engine time, from the status line.
    took: Vec<f64>,
    /// An empty command's round trip and two frames.
    floor: Vec<f64>,
}

async fn search_suite(ws: &Path, runs: usize, setup: &Setup<'_>) -> SearchFigures {
    let home = tempfile::tempdir().unwrap();
    let h = launch(
        home.path(),
        vec!["--workspace".into(), ws.display().to_string()],
        setup,
    )
    .await;
    queue_filled(&h).await;
    h.keys("/").await;
    let input = h.find("search-input").await;
    // The first search on a freshly opened index warms its caches; it is not counted.
    input.send_keys("warmup").await.unwrap();
    h.wait_js(
        "the first answer",
        "(window.__lognoiseSearchLatencies || []).length",
    )
    .await;
    let mut latencies = Vec::new();
    let mut took = Vec::new();
    let mut floor = Vec::new();
    let mut typed = "warmup".len();
    for _ in 0..runs {
        for q in QUERIES {
            h.js(ROUND_TRIP).await;
            let ms = h.wait_js("the round trip", "window.__lognoiseFloor").await;
            floor.extend(ms.as_f64());
            // Erase the last query key by key (as a user does; WebDriver's clear() sends no
            // input event), and let that answer come before typing.
            input.send_keys(&"\u{e003}".repeat(typed)).await.unwrap();
            h.wait_js(
                "the field to empty",
                "document.querySelector('[data-testid=search-input]').value === ''",
            )
            .await;
            settle().await;
            let before = h
                .js("return (window.__lognoiseSearchLatencies || []).length")
                .await
                .as_u64()
                .unwrap_or(0);
            input.send_keys(q).await.unwrap();
            typed = q.len();
            // Answers to the first letters may be painted while the rest are typed; the figure
            // is the one for the answer to the whole word.
            settle().await;
            let all = h
                .wait_js(
                    "the answer",
                    &format!(
                        "(window.__lognoiseSearchLatencies || []).length > {before} && \
                         window.__lognoiseSearchAnswered?.at(-1) === {q:?} && \
                         window.__lognoiseSearchLatencies"
                    ),
                )
                .await;
            let all = numbers(&all);
            if let Some(last) = all.last() {
                latencies.push(*last);
            }
            let status = h
                .find("search-status")
                .await
                .text()
                .await
                .unwrap_or_default();
            if let Some(ms) = status
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .find(|w| w[1] == "ms" || w[1].starts_with("ms"))
                .and_then(|w| w[0].parse::<f64>().ok())
            {
                took.push(ms);
            }
        }
    }
    h.screenshot("search-1m").await;
    h.stop().await;
    SearchFigures {
        latencies,
        took,
        floor,
    }
}

/// Time for the answers in flight to arrive and be painted.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}

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

/// Frame gaps while the queue scrolls and, alternating with each scroll run on the same page,
/// while nothing moves.
struct ScrollFigures {
    rows: usize,
    scroll: Vec<f64>,
    /// Time in the page's scroll handlers, a frame.
    work: Vec<f64>,
    /// Frame gaps of the same scroll with `--css` added to the page.
    with_css: Vec<f64>,
    idle: Vec<f64>,
}

/// One scroll run's frame gaps and the time spent in the page's scroll handlers.
struct ScrollRun {
    gaps: Vec<f64>,
    work: Vec<f64>,
}

/// Scrolls the queue for 3 s, 120 px (3.5 rows) a frame, down to the end and back from the
/// top. The time the page's scroll handlers take (the virtualiser and React rendering the
/// rows coming into view) is taken from a listener that runs before them (capturing, on the
/// document) to one that runs after them (added to the scroller after the page's own).
async fn scroll_run(h: &Harness) -> ScrollRun {
    h.js("window.__lognoiseScroll = null;
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
             return true;")
        .await;
    let got = h.wait_js("the scroll", "window.__lognoiseScroll").await;
    ScrollRun {
        gaps: numbers(&got["gaps"]),
        work: numbers(&got["work"]),
    }
}

/// Gaps between animation frames while the queue scrolls, and the idle baseline.
async fn scroll_suite(
    ws: &Path,
    runs: usize,
    setup: &Setup<'_>,
    css: Option<&str>,
) -> ScrollFigures {
    let home = tempfile::tempdir().unwrap();
    let h = launch(
        home.path(),
        vec!["--workspace".into(), ws.display().to_string()],
        setup,
    )
    .await;
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
            tokio::time::sleep(Duration::from_millis(300)).await;
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
        let got = got.gaps;
        gaps.extend(got);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    h.screenshot("scroll-5k").await;
    h.stop().await;
    ScrollFigures {
        rows,
        scroll: gaps,
        work,
        with_css,
        idle,
    }
}

fn line(figure: &str, value: String) {
    println!("| {figure} | {value} |");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let o = options();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "lognoise-app UI figures ({build} build, {} runs, {} at {}s since the epoch)",
        o.runs,
        std::env::consts::ARCH,
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    );
    if o.app != Path::new(env!("CARGO_BIN_EXE_lognoise-app")) {
        println!("app: {}", o.app.display());
    }
    if let Some(css) = &o.css {
        println!("tried on the scrolling queue: {css}");
    }
    for &compositing in &o.compositing {
        let setup = Setup {
            app: &o.app,
            compositing,
        };
        suites(&o, &setup).await;
    }
}

/// Every suite asked for, in one WebKit rendering mode, as one table.
async fn suites(o: &Options, setup: &Setup<'_>) {
    println!();
    println!(
        "WebKit compositing {}",
        if setup.compositing {
            "on (layers composited with OpenGL: Mesa's llvmpipe under Xvfb)"
        } else {
            "off (WEBKIT_DISABLE_COMPOSITING_MODE=1: every frame painted in software)"
        }
    );
    println!();
    println!("| figure | value |");
    println!("|---|---|");
    if o.suites.iter().any(|s| s == "start") {
        let t = start_suite(o.runs, setup).await;
        line(
            "launch to a filled Review queue, demo workspace (20,831 events): median (min-max)",
            format!(
                "{:.0} ms ({:.0}-{:.0} ms)",
                median(&t),
                percentile(&t, 0.0),
                percentile(&t, 1.0)
            ),
        );
    }
    if o.suites.iter().any(|s| s == "search") {
        let lines = o.lines;
        let ws = cached_workspace(&format!("search-{lines}"), |ws| {
            import_generated(ws, |out| large_corpus(out, lines))
        });
        let SearchFigures {
            latencies: lat,
            took,
            floor,
        } = search_suite(&ws, o.runs, setup).await;
        line(
            &format!(
                "keystroke to painted results, {} events, {} searches: median / p95 / max",
                lines,
                lat.len()
            ),
            format!(
                "{:.0} ms / {:.0} ms / {:.0} ms",
                median(&lat),
                percentile(&lat, 0.95),
                percentile(&lat, 1.0)
            ),
        );
        if !took.is_empty() {
            line(
                "engine time of those searches (status line): median / max",
                format!("{:.1} ms / {:.1} ms", median(&took), percentile(&took, 1.0)),
            );
        }
        line(
            &format!(
                "floor, same page: an empty command's round trip and two frames, {} times: median / p95",
                floor.len()
            ),
            format!(
                "{:.0} ms / {:.0} ms",
                median(&floor),
                percentile(&floor, 0.95)
            ),
        );
        line(
            "keystroke to painted results / floor: median",
            format!("{:.2}x", median(&lat) / median(&floor)),
        );
    }
    if o.suites.iter().any(|s| s == "scroll") {
        let n = o.templates;
        let ws = cached_workspace(&format!("templates-{n}"), |ws| {
            import_generated(ws, |out| many_templates(out, n))
        });
        let f = scroll_suite(&ws, o.runs, setup, o.css.as_deref()).await;
        let over = |gaps: &[f64], ms: f64| {
            100.0 * gaps.iter().filter(|&&g| g > ms).count() as f64 / gaps.len().max(1) as f64
        };
        let spread = |gaps: &[f64]| {
            format!(
                "{:.1} ms / {:.1} ms / {:.1} ms",
                median(gaps),
                percentile(gaps, 0.95),
                percentile(gaps, 1.0)
            )
        };
        line(
            &format!(
                "scrolling a queue of {} templates, {} frames: gap median / p95 / max",
                f.rows,
                f.scroll.len()
            ),
            spread(&f.scroll),
        );
        line(
            &format!(
                "of which in the page's scroll handlers (virtualiser, React), {} events: mean; median / p95 / max",
                f.work.len()
            ),
            // The page's clock counts whole milliseconds: the mean shows what the median rounds.
            format!(
                "{:.2} ms; {}",
                f.work.iter().sum::<f64>() / f.work.len().max(1) as f64,
                spread(&f.work)
            ),
        );
        line(
            &format!(
                "idle baseline, same page, nothing moving, {} frames: gap median / p95 / max",
                f.idle.len()
            ),
            spread(&f.idle),
        );
        line(
            "scroll / idle: median gap, p95 gap",
            format!(
                "{:.2}x, {:.2}x",
                median(&f.scroll) / median(&f.idle),
                percentile(&f.scroll, 0.95) / percentile(&f.idle, 0.95)
            ),
        );
        line(
            "frames over 16.7 ms / over 33.3 ms: scrolling; idle",
            format!(
                "{:.1}% / {:.1}%; {:.1}% / {:.1}%",
                over(&f.scroll, 16.7),
                over(&f.scroll, 33.3),
                over(&f.idle, 16.7),
                over(&f.idle, 33.3)
            ),
        );
        // A frame is dropped when it takes longer than the idle page's own frames do.
        let floor = percentile(&f.idle, 0.95);
        line(
            &format!("scroll frames longer than the idle p95 ({floor:.1} ms)"),
            format!("{:.1}%", over(&f.scroll, floor)),
        );
        if !f.with_css.is_empty() {
            line(
                &format!(
                    "the same scroll with --css, alternating with the runs above, {} frames: gap median / p95 / max; longer than the idle p95",
                    f.with_css.len()
                ),
                format!(
                    "{}; {:.1}%",
                    spread(&f.with_css),
                    over(&f.with_css, floor)
                ),
            );
        }
    }
}
