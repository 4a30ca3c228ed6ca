//! `lognoise pull` reads what reads the log groups, and `lognoise dependents` says which
//! templates each dependent reads: against `moto_server`, through the real SDK (issue 14).

use super::common::*;
use lognoise_cloudwatch::testing as aws;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

/// The saved query `pull` finds on every group (recorded: moto has no saved queries).
const SAVED_QUERY: &str = "fields @timestamp, @message | filter @message like /Payment/";
/// A query only run, twice.
const RUN_QUERY: &str = "fields @message | filter msg = \"cache hit\"";

/// What CloudWatch's engine selects for the patterns of [`seed_group_with_dependents`], written
/// out for these lines (moto has no TestMetricFilter).
fn cloudwatch_selects(pattern: &str, line: &str) -> bool {
    match pattern {
        "ERROR Payment" => line.contains("ERROR") && line.contains("Payment"),
        "?WARN ?ERROR" => line.contains("WARN") || line.contains("ERROR"),
        r#"{ $.msg = "cache hit" }"# => line.contains(r#""msg":"cache hit""#),
        other => panic!("no stand-in answer for the pattern {other}"),
    }
}

/// Pulls `group` from moto through a proxy that answers the saved-query and query-history
/// calls with recorded answers (one saved query run once, one other query run twice).
fn pull(ws: &Path, group: &str) -> String {
    aws::test_credentials();
    let now = aws::now_ms();
    let proxy = aws::proxy::Proxy::start(
        Some(aws::moto().url.clone()),
        aws::proxy::FaultPlan::none(),
        Some(aws::proxy::with_test_metric_filter(
            aws::proxy::recorded_queries(
                &[("payments declined", SAVED_QUERY, &[group])],
                &[
                    (group, SAVED_QUERY, now - 120_000),
                    (group, RUN_QUERY, now - 60_000),
                    (group, RUN_QUERY, now - 30_000),
                ],
            ),
            cloudwatch_selects,
        )),
    );
    let out = lognoise()
        .args([
            "pull", "--group", group, "--since", "1h", "--sample", "1000",
        ])
        .args(["--endpoint-url", &proxy.url, "--region", "us-east-1"])
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

/// Seeds `PREFIX/web` (70 events, 10 of each shape) with two metric filters (one with an
/// alarm) and a subscription filter to `PREFIX/archive`. The metrics are in the namespace
/// `PREFIX` and the alarm's name ends in it, since alarms are the account's, not the group's.
fn seed_group_with_dependents(prefix: &str) -> String {
    let url = &aws::moto().url;
    let group = format!("{prefix}/web");
    let archive = format!("{prefix}/archive");
    let now = aws::now_ms();
    let mut events = aws::web_events(&group, 70, now - 600_000, 600_000, 2);
    events.extend(aws::web_events(&archive, 1, now - 600_000, 600_000, 1));
    aws::seed(url, &events);
    aws::put_metric_filter(
        url,
        &group,
        "payment-errors",
        "ERROR Payment",
        prefix,
        "PaymentErrors",
    );
    aws::put_metric_filter(
        url,
        &group,
        "cache",
        r#"{ $.msg = "cache hit" }"#,
        prefix,
        "CacheHits",
    );
    aws::put_alarm(
        url,
        &format!("payments-failing{}", prefix.replace('/', "-")),
        prefix,
        "PaymentErrors",
        "arn:aws:sns:us-east-1:123456789012:oncall",
    );
    aws::put_subscription_to_group(url, &group, "warnings", "?WARN ?ERROR", &archive);
    group
}

/// `lognoise dependents --json` of `ws`.
fn evaluation(ws: &Path) -> Value {
    let out = lognoise()
        .args(["dependents", "--json", "--workspace"])
        .arg(ws)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The id of the template read by the dependent `reader`, and of one nothing reads.
fn read_and_unread_templates(evaluation: &Value, reader: &str) -> (String, String) {
    let readers = evaluation["readers"].as_array().unwrap();
    let position = readers.iter().position(|r| r["name"] == reader).unwrap() as u64;
    let templates = evaluation["templates"].as_array().unwrap();
    let read = templates
        .iter()
        .find(|t| {
            t["read_by"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["reader"].as_u64() == Some(position))
        })
        .unwrap();
    let unread = templates
        .iter()
        .find(|t| t["read_by"].as_array().unwrap().is_empty())
        .unwrap();
    (
        read["template"].as_str().unwrap().to_string(),
        unread["template"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_pull_keeps_what_reads_the_group_and_each_template_shows_its_readers() {
    let group = seed_group_with_dependents("/cli-dependents");
    let group = group.as_str();
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    let stdout = pull(&ws, group);
    assert!(
        stdout.contains(
            "read by: 2 metric filters (1 alarm), 1 subscription filter, 0 account subscription \
             policies, 1 saved query, 0 dashboard widgets and 1 other query run recently"
        ),
        "{stdout}"
    );
    let file = ws.join("dependents.json");
    // Every pattern was cross-checked with the (stand-in) engine on one line of each of the
    // seven templates, and agreed.
    let stored: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let web = &stored["groups"][0];
    for f in web["metric_filters"]
        .as_array()
        .unwrap()
        .iter()
        .chain(web["subscription_filters"].as_array().unwrap())
    {
        assert_eq!(f["cross_check"]["lines"], 50, "{f}");
        assert_eq!(
            f["cross_check"]["disagreements"],
            serde_json::json!([]),
            "{f}"
        );
    }
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
    assert_eq!(reader_names.len(), 5, "{reader_names:?}");
    assert_eq!(reader_names[3], "payments declined");
    assert_eq!(readers[3]["kind"], "saved_query");
    assert_eq!(readers[4]["kind"], "recent_query");
    assert_eq!(readers[4]["runs"]["runs"], 2);
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
    assert_eq!(lines_of("payments declined"), 10);
    assert_eq!(lines_of(RUN_QUERY), 10);
    let total: u64 = evaluation["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["lines"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 70);

    let table = run(&ws, &["dependents"]);
    assert!(
        table.contains("metric filter payment-errors `ERROR Payment`: feeds metric /cli-dependents/PaymentErrors, alarm payments-failing-cli-dependents"),
        "{table}"
    );
    assert!(
        table.contains("subscription filter warnings `?WARN ?ERROR`: subscription to arn:aws:logs:us-east-1:123456789012:log-group:/cli-dependents/archive:*"),
        "{table}"
    );
    assert!(table.contains("(10/10)"), "{table}");
    assert!(
        table.contains("saved query payments declined, run once in 1 day"),
        "{table}"
    );
    assert!(
        table.contains(
            "3 of 7 templates of these log groups are read by a metric filter, a subscription or a query"
        ),
        "{table}"
    );

    // The review queue names the same readers, those a drop breaks first.
    run(&ws, &["session", "new", "weekly"]);
    let out = lognoise()
        .args(["session", "show", "--json", "--workspace"])
        .arg(&ws)
        .output()
        .unwrap();
    let queue: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(queue["readers_known"], true);
    let rows = queue["templates"].as_array().unwrap();
    let read: Vec<&Value> = rows
        .iter()
        .filter(|r| !r["read_by"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(read.len(), 3, "as `dependents` counts: {queue:#}");
    let payment = read
        .iter()
        .find(|r| {
            r["read_by"][0]["description"]
                .as_str()
                .unwrap()
                .contains("alarm payments-failing")
        })
        .unwrap_or_else(|| panic!("no row read by the alarm's metric filter: {queue:#}"));
    assert_eq!(payment["read_by"][0]["breaks_on_drop"], true);
    assert_eq!(payment["read_by"][0]["lines_matched"], 10);
    let table = run(&ws, &["session", "show"]);
    assert!(
        table.contains("read by: feeds metric /cli-dependents/PaymentErrors"),
        "{table}"
    );
}

#[test]
fn a_workspace_without_dependents_says_how_to_get_them() {
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    import(&ws, &[&fixture("app.log")]).success();
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

#[test]
fn a_rule_dropping_what_an_alarm_reads_is_a_conflict_until_forced() {
    let group = seed_group_with_dependents("/cli-rules-dependents");
    let dir = TempDir::new().unwrap();
    let ws = dir.path().join("ws");
    pull(&ws, &group);
    let (payments, unread) = read_and_unread_templates(&evaluation(&ws), "payment-errors");
    let rules = dir.path().join("rules.json");

    let generate = |template: &str, force: bool| {
        let mut cmd = lognoise();
        cmd.args(["rules", "generate", "--noise", template, "--output"])
            .arg(&rules)
            .arg("--workspace")
            .arg(&ws);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let refused = generate(&payments, false);
    assert_eq!(refused.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(
        stdout
            .contains("CONFLICTS: rules dropping lines that a metric filter, subscription or saved query reads"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "drops 10 lines that metric filter payment-errors of {group} reads: feeds metric \
             /cli-rules-dependents/PaymentErrors, alarm payments-failing-cli-rules-dependents"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("subscription filter warnings"), "{stdout}");
    assert!(stdout.contains("not written"), "{stdout}");
    assert!(!rules.exists());

    // A template nothing reads makes a clean rule.
    let clean = generate(&unread, false);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    assert!(!String::from_utf8_lossy(&clean.stdout).contains("CONFLICTS"));

    // Forced, the file is written; exporting it is refused in turn until forced.
    assert!(generate(&payments, true).status.success());
    let export = |force: bool| {
        let mut cmd = lognoise();
        cmd.args(["rules", "export", "--format", "vector", "--rules"])
            .arg(&rules)
            .arg("--workspace")
            .arg(&ws);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let blocked = export(false);
    assert_eq!(blocked.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&blocked.stderr);
    assert!(stderr.contains("not exported"), "{stderr}");
    assert!(
        stderr.contains("alarm payments-failing-cli-rules-dependents"),
        "{stderr}"
    );
    assert_eq!(blocked.stdout, b"");
    let forced = export(true);
    assert!(forced.status.success());
    assert!(!forced.stdout.is_empty());

    // `rules validate --json` names the dependent.
    let out = lognoise()
        .args(["rules", "validate", "--json", "--rules"])
        .arg(&rules)
        .arg("--workspace")
        .arg(&ws)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dependents: Vec<&str> = report["dependent_conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["dependent"].as_str().unwrap())
        .collect();
    assert_eq!(
        dependents,
        ["payment-errors", "warnings", "payments declined"]
    );
}
