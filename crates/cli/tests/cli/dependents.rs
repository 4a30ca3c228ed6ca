//! `lognoise pull` reads what reads the log groups, and `lognoise dependents` says which
//! templates each dependent reads: against `moto_server`, through the real SDK (issue 14).

use super::common::*;
use lognoise_cloudwatch::testing as aws;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn pull(ws: &Path, group: &str) -> String {
    aws::test_credentials();
    let out = lognoise()
        .args([
            "pull", "--group", group, "--since", "1h", "--sample", "1000",
        ])
        .args(["--endpoint-url", &aws::moto().url, "--region", "us-east-1"])
        .args(["--rate", "0", "--workspace"])
        .arg(ws)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pull: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no warnings");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_pull_keeps_what_reads_the_group_and_each_template_shows_its_readers() {
    let url = &aws::moto().url;
    let group = "/cli-dependents/web";
    let archive = "/cli-dependents/archive";
    let now = aws::now_ms();
    let mut events = aws::web_events(group, 70, now - 600_000, 600_000, 2);
    events.extend(aws::web_events(archive, 1, now - 600_000, 600_000, 1));
    aws::seed(url, &events);
    aws::put_metric_filter(
        url,
        group,
        "payment-errors",
        "ERROR Payment",
        "Web",
        "PaymentErrors",
    );
    aws::put_metric_filter(
        url,
        group,
        "cache",
        r#"{ $.msg = "cache hit" }"#,
        "Web",
        "CacheHits",
    );
    aws::put_alarm(
        url,
        "payments-failing",
        "Web",
        "PaymentErrors",
        "arn:aws:sns:us-east-1:123456789012:oncall",
    );
    aws::put_subscription_to_group(url, group, "warnings", "?WARN ?ERROR", archive);

    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    let stdout = pull(&ws, group);
    assert!(
        stdout.contains("read by: 2 metric filters (1 alarm), 1 subscription filter"),
        "{stdout}"
    );
    let file = ws.join("dependents.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let out = lognoise()
        .args(["dependents", "--json", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evaluation: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(evaluation["schema"], "lognoise.template-readers/v1");
    let readers = evaluation["readers"].as_array().unwrap();
    let reader_names: Vec<&str> = readers
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(reader_names.len(), 3, "{reader_names:?}");
    // Per reader, the lines it reads over all templates: 10 of each of the 7 line shapes.
    let mut read_lines = vec![0u64; readers.len()];
    for t in evaluation["templates"].as_array().unwrap() {
        for r in t["read_by"].as_array().unwrap() {
            let i = r["reader"].as_u64().unwrap() as usize;
            read_lines[i] += r["lines_matched"].as_u64().unwrap();
        }
    }
    let lines_of = |name: &str| read_lines[reader_names.iter().position(|n| *n == name).unwrap()];
    assert_eq!(lines_of("payment-errors"), 10);
    assert_eq!(lines_of("cache"), 10);
    // ERROR and WARN lines.
    assert_eq!(lines_of("warnings"), 20);
    let total: u64 = evaluation["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lines"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 70);

    let table = run(&ws, &["dependents"]);
    assert!(
        table.contains("metric filter payment-errors `ERROR Payment`: feeds metric Web/PaymentErrors, alarm payments-failing"),
        "{table}"
    );
    assert!(
        table.contains("subscription filter warnings `?WARN ?ERROR`: subscription to arn:aws:logs:us-east-1:123456789012:log-group:/cli-dependents/archive:*"),
        "{table}"
    );
    assert!(table.contains("(10/10)"), "{table}");
    assert!(
        table.contains(
            "3 of 7 templates of these log groups are read by a metric filter or a subscription"
        ),
        "{table}"
    );
}

#[test]
fn a_workspace_without_dependents_says_how_to_get_them() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    lognoise()
        .arg("import")
        .arg(fixture("app.log"))
        .arg("--workspace")
        .arg(&ws)
        .assert()
        .success();
    let out = lognoise()
        .args(["dependents", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("holds no record of what reads its log groups: `lognoise pull` reads it"),
        "{stderr}"
    );
}
