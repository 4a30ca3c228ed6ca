//! Logs Insights queries evaluated on events: the AWS documentation's examples of `filter`,
//! and properties that hold for every line.
//!
//! Sources, cited per test:
//! - [filter]: "filter", <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Filter.html>
//!   (one condition, more than one condition, matches and regular expressions, `in`);
//! - [syntax]: "CloudWatch Logs Insights language query syntax",
//!   <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html>
//!   (commands separated by `|`, comments after `#`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_dependents::{InsightsQuery, QueryEvent};
use proptest::prelude::*;

fn query(text: &str) -> InsightsQuery {
    let query = InsightsQuery::parse(text);
    if let Some(why) = query.not_evaluable() {
        panic!("{text:?} should be evaluable: {why}");
    }
    query
}

/// Asserts which of `messages` (of group `/app`, stream `web-1`) the query reads, by index.
fn reads(text: &str, messages: &[&str], expected: &[usize]) {
    let query = query(text);
    let read: Vec<usize> = (0..messages.len())
        .filter(|&i| query.reads(&QueryEvent::new(messages[i], Some("/app"), Some("web-1"))))
        .collect();
    assert_eq!(read, expected, "query {text:?} over {messages:#?}");
}

fn not_evaluable(text: &str, because: &str) {
    let query = InsightsQuery::parse(text);
    let why = query
        .not_evaluable()
        .unwrap_or_else(|| panic!("{text:?} evaluable"));
    assert!(why.contains(because), "{text:?}: {why}");
    // Not evaluable: taken to read everything.
    assert!(query.reads(&QueryEvent::new("anything", Some("/app"), None)));
}

// [filter], "Example: Filter log events using one condition".
#[test]
fn one_condition() {
    reads(
        "fields @timestamp, @message\n| filter (range>3000)\n| sort @timestamp desc\n| limit 20",
        &[
            r#"{"range": 3500}"#,
            r#"{"range": 3000}"#,
            r#"{"range": "4000"}"#,
            r#"{"other": 5000}"#,
            "range=5000 as plain text",
        ],
        &[0, 2],
    );
}

// [filter], "Example: Filter log events using more than one condition".
#[test]
fn more_than_one_condition() {
    let text = "fields @timestamp, @message\n| filter (range>3000 and accountId=123456789012)\n| sort @timestamp desc\n| limit 20";
    reads(
        text,
        &[
            r#"{"range": 3500, "accountId": 123456789012}"#,
            r#"{"range": 3500, "accountId": "123456789012"}"#,
            r#"{"range": 3500, "accountId": 210987654321}"#,
            r#"{"range": 10, "accountId": 123456789012}"#,
        ],
        &[0, 1],
    );
    reads(
        "filter range > 3000 or accountId = 123456789012",
        &[
            r#"{"range": 10, "accountId": 123456789012}"#,
            r#"{"range": 10}"#,
        ],
        &[0],
    );
}

// [filter], "Matches and regular expressions in the filter command": `like` with a string is
// a substring match, with a regex a search; `=~` is the same; `not like` negates.
#[test]
fn like_and_regular_expressions() {
    let messages = [
        "java.lang.Exception: boom",
        "all fine",
        "an error happened",
        "EXCEPTION in caps",
    ];
    reads(
        "fields f1, f2, f3 | filter @message like /Exception/",
        &messages,
        &[0],
    );
    reads(r#"filter @message like "Exception""#, &messages, &[0]);
    reads("filter @message =~ /Exception/", &messages, &[0]);
    reads(
        "filter @message not like /Exception/",
        &messages,
        &[1, 2, 3],
    );
    reads(
        "filter @message like /(?i)(Exception|error|fail|5dd)/",
        &messages,
        &[0, 2, 3],
    );
}

// [filter]: `in` tests set membership; `not in` its negation.
#[test]
fn set_membership() {
    let messages = [
        r#"{"statusCode": 200}"#,
        r#"{"statusCode": 404}"#,
        r#"{"statusCode": "201"}"#,
        r#"{"method": "GET"}"#,
    ];
    reads("filter statusCode in [200, 201, 202]", &messages, &[0, 2]);
    reads(
        "filter statusCode not in [200, 201, 202]",
        &messages,
        &[1, 3],
    );
    reads(r#"filter method in ["GET", "HEAD"]"#, &messages, &[3]);
}

// Fields of JSON messages, nested with dots, and the fields of every event.
#[test]
fn json_fields_log_stream_and_log() {
    let messages = [
        r#"{"level": "error", "http": {"status": 503}}"#,
        r#"{"level": "info", "http": {"status": 200}}"#,
        "level=error plain text",
    ];
    reads(r#"filter level = "error""#, &messages, &[0]);
    reads("filter http.status >= 500", &messages, &[0]);
    reads(r#"filter level != "error""#, &messages, &[1]);
    reads(
        r#"filter ispresent(http.status) and not (level = 'info')"#,
        &messages,
        &[0],
    );
    reads(r#"filter @logStream like "web""#, &messages, &[0, 1, 2]);
    reads(r#"filter @logStream = "worker-1""#, &messages, &[]);
    reads(
        r#"filter @log = "123456789012:/app""#,
        &messages,
        &[0, 1, 2],
    );
    reads(
        r#"filter @log in ["/other", "/app"]"#,
        &messages,
        &[0, 1, 2],
    );
    reads(r#"filter @log != "/app""#, &messages, &[]);
}

// [syntax]: comments after `#`; a filter after `stats` selects aggregated rows, not events.
#[test]
fn comments_and_filters_after_stats() {
    reads(
        "# errors by service\nfilter @message like /ERROR/ # only errors\n| stats count(*) as n by service\n| filter n > 100",
        &["ERROR a", "INFO b"],
        &[0],
    );
    reads(
        "filter level = 'error' | filter service = 'api'",
        &[
            r#"{"level":"error","service":"api"}"#,
            r#"{"level":"error","service":"web"}"#,
        ],
        &[0],
    );
}

#[test]
fn what_it_cannot_evaluate_is_named() {
    not_evaluable(
        r#"parse @message "user=*," as user | filter user = "root""#,
        "`user` is made by an earlier command",
    );
    not_evaluable(
        "fields strlen(@message) as len | filter len > 100",
        "`len` is made by an earlier command",
    );
    not_evaluable(
        "filter strcontains(@message, 'x')",
        "the function `strcontains`",
    );
    not_evaluable("filter @duration > 100", "`@duration`");
    not_evaluable("filter bytes * 8 > 100", "arithmetic");
    not_evaluable("filter @message like /(?=ahead)/", "regex");
    not_evaluable("frobnicate @message", "the command `frobnicate`");
    not_evaluable("filter @message like /unclosed", "no closing /");
    not_evaluable("filter (level = 'a'", "`)` was expected");
    not_evaluable("unnest items into item | filter item = 'a'", "`unnest`");
}

/// Lines of words, digits and the punctuation log lines carry.
fn line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_ :=/\\[\\].,-]{0,60}"
}

/// Characters the query grammar gives meaning to.
fn queryish() -> impl Strategy<Value = String> {
    "[|/\\[\\](),=!<>~\"'`#@ a-z0-9A-Z_.*-]{0,60}"
}

proptest! {
    #[test]
    fn any_text_parses_without_panicking(text in queryish(), message in line()) {
        let query = InsightsQuery::parse(&text);
        let _ = query.reads(&QueryEvent::new(&message, Some("/g"), None));
    }

    #[test]
    fn not_negates_and_or_is_the_union(word in "[a-z]{1,6}", other in "[a-z]{1,6}", message in line()) {
        let event = QueryEvent::new(&message, Some("/g"), None);
        let like = query(&format!("filter @message like \"{word}\""));
        let unlike = query(&format!("filter not @message like \"{word}\""));
        let either = query(&format!("filter @message like \"{word}\" or @message like /{other}/"));
        let other_only = query(&format!("filter @message =~ /{other}/"));
        prop_assert_eq!(like.reads(&event), message.contains(&word));
        prop_assert_ne!(like.reads(&event), unlike.reads(&event));
        prop_assert_eq!(either.reads(&event), like.reads(&event) || other_only.reads(&event));
    }

    #[test]
    fn a_later_filter_only_narrows(word in "[a-z]{1,4}", message in line()) {
        let event = QueryEvent::new(&message, Some("/g"), None);
        let first = query(&format!("filter @message like /{word}/"));
        let both = query(&format!("filter @message like /{word}/ | filter @message like \"e\""));
        prop_assert!(!both.reads(&event) || first.reads(&event));
    }

    #[test]
    fn numbers_compare_as_numbers(value in -1_000_000i64..1_000_000, bound in -1_000_000i64..1_000_000) {
        let message = format!("{{\"latency\": {value}}}");
        let event = QueryEvent::new(&message, None, None);
        prop_assert_eq!(query(&format!("filter latency > {bound}")).reads(&event), value > bound);
        prop_assert_eq!(query(&format!("filter latency <= {bound}")).reads(&event), value <= bound);
        prop_assert_eq!(query(&format!("filter latency = {bound}")).reads(&event), value == bound);
    }
}
