//! `start`: launch to a filled Review queue on the demo workspace.

use crate::app::{launch, queue_filled, Setup};
use crate::figures::{median, percentile, row};
use anyhow::Result;
use std::time::UNIX_EPOCH;

/// Launch times in milliseconds, from the WebDriver session request to the page's first paint
/// of queue rows, over `runs` launches. The first launch imports the demo and is not counted,
/// so every counted one opens the workspace as a returning user does.
pub async fn measure(runs: usize, setup: &Setup<'_>) -> Result<Vec<f64>> {
    let home = tempfile::tempdir()?;
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
            .duration_since(UNIX_EPOCH)?
            .as_secs_f64()
            * 1000.0;
        let ms = filled.as_f64().unwrap_or(f64::NAN) - requested;
        eprintln!("ui bench: start run {}: {ms:.0} ms", run + 1);
        times.push(ms);
        h.stop().await;
    }
    Ok(times)
}

/// Prints the start figure.
pub fn report(times: &[f64]) {
    row(
        "launch to a filled Review queue, demo workspace (20,831 events): median (min-max)",
        format!(
            "{:.0} ms ({:.0}-{:.0} ms)",
            median(times),
            percentile(times, 0.0),
            percentile(times, 1.0)
        ),
    );
}
