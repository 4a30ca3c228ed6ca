//! End-to-end tests of suppression rules: `lognoise rules generate|validate|export` on a
//! workspace and `lognoise check` on files and workspaces, with the exit codes CI relies on.

use super::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

fn lambda_log() -> PathBuf {
    miner_fixture("lambda.log")
}

/// A workspace holding the Lambda fixture, and its template ids by text.
fn workspace() -> (TempDir, PathBuf, Vec<(String, String)>) {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    lognoise()
        .args(["import", "--group", "/aws/lambda/orders", "--workspace"])
        .arg(&ws)
        .arg(lambda_log())
        .assert()
        .success();
    let out = lognoise()
        .args(["templates", "--json", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let templates = doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_string(),
                t["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (dir, ws, templates)
}

fn id_of(templates: &[(String, String)], text: &str) -> String {
    templates
        .iter()
        .find(|(t, _)| t == text)
        .unwrap_or_else(|| panic!("no template {text:?} in {templates:?}"))
        .1
        .clone()
}

#[test]
fn generate_validate_export_and_check_a_clean_rule_set() {
    let (dir, ws, templates) = workspace();
    let rules = dir.path().join("rules.json");
    let order = id_of(&templates, "Order <*> persisted in <*> ms");
    let start = id_of(&templates, "START RequestId: <*> Version: $LATEST");
    let declined = id_of(&templates, "Payment declined for order <*>: card_expired");
    lognoise()
        .args(["rules", "generate", "--noise", &order, "--noise", &start])
        .args(["--keep", &declined, "--owner", "platform", "-o"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "matches 10/10 lines of its template",
        ))
        .stdout(predicate::str::contains("removed: 22 lines"));
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&rules).unwrap()).unwrap();
    assert_eq!(file["schema"], "lognoise.rules/v1");
    assert_eq!(file["rules"].as_array().unwrap().len(), 2);
    assert_eq!(file["protected"][0]["verdict"], "keep");

    let out = lognoise()
        .args(["rules", "validate", "--json", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["removed_lines"], 22);
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0);

    for format in [
        "native",
        "fluent-bit",
        "fluent-bit-yaml",
        "vector",
        "otel-collector",
        "insights",
        "subscription-filter",
    ] {
        let target = dir.path().join(format!("out.{format}"));
        lognoise()
            .args(["rules", "export", "--format", format, "--rules"])
            .arg(&rules)
            .arg("--workspace")
            .arg(&ws)
            .arg("-o")
            .arg(&target)
            .assert()
            .success();
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(text.contains("Order"), "{format}: {text}");
    }

    // A file: mined, then checked; the keep template is untouched.
    let out = lognoise()
        .args(["check", "--json", "--rules"])
        .arg(&rules)
        .arg(lambda_log())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["ok"], true);
    assert_eq!(check["dropped_lines"], 22);
    lognoise()
        .args(["check", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("drops 12 lines"));
}

#[test]
fn a_fluent_bit_export_keeping_a_share_writes_its_lua_script_beside_it() {
    let (dir, ws, templates) = workspace();
    let rules = dir.path().join("rules.json");
    let order = id_of(&templates, "Order <*> persisted in <*> ms");
    lognoise()
        .args([
            "rules",
            "generate",
            "--noise",
            &order,
            "--keep-one-in",
            "5",
            "-o",
        ])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    let out = dir.path().join("fb");
    std::fs::create_dir(&out).unwrap();
    let conf = out.join("lognoise-filters.conf");
    lognoise()
        .args(["rules", "export", "--format", "fluent-bit", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .arg("-o")
        .arg(&conf)
        .assert()
        .success()
        .stderr(predicate::str::contains("lognoise-sampling.lua"));
    let text = std::fs::read_to_string(&conf).unwrap();
    assert!(
        text.contains("script") && text.contains("lognoise-sampling.lua"),
        "{text}"
    );
    let script = std::fs::read_to_string(out.join("lognoise-sampling.lua")).unwrap();
    assert!(script.contains("function"), "{script}");
    // Standard output cannot carry the script too: it says so and fails.
    lognoise()
        .args(["rules", "export", "--format", "fluent-bit", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .failure()
        .stderr(predicate::str::contains("pass --output FILE"));
}

#[test]
fn a_rule_reaching_a_kept_template_blocks_export_and_fails_check() {
    let (dir, ws, templates) = workspace();
    let rules = dir.path().join("rules.json");
    // The shorter REPORT template ends with a variable, so its rule also matches the lines
    // that carry an Init Duration, which are kept.
    let short = templates
        .iter()
        .find(|(t, _)| t.starts_with("REPORT") && !t.contains("Init Duration"))
        .unwrap()
        .1
        .clone();
    let long = templates
        .iter()
        .find(|(t, _)| t.starts_with("REPORT") && t.contains("Init Duration"))
        .unwrap()
        .1
        .clone();
    let generate = |force: bool| {
        let mut c = lognoise();
        c.args([
            "rules", "generate", "--noise", &short, "--keep", &long, "-o",
        ])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws);
        if force {
            c.arg("--force");
        }
        c.assert()
    };
    generate(false)
        .code(1)
        .stdout(predicate::str::contains("CONFLICTS"))
        .stdout(predicate::str::contains(format!(
            "lines of template {long}"
        )));
    assert!(!rules.exists(), "a conflicting rules file is not written");
    generate(true).success();
    lognoise()
        .args(["rules", "export", "--format", "vector", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not exported"));
    lognoise()
        .args([
            "rules", "export", "--format", "vector", "--force", "--rules",
        ])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    lognoise()
        .args(["check", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("check failed"));
    lognoise()
        .args(["check", "--rules"])
        .arg(&rules)
        .arg(lambda_log())
        .assert()
        .code(1);
}

#[test]
fn invalid_rules_files_exit_1_and_other_errors_exit_2() {
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"schema":"lognoise.rules/v9","rules":[]}"#).unwrap();
    lognoise()
        .args(["check", "--rules"])
        .arg(&bad)
        .arg(lambda_log())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lognoise.rules/v1"));
    // A pattern outside the portable subset is refused.
    let edited = dir.path().join("edited.json");
    std::fs::write(
        &edited,
        r#"{"schema":"lognoise.rules/v1","rules":[{"id":"x","template_id":"0000000000000001",
        "template":"a <*>","pattern":"^a.*$"}]}"#,
    )
    .unwrap();
    lognoise()
        .args(["check", "--rules"])
        .arg(&edited)
        .arg(lambda_log())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("match at line breaks"));
    let good = dir.path().join("good.json");
    std::fs::write(&good, r#"{"schema":"lognoise.rules/v1","rules":[]}"#).unwrap();
    lognoise()
        .args(["check", "--rules"])
        .arg(&good)
        .arg(dir.path().join("missing.log"))
        .assert()
        .code(2);
}
