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
        .filter(|r| r.log_groups.is_empty())
        .collect();
    for r in &global {
        let _ = writeln!(src, "# {}", describe(r));
    }
    let patterns: Vec<String> = global.iter().map(|r| format!("r'{}'", r.pattern)).collect();
    // One `match_any` (a RegexSet in Vector) on one line: VRL ends statements at line breaks.
    let _ = writeln!(src, "noise = match_any(line, [{}])", patterns.join(", "));
    for r in set.rules.iter().filter(|r| !r.log_groups.is_empty()) {
        let groups: Vec<String> = r
            .log_groups
            .iter()
            .map(|g| match g.strip_suffix('*') {
                Some(prefix) => format!("starts_with(group, {})", vrl_string(prefix)),
                None => format!("group == {}", vrl_string(g)),
            })
            .collect();
        let _ = writeln!(src, "# {}", describe(r));
        let _ = writeln!(
            src,
            "noise = noise || (({}) && match(line, r'{}'))",
            groups.join(" || "),
            r.pattern
        );
    }
    src.push_str("!noise\n");
    src
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
    Export {
        text: out,
        not_expressible: Vec::new(),
    }
}
