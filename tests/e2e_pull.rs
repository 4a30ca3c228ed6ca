//! End to end: the real app, pointed at a `moto_server` the test starts (through
//! `AWS_ENDPOINT_URL`, with credentials from a profile file the test writes), pulls a seeded
//! log group from the Sources screen and finds its templates in the Review queue.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Harness, Launch};
use lognoise_cloudwatch::testing::{moto, now_ms, seed, web_events};
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_a_log_group_and_review_its_templates() {
    let hour = 3_600_000;
    let events = web_events("/e2e/checkout", 1400, now_ms() - hour, hour - 60_000, 2);
    let url = moto().url.clone();
    tokio::task::spawn_blocking(move || seed(&url, &events))
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
        shots: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots"),
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
    // The pull paces its requests at the default rate (5 a second), so it takes most of a
    // minute on this group whatever the machine; a busy machine adds to that.
    let message = h
        .wait_js_within(
            "pull finished",
            "document.querySelector('[data-testid=pull-message]')?.textContent || document.querySelector('[data-testid=pull-error]')?.textContent",
            std::time::Duration::from_secs(240),
        )
        .await;
    let message = message.as_str().unwrap_or_default().to_string();
    assert!(
        message.starts_with("Pulled 1,400 events"),
        "unexpected: {message}"
    );
    eprintln!("e2e_pull: {message}");
    h.js("document.querySelector('[data-testid=open-review]').click(); return true;")
        .await;
    h.find("screen-review").await;
    h.wait_js(
        "pulled templates in the queue",
        "[...document.querySelectorAll('[data-testid=queue-row]')].some(r => r.textContent.includes('Payment declined'))",
    )
    .await;
    h.stop().await;
}
