//! An OpenTelemetry Collector `filter` processor: each OTTL condition under
//! `logs.log_record` that is true drops the record. Conditions use `IsMatch(body, "...")`
//! (Go's RE2); a rule limited to groups also tests the resource attribute naming the group.

use super::{banner, describe, fluentbit::yaml_quote, Export, ExportOptions};
use crate::{Rule, RuleSet};
use std::fmt::Write;

/// An OTTL string literal: backslashes and double quotes escaped.
pub(crate) fn ottl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The OTTL condition of one rule.
pub(crate) fn condition(rule: &Rule, o: &ExportOptions) -> String {
    let matches = format!("IsMatch(body, {})", ottl_string(&rule.pattern));
    if rule.log_groups.is_empty() {
        return matches;
    }
    let attr = format!(
        "resource.attributes[{}]",
        ottl_string(&o.otel_group_attribute)
    );
    let groups: Vec<String> = rule
        .log_groups
        .iter()
        .map(|g| match g.strip_suffix('*') {
            Some(prefix) => format!(
                "IsMatch({attr}, {})",
                ottl_string(&format!(r"\A{}", crate::pattern::escape(prefix)))
            ),
            None => format!("{attr} == {}", ottl_string(g)),
        })
        .collect();
    format!("({}) and {matches}", groups.join(" or "))
}

pub(super) fn yaml(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    out.push_str(
        "# A log record is dropped when any condition is true.\n\
         processors:\n  filter/lognoise:\n    error_mode: ignore\n    logs:\n      log_record:\n",
    );
    if set.rules.is_empty() {
        out.push_str("        - 'false'\n");
    }
    for r in &set.rules {
        let _ = writeln!(out, "        # {}", describe(r));
        let _ = writeln!(out, "        - {}", yaml_quote(&condition(r, o)));
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
        files: Vec::new(),
    }
}
