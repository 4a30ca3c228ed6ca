//! `lognoise verify`: last meeting's rules checked on a sample pulled a week later (issue 15).

use super::common::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

const DAY_MS: i64 = 86_400_000;

/// A day of `/ecs/web` and `/ecs/batch` as CloudWatch JSON lines, spread evenly over the day:
/// `(group, cache lines, order lines)` per group.
fn day(path: &Path, start_ms: i64, groups: &[(&str, usize, usize)]) -> PathBuf {
    let mut lines: Vec<(&str, String)> = Vec::new();
    for &(group, cache, orders) in groups {
        lines.extend((0..cache).map(|i| {
            (
                group,
                format!("cache refreshed for tenant t{} in {} ms", i % 37, i % 9),
            )
        }));
        lines.extend((0..orders).map(|i| {
            (
                group,
                format!("Order ord_{:06x} persisted in {} ms", i * 7919, i % 50),
            )
        }));
    }
    let step = DAY_MS / lines.len() as i64;
    let mut f = std::fs::File::create(path).unwrap();
    for (i, (group, message)) in lines.into_iter().enumerate() {
        let event = serde_json::json!({
            "timestamp": start_ms + i as i64 * step,
            "logGroup": group,
            "logStream": "s",
            "message": message,
        });
        writeln!(f, "{event}").unwrap();
    }
    path.to_path_buf()
}

#[test]
fn verify_reports_drop_leaks_and_saving_per_owner() {
    let dir = tempfile::tempdir().unwrap();
    let start = 1_772_409_600_000;
    let week1 = day(
        &dir.path().join("w1.jsonl"),
        start,
        &[("/ecs/web", 300, 100), ("/ecs/batch", 100, 100)],
    );
    let week2 = day(
        &dir.path().join("w2.jsonl"),
        start + 7 * DAY_MS,
        &[("/ecs/web", 0, 100), ("/ecs/batch", 100, 100)],
    );
    let (ws1, ws2) = (dir.path().join("ws1"), dir.path().join("ws2"));
    import(&ws1, &[&week1]).success();
    import(&ws2, &[&week2]).success();
    run(&ws1, &["session", "new", "weekly"]);
    let cache = queue_row_id(&ws1, "weekly", "cache refreshed for tenant <*> in <*> ms");
    run(
        &ws1,
        &["session", "decide", &cache, "noise", "--owner", "platform"],
    );

    let args = |json: bool| {
        let mut cmd = lognoise();
        cmd.args(["verify", "--previous-workspace"])
            .arg(&ws1)
            .arg("--workspace")
            .arg(&ws2);
        if json {
            cmd.arg("--json");
        }
        cmd.assert().success().get_output().stdout.clone()
    };
    let text = String::from_utf8(args(false)).unwrap();
    assert!(
        text.contains("rules of session `weekly` checked on a newer sample of 300 events"),
        "{text}"
    );
    assert!(text.contains("then 400 lines"), "{text}");
    assert!(text.contains("now 100 lines"), "{text}");
    assert!(text.contains("drop expected 100%, observed 75%"), "{text}");
    assert!(text.contains("leaks in /ecs/batch: 100 lines"), "{text}");
    assert!(text.contains("platform"), "{text}");

    let v: Value = serde_json::from_slice(&args(true)).unwrap();
    assert_eq!(v["schema"], "lognoise.verification/v1");
    assert_eq!(v["rules"][0]["leaks"][0]["log_group"], "/ecs/batch");
    let total = &v["total"];
    let (realised, projected) = (
        total["realised_usd"].as_f64().unwrap(),
        total["projected_usd"].as_f64().unwrap(),
    );
    assert!(realised > 0.0 && realised < projected, "{total}");
    assert!((realised / projected - 0.75).abs() < 0.02, "{total}");

    // The earlier workspace must exist: one sentence naming it.
    lognoise()
        .args(["verify", "--previous-workspace"])
        .arg(dir.path().join("nowhere"))
        .arg("--workspace")
        .arg(&ws2)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "checking the rules of the earlier workspace",
        ));

    // The new meeting's summary carries the same check as a section of its own.
    run(&ws2, &["session", "new", "next week"]);
    let notes = dir.path().join("notes.md");
    lognoise()
        .args(["session", "summary", "--previous-workspace"])
        .arg(&ws1)
        .arg("--workspace")
        .arg(&ws2)
        .arg("-o")
        .arg(&notes)
        .assert()
        .success();
    let md = std::fs::read_to_string(&notes).unwrap();
    assert!(md.starts_with("# Review session: next week"), "{md}");
    assert!(md.contains("\n## Last meeting's rules\n"), "{md}");
    assert!(
        md.contains("| 100% | 75% | /ecs/batch (100 lines) |"),
        "{md}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&notes).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the notes are the user's only");
    }
    let out = lognoise()
        .args(["session", "summary", "--json", "--previous-workspace"])
        .arg(&ws1)
        .args(["--previous-session", "weekly", "--workspace"])
        .arg(&ws2)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["session"], "next week");
    assert_eq!(doc["last_meeting_rules"]["previous"], "weekly");
    assert_eq!(
        doc["last_meeting_rules"]["total"]["realised_usd"],
        total["realised_usd"]
    );
}

/// The demo's week after (`demo/next_week.py`): the health checks gone, the Lambda platform
/// lines gone from one function and leaking from the other, a kept warning shrunk.
#[test]
fn the_demo_week_after_shows_what_was_dropped_what_leaks_and_what_shrank() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next-week");
    let status = std::process::Command::new("python3")
        .arg(repo_file("demo/next_week.py"))
        .arg(&next)
        .status()
        .expect("python3 runs demo/next_week.py");
    assert!(status.success());
    let (ws1, ws2) = (dir.path().join("ws1"), dir.path().join("ws2"));
    let import_sample = |ws: &Path, events: PathBuf, sample: PathBuf| {
        lognoise()
            .arg("import")
            .arg(events)
            .arg("--sample-of")
            .arg(sample)
            .arg("--workspace")
            .arg(ws)
            .arg("-q")
            .assert()
            .success();
    };
    import_sample(
        &ws1,
        repo_file("demo/events.jsonl"),
        repo_file("demo/sample.json"),
    );
    import_sample(&ws2, next.join("events.jsonl"), next.join("sample.json"));
    run(&ws1, &["session", "new", "week-09"]);
    let queue: Value = serde_json::from_str(&run(&ws1, &["session", "show", "--json"])).unwrap();
    let id_where = |test: &dyn Fn(&str) -> bool| {
        queue["templates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| test(r["text"].as_str().unwrap()))
            .unwrap_or_else(|| panic!("no such row in {queue:#}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let health = id_where(&|t| t.contains("\"GET /health "));
    let start = id_where(&|t| t.starts_with("START RequestId:"));
    let declined = id_where(&|t| t.contains("\"msg\":\"Payment declined"));
    run(
        &ws1,
        &["session", "decide", &health, "noise", "--owner", "platform"],
    );
    run(
        &ws1,
        &["session", "decide", &start, "noise", "--owner", "platform"],
    );
    run(
        &ws1,
        &[
            "session", "decide", &declined, "keep", "--owner", "payments",
        ],
    );

    let out = lognoise()
        .args(["verify", "--json", "--previous-workspace"])
        .arg(&ws1)
        .arg("--workspace")
        .arg(&ws2)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let rule = |id: &str| {
        v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule_id"] == id)
            .unwrap()
            .clone()
    };
    // The costliest first: the health checks, all gone.
    assert_eq!(v["rules"][0]["rule_id"], health.as_str());
    assert_eq!(rule(&health)["now"]["lines"], 0);
    assert_eq!(rule(&health)["observed_drop"], 1.0);
    assert_eq!(rule(&health)["leaks"], serde_json::json!([]));
    // START lines: gone from checkout-api, still in report-worker.
    let leaks = rule(&start)["leaks"].clone();
    assert_eq!(leaks.as_array().unwrap().len(), 1, "{leaks}");
    assert_eq!(leaks[0]["log_group"], "/aws/lambda/report-worker");
    assert!(rule(&start)["now"]["lines"].as_u64().unwrap() > 0);
    // The kept warnings shrank to about a quarter.
    assert_eq!(v["shrunk"][0]["template_id"], declined.as_str());
    assert!(
        v["total"]["realised_usd"].as_f64().unwrap() > 100.0,
        "{}",
        v["total"]
    );
}
