//! Every export format, pinned by golden files and checked against the real format: Fluent Bit
//! regexes run in Oniguruma, the Vector condition is compiled and run by the `vrl` crate, the
//! OpenTelemetry YAML is parsed and its OTTL strings unescaped, the CloudWatch texts are parsed
//! back and their regexes run over the sample lines.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{onig, onig_search};
use lognoise_miner::TemplateId;
use lognoise_rules::{
    export, pattern, ExportFormat, ExportOptions, ProtectedTemplate, RuleSet, RuleSpec,
};
use regex::Regex;
use std::collections::BTreeMap;

/// (template, log groups) of the rules in the golden files.
const RULES: &[(&str, &[&str])] = &[
    ("GET /health <*>", &[]),
    ("Order <*> persisted in <*> ms", &[]),
    ("cache lookup key='<*>' hit=\"<*>\" (<*>%)", &[]),
    (
        "START RequestId: <*> Version: $LATEST",
        &["/aws/lambda/orders", "/aws/lambda/cart-*"],
    ),
];

/// Lines each rule must drop (index into RULES), with their log group.
const DROPPED: &[(usize, &str, Option<&str>)] = &[
    (0, "GET /health 200", None),
    (0, "10.0.0.1 GET /health 200", Some("/ecs/web")),
    (
        1,
        "2024-03-05T10:11:26.706Z\tac37\tINFO\tOrder ord_1 persisted in 42 ms",
        None,
    ),
    (2, "cache lookup key='user:1' hit=\"yes\" (97%)", None),
    (
        3,
        "START RequestId: 8f1 Version: $LATEST",
        Some("/aws/lambda/orders"),
    ),
    (
        3,
        "START RequestId: 8f2 Version: $LATEST",
        Some("/aws/lambda/cart-eu"),
    ),
];

/// Lines no rule may drop.
const KEPT: &[(&str, Option<&str>)] = &[
    ("GET /orders 200", None),
    ("Order ord_1 failed after 42 ms", None),
    ("Order ord_1 persisted in 42 ms then rolled back", None),
    (
        "START RequestId: 8f1 Version: $LATEST",
        Some("/aws/lambda/payments"),
    ),
    ("START RequestId: 8f1 Version: $LATEST", None),
    ("cache lookup key='user:1' hit=\"yes\"", None),
];

fn rule_set() -> RuleSet {
    let specs: Vec<RuleSpec> = RULES
        .iter()
        .map(|(t, groups)| RuleSpec {
            template_id: TemplateId::of_text(t),
            template_text: t.to_string(),
            log_groups: groups.iter().map(|g| g.to_string()).collect(),
            owner: Some("platform".into()),
            reason: Some("health checks and routine progress".into()),
            session: Some("2026-03-graph-club".into()),
            decided_at_ms: Some(1_772_400_000_000),
            keep_one_in: None,
        })
        .collect();
    let keep = "Order <*> failed after <*> ms";
    RuleSet::from_specs(
        &specs,
        vec![ProtectedTemplate {
            template_id: TemplateId::of_text(keep),
            template: keep.into(),
            verdict: "keep".into(),
        }],
    )
    .unwrap()
}

fn text(format: ExportFormat) -> String {
    let e = export(&rule_set(), format).unwrap();
    assert!(
        e.not_expressible.is_empty(),
        "{format:?} left out {:?}",
        e.not_expressible
    );
    e.text
}

#[test]
fn native_file_golden_and_round_trip() {
    let t = text(ExportFormat::Native);
    insta::assert_snapshot!("native", t);
    let back = RuleSet::from_json(t.as_bytes(), std::path::Path::new("rules.json")).unwrap();
    assert_eq!(back, rule_set());
}

// --- Fluent Bit ------------------------------------------------------------------------------

/// The filters of a classic config: (Logical_Op, [(key, regex)]).
/// A missing rules file says so and how to make one, rather than an OS error.
#[test]
fn missing_rules_file_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.json");
    let err = RuleSet::read(&path).unwrap_err();
    assert!(
        matches!(err, lognoise_rules::Error::NotFound { .. }),
        "{err}"
    );
    let text = err.to_string();
    assert!(text.contains("absent.json"), "{text}");
    assert!(text.contains("lognoise rules generate"), "{text}");
}

fn parse_classic(conf: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut filters: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in conf.lines() {
        let l = line.trim();
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        if l == "[FILTER]" {
            filters.push((String::new(), Vec::new()));
            continue;
        }
        let (key, value) = l.split_once(char::is_whitespace).unwrap();
        let value = value.trim();
        let f = filters.last_mut().unwrap();
        match key {
            "Name" => assert_eq!(value, "grep"),
            "Match" => assert_eq!(value, "*"),
            "Logical_Op" => f.0 = value.to_string(),
            "Exclude" => {
                let (k, re) = value.split_once(' ').unwrap();
                f.1.push((k.to_string(), re.to_string()));
            }
            other => panic!("unexpected key {other}"),
        }
    }
    filters
}

/// Runs filters the way Fluent Bit's grep does on a record {log, log_group}: true = dropped.
fn fluent_bit_drops(
    filters: &[(String, Vec<(String, String)>)],
    line: &str,
    group: Option<&str>,
) -> bool {
    filters.iter().any(|(op, excludes)| {
        let hit = |(k, re): &(String, String)| {
            let value = match k.as_str() {
                "log" => Some(line),
                "log_group" => group,
                other => panic!("unexpected record key {other}"),
            };
            value.is_some_and(|v| onig_search(&onig(re), v))
        };
        match op.as_str() {
            "or" => excludes.iter().any(hit),
            "and" => excludes.iter().all(hit),
            other => panic!("unexpected Logical_Op {other}"),
        }
    })
}

fn check_fluent_bit(filters: &[(String, Vec<(String, String)>)]) {
    for &(_, line, group) in DROPPED {
        assert!(
            fluent_bit_drops(filters, line, group),
            "{line:?} in {group:?} kept"
        );
    }
    for &(line, group) in KEPT {
        assert!(
            !fluent_bit_drops(filters, line, group),
            "{line:?} in {group:?} dropped"
        );
    }
}

#[test]
fn fluent_bit_classic_runs_in_oniguruma() {
    let t = text(ExportFormat::FluentBit);
    insta::assert_snapshot!("fluent_bit_conf", t);
    assert!(
        !t.contains("${"),
        "environment-variable syntax in a pattern"
    );
    let filters = parse_classic(&t);
    assert_eq!(filters.len(), 2);
    check_fluent_bit(&filters);
}

#[test]
fn fluent_bit_yaml_parses_and_runs_in_oniguruma() {
    let t = text(ExportFormat::FluentBitYaml);
    insta::assert_snapshot!("fluent_bit_yaml", t);
    let doc: serde_yaml::Value = serde_yaml::from_str(&t).unwrap();
    let filters: Vec<(String, Vec<(String, String)>)> = doc["pipeline"]["filters"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["name"].as_str(), Some("grep"));
            assert_eq!(f["match"].as_str(), Some("*"));
            let excludes = f["exclude"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|e| {
                    let (k, re) = e.as_str().unwrap().split_once(' ').unwrap();
                    (k.to_string(), re.to_string())
                })
                .collect();
            (f["logical_op"].as_str().unwrap().to_string(), excludes)
        })
        .collect();
    check_fluent_bit(&filters);
    // The same regexes as the classic file.
    let classic = parse_classic(&text(ExportFormat::FluentBit));
    assert_eq!(filters, classic);
}

// --- Vector ----------------------------------------------------------------------------------

fn run_vrl(program: &vrl::compiler::Program, line: &str, group: Option<&str>) -> bool {
    use vrl::compiler::{state::RuntimeState, Context, TargetValue, TimeZone};
    use vrl::value::{Secrets, Value};
    let mut event = BTreeMap::new();
    event.insert("message".into(), Value::from(line));
    if let Some(g) = group {
        event.insert("log_group".into(), Value::from(g));
    }
    let mut target = TargetValue {
        value: Value::Object(event),
        metadata: Value::Object(BTreeMap::new()),
        secrets: Secrets::default(),
    };
    let mut state = RuntimeState::default();
    let tz = TimeZone::default();
    let mut ctx = Context::new(&mut target, &mut state, &tz);
    match program.resolve(&mut ctx).unwrap() {
        Value::Boolean(b) => b,
        other => panic!("the condition returned {other:?}, not a boolean"),
    }
}

#[test]
fn vector_condition_compiles_in_vrl_and_filters_sample_events() {
    let t = text(ExportFormat::Vector);
    insta::assert_snapshot!("vector_yaml", t);
    let doc: serde_yaml::Value = serde_yaml::from_str(&t).unwrap();
    let transform = &doc["transforms"]["lognoise_drop_noise"];
    assert_eq!(transform["type"].as_str(), Some("filter"));
    assert_eq!(transform["condition"]["type"].as_str(), Some("vrl"));
    let source = transform["condition"]["source"].as_str().unwrap();
    let fns = vrl::stdlib::all();
    let compiled = vrl::compiler::compile(source, &fns).unwrap_or_else(|d| {
        panic!(
            "VRL refuses the condition:\n{}\n{source}",
            vrl::diagnostic::Formatter::new(source, d)
        )
    });
    // Vector keeps events for which the condition is true.
    for &(_, line, group) in DROPPED {
        assert!(
            !run_vrl(&compiled.program, line, group),
            "{line:?} in {group:?} kept"
        );
    }
    for &(line, group) in KEPT {
        assert!(
            run_vrl(&compiled.program, line, group),
            "{line:?} in {group:?} dropped"
        );
    }
}

// --- OpenTelemetry Collector -----------------------------------------------------------------

/// Reads an OTTL string literal at the start of `s`: its value and the rest of `s`.
fn ottl_string(s: &str) -> (String, &str) {
    let mut chars = s.char_indices();
    assert_eq!(chars.next().map(|c| c.1), Some('"'));
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next().unwrap().1),
            '"' => return (out, &s[i + 1..]),
            c => out.push(c),
        }
    }
    panic!("unterminated OTTL string in {s:?}");
}

#[test]
fn otel_collector_yaml_parses_and_its_conditions_hold_the_rules() {
    let t = text(ExportFormat::OtelCollector);
    insta::assert_snapshot!("otel_collector_yaml", t);
    let doc: serde_yaml::Value = serde_yaml::from_str(&t).unwrap();
    let p = &doc["processors"]["filter/lognoise"];
    assert_eq!(p["error_mode"].as_str(), Some("ignore"));
    let conditions = p["logs"]["log_record"].as_sequence().unwrap();
    let set = rule_set();
    assert_eq!(conditions.len(), set.rules.len());
    let attr = ExportOptions::default().otel_group_attribute;
    for (c, (rule, (template, groups))) in conditions.iter().zip(set.rules.iter().zip(RULES)) {
        let c = c.as_str().unwrap();
        let at = c.find("IsMatch(body, ").unwrap() + "IsMatch(body, ".len();
        let (regex, rest) = ottl_string(&c[at..]);
        assert_eq!(rest, ")");
        assert_eq!(regex, rule.pattern, "{template}");
        // RE2 reads the portable subset as Rust does; run it over the sample.
        let re = Regex::new(&regex).unwrap();
        for &(i, line, _) in DROPPED {
            assert_eq!(
                re.is_match(line),
                RULES[i].0 == *template,
                "{line:?} vs {template}"
            );
        }
        if groups.is_empty() {
            assert!(c.starts_with("IsMatch(body, "));
        } else {
            assert!(c.starts_with(&format!(
                "(resource.attributes[\"{attr}\"] == \"{}\"",
                groups[0]
            )));
            assert!(c.contains(r#"IsMatch(resource.attributes["cloudwatch.log.group.name"], "\\A\\/aws\\/lambda\\/cart\\-")"#), "{c}");
        }
    }
}

// --- CloudWatch ------------------------------------------------------------------------------

/// The regexes of `like /.../` in an Insights query, in order.
fn insights_regexes(query: &str, field: &str) -> Vec<String> {
    let needle = format!("{field} like /");
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(at) = rest.find(&needle) {
        let body = &rest[at + needle.len()..];
        let mut end = 0;
        let bytes = body.as_bytes();
        while bytes[end] != b'/' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        out.push(body[..end].to_string());
        rest = &body[end + 1..];
    }
    out
}

#[test]
fn insights_queries_count_and_show_with_the_rules_patterns() {
    let t = text(ExportFormat::InsightsQueries);
    insta::assert_snapshot!("insights", t);
    let queries: Vec<&str> = t.split("\n\n").filter(|q| !q.trim().is_empty()).collect();
    assert_eq!(queries.len(), 2, "one counting query, one of what remains");
    assert!(queries[0].contains("| stats count(*) as events, sum(strlen(@message)) as bytes"));
    assert!(queries[1].contains("| filter not ("));
    for q in &queries {
        assert!(q.len() <= 10_000);
        let regexes = insights_regexes(q, "@message");
        assert_eq!(regexes.len(), RULES.len());
        let set = rule_set();
        for (re, rule) in regexes.iter().zip(&set.rules) {
            // `/` escaped for the literal, text anchors as ^ and $.
            assert!(re.starts_with('^') && re.ends_with('$'));
            let re = Regex::new(re).unwrap();
            for &(i, line, _) in DROPPED {
                if RULES[i].0 == rule.template {
                    assert!(re.is_match(line), "{line:?}");
                }
            }
            for &(line, _) in KEPT.iter().take(3) {
                assert!(!re.is_match(line), "{line:?}");
            }
        }
        let groups = insights_regexes(q, "@log");
        assert_eq!(
            groups,
            vec![r":\/aws\/lambda\/orders$", r":\/aws\/lambda\/cart\-"]
        );
    }
}

#[test]
fn subscription_filter_patterns_keep_to_the_dialect() {
    let t = text(ExportFormat::SubscriptionFilter);
    insta::assert_snapshot!("subscription_filter", t);
    let doc: serde_json::Value = serde_json::from_str(&t).unwrap();
    let patterns = doc["patterns"].as_array().unwrap();
    assert_eq!(patterns.len(), RULES.len());
    for (p, (template, groups)) in patterns.iter().zip(RULES) {
        let fp = p["filter_pattern"].as_str().unwrap();
        let body = fp
            .strip_prefix('%')
            .and_then(|s| s.strip_suffix('%'))
            .unwrap();
        // Only the characters the dialect allows, and no groups.
        assert!(
            body.chars()
                .all(|c| c.is_ascii_alphanumeric() || ":_#=@/;,-^$?[]{}|\\*+.".contains(c)),
            "{body}"
        );
        assert_eq!(p["log_groups"].as_array().unwrap().len(), groups.len());
        let re = Regex::new(body).unwrap();
        for &(i, line, _) in DROPPED {
            if RULES[i].0 == *template {
                assert!(re.is_match(line), "{line:?} vs {body}");
            }
        }
    }
    assert_eq!(
        pattern::template_pattern("<*>").ok(),
        None,
        "an all-variable template gives no rule"
    );
    assert!(lognoise_rules::export::subscription_pattern("<*> <*>").is_err());
}

#[test]
fn an_empty_rule_set_exports_configs_that_drop_nothing() {
    let set = RuleSet::default();
    for f in ExportFormat::ALL {
        let e = export(&set, f).unwrap();
        assert!(!e.text.is_empty());
    }
    let vector = export(&set, ExportFormat::Vector).unwrap().text;
    let doc: serde_yaml::Value = serde_yaml::from_str(&vector).unwrap();
    let source = doc["transforms"]["lognoise_drop_noise"]["condition"]["source"]
        .as_str()
        .unwrap();
    let fns = vrl::stdlib::all();
    let compiled = vrl::compiler::compile(source, &fns).unwrap();
    assert!(run_vrl(&compiled.program, "anything", None));
}
