//! End-to-end tests of `lognoise mine`: the table, the per-line CSV, the templates JSON, standard
//! input, and the errors a user meets.

use super::common::*;
use lognoise_miner::TemplateId;
use predicates::prelude::*;
use std::path::Path;
use tempfile::TempDir;

/// Lines `lognoise` reads from `bytes`: split at `\n`, no extra line after a final newline.
fn count_lines(bytes: &[u8]) -> usize {
    let newlines = bytes.iter().filter(|&&c| c == b'\n').count();
    newlines + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

#[derive(Debug)]
struct Row {
    line_id: u64,
    event_id: String,
    template: String,
}

/// Reads a `--csv` file, checking its header.
fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["LineId", "EventId", "EventTemplate"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), 3, "row {r:?}");
            Row {
                line_id: r[0].parse().unwrap(),
                event_id: r[1].to_string(),
                template: r[2].to_string(),
            }
        })
        .collect()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks a `--json` document against the line count and returns its template texts.
fn check_templates_json(doc: &serde_json::Value, lines: u64) -> Vec<String> {
    assert_eq!(doc["schema"], "lognoise.templates/v1");
    assert_eq!(doc["lines"].as_u64(), Some(lines));
    let templates = doc["templates"].as_array().unwrap();
    let total: u64 = templates.iter().map(|t| t["count"].as_u64().unwrap()).sum();
    assert_eq!(
        total, lines,
        "template counts must add up to the lines read"
    );
    templates
        .iter()
        .map(|t| {
            let text = t["text"].as_str().unwrap().to_string();
            let id = t["id"].as_str().unwrap();
            assert_eq!(id, TemplateId::of_text(&text).to_string(), "id of {text:?}");
            assert!(!t["examples"].as_array().unwrap().is_empty());
            text
        })
        .collect()
}

/// Checks the rows of a `--csv` file: one per line, in order, ids matching their templates.
fn check_rows(rows: &[Row], lines: usize) {
    assert_eq!(rows.len(), lines, "one row per input line");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.line_id, i as u64 + 1);
        assert_eq!(row.event_id.len(), 16);
        assert_eq!(
            row.event_id,
            TemplateId::of_text(&row.template).to_string(),
            "row {}",
            row.line_id
        );
        assert!(
            !row.template.contains(['\r', '\n']),
            "row {}: {:?}",
            row.line_id,
            row.template
        );
    }
}

#[test]
fn table_shows_known_templates_and_a_summary() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("templates.json");
    let out = lognoise()
        .arg("mine")
        .arg(fixture("app.log"))
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(out).unwrap();
    assert!(
        stdout.contains("Order <*> persisted in <*> ms"),
        "stdout:\n{stdout}"
    );
    assert!(
        stdout.contains("session closed for user <*>"),
        "stdout:\n{stdout}"
    );
    let texts = check_templates_json(&read_json(&json), 12);
    assert_eq!(texts.len(), 3, "templates: {texts:?}");
    // The summary is the last line.
    assert_eq!(
        stdout.lines().last(),
        Some(format!("12 lines, {} templates", texts.len()).as_str()),
        "stdout:\n{stdout}"
    );
    // Largest template first, with its count and id.
    let order_id = TemplateId::of_text("Order <*> persisted in <*> ms").to_string();
    assert!(stdout.contains(&order_id), "stdout:\n{stdout}");
    assert_eq!(texts[0], "Order <*> persisted in <*> ms");
}

#[test]
fn top_limits_the_table_and_says_how_many_are_hidden() {
    lognoise()
        .args(["mine", "--top", "1"])
        .arg(fixture("app.log"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Order <*> persisted in <*> ms"))
        .stdout(predicate::str::contains("session closed for user <*>").not())
        .stdout(predicate::str::contains(
            "12 lines, 3 templates (2 more not shown; --top 0 shows all)",
        ));
}

#[test]
fn quiet_prints_nothing() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("lines.csv");
    lognoise()
        .arg("mine")
        .arg(fixture("app.log"))
        .arg("--csv")
        .arg(&csv)
        .arg("-q")
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    check_rows(&read_csv(&csv), 12);
}

/// Empty lines, CRLF endings, a byte that is not UTF-8, a 256 KB line, a missing final newline.
fn awkward_input() -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(b"Order ord_1a2b3c4d persisted in 12 ms\n");
    v.extend_from_slice(b"\n");
    v.extend_from_slice(b"session closed for user alice\r\n");
    v.extend_from_slice(b"session closed for user bob\n");
    v.extend_from_slice(b"   \n");
    v.extend_from_slice(b"\r\n");
    v.extend_from_slice(b"payload \xff\xfe rejected by parser\n");
    let mut long = Vec::new();
    while long.len() < 256 * 1024 {
        long.extend_from_slice(b"chunk 1234 of upload u_77f3a0 ");
    }
    v.extend_from_slice(&long);
    v.push(b'\n');
    v.extend_from_slice(&vec![b'z'; 256 * 1024]);
    v.extend_from_slice(b"\r\n");
    v.extend_from_slice(b"session closed for user carol\r\n");
    v.extend_from_slice(b"session closed for user dave");
    v
}

#[test]
fn csv_has_one_row_per_line_of_awkward_input() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("awkward.log");
    let bytes = awkward_input();
    std::fs::write(&input, &bytes).unwrap();
    let lines = count_lines(&bytes);
    assert_eq!(lines, 11);
    let csv = dir.path().join("lines.csv");
    let json = dir.path().join("templates.json");
    lognoise()
        .arg("mine")
        .arg(&input)
        .arg("--csv")
        .arg(&csv)
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{lines} lines, ")));
    let rows = read_csv(&csv);
    check_rows(&rows, lines);
    check_templates_json(&read_json(&json), lines as u64);
    // CRLF and LF lines of one event get one template, without the `\r`.
    let session = &rows[2].template;
    assert_eq!(session, "session closed for user <*>");
    for i in [3, 9, 10] {
        assert_eq!(&rows[i].template, session, "row {}", i + 1);
    }
    // Empty and blank lines (with or without `\r`) are one template.
    assert_eq!(rows[1].event_id, rows[4].event_id);
    assert_eq!(rows[1].event_id, rows[5].event_id);
    // The invalid bytes are replaced, not dropped with their line.
    assert!(
        rows[6].template.contains("rejected by parser"),
        "{:?}",
        rows[6].template
    );
}

#[test]
fn json_counts_add_up_to_the_lines() {
    let dir = TempDir::new().unwrap();
    let json = dir.path().join("templates.json");
    lognoise()
        .arg("mine")
        .arg(fixture("app.log"))
        .arg("--json")
        .arg(&json)
        .arg("--quiet")
        .assert()
        .success();
    let doc = read_json(&json);
    let texts = check_templates_json(&doc, 12);
    assert!(texts.iter().any(|t| t == "session closed for user <*>"));
    let session = doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "session closed for user <*>")
        .unwrap();
    assert_eq!(session["count"], 4);
    let values: Vec<&str> = session["variables"][0]["top_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    for user in ["alice", "root", "deploy", "backup"] {
        assert!(values.contains(&user), "{values:?}");
    }
}

#[test]
fn standard_input_gives_the_same_result_as_the_file() {
    let dir = TempDir::new().unwrap();
    let bytes = awkward_input();
    let input = dir.path().join("awkward.log");
    std::fs::write(&input, &bytes).unwrap();
    let from_file = dir.path().join("file.csv");
    let from_stdin = dir.path().join("stdin.csv");
    lognoise()
        .arg("mine")
        .arg(&input)
        .arg("--csv")
        .arg(&from_file)
        .arg("-q")
        .assert()
        .success();
    lognoise()
        .args(["mine", "-", "--csv"])
        .arg(&from_stdin)
        .write_stdin(bytes.clone())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{} lines, ",
            count_lines(&bytes)
        )));
    assert_eq!(
        std::fs::read(&from_file).unwrap(),
        std::fs::read(&from_stdin).unwrap()
    );
}

/// Scanning on worker threads is only a speed choice: one thread, one worker and several give the
/// same per-line CSV and templates JSON, awkward lines included.
#[test]
fn every_scan_thread_count_gives_the_same_output() {
    let dir = TempDir::new().unwrap();
    let mut bytes = Vec::new();
    // Enough lines to fill several of the batches the workers take turns with.
    for i in 0..20_000 {
        bytes.extend_from_slice(format!("Order ord_{i:x} persisted in {} ms\n", i % 97).as_bytes());
        if i % 1000 == 0 {
            bytes.extend_from_slice(&awkward_input());
            bytes.push(b'\n');
        }
    }
    let input = dir.path().join("many.log");
    std::fs::write(&input, &bytes).unwrap();
    let outputs: Vec<(Vec<u8>, Vec<u8>)> = ["0", "1", "3"]
        .iter()
        .map(|threads| {
            let csv = dir.path().join(format!("{threads}.csv"));
            let json = dir.path().join(format!("{threads}.json"));
            lognoise()
                .arg("mine")
                .arg(&input)
                .args(["--scan-threads", threads, "-q", "--csv"])
                .arg(&csv)
                .arg("--json")
                .arg(&json)
                .assert()
                .success();
            (std::fs::read(&csv).unwrap(), std::fs::read(&json).unwrap())
        })
        .collect();
    let rows = read_csv(&dir.path().join("0.csv"));
    check_rows(&rows, count_lines(&bytes));
    assert_eq!(outputs[0], outputs[1], "one worker thread");
    assert_eq!(outputs[0], outputs[2], "three worker threads");
}

#[test]
fn standard_input_shows_the_templates() {
    let text = std::fs::read(fixture("app.log")).unwrap();
    lognoise()
        .args(["mine", "-"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("Order <*> persisted in <*> ms"))
        .stdout(predicate::str::contains("12 lines, 3 templates"));
}

#[test]
fn missing_file_exits_2_and_says_what_to_do() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-dir").join("app.log");
    let csv = dir.path().join("lines.csv");
    lognoise()
        .arg("mine")
        .arg(&missing)
        .arg("--csv")
        .arg(&csv)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(missing.display().to_string()))
        .stderr(predicate::str::contains("check the path"))
        .stderr(predicate::str::contains("pass - to read standard input"));
    assert!(
        !csv.exists(),
        "no output is written when the input is missing"
    );
}

#[test]
fn empty_file_gives_zero_lines_and_a_header_only_csv() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("empty.log");
    std::fs::write(&input, b"").unwrap();
    let csv = dir.path().join("lines.csv");
    let json = dir.path().join("templates.json");
    lognoise()
        .arg("mine")
        .arg(&input)
        .arg("--csv")
        .arg(&csv)
        .arg("--json")
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 lines, 0 templates"));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.trim_end(), "LineId,EventId,EventTemplate");
    assert!(read_csv(&csv).is_empty());
    let doc = read_json(&json);
    assert!(check_templates_json(&doc, 0).is_empty());
}

/// A leading RFC 3339 time is the event time: templates report when they were first and last
/// seen, whatever the order of the lines.
#[test]
fn leading_times_give_first_and_last_seen() {
    let dir = TempDir::new().unwrap();
    let log = dir.path().join("timed.log");
    std::fs::write(
        &log,
        "2026-03-02T10:16:01.123Z INFO Order ord_2 persisted in 7 ms\n\
         2026-03-02T10:15:01.123Z INFO Order ord_1 persisted in 5 ms\n\
         no time here\n",
    )
    .unwrap();
    let json = dir.path().join("t.json");
    lognoise()
        .args([
            "mine",
            log.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
            "-q",
        ])
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let templates = doc["templates"].as_array().unwrap();
    let order = templates
        .iter()
        .find(|t| t["text"] == "Order <*> persisted in <*> ms")
        .unwrap();
    assert_eq!(order["first_seen"], 1_772_446_501_123_i64);
    assert_eq!(order["last_seen"], 1_772_446_561_123_i64);
    let untimed = templates
        .iter()
        .find(|t| t["text"] == "no time here")
        .unwrap();
    assert!(untimed["first_seen"].is_null());
}
