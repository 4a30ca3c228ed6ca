//! `lognoise producers`: groups of an imported workspace listed with the producer their names
//! show, a guess corrected by hand and kept in the workspace, a bad kind refused.

use crate::common::{import, lognoise, run};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// Runs `lognoise producers --workspace WS ACTION...` (the workspace comes before the action,
/// which is a subcommand), checking that it succeeded.
fn producers_action(ws: &Path, action: &[&str]) {
    lognoise()
        .args(["producers", "--workspace"])
        .arg(ws)
        .args(action)
        .assert()
        .success();
}

/// The producer kind `lognoise producers --json` lists for `group`.
fn kind_of(ws: &Path, group: &str) -> String {
    let rows: Value = serde_json::from_str(&run(ws, &["producers", "--json"])).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["log_group"] == group)
        .unwrap_or_else(|| panic!("{group} is not listed: {rows}"))["producer"]["kind"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn producers_are_guessed_listed_and_set_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    let task = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    let lines = [
        format!(r#"{{"timestamp":1772409619606,"logGroup":"/ecs/shop","logStream":"web-firelens-{task}","message":"GET /health 200"}}"#),
        r#"{"timestamp":1772409619607,"logGroup":"/aws/lambda/checkout","logStream":"2026/03/02/[$LATEST]ab","message":"START RequestId: 1"}"#.to_string(),
    ];
    std::fs::write(&events, lines.join("\n") + "\n").unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&events]).success();

    assert_eq!(kind_of(&ws, "/ecs/shop"), "ecs_firelens");
    assert_eq!(kind_of(&ws, "/aws/lambda/checkout"), "lambda");
    let text = run(&ws, &["producers"]);
    assert!(
        text.contains("/ecs/shop\tecs-firelens\t1 of 1 stream name(s)"),
        "{text}"
    );

    producers_action(&ws, &["set", "/ecs/shop", "ecs-awslogs"]);
    assert_eq!(kind_of(&ws, "/ecs/shop"), "ecs_awslogs");
    assert!(run(&ws, &["producers"]).contains("set by hand"));
    lognoise()
        .args(["producers", "--workspace"])
        .arg(&ws)
        .args(["set", "/ecs/shop", "lamda"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown producer kind"));
    producers_action(&ws, &["unset", "/ecs/shop"]);
    assert_eq!(kind_of(&ws, "/ecs/shop"), "ecs_firelens");
}
