//! `search`: keystroke to painted results on a large workspace, as the Search screen records
//! it (`window.__lognoiseSearchLatencies`: from the input event to the start of the frame
//! after the one that painted the answer), next to the floor on the same page.

use crate::app::{launch_on, numbers, queue_filled, Setup};
use crate::figures::{median, percentile, row};
use anyhow::Result;
use std::path::Path;
use std::time::Duration;

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

/// WebDriver's Backspace key.
const BACKSPACE: &str = "\u{e003}";

/// What the search suite measures, in milliseconds.
pub struct SearchFigures {
    /// Keystroke to painted results.
    pub latencies: Vec<f64>,
    /// Engine time, from the status line.
    pub took: Vec<f64>,
    /// An empty command's round trip and two frames.
    pub floor: Vec<f64>,
}

/// Types every query `runs` times on the workspace at `ws`, each after erasing the last one
/// and measuring the floor.
pub async fn measure(ws: &Path, runs: usize, setup: &Setup<'_>) -> Result<SearchFigures> {
    let home = tempfile::tempdir()?;
    let h = launch_on(home.path(), ws, setup).await;
    queue_filled(&h).await;
    h.keys("/").await;
    let input = h.find("search-input").await;
    // The first search on a freshly opened index warms its caches; it is not counted.
    input.send_keys("warmup").await?;
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
            input.send_keys(&BACKSPACE.repeat(typed)).await?;
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
            input.send_keys(q).await?;
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
            if let Some(last) = numbers(&all).last() {
                latencies.push(*last);
            }
            let status = h
                .find("search-status")
                .await
                .text()
                .await
                .unwrap_or_default();
            took.extend(engine_ms(&status));
        }
    }
    h.screenshot("search-1m").await;
    h.stop().await;
    Ok(SearchFigures {
        latencies,
        took,
        floor,
    })
}

/// The engine's time in the Search screen's status line (`… in 12.3 ms`), if it shows one.
fn engine_ms(status: &str) -> Option<f64> {
    status
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1] == "ms" || w[1].starts_with("ms"))
        .and_then(|w| w[0].parse::<f64>().ok())
}

/// Time for the answers in flight to arrive and be painted.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}

/// Prints the search figures of a workspace of `lines` events.
pub fn report(lines: usize, f: &SearchFigures) {
    let SearchFigures {
        latencies: lat,
        took,
        floor,
    } = f;
    row(
        &format!(
            "keystroke to painted results, {} events, {} searches: median / p95 / max",
            lines,
            lat.len()
        ),
        format!(
            "{:.0} ms / {:.0} ms / {:.0} ms",
            median(lat),
            percentile(lat, 0.95),
            percentile(lat, 1.0)
        ),
    );
    if !took.is_empty() {
        row(
            "engine time of those searches (status line): median / max",
            format!("{:.1} ms / {:.1} ms", median(took), percentile(took, 1.0)),
        );
    }
    row(
        &format!(
            "floor, same page: an empty command's round trip and two frames, {} times: median / p95",
            floor.len()
        ),
        format!("{:.0} ms / {:.0} ms", median(floor), percentile(floor, 0.95)),
    );
    row(
        "keystroke to painted results / floor: median",
        format!("{:.2}x", median(lat) / median(floor)),
    );
}
