//! The quick runs CI can afford: every contender reads the whole corpus and reports a rate, the
//! import and query suites write and search a workspace whose counts add up, and the JSON file
//! carries the figures.

use std::process::Command;

const LINES: u64 = 20_000;

#[test]
fn every_contender_reads_every_line() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let json = dir.path().join("bench.json");
    let out = Command::new(env!("CARGO_BIN_EXE_lognoise-bench"))
        .args(["--lines", &LINES.to_string(), "--runs", "1", "--json"])
        .arg(&json)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("vs lognoise"), "{stdout}");

    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    assert_eq!(doc["mine"]["corpus"]["lines"], LINES);
    let results = doc["mine"]["results"].as_array().ok_or("no results")?;
    let names: Vec<&str> = results
        .iter()
        .filter_map(|r| r["contender"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "io-floor",
            "lognoise",
            "lognoise-threads",
            "logdrain",
            "logdrain-masks",
            "drain3"
        ]
    );
    for r in results {
        let name = &r["contender"];
        assert_eq!(r["samples"][0]["lines"], LINES, "{name}");
        let rate = r["lines_per_s"]["median"].as_f64().unwrap_or(0.0);
        assert!(rate > 0.0, "{name} rate {rate}");
        if name != "io-floor" {
            assert!(r["templates"][0].as_u64().unwrap_or(0) > 0, "{name}");
        }
    }
    assert_eq!(
        results[1]["vs_lognoise"].as_f64(),
        Some(1.0),
        "lognoise against itself"
    );
    Ok(())
}

#[test]
fn import_and_query_suites_count_every_line() -> Result<(), Box<dyn std::error::Error>> {
    const IMPORT_LINES: u64 = 5_000;
    const QUERIES: u64 = 20;
    let dir = tempfile::tempdir()?;
    let json = dir.path().join("bench.json");
    let ws = dir.path().join("ws");
    let out = Command::new(env!("CARGO_BIN_EXE_lognoise-bench"))
        .args(["--suite", "import,query", "--runs", "1"])
        .args(["--lines", &IMPORT_LINES.to_string()])
        .args(["--queries", &QUERIES.to_string(), "--json"])
        .arg(&json)
        .arg("--workspace")
        .arg(&ws)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("vs tantivy"), "{stdout}");
    assert!(stdout.contains("p99 ms"), "{stdout}");

    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    assert!(doc.get("mine").is_none());
    let import = &doc["import"];
    assert_eq!(import["corpus"]["lines"], IMPORT_LINES);
    let results = import["results"].as_array().ok_or("no import results")?;
    let names: Vec<&str> = results
        .iter()
        .filter_map(|r| r["contender"].as_str())
        .collect();
    assert_eq!(names, ["lognoise-import", "tantivy-only"]);
    for r in results {
        let run = &r["samples"][0];
        assert_eq!(run["events"], IMPORT_LINES, "{r}");
        assert!(run["index_bytes"].as_u64().unwrap_or(0) > 0, "{r}");
        assert!(run["seconds"].as_f64().unwrap_or(0.0) > 0.0, "{r}");
    }
    assert!(results[0]["vs_tantivy"].as_f64().unwrap_or(0.0) > 0.0);
    assert!(results[0]["samples"][0]["templates"].as_u64().unwrap_or(0) > 0);

    // The kept workspace holds every line, and the query suite searched it.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("workspace.json"))?)?;
    assert_eq!(manifest["events"], IMPORT_LINES);
    let query = &doc["query"];
    assert_eq!(query["events"], IMPORT_LINES);
    assert_eq!(query["queries"], QUERIES);
    let samples = query["samples"].as_array().ok_or("no query samples")?;
    assert_eq!(samples.len() as u64, QUERIES);
    for s in samples {
        let total = s["total"].as_u64().unwrap_or(0);
        assert!(total > 0 && total <= IMPORT_LINES, "{s}");
        assert!(s["templates"].as_u64().unwrap_or(0) > 0, "{s}");
    }
    let most = samples.iter().filter_map(|s| s["total"].as_u64()).max();
    assert_eq!(query["max_total"].as_u64(), most);

    // A second run queries the kept workspace without importing again.
    let out = Command::new(env!("CARGO_BIN_EXE_lognoise-bench"))
        .args(["--suite", "query", "--queries", "5", "--workspace"])
        .arg(&ws)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("vs tantivy"), "{stdout}");
    assert!(
        stdout.contains(&format!("on {IMPORT_LINES} events")),
        "{stdout}"
    );
    Ok(())
}

#[test]
fn the_pull_suite_pulls_every_seeded_event_at_each_concurrency(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let json = dir.path().join("pull.json");
    let out = Command::new(env!("CARGO_BIN_EXE_lognoise-bench"))
        .args([
            "--suite",
            "pull",
            "--pull-events",
            "3000",
            "--runs",
            "1",
            "--json",
        ])
        .arg(&json)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("vs 1 at a time"), "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    let results = doc["pull"]["results"].as_array().ok_or("no results")?;
    let concurrencies: Vec<u64> = results
        .iter()
        .filter_map(|r| r["concurrency"].as_u64())
        .collect();
    assert_eq!(concurrencies, [4, 1]);
    for r in results {
        assert_eq!(r["runs"][0]["events"], 3000);
        assert!(r["events_per_s"]["median"].as_f64().unwrap_or(0.0) > 0.0);
        assert!(r["runs"][0]["peak_rss_kib"].as_u64().unwrap_or(0) > 0);
    }
    Ok(())
}

#[test]
fn check_suite_applies_rules_to_every_line() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let json = dir.path().join("bench.json");
    let out = Command::new(env!("CARGO_BIN_EXE_lognoise-bench"))
        .args(["--suite", "check", "--lines", "5000", "--runs", "1"])
        .args(["--rules", "50", "--naive-lines", "1000", "--json"])
        .arg(&json)
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("vs naive"), "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    assert_eq!(doc["check"]["lines"], 5000);
    assert_eq!(doc["check"]["rules"], 50);
    assert!(doc["check"]["dropped"].as_u64().unwrap_or(0) > 0);
    assert!(
        doc["check"]["matcher_lines_per_s"]["median"]
            .as_f64()
            .unwrap_or(0.0)
            > 0.0
    );
    Ok(())
}
