//! `lognoise suggest`: suggestions for a session imported from the fixture, and `--accept`
//! recording one as a decision noted as suggested.

use super::common::*;
use serde_json::Value;

#[test]
fn suggestions_listed_and_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    lognoise()
        .arg("import")
        .arg(fixture("cloudwatch.jsonl"))
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    run(&ws, &["session", "new", "weekly"]);
    let text = run(&ws, &["suggest"]);
    insta::assert_snapshot!("suggest_text", text);

    let json: Value = serde_json::from_str(&run(&ws, &["suggest", "--json"])).unwrap();
    assert_eq!(json["schema"], "lognoise.suggestions/v1");
    let list = json["suggestions"].as_array().unwrap();
    assert!(!list.is_empty());
    let Some(with_verdict) = list.iter().find(|s| !s["verdict"].is_null()) else {
        return;
    };
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
    assert_eq!(row["verdict"], with_verdict["verdict"], "{row:#}");
}
