//! End-to-end test of `lognoise rules generate --session`: a workspace imported from the
//! fixture, a review session deciding noise and keep, rules generated from it, and the exit
//! codes when a rule reaches a template the session kept.

use super::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

/// `lognoise` run as the user `tester`.
fn lognoise() -> assert_cmd::Command {
    let mut cmd = super::common::lognoise();
    cmd.env("USER", "tester");
    cmd
}

fn template_id(ws: &Path, text: &str) -> String {
    queue_row_id(ws, "weekly", text)
}

#[test]
fn rules_from_a_session() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let rules = dir.path().join("rules.json");
    import(&ws, &[&fixture("cloudwatch.jsonl")]).success();
    run(&ws, &["session", "new", "weekly"]);
    let order = template_id(&ws, "Order <*> persisted in <*> ms");
    let payment = template_id(&ws, "Payment declined for user_id=<*> from <*>");

    // Nothing marked noise yet: nothing to write, one sentence saying what to do.
    lognoise()
        .args(["rules", "generate", "--session", "weekly", "-o"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("marks no template noise"));
    assert!(!rules.exists());

    run(
        &ws,
        &[
            "session",
            "decide",
            "--session",
            "weekly",
            &order,
            "noise",
            "--owner",
            "orders",
            "--note",
            "debug left on",
        ],
    );
    run(
        &ws,
        &["session", "decide", "--session", "weekly", &payment, "keep"],
    );
    let generated = lognoise()
        .args(["rules", "generate", "--session", "weekly", "-o"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote 1 rules"));
    // The rule removes exactly the noise template's lines, so it saves what the meeting
    // summary says the noise costs: both extrapolate the session's sample the same way.
    let printed = String::from_utf8_lossy(&generated.get_output().stdout).into_owned();
    let summary: Value = serde_json::from_str(&run(
        &ws,
        &["session", "summary", "--session", "weekly", "--json"],
    ))
    .unwrap();
    let saving = summary["monthly_saving_usd"].as_f64().unwrap();
    assert!(saving > 0.0, "{summary:#}");
    let expected = format!("${}/month", lognoise_session::format_usd(saving));
    assert!(
        printed.contains(&expected),
        "summary saves {expected}, rules printed:\n{printed}"
    );
    let validated: Value = serde_json::from_str(&run(
        &ws,
        &[
            "rules",
            "validate",
            "--json",
            "--rules",
            rules.to_str().unwrap(),
        ],
    ))
    .unwrap();
    let removed = validated["removed_monthly_cost_usd"].as_f64().unwrap();
    assert!(
        (removed - saving).abs() <= 1e-9 * saving,
        "rules validate says {removed}, the summary {saving}"
    );
    let set: Value = serde_json::from_slice(&std::fs::read(&rules).unwrap()).unwrap();
    assert_eq!(set["rules"].as_array().unwrap().len(), 1);
    let rule = &set["rules"][0];
    assert_eq!(rule["template_id"], order.as_str());
    assert_eq!(rule["owner"], "orders");
    assert_eq!(rule["reason"], "debug left on");
    assert_eq!(rule["session"], "weekly");
    assert_eq!(rule["log_groups"][0], "/ecs/orders");
    assert_eq!(set["protected"][0]["template_id"], payment.as_str());
    std::fs::remove_file(&rules).unwrap();

    // Split the payments template, keep one user's lines and call the template noise: the
    // rule would drop kept lines, so nothing is written (exit 1) unless forced.
    run(
        &ws,
        &["session", "split", &payment, "--variable", "0", "42"],
    );
    let part = template_id(&ws, "Payment declined for user_id=42 from <*>");
    run(&ws, &["session", "decide", &part, "keep"]);
    run(&ws, &["session", "decide", &payment, "noise"]);
    lognoise()
        .args(["rules", "generate", "--session", "weekly", "-o"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not written"));
    assert!(!rules.exists());
    lognoise()
        .args(["rules", "generate", "--session", "weekly", "--force", "-o"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    assert!(rules.exists());

    // --session and --noise are two ways to say what is noise: not both.
    lognoise()
        .args([
            "rules",
            "generate",
            "--session",
            "weekly",
            "--noise",
            &order,
        ])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2);
}
