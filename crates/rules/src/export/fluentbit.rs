//! Fluent Bit `grep` filters (Fluent Bit 2.1 or later, for `Logical_Op`).
//!
//! Rules for every log group go into one filter, `Exclude KEY REGEX` per rule with
//! `Logical_Op or`: a record matching any of them is dropped. A rule limited to log groups
//! gets a filter of its own with `Logical_Op and` over two excludes, the group key against the
//! groups and the line against the rule, so only records meeting both are dropped.
//!
//! Rules keeping a share of their lines come last, in one `lua` filter over every record: its
//! script ([`super::fluentbit_lua`]) checks their groups on the same group key and keeps one
//! matching record in N. It is a file of its own, which the configuration names relative to
//! the main configuration file. A record matching a rule that drops all is dropped by the grep
//! filters before the lua filter sees it.
//!
//! Fluent Bit's classic format takes the rest of the line as the value, so patterns need no
//! quoting; they contain no `${` (the environment-variable syntax) because `$` and `{` are
//! escaped.

use super::fluentbit_lua::{self, Callback, CALLBACK, SCRIPT_FILE};
use super::{banner, describe, group_pattern, Export, ExportFile, ExportOptions};
use crate::{Rule, RuleSet};
use std::fmt::Write;

/// The rules that drop all of their lines, which the grep filters carry.
fn whole(set: &RuleSet) -> impl Iterator<Item = &Rule> {
    set.rules.iter().filter(|r| r.keep_one_in.is_none())
}

/// The script of the sampled rules, when there are some.
fn sampling_script(set: &RuleSet, o: &ExportOptions) -> Option<ExportFile> {
    let rules: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| fluentbit_lua::expressible(r))
        .collect();
    if rules.is_empty() {
        return None;
    }
    let header = format!(
        "Fluent Bit lua filter keeping one line in N of {} sampled rule(s), exported by {}.\n\
         Records carry the line in `{}` and the log group in `{}`.\n\
         Regenerate instead of editing: `lognoise rules export`.",
        rules.len(),
        if set.generated_by.is_empty() {
            "lognoise"
        } else {
            set.generated_by.as_str()
        },
        o.fluent_bit_key,
        o.fluent_bit_group_key
    );
    let callbacks = [Callback {
        name: CALLBACK.to_string(),
        rules,
    }];
    Some(ExportFile {
        name: SCRIPT_FILE.to_string(),
        text: fluentbit_lua::script(
            &header,
            &callbacks,
            &o.fluent_bit_key,
            Some(&o.fluent_bit_group_key),
        ),
    })
}

/// The comment before the lua filter.
fn sampling_comment(script: &ExportFile) -> String {
    format!(
        "Rules keeping one line in N: {} must sit in the folder of the main configuration file.",
        script.name
    )
}

pub(super) fn classic(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    let global: Vec<_> = whole(set).filter(|r| r.log_groups.is_empty()).collect();
    if !global.is_empty() {
        out.push_str("\n[FILTER]\n    Name        grep\n    Match       *\n    Logical_Op  or\n");
        for r in &global {
            let _ = writeln!(out, "    # {}", describe(r));
            let _ = writeln!(out, "    Exclude     {} {}", o.fluent_bit_key, r.pattern);
        }
    }
    for r in whole(set).filter(|r| !r.log_groups.is_empty()) {
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
    let script = sampling_script(set, o);
    if let Some(script) = &script {
        let _ = writeln!(out, "\n# {}", sampling_comment(script));
        out.push_str(&fluentbit_lua::classic_filter("*", &script.name, CALLBACK));
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
        files: script.into_iter().collect(),
    }
}

/// YAML single-quoted scalar.
pub(super) fn yaml_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(super) fn yaml(set: &RuleSet, o: &ExportOptions) -> Export {
    let mut out = banner(set, "#");
    out.push_str("pipeline:\n  filters:\n");
    let global: Vec<_> = whole(set).filter(|r| r.log_groups.is_empty()).collect();
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
    for r in whole(set).filter(|r| !r.log_groups.is_empty()) {
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
    let script = sampling_script(set, o);
    if let Some(script) = &script {
        let _ = writeln!(out, "    # {}", sampling_comment(script));
        out.push_str(&fluentbit_lua::yaml_filter("*", &script.name, CALLBACK));
    }
    Export {
        text: out,
        not_expressible: Vec::new(),
        files: script.into_iter().collect(),
    }
}
