//! What reads a log group, read through the real SDK: from `moto_server` (metric filters,
//! subscription filters and alarms are implemented there), and from recorded answers in the
//! real service's format where a permission is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use lognoise_cloudwatch::{CloudWatch, ConnectOptions};
use std::sync::Arc;
use std::time::Duration;
use support::proxy::{recorded_queries, with_account_policies, FaultPlan, Local, Proxy};
use support::{moto, seed, web_events};

fn connect(url: &str) -> CloudWatch {
    support::test_credentials();
    CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.into()),
        rate: 0.0,
        max_attempts: 3,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        ..ConnectOptions::default()
    })
    .unwrap()
}

#[test]
fn metric_filters_their_alarms_and_subscription_filters_are_read() {
    let url = &moto().url;
    let group = "/dependents/web";
    let archive = "/dependents/archive";
    let now = support::now_ms();
    let mut events = web_events(group, 20, now - 60_000, 60_000, 1);
    events.extend(web_events(archive, 1, now - 60_000, 60_000, 1));
    seed(url, &events);
    support::put_metric_filter(
        url,
        group,
        "payment-errors",
        "ERROR Payment",
        "Web",
        "PaymentErrors",
    );
    support::put_metric_filter(
        url,
        group,
        "slow-queries",
        r#""Slow query""#,
        "Web",
        "SlowQueries",
    );
    support::put_alarm(
        url,
        "payments-failing",
        "Web",
        "PaymentErrors",
        "arn:aws:sns:us-east-1:123456789012:oncall",
    );
    support::put_subscription_to_group(url, group, "errors-to-archive", "?ERROR ?WARN", archive);
    // moto lacks saved queries, and its query history gives start times as fractions (AWS:
    // whole milliseconds, which the SDK insists on): recorded answers in the real format stand
    // in for both calls, and every other call reaches moto.
    let saved = "fields @timestamp, @message\n| filter @message like /Payment/";
    let history = [
        (
            group,
            "fields @timestamp, @message | filter @message like /Payment/",
            now - 300_000,
        ),
        (
            group,
            "fields @timestamp, @message | filter @message like /Payment/",
            now - 60_000,
        ),
        (
            group,
            "filter @message like /Slow query/ | stats count()",
            now - 30_000,
        ),
        (archive, "fields @message", now - 30_000),
    ];
    // A dashboard (moto keeps them) with a log widget on the group and one on another group,
    // and an account-wide subscription policy (recorded: moto lacks the call) that leaves the
    // archive group out.
    support::put_dashboard(
        url,
        "dependents-checkout",
        &serde_json::json!({"widgets": [
            {"type": "log", "properties": {
                "query": format!("SOURCE '{group}' | fields @message | filter @message like /Payment/"),
                "region": "us-east-1", "title": "Payments"}},
            {"type": "log", "properties": {
                "query": "SOURCE '/dependents/elsewhere' | fields @message", "region": "us-east-1"}}
        ]})
        .to_string(),
    );
    let policies = [(
        "to-siem",
        "ERROR",
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/siem",
        Some(r#"LogGroupName NOT IN ["/dependents/archive"]"#),
    )];
    let proxy = Proxy::start(
        Some(url.clone()),
        FaultPlan::none(),
        Some(with_account_policies(
            recorded_queries(&[("payments", saved, &[group])], &history),
            &policies,
        )),
    );

    let cw = connect(&proxy.url);
    let read = cw.dependents(&[group.to_string(), "/dependents/missing".to_string()]);
    assert_eq!(read.region, "us-east-1");
    assert_eq!(read.groups.len(), 2);
    let web = read.group(group).unwrap();
    assert!(web.unread.is_empty(), "{:?}", web.unread);
    let mut names: Vec<&str> = web.metric_filters.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["payment-errors", "slow-queries"]);
    let payments = web
        .metric_filters
        .iter()
        .find(|f| f.name == "payment-errors")
        .unwrap();
    assert_eq!(payments.pattern, "ERROR Payment");
    assert_eq!(payments.metrics.len(), 1);
    assert_eq!(payments.metrics[0].label(), "Web/PaymentErrors");
    let alarm_names: Vec<&str> = payments.metrics[0]
        .alarms
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(alarm_names, ["payments-failing"]);
    assert_eq!(
        payments.metrics[0].alarms[0].actions,
        ["arn:aws:sns:us-east-1:123456789012:oncall"]
    );
    let slow = web
        .metric_filters
        .iter()
        .find(|f| f.name == "slow-queries")
        .unwrap();
    assert!(slow.metrics[0].alarms.is_empty());
    assert_eq!(web.subscription_filters.len(), 2);
    assert_eq!(web.subscription_filters[0].pattern, "?ERROR ?WARN");
    assert!(web.subscription_filters[0]
        .destination_arn
        .contains(":log-group:/dependents/archive"));
    assert_eq!(web.subscription_filters[0].account_policy, None);
    // The account's policy delivers the group's ERROR lines to its stream.
    let policy = &web.subscription_filters[1];
    assert_eq!(policy.account_policy.as_deref(), Some("to-siem"));
    assert_eq!(policy.pattern, "ERROR");
    assert!(policy.destination_arn.ends_with("deliverystream/siem"));
    // The dashboard's widget on this group, not the one on another group.
    assert_eq!(web.dashboards.len(), 1, "{:?}", web.dashboards);
    assert_eq!(web.dashboards[0].dashboard, "dependents-checkout");
    assert_eq!(web.dashboards[0].widget.as_deref(), Some("Payments"));
    assert!(web.dashboards[0]
        .query
        .contains("filter @message like /Payment/"));

    // The saved query, with its two runs (the history matched with whitespace folded), then
    // the query only run.
    let queries: Vec<(Option<&str>, u64)> = web
        .queries
        .iter()
        .map(|q| (q.name.as_deref(), q.runs))
        .collect();
    assert_eq!(queries, [(Some("payments"), 2), (None, 1)]);
    assert_eq!(web.queries[0].query, saved);
    assert_eq!(web.queries[0].language.as_deref(), Some("CWLI"));
    assert_eq!(web.queries[0].first_run_ms, Some(now - 300_000));
    assert!(web.queries[1].query.contains("Slow query"));

    // A group that does not exist: nothing read, and the reason says so.
    let missing = read.group("/dependents/missing").unwrap();
    assert!(missing.metric_filters.is_empty() && missing.queries.is_empty());
    assert!(missing.dashboards.is_empty());
    // Only the account's policy, which selects every group it does not leave out.
    let delivered: Vec<Option<&str>> = missing
        .subscription_filters
        .iter()
        .map(|f| f.account_policy.as_deref())
        .collect();
    assert_eq!(delivered, [Some("to-siem")]);
    assert!(read.group(group).is_some());
    assert!(missing
        .unread
        .iter()
        .any(|u| u.what == "subscription filters" && u.reason.contains("does not exist")));
}

/// A recorded answer of each call, in the real service's formats (awsJson1.1 for CloudWatch
/// Logs, Query XML for CloudWatch), for credentials that may read metric filters only.
fn metric_filters_only() -> Local {
    Arc::new(|target: &str, _body: &serde_json::Value| {
        Some(match target {
        "Logs_20140328.DescribeMetricFilters" => (
            200,
            serde_json::json!({"metricFilters": [{
                "filterName": "errors",
                "filterPattern": "{ $.level = \"error\" }",
                "logGroupName": "/ecs/web",
                "creationTime": 1772409600000i64,
                "metricTransformations": [{
                    "metricName": "Errors", "metricNamespace": "Web", "metricValue": "1"
                }]
            }]})
            .to_string(),
        ),
        "Logs_20140328.DescribeQueryDefinitions" => (
            400,
            serde_json::json!({
                "__type": "AccessDeniedException",
                "message": "User: arn:aws:iam::123456789012:user/ro is not authorized to perform: logs:DescribeQueryDefinitions on resource: arn:aws:logs:us-east-1:123456789012:query-definition:*"
            })
            .to_string(),
        ),
        "Logs_20140328.DescribeQueries" => (
            200,
            serde_json::json!({"queries": [{
                "queryLanguage": "CWLI",
                "queryId": "12ab3456-12ab-123a-789e-1234567890ab",
                "queryString": "fields @message | filter level = \"error\"",
                "status": "Complete",
                "createTime": 1772409600000i64,
                "logGroupName": "/ecs/web"
            }]})
            .to_string(),
        ),
        "Logs_20140328.DescribeSubscriptionFilters" => (
            400,
            serde_json::json!({
                "__type": "AccessDeniedException",
                "message": "User: arn:aws:iam::123456789012:user/ro is not authorized to perform: logs:DescribeSubscriptionFilters on resource: arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"
            })
            .to_string(),
        ),
        // CloudWatch answers in the Query protocol: no x-amz-target, an XML error.
        _ => (
            403,
            "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">\
             <Error><Type>Sender</Type><Code>AccessDenied</Code>\
             <Message>User: arn:aws:iam::123456789012:user/ro is not authorized to perform: \
             cloudwatch:DescribeAlarmsForMetric</Message></Error>\
             <RequestId>5e2a1c4f-0000-4000-8000-000000000000</RequestId></ErrorResponse>"
                .to_string(),
        ),
    })
    })
}

#[test]
fn a_missing_permission_is_recorded_with_the_permission_to_grant() {
    let proxy = Proxy::start(None, FaultPlan::none(), Some(metric_filters_only()));
    let cw = connect(&proxy.url);
    let read = cw.dependents(&["/ecs/web".to_string()]);
    let web = read.group("/ecs/web").unwrap();
    assert_eq!(web.metric_filters.len(), 1);
    assert_eq!(web.metric_filters[0].pattern, "{ $.level = \"error\" }");
    assert!(web.subscription_filters.is_empty());
    let reasons: Vec<(&str, &str)> = web
        .unread
        .iter()
        .map(|u| (u.what.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert_eq!(reasons[0].0, "saved queries");
    assert!(
        reasons[0].1.contains("logs:DescribeQueryDefinitions"),
        "{reasons:?}"
    );
    assert_eq!(reasons[1].0, "subscription filters");
    assert!(
        reasons[1].1.contains("logs:DescribeSubscriptionFilters"),
        "{reasons:?}"
    );
    // Credentials that may not read the account's policies or its dashboards.
    assert_eq!(reasons[2].0, "account subscription policies");
    assert_eq!(reasons[3].0, "dashboards");
    assert_eq!(reasons[4].0, "alarms of metric Web/Errors");
    assert!(
        reasons[4].1.contains("cloudwatch:DescribeAlarmsForMetric"),
        "{reasons:?}"
    );
    assert!(reasons[4].1.contains("README"), "{reasons:?}");
    // The history could be read although the saved queries could not: its query is kept.
    assert_eq!(web.queries.len(), 1);
    assert_eq!(web.queries[0].name, None);
    assert_eq!(web.queries[0].runs, 1);
}

#[test]
fn cloudwatchs_own_engine_overrules_the_matcher_where_they_disagree() {
    let url = &moto().url;
    let group = "/dependents/cross-check";
    let now = support::now_ms();
    seed(url, &web_events(group, 14, now - 60_000, 60_000, 1));
    support::put_metric_filter(url, group, "payments", "ERROR Payment", "Web", "Payments");
    support::put_metric_filter(url, group, "slow", "WARN Slow", "Web", "Slow");
    // A stand-in for CloudWatch that also selects the health checks for `ERROR Payment`.
    let engine = |pattern: &str, line: &str| match pattern {
        "ERROR Payment" => line.contains("ERROR Payment") || line.contains("/health"),
        "WARN Slow" => line.contains("WARN Slow"),
        other => panic!("no stand-in answer for {other}"),
    };
    let local = support::proxy::with_test_metric_filter(recorded_queries(&[], &[]), engine);
    let proxy = Proxy::start(Some(url.clone()), FaultPlan::none(), Some(local));
    let cw = connect(&proxy.url);
    let mut read = cw.dependents(&[group.to_string()]);
    let lines: Vec<String> = web_events(group, 14, 0, 1, 1)
        .into_iter()
        .map(|e| e.message)
        .collect();
    let warnings = cw.cross_check(
        &mut read,
        &std::collections::HashMap::from([(group.to_string(), lines)]),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let web = read.group(group).unwrap();
    let check_of = |name: &str| {
        web.metric_filters
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.cross_check.clone())
            .unwrap()
    };
    let payments = check_of("payments");
    assert_eq!(payments.lines, 14);
    // The two health-check lines.
    assert_eq!(payments.disagreements.len(), 2, "{payments:?}");
    assert!(payments.disagreements.iter().all(|d| d.cloudwatch_selects));
    assert!(check_of("slow").disagreements.is_empty());

    let evaluator = lognoise_dependents::Evaluator::new(&read);
    let position = |name: &str| {
        (0..4)
            .find(|&i| evaluator.reader(i).is_some_and(|r| r.name == name))
            .unwrap()
    };
    let (payments, slow) = (position("payments"), position("slow"));
    assert!(evaluator.reader(payments).unwrap().not_evaluable.is_some());
    assert!(evaluator.reader(slow).unwrap().not_evaluable.is_none());
    // Overruled, the payments filter is taken to read every line of the group.
    let readers = evaluator.readers_of_line(Some(group), "INFO Order ord_1 persisted in 3 ms");
    assert_eq!(readers, [payments]);
}

#[test]
fn a_cross_check_that_cannot_run_is_a_warning_and_leaves_the_pattern_as_read() {
    let proxy = Proxy::start(None, FaultPlan::none(), Some(metric_filters_only()));
    let cw = connect(&proxy.url);
    let mut read = cw.dependents(&["/ecs/web".to_string()]);
    let warnings = cw.cross_check(
        &mut read,
        &std::collections::HashMap::from([(
            "/ecs/web".to_string(),
            vec![r#"{"level":"error"}"#.to_string()],
        )]),
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("the pattern of filter errors of /ecs/web was not cross-checked"),
        "{warnings:?}"
    );
    assert_eq!(read.groups[0].metric_filters[0].cross_check, None);
}

#[test]
fn a_dependent_that_keeps_failing_is_recorded_unread_after_a_few_tries_not_the_pulls_ten() {
    // moto has no DescribeQueryDefinitions: it answers 500 without an error code, every time.
    let url = &moto().url;
    let group = "/dependents/unread-saved-queries";
    let now = support::now_ms();
    seed(url, &web_events(group, 5, now - 60_000, 60_000, 1));
    support::test_credentials();
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.clone()),
        rate: 0.0,
        max_attempts: 10,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        ..ConnectOptions::default()
    })
    .unwrap();
    let read = cw.dependents(&[group.to_string()]);
    let unread = &read.group(group).unwrap().unread;
    let saved = unread
        .iter()
        .find(|u| u.what == "saved queries")
        .unwrap_or_else(|| panic!("saved queries read from moto? {unread:?}"));
    assert!(saved.reason.contains("after 3 tries"), "{}", saved.reason);
}
