//! Pulls through the real SDK from `moto_server` (started by the tests on a free loopback
//! port), directly and through a proxy that injects faults.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use lognoise_cloudwatch::{Cancel, CloudWatch, ConnectOptions, Error, PullRequest, Via};
use lognoise_workspace::{ArchiveMeter, LogClass, Retention, StoredEvent, Workspace};
use std::collections::BTreeMap;
use std::time::Duration;
use support::proxy::{Fault, FaultPlan, Proxy};
use support::{moto, seed, web_events, Seeded};

const HOUR: i64 = 3_600_000;

fn connect(url: &str) -> CloudWatch {
    connect_with_timeout(url, Duration::from_secs(30))
}

/// `attempt_timeout` below the proxy's stalls makes them time out (and be retried).
fn connect_with_timeout(url: &str, attempt_timeout: Duration) -> CloudWatch {
    support::test_credentials();
    CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.into()),
        rate: 0.0,
        max_attempts: 10,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        attempt_timeout,
        ..ConnectOptions::default()
    })
    .unwrap()
}

fn request(key: &str, groups: &[&str], start: i64, end: i64, sample: u64) -> PullRequest {
    PullRequest {
        key: key.into(),
        groups: groups.iter().map(|g| g.to_string()).collect(),
        window_start_ms: start,
        window_end_ms: end,
        filter: None,
        sample,
        via: Via::FilterLogEvents,
        slices: None,
        concurrency: 4,
        batch_events: 500,
    }
}

fn stored(ws: &Workspace) -> Vec<StoredEvent> {
    Workspace::open(ws.root())
        .unwrap()
        .events()
        .unwrap()
        .map(|e| e.unwrap())
        .collect()
}

fn as_seeded(e: &StoredEvent) -> Seeded {
    Seeded {
        group: e.log_group.clone().unwrap(),
        stream: e.log_stream.clone().unwrap(),
        timestamp_ms: e.timestamp_ms.unwrap(),
        message: e.message.clone(),
    }
}

/// Every stored event is a seeded one and none is stored twice.
fn assert_subset_once(ws: &Workspace, seeded: &[Seeded]) -> Vec<Seeded> {
    let mut pulled: Vec<Seeded> = stored(ws).iter().map(as_seeded).collect();
    pulled.sort();
    let before = pulled.len();
    pulled.dedup();
    assert_eq!(pulled.len(), before, "an event was imported twice");
    for p in &pulled {
        assert!(seeded.binary_search(p).is_ok(), "not seeded: {p:?}");
    }
    pulled
}

fn window(offset_hours: i64) -> (i64, i64) {
    let end = support::now_ms() - offset_hours * HOUR;
    (end - HOUR, end)
}

#[test]
fn a_pull_larger_than_the_window_brings_every_event_exactly_once() {
    let (start, end) = window(0);
    let mut seeded = web_events("/test/all-a", 1500, start, HOUR, 3);
    seeded.extend(web_events("/test/all-b", 900, start + 1, HOUR - 1, 2));
    // Outside the window: never pulled.
    seeded.extend(
        web_events("/test/all-a", 40, start - HOUR, HOUR - 10, 1)
            .into_iter()
            .map(|mut e| {
                e.stream = "old".into();
                e
            }),
    );
    seed(&moto().url, &seeded);
    seeded.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&moto().url);
    let report = cw
        .pull(
            &mut ws,
            &request("all", &["/test/all-a", "/test/all-b"], start, end, 10_000),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 2400);
    let pulled = assert_subset_once(&ws, &seeded);
    let in_window: Vec<&Seeded> = seeded
        .iter()
        .filter(|e| e.timestamp_ms >= start && e.timestamp_ms < end)
        .collect();
    assert_eq!(pulled.len(), in_window.len());
    let sample = report.sample.unwrap();
    let bytes: u64 = in_window.iter().map(|e| e.message.len() as u64).sum();
    assert_eq!(sample.bytes, bytes);
    // Every slice was read to its end: the stored bytes are exact.
    assert_eq!(sample.stored_bytes, Some(bytes));
    assert!((sample.scale() - 1.0).abs() < 1e-9);
    assert_eq!(ws.manifest().imports.len(), 1);
    assert_eq!(ws.manifest().imports[0].sample.as_ref(), Some(&sample));
    assert!(ws.templates().templates().len() >= 7);
}

#[test]
fn a_sample_is_spread_evenly_over_the_window() {
    let (start, end) = window(2);
    let seeded = web_events("/test/spread", 3000, start, HOUR, 4);
    seed(&moto().url, &seeded);
    let mut sorted = seeded.clone();
    sorted.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&moto().url);
    let mut req = request("spread", &["/test/spread"], start, end, 300);
    req.slices = Some(10);
    let report = cw.pull(&mut ws, &req, &Cancel::new(), &mut |_| {}).unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 300);
    let pulled = assert_subset_once(&ws, &sorted);
    let mut per_slice = BTreeMap::new();
    for e in &pulled {
        *per_slice
            .entry((e.timestamp_ms - start) * 10 / HOUR)
            .or_insert(0) += 1;
    }
    assert_eq!(per_slice.len(), 10, "{per_slice:?}");
    assert!(per_slice.values().all(|&n| n == 30), "{per_slice:?}");
    // Cut-off slices are scaled by the time they cover: about the 3000 events' bytes.
    let sample = report.sample.unwrap();
    let all: u64 = seeded.iter().map(|e| e.message.len() as u64).sum();
    let stored = sample.stored_bytes.unwrap() as f64;
    assert!((stored / all as f64 - 1.0).abs() < 0.1, "{stored} vs {all}");
    assert!(sample.scale() > 8.0 && sample.scale() < 12.0);
}

#[test]
fn an_interrupted_pull_resumes_without_losing_or_repeating_events() {
    let (start, end) = window(4);
    let seeded = web_events("/test/resume", 2000, start, HOUR, 3);
    seed(&moto().url, &seeded);
    let mut sorted = seeded.clone();
    sorted.sort();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let mut req = request("resume", &["/test/resume"], start, end, 1500);
    req.batch_events = 100;
    req.concurrency = 1;
    req.slices = Some(30);
    let cw = connect(&moto().url);
    let first = {
        let mut ws = Workspace::open_or_create(&root).unwrap();
        let cancel = Cancel::new();
        let stop = cancel.clone();
        let report = cw
            .pull(&mut ws, &req, &cancel, &mut |p| {
                if p.events >= 400 {
                    stop.cancel();
                }
            })
            .unwrap();
        assert!(!report.complete);
        assert!(
            report.events >= 400 && report.events < 1500,
            "{}",
            report.events
        );
        assert_eq!(ws.manifest().events, report.events);
        report.events
    };
    // The same pull again (a relative window would have moved: the first window is kept).
    let mut later = req.clone();
    later.window_start_ms += 60_000;
    later.window_end_ms += 60_000;
    let mut ws = Workspace::open(&root).unwrap();
    let report = cw
        .pull(&mut ws, &later, &Cancel::new(), &mut |_| {})
        .unwrap();
    assert!(report.resumed);
    assert!(report.complete);
    assert_eq!(report.events + first, 1500);
    assert_eq!(report.pull_events, 1500);
    let pulled = assert_subset_once(&ws, &sorted);
    assert_eq!(pulled.len(), 1500);
    assert!(pulled
        .iter()
        .all(|e| e.timestamp_ms >= start && e.timestamp_ms < end));
    // One import record for the pull, counting all its events.
    assert_eq!(ws.manifest().imports.len(), 1);
    assert_eq!(ws.manifest().imports[0].events, 1500);
    // A finished pull run again takes a new sample, and events already here are not added.
    let again = cw.pull(&mut ws, &req, &Cancel::new(), &mut |_| {}).unwrap();
    assert!(!again.resumed);
    assert_eq!(again.events, 500);
    assert_eq!(assert_subset_once(&ws, &sorted).len(), 2000);
}

#[test]
fn the_filter_pattern_is_sent_and_only_matching_events_arrive() {
    let (start, end) = window(6);
    let seeded = web_events("/test/filter", 1400, start, HOUR, 2);
    seed(&moto().url, &seeded);
    let mut sorted = seeded.clone();
    sorted.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&moto().url);
    let mut req = request("filter", &["/test/filter"], start, end, 10_000);
    req.filter = Some("ERROR".into());
    let report = cw.pull(&mut ws, &req, &Cancel::new(), &mut |_| {}).unwrap();
    let errors = seeded
        .iter()
        .filter(|e| e.message.starts_with("ERROR "))
        .count();
    assert_eq!(errors, 200);
    assert_eq!(report.events, 200);
    let pulled = assert_subset_once(&ws, &sorted);
    assert!(pulled
        .iter()
        .all(|e| e.message.starts_with("ERROR Payment declined")));
    assert_eq!(report.sample.unwrap().filter.as_deref(), Some("ERROR"));
}

#[test]
fn faults_on_a_third_of_the_requests_still_bring_every_event_once() {
    let (start, end) = window(8);
    let seeded = web_events("/test/faults", 1200, start, HOUR, 3);
    seed(&moto().url, &seeded);
    let mut sorted = seeded.clone();
    sorted.sort();
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan {
            share: 0.35,
            faults: vec![
                Fault::Throttle,
                Fault::ServerError,
                Fault::Slow,
                Fault::Stall,
                Fault::Drop,
            ],
        },
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect_with_timeout(&proxy.url, Duration::from_secs(1));
    let mut req = request("faults", &["/test/faults"], start, end, 10_000);
    req.slices = Some(12);
    let report = cw.pull(&mut ws, &req, &Cancel::new(), &mut |_| {}).unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 1200);
    assert_eq!(assert_subset_once(&ws, &sorted).len(), 1200);
    let faults = proxy
        .counts
        .faults
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(faults >= 3, "only {faults} faults injected");
    assert!(report.throttled >= 1 || faults < 5);
    assert!(report.requests > 12);
}

#[test]
fn persistent_throttling_ends_with_one_sentence_and_keeps_nothing_half_done() {
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan {
            share: 1.0,
            faults: vec![Fault::Throttle],
        },
        None,
    );
    support::test_credentials();
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(proxy.url.clone()),
        rate: 0.0,
        max_attempts: 4,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..ConnectOptions::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let (start, end) = window(0);
    let mut req = request("throttled", &["/test/all-a"], start, end, 100);
    // One request at a time: each throttle halves the rate of the next tries.
    req.slices = Some(1);
    req.concurrency = 1;
    let err = cw
        .pull(&mut ws, &req, &Cancel::new(), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, Error::Throttled { attempts: 4 }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "CloudWatch Logs kept throttling requests after 4 tries: run the same command again \
         later to resume, or lower --rate so other tools in the account keep their share"
    );
    assert_eq!(Workspace::open(ws.root()).unwrap().manifest().events, 0);
}

#[test]
fn persistent_server_errors_end_with_one_sentence() {
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan {
            share: 1.0,
            faults: vec![Fault::ServerError, Fault::Drop],
        },
        None,
    );
    support::test_credentials();
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(proxy.url.clone()),
        rate: 0.0,
        max_attempts: 3,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..ConnectOptions::default()
    })
    .unwrap();
    let err = cw.groups(None).unwrap_err();
    assert!(
        matches!(err, Error::KeptFailing { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .starts_with("CloudWatch Logs kept failing ("));
    assert!(err
        .to_string()
        .ends_with("after 3 tries: run the same command again later; it resumes where it stopped"));
}

#[test]
fn expired_credentials_missing_groups_and_unknown_regions_are_one_sentence_each() {
    let proxy = Proxy::start(
        None,
        FaultPlan {
            share: 1.0,
            faults: vec![Fault::Expired],
        },
        None,
    );
    let err = connect(&proxy.url).groups(None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "AWS refused the credentials as expired or invalid (ExpiredTokenException): refresh them \
         (for example `aws sso login --profile NAME`) and run the command again"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let (start, end) = window(0);
    let err = connect(&moto().url)
        .pull(
            &mut ws,
            &request("missing", &["/test/no-such-group"], start, end, 10),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "log group `/test/no-such-group` does not exist in region us-east-1: `lognoise groups` \
         lists the log groups there (check --region and --profile)"
    );

    support::test_credentials();
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("mars-north-1".into()),
        max_attempts: 2,
        backoff: Duration::from_millis(5),
        ..ConnectOptions::default()
    })
    .unwrap();
    let err = cw.groups(None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "region `mars-north-1` has no CloudWatch Logs endpoint that can be reached (its name does \
         not resolve): check --region or AWS_REGION (for example us-east-1), or your network"
    );
}

#[test]
fn log_groups_are_listed_with_their_prefix_and_retention() {
    let (start, _) = window(10);
    seed(
        &moto().url,
        &web_events("/test/groups/one", 10, start, HOUR, 1),
    );
    seed(
        &moto().url,
        &web_events("/test/groups/two", 10, start, HOUR, 1),
    );
    support::runtime().block_on(async {
        support::client(&moto().url)
            .put_retention_policy()
            .log_group_name("/test/groups/two")
            .retention_in_days(14)
            .send()
            .await
            .unwrap();
    });
    let groups = connect(&moto().url).groups(Some("/test/groups/")).unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["/test/groups/one", "/test/groups/two"]);
    assert_eq!(groups[0].retention_days, None);
    assert_eq!(groups[1].retention_days, Some(14));
}

/// A Logs Insights stand-in in front of a fixed set of events: StartQuery notes the time range
/// and `limit`; GetQueryResults answers "Running" once, then the rows in the format of the
/// real service (`@timestamp` as `YYYY-MM-DD HH:MM:SS.mmm`, `@log` as `account:group`,
/// `@ptr`); a `pattern` query gets the recorded response in `fixtures/pattern-results.json`.
fn insights_stand_in(
    events: Vec<Seeded>,
) -> (Proxy, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    let queries: Arc<Mutex<Vec<String>>> = Arc::default();
    /// Start and end (seconds), limit, query text, GetQueryResults calls so far.
    type Query = (i64, i64, usize, String, u32);
    let state: Arc<Mutex<HashMap<String, Query>>> = Arc::default();
    let log = queries.clone();
    let answer = move |target: &str, body: &serde_json::Value| {
        let mut state = state.lock().unwrap();
        match target {
            "Logs_20140328.StartQuery" => {
                let q = body["queryString"].as_str().unwrap().to_string();
                log.lock().unwrap().push(q.clone());
                let limit = q
                    .rsplit_once("limit ")
                    .map(|(_, n)| n.trim().parse().unwrap())
                    .unwrap_or(10_000);
                let id = format!("4f1c2b3a-0000-4000-8000-{:012}", state.len());
                state.insert(
                    id.clone(),
                    (
                        body["startTime"].as_i64().unwrap(),
                        body["endTime"].as_i64().unwrap(),
                        limit,
                        q,
                        0,
                    ),
                );
                (200, serde_json::json!({ "queryId": id }).to_string())
            }
            "Logs_20140328.GetQueryResults" => {
                let id = body["queryId"].as_str().unwrap();
                let (start_s, end_s, limit, query, polls) = state.get_mut(id).unwrap();
                *polls += 1;
                if *polls == 1 {
                    return (200, r#"{"results":[],"statistics":{"recordsMatched":0.0,"recordsScanned":0.0,"bytesScanned":0.0},"status":"Running"}"#.into());
                }
                if query.contains("pattern @message") {
                    return (200, include_str!("fixtures/pattern-results.json").into());
                }
                let rows: Vec<serde_json::Value> = events
                    .iter()
                    .filter(|e| {
                        e.timestamp_ms >= *start_s * 1000 && e.timestamp_ms < (*end_s + 1) * 1000
                    })
                    .take(*limit)
                    .map(|e| {
                        let ts = jiff::Timestamp::from_millisecond(e.timestamp_ms)
                            .unwrap()
                            .strftime("%Y-%m-%d %H:%M:%S%.3f")
                            .to_string();
                        let ptr = format!(
                            "CmAKJgoiMTIzNDU2Nzg5MDEyOi9lY3Mvd2ViEAAiAA{}",
                            e.timestamp_ms
                        );
                        serde_json::json!([
                            {"field": "@timestamp", "value": ts},
                            {"field": "@message", "value": e.message},
                            {"field": "@logStream", "value": e.stream},
                            {"field": "@log", "value": format!("123456789012:{}", e.group)},
                            {"field": "@ptr", "value": ptr},
                        ])
                    })
                    .collect();
                let n = rows.len();
                (
                    200,
                    serde_json::json!({
                        "results": rows,
                        "statistics": {"recordsMatched": n as f64, "recordsScanned": n as f64, "bytesScanned": (n * 120) as f64},
                        "status": "Complete"
                    })
                    .to_string(),
                )
            }
            // The group a pull asks the log class of, as the real service lists it.
            "Logs_20140328.DescribeLogGroups" => {
                let name = body["logGroupNamePrefix"].as_str().unwrap_or_default();
                let group = serde_json::json!({
                    "logGroupName": name,
                    "creationTime": 1_772_409_600_000_i64,
                    "storedBytes": 0,
                    "logGroupClass": "STANDARD",
                });
                (200, serde_json::json!({ "logGroups": [group] }).to_string())
            }
            other => (
                400,
                format!(r#"{{"__type":"UnknownOperationException","message":"{other}"}}"#),
            ),
        }
    };
    let local: support::proxy::Local = Arc::new(move |target, body| Some(answer(target, body)));
    (Proxy::start(None, FaultPlan::none(), Some(local)), queries)
}

#[test]
fn insights_queries_that_come_back_full_are_split_until_the_sample_is_had() {
    let start = 1_772_409_600_000;
    let events = web_events("/ecs/web", 25_000, start, HOUR, 3);
    let (server, queries) = insights_stand_in(events.clone());
    let mut sorted = events.clone();
    sorted.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&server.url);
    let mut req = request("insights", &["/ecs/web"], start, start + HOUR, 20_000);
    req.via = Via::Insights;
    req.slices = Some(1);
    req.batch_events = 5000;
    let report = cw.pull(&mut ws, &req, &Cancel::new(), &mut |_| {}).unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 20_000);
    let pulled = assert_subset_once(&ws, &sorted);
    assert_eq!(pulled.len(), 20_000);
    // The full first query, then one per half, each of them full too.
    let queries = queries.lock().unwrap().clone();
    assert_eq!(queries.len(), 3, "{queries:?}");
    assert!(queries
        .iter()
        .all(|q| q.ends_with("| sort @timestamp asc | limit 10000")));
    let first_half = pulled
        .iter()
        .filter(|e| e.timestamp_ms < start + HOUR / 2)
        .count();
    assert_eq!(first_half, 10_000);
    let sample = report.sample.unwrap();
    // Each half read 10,000 of its 12,500 events: the estimate scales them up.
    let all: u64 = events.iter().map(|e| e.message.len() as u64).sum();
    let ratio = sample.stored_bytes.unwrap() as f64 / all as f64;
    assert!((0.9..1.1).contains(&ratio), "{ratio}");
}

#[test]
fn server_side_patterns_are_kept_as_templates_of_the_workspace() {
    let (server, queries) = insights_stand_in(Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&server.url);
    let start = 1_772_409_600_000;
    let set = cw
        .pull_patterns(
            &ws,
            &["/ecs/web".into()],
            start,
            start + HOUR,
            Some("@message like /orders/"),
        )
        .unwrap();
    assert_eq!(
        queries.lock().unwrap().as_slice(),
        ["filter @message like /orders/ | pattern @message"]
    );
    let texts: Vec<&str> = set
        .patterns
        .iter()
        .map(|p| p.template.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "[INFO] GET /api/orders/<*> 200 <*> ms",
            "[INFO] session closed for user <*> from <*>",
            "[ERROR] Payment declined for user_id=<*> card=visa code=51",
            "[WARN] Slow query on orders took <*> ms",
        ]
    );
    let first = &set.patterns[0];
    assert_eq!(first.template.count, 1200);
    assert_eq!(
        first.template.id,
        lognoise_miner::TemplateId::of_text(&first.template.text)
    );
    assert_eq!(first.template.variables.len(), 2);
    assert!((first.ratio - 0.4286).abs() < 1e-9);
    assert_eq!(first.severity.as_deref(), Some("Info"));
    assert_eq!(set.patterns[2].template.levels[0].value, "error");
    assert_eq!(set.records_matched, 2800);
    assert_eq!(set.bytes_scanned, 301_234);
    // Kept in the workspace, private to the user, and read back the same.
    let again = lognoise_cloudwatch::PatternSet::read(&ws).unwrap().unwrap();
    assert_eq!(again, set);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(lognoise_cloudwatch::PatternSet::path_in(&ws))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_sample_larger_than_what_the_groups_hold_takes_one_request_a_group() {
    let (start, end) = window(30);
    let groups: Vec<String> = (0..7).map(|g| format!("/test/sparse-{g}")).collect();
    let mut seeded = Vec::new();
    for g in &groups {
        seeded.extend(web_events(g, 300, start, HOUR, 2));
    }
    seed(&moto().url, &seeded);
    seeded.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&moto().url);
    let names: Vec<&str> = groups.iter().map(String::as_str).collect();
    let report = cw
        .pull(
            &mut ws,
            &request("sparse", &names, start, end, 1_000_000),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 2100);
    assert_eq!(assert_subset_once(&ws, &seeded).len(), 2100);
    // Cut by the sample alone, each group would be 143 slices of a request or more each. One
    // DescribeLogGroups a group reads its log class and retention, one DescribeQueries its
    // Logs Insights history (none ran: no GetQueryResults follows), one FilterLogEvents
    // reads it whole.
    assert_eq!(report.requests, 21);
    let sample = report.sample.unwrap();
    assert_eq!(sample.stored_bytes, Some(sample.bytes));
}

#[test]
fn a_group_well_under_its_share_is_read_in_page_sized_slices() {
    let (start, end) = window(32);
    let seeded = web_events("/test/under-share", 12_000, start, HOUR, 4);
    seed(&moto().url, &seeded);
    let mut sorted = seeded.clone();
    sorted.sort();
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&moto().url);
    let report = cw
        .pull(
            &mut ws,
            &request("under", &["/test/under-share"], start, end, 1_000_000),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.complete);
    assert_eq!(report.events, 12_000);
    assert_eq!(assert_subset_once(&ws, &sorted).len(), 12_000);
    // The first look (a full page: 10,000 events over 5/6 of the hour) estimates 12,000
    // events, far under the share: 3 slices of half a page, instead of 240 by the sample (and
    // one DescribeLogGroups for the group's log class).
    assert!(report.requests <= 9, "{} requests", report.requests);
}

#[test]
fn a_stop_ends_the_pull_at_once_even_while_requests_wait() {
    let (start, end) = window(34);
    let seeded = web_events("/test/stop", 600, start, HOUR, 2);
    seed(&moto().url, &seeded);
    // Every answer is held for 3 s.
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan {
            share: 1.0,
            faults: vec![Fault::Stall],
        },
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let cw = connect(&proxy.url);
    let cancel = Cancel::new();
    let stop = cancel.clone();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        stop.cancel();
        std::time::Instant::now()
    });
    let mut req = request("stop", &["/test/stop"], start, end, 300);
    req.slices = Some(6);
    let report = cw.pull(&mut ws, &req, &cancel, &mut |_| {}).unwrap();
    let stopped_at = stopper.join().unwrap();
    let waited = stopped_at.elapsed();
    assert!(!report.complete);
    assert_eq!(report.events, 0);
    // The requests in flight were abandoned, not waited for (each would take 3 s).
    assert!(
        waited < Duration::from_secs(2),
        "the pull ended {waited:?} after the stop"
    );
    // Run again without a stop, it finishes.
    let direct = connect(&moto().url);
    let mut ws = Workspace::open(ws.root()).unwrap();
    let again = direct
        .pull(&mut ws, &req, &Cancel::new(), &mut |_| {})
        .unwrap();
    assert!(again.complete);
    assert_eq!(again.events, 300);
}

/// A `DescribeLogGroups` answer in the real service's format, `logGroupClass` included (moto
/// 5.2 neither keeps the class given to CreateLogGroup nor returns one), for the groups whose
/// names start with the request's prefix; every other call goes on to moto.
fn describe_with_classes(groups: &'static [(&'static str, &'static str)]) -> support::proxy::Local {
    std::sync::Arc::new(move |target: &str, body: &serde_json::Value| {
        if target != "Logs_20140328.DescribeLogGroups" {
            return None;
        }
        let prefix = body["logGroupNamePrefix"].as_str().unwrap_or_default();
        let listed: Vec<serde_json::Value> = groups
            .iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(name, class)| {
                serde_json::json!({
                    "logGroupName": name,
                    "creationTime": 1_772_409_600_000_i64,
                    "metricFilterCount": 0,
                    "arn": format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}:*"),
                    "storedBytes": 1_048_576,
                    "logGroupClass": class,
                    "logGroupArn": format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}"),
                })
            })
            .collect();
        Some((200, serde_json::json!({ "logGroups": listed }).to_string()))
    })
}

#[test]
fn a_pull_records_each_group_s_log_class_and_stored_bytes() {
    let (start, end) = window(36);
    let mut seeded = web_events("/test/class/web", 300, start, HOUR, 2);
    seeded.extend(web_events("/test/class/flow", 100, start, HOUR, 1));
    seed(&moto().url, &seeded);
    const CLASSES: &[(&str, &str)] = &[
        ("/test/class/web", "STANDARD"),
        ("/test/class/flow", "INFREQUENT_ACCESS"),
        ("/test/class/delivery", "DELIVERY"),
    ];
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan::none(),
        Some(describe_with_classes(CLASSES)),
    );
    let cw = connect(&proxy.url);
    let listed = cw.groups(Some("/test/class/")).unwrap();
    let classes: Vec<Option<LogClass>> = listed.iter().map(|g| g.log_class).collect();
    // A delivery group has no ingestion price of its own here: priced as Standard.
    assert_eq!(
        classes,
        [
            Some(LogClass::Standard),
            Some(LogClass::InfrequentAccess),
            None
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let report = cw
        .pull(
            &mut ws,
            &request(
                "classes",
                &["/test/class/web", "/test/class/flow"],
                start,
                end,
                10_000,
            ),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.complete);
    let sample = report.sample.unwrap();
    let bytes_of = |group: &str| -> u64 {
        seeded
            .iter()
            .filter(|e| e.group == group && e.timestamp_ms >= start && e.timestamp_ms < end)
            .map(|e| e.message.len() as u64)
            .sum()
    };
    let groups: Vec<(&str, Option<u64>, Option<LogClass>)> = sample
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.stored_bytes, g.log_class))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "/test/class/web",
                Some(bytes_of("/test/class/web")),
                Some(LogClass::Standard)
            ),
            (
                "/test/class/flow",
                Some(bytes_of("/test/class/flow")),
                Some(LogClass::InfrequentAccess)
            ),
        ]
    );
    assert_eq!(ws.manifest().imports[0].sample.as_ref(), Some(&sample));
}

#[test]
fn straight_from_moto_a_pull_records_its_groups_without_a_class() {
    let (start, end) = window(38);
    let seeded = web_events("/test/class-moto/web", 200, start, HOUR, 1);
    seed(&moto().url, &seeded);
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let report = connect(&moto().url)
        .pull(
            &mut ws,
            &request(
                "moto-classes",
                &["/test/class-moto/web"],
                start,
                end,
                10_000,
            ),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    let sample = report.sample.unwrap();
    assert_eq!(sample.groups.len(), 1);
    assert_eq!(sample.groups[0].name, "/test/class-moto/web");
    assert_eq!(sample.groups[0].stored_bytes, sample.stored_bytes);
    // moto returns no logGroupClass: the group is priced as Standard.
    assert_eq!(sample.groups[0].log_class, None);
}

/// A pull records each group's retention as `DescribeLogGroups` gives it (moto keeps what
/// `PutRetentionPolicy` set; a group without one never expires its events) and the archived
/// size of the events it pulled, measured on them as they arrived.
#[test]
fn a_pull_records_each_group_s_retention_and_archived_size() {
    let (start, end) = window(40);
    let mut seeded = web_events("/test/retention/web", 400, start, HOUR, 2);
    seeded.extend(web_events("/test/retention/audit", 150, start, HOUR, 1));
    seed(&moto().url, &seeded);
    support::runtime().block_on(async {
        support::client(&moto().url)
            .put_retention_policy()
            .log_group_name("/test/retention/web")
            .retention_in_days(30)
            .send()
            .await
            .unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let report = connect(&moto().url)
        .pull(
            &mut ws,
            &request(
                "retention",
                &["/test/retention/web", "/test/retention/audit"],
                start,
                end,
                10_000,
            ),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    assert!(report.complete);
    let sample = report.sample.unwrap();
    let group = |name: &str| sample.groups.iter().find(|g| g.name == name).unwrap();
    assert_eq!(
        group("/test/retention/web").retention_days,
        Some(Retention::Days(30))
    );
    assert_eq!(
        group("/test/retention/audit").retention_days,
        Some(Retention::NeverExpires)
    );
    for name in ["/test/retention/web", "/test/retention/audit"] {
        let mine: Vec<&Seeded> = seeded
            .iter()
            .filter(|e| e.group == name && e.timestamp_ms >= start && e.timestamp_ms < end)
            .collect();
        let archived = group(name).archived.unwrap();
        assert_eq!(archived.events, mine.len() as u64, "{name}");
        assert_eq!(
            archived.bytes,
            mine.iter().map(|e| e.message.len() as u64).sum::<u64>()
        );
        // The same messages in time order, measured here: the pull's order differs by slice,
        // so the compressed size may differ by a little, never by much.
        let mut meter = ArchiveMeter::default();
        for e in &mine {
            meter.add(name, &e.message);
        }
        let here = meter.measured()[name].archived_bytes as f64;
        let ratio = archived.archived_bytes as f64 / here;
        assert!(
            (0.9..1.1).contains(&ratio),
            "{name}: {archived:?} vs {here}"
        );
        // 26 bytes of metadata an event at least.
        assert!(archived.archived_bytes > 26 * archived.events);
        // No query ran on the group in moto: nothing scanned.
        assert_eq!(group(name).insights_scanned_bytes_per_month, Some(0));
    }
    assert_eq!(ws.manifest().imports[0].sample.as_ref(), Some(&sample));
}

/// The Logs Insights history, recorded in the real service's format: the runs that still
/// answer `GetQueryResults` give the bytes a run scans, the run count and the listing's period
/// make a month of them.
#[test]
fn a_pull_reads_the_bytes_logs_insights_scans_from_the_query_history() {
    let (start, end) = window(42);
    let mut seeded = web_events("/test/scans/web", 200, start, HOUR, 1);
    seeded.extend(web_events("/test/scans/api", 100, start, HOUR, 1));
    seeded.extend(web_events("/test/scans/quiet", 50, start, HOUR, 1));
    seed(&moto().url, &seeded);
    let now = support::now_ms();
    let day = 24 * HOUR;
    // /test/scans/web: 4 runs over the last 10 days, two still answering (2 GB, and 6 GB of
    // a query over /test/scans/api too); /test/scans/api: that query alone.
    let history: &[(&str, &str, i64)] = &[
        (
            "/test/scans/web",
            "fields @message | limit 20",
            now - 10 * day,
        ),
        ("/test/scans/web", "stats count() by bin(5m)", now - 5 * day),
        (
            "/test/scans/web",
            "fields @message | limit 20",
            now - 2 * day,
        ),
        ("/test/scans/web", "filter @message like /ERROR/", now - day),
        ("/test/scans/api", "stats count() by bin(5m)", now - 5 * day),
    ];
    const GB: f64 = 1e9;
    // Query ids as the recording numbers them: run 1 of the listing is the shared query.
    let statistics: &[(usize, f64)] = &[(0, 2.0 * GB), (1, 6.0 * GB)];
    let local = support::proxy::recorded_queries(&[], history);
    let local = support::proxy::with_query_results(local, history, statistics);
    let proxy = Proxy::start(Some(moto().url.clone()), FaultPlan::none(), Some(local));
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let report = connect(&proxy.url)
        .pull(
            &mut ws,
            &request(
                "scans",
                &["/test/scans/web", "/test/scans/api", "/test/scans/quiet"],
                start,
                end,
                10_000,
            ),
            &Cancel::new(),
            &mut |_| {},
        )
        .unwrap();
    let sample = report.sample.unwrap();
    let scanned = |name: &str| {
        sample
            .groups
            .iter()
            .find(|g| g.name == name)
            .unwrap()
            .insights_scanned_bytes_per_month
    };
    // The shared query lists under both groups: its 6 GB are 3 GB for each. /test/scans/web:
    // runs of 2 and 3 GB answer, a mean of 2.5 GB, times 4 runs in the 10 days listed, to a
    // month of 730 h: 10 GB x 30.41667 / 10 = 30.42 GB. The listing's period ends now, a few
    // ms after the test took `now`, so the figures are within a millionth.
    let close = |got: Option<u64>, want: f64| {
        let got = got.unwrap() as f64;
        assert!((got - want).abs() < want * 1e-6, "{got} vs {want}");
    };
    close(scanned("/test/scans/web"), 10.0 * GB * 730.0 / 24.0 / 10.0);
    // /test/scans/api: one run of 3 GB in 5 days: 3 GB x 30.41667 / 5 = 18.25 GB.
    close(scanned("/test/scans/api"), 3.0 * GB * 730.0 / 24.0 / 5.0);
    // No query ran on the quiet group: nothing scanned, which is known.
    assert_eq!(scanned("/test/scans/quiet"), Some(0));
}
