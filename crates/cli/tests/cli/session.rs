//! End-to-end tests of `lognoise session` on workspaces made by `lognoise import` of the
//! fixtures: new, list, show, decide, merge, split, summary, carry-over, and bad input.

use super::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn json(ws: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&run(ws, &all)).unwrap()
}

fn workspace(files: &[&str]) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let mut cmd = lognoise();
    cmd.arg("import");
    for f in files {
        cmd.arg(fixture(f));
    }
    cmd.arg("--workspace").arg(&ws).assert().success();
    (dir, ws)
}

fn row<'a>(queue: &'a Value, text: &str) -> &'a Value {
    queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["text"] == text)
        .unwrap_or_else(|| panic!("no row {text:?} in {queue:#}"))
}

const ORDER: &str = "Order <*> persisted in <*> ms";

#[test]
fn a_meeting_from_new_to_summary() {
    let (_dir, ws) = workspace(&["cloudwatch.jsonl"]);
    let out = run(
        &ws,
        &[
            "session",
            "new",
            "2026-03 graph club",
            "--reviewer",
            "ana",
            "--reviewer",
            "bo",
        ],
    );
    assert!(
        out.contains("session `2026-03 graph club` created"),
        "{out}"
    );

    let listed = json(&ws, &["session", "list"]);
    assert_eq!(listed["sessions"][0]["name"], "2026-03 graph club");
    assert_eq!(listed["sessions"][0]["decided"], 0);

    let queue = json(&ws, &["session", "show", "--order", "volume"]);
    assert_eq!(queue["schema"], "lognoise.session-queue/v1");
    assert_eq!(queue["order"], "volume");
    let order = row(&queue, ORDER);
    assert_eq!(order["log_groups"][0]["group"], "/ecs/orders");
    let id = order["id"].as_str().unwrap().to_string();
    assert!(order["monthly_cost_usd"].as_f64().unwrap() > 0.0);
    assert!(order["decision"].is_null());

    let decided = json(
        &ws,
        &[
            "session",
            "decide",
            "--session",
            "2026-03 graph club",
            &id,
            "noise",
            "--owner",
            "payments",
            "--note",
            "persisted is also a metric",
            "--label",
            "env=prod",
            "--label",
            "service=orders",
        ],
    );
    let d = &decided["decision"];
    assert_eq!(d["verdict"], "noise");
    assert_eq!(d["owner"], "payments");
    assert_eq!(d["labels"]["environment"], "prod");
    assert_eq!(d["labels"]["service"], "orders");
    assert!(d["decided_by"].is_string());
    assert!(d["decided_at_ms"].is_i64());

    // The file on disk is the versioned document, pretty-printed.
    let file = ws.join("sessions/2026-03-graph-club.json");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(
            "{\n  \"schema\": \"lognoise.session/v1\",\n  \"name\": \"2026-03 graph club\""
        ),
        "{text}"
    );
    assert!(text.contains("\"verdict\": \"noise\""));

    let queue = json(&ws, &["session", "show", "--undecided"]);
    assert!(queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["text"] != ORDER));

    let table = run(&ws, &["session", "show"]);
    assert!(table.contains(&id) && table.contains("payments"), "{table}");

    let md = run(&ws, &["session", "summary"]);
    assert!(
        md.starts_with("# Review session: 2026-03 graph club\n"),
        "{md}"
    );
    assert!(
        md.contains("| noise | `Order <*> persisted in <*> ms` | payments |"),
        "{md}"
    );
    assert!(md.contains("| payments | 1 |"), "{md}");
    assert!(md.contains("## Open questions"), "{md}");
    let summary = json(&ws, &["session", "summary"]);
    assert_eq!(summary["noise"], 1);
    assert!(summary["monthly_saving_usd"].as_f64().unwrap() > 0.0);

    // Undecided takes the verdict back and keeps the owner.
    let back = json(&ws, &["session", "decide", &id, "undecided"]);
    assert!(back["decision"]["verdict"].is_null());
    assert_eq!(back["decision"]["owner"], "payments");
}

#[test]
fn a_noise_decision_keeps_a_share_through_show_summary_and_rules() {
    let (dir, ws) = workspace(&["cloudwatch.jsonl"]);
    run(&ws, &["session", "new", "rates"]);
    let id = row(&json(&ws, &["session", "show"]), ORDER)["id"]
        .as_str()
        .unwrap()
        .to_string();
    run(&ws, &["session", "decide", &id, "noise"]);
    let all = json(&ws, &["session", "summary"])["monthly_saving_usd"]
        .as_f64()
        .unwrap();
    let out = run(
        &ws,
        &["session", "decide", &id, "noise", "--keep-share", "25%"],
    );
    assert!(out.starts_with("noise (keep 1 in 4) "), "{out}");
    let table = run(&ws, &["session", "show"]);
    assert!(table.contains("noise 1/4"), "{table}");
    let summary = json(&ws, &["session", "summary"]);
    let kept = summary["monthly_saving_usd"].as_f64().unwrap();
    assert!((kept - 0.75 * all).abs() < 1e-9, "{kept} of {all}");
    assert_eq!(summary["decisions"][0]["keep_one_in"], 4);
    let rules = dir.path().join("rules.json");
    run(
        &ws,
        &[
            "rules",
            "generate",
            "--session",
            "rates",
            "-o",
            rules.to_str().unwrap(),
        ],
    );
    let set: Value = serde_json::from_str(&std::fs::read_to_string(&rules).unwrap()).unwrap();
    assert_eq!(set["rules"][0]["keep_one_in"], 4);
    // Keep takes the share away with the noise; a share on keep is refused, in one sentence.
    run(&ws, &["session", "decide", &id, "keep"]);
    let d = json(&ws, &["session", "decide", &id, "noise"]);
    assert!(d["decision"]["keep_one_in"].is_null());
    lognoise()
        .args(["session", "decide", &id, "keep", "--keep-share", "1 in 10"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .failure()
        .stderr(predicate::str::contains("a rate for noise"));
    lognoise()
        .args(["session", "decide", &id, "noise", "--keep-share", "90%"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not a drop rate"));
}

#[test]
fn merge_and_split_show_in_the_queue() {
    let (_dir, ws) = workspace(&["app.log"]);
    run(&ws, &["session", "new", "weekly"]);
    let queue = json(&ws, &["session", "show"]);
    let ids: Vec<(String, String)> = queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let order = ids.iter().find(|(_, t)| t == ORDER).unwrap().0.clone();
    let other = ids.iter().find(|(_, t)| t != ORDER).unwrap().clone();

    let out = run(&ws, &["session", "merge", &order, &other.0]);
    assert!(out.contains("merged into"), "{out}");
    let queue = json(&ws, &["session", "show"]);
    assert_eq!(queue["templates"].as_array().unwrap().len(), ids.len() - 1);
    assert_eq!(row(&queue, ORDER)["kind"], "merged");
    assert_eq!(row(&queue, ORDER)["members"][0], other.0.as_str());
    run(&ws, &["session", "merge", &order, "--undo"]);

    let parts = json(
        &ws,
        &["session", "split", &order, "--variable", "1", "42", "7"],
    );
    assert_eq!(parts["parts"][0]["text"], "Order <*> persisted in 42 ms");
    let part_id = parts["parts"][0]["id"].as_str().unwrap().to_string();
    run(&ws, &["session", "decide", &part_id, "signal"]);
    let queue = json(&ws, &["session", "show"]);
    let part = row(&queue, "Order <*> persisted in 42 ms");
    assert_eq!(part["kind"], "split_part");
    assert_eq!(part["count"], 1);
    assert_eq!(part["decision"]["verdict"], "signal");
}

#[test]
fn decisions_carry_over_to_the_next_session() {
    let (_dir, ws) = workspace(&["cloudwatch.jsonl"]);
    run(&ws, &["session", "new", "first"]);
    let id = row(&json(&ws, &["session", "show"]), ORDER)["id"]
        .as_str()
        .unwrap()
        .to_string();
    run(
        &ws,
        &["session", "decide", &id, "keep", "--owner", "orders"],
    );
    lognoise()
        .arg("import")
        .arg(fixture("app.log"))
        .arg("--group")
        .arg("/ecs/app")
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    let out = run(&ws, &["session", "new", "second"]);
    assert!(
        out.contains("1 decisions carried over (previous session: first)"),
        "{out}"
    );
    let queue = json(
        &ws,
        &["session", "show", "--session", "second", "--order", "new"],
    );
    let order = row(&queue, ORDER);
    assert_eq!(order["decision"]["verdict"], "keep");
    assert_eq!(order["decision"]["carried_over"]["session"], "first");
    assert_eq!(order["decision"]["carried_over"]["matched_by"], "same_id");
    // Templates only the second import brought are new, and come first.
    let first = &queue["templates"][0];
    assert_eq!(first["is_new"], true, "{queue:#}");
    let table = run(&ws, &["session", "show", "--session", "second"]);
    assert!(table.contains("keep*"), "{table}");

    // A later import shows in the session's queue, and its templates can be decided there.
    import(&ws, &[&fixture("filter-log-events.json")]).success();
    let queue = json(&ws, &["session", "show", "--session", "second"]);
    let known: Vec<String> = serde_json::from_str::<Value>(
        &std::fs::read_to_string(ws.join("sessions/second.json")).unwrap(),
    )
    .unwrap()["templates"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let late = queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| !known.contains(&r["id"].as_str().unwrap().to_string()))
        .expect("a template of the later import");
    let id = late["id"].as_str().unwrap();
    let decided = json(
        &ws,
        &["session", "decide", "--session", "second", id, "signal"],
    );
    assert_eq!(decided["decision"]["verdict"], "signal");
}

#[test]
fn bad_input_gets_one_clear_sentence() {
    let (_dir, ws) = workspace(&["app.log"]);
    lognoise()
        .args(["session", "show", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no review session yet"));
    run(&ws, &["session", "new", "weekly"]);
    lognoise()
        .args(["session", "new", "Weekly", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    lognoise()
        .args([
            "session",
            "decide",
            "0123456789abcdef",
            "noise",
            "--workspace",
        ])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not in this session's sample"));
    lognoise()
        .args(["session", "decide", "xyz", "noise", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a template id"));
    lognoise()
        .args(["session", "show", "--session", "monthly", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no session named `monthly`"));
    lognoise()
        .args([
            "session",
            "decide",
            "0123456789abcdef",
            "noise",
            "--label",
            "prod",
            "--workspace",
        ])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a label"));
    lognoise()
        .args([
            "session",
            "new",
            "pricey",
            "--price-per-gb=-1",
            "--workspace",
        ])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a price per GB"));
    // A damaged file is reported, not overwritten.
    let file = ws.join("sessions/weekly.json");
    std::fs::write(&file, "{\"schema\": \"lognoise.session/v1\", \"na").unwrap();
    lognoise()
        .args(["session", "show", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a readable session file"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"schema\": \"lognoise.session/v1\", \"na"
    );
}

#[test]
fn reviewers_and_price_change_after_creation() {
    let (_dir, ws) = workspace(&["cloudwatch.jsonl"]);
    run(
        &ws,
        &[
            "session",
            "new",
            "Weekly",
            "--reviewer",
            "ana",
            "--price-per-gb",
            "0.5",
        ],
    );
    let before = json(&ws, &["session", "summary"]);
    let out = run(
        &ws,
        &[
            "session",
            "set",
            "weekly",
            "--reviewer",
            "bo",
            "--reviewer",
            "cy",
            "--price-per-gb",
            "1",
        ],
    );
    assert!(out.contains("reviewers bo, cy; $1/GB"), "{out}");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("sessions/weekly.json")).unwrap())
            .unwrap();
    assert_eq!(file["reviewers"], serde_json::json!(["bo", "cy"]));
    assert_eq!(file["price_per_gb_usd"], 1.0);
    // Costs follow the price: every template's monthly cost doubles.
    let id = row(&json(&ws, &["session", "show"]), ORDER)["id"]
        .as_str()
        .unwrap()
        .to_string();
    run(&ws, &["session", "decide", &id, "noise"]);
    let after = json(&ws, &["session", "summary"]);
    assert_eq!(after["price_per_gb_usd"], 1.0);
    assert_eq!(before["price_per_gb_usd"], 0.5);
    let saving = after["monthly_saving_usd"].as_f64().unwrap();
    run(&ws, &["session", "set", "Weekly", "--price-per-gb", "0.5"]);
    let halved = json(&ws, &["session", "summary"])["monthly_saving_usd"]
        .as_f64()
        .unwrap();
    assert!(
        saving > 0.0 && (saving - 2.0 * halved).abs() < 1e-9 * saving,
        "{saving} {halved}"
    );
    // The reviewers were left alone by a price change, and can be removed.
    let set = json(&ws, &["session", "set", "weekly", "--no-reviewers"]);
    assert_eq!(set["reviewers"], serde_json::json!([]));
    assert_eq!(set["price_per_gb_usd"], 0.5);

    for (args, message) in [
        (vec!["session", "set", "weekly"], "nothing to change"),
        (
            vec!["session", "set", "weekly", "--price-per-gb=-2"],
            "is not a price per GB",
        ),
        (
            vec!["session", "set", "monthly", "--price-per-gb", "1"],
            "no session named `monthly`",
        ),
    ] {
        lognoise()
            .args(&args)
            .arg("--workspace")
            .arg(&ws)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    // A refused change leaves the file as it was.
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("sessions/weekly.json")).unwrap())
            .unwrap();
    assert_eq!(file["price_per_gb_usd"], 0.5);
}

#[test]
fn show_and_summary_say_how_costs_are_priced_and_set_changes_the_infrequent_access_price() {
    let (_dir, ws) = workspace(&["cloudwatch.jsonl"]);
    run(&ws, &["session", "new", "priced", "--price-per-gb", "0.6"]);
    let queue = json(&ws, &["session", "show"]);
    let priced = queue["priced"].as_str().unwrap().to_string();
    assert!(priced.starts_with("priced: "), "{priced}");
    assert!(priced.contains("at $0.60/GB"), "{priced}");
    assert!(priced.ends_with(", month = 730 h"), "{priced}");
    assert_eq!(queue["infrequent_access_price_per_gb_usd"], 0.25);
    let table = run(&ws, &["session", "show"]);
    assert!(table.contains(&priced), "{table}");

    let summary = json(&ws, &["session", "summary"]);
    assert_eq!(summary["priced"], priced.as_str());
    let markdown = run(&ws, &["session", "summary"]);
    assert!(markdown.contains(&format!("- {priced}.")), "{markdown}");

    let set = run(
        &ws,
        &[
            "session",
            "set",
            "priced",
            "--infrequent-access-price-per-gb",
            "0.1",
        ],
    );
    assert!(set.contains("Infrequent Access $0.1/GB"), "{set}");
    let queue = json(&ws, &["session", "show"]);
    assert_eq!(queue["infrequent_access_price_per_gb_usd"], 0.1);
    // A bad price changes neither.
    lognoise()
        .args([
            "session",
            "set",
            "priced",
            "--price-per-gb",
            "1",
            "--ia-price-per-gb",
            "-1",
        ])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .failure();
    let queue = json(&ws, &["session", "show"]);
    assert_eq!(queue["price_per_gb_usd"], 0.6);
    assert_eq!(queue["infrequent_access_price_per_gb_usd"], 0.1);
}

#[test]
fn storage_and_scan_prices_and_ingestion_only_are_session_settings() {
    let (_dir, ws) = workspace(&["cloudwatch.jsonl"]);
    run(
        &ws,
        &[
            "session",
            "new",
            "billed",
            "--storage-price-per-gb-month",
            "0.06",
            "--insights-price-per-gb",
            "0.01",
        ],
    );
    let queue = json(&ws, &["session", "show"]);
    assert_eq!(queue["storage_price_per_gb_month_usd"], 0.06);
    assert_eq!(queue["insights_price_per_gb_usd"], 0.01);
    assert_eq!(queue["ingestion_only"], false);
    // Files imported without a description: no retention, no history; the line says so.
    let priced = queue["priced"].as_str().unwrap();
    assert!(
        priced.contains("storage and Insights scans not known (ingestion only)"),
        "{priced}"
    );
    let prices = queue["group_prices"].as_array().unwrap();
    assert!(!prices.is_empty());
    for g in prices {
        assert_eq!(g["effective_per_gb_usd"], g["ingestion_per_gb_usd"], "{g}");
        assert_eq!(g["storage_per_gb_usd"], 0.0);
    }
    let set = run(&ws, &["session", "set", "billed", "--ingestion-only"]);
    assert!(
        set.contains("ingestion only (storage and Insights scans left out)"),
        "{set}"
    );
    assert_eq!(json(&ws, &["session", "show"])["ingestion_only"], true);
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("sessions/billed.json")).unwrap())
            .unwrap();
    assert_eq!(file["ingestion_only"], true);
    assert_eq!(file["storage_price_per_gb_month_usd"], 0.06);
    run(&ws, &["session", "set", "billed", "--billed"]);
    assert_eq!(json(&ws, &["session", "show"])["ingestion_only"], false);
    // A bad price changes nothing, the reviewers included.
    lognoise()
        .args([
            "session",
            "set",
            "billed",
            "--reviewer",
            "zed",
            "--storage-price-per-gb-month=-1",
        ])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a price per GB"));
    let after = json(&ws, &["session", "show"]);
    assert_eq!(after["storage_price_per_gb_month_usd"], 0.06);
    lognoise()
        .args(["session", "set", "billed", "--ingestion-only", "--billed"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2);
}
