//! The Sources screen's CloudWatch commands, through the functions they call, against a real
//! `moto_server` started by the tests (`lognoise_cloudwatch::testing`, the cloudwatch crate's
//! own test support behind its `testing` feature).
//!
//! Credentials come from profiles in AWS config and credentials files written by the test
//! (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`), as they would for a user: nothing in the
//! environment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_app::commands::cloudwatch::{
    connect, groups, profiles, pull_into, pull_request, read_dependents, Pulls,
};
use lognoise_app::commands::review::detail;
use lognoise_app::commands::rules::rules_view;
use lognoise_app::dto::{AwsTarget, PullArgs, PullProgressEvent, PullWindow};
use lognoise_app::error::ErrorCode;
use lognoise_app::state::OpenWorkspace;
use lognoise_cloudwatch::testing::proxy::{
    recorded_queries, with_test_metric_filter, Fault, FaultPlan, Proxy,
};
use lognoise_cloudwatch::testing::{
    moto, now_ms, put_metric_filter, put_subscription_to_group, runtime, seed, web_events, Seeded,
};
use lognoise_cloudwatch::Cancel;
use lognoise_session::{queue_with_index, NewSession, QueueOrder, SessionFile};
use lognoise_workspace::Workspace;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

const HOUR: i64 = 3_600_000;

/// Writes the profile files once: `moto` has test keys, `nocreds` has a region and no keys.
fn aws_files() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::write(
            dir.join("config"),
            "[profile moto]\nregion = us-east-1\n\n[profile nocreds]\nregion = eu-west-3\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("credentials"),
            "[moto]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
        )
        .unwrap();
        for var in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ] {
            std::env::remove_var(var);
        }
        std::env::set_var("AWS_CONFIG_FILE", dir.join("config"));
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"));
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        dir
    });
}

fn target(profile: &str) -> AwsTarget {
    aws_files();
    AwsTarget {
        profile: Some(profile.into()),
        region: None,
    }
}

fn args(groups: &[&str], sample: u64) -> PullArgs {
    PullArgs {
        target: target("moto"),
        groups: groups.iter().map(|g| g.to_string()).collect(),
        window: PullWindow::Last { minutes: 120 },
        sample,
        filter: None,
    }
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    Workspace::open_or_create(&root).unwrap();
    (dir, root)
}

fn seeded(group: &str, n: usize) -> Vec<Seeded> {
    let events = web_events(group, n, now_ms() - HOUR, HOUR - 60_000, 3);
    seed(&moto().url, &events);
    events
}

#[test]
fn profiles_are_read_from_the_files_the_environment_names() {
    aws_files();
    let p = profiles().unwrap();
    let listed: Vec<(&str, Option<&str>)> = p
        .profiles
        .iter()
        .map(|p| (p.name.as_str(), p.region.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [("moto", Some("us-east-1")), ("nocreds", Some("eu-west-3"))]
    );
    assert_eq!(p.selected, "default");
    assert!(p.regions.iter().any(|r| r == "eu-west-3"));
}

#[test]
fn log_groups_are_listed_with_retention() {
    seeded("/app/groups/one", 20);
    seeded("/app/groups/two", 20);
    runtime().block_on(async {
        lognoise_cloudwatch::testing::client(&moto().url)
            .put_retention_policy()
            .log_group_name("/app/groups/two")
            .retention_in_days(30)
            .send()
            .await
            .unwrap();
    });
    let cw = connect(&target("moto"), Some(moto().url.clone())).unwrap();
    let listed = groups(&cw, Some("/app/groups/")).unwrap();
    let names: Vec<&str> = listed.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["/app/groups/one", "/app/groups/two"]);
    assert_eq!(listed[0].retention_days, None);
    assert_eq!(listed[1].retention_days, Some(30));
    let e = groups(&cw, Some("bad prefix")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
}

#[test]
fn a_pull_streams_progress_in_order_and_fills_the_review_queue() {
    let events = seeded("/app/pull/web", 2100);
    let (_dir, root) = workspace();
    let cw = connect(&target("moto"), Some(moto().url.clone())).unwrap();
    let request = pull_request(&args(&["/app/pull/web"], 10_000), now_ms()).unwrap();
    let mut seen = Vec::new();
    let report = pull_into(&cw, &root, &request, &Cancel::new(), &mut |e| seen.push(e)).unwrap();
    assert!(report.complete);
    assert_eq!(report.events, events.len() as u64);

    // Events and bytes never go back, and the last update is the total.
    let mut last = (0, 0);
    let mut updates = 0;
    for e in &seen[..seen.len() - 1] {
        let PullProgressEvent::Pulling {
            events,
            bytes,
            target,
            ..
        } = e
        else {
            panic!("Finished before the end: {seen:?}")
        };
        assert_eq!(*target, 10_000);
        assert!((*events, *bytes) >= last, "{seen:?}");
        last = (*events, *bytes);
        updates += 1;
    }
    assert!(updates >= 2, "{seen:?}");
    assert_eq!(last.0, events.len() as u64);
    let message_bytes: u64 = events.iter().map(|e| e.message.len() as u64).sum();
    assert_eq!(last.1, message_bytes);
    assert!(seen.iter().any(|e| matches!(
        e,
        PullProgressEvent::Pulling {
            eta_ms: Some(_),
            ..
        }
    )));
    assert_eq!(
        seen.last(),
        Some(&PullProgressEvent::Finished {
            events: events.len() as u64,
            complete: true
        })
    );

    // What the Review screen lists after the pull: the session's queue.
    let open = OpenWorkspace::open(&root).unwrap();
    let session = SessionFile::create(
        &open.ws,
        NewSession {
            name: "review".into(),
            ..NewSession::default()
        },
    )
    .unwrap();
    let queue = queue_with_index(
        open.index().unwrap(),
        &open.ws,
        session.session(),
        QueueOrder::Volume,
    )
    .unwrap();
    assert_eq!(
        queue.iter().map(|t| t.count).sum::<u64>(),
        events.len() as u64
    );
    let payments = queue
        .iter()
        .find(|t| t.text.contains("Payment declined for user_id="))
        .unwrap_or_else(|| panic!("no payment template in {queue:?}"));
    // The pull recorded its window, so the queue puts a monthly cost on each template.
    assert!(payments.monthly_cost_usd > 0.0);
    assert!(session.session().sample.window_ms().is_some());
    let detail = detail(&open, payments.id).unwrap();
    assert_eq!(detail.groups.len(), 1);
    assert_eq!(detail.groups[0].group, "/app/pull/web");
    assert_eq!(detail.groups[0].count, payments.count);
}

#[test]
fn after_a_pull_the_app_reads_what_reads_the_groups_as_the_cli_does() {
    seeded("/app/readers/web", 300);
    seeded("/app/readers/archive", 5);
    let url = &moto().url;
    put_metric_filter(url, "/app/readers/web", "errors", "ERROR", "Web", "Errors");
    put_subscription_to_group(
        url,
        "/app/readers/web",
        "to-archive",
        "Payment",
        "/app/readers/archive",
    );
    // moto lacks the saved-query, query-history and TestMetricFilter calls: a proxy answers
    // them in the real format (no queries; the pattern engine's stand-in reads the term).
    let proxy = Proxy::start(
        Some(url.clone()),
        FaultPlan::none(),
        Some(with_test_metric_filter(
            recorded_queries(&[], &[]),
            |pattern, line| line.contains(pattern),
        )),
    );
    let (_dir, root) = workspace();
    let cw = connect(&target("moto"), Some(proxy.url.clone())).unwrap();
    let request = pull_request(&args(&["/app/readers/web"], 1000), now_ms()).unwrap();
    pull_into(&cw, &root, &request, &Cancel::new(), &mut |_| {}).unwrap();

    let read = read_dependents(&cw, &root, &request, &Cancel::new())
        .unwrap()
        .unwrap();
    assert_eq!(read.counts.metric_filters, 1, "{read:?}");
    assert_eq!(read.counts.subscription_filters, 1, "{read:?}");
    assert!(read.kept);
    assert_eq!(read.warnings, Vec::<String>::new());
    // Kept in the workspace, where rule validation reads them.
    let kept = lognoise_dependents::Dependents::read(&root)
        .unwrap()
        .unwrap();
    let group = kept.group("/app/readers/web").unwrap();
    assert_eq!(group.metric_filters[0].name, "errors");

    // Marking the template both read noise: the Rules screen lists the rule's conflicts with
    // them (what saving is blocked on until "export anyway").
    let ws = Workspace::open(&root).unwrap();
    let declines = ws
        .templates()
        .templates()
        .iter()
        .find(|t| t.text.contains("Payment declined"))
        .unwrap()
        .id;
    let mut session = SessionFile::create(
        &ws,
        NewSession {
            name: "readers".into(),
            fresh: true,
            ..Default::default()
        },
    )
    .unwrap();
    session
        .decide(
            declines,
            lognoise_session::DecisionInput {
                verdict: Some(lognoise_session::Verdict::Noise),
                ..Default::default()
            },
        )
        .unwrap();
    let view = rules_view(&ws, session.session()).unwrap();
    let mut conflicts: Vec<(&str, &str)> = view
        .dependent_conflicts
        .iter()
        .map(|c| (c.dependent.as_str(), c.breaks.as_str()))
        .collect();
    conflicts.sort();
    assert_eq!(
        conflicts,
        [
            ("errors", "feeds metric Web/Errors"),
            (
                "to-archive",
                "subscription to arn:aws:logs:us-east-1:123456789012:log-group:/app/readers/archive:*"
            )
        ],
        "{:?}",
        view.dependent_conflicts
    );
    assert!(view.conflicts.is_empty());

    // A stopped pull reads nothing: the run that resumes it does.
    let stopped = Cancel::new();
    stopped.cancel();
    assert!(read_dependents(&cw, &root, &request, &stopped)
        .unwrap()
        .is_none());
}

#[test]
fn a_cancelled_pull_keeps_what_it_committed_and_resumes() {
    let events = seeded("/app/pull/cancel", 3000);
    let (_dir, root) = workspace();
    let cw = connect(&target("moto"), Some(moto().url.clone())).unwrap();
    let mut request = pull_request(&args(&["/app/pull/cancel"], 3000), now_ms()).unwrap();
    // Small pages read one at a time, so the cancel lands mid-pull.
    request.slices = Some(30);
    request.concurrency = 1;
    request.batch_events = 100;
    let pulls = Pulls::default();
    let slot = pulls.begin(&root).unwrap();
    let report = pull_into(&cw, &root, &request, &slot.cancel.clone(), &mut |e| {
        if matches!(e, PullProgressEvent::Pulling { events, .. } if events > 0) {
            assert!(pulls.cancel(&root));
        }
    })
    .unwrap();
    drop(slot);
    assert!(!report.complete);
    assert!(report.events > 0 && report.events < 3000, "{report:?}");
    let kept = Workspace::open(&root).unwrap().manifest().events;
    assert_eq!(
        kept, report.events,
        "the events pulled before the cancel stay"
    );

    // Pulling again with the same settings resumes and brings each event once.
    let again = pull_into(&cw, &root, &request, &Cancel::new(), &mut |_| {}).unwrap();
    assert!(again.resumed && again.complete, "{again:?}");
    assert_eq!(again.pull_events, 3000);
    let ws = Workspace::open(&root).unwrap();
    assert_eq!(ws.manifest().events, 3000);
    let messages: HashSet<(i64, String)> = ws
        .events()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.timestamp_ms.unwrap(), e.message)
        })
        .collect();
    assert_eq!(messages.len(), events.len());
}

#[test]
fn a_missing_group_and_bad_credentials_get_their_codes() {
    let (_dir, root) = workspace();
    let cw = connect(&target("moto"), Some(moto().url.clone())).unwrap();
    let request = pull_request(&args(&["/app/no-such-group"], 10), now_ms()).unwrap();
    let e = pull_into(&cw, &root, &request, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::MissingLogGroup);
    assert_eq!(
        e.message,
        "log group `/app/no-such-group` does not exist in region us-east-1: pick one from the \
         list (check the profile and region)"
    );

    // A profile with no keys: found before any request is sent.
    let cw = connect(&target("nocreds"), Some(moto().url.clone())).unwrap();
    let e = groups(&cw, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::AwsCredentials, "{e:?}");
    assert!(e.message.starts_with("no AWS credentials found"), "{e:?}");

    // Keys the service refuses as expired.
    let proxy = Proxy::start(
        Some(moto().url.clone()),
        FaultPlan {
            share: 1.0,
            faults: vec![Fault::Expired],
        },
        None,
    );
    let cw = connect(&target("moto"), Some(proxy.url.clone())).unwrap();
    let e = groups(&cw, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::AwsCredentials);
    assert_eq!(
        e.message,
        "AWS refused the credentials as expired or invalid (ExpiredTokenException): refresh them \
         (for example `aws sso login --profile NAME`) and pull again"
    );
}

#[test]
fn an_unknown_region_gets_its_code() {
    let cw = connect(
        &AwsTarget {
            region: Some("mars-north-1".into()),
            ..target("moto")
        },
        None,
    )
    .unwrap();
    let e = groups(&cw, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::AwsRegion, "{e:?}");
}
