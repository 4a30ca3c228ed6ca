//! End-to-end tests of workspaces: `lognoise import` in every input format, `lognoise search`
//! and `lognoise templates`, bad input, and an import killed half way (issue 3).

use super::common::*;
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn demo_events() -> PathBuf {
    repo_file("demo/events.jsonl")
}

/// Runs `lognoise ARGS --workspace WS` and returns its standard output as JSON.
fn json(ws: &Path, args: &[&str]) -> Value {
    let out = lognoise()
        .args(args)
        .arg("--workspace")
        .arg(ws)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A gzip file as CloudWatch exports to S3: `<ISO time> <message>` lines.
fn s3_export(dir: &Path, lines: usize) -> PathBuf {
    let path = dir.join("000000.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    for i in 0..lines {
        writeln!(
            gz,
            "2026-03-02T00:00:{:02}.000Z Disk usage {}% on /dev/xvda1",
            i % 60,
            50 + i % 40
        )
        .unwrap();
    }
    gz.finish().unwrap();
    path
}

fn template_counts(report: &Value) -> u64 {
    report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum()
}

#[test]
fn demo_events_import_with_templates_search_facets_and_histogram() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&demo_events()])
        .success()
        .stdout(predicate::str::contains("20831 events (json-lines)"));

    let report = json(&ws, &["templates"]);
    assert_eq!(report["schema"], "lognoise.workspace-templates-report/v1");
    assert_eq!(report["events"], 20831);
    assert_eq!(template_counts(&report), 20831);
    let health = &report["templates"][0];
    assert_eq!(health["id"], "fcdada35941fcf6b");
    assert_eq!(health["count"], 5760);
    let series: Vec<u64> = health["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(series.len(), 60);
    assert_eq!(series.iter().sum::<u64>(), 5760);

    let found = json(&ws, &["search", "declined", "--limit", "5"]);
    assert_eq!(found["total"], 26);
    assert_eq!(found["hits"].as_array().unwrap().len(), 5);
    assert_eq!(found["templates"].as_array().unwrap().len(), 1);
    assert_eq!(found["templates"][0]["count"], 26);
    assert_eq!(found["groups"][0]["group"], "/ecs/orders-service");
    assert_eq!(found["groups"][0]["count"], 26);
    let counts = found["histogram"]["counts"].as_array().unwrap();
    assert_eq!(counts.len(), 60);
    assert_eq!(counts.iter().map(|c| c.as_u64().unwrap()).sum::<u64>(), 26);
    // Newest first, each hit with its template and the matched word marked.
    let hits = found["hits"].as_array().unwrap();
    let times: Vec<i64> = hits
        .iter()
        .map(|h| h["timestamp_ms"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let first = &hits[0];
    let message = first["message"].as_str().unwrap();
    let range = &first["highlights"][0];
    let (s, e) = (
        range[0].as_u64().unwrap() as usize,
        range[1].as_u64().unwrap() as usize,
    );
    assert_eq!(message[s..e].to_lowercase(), "declined");
    assert_eq!(first["template_id"], found["templates"][0]["id"]);

    // From a template to its lines.
    let id = health["id"].as_str().unwrap();
    let lines = json(&ws, &["search", "--template", id, "--limit", "1"]);
    assert_eq!(lines["total"], 5760);

    // From a line to its template and the ones most like it.
    let near = json(&ws, &["templates", "--like", message, "--limit", "3"]);
    assert_eq!(near["schema"], "lognoise.nearest-templates/v1");
    let listed = near["templates"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0]["id"], found["templates"][0]["id"]);
    assert_eq!(listed[0]["count"], 26);
    let scores: Vec<f64> = listed
        .iter()
        .map(|t| t["score"].as_f64().unwrap())
        .collect();
    assert!(scores[0] > 0.9, "{near}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn every_format_imports_into_one_workspace() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    let gz = s3_export(dir.path(), 120);
    lognoise()
        .arg("import")
        .arg(fixture("app.log"))
        .arg(fixture("cloudwatch.jsonl"))
        .arg(fixture("filter-log-events.json"))
        .arg(&gz)
        .args(["--group", "/imported"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains("app.log: 12 events (plain)"))
        .stdout(predicate::str::contains(
            "cloudwatch.jsonl: 6 events (json-lines), 1 unreadable parts",
        ))
        .stdout(predicate::str::contains(
            "filter-log-events.json: 3 events (aws-cli-json)",
        ))
        .stdout(predicate::str::contains(
            "000000.gz: 120 events (s3-export)",
        ))
        .stderr(predicate::str::contains(
            "cloudwatch.jsonl:4: not a JSON event",
        ));

    let report = json(&ws, &["templates"]);
    assert_eq!(report["events"], 12 + 6 + 3 + 120);
    assert_eq!(template_counts(&report), 141);
    let texts: Vec<&str> = report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"Disk usage <*>% on <*>"), "{texts:?}");
    assert!(
        texts.contains(&"START RequestId: <*> Version: $LATEST"),
        "{texts:?}"
    );

    // Groups from the source where it names one, --group otherwise.
    let all = json(&ws, &["search", ""]);
    let groups: Vec<(String, u64)> = all["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap().into(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("/imported".to_string(), 135),
            ("/ecs/orders".to_string(), 4),
            ("/ecs/payments".to_string(), 2),
        ]
    );
    assert_eq!(all["histogram"]["untimed"], 12);

    // Ids, addresses and pairs whole and by parts; fields; phrases.
    let total = |q: &str| json(&ws, &["search", q])["total"].as_u64().unwrap();
    assert_eq!(total("ord_8f3a91"), 1);
    assert_eq!(total("8f3a91"), 1);
    assert_eq!(total("user_id=42"), 1);
    assert_eq!(total("10.0.0.14"), 1);
    assert_eq!(total("group:\"/ecs/payments\""), 2);
    assert_eq!(total("\"disk usage\""), 120);
    assert_eq!(total("6f1c2a3b-0000-4000-8000-000000000001"), 2);
    assert_eq!(total("xvda1 AND declined"), 0);

    let orders = json(&ws, &["search", "persisted", "--group", "/ecs/orders"]);
    assert_eq!(orders["total"], 4);
    // 60 buckets over the workspace's 59 seconds.
    let hist = &orders["histogram"];
    assert_eq!(hist["start_ms"], 1772409600000i64);
    let counts: Vec<u64> = hist["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(counts[0], 1);
    assert_eq!(counts[59], 1);
    assert_eq!(counts.iter().sum::<u64>(), 4);

    let window = json(
        &ws,
        &[
            "search",
            "persisted",
            "--since",
            "2026-03-02T00:00:05Z",
            "--until",
            "1772409659000",
        ],
    );
    // app.log's lines have no time; 00:00:59 is the end of the range, not in it.
    assert_eq!(window["total"], 2);
}

#[test]
fn search_prints_hits_facets_and_a_histogram() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&fixture("cloudwatch.jsonl")]).success();
    lognoise()
        .args(["search", "declined"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Payment [[declined]] for user_id=77",
        ))
        .stdout(predicate::str::contains("2 events match"))
        .stdout(predicate::str::contains("by template:"))
        .stdout(predicate::str::contains("/ecs/payments"))
        .stdout(predicate::str::contains("over time (60 buckets"));
    lognoise()
        .arg("templates")
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains("Order <*> persisted in <*> ms"))
        .stdout(predicate::str::contains("6 events, 2 templates"));
    lognoise()
        .args(["templates", "--like", "Order ord_00aa11 persisted in 3 ms"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "as a template: Order <*> persisted in <*> ms",
        ))
        .stdout(predicate::str::is_match(r"1\.00 .* Order <\*> persisted in <\*> ms").unwrap());
}

#[test]
fn a_malformed_query_names_the_position_and_an_unknown_field_is_named() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&fixture("cloudwatch.jsonl")]).success();
    lognoise()
        .args(["search", "order AND (persisted"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid query at position 20: expected ')'",
        ));
    lognoise()
        .args(["search", "host:web-1"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `host`"))
        .stderr(predicate::str::contains("level"));
    lognoise()
        .args(["search", "x", "--since", "last tuesday"])
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a time"));
}

#[test]
fn workspaces_are_private_and_newer_formats_are_refused() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    lognoise()
        .args(["search", "x", "--workspace"])
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lognoise import"));
    import(&ws, &[&fixture("app.log")]).success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ws), 0o700);
        assert_eq!(mode(&ws.join("index")), 0o700);
        assert_eq!(mode(&ws.join("workspace.json")), 0o600);
    }
    let manifest = ws.join("workspace.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("\"format_version\": 1", "\"format_version\": 2"),
    )
    .unwrap();
    lognoise()
        .arg("templates")
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer lognoise"))
        .stderr(predicate::str::contains("upgrade lognoise"));
}

#[test]
fn the_default_workspace_is_in_the_user_data_folder() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("data");
    lognoise()
        .arg("import")
        .arg(fixture("app.log"))
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .assert()
        .success();
    assert!(data.join("lognoise/default/workspace.json").exists());
    lognoise()
        .args(["search", "persisted"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 events match"));
}

#[test]
fn a_workspace_survives_an_import_killed_half_way() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&fixture("cloudwatch.jsonl")]).success();

    let big = dir.path().join("big.log");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    for i in 0..200_000 {
        writeln!(
            w,
            "2026-03-02T01:{:02}:{:02}.000Z GET /api/orders/{i} took {} ms user_id=u{}",
            (i / 60) % 60,
            i % 60,
            i % 997,
            i % 313
        )
        .unwrap();
    }
    w.flush().unwrap();
    drop(w);

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lognoise"))
        .arg("import")
        .arg(&big)
        .arg("--workspace")
        .arg(&ws)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it is writing events.
    let pending = ws.join("events/000002.jsonl.tmp");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !pending.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import ended before it was killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // The workspace opens with what the first import committed.
    let report = json(&ws, &["templates"]);
    assert_eq!(report["events"], 6);
    assert_eq!(json(&ws, &["search", ""])["total"], 6);
    assert_eq!(json(&ws, &["search", "orders"])["total"], 0);

    // And takes the next import.
    import(&ws, &[&fixture("app.log")])
        .success()
        .stdout(predicate::str::contains("18 events, "));
    assert_eq!(json(&ws, &["search", ""])["total"], 18);
    assert!(!pending.exists());
}

#[test]
fn a_file_that_is_not_text_is_imported_with_a_warning_that_says_so() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    // Random bytes, as an image or an archive picked by mistake would be (xorshift, fixed seed).
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    let file = dir.path().join("photo.bin");
    std::fs::write(&file, &bytes).unwrap();
    let lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .count();
    import(&ws, &[&file])
        .success()
        .stderr(predicate::str::contains(
            "photo.bin: does not look like text: ",
        ))
        .stderr(predicate::str::contains(format!("of {lines} lines")));
    // What was read is kept: every line is an event of the workspace.
    let status = json(&ws, &["templates", "--top", "0"]);
    let events: u64 = template_counts(&status);
    assert_eq!(events as usize, lines);
    // A text log gives no such warning.
    import(&ws, &[&fixture("app.log")])
        .success()
        .stderr(predicate::str::contains("does not look like text").not());
}

#[test]
fn tables_show_json_templates_and_hits_from_their_message() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&demo_events()]).success();
    let out = lognoise()
        .args(["templates", "--top", "0", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains(r#"order cache hit · "logger":"c.e.orders.cache.OrderCache" · "#),
        "{table}"
    );
    assert!(!table.contains(r#"{"level":"debug","ts":"<*>","logger":"c.e.orders.cache"#));
    // The JSON output keeps the template's own text.
    let report = json(&ws, &["templates", "--top", "0"]);
    let texts: Vec<&str> = report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.starts_with(r#"{"level":"debug","ts":"<*>","logger":"c.e.orders.cache.OrderCache","msg":"order cache hit""#)));
    let out = lognoise()
        .args(["search", "cache hit", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    let hits = String::from_utf8(out.stdout).unwrap();
    assert!(hits.contains("order [[cache]] [[hit]] · "), "{hits}");
    // The review queue too.
    run(&ws, &["session", "new", "tables"]);
    let queue = run(&ws, &["session", "show", "--order", "volume"]);
    assert!(queue.contains("order cache hit · "), "{queue}");
    assert!(!queue.contains(r#"{"level":"debug","ts":"<*>","logger":"c.e.orders.cache"#));
}

/// `lognoise import -q --sample-of DESCRIPTION demo/events.jsonl --workspace WS`.
fn import_sample_of(ws: &Path, description: &Path) -> assert_cmd::assert::Assert {
    lognoise()
        .args(["import", "-q", "--sample-of"])
        .arg(description)
        .arg(demo_events())
        .arg("--workspace")
        .arg(ws)
        .assert()
}

#[test]
fn the_demo_imported_as_the_sample_it_is_prices_like_a_production_account() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import_sample_of(&ws, &repo_file("demo/sample.json"))
        .success()
        .stderr(predicate::str::is_empty());
    // Ingestion alone first: what the groups ingest at their classes' prices.
    run(&ws, &["session", "new", "demo", "--ingestion-only"]);
    let queue = json(&ws, &["session", "show", "--order", "cost"]);
    let rows = queue["templates"].as_array().unwrap();
    let cost = |r: &Value| r["monthly_cost_usd"].as_f64().unwrap();
    let total_of = |session: &str| -> f64 {
        let q = json(&ws, &["session", "show", "--session", session]);
        q["templates"].as_array().unwrap().iter().map(cost).sum()
    };
    // About 98.6 GB a day sampled by 3 MB: the loudest template costs hundreds of dollars a
    // month, and all of them together, priced at a single $0.50/GB, what 98.6 GB a day costs
    // in a 730-hour month.
    assert!(cost(&rows[0]) > 100.0, "{}", rows[0]);
    run(
        &ws,
        &[
            "session",
            "new",
            "single",
            "--infrequent-access-price-per-gb",
            "0.5",
            "--ingestion-only",
        ],
    );
    let single = total_of("single");
    let expected = 98.6e9 * 730.0 / 24.0 / (1u64 << 30) as f64 * 0.5;
    assert!(
        (single / expected - 1.0).abs() < 0.01,
        "{single} against {expected}"
    );
    // vpc-flow-logs is Infrequent Access: its bytes cost half as much, so the demo's total is
    // the Standard groups' cost and half the flow logs' at $0.50.
    assert_eq!(
        queue["priced"],
        "priced: 5 groups Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, ingestion only (storage and Insights scans left out), 6 groups scaled by their own stored bytes, month = 730 h"
    );
    run(
        &ws,
        &[
            "session",
            "new",
            "standard-only",
            "--ia-price-per-gb",
            "0",
            "--ingestion-only",
        ],
    );
    let standard = total_of("standard-only");
    let total: f64 = rows.iter().map(cost).sum();
    assert!(
        standard < total && total < single,
        "{standard} {total} {single}"
    );
    let expected = standard + (single - standard) / 2.0;
    assert!(
        (total - expected).abs() < 1e-6 * total,
        "{total} against {expected}"
    );
    // As CloudWatch bills it: each group's storage at its retention (the archived size
    // measured on the demo's events at import) and the Insights scans the description gives.
    run(&ws, &["session", "new", "billed"]);
    let billed = json(&ws, &["session", "show", "--session", "billed"]);
    assert_eq!(
        billed["priced"],
        "priced: 5 groups Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, storage kept 14 d (1 group), 30 d (1 group), 90 d (1 group), 365 d (1 group) and 1 y (never expires, 2 groups) at $0.03/GB-month archived, Insights scans of 6 groups at $0.005/GB, 6 groups scaled by their own stored bytes, month = 730 h"
    );
    let prices = billed["group_prices"].as_array().unwrap();
    assert_eq!(prices.len(), 6);
    let mut extra = 0.0;
    for g in prices {
        let part = |k: &str| g[k].as_f64().unwrap();
        // The parts add up to the group's price, and each group's storage is its archived
        // ratio for its months at $0.03.
        let sum =
            part("ingestion_per_gb_usd") + part("storage_per_gb_usd") + part("insights_per_gb_usd");
        assert!((sum - part("effective_per_gb_usd")).abs() < 1e-12, "{g}");
        let storage = part("archived_ratio") * part("storage_months") * 0.03;
        assert!((storage - part("storage_per_gb_usd")).abs() < 1e-12, "{g}");
        assert!(
            part("archived_ratio") > 0.1 && part("archived_ratio") < 1.0,
            "{g}"
        );
        extra += part("storage_per_gb_usd");
    }
    assert!(extra > 0.0);
    let billed_total = total_of("billed");
    assert!(
        billed_total > total * 1.05 && billed_total < total * 1.5,
        "{billed_total} against {total}"
    );
    // One flag back: ingestion alone, exactly the figures of the session made so.
    run(&ws, &["session", "set", "billed", "--ingestion-only"]);
    assert_eq!(total_of("billed"), total);
    let table = run(&ws, &["session", "show", "--session", "billed"]);
    assert!(
        table.contains("--billed` prices storage and scans too"),
        "{table}"
    );
}

#[test]
fn a_sample_description_that_does_not_fit_the_events_is_a_warning_and_a_bad_one_an_error() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        r#"{"window": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-02T01:00:00Z"},
            "log_groups": [{"name": "/ecs/web-frontend", "stored_bytes": 1000000}]}"#,
    )
    .unwrap();
    import_sample_of(&ws, &other)
        .success()
        .stderr(predicate::str::contains(
            "events belong to a log group the sample description does not name",
        ))
        .stderr(predicate::str::contains("events lie outside its window"));

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"window": {"start": 5, "end": 1}, "log_groups": []}"#,
    )
    .unwrap();
    let before = json(&ws, &["templates"])["events"].clone();
    import_sample_of(&ws, &bad)
        .failure()
        .stderr(predicate::str::contains(
            "the window's end is not after its start",
        ))
        .stderr(predicate::str::contains("fix the sample description"));
    // Nothing was imported by the refused command; what was there still reads.
    assert_eq!(json(&ws, &["templates"])["events"], before);
}
