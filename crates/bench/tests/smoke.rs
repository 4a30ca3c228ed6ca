//! The quick run CI can afford: every contender reads the whole corpus and reports a rate, and
//! the JSON file carries the figures.

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
    assert_eq!(doc["corpus"]["lines"], LINES);
    let results = doc["results"].as_array().ok_or("no results")?;
    let names: Vec<&str> = results
        .iter()
        .filter_map(|r| r["contender"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "io-floor",
            "lognoise",
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
