//! Rule patterns read the same in RE2 as in Rust's engine: every pattern the property and
//! golden tests generate, and the rules of the templates mined from the fixtures, compiled by
//! real RE2 (the google-re2 Python bindings, run once over every case) with its default
//! options, and searched in lines of their own template, of other templates, with headers at
//! and past the bound, and after a line break.
//!
//! RE2 is the engine of the OpenTelemetry Collector and the Datadog Agent; Oniguruma (Fluent
//! Bit) is checked by the property tests themselves. The OpenTelemetry export's own regexes
//! (filter and routing conditions, with their log-group tests) are read back from its YAML and
//! run too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::gen::{filling, fixture_lines, line_of, template, text_of, GOLDEN_TEMPLATES};
use lognoise_miner::TemplateId;
use lognoise_miner::{Miner, MinerConfig, WILDCARD};
use lognoise_rules::{export, pattern, ExportFormat, RuleSet, RuleSpec};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Generated templates checked (each with lines of its own and of another template).
const GENERATED: usize = 400;
/// Lines of its own template and of others tried on each mined template's rule.
const MINED_LINES: usize = 4;

#[derive(Serialize)]
struct Case {
    /// Where the pattern comes from, for failure messages.
    #[serde(skip)]
    origin: String,
    pattern: String,
    lines: Vec<String>,
}

#[derive(Deserialize)]
struct Answer {
    error: Option<String>,
    matches: Vec<bool>,
}

/// The lines a pattern of template text `own` is tried on: `line` of its own template, `other`
/// of another, and `line` behind the longest header allowed, one character longer, and a
/// line break.
fn variants(line: &str, other: &str) -> Vec<String> {
    let long = format!("{} ", "h".repeat(pattern::MAX_HEADER_CHARS));
    let longer = format!("{} ", "h".repeat(pattern::MAX_HEADER_CHARS + 1));
    vec![
        line.to_string(),
        other.to_string(),
        format!("{long}{line}"),
        format!("{longer}{line}"),
        format!("x\n{line}"),
        format!("{line}\n"),
        format!("{line} trailing"),
    ]
}

fn generated_cases() -> Vec<Case> {
    let mut runner = TestRunner::deterministic();
    let mut cases = Vec::new();
    for i in 0..GENERATED {
        let a = template().new_tree(&mut runner).unwrap().current();
        let b = template().new_tree(&mut runner).unwrap().current();
        let f = filling().new_tree(&mut runner).unwrap().current();
        let text = text_of(&a);
        cases.push(Case {
            origin: format!("generated template {i}: {text:?}"),
            pattern: pattern::template_pattern(&text).unwrap(),
            lines: variants(&line_of(&a, &f), &line_of(&b, &f)),
        });
    }
    cases
}

fn golden_cases() -> Vec<Case> {
    let fills = ["x", "10.0.0.1:4221", "", "a b", "é\"q\"", "[]{}"];
    GOLDEN_TEMPLATES
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let other = GOLDEN_TEMPLATES[(i + 1) % GOLDEN_TEMPLATES.len()].replace(WILDCARD, "1");
            let mut lines = Vec::new();
            for fill in fills {
                lines.extend(variants(&text.replace(WILDCARD, fill), &other));
            }
            Case {
                origin: format!("golden template {text:?}"),
                pattern: pattern::template_pattern(text).unwrap(),
                lines,
            }
        })
        .collect()
}

/// A rule for each template mined from each fixture, tried on lines of its own template and
/// of the next templates.
fn mined_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (name, lines) in fixture_lines() {
        let mut miner = Miner::new(MinerConfig::default());
        let ids: Vec<_> = lines.iter().map(|l| miner.ingest(l)).collect();
        let snap = miner.snapshot();
        let templates = snap.templates();
        let mut lines_of: Vec<Vec<&str>> = vec![Vec::new(); templates.len()];
        let position: std::collections::HashMap<_, _> = templates
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i))
            .collect();
        for (line, id) in lines.iter().zip(&ids) {
            let Some(t) = snap.template_of(*id) else {
                continue;
            };
            let own = &mut lines_of[position[&t.id]];
            if own.len() < MINED_LINES {
                own.push(line);
            }
        }
        for (i, t) in templates.iter().enumerate() {
            let Ok(p) = pattern::template_pattern(&t.text) else {
                continue;
            };
            let mut tried: Vec<String> = lines_of[i].iter().map(|l| l.to_string()).collect();
            for k in 1..=MINED_LINES {
                if let Some(l) = lines_of[(i + k) % templates.len()].first() {
                    tried.push(l.to_string());
                }
            }
            cases.push(Case {
                origin: format!("{name}: template {:?}", t.text),
                pattern: p,
                lines: tried,
            });
        }
    }
    cases
}

/// Runs every case through RE2 at once.
fn re2(cases: &[Case]) -> Vec<Answer> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/re2/search.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("python3 cannot be started ({e}): run scripts/test, which installs it")
        });
    let input = serde_json::to_vec(cases).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "the RE2 driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Answer> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answers.len(), cases.len());
    answers
}

/// The pattern in Rust's engine, with room for the largest mined rules (as the matcher allows).
fn rust_regex(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .build()
        .unwrap()
}

fn check(cases: &[Case]) {
    let answers = re2(cases);
    let mut failures = Vec::new();
    let mut searched = 0usize;
    for (case, answer) in cases.iter().zip(&answers) {
        if let Some(e) = &answer.error {
            failures.push(format!(
                "{}: RE2 refuses {:?}: {e}",
                case.origin, case.pattern
            ));
            continue;
        }
        let rust = rust_regex(&case.pattern);
        for (line, &in_re2) in case.lines.iter().zip(&answer.matches) {
            searched += 1;
            if rust.is_match(line) != in_re2 {
                failures.push(format!(
                    "{}: Rust says {}, RE2 says {in_re2} for {line:?} with {:?}",
                    case.origin, !in_re2, case.pattern
                ));
            }
        }
    }
    assert!(searched > 0);
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn generated_and_golden_patterns_read_the_same_in_re2() {
    let mut cases = generated_cases();
    cases.extend(golden_cases());
    // The generated lines include matches and misses, so agreement means something.
    let rust_matches = cases
        .iter()
        .map(|c| {
            let re = rust_regex(&c.pattern);
            c.lines.iter().filter(|l| re.is_match(l)).count()
        })
        .sum::<usize>();
    let lines = cases.iter().map(|c| c.lines.len()).sum::<usize>();
    assert!(rust_matches > lines / 4 && rust_matches < lines * 3 / 4);
    check(&cases);
}

#[test]
fn rules_of_mined_templates_read_the_same_in_re2() {
    let cases = mined_cases();
    assert!(
        cases.len() >= 50,
        "the fixtures gave {} templates",
        cases.len()
    );
    check(&cases);
}

/// Every regex of the OpenTelemetry export of sampled and whole rules (routing conditions,
/// filter conditions, log-group prefixes), unescaped from its YAML and OTTL, runs in RE2 as in
/// Rust on lines of each rule's template, of the others, and on group names.
#[test]
fn otel_collector_routing_and_filter_regexes_read_the_same_in_re2() {
    let templates: [(&str, Option<u32>, &[&str]); 4] = [
        ("GET /health <*>", Some(10), &[]),
        ("Order <*> persisted in <*> ms", None, &[]),
        (
            "START RequestId: <*> Version: $LATEST",
            Some(4),
            &["/aws/lambda/orders", "/aws/lambda/cart-*"],
        ),
        (
            "cache lookup key='<*>' hit=\"<*>\" (<*>%)",
            Some(100),
            &["/ecs/*"],
        ),
    ];
    let specs: Vec<RuleSpec> = templates
        .iter()
        .map(|(t, keep, groups)| RuleSpec {
            template_id: TemplateId::of_text(t),
            template_text: t.to_string(),
            keep_one_in: *keep,
            log_groups: groups.iter().map(|g| g.to_string()).collect(),
            ..RuleSpec::default()
        })
        .collect();
    let set = RuleSet::from_specs(&specs, Vec::new()).unwrap();
    let e = export(&set, ExportFormat::OtelCollector).unwrap();
    assert!(e.not_expressible.is_empty());
    let doc: serde_yaml::Value = serde_yaml::from_str(&e.text).unwrap();
    let mut conditions: Vec<String> = doc["connectors"]["routing/lognoise"]["table"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| r["condition"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(conditions.len(), 3, "one route per sampled rule");
    conditions.extend(
        doc["processors"]["filter/lognoise"]["logs"]["log_record"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string()),
    );
    let fills = ["x", "10.0.0.1:4221", "é\"q\"", "[]{}", "a b"];
    let lines_of = |t: &str| -> Vec<String> {
        let mut out = Vec::new();
        for f in fills {
            let line = t.replace(WILDCARD, f);
            out.extend(variants(&line, &templates[0].0.replace(WILDCARD, f)));
        }
        out
    };
    let groups = [
        "/aws/lambda/orders",
        "/aws/lambda/orders-2",
        "/aws/lambda/cart-eu",
        "/aws/lambda/cart",
        "x/aws/lambda/cart-eu",
        "/ecs/web",
        "/ecs",
        "",
    ];
    let mut cases = Vec::new();
    let mut bodies = 0;
    for c in &conditions {
        for (value, re) in common::ottl::is_match_regexes(c) {
            let lines = if value == "body" {
                bodies += 1;
                assert!(
                    set.rules.iter().any(|r| r.pattern == re),
                    "{re:?} is no rule's pattern"
                );
                templates.iter().flat_map(|(t, _, _)| lines_of(t)).collect()
            } else {
                assert_eq!(value, "cloudwatch.log.group.name");
                groups.iter().map(|g| g.to_string()).collect()
            };
            cases.push(Case {
                origin: format!("otel condition {c}"),
                pattern: re,
                lines,
            });
        }
    }
    assert_eq!(bodies, set.rules.len(), "each rule's pattern once");
    assert_eq!(cases.len(), set.rules.len() + 2, "two group prefixes");
    check(&cases);
}
