//! `lognoise suggest`: suggestions for a session imported from the fixture, and `--accept`
//! recording one as a decision noted as suggested.

use super::common::*;
use serde_json::Value;

#[test]
fn suggestions_listed_and_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&fixture("cloudwatch.jsonl")]).success();
    run(&ws, &["session", "new", "weekly"]);
    let text = run(&ws, &["suggest"]);
    insta::assert_snapshot!("suggest_text", text);

    let json: Value = serde_json::from_str(&run(&ws, &["suggest", "--json"])).unwrap();
    assert_eq!(json["schema"], "lognoise.suggestions/v1");
    let list = json["suggestions"].as_array().unwrap();
    assert!(!list.is_empty());
    // The fixture's rows carry no health-check shape: nothing to suggest, and nothing to accept.
    assert!(list.iter().all(|s| s["verdict"].is_null()), "{json:#}");
    let id = list[0]["id"].as_str().unwrap();
    lognoise()
        .args(["suggest", "--accept", id, "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no suggestion to accept"));
}

/// A probe answering every ten seconds for two hours: a health-check route at a steady rate.
fn probe_log(path: &std::path::Path) {
    let start: i64 = 1_772_409_600_000;
    let lines: Vec<String> = (0..720)
        .map(|i| {
            format!(
                r#"{{"timestamp":{},"logGroup":"/ecs/web","logStream":"web/a1","message":"GET /healthz 200 in {} ms"}}"#,
                start + i * 10_000,
                i % 7 + 1
            )
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn accepting_a_noise_suggestion_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let log = dir.path().join("probe.jsonl");
    probe_log(&log);
    import(&ws, &[&log]).success();
    run(&ws, &["session", "new", "weekly"]);
    insta::assert_snapshot!("suggest_noise_text", run(&ws, &["suggest"]));
    let json: Value = serde_json::from_str(&run(&ws, &["suggest", "--json"])).unwrap();
    let list = json["suggestions"].as_array().unwrap();
    let with_verdict = list
        .iter()
        .find(|s| s["verdict"] == "noise")
        .unwrap_or_else(|| panic!("no noise suggestion in {json:#}"));
    let id = with_verdict["id"].as_str().unwrap();
    run(&ws, &["suggest", "--accept", id]);
    let queue: Value = serde_json::from_str(&run(
        &ws,
        &["session", "show", "--session", "weekly", "--json"],
    ))
    .unwrap();
    let row = queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["decision"]["verdict"], "noise", "{row:#}");
    assert!(
        row["decision"]["note"]
            .as_str()
            .is_some_and(|n| n.starts_with("suggested:")),
        "the decision notes it was suggested: {row:#}"
    );
    let summary = run(&ws, &["session", "summary", "--session", "weekly"]);
    assert!(
        summary.contains("1 of them accepted suggestions"),
        "{summary}"
    );
}
