//! Every example of the AWS documentation of the filter-pattern language, run through the
//! matcher.
//!
//! Sources, cited per test:
//! - [syntax]: "Filter pattern syntax for metric filters, subscription filters, filter log
//!   events, and Live Tail",
//!   <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>,
//!   its sections on regex, unstructured, JSON and space-delimited events;
//! - [2021]: the edition of the same page archived in awsdocs/amazon-cloudwatch-logs-user-guide
//!   (`doc_source/FilterAndPatternSyntax.md`, commit 5ae5c9ae), whose examples the current page
//!   grew from;
//! - [cdk]: the patterns the AWS CDK's `FilterPattern` writes (`aws-logs/lib/pattern.ts`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_dependents::{FilterPattern, PatternKind};

fn pattern(text: &str) -> FilterPattern {
    FilterPattern::parse(text).unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
}

/// Asserts which of `events` the pattern matches, by index.
fn selects(text: &str, events: &[&str], expected: &[usize]) {
    let pattern = pattern(text);
    let selected: Vec<usize> = (0..events.len())
        .filter(|&i| pattern.matches(events[i]))
        .collect();
    assert_eq!(selected, expected, "pattern {text:?} over {events:#?}");
}

fn rejects(text: &str, offset: usize, expected_contains: &str) {
    let error = FilterPattern::parse(text).expect_err(text);
    assert_eq!(error.offset(), offset, "{text:?}: {error}");
    assert!(
        error.expected().contains(expected_contains),
        "{text:?}: {error}"
    );
}

// [syntax], "Using filter patterns to match terms in unstructured log events".
const REQUESTS: [&str; 4] = [
    "[ERROR 400] BAD REQUEST",
    "[ERROR 401] UNAUTHORIZED REQUEST",
    "[ERROR 419] MISSING ARGUMENTS",
    "[ERROR 420] INVALID ARGUMENTS",
];

#[test]
fn unstructured_single_term() {
    selects("ERROR", &REQUESTS, &[0, 1, 2, 3]);
}

#[test]
fn unstructured_multiple_terms() {
    selects("ERROR ARGUMENTS", &REQUESTS, &[2, 3]);
}

#[test]
fn unstructured_any_of_single_terms() {
    selects("?ERROR ?ARGUMENTS", &REQUESTS, &[0, 1, 2, 3]);
    selects("?BAD ?INVALID", &REQUESTS, &[0, 3]);
}

#[test]
fn unstructured_exact_phrase() {
    selects(
        r#""INTERNAL SERVER ERROR""#,
        &[
            "[ERROR 500] INTERNAL SERVER ERROR",
            "[ERROR 500] INTERNAL SERVER",
            "SERVER ERROR INTERNAL",
        ],
        &[0],
    );
}

#[test]
fn unstructured_include_and_exclude() {
    selects("ERROR -ARGUMENTS", &REQUESTS, &[0, 1]);
}

#[test]
fn unstructured_match_everything() {
    for text in [r#"" ""#, r#""""#, "", "   "] {
        let pattern = pattern(text);
        assert_eq!(pattern.kind(), PatternKind::Everything, "{text:?}");
        for event in REQUESTS.iter().chain(&["", " "]) {
            assert!(pattern.matches(event), "{text:?} should match {event:?}");
        }
    }
}

#[test]
fn terms_are_case_sensitive() {
    selects("ERROR", &["ERROR x", "Error x", "error x"], &[0]);
}

/// [2021], "Matching Terms in Log Events", examples 2 to 4: a term matches inside a word.
#[test]
fn terms_match_inside_words() {
    let events = [
        "[ERROR] A fatal exception has occurred",
        "Exiting with ERRORCODE: -1",
    ];
    selects("ERROR", &events, &[0, 1]);
    selects(r#""ERROR" -"Exiting""#, &events, &[0]);
    selects(
        "ERROR Exception",
        &[
            "[ERROR] Caught IllegalArgumentException",
            "[ERROR] Unhandled Exception",
            "[WARN] Exception",
        ],
        &[0, 1],
    );
    selects(
        "Failed to process the request",
        &[
            "[WARN] Failed to process the request",
            "[ERROR] Unable to continue: Failed to process the request",
            "[ERROR] Failed to continue",
        ],
        &[0, 1],
    );
}

/// [2021], "OR Pattern Matching", for terms, space-delimited and JSON patterns.
#[test]
fn or_pattern_matching() {
    let events = ["ERROR WARN message", "ERROR message", "WARN message"];
    selects("ERROR", &events, &[0, 1]);
    selects("?ERROR ?WARN", &events, &[0, 1, 2]);
    selects("ERROR WARN", &events, &[0]);
    selects("ERROR -WARN", &events, &[1]);

    selects("[w1=ERROR, w2]", &events, &[1]);
    selects("[w1=ERROR || w1=WARN, w2]", &events, &[1, 2]);
    // The page says this matches the first event, which has three fields and ERROR as its
    // first: neither of which the pattern allows. By the rules the same page gives, it
    // matches none of the three, which is what CloudWatch's rules produce here.
    selects("[w1!=ERROR&&w1!=WARN, w2]", &events, &[]);
    selects("[w1!=ERROR&&w1!=WARN, w2]", &["INFO message"], &[0]);

    let documents = [r#"{"foo": "bar"}"#, r#"{"foo": "baz"}"#];
    selects("{$.foo = bar}", &documents, &[0]);
    selects("{$.foo = baz }", &documents, &[1]);
    selects("{$.foo = bar || $.foo = baz }", &documents, &[0, 1]);
}

// [syntax], "Using filter patterns to match terms in JSON log events" ([2021]: "JSON Metric
// Filter Examples").
const TRAIL: &str = r#"{
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "arrayKey": ["value", "another value"],
  "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
  "SomeObject": null,
  "ThisFlag": true
}"#;

#[test]
fn json_examples_match_the_sample_event() {
    for text in [
        r#"{ $.eventType = "UpdateTrail" }"#,
        "{ $.sourceIPAddress != 123.123.* }",
        r#"{ $.arrayKey[0] = "value" }"#,
        "{ $.objectList[1].id = 2 }",
        "{ $.SomeObject IS NULL }",
        "{ $.SomeOtherObject NOT EXISTS }",
        "{ $.ThisFlag IS TRUE }",
    ] {
        assert!(
            pattern(text).matches(TRAIL),
            "{text} should match the documentation's event"
        );
    }
}

#[test]
fn json_examples_fail_where_the_page_says() {
    for text in [
        r#"{ $.eventType = "CreateTrail" }"#,
        "{ $.sourceIPAddress != 111.111.* }",
        // "If arrayKey is not an array this will be false."
        r#"{ $.eventType[0] = "value" }"#,
        // "If the items in objectList are not objects or do not have an id property, this will be false."
        "{ $.arrayKey[1].id = 2 }",
        "{ $.ThisFlag IS NULL }",
        "{ $.SomeObject NOT EXISTS }",
        "{ $.ThisFlag IS FALSE }",
        "{ $.eventType IS TRUE }",
    ] {
        assert!(
            !pattern(text).matches(TRAIL),
            "{text} should not match the documentation's event"
        );
    }
    // Not JSON at all: no JSON pattern matches.
    assert!(!pattern("{ $.SomeOtherObject NOT EXISTS }").matches("eventType UpdateTrail"));
}

#[test]
fn json_string_wildcards() {
    // "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName.
    // Ev*ent will only match the actual string Ev*ent."
    let events = [
        r#"{"e": "PutEvent"}"#,
        r#"{"e": "GetEvent"}"#,
        r#"{"e": "EventId"}"#,
        r#"{"e": "EventName"}"#,
        r#"{"e": "Ev*ent"}"#,
    ];
    selects("{ $.e = *Event }", &events, &[0, 1]);
    selects("{ $.e = Event* }", &events, &[2, 3]);
    selects(r#"{ $.e = "Ev*ent" }"#, &events, &[4]);
}

// [syntax] / [2021], "JSON Compound Conditions".
const USERS: &str = r#"{
  "user": {"id": 1, "email": "John.Stiles@example.com"},
  "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
  "actions": ["GET", "PUT", "DELETE"],
  "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
}"#;

#[test]
fn json_compound_conditions() {
    let cases = [
        (
            r#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#,
            true,
        ),
        (
            r#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#,
            false,
        ),
        (
            r#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }"#,
            true,
        ),
        (
            r#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }"#,
            false,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(pattern(text).matches(USERS), expected, "{text}");
    }
}

/// "Special considerations": a selector on an array or object is not applied.
#[test]
fn json_selector_on_an_array_matches_neither_way() {
    let event = r#"{"users": [1, 2, 3]}"#;
    assert!(!pattern("{$.users = 1}").matches(event));
    assert!(!pattern("{$.users != 1}").matches(event));
}

#[test]
fn json_numeric_comparisons() {
    let event = r#"{"latency": 500, "numbers": [0.001, 7], "processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}], "errorCode": 400}"#;
    for (text, expected) in [
        ("{ $.latency >= 500 }", true),
        ("{ $.numbers[0] < 10e3 }", true),
        ("{ $.numbers[0] < 10e-3 }", true),
        ("{ $.numbers[1] < 10e-3 }", false),
        ("{ $.processes[4].averageRuntime <= 55.5 }", true),
        ("{ $.errorCode = 400 }", true),
        ("{ $.errorCode != 500 }", true),
        ("{ $.errorCode != 400 }", false),
        ("{ $.latency > +1000 }", false),
        ("{ $.latency > -1000 }", true),
    ] {
        assert_eq!(pattern(text).matches(event), expected, "{text}");
    }
}

/// [2021], "Publishing Numerical Values Found in Log Entries": `{ $.latency = * }`.
#[test]
fn json_wildcard_alone_asks_that_the_field_exists() {
    selects(
        "{ $.latency = * }",
        &[
            r#"{"latency": 42}"#,
            r#"{"latency": "fast"}"#,
            r#"{"other": 1}"#,
        ],
        &[0, 1],
    );
}

// [syntax], "Using filter patterns to match terms in space-delimited log events".
const ACCESS: [&str; 4] = [
    r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#,
    r#"127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324"#,
    r#"127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355"#,
    // The event of the page's extraction example.
    r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#,
];

#[test]
fn delimited_fields_and_ellipsis() {
    selects(
        "[ip, user, username, timestamp, request, status_code, bytes]",
        &ACCESS,
        &[0, 1, 2, 3],
    );
    selects("[..., status_code, bytes]", &ACCESS, &[0, 1, 2, 3]);
    selects(
        "[ip, user, ..., status_code, bytes]",
        &ACCESS,
        &[0, 1, 2, 3],
    );
    selects("[ip, user, ...]", &ACCESS, &[0, 1, 2, 3]);
    // Without `...` the event has exactly the pattern's fields.
    selects(
        "[ip, user, username, timestamp, request, status_code]",
        &ACCESS,
        &[],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code, bytes, more]",
        &ACCESS,
        &[],
    );
}

#[test]
fn delimited_conditions() {
    selects(
        "[ip, user, username, timestamp, request, status_code, bytes > 1000]",
        &ACCESS,
        &[0, 1, 2, 3],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code, bytes > 5000]",
        &ACCESS,
        &[1],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code = 200, bytes]",
        &ACCESS,
        &[0, 2],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code = 4*, bytes]",
        &ACCESS,
        &[3],
    );
    selects(
        "[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]",
        &ACCESS,
        &[3],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
        &ACCESS,
        &[3],
    );
    selects(
        "[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]",
        &ACCESS,
        &[3],
    );
    // The extraction example: its trailing comma is a seventh, unnamed field (`$7`).
    selects("[..., request=*.html*, status_code=4*,]", &ACCESS, &[3]);
    selects("[..., request=*.html*, status_code=4*]", &ACCESS, &[]);
    selects("[ip, , username, ...]", &ACCESS, &[0, 1, 2, 3]);
}

/// `[..., status_code = 4* && bytes > 1000]` appears in [2021], and CloudWatch answers
/// "Invalid filter pattern" (awsdocs/amazon-cloudwatch-logs-user-guide issue 21).
#[test]
fn delimited_condition_on_another_field_is_rejected() {
    let text = "[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]";
    let error = FilterPattern::parse(text).expect_err(text);
    assert_eq!(error.offset(), text.find("bytes").unwrap());
    assert!(error.expected().contains("status_code"), "{error}");
}

// [syntax], "Supported regular expressions (regex) syntax" and "Using filter patterns to
// match terms with regular expression (regex)".
#[test]
fn regex_examples() {
    selects(
        "%AUTHORIZED%",
        &[
            "[ERROR 401] UNAUTHORIZED REQUEST",
            "[SUCCESS 200] AUTHORIZED REQUEST",
            "[INFO] OK",
        ],
        &[0, 1],
    );
    selects(
        r"%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}%",
        &["from 10.0.0.12 port 22", "from 10.0.x.12"],
        &[0],
    );
    selects(
        "%[Ee]rror|[Ff]ail%",
        &["Error", "error", "Fail", "fail", "ERROR", "FAIL"],
        &[0, 1, 2, 3],
    );
    selects("%^[hc]at%", &["hat trick", "cat", "that", "bat"], &[0, 1]);
    selects("%[hc]at$%", &["a hat", "cat", "hats", "bat"], &[0, 1]);
    selects("%colou?r%", &["color", "colour", "colr"], &[0, 1]);
    selects("%[abc]%", &["a", "b", "c", "d"], &[0, 1, 2]);
    selects("%[a-z]%", &["q", "Q", "9"], &[0]);
    selects(
        "%[abcx-z]%",
        &["a", "b", "c", "x", "y", "z", "d", "w"],
        &[0, 1, 2, 3, 4, 5],
    );
    selects("%a{3,5}%", &["aa", "aaa", "aaaa", "aaaaa"], &[1, 2, 3]);
    selects("%gra|ey%", &["gray", "grey", "gr"], &[0, 1]);
    selects("%12*3%", &["13", "123", "1223", "124"], &[0, 1, 2]);
    selects("%12+3%", &["13", "123", "1223"], &[1, 2]);
    selects("%.ab%", &["cab", "#ab", "ab"], &[0, 1]);
    selects(r"%\s\S\w\W\D%", &[" xy-z", "xy-z"], &[0]);
    selects(r"%[\d-]%", &["-", "7", "x"], &[0, 1]);
}

/// A character the dialect has no place for is matched by its ASCII code: metric filters in
/// use write `\x28` and `\x29` for parentheses after CloudWatch refused them
/// (ministryofjustice/modernisation-platform-environments pull request 5137).
#[test]
fn regex_hex_codes_stand_for_ascii_characters() {
    selects(
        r"%HealthCheck\x28\x29 failed%",
        &[
            "HealthCheck() failed",
            "HealthCheck failed",
            "HealthCheck(x) failed",
        ],
        &[0],
    );
    selects(r"%[\x28\x29]%", &["a(b", "a)b", "ab"], &[0, 1]);
    rejects(r"%a\x2%", 4, "two hexadecimal digits");
    rejects(r"%a\xZZ%", 4, "two hexadecimal digits");
    rejects(r"%a\xE9%", 4, "ASCII code");
}

#[test]
fn regex_takes_only_the_documented_characters() {
    // "%something!% would be rejected since '!' is not supported."
    rejects("%something!%", 10, "a letter, digit");
    // "The ( and ) operators are not supported."
    rejects("%(a|b)c%", 1, "no parentheses");
    // "Multi-byte characters are not supported."
    rejects("%caf\u{e9}%", 4, "ASCII");
    rejects("%abc", 0, "closing %");
    rejects("%[abc%", 1, "]");
    rejects("%a{x}%", 3, "repetition");
    rejects("%*a%", 1, "compiles");
}

// [cdk]: the shapes the AWS CDK writes.
#[test]
fn cdk_term_groups() {
    // anyTermGroup(["ERROR", "MainThread"], ["WARN", "Deadlock"])
    selects(
        r#"?"ERROR" "MainThread" ?"WARN" "Deadlock""#,
        &[
            "ERROR in MainThread",
            "WARN Deadlock found",
            "ERROR elsewhere",
            "MainThread Deadlock",
        ],
        &[0, 1],
    );
    // allTerms("ERROR", "MainThread"); anyTerm("ERROR", "MainThread")
    selects(
        r#""ERROR" "MainThread""#,
        &["ERROR in MainThread", "ERROR elsewhere"],
        &[0],
    );
    selects(
        r#"?"ERROR" ?"MainThread""#,
        &["ERROR in MainThread", "ERROR elsewhere", "MainThread"],
        &[0, 1, 2],
    );
    // quoteTerm escapes quotes and backslashes inside a term.
    selects(
        r#""say \"hi\" to C:\\temp""#,
        &[r#"say "hi" to C:\temp now"#, "say hi"],
        &[0],
    );
}

#[test]
fn cdk_json_and_delimited_shapes() {
    let all = r#"{ ($.component = "HttpServer") && (($.error IS TRUE) || ($.latency > 1000)) }"#;
    selects(
        all,
        &[
            r#"{"component": "HttpServer", "error": true, "latency": 5}"#,
            r#"{"component": "HttpServer", "error": false, "latency": 5000}"#,
            r#"{"component": "HttpServer", "error": false, "latency": 5}"#,
            r#"{"component": "Db", "error": true}"#,
        ],
        &[0, 1],
    );
    selects(
        r#"{ $.message = %bind: address already in use% }"#,
        &[
            r#"{"message": "listen tcp :80: bind: address already in use"}"#,
            r#"{"message": "ok"}"#,
        ],
        &[0],
    );
    selects(
        r#"[time, component = "HttpServer", ..., result_code != 200, latency]"#,
        &[
            "10:00 HttpServer GET / 500 12",
            "10:00 HttpServer GET / 200 12",
            "10:00 Db GET / 500 12",
            "10:00 HttpServer 500 12",
        ],
        &[0, 3],
    );
}

#[test]
fn bad_patterns_get_one_error_saying_where_and_what() {
    rejects("ERROR user-agent", 10, "double quotes");
    rejects("? ERROR", 1, "right after ?");
    rejects(r#""unclosed"#, 0, "closing double quote");
    rejects("{ $.level = }", 12, "a value");
    rejects("{ $.level }", 10, "comparison");
    rejects("{ level = 1 }", 2, "selector");
    rejects("{ $. = 1 }", 4, "property name");
    rejects("{ $.a[x] = 1 }", 6, "array index");
    rejects("{ $.a = 1 ", 10, "closing the JSON");
    rejects("{ $.a > abc }", 8, "a number");
    rejects("{ $.a == 1 }", 6, "single =");
    rejects("{ $.a IS MAYBE }", 9, "NULL, TRUE or FALSE");
    rejects("{ ($.a = 1 }", 11, ")");
    rejects("{ $.a = 1 } trailing", 12, "end of the pattern");
    rejects("[a, b", 5, "]");
    rejects("[a, b c]", 6, ", before the next field");
    rejects("[]", 1, "field name");
    rejects("[a = ]", 5, "a value");
    let error = FilterPattern::parse("{ $.level = }").unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"filter pattern "{ $.level = }", character 13: expected a value: a number, a string, or a %regex%, found '}'"#
    );
}
