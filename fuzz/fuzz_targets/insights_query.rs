//! A Logs Insights query, as `DescribeQueryDefinitions` hands saved queries over: any text
//! reads into a query (evaluable or not, never an error), and the query decides whether it
//! reads any event without a panic. The input is split at its first newline into query and
//! message, so that both are explored together.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lognoise_dependents::{InsightsQuery, QueryEvent};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (query, message) = text.split_once('\n').unwrap_or((&text, ""));
    let parsed = InsightsQuery::parse(query);
    let reads_fuzzed = parsed.reads(&QueryEvent::new(message, Some("/app/web"), Some("s-1")));
    let json = r#"{"a": {"b": [1, 2]}, "level": "ERROR", "n": 5, "msg": "x y"}"#;
    let reads_json = parsed.reads(&QueryEvent::new(json, None, None));
    // A query that cannot be evaluated is taken to read every event.
    if parsed.not_evaluable().is_some() {
        assert!(reads_fuzzed && reads_json);
    }
});
