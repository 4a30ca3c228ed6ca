//! The app in its window, as every suite starts and reads it.

use crate::harness::{Harness, Launch};
use std::path::Path;

/// Which app binary is driven, and how WebKit renders it.
pub struct Setup<'a> {
    /// The app binary (`--app`, or this build's).
    pub app: &'a Path,
    /// Whether WebKit composites in layers (`--compositing on`).
    pub compositing: bool,
}

/// Starts the app on `args`, with its own settings and cache folders under `home`, so that
/// runs share nothing but what they are given.
pub async fn launch(home: &Path, args: Vec<String>, setup: &Setup<'_>) -> Harness {
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

/// Starts the app on the workspace at `ws`.
pub async fn launch_on(home: &Path, ws: &Path, setup: &Setup<'_>) -> Harness {
    launch(
        home,
        vec!["--workspace".into(), ws.display().to_string()],
        setup,
    )
    .await
}

/// Waits until the Review queue shows rows and the page has recorded when it painted them
/// (`window.__lognoiseQueueFilledAt`).
pub async fn queue_filled(h: &Harness) {
    h.wait_js(
        "queue rows",
        "document.querySelectorAll('[data-testid=queue-row]').length && window.__lognoiseQueueFilledAt",
    )
    .await;
}

/// The numbers in a JSON array the page returned (its recorded times); none for anything else.
pub fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default()
}
