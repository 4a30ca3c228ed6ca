//! A CloudWatch filter pattern, as `DescribeMetricFilters` and `DescribeSubscriptionFilters`
//! hand them over: any text parses into a pattern or one error pointing inside it, and a
//! pattern matches any message without a panic. The input is split at its first newline into
//! pattern and message, so that both are explored together.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (pattern, message) = text.split_once('\n').unwrap_or((&text, ""));
    match lognoise_dependents::FilterPattern::parse(pattern) {
        Ok(parsed) => {
            let _ = parsed.matches(message);
            let _ = parsed.matches(r#"{"a": [1, {"b": null}], "c": "x y", "n": 5}"#);
            let _ =
                parsed.matches("127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /\" 200 1534");
        }
        Err(error) => assert!(error.offset() <= pattern.chars().count()),
    }
});
