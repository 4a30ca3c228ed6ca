//! A Vector `filter` transform: events for which the VRL condition is false are dropped, so the
//! condition is "no rule matches". Rules for every group share one `match_any` (one
//! `RegexSet` in Vector); a rule limited to groups is a separate term testing the group first.
//!
//! Patterns are VRL regex literals `r'...'`, in which `'` is written `\'` (the patterns
//! already escape it).

use super::{banner, describe, Export, ExportOptions};
use crate::RuleSet;
use std::fmt::Write;

/// The VRL program of the condition (also used by the tests, which compile and run it).
pub fn condition(set: &RuleSet, o: &ExportOptions) -> String {
    let mut src = String::new();
    let _ = writeln!(src, "line = to_string({}) ?? \"\"", o.vector_message);
    let _ = writeln!(src, "group = to_string({}) ?? \"\"", o.vector_group);
    let global: Vec<_> = set
        .rules
        .iter()
        .filter(|r| r.log_groups.is_empty() && r.keep_one_in.is_none())
        .collect();
    for r in &global {
        let _ = writeln!(src, "# {}", describe(r));
    }
    let patterns: Vec<String> = global.iter().map(|r| format!("r'{}'", r.pattern)).collect();
    // One `match_any` (a RegexSet in Vector) on one line: VRL ends statements at line breaks.
    let _ = writeln!(src, "noise = match_any(line, [{}])", patterns.join(", "));
    for r in set
        .rules
        .iter()
        .filter(|r| !r.log_groups.is_empty() && r.keep_one_in.is_none())
    {
        let _ = writeln!(src, "# {}", describe(r));
        let _ = writeln!(
            src,
            "noise = noise || (({}) && match(line, r'{}'))",
            scope(r),
            r.pattern
        );
    }
    src.push_str("!noise\n");
    src
}

/// The VRL test of a rule's log groups (`true` for every group).
fn scope(r: &crate::Rule) -> String {
    if r.log_groups.is_empty() {
        return "true".into();
    }
    let groups: Vec<String> = r
        .log_groups
        .iter()
        .map(|g| match g.strip_suffix('*') {
            Some(prefix) => format!("starts_with(group, {})", vrl_string(prefix)),
            None => format!("group == {}", vrl_string(g)),
        })
        .collect();
    groups.join(" || ")
}

/// The VRL condition excluding from a `sample` transform every event the rule does not match,
/// so that only its lines are sampled (also used by the tests).
pub fn sample_exclude(r: &crate::Rule, o: &ExportOptions) -> String {
    format!(
        "line = to_string({}) ?? \"\"\ngroup = to_string({}) ?? \"\"\n!(({}) && match(line, r'{}'))\n",
        o.vector_message,
        o.vector_group,
        scope(r),
        r.pattern
    )
}

/// A VRL string literal.
fn vrl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn yaml(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    let _ = write!(
        out,
        "# Events for which the condition is false (a rule matches) are dropped.\n\
         transforms:\n  lognoise_drop_noise:\n    type: filter\n    inputs:\n      - {}\n    \
         condition:\n      type: vrl\n      source: |\n",
        super::fluentbit::yaml_quote(&o.vector_input)
    );
    for line in condition(set, o).lines() {
        let _ = writeln!(out, "        {line}");
    }
    // A rule keeping a share: a `sample` transform that passes every other event through.
    let mut input = "lognoise_drop_noise".to_string();
    for r in set.rules.iter().filter(|r| r.keep_one_in.is_some()) {
        let name = format!("lognoise_sample_{}", r.id);
        let _ = write!(
            out,
            "  # {} (keeps 1 in {})\n  {name}:\n    type: sample\n    inputs:\n      - {input}\n    \
             rate: {}\n    exclude:\n      type: vrl\n      source: |\n",
            describe(r),
            r.keep_one_in.unwrap_or_default(),
            r.keep_one_in.unwrap_or_default()
        );
        for line in sample_exclude(r, o).lines() {
            let _ = writeln!(out, "        {line}");
        }
        input = name;
    }
    if input != "lognoise_drop_noise" {
        let _ = writeln!(
            out,
            "# Sinks read from `{input}`, the last transform above."
        );
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
        files: Vec::new(),
    }
}
