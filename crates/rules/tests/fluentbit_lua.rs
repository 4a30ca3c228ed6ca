//! The Fluent Bit lua filter of sampled rules, run in LuaJIT (the engine Fluent Bit embeds):
//! its match decision is the rule regex's on every line (fixtures and the miner's templates,
//! lines at the bounds, generated templates and lines), it keeps exactly one line in N of a
//! rule's lines and never drops another template's, and the records it is given are the ones
//! FireLens and the EKS daemon set build.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::gen::{filling, fixture_lines, line_of, template, text_of, Filling, GOLDEN_TEMPLATES};
use lognoise_miner::{Miner, MinerConfig, TemplateId};
use lognoise_rules::deploy::{plan, DeployOptions, Sample};
use lognoise_rules::producer::Overrides;
use lognoise_rules::{
    export_with, pattern, ExportFormat, ExportOptions, Matcher, ProtectedTemplate, RuleSet,
    RuleSpec,
};
use mlua::{Function, Lua, Table};
use proptest::prelude::*;
use regex::RegexBuilder;

const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// A rule set of `templates`, each keeping one line in `n`.
fn sampled(templates: &[&str], n: u32) -> RuleSet {
    let specs: Vec<RuleSpec> = templates
        .iter()
        .map(|t| RuleSpec {
            template_id: TemplateId::of_text(t),
            template_text: t.to_string(),
            keep_one_in: Some(n),
            ..RuleSpec::default()
        })
        .collect();
    RuleSet::from_specs(&specs, Vec::new()).unwrap()
}

/// The generic Fluent Bit export's script.
fn generic_script(set: &RuleSet) -> String {
    let e = export_with(set, ExportFormat::FluentBit, &ExportOptions::default()).unwrap();
    assert!(e.not_expressible.is_empty(), "{:?}", e.not_expressible);
    assert_eq!(e.files.len(), 1);
    e.files[0].text.clone()
}

/// The script loaded in LuaJIT, with its matcher and rule table reached from the same chunk
/// (a `return` appended to it sees its locals): a function giving the 1-based rules that
/// match a line.
struct Script {
    lua: Lua,
}

impl Script {
    fn load(text: &str) -> Script {
        let lua = Lua::new();
        let version: String = lua
            .load("return jit and jit.version or _VERSION")
            .eval()
            .unwrap();
        assert!(version.starts_with("LuaJIT"), "not LuaJIT: {version}");
        let all: Function = lua
            .load(format!(
                "{text}\nreturn function(s) local out = {{}} for i = 1, #R do \
                 if matches(R[i], s) then out[#out + 1] = i - 1 end end return out end"
            ))
            .set_name("lognoise-sampling.lua")
            .eval()
            .unwrap_or_else(|e| panic!("LuaJIT refuses the script: {e}\n{text}"));
        lua.globals().set("lognoise_test_matches", all).unwrap();
        Script { lua }
    }

    /// Indices of the rules matching `line`, in the script's order.
    fn matches(&self, line: &str) -> Vec<usize> {
        let f: Function = self.lua.globals().get("lognoise_test_matches").unwrap();
        let s = self.lua.create_string(line.as_bytes()).unwrap();
        f.call::<Vec<usize>>(s).unwrap()
    }

    /// The callback `name` on a record, as Fluent Bit calls it: the return code.
    fn call(&self, name: &str, tag: &str, record: Table) -> i64 {
        let f: Function = self
            .lua
            .globals()
            .get(name)
            .unwrap_or_else(|e| panic!("no callback {name}: {e}"));
        let (code, _ts, _record): (i64, f64, Table) =
            f.call((tag, 1_700_000_000.25_f64, record)).unwrap();
        code
    }

    fn record(&self, fields: &[(&str, &str)]) -> Table {
        let t = self.lua.create_table().unwrap();
        for (k, v) in fields {
            t.set(*k, self.lua.create_string(v.as_bytes()).unwrap())
                .unwrap();
        }
        t
    }
}

/// Lines at and past every bound of the patterns, for `t`'s template.
fn tricky_lines(t: &[Vec<common::gen::Piece>]) -> Vec<String> {
    let base = Filling {
        values: vec!["v1".into(), "x:y".into(), "é日".into(), "\"q\"".into()],
        gaps: vec![" ".into()],
        header: None,
    };
    let plain = line_of(t, &base);
    let mut out = vec![plain.clone()];
    for n in [255, 256, 257, 999, 1000, 1001] {
        for unit in ["v", "é"] {
            let mut f = base.clone();
            f.values = vec![unit.repeat(n)];
            out.push(line_of(t, &f));
        }
    }
    for n in [63, 64, 65] {
        let mut f = base.clone();
        f.gaps = vec![" ".repeat(n), "\t".repeat(n)];
        out.push(line_of(t, &f));
    }
    for h in [
        "2024-03-05T10:11:26.706Z\tac376f35-2448-4461-a104-b174eb2df7b3\tINFO\t",
        "Mar  5 10:11:15 web-1 sshd[21349]: ",
        "20171223-22:15:29:606|Step_LSC|30002312|",
        "line one\nline two ",
        "\n",
        "|",
    ] {
        out.push(format!("{h}{plain}"));
    }
    for n in [398, 399, 400, 401] {
        out.push(format!("{} {plain}", "h".repeat(n)));
        out.push(format!("{} {plain}", "é".repeat(n)));
    }
    for n in [15, 16, 17] {
        out.push(format!("{plain}{}", " ".repeat(n)));
        out.push(format!("{plain}{}", "\r\n".repeat(n / 2)));
    }
    // Values of several words, some beginning like the constants around them.
    for v in word_values(t) {
        out.push(raw_line(t, &v, " "));
        out.push(raw_line(t, &v, "\t"));
    }
    out.push(format!("{plain}\nnext line"));
    out.push(format!("{plain}\n"));
    out.push(format!("x{plain}"));
    out.push(plain.replace(' ', "  \t "));
    out.push(plain.replace(' ', "\u{a0}"));
    out.push(plain.chars().rev().collect());
    // Every single character dropped, then doubled: near misses on each side.
    let chars: Vec<char> = plain.chars().collect();
    for i in 0..chars.len() {
        let mut dropped = chars.clone();
        dropped.remove(i);
        out.push(dropped.into_iter().collect());
        let mut doubled = chars.clone();
        doubled.insert(i, chars[i]);
        out.push(doubled.into_iter().collect());
    }
    out
}

/// A line of template `t` with every variable filled with `value` as it is (white space and
/// all), tokens joined by `gap`.
fn raw_line(t: &[Vec<common::gen::Piece>], value: &str, gap: &str) -> String {
    use common::gen::Piece;
    t.iter()
        .map(|tok| {
            tok.iter()
                .map(|p| match p {
                    Piece::Const(c) => c.as_str(),
                    Piece::Var => value,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(gap)
}

/// Values made of the template's own constants: words beginning like them, the constants
/// whole, their first characters next to white space.
fn word_values(t: &[Vec<common::gen::Piece>]) -> Vec<String> {
    use common::gen::Piece;
    let mut out = vec!["a b".to_string(), "a  b".to_string(), "a\nb".to_string()];
    for c in t.iter().flatten() {
        let Piece::Const(c) = c else { continue };
        let first: String = c.chars().take(1).collect();
        let two: String = c.chars().take(2).collect();
        for v in [
            format!("w {c}"),
            format!("w {c}z"),
            format!("w {first}"),
            format!("w {first}z"),
            format!("w {first} x"),
            format!("w {first}\tx"),
            format!("w {two}"),
            format!("w {two}z"),
            format!("w {two} x"),
            format!("{first} w"),
            format!("w{first}"),
            format!("{c}{c}"),
            format!("{first}{first}"),
        ] {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// Templates of the tricky shapes (header-like prefixes, punctuation next to variables, white
/// space in constants, non-ASCII), with the golden ones.
const TRICKY_TEMPLATES: &[&str] = &[
    "user:<*>:profile hit=<*>",
    "to <*>: Link",
    "{\"a\":\"<*>\",\"b\":1}",
    "<*>:<*> up",
    "Order <*> persisted in <*> ms",
    "Size: <*> Max Memory",
    "GET /health <*>",
    "<*> INFO done",
    "a|b <*> |x",
    "é<*>日 <*> é",
    "x\ty <*>\tz",
    "<*> <*> end",
    "k=<*>, <*>=v",
    "a <*> | b",
    "<*> M end",
    "took <*> ms",
];

#[test]
fn the_script_decides_as_the_rule_regexes_on_tricky_lines() {
    let mut texts: Vec<&str> = TRICKY_TEMPLATES
        .iter()
        .chain(GOLDEN_TEMPLATES)
        .copied()
        .collect();
    texts.sort();
    texts.dedup();
    let set = sampled(&texts, 3);
    let script = Script::load(&generic_script(&set));
    let regexes: Vec<regex::Regex> = set
        .rules
        .iter()
        .map(|r| {
            RegexBuilder::new(&r.pattern)
                .size_limit(64 << 20)
                .build()
                .unwrap()
        })
        .collect();
    let mut checked = 0;
    let mut matched = 0;
    for text in &texts {
        let t = parse_template(text);
        for line in tricky_lines(&t) {
            let want: Vec<usize> = (0..regexes.len())
                .filter(|&i| regexes[i].is_match(&line))
                .collect();
            assert_eq!(script.matches(&line), want, "{line:?} (from {text:?})");
            checked += 1;
            matched += usize::from(!want.is_empty());
        }
    }
    assert!(checked > 1000, "{checked} lines");
    assert!(
        matched > checked / 4,
        "only {matched} of {checked} lines match a rule"
    );
}

/// A template text as the generator's pieces (so [`line_of`] can fill it).
fn parse_template(text: &str) -> Vec<Vec<common::gen::Piece>> {
    use common::gen::Piece;
    text.split(' ')
        .filter(|t| !t.is_empty())
        .map(|tok| {
            let mut pieces = Vec::new();
            for (i, c) in tok.split(lognoise_miner::WILDCARD).enumerate() {
                if i > 0 {
                    pieces.push(Piece::Var);
                }
                if !c.is_empty() {
                    pieces.push(Piece::Const(c.to_string()));
                }
            }
            pieces
        })
        .collect()
}

/// Mines each fixture, makes a sampled rule of every template, and compares the script with
/// the matcher on every line of the fixture.
#[test]
fn the_script_decides_as_the_matcher_on_the_fixtures() {
    let mut lines_checked = 0usize;
    let mut hits = 0usize;
    for (name, lines) in fixture_lines() {
        let mut miner = Miner::new(MinerConfig::default());
        for l in &lines {
            miner.ingest(l);
        }
        let snap = miner.snapshot();
        let texts: Vec<&str> = snap
            .templates()
            .iter()
            .map(|t| t.text.as_str())
            .filter(|t| pattern::template_pattern(t).is_ok())
            .collect();
        let set = sampled(&texts, 2);
        let matcher = Matcher::new(&set).unwrap();
        let script = Script::load(&generic_script(&set));
        for line in &lines {
            let want = matcher.matches(line, None);
            let got = script.matches(line);
            assert_eq!(got, want, "{name}: {line:?}");
            lines_checked += 1;
            hits += want.len();
        }
    }
    assert!(lines_checked > 10_000, "{lines_checked} fixture lines");
    assert!(
        hits >= lines_checked / 2,
        "{hits} hits on {lines_checked} lines"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random templates and lines (values and gaps past the bounds, headers, trailing white
    /// space, a character changed): LuaJIT and the rule's regex agree.
    #[test]
    fn lua_and_the_regex_agree_on_generated_templates(
        t in template(),
        f in filling(),
        long in 1usize..4,
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(vec![' ', '\t', ':', '"', ',', 'é', '\n', '|', 'M', 'x']),
    ) {
        let text = text_of(&t);
        let set = sampled(&[text.as_str()], 2);
        let script = Script::load(&generic_script(&set));
        let re = RegexBuilder::new(&set.rules[0].pattern).size_limit(64 << 20).build().unwrap();
        let line = line_of(&t, &f);
        let mut long_values = f.clone();
        long_values.values = vec!["v".repeat(127 * long), "w".to_string()];
        let mut long_gaps = f.clone();
        long_gaps.gaps = vec![" ".repeat(62 + long)];
        let words = word_values(&t);
        let raw = raw_line(&t, &words[at.index(words.len())], " ");
        let mut changed: Vec<char> = line.chars().collect();
        if !changed.is_empty() {
            let i = at.index(changed.len());
            changed[i] = with;
        }
        for line in [
            line.clone(),
            line_of(&t, &long_values),
            line_of(&t, &long_gaps),
            format!("{} {line}", "h".repeat(pattern::MAX_HEADER_CHARS - 2 + long)),
            format!("{line}{}", " ".repeat(14 + long)),
            changed.into_iter().collect(),
            raw,
        ] {
            let want: Vec<usize> = if re.is_match(&line) { vec![0] } else { Vec::new() };
            prop_assert_eq!(script.matches(&line), want, "{:?} for {:?}", line, text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Records are bytes to Fluent Bit, not always UTF-8: the callback answers -1 or 0 on any
    /// of them (stray and truncated UTF-8 sequences included), and never fails.
    #[test]
    fn any_bytes_get_an_answer(
        prefix in prop::collection::vec(any::<u8>(), 0..40),
        suffix in prop::collection::vec(prop::sample::select(vec![0x20u8, 0x09, 0x0a, 0xc3, 0xa9, 0xe6, 0x97, 0xa5, 0xff, b':', b'"', b'M', b'|']), 0..40),
        which in 0usize..TRICKY_TEMPLATES.len(),
    ) {
        let set = sampled(TRICKY_TEMPLATES, 2);
        let script = Script::load(&generic_script(&set));
        let plain = raw_line(&parse_template(TRICKY_TEMPLATES[which]), "v", " ");
        let mut line = prefix.clone();
        line.extend_from_slice(plain.as_bytes());
        line.extend_from_slice(&suffix);
        let f: Function = script.lua.globals().get("lognoise_sample").unwrap();
        let record = script.lua.create_table().unwrap();
        record.set("log", script.lua.create_string(&line).unwrap()).unwrap();
        let (code, _, _): (i64, f64, Table) = f.call(("x", 0.0_f64, record)).unwrap();
        prop_assert!(code == 0 || code == -1);
        // Where the bytes are UTF-8, the regex decides as before.
        if let Ok(text) = std::str::from_utf8(&line) {
            let re = RegexBuilder::new(&set.rules[which].pattern).size_limit(64 << 20).build().unwrap();
            prop_assert_eq!(script.matches(text).contains(&which), re.is_match(text), "{:?}", text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sampling as Fluent Bit runs it
// ---------------------------------------------------------------------------------------------

const HEALTH: &str = "GET /health <*>";
const ORDER: &str = "Order <*> persisted in <*> ms";
const KEEP: &str = "GET /orders <*>";

/// Health checks kept 1 in `n`, order lines dropped whole (by grep), order reads protected.
fn mixed(n: u32) -> RuleSet {
    let spec = |t: &str, keep: Option<u32>| RuleSpec {
        template_id: TemplateId::of_text(t),
        template_text: t.to_string(),
        keep_one_in: keep,
        ..RuleSpec::default()
    };
    RuleSet::from_specs(
        &[spec(HEALTH, Some(n)), spec(ORDER, None)],
        vec![ProtectedTemplate {
            template_id: TemplateId::of_text(KEEP),
            template: KEEP.into(),
            verdict: "keep".into(),
        }],
    )
    .unwrap()
}

/// The `call` of each lua filter of a classic configuration, with its `Match`.
fn lua_filters(conf: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for block in conf.split("[FILTER]").skip(1) {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|l| {
                    let l = l.trim();
                    l.strip_prefix(name).map(|v| v.trim().to_string())
                })
                .unwrap_or_default()
        };
        if field("Name") == "lua" {
            out.push((field("Match"), field("script"), field("call")));
        }
    }
    out
}

/// Sends `k` rounds of (n health checks, one order read, one protected line) through a
/// callback; returns the health checks kept and whether every other record was kept.
fn run_rounds(
    script: &Script,
    call: &str,
    tag: &str,
    n: usize,
    k: usize,
    record: &dyn Fn(&Script, &str) -> Table,
) -> usize {
    let mut kept = 0;
    for round in 0..k {
        for i in 0..n {
            let line = format!("GET /health {}", 200 + (round * n + i) % 3);
            match script.call(call, tag, record(script, &line)) {
                0 => kept += 1,
                -1 => {}
                code => panic!("unexpected code {code}"),
            }
        }
        for other in [
            format!("GET /orders/{round} 200"),
            format!("GET /orders {round}"),
            format!("2024-03-05T10:11:26.706Z\tINFO\tGET /healthz {round}"),
        ] {
            assert_eq!(
                script.call(call, tag, record(script, &other)),
                0,
                "{other:?} was dropped"
            );
        }
    }
    kept
}

#[test]
fn the_generic_export_keeps_one_in_n_and_checks_the_group_key() {
    let mut set = mixed(10);
    set.rules[0].log_groups = vec!["/ecs/*".into()];
    for format in [ExportFormat::FluentBit, ExportFormat::FluentBitYaml] {
        let e = export_with(&set, format, &ExportOptions::default()).unwrap();
        assert!(e.not_expressible.is_empty());
        assert_eq!(e.files.len(), 1);
        assert_eq!(e.files[0].name, "lognoise-sampling.lua");
        assert!(e.text.contains("lognoise-sampling.lua"), "{}", e.text);
        assert!(e.text.contains("lognoise_sample"), "{}", e.text);
        // The drop-all rule stays a grep filter; the sampled one is not in it.
        assert!(e.text.contains("persisted"), "{}", e.text);
        assert!(!e.text.contains("health"), "{}", e.text);
        if format == ExportFormat::FluentBitYaml {
            let doc: serde_yaml::Value = serde_yaml::from_str(&e.text).unwrap();
            let filters = doc["pipeline"]["filters"].as_sequence().unwrap();
            let lua = filters.iter().find(|f| f["name"] == "lua").unwrap();
            assert_eq!(lua["script"].as_str(), Some("lognoise-sampling.lua"));
            assert_eq!(lua["call"].as_str(), Some("lognoise_sample"));
            assert_eq!(lua["match"].as_str(), Some("*"));
        } else {
            assert_eq!(
                lua_filters(&e.text),
                vec![(
                    "*".to_string(),
                    "lognoise-sampling.lua".to_string(),
                    "lognoise_sample".to_string()
                )]
            );
        }
    }
    let script = Script::load(&generic_script(&set));
    let in_group = |s: &Script, line: &str| s.record(&[("log", line), ("log_group", "/ecs/web")]);
    assert_eq!(
        run_rounds(&script, "lognoise_sample", "x", 10, 7, &in_group),
        7
    );
    // Another group, or no group key: the rule does not apply.
    let elsewhere = |s: &Script, line: &str| s.record(&[("log", line), ("log_group", "/other")]);
    assert_eq!(
        run_rounds(&script, "lognoise_sample", "x", 10, 3, &elsewhere),
        30
    );
    let no_group = |s: &Script, line: &str| s.record(&[("log", line)]);
    assert_eq!(
        run_rounds(&script, "lognoise_sample", "x", 10, 3, &no_group),
        30
    );
    // A record without the message key, or with a non-string one, passes.
    assert_eq!(
        script.call(
            "lognoise_sample",
            "x",
            script.record(&[("message", "GET /health 200")])
        ),
        0
    );
    let numeric = script.record(&[("log_group", "/ecs/web")]);
    numeric.set("log", 42).unwrap();
    assert_eq!(script.call("lognoise_sample", "x", numeric), 0);
}

#[test]
fn firelens_records_keep_one_in_n_by_tag() {
    let set = mixed(10);
    let mut sample = Sample::default();
    let stream = format!("web-firelens-{TASK}");
    for (t, lines) in [(HEALTH, 100), (ORDER, 10), (KEEP, 5)] {
        for _ in 0..lines {
            sample.add("/ecs/shop", Some(&stream), TemplateId::of_text(t), 20, None);
        }
    }
    let producers = sample.producers(&Overrides::default());
    let deploy = plan(&set, &sample, &producers, &DeployOptions::default()).unwrap();
    let names: Vec<&str> = deploy
        .artefacts
        .iter()
        .map(|a| a.file_name.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "fluent-bit-ecs-firelens-ecs-shop.conf",
            "fluent-bit-ecs-firelens-ecs-shop.yaml",
            "fluent-bit-ecs-firelens-ecs-shop.lua"
        ]
    );
    assert!(deploy.not_deployed.is_empty(), "{:?}", deploy.not_deployed);
    let conf = &deploy.artefacts[0];
    let filters = lua_filters(&conf.text);
    assert_eq!(
        filters,
        vec![(
            "web-firelens-*".to_string(),
            "/fluent-bit/etc/fluent-bit-ecs-firelens-ecs-shop.lua".to_string(),
            "lognoise_sample_1".to_string()
        )]
    );
    // Grep filters come first: the order rule drops all.
    let grep_at = conf.text.find("Name     grep").unwrap();
    let lua_at = conf.text.find("Name     lua").unwrap();
    assert!(grep_at < lua_at, "{}", conf.text);
    let yaml: serde_yaml::Value = serde_yaml::from_str(&deploy.artefacts[1].text).unwrap();
    let items = yaml["pipeline"]["filters"].as_sequence().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["name"].as_str(), Some("lua"));
    assert_eq!(items[1]["match"].as_str(), Some("web-firelens-*"));
    assert_eq!(items[1]["call"].as_str(), Some("lognoise_sample_1"));
    // The health checks' share: 100 sampled lines, 90 removed; with the orders, 100.
    let lua = &deploy.artefacts[2];
    assert_eq!(lua.removes.lines, 90);
    assert_eq!(lua.rules, vec![TemplateId::of_text(HEALTH).to_string()]);
    assert_eq!(conf.removes.lines, 100);
    assert_eq!(conf.protects, vec![TemplateId::of_text(KEEP)]);

    let script = Script::load(&lua.text);
    let tag = format!("web-firelens-{TASK}");
    let firelens = |s: &Script, line: &str| {
        s.record(&[
            ("log", line),
            ("source", "stdout"),
            ("container_name", "/ecs-web-1-web-abc"),
            (
                "ecs_task_arn",
                "arn:aws:ecs:eu-west-1:123456789012:task/shop/0f1e",
            ),
        ])
    };
    assert_eq!(
        run_rounds(&script, "lognoise_sample_1", &tag, 10, 12, &firelens),
        12
    );
    assert_eq!(
        script.call(
            "lognoise_sample_1",
            &tag,
            script.record(&[("source", "stderr")])
        ),
        0
    );
    let md = lognoise_rules::deploy::markdown(&deploy, &lognoise_rules::CostBasis::unknown(0.5));
    assert!(
        md.contains("## `fluent-bit-ecs-firelens-ecs-shop.lua` (ecs-firelens)"),
        "{md}"
    );
    assert!(
        md.contains("/fluent-bit/etc/fluent-bit-ecs-firelens-ecs-shop.lua"),
        "{md}"
    );
}

#[test]
fn eks_records_keep_one_in_n_with_their_kubernetes_keys() {
    let set = mixed(4);
    let mut sample = Sample::default();
    let group = "/aws/containerinsights/shop/application";
    let stream =
        "ip-10-0-1-2.ec2.internal-application.var.log.containers.web-7d9f_shop_web-0a1b2c.log";
    for t in [HEALTH, ORDER, KEEP] {
        sample.add(group, Some(stream), TemplateId::of_text(t), 30, None);
    }
    let producers = sample.producers(&Overrides::default());
    let deploy = plan(&set, &sample, &producers, &DeployOptions::default()).unwrap();
    let lua = deploy
        .artefacts
        .iter()
        .find(|a| a.file_name.ends_with(".lua"))
        .unwrap_or_else(|| panic!("no script in {:?}", deploy.artefacts));
    assert_eq!(lua.producer, "eks-fluent-bit");
    let conf = deploy
        .artefacts
        .iter()
        .find(|a| a.file_name.ends_with(".conf"))
        .unwrap();
    let filters = lua_filters(&conf.text);
    assert_eq!(filters.len(), 1, "{}", conf.text);
    assert_eq!(filters[0].0, "application.var.log.containers.*_shop_web-*");
    assert_eq!(filters[0].1, format!("/fluent-bit/etc/{}", lua.file_name));
    assert!(
        lua.where_it_goes.contains("ConfigMap"),
        "{}",
        lua.where_it_goes
    );

    let script = Script::load(&lua.text);
    let tag = "application.var.log.containers.web-7d9f_shop_web-0a1b2c.log";
    let eks = |s: &Script, line: &str| {
        let r = s.record(&[("log", &format!("{line}\n")), ("stream", "stdout")]);
        let k = s.lua.create_table().unwrap();
        k.set("namespace_name", "shop").unwrap();
        k.set("pod_name", "web-7d9f").unwrap();
        k.set("container_name", "web").unwrap();
        r.set("kubernetes", k).unwrap();
        r
    };
    assert_eq!(run_rounds(&script, &filters[0].2, tag, 4, 25, &eks), 25);
}

#[test]
fn producers_that_cannot_sample_still_say_so() {
    let set = mixed(10);
    let mut sample = Sample::default();
    sample.add(
        "host-logs",
        Some("/var/log/app.log"),
        TemplateId::of_text(HEALTH),
        5,
        None,
    );
    sample.add(
        "host-logs",
        Some("/var/log/app.log"),
        TemplateId::of_text(ORDER),
        5,
        None,
    );
    let producers = sample.producers(&Overrides::default());
    let deploy = plan(&set, &sample, &producers, &DeployOptions::default()).unwrap();
    assert!(deploy
        .artefacts
        .iter()
        .all(|a| !a.file_name.ends_with(".lua")));
    assert_eq!(deploy.not_deployed.len(), 1);
    assert_eq!(deploy.not_deployed[0].producer, "cloudwatch-agent");
    assert!(deploy.not_deployed[0].reason.contains("keeps 1 line in 10"));
}

#[test]
fn generic_export_golden() {
    let mut set = mixed(10);
    set.rules[0].log_groups = vec!["/ecs/*".into()];
    set.generated_by = "lognoise test".into();
    let e = export_with(&set, ExportFormat::FluentBit, &ExportOptions::default()).unwrap();
    insta::assert_snapshot!("generic_conf", e.text);
    insta::assert_snapshot!("generic_script", e.files[0].text);
}
