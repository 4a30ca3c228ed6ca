//! End to end: the real app, pointed at a `moto_server` the test starts (through
//! `AWS_ENDPOINT_URL`, with credentials from a profile file the test writes), pulls a seeded
//! log group from the Sources screen and finds its templates in the Review queue. The group
//! has a metric filter on its payment declines with an alarm on its metric: the Review queue
//! flags that template, marking it noise asks first and names the alarm, and the Rules screen
//! blocks the export of the rule until forced.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Harness, Launch};
use lognoise_cloudwatch::testing::{moto, now_ms, put_alarm, put_metric_filter, seed, web_events};
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_a_log_group_and_review_its_templates() {
    let hour = 3_600_000;
    let events = web_events("/e2e/checkout", 1400, now_ms() - hour, hour - 60_000, 2);
    let url = moto().url.clone();
    tokio::task::spawn_blocking(move || {
        seed(&url, &events);
        // What reads the declines: a metric filter and an alarm on its metric.
        put_metric_filter(
            &url,
            "/e2e/checkout",
            "e2e-declines",
            "\"Payment declined\"",
            "E2E",
            "Declines",
        );
        put_alarm(
            &url,
            "e2e-declines-high",
            "E2E",
            "Declines",
            "arn:aws:sns:us-east-1:123456789012:oncall",
        );
    })
    .await
    .unwrap();

    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join("aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        "[profile e2e]\nregion = us-east-1\n\n[profile other]\nregion = eu-west-1\n",
    )
    .unwrap();
    std::fs::write(
        aws.join("credentials"),
        "[e2e]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .unwrap();
    let ws = home.path().join("ws");
    lognoise_workspace::Workspace::open_or_create(&ws).unwrap();
    let env = |k: &str, v: &std::path::Path| (k.to_string(), v.display().to_string());
    let h = Harness::start(Launch {
        app: &PathBuf::from(env!("CARGO_BIN_EXE_lognoise-app-e2e")),
        args: vec!["--workspace".into(), ws.display().to_string()],
        env: vec![
            env("XDG_CONFIG_HOME", &home.path().join("config")),
            env("XDG_CACHE_HOME", &home.path().join("cache")),
            env("AWS_CONFIG_FILE", &aws.join("config")),
            env("AWS_SHARED_CREDENTIALS_FILE", &aws.join("credentials")),
            ("AWS_PROFILE".into(), "e2e".into()),
            ("AWS_ENDPOINT_URL".into(), moto().url.clone()),
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ],
        shots: std::env::var_os("LOGNOISE_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots")
            }),
        compositing: false,
    })
    .await;

    // An empty workspace opens on Sources, with the profile of AWS_PROFILE and its region.
    h.find("screen-sources").await;
    h.wait_js(
        "profile preselected",
        "document.querySelector('[data-testid=aws-profile]')?.value === 'e2e' && document.querySelector('[data-testid=aws-region]').value === 'us-east-1'",
    )
    .await;
    h.find("load-groups").await.click().await.unwrap();
    h.wait_js(
        "the seeded group listed",
        "[...document.querySelectorAll('[data-testid=log-group]')].some(e => e.textContent.includes('/e2e/checkout'))",
    )
    .await;
    h.js("[...document.querySelectorAll('[data-testid=log-group]')].find(e => e.textContent.includes('/e2e/checkout')).querySelector('input').click(); return true;")
        .await;
    h.find("pull").await.click().await.unwrap();
    let clicked = std::time::Instant::now();
    // The group is read whole in one request (the first look finds it smaller than a page);
    // reading what reads it takes a few more. The limit is for a busy machine.
    let message = h
        .wait_js_within(
            "pull finished",
            "document.querySelector('[data-testid=pull-message]')?.textContent || document.querySelector('[data-testid=pull-error]')?.textContent",
            std::time::Duration::from_secs(240),
        )
        .await;
    let pulled_in = clicked.elapsed();
    let message = message.as_str().unwrap_or_default().to_string();
    assert!(
        message.starts_with("Pulled 1,400 events"),
        "unexpected: {message}"
    );
    eprintln!(
        "e2e_pull: {message} ({} ms from the click)",
        pulled_in.as_millis()
    );
    h.js("document.querySelector('[data-testid=open-review]').click(); return true;")
        .await;
    h.find("screen-review").await;
    h.wait_js(
        "pulled templates in the queue",
        "[...document.querySelectorAll('[data-testid=queue-row]')].some(r => r.textContent.includes('Payment declined'))",
    )
    .await;
    read_by_an_alarm(&h, &ws).await;
    h.stop().await;
}

/// The declines template, which the metric filter reads and an alarm watches: its row shows
/// the badge, `n` asks first naming the alarm, Escape leaves it undecided, `n` twice marks it
/// noise, and the Rules screen names the conflict and blocks saving until "export anyway".
async fn read_by_an_alarm(h: &Harness, ws: &std::path::Path) {
    const DECLINES: &str = "[...document.querySelectorAll('[data-testid=queue-row]')].find(r => r.textContent.includes('Payment declined'))";
    let badge = h
        .wait_js(
            "the read-by badge on the declines row",
            &format!("{DECLINES}?.querySelector('[data-testid=badge-read-by]')?.textContent"),
        )
        .await;
    assert_eq!(badge, "read by 1", "the declines row's badge");
    let title = h
        .js(&format!(
            "return {DECLINES}.querySelector('[data-testid=badge-read-by]').title"
        ))
        .await;
    assert!(
        title
            .as_str()
            .unwrap_or_default()
            .contains("alarm e2e-declines-high"),
        "the badge's title: {title}"
    );
    // No other row is read by anything: the filter selects the declines only.
    let flagged = h
        .js("return document.querySelectorAll('[data-testid=badge-read-by]').length")
        .await;
    assert_eq!(flagged, 1, "rows flagged read by something");
    let id = h
        .js(&format!(
            "{DECLINES}.click(); return {DECLINES}.dataset.templateId;"
        ))
        .await;
    let id = id
        .as_str()
        .expect("the declines row's template id")
        .to_string();
    h.wait_js(
        "the declines row selected",
        &format!("document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.templateId === '{id}'"),
    )
    .await;
    h.screenshot("review-read-by").await;

    h.keys("n").await;
    let asked = h
        .wait_js(
            "the confirmation",
            "document.querySelector('[data-testid=confirm-noise]')?.textContent",
        )
        .await;
    let asked = asked.as_str().unwrap_or_default().to_string();
    for expected in [
        "metric E2E/Declines",
        "alarm e2e-declines-high",
        "/e2e/checkout",
    ] {
        assert!(asked.contains(expected), "{expected:?} not in {asked:?}");
    }
    h.screenshot("review-confirm-noise").await;
    h.keys("\u{e00c}").await; // Escape
    h.wait_js(
        "the confirmation to close",
        "!document.querySelector('[data-testid=confirm-noise]')",
    )
    .await;
    let session = current_session_file(ws);
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&session).unwrap()).unwrap();
    assert!(
        saved["decisions"][&id]["verdict"].is_null(),
        "Escape decided it anyway: {saved:#}"
    );
    assert_eq!(
        h.js("return document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.templateId")
            .await,
        id.as_str(),
        "Escape moved the selection"
    );

    h.keys("n").await;
    h.find("confirm-noise").await;
    h.keys("n").await;
    h.wait_js(
        "the declines marked noise",
        &format!("document.querySelector('[data-testid=queue-row][data-template-id=\"{id}\"] [data-testid=row-verdict]')?.textContent === 'noise'"),
    )
    .await;
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&session).unwrap()).unwrap();
    assert_eq!(
        saved["decisions"][&id]["verdict"], "noise",
        "the confirmed decision on disk: {saved:#}"
    );

    // The Rules screen: the rule drops what the alarm reads; saving waits for "export anyway".
    h.keys("5").await;
    h.find("screen-rules").await;
    let conflict = h
        .wait_js(
            "the dependent conflict",
            "document.querySelector('[data-testid=rules-dependent-conflicts]')?.textContent",
        )
        .await;
    let conflict = conflict.as_str().unwrap_or_default().to_string();
    for expected in ["e2e-declines", "alarm e2e-declines-high", "/e2e/checkout"] {
        assert!(
            conflict.contains(expected),
            "{expected:?} not in {conflict:?}"
        );
    }
    let disabled =
        |testid: &str| format!("document.querySelector('[data-testid={testid}]')?.disabled");
    assert_eq!(
        h.js(&format!("return {}", disabled("save-rules"))).await,
        true
    );
    // The group's names say nothing of its producer: set by hand to FireLens, it gets files,
    // whose saving the conflict blocks as well.
    h.wait_css(
        "[data-testid=producer-kind][aria-label='producer of /e2e/checkout'] option[value='ecs-firelens']",
    )
    .await
    .click()
    .await
    .unwrap();
    h.find("deploy-artefact").await;
    assert_eq!(
        h.js(&format!("return {}", disabled("deploy-save"))).await,
        true
    );
    h.screenshot("rules-dependent-conflict").await;
    h.find("export-anyway").await.click().await.unwrap();
    h.wait_js(
        "saving allowed once forced",
        &format!(
            "{} === false && {} === false",
            disabled("save-rules"),
            disabled("deploy-save")
        ),
    )
    .await;
    // The Rust side checks again, and takes the tick: the file is written, saying so.
    let saved = ws.with_file_name("forced-filters.conf");
    h.answer_dialog("save", &saved).await;
    h.find("save-rules").await.click().await.unwrap();
    let message = h
        .wait_js(
            "the forced save",
            "document.querySelector('[data-testid=rules-message]')?.textContent || document.querySelector('[data-testid=rules-error]')?.textContent",
        )
        .await;
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .ends_with("despite the conflicts."),
        "the forced save said: {message}"
    );
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("Payment"), "the forced export:\n{text}");
}

/// The session file the app decides into: the only one a fresh workspace has.
fn current_session_file(ws: &std::path::Path) -> PathBuf {
    let sessions: Vec<PathBuf> = std::fs::read_dir(ws.join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(sessions.len(), 1, "sessions: {sessions:?}");
    sessions.into_iter().next().unwrap()
}
