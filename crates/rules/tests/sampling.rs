//! Rules that keep a share of their lines (`keep_one_in`): validation counts only what is
//! dropped, the Vector export samples them (its `sample` transform, the exclude condition
//! compiled and run by the `vrl` crate on sample events, the rate applied as Vector applies
//! it), Fluent Bit samples them in a lua filter (run in LuaJIT in `fluentbit_lua.rs`), the
//! OpenTelemetry Collector routes their lines to sampling pipelines (the routing conditions and
//! filter conditions evaluated on sample records, the sampler's bucket arithmetic reproduced),
//! and targets that drop all or nothing list the rule instead of dropping more.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::ottl;
use lognoise_miner::TemplateId;
use lognoise_rules::export::otel;
use lognoise_rules::{
    export, validate, ExportFormat, ExportOptions, RuleSet, RuleSpec, SampleLine,
};
use std::collections::{BTreeMap, HashMap, HashSet};

const HEALTH: &str = "GET /health <*>";
const ORDER: &str = "Order <*> persisted in <*> ms";

/// Health checks kept 1 in 10, order lines dropped whole.
fn rule_set(keep_one_in: u32) -> RuleSet {
    let spec = |t: &str, keep: Option<u32>| RuleSpec {
        template_id: TemplateId::of_text(t),
        template_text: t.to_string(),
        keep_one_in: keep,
        ..RuleSpec::default()
    };
    RuleSet::from_specs(
        &[spec(HEALTH, Some(keep_one_in)), spec(ORDER, None)],
        Vec::new(),
    )
    .unwrap()
}

fn lines() -> Vec<SampleLine> {
    let mut out = Vec::new();
    for i in 0..200 {
        out.push(SampleLine {
            message: format!("GET /health {}", 200 + i % 3),
            log_group: None,
            template_id: TemplateId::of_text(HEALTH),
        });
        if i % 2 == 0 {
            out.push(SampleLine {
                message: format!("Order ord_{i} persisted in {} ms", i % 50),
                log_group: None,
                template_id: TemplateId::of_text(ORDER),
            });
        }
        out.push(SampleLine {
            message: format!("GET /orders/{i} 200"),
            log_group: None,
            template_id: TemplateId::of_text("GET /orders/<*> 200"),
        });
    }
    out
}

#[test]
fn validation_counts_only_the_dropped_share() {
    let report = validate(&rule_set(10), lines(), &HashSet::new()).unwrap();
    assert_eq!(report.rules[0].matched_own, 200);
    assert_eq!(report.rules[0].dropped_lines, 180);
    assert_eq!(report.rules[1].dropped_lines, 100);
    assert_eq!(report.removed_lines, 280);
    let whole = validate(
        &RuleSet::from_specs(
            &[RuleSpec {
                template_id: TemplateId::of_text(HEALTH),
                template_text: HEALTH.into(),
                ..RuleSpec::default()
            }],
            Vec::new(),
        )
        .unwrap(),
        lines(),
        &HashSet::new(),
    )
    .unwrap();
    assert_eq!(whole.removed_lines, 200);
}

#[test]
fn a_rate_below_two_is_refused() {
    let mut set = rule_set(10);
    set.rules[0].keep_one_in = Some(1);
    let err = set.check().unwrap_err().to_string();
    assert!(err.contains("keep_one_in is 1"), "{err}");
    let json = set.to_json();
    assert!(RuleSet::from_json(json.as_bytes(), std::path::Path::new("r.json")).is_err());
}

fn run_vrl(program: &vrl::compiler::Program, line: &str) -> bool {
    use vrl::compiler::{state::RuntimeState, Context, TargetValue, TimeZone};
    use vrl::value::{Secrets, Value};
    let mut event = BTreeMap::new();
    event.insert("message".into(), Value::from(line));
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

fn compile(source: &str) -> vrl::compiler::Program {
    let fns = vrl::stdlib::all();
    vrl::compiler::compile(source, &fns)
        .unwrap_or_else(|d| panic!("{}", vrl::diagnostic::Formatter::new(source, d)))
        .program
}

#[test]
fn vector_samples_the_rule_and_filters_the_rest() {
    let text = export(&rule_set(10), ExportFormat::Vector).unwrap().text;
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let filter = compile(
        doc["transforms"]["lognoise_drop_noise"]["condition"]["source"]
            .as_str()
            .unwrap(),
    );
    let name = format!("lognoise_sample_{}", TemplateId::of_text(HEALTH));
    let sample = &doc["transforms"][name.as_str()];
    assert_eq!(sample["type"].as_str(), Some("sample"));
    assert_eq!(sample["inputs"][0].as_str(), Some("lognoise_drop_noise"));
    assert_eq!(sample["rate"].as_u64(), Some(10));
    let exclude = compile(sample["exclude"]["source"].as_str().unwrap());
    assert!(text.contains(&format!("Sinks read from `{name}`")));

    // The pipeline as Vector runs it: the filter, then the sample transform, which forwards
    // excluded events and one in `rate` of the others.
    let mut seen = 0u64;
    let (mut health_out, mut others_out, mut orders_out) = (0, 0, 0);
    for line in lines() {
        if !run_vrl(&filter, &line.message) {
            continue;
        }
        let forwarded = if run_vrl(&exclude, &line.message) {
            true
        } else {
            seen += 1;
            (seen - 1).is_multiple_of(10)
        };
        if forwarded {
            match line.message.as_str() {
                m if m.starts_with("GET /health") => health_out += 1,
                m if m.starts_with("Order") => orders_out += 1,
                _ => others_out += 1,
            }
        }
    }
    assert_eq!(health_out, 20, "1 in 10 of 200 health checks");
    assert_eq!(orders_out, 0);
    assert_eq!(others_out, 200);
}

#[test]
fn targets_that_cannot_sample_list_the_rule() {
    let id = TemplateId::of_text(HEALTH).to_string();
    let format = ExportFormat::SubscriptionFilter;
    let e = export(&rule_set(10), format).unwrap();
    assert_eq!(e.not_expressible.len(), 1, "{format:?}");
    assert_eq!(e.not_expressible[0].rule_id, id);
    assert!(e.not_expressible[0].reason.contains("keeps 1 line in 10"));
    assert!(
        !e.text.contains("health"),
        "{format:?} carries the sampled rule:\n{}",
        e.text
    );
}

#[test]
fn fluent_bit_carries_the_rule_in_its_lua_script() {
    let id = TemplateId::of_text(HEALTH).to_string();
    for format in [ExportFormat::FluentBit, ExportFormat::FluentBitYaml] {
        let e = export(&rule_set(10), format).unwrap();
        assert!(e.not_expressible.is_empty(), "{format:?}");
        assert!(!e.text.contains("health"), "{format:?}:\n{}", e.text);
        assert_eq!(e.files.len(), 1);
        assert!(e.files[0].text.contains(&format!("id = \"{id}\"")));
        assert!(e.files[0].text.contains("n = 10,"));
    }
    // A pattern edited by hand is left out, as the lua filter cannot reproduce it.
    let mut set = rule_set(10);
    set.rules[0].pattern = r"\AGET /health [0-9]{1,3}\z".into();
    let e = export(&set, ExportFormat::FluentBit).unwrap();
    assert_eq!(e.not_expressible.len(), 1);
    assert!(e.not_expressible[0].reason.contains("edited"));
    assert!(e.files.is_empty());
}

// --- OpenTelemetry Collector -----------------------------------------------------------------

const START: &str = "START RequestId: <*> Version: $LATEST";

/// Health checks kept 1 in 10 everywhere, Lambda starts kept 1 in 4 in two groups, order
/// lines dropped whole, and a second rule at 1 in 10 (sharing the health checks' pipeline).
fn otel_rule_set() -> RuleSet {
    let spec = |t: &str, keep: Option<u32>, groups: &[&str]| RuleSpec {
        template_id: TemplateId::of_text(t),
        template_text: t.to_string(),
        keep_one_in: keep,
        log_groups: groups.iter().map(|g| g.to_string()).collect(),
        ..RuleSpec::default()
    };
    RuleSet::from_specs(
        &[
            spec(HEALTH, Some(10), &[]),
            spec(ORDER, None, &[]),
            spec(
                START,
                Some(4),
                &["/aws/lambda/orders", "/aws/lambda/cart-*"],
            ),
            spec("GET /ready <*>", Some(10), &[]),
        ],
        Vec::new(),
    )
    .unwrap()
}

/// (line, group, rule index in `otel_rule_set` whose lines they are).
fn otel_lines() -> Vec<(String, Option<&'static str>, Option<usize>)> {
    let groups = [
        Some("/aws/lambda/orders"),
        Some("/aws/lambda/cart-eu"),
        Some("/aws/lambda/payments"),
        Some("/ecs/web"),
        None,
    ];
    let mut out = Vec::new();
    for i in 0..4000 {
        let g = groups[i % groups.len()];
        out.push(("GET /health 200".to_string(), g, Some(0)));
        if i % 4 == 0 {
            out.push((format!("10.0.0.{} GET /health 503", i % 7), g, Some(0)));
            out.push((
                format!("Order ord_{i} persisted in {} ms", i % 50),
                g,
                Some(1),
            ));
            out.push((format!("GET /ready {}", i % 3), g, Some(3)));
        }
        let start = format!("START RequestId: {i:x} Version: $LATEST");
        let scoped = matches!(g, Some("/aws/lambda/orders" | "/aws/lambda/cart-eu"));
        out.push((start, g, scoped.then_some(2)));
        out.push((format!("GET /orders/{i} 200"), g, None));
        out.push((format!("Order ord_{i} failed after 3 ms"), g, None));
    }
    out
}

/// A deterministic stand-in for the hash of a fresh UUID: 14 bits per record.
fn bucket(i: u64) -> u32 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) & u64::from(otel::SAMPLER_BUCKETS - 1)) as u32
}

/// The buckets the Collector's hash_seed sampler keeps for a `sampling_percentage`: the
/// percentage read as a 32-bit float, times 16384 / 100 in 32-bit floats, truncated.
fn buckets_kept(percentage: f64) -> u32 {
    // Go's untyped constant 16384 / 100.0, converted to float32 for the product.
    ((percentage as f32) * 163.84f32) as u32
}

fn strings(v: &serde_yaml::Value) -> Vec<String> {
    v.as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn otel_collector_routes_only_the_sampled_rules_lines_to_their_samplers() {
    let set = otel_rule_set();
    let e = export(&set, ExportFormat::OtelCollector).unwrap();
    assert!(e.not_expressible.is_empty(), "{:?}", e.not_expressible);
    insta::assert_snapshot!("otel_collector_sampled_yaml", e.text);
    let doc: serde_yaml::Value = serde_yaml::from_str(&e.text).unwrap();
    let attr = ExportOptions::default().otel_group_attribute;

    // The filter holds exactly the rule that drops all.
    let filter = strings(&doc["processors"]["filter/lognoise"]["logs"]["log_record"]);
    assert_eq!(filter.len(), 1, "{filter:?}");
    assert_eq!(
        ottl::is_match_regexes(&filter[0])[0].1,
        set.rules[1].pattern
    );

    // One route per sampled rule, in order, its condition holding the rule's pattern.
    let router = &doc["connectors"]["routing/lognoise"];
    assert_eq!(router["error_mode"].as_str(), Some("ignore"));
    assert_eq!(
        strings(&router["default_pipelines"]),
        ["logs/lognoise_drop"]
    );
    let routes: Vec<(String, String)> = router["table"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["context"].as_str(), Some("log"));
            let p = strings(&r["pipelines"]);
            assert_eq!(p.len(), 1);
            (r["condition"].as_str().unwrap().to_string(), p[0].clone())
        })
        .collect();
    let sampled = [0usize, 2, 3];
    assert_eq!(routes.len(), sampled.len());
    for ((c, p), &i) in routes.iter().zip(&sampled) {
        let rule = &set.rules[i];
        let regexes = ottl::is_match_regexes(c);
        assert_eq!(
            regexes.last().unwrap(),
            &("body".to_string(), rule.pattern.clone())
        );
        let n = rule.keep_one_in.unwrap();
        assert_eq!(p, &format!("logs/lognoise_keep_1_in_{n}"));
    }

    // Pipelines: the user's receiver into the router; every branch ends at the user's exporter
    // and runs the filter first; each share's branch samples with its own sampler.
    let pipelines = &doc["service"]["pipelines"];
    assert_eq!(
        strings(&pipelines["logs/lognoise_in"]["receivers"]),
        ["YOUR_LOGS_RECEIVER"]
    );
    assert_eq!(
        strings(&pipelines["logs/lognoise_in"]["exporters"]),
        ["routing/lognoise"]
    );
    assert_eq!(
        pipelines.as_mapping().unwrap().len(),
        4,
        "in, drop, 1 in 10, 1 in 4"
    );
    let mut samplers: HashMap<String, u32> = HashMap::new();
    for (name, p) in pipelines.as_mapping().unwrap() {
        let name = name.as_str().unwrap();
        if name == "logs/lognoise_in" {
            continue;
        }
        assert_eq!(strings(&p["receivers"]), ["routing/lognoise"], "{name}");
        assert_eq!(strings(&p["exporters"]), ["YOUR_LOGS_EXPORTER"], "{name}");
        let procs = strings(&p["processors"]);
        assert_eq!(procs[0], "filter/lognoise", "{name}");
        if name == "logs/lognoise_drop" {
            assert_eq!(procs.len(), 1);
            continue;
        }
        let short = name.strip_prefix("logs/").unwrap();
        assert_eq!(
            procs[1..],
            [
                "transform/lognoise_sample_key".to_string(),
                format!("probabilistic_sampler/{short}"),
                "transform/lognoise_drop_sample_key".to_string(),
            ]
        );
        let s = &doc["processors"][format!("probabilistic_sampler/{short}").as_str()];
        assert_eq!(s["mode"].as_str(), Some("hash_seed"));
        assert_eq!(s["attribute_source"].as_str(), Some("record"));
        assert_eq!(s["from_attribute"].as_str(), Some(otel::SAMPLE_KEY));
        assert_eq!(s["fail_closed"].as_bool(), Some(false));
        samplers.insert(
            name.to_string(),
            buckets_kept(s["sampling_percentage"].as_f64().unwrap()),
        );
    }
    assert_eq!(samplers["logs/lognoise_keep_1_in_10"], 1638);
    assert_eq!(samplers["logs/lognoise_keep_1_in_4"], 4096);
    let set_key = &doc["processors"]["transform/lognoise_sample_key"]["log_statements"][0];
    assert_eq!(set_key["context"].as_str(), Some("log"));
    assert_eq!(
        strings(&set_key["statements"]),
        [format!("set(attributes[\"{}\"], UUID())", otel::SAMPLE_KEY)]
    );
    let drop_key = &doc["processors"]["transform/lognoise_drop_sample_key"]["log_statements"][0];
    assert_eq!(
        strings(&drop_key["statements"]),
        [format!("delete_key(attributes, \"{}\")", otel::SAMPLE_KEY)]
    );

    // The Collector's run: route (first match), filter, sample.
    let mut cache = HashMap::new();
    let mut routed: HashMap<usize, (u64, u64)> = HashMap::new(); // rule: (seen, kept)
    let mut passed_other = 0u64;
    let mut others = 0u64;
    for (i, (line, group, own)) in otel_lines().iter().enumerate() {
        let mut resource = HashMap::new();
        if let Some(g) = group {
            resource.insert(attr.clone(), g.to_string());
        }
        let record = ottl::Record {
            body: line,
            resource,
        };
        let route = routes
            .iter()
            .position(|(c, _)| ottl::eval(c, &record, &mut cache));
        // Exactly the sampled rules' lines are routed, each to its own rule's route.
        let expected = own.and_then(|r| sampled.iter().position(|&s| s == r));
        assert_eq!(route, expected, "{line:?} in {group:?}");
        let dropped = filter.iter().any(|c| ottl::eval(c, &record, &mut cache));
        match route {
            Some(r) => {
                assert!(!dropped, "{line:?}");
                let kept = bucket(i as u64) < samplers[&routes[r].1];
                let e = routed.entry(sampled[r]).or_default();
                e.0 += 1;
                e.1 += u64::from(kept);
            }
            None => {
                assert_eq!(dropped, *own == Some(1), "{line:?} in {group:?}");
                if own.is_none() {
                    others += 1;
                    passed_other += u64::from(!dropped);
                }
            }
        }
    }
    assert_eq!(passed_other, others, "no other line is dropped");
    for (rule, n) in [(0usize, 10u64), (2, 4), (3, 10)] {
        let (seen, kept) = routed[&rule];
        let expected = seen / n;
        // Within 4 standard deviations of the binomial.
        let sd = ((seen as f64) * (1.0 / n as f64) * (1.0 - 1.0 / n as f64)).sqrt();
        assert!(
            (kept as f64 - expected as f64).abs() < 4.0 * sd,
            "rule {rule}: kept {kept} of {seen}, expected about {expected}"
        );
        assert!(seen >= 1000, "rule {rule} saw {seen}");
    }
}

#[test]
fn otel_collector_writes_only_the_filter_without_sampled_rules() {
    let mut set = otel_rule_set();
    for r in &mut set.rules {
        r.keep_one_in = None;
    }
    let text = export(&set, ExportFormat::OtelCollector).unwrap().text;
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(doc.as_mapping().unwrap().len(), 1, "{text}");
    assert_eq!(
        strings(&doc["processors"]["filter/lognoise"]["logs"]["log_record"]).len(),
        4
    );
}

#[test]
fn otel_sampler_shares_are_the_nearest_16384ths_or_listed() {
    let mut expressible = 0;
    for n in 2..=20_000u32 {
        match otel::sampler_share(n) {
            Some((k, percentage)) => {
                expressible += 1;
                let p: f64 = percentage.parse().unwrap();
                assert_eq!(buckets_kept(p), k, "1 in {n}: {percentage}");
                let share = f64::from(k) / 16384.0;
                let err = (share * f64::from(n) - 1.0).abs();
                assert!(err <= otel::MAX_SHARE_ERROR, "1 in {n}: {k}/16384");
                assert_eq!(k, (16384.0 / f64::from(n)).round() as u32);
            }
            None => assert!(n > 1638, "1 in {n} refused"),
        }
    }
    assert!(expressible > 1637 && expressible < 20_000);
    assert!(otel::sampler_share(1000).is_some());
    assert_eq!(otel::sampler_share(10_000), None);

    // A refused share is listed with why; the other rules are still exported.
    let mut set = otel_rule_set();
    set.rules[0].keep_one_in = Some(10_000);
    let e = export(&set, ExportFormat::OtelCollector).unwrap();
    assert_eq!(e.not_expressible.len(), 1);
    assert_eq!(e.not_expressible[0].rule_id, set.rules[0].id);
    assert!(
        e.not_expressible[0].reason.contains("1 line in 10000"),
        "{:?}",
        e.not_expressible
    );
    assert!(!e.text.contains("/health"), "{}", e.text);
    assert!(e.text.contains("lognoise_keep_1_in_4"));
}
