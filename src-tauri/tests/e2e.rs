//! End to end: the real app (the debug binary Cargo builds for this test), under Xvfb, driven
//! through tauri-driver and WebKitWebDriver. Opens the demo workspace, reviews, searches, and
//! saves a screenshot of each screen (`LOGNOISE_SCREENSHOTS`, default
//! `target/e2e-screenshots`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Harness, Launch};
use std::path::PathBuf;

fn screenshot_dir() -> PathBuf {
    std::env::var_os("LOGNOISE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_review_search() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    let cache = home.path().join("cache");
    let app = PathBuf::from(env!("CARGO_BIN_EXE_lognoise-app"));
    let started = std::time::Instant::now();
    let h = Harness::start(Launch {
        app: &app,
        args: vec!["--demo".into()],
        env: vec![
            ("XDG_CONFIG_HOME".into(), config.display().to_string()),
            ("XDG_CACHE_HOME".into(), cache.display().to_string()),
        ],
        shots: screenshot_dir(),
    })
    .await;

    // The demo is imported on first launch and opens on the Review screen.
    h.find("screen-review").await;
    h.wait_js(
        "queue rows",
        "document.querySelectorAll('[data-testid=queue-row]').length",
    )
    .await;
    // A figure for the README, printed and never asserted (the machine is shared and noisy).
    eprintln!(
        "e2e: first launch to a filled Review queue (demo imported on the way, debug build): {} ms",
        started.elapsed().as_millis()
    );
    let demo = cache.join("lognoise/demo-workspace");
    assert!(
        demo.join("workspace.json").is_file(),
        "the demo workspace was not created at {}",
        demo.display()
    );
    let first = h
        .wait_js(
            "selected row",
            "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.templateId",
        )
        .await;
    h.wait_js(
        "detail examples",
        "document.querySelector('[data-testid=examples]')?.textContent",
    )
    .await;
    h.screenshot("review").await;

    // j moves the selection down, k back up.
    h.keys("j").await;
    let second = h
        .wait_js(
            "second row selected",
            "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.index === '1' && document.querySelector('[data-testid=queue-row][aria-selected=true]').dataset.templateId",
        )
        .await;
    assert_ne!(first, second);
    h.keys("k").await;
    h.wait_js(
        "first row selected again",
        "document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.index === '0'",
    )
    .await;

    // Triage three templates with the keyboard: noise, keep, signal; each moves to the next.
    let ids = h
        .wait_js(
            "three rows",
            "(() => { const r = [...document.querySelectorAll('[data-testid=queue-row]')].sort((a, b) => a.dataset.index - b.dataset.index).slice(0, 3).map(e => e.dataset.templateId); return r.length === 3 && r; })()",
        )
        .await;
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    h.wait_js(
        "the review session",
        "document.querySelector('[data-testid=meeting-progress]')?.textContent.includes('session review')",
    )
    .await;
    for (key, n) in [("n", 1), ("e", 2), ("s", 3)] {
        h.keys(key).await;
        h.wait_js(
            "the decision to be recorded",
            &format!("document.querySelector('[data-testid=decided-count]')?.textContent.startsWith('{n} /')"),
        )
        .await;
    }
    h.screenshot("review-decided").await;
    let session_file = demo.join("sessions/review.json");
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&session_file).unwrap()).unwrap();
    for (id, verdict) in ids.iter().zip(["noise", "keep", "signal"]) {
        assert_eq!(
            saved["decisions"][id]["verdict"],
            verdict,
            "decision about {id} in {}: {saved:#}",
            session_file.display()
        );
    }
    // u takes the last decision back, on disk too.
    h.keys("u").await;
    h.wait_js(
        "the undo",
        "document.querySelector('[data-testid=decided-count]')?.textContent.startsWith('2 /')",
    )
    .await;
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&session_file).unwrap()).unwrap();
    assert!(
        saved["decisions"][&ids[2]]["verdict"].is_null(),
        "undo left {saved:#}"
    );

    // `/` opens Search; typing answers without pressing Enter.
    h.keys("/").await;
    let input = h.find("search-input").await;
    input.send_keys("declined").await.unwrap();
    h.wait_js(
        "hits for `declined`",
        "[...document.querySelectorAll('[data-testid=hit] mark')].some(m => m.textContent.toLowerCase() === 'declined')",
    )
    .await;
    let latencies = h.js("return window.__lognoiseSearchLatencies || []").await;
    eprintln!("e2e: keystroke to painted results on the demo workspace (ms): {latencies}");
    let status = h.find("search-status").await.text().await.unwrap();
    assert!(status.contains("events"), "status line: {status}");
    h.screenshot("search").await;

    // A hit opens its template in Review.
    let hit = h.find("hit").await;
    let hit_template = hit.attr("data-template-id").await.unwrap().unwrap();
    hit.click().await.unwrap();
    h.find("screen-review").await;
    h.wait_js(
        "the hit's template in the detail pane",
        &format!(
            "document.querySelector('[data-testid=detail-template]')?.dataset.templateId === '{hit_template}'"
        ),
    )
    .await;

    // The shortcut list.
    h.keys("?").await;
    h.find("shortcuts").await;
    h.screenshot("shortcuts").await;
    h.keys("\u{e00c}").await; // Escape
    h.wait_js(
        "the shortcut list to close",
        "!document.querySelector('[data-testid=shortcuts]')",
    )
    .await;
    h.stop().await;
}
