//! Fluent Bit `grep` filters (Fluent Bit 2.1 or later, for `Logical_Op`).
//!
//! Rules for every log group go into one filter, `Exclude KEY REGEX` per rule with
//! `Logical_Op or`: a record matching any of them is dropped. A rule limited to log groups
//! gets a filter of its own with `Logical_Op and` over two excludes, the group key against the
//! groups and the line against the rule, so only records meeting both are dropped.
//!
//! Fluent Bit's classic format takes the rest of the line as the value, so patterns need no
//! quoting; they contain no `${` (the environment-variable syntax) because `$` and `{` are
//! escaped.

use super::{banner, describe, group_pattern, Export, ExportOptions};
use crate::RuleSet;
use std::fmt::Write;

pub(super) fn classic(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    let global: Vec<_> = set
        .rules
        .iter()
        .filter(|r| r.log_groups.is_empty())
        .collect();
    if !global.is_empty() {
        out.push_str("\n[FILTER]\n    Name        grep\n    Match       *\n    Logical_Op  or\n");
        for r in &global {
            let _ = writeln!(out, "    # {}", describe(r));
            let _ = writeln!(out, "    Exclude     {} {}", o.fluent_bit_key, r.pattern);
        }
    }
    for r in set.rules.iter().filter(|r| !r.log_groups.is_empty()) {
        let _ = writeln!(out, "\n# {}", describe(r));
        out.push_str("[FILTER]\n    Name        grep\n    Match       *\n    Logical_Op  and\n");
        let _ = writeln!(
            out,
            "    Exclude     {} {}",
            o.fluent_bit_group_key,
            group_pattern(r)
        );
        let _ = writeln!(out, "    Exclude     {} {}", o.fluent_bit_key, r.pattern);
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
    }
}

/// YAML single-quoted scalar.
pub(super) fn yaml_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(super) fn yaml(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    out.push_str("pipeline:\n  filters:\n");
    let global: Vec<_> = set
        .rules
        .iter()
        .filter(|r| r.log_groups.is_empty())
        .collect();
    if !global.is_empty() {
        out.push_str("    - name: grep\n      match: '*'\n      logical_op: or\n      exclude:\n");
        for r in &global {
            let _ = writeln!(out, "        # {}", describe(r));
            let _ = writeln!(
                out,
                "        - {}",
                yaml_quote(&format!("{} {}", o.fluent_bit_key, r.pattern))
            );
        }
    }
    for r in set.rules.iter().filter(|r| !r.log_groups.is_empty()) {
        let _ = writeln!(out, "    # {}", describe(r));
        out.push_str("    - name: grep\n      match: '*'\n      logical_op: and\n      exclude:\n");
        let _ = writeln!(
            out,
            "        - {}",
            yaml_quote(&format!("{} {}", o.fluent_bit_group_key, group_pattern(r)))
        );
        let _ = writeln!(
            out,
            "        - {}",
            yaml_quote(&format!("{} {}", o.fluent_bit_key, r.pattern))
        );
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
    }
}
