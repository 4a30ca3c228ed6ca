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
    let app = PathBuf::from(env!("CARGO_BIN_EXE_lognoise-app-e2e"));
    let started = std::time::Instant::now();
    let h = Harness::start(Launch {
        app: &app,
        args: vec!["--demo".into()],
        env: vec![
            ("XDG_CONFIG_HOME".into(), config.display().to_string()),
            ("XDG_CACHE_HOME".into(), cache.display().to_string()),
        ],
        shots: screenshot_dir(),
        compositing: false,
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
    // Every label field of the decision form lies inside the detail pane and the window
    // (1280x800), none cut off at the right edge.
    h.wait_js(
        "the label fields inside the detail pane",
        "(() => { const f = [...document.querySelectorAll('[data-testid=labels] input')]; const pane = f[0]?.closest('.detail'); if (!pane || f.length < 4) return false; const right = Math.min(pane.getBoundingClientRect().right, document.documentElement.clientWidth); return pane.scrollWidth <= pane.clientWidth && f.every(e => { const r = e.getBoundingClientRect(); return r.width > 40 && r.right <= right; }); })()",
    )
    .await;
    // The demo is imported as the sample it is of a ~100 GB/day account, so the loudest row
    // costs hundreds of dollars a month, not fractions of a cent.
    let cost = h
        .wait_js(
            "the first row's monthly cost",
            "document.querySelector('[data-testid=queue-row][data-index=\"0\"] .cell-cost')?.textContent",
        )
        .await;
    let cost = cost.as_str().unwrap_or_default().to_string();
    let dollars: f64 = cost
        .trim_start_matches('$')
        .trim_end_matches('k')
        .parse()
        .unwrap_or(0.0);
    assert!(
        cost.starts_with('$') && dollars >= 100.0,
        "the loudest demo template costs {cost} a month"
    );

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

    // Back on the noise template, r goes to its drop rate; the share typed there is saved.
    for index in ["1", "0"] {
        h.keys("k").await;
        h.wait_js(
            "the row above selected",
            &format!("document.querySelector('[data-testid=queue-row][aria-selected=true]')?.dataset.index === '{index}'"),
        )
        .await;
    }
    h.keys("r").await;
    h.wait_js(
        "the drop-rate field focused",
        "document.activeElement?.dataset.testid === 'keep-share'",
    )
    .await;
    // Enter (U+E007 in WebDriver) leaves the field, which saves it.
    h.keys("1 in 100\u{E007}").await;
    h.wait_js(
        "the share shown in the queue",
        &format!("document.querySelector('[data-testid=queue-row][data-template-id=\"{}\"] [data-testid=row-verdict]')?.textContent === 'noise 1/100'", ids[0]),
    )
    .await;
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&session_file).unwrap()).unwrap();
    assert_eq!(
        saved["decisions"][&ids[0]]["keep_one_in"], 100,
        "the share on disk: {saved:#}"
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

    rules_summary_and_sessions(&h, &demo, &ids[0], home.path()).await;
    h.stop().await;
}

/// After the triage (`noise_id` is the one template marked noise): the Rules screen saves the
/// rules through the real Rust command, Summary names the decision, and a new session made in
/// the session picker carries the decision over.
async fn rules_summary_and_sessions(
    h: &Harness,
    demo: &std::path::Path,
    noise_id: &str,
    tmp: &std::path::Path,
) {
    h.keys("2").await;
    h.find("screen-sources").await;
    h.screenshot("sources").await;

    // 5 opens Rules: the noise template's rule, checked against the demo's events.
    h.keys("5").await;
    h.find("screen-rules").await;
    let rule = h
        .wait_css(&format!(
            "[data-testid=rule][data-template-id='{noise_id}']"
        ))
        .await;
    let matched = h.find("rule-match").await.text().await.unwrap();
    assert!(
        matched.starts_with("matches "),
        "rule validation: {matched}"
    );
    assert!(
        rule.text().await.unwrap().contains("drops "),
        "the rule card shows what it drops"
    );
    h.screenshot("rules").await;

    // The native save dialog cannot be driven through WebDriver: the page's IPC requests go
    // through `fetch`, so the test answers the dialog's request with a path in its own folder
    // and passes every other request on; the app's own save_rules command writes the file.
    let saved_native = tmp.join("exported/rules.json");
    let saved_fluent = tmp.join("exported/filters.conf");
    std::fs::create_dir_all(saved_native.parent().unwrap()).unwrap();
    for (format, path) in [("native", &saved_native), ("fluent-bit", &saved_fluent)] {
        h.answer_dialog("save", path).await;
        h.wait_css(&format!(
            "[data-testid=export-format] option[value='{format}']"
        ))
        .await
        .click()
        .await
        .unwrap();
        h.wait_js(
            "the preview of the chosen format",
            &format!(
                "document.querySelector('[data-testid=export-format]').value === '{format}' && document.querySelector('[data-testid=export-preview]').textContent.length > 0"
            ),
        )
        .await;
        h.find("save-rules").await.click().await.unwrap();
        h.wait_js(
            "the rules to be saved",
            &format!(
                "document.querySelector('[data-testid=rules-message]')?.textContent.includes({})",
                serde_json::to_string(&path.display().to_string()).unwrap()
            ),
        )
        .await;
    }
    let native: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&saved_native).unwrap()).unwrap();
    assert_eq!(native["schema"], "lognoise.rules/v1");
    let rules = native["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 1, "{native:#}");
    assert_eq!(rules[0]["template_id"], noise_id);
    assert_eq!(rules[0]["session"], "review");
    assert_eq!(
        native["protected"].as_array().unwrap().len(),
        1,
        "{native:#}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved_native)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the rules file is readable by others: {mode:o}"
        );
    }
    // The noise template keeps 1 line in 100 (set with r above): Fluent Bit runs it in the
    // generated lua filter, whose script the app saved beside the configuration.
    let fluent = std::fs::read_to_string(&saved_fluent).unwrap();
    let rule_id = rules[0]["id"].as_str().unwrap();
    assert_eq!(rules[0]["keep_one_in"], 100, "{rules:#?}");
    assert!(
        fluent.contains("Name     lua") && fluent.contains("lognoise-sampling.lua"),
        "Fluent Bit export without its lua filter:\n{fluent}"
    );
    let script_path = saved_fluent.with_file_name("lognoise-sampling.lua");
    let script = std::fs::read_to_string(&script_path)
        .unwrap_or_else(|e| panic!("no script beside {}: {e}", saved_fluent.display()));
    assert!(
        script.contains(rule_id),
        "the lua script without rule {rule_id}:\n{script}"
    );

    deploy_to_folder(h, tmp, rule_id, rules[0]["log_groups"][0].as_str()).await;

    // 6 opens Summary, which names the decision.
    h.keys("6").await;
    h.find("screen-summary").await;
    let decision = h
        .wait_css(&format!(
            "[data-testid=summary-decision][data-template-id='{noise_id}']"
        ))
        .await;
    assert!(decision.text().await.unwrap().contains("noise"));
    let outcome = h.find("summary-outcome").await.text().await.unwrap();
    assert!(outcome.contains("1 noise"), "summary outcome: {outcome}");
    h.screenshot("summary").await;

    // The session picker starts a new session, which carries the decisions over.
    h.find("session-picker").await.click().await.unwrap();
    h.wait_css("[data-testid=session-item][data-name='review']")
        .await;
    h.find("new-session-name")
        .await
        .send_keys("April graph club")
        .await
        .unwrap();
    h.find("new-session-reviewers")
        .await
        .send_keys("ana, bo")
        .await
        .unwrap();
    h.screenshot("sessions").await;
    h.find("create-session").await.click().await.unwrap();
    h.wait_js(
        "the new session to be current",
        "document.querySelector('[data-testid=current-session]')?.textContent === 'April graph club'",
    )
    .await;
    let created: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo.join("sessions/april-graph-club.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(created["reviewers"], serde_json::json!(["ana", "bo"]));
    assert_eq!(created["decisions"][noise_id]["verdict"], "noise");
    assert_eq!(
        created["decisions"][noise_id]["carried_over"]["session"],
        "review"
    );
    // The Summary now speaks of the new session.
    h.wait_js(
        "the summary of the new session",
        "document.querySelector('[data-testid=screen-summary] h1')?.textContent.includes('April graph club')",
    )
    .await;

    // Its price changes after the fact, on disk too.
    h.find("session-picker").await.click().await.unwrap();
    h.wait_js(
        "the new session's settings",
        "document.querySelector('[data-testid=session-settings] h3')?.textContent.includes('April graph club')",
    )
    .await;
    let price = h.find("session-price").await;
    price.clear().await.unwrap();
    price.send_keys("1.25").await.unwrap();
    h.find("save-session").await.click().await.unwrap();
    h.wait_js(
        "the summary at the new price",
        "document.querySelector('[data-testid=screen-summary]')?.textContent.includes('$1.25/GB')",
    )
    .await;
    let changed: serde_json::Value = serde_json::from_slice(
        &std::fs::read(demo.join("sessions/april-graph-club.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(changed["price_per_gb_usd"], 1.25);
    assert_eq!(changed["reviewers"], serde_json::json!(["ana", "bo"]));
}

/// The Deploy panel of the Rules screen saves every file into the folder chosen in the native
/// folder picker, which the test answers through the page's IPC as it answers the save dialog;
/// the noise rule's log group is set to FireLens by hand first (the demo's ECS groups log
/// through the awslogs driver, which has no filter), so one file carries it.
async fn deploy_to_folder(h: &Harness, tmp: &std::path::Path, rule_id: &str, group: Option<&str>) {
    let group = group.expect("the noise rule names its log group");
    let select = h
        .wait_css(&format!(
            "[data-testid=producer-kind][aria-label={}] option[value='ecs-firelens']",
            serde_json::to_string(&format!("producer of {group}")).unwrap()
        ))
        .await;
    select.click().await.unwrap();
    h.wait_js(
        "a FireLens file for the noise rule's group",
        "document.querySelector('[data-testid=deploy-producer][data-producer=ecs-firelens]') !== null",
    )
    .await;
    let folder = tmp.join("deploy");
    h.answer_dialog("open", &folder).await;
    h.screenshot("rules-deploy").await;
    h.find("deploy-save").await.click().await.unwrap();
    let message = h
        .wait_js(
            "the deploy files to be saved",
            &format!(
                "(() => {{ const m = document.querySelector('[data-testid=deploy-message]')?.textContent; const e = document.querySelector('[data-testid=deploy-action-error]')?.textContent; return (m && m.includes({})) ? m : (e || false); }})()",
                serde_json::to_string(&folder.display().to_string()).unwrap()
            ),
        )
        .await;
    let message = message.as_str().unwrap_or_default().to_string();
    assert!(message.starts_with("Saved "), "the save said: {message}");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("no deploy folder {}: {e}", folder.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f == "DEPLOY.md"), "{files:?}");
    let md = std::fs::read_to_string(folder.join("DEPLOY.md")).unwrap();
    let carrying: Vec<&String> = files
        .iter()
        .filter(|f| f.as_str() != "DEPLOY.md")
        .filter(|f| {
            std::fs::read_to_string(folder.join(f))
                .unwrap()
                .contains(rule_id)
        })
        .collect();
    assert!(
        !carrying.is_empty(),
        "no file of {files:?} carries rule {rule_id}; DEPLOY.md:\n{md}"
    );
    for f in &files {
        assert!(
            f == "DEPLOY.md" || md.contains(&format!("## `{f}`")),
            "DEPLOY.md does not describe {f}:\n{md}"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{f} is readable by others: {mode:o}");
    }
    eprintln!("e2e: deploy folder {files:?}, rule {rule_id} in {carrying:?}");
}
