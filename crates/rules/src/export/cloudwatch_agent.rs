//! The CloudWatch agent's own filters: `{"type": "exclude", "expression": "<RE2 regex>"}` in
//! the `filters` array of each `logs.logs_collected.files.collect_list[]` entry, which the
//! agent runs on each raw file line before sending it (EC2 and on-premises hosts).
//!
//! Given the user's agent configuration, [`merge`] adds the filters to the entries of the log
//! groups they are for by inserting text at those entries' positions, so every other byte of
//! the file (order, spacing, other sections) stays as the user wrote it. The positions come
//! from `jsonc-parser`'s syntax tree (spans of every value), which `serde_json` does not give.

use crate::{Error, Result, Rule};
use jsonc_parser::ast::{Object, ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use std::collections::BTreeMap;

/// The filters of one log group's `collect_list` entry, in the order the agent tries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryFilters {
    /// The entry's `log_group_name`.
    pub log_group: String,
    /// The tailed file, when the sample named it; else the entry is written with a
    /// placeholder the user replaces.
    pub file_path: Option<String>,
    /// The rules whose patterns become `exclude` filters.
    pub rules: Vec<Rule>,
}

/// What the agent's `file_path` says when the sample did not name the file.
pub const FILE_PATH_PLACEHOLDER: &str = "<the file this log group tails>";

/// One filter object, as JSON text.
fn filter_json(rule: &Rule) -> String {
    serde_json::json!({"type": "exclude", "expression": rule.pattern}).to_string()
}

/// The `collect_list` entries with their filters, as a configuration fragment to merge by hand
/// (or with [`merge`]) into `logs.logs_collected.files`.
pub fn fragment(entries: &[EntryFilters]) -> String {
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "file_path": e.file_path.as_deref().unwrap_or(FILE_PATH_PLACEHOLDER),
                "log_group_name": e.log_group,
                "filters": e.rules.iter().map(|r| serde_json::json!({"type": "exclude", "expression": r.pattern})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({"logs": {"logs_collected": {"files": {"collect_list": list}}}});
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The agent configuration with the filters merged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The new file text.
    pub text: String,
    /// Each insertion: byte offset in the original text, and the text inserted there. Removing
    /// them gives back the original byte for byte.
    pub insertions: Vec<(usize, String)>,
    /// Log groups whose entry was found and given filters.
    pub merged_groups: Vec<String>,
    /// Log groups with filters but no `collect_list` entry in the file (use [`fragment`]).
    pub missing_groups: Vec<String>,
}

/// Merges the filters of `entries` into the agent configuration `config`: into an entry's
/// existing `filters` array (after the filters there, skipping an expression already present,
/// so merging twice changes nothing) or as a new `filters` property after the entry's last one.
pub fn merge(config: &str, entries: &[EntryFilters]) -> Result<Merged> {
    let bad = |reason: String| Error::AgentConfig { reason };
    // The agent reads strict JSON: refuse what it would refuse, before editing.
    serde_json::from_str::<serde_json::Value>(config)
        .map_err(|e| bad(format!("it is not JSON ({e})")))?;
    let parsed =
        jsonc_parser::parse_to_ast(config, &CollectOptions::default(), &ParseOptions::default())
            .map_err(|e| bad(format!("it could not be read ({e})")))?;
    let Some(Value::Object(root)) = parsed.value else {
        return Err(bad("its top level is not an object".into()));
    };
    let list = property(&root, "logs")
        .and_then(as_object)
        .and_then(|o| property(o, "logs_collected"))
        .and_then(as_object)
        .and_then(|o| property(o, "files"))
        .and_then(as_object)
        .and_then(|o| property(o, "collect_list"));
    let Some(Value::Array(list)) = list else {
        return Err(bad(
            "it has no logs.logs_collected.files.collect_list array".into(),
        ));
    };
    let wanted: BTreeMap<&str, &EntryFilters> =
        entries.iter().map(|e| (e.log_group.as_str(), e)).collect();
    let mut insertions = Vec::new();
    let mut merged_groups = Vec::new();
    for element in &list.elements {
        let Value::Object(entry) = element else {
            continue;
        };
        let Some(group) = property(entry, "log_group_name").and_then(|v| v.as_string_lit()) else {
            continue;
        };
        let Some(filters) = wanted.get(group.value.as_ref()) else {
            continue;
        };
        if let Some(insertion) = insert_filters(config, entry, filters)? {
            insertions.push(insertion);
        }
        merged_groups.push(group.value.to_string());
    }
    let missing_groups = entries
        .iter()
        .filter(|e| !merged_groups.contains(&e.log_group))
        .map(|e| e.log_group.clone())
        .collect();
    insertions.sort_by_key(|(at, _)| *at);
    let mut text = String::with_capacity(config.len() + 256);
    let mut from = 0;
    for (at, inserted) in &insertions {
        text.push_str(&config[from..*at]);
        text.push_str(inserted);
        from = *at;
    }
    text.push_str(&config[from..]);
    Ok(Merged {
        text,
        insertions,
        merged_groups,
        missing_groups,
    })
}

/// The insertion that adds `filters` to one `collect_list` entry, `None` when every filter is
/// already there.
fn insert_filters(
    config: &str,
    entry: &Object<'_>,
    filters: &EntryFilters,
) -> Result<Option<(usize, String)>> {
    let bad = |reason: String| Error::AgentConfig { reason };
    match property(entry, "filters") {
        Some(Value::Array(existing)) => {
            let present: Vec<String> = existing
                .elements
                .iter()
                .filter_map(|f| match f {
                    Value::Object(o) => property(o, "expression")
                        .and_then(|v| v.as_string_lit())
                        .map(|s| s.value.to_string()),
                    _ => None,
                })
                .collect();
            let new: Vec<String> = filters
                .rules
                .iter()
                .filter(|r| !present.contains(&r.pattern))
                .map(filter_json)
                .collect();
            if new.is_empty() {
                return Ok(None);
            }
            match existing.elements.last() {
                Some(last) => {
                    let indent = indent_before(config, last.range().start);
                    let joined: String = new.iter().map(|f| format!(",\n{indent}{f}")).collect();
                    Ok(Some((last.range().end, joined)))
                }
                None => {
                    // `[]`: fill it between the brackets.
                    let at = existing.range.start + 1;
                    Ok(Some((at, new.join(", "))))
                }
            }
        }
        Some(_) => Err(bad(format!(
            "the collect_list entry of {:?} has a `filters` that is not an array",
            filters.log_group
        ))),
        None => {
            let Some(last) = entry.properties.last() else {
                return Err(bad(format!(
                    "the collect_list entry of {:?} is empty",
                    filters.log_group
                )));
            };
            let indent = indent_before(config, last.range.start);
            let items: Vec<String> = filters
                .rules
                .iter()
                .map(|r| format!("{indent}  {}", filter_json(r)))
                .collect();
            let inserted = format!(
                ",\n{indent}\"filters\": [\n{}\n{indent}]",
                items.join(",\n")
            );
            Ok(Some((last.range.end, inserted)))
        }
    }
}

/// The whitespace from the start of the line holding `at` up to the first other character.
fn indent_before(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

fn property<'a, 'b>(object: &'b Object<'a>, name: &str) -> Option<&'b Value<'a>> {
    object
        .properties
        .iter()
        .find(|p| match &p.name {
            ObjectPropName::String(lit) => lit.value == name,
            ObjectPropName::Word(word) => word.value == name,
        })
        .map(|p| &p.value)
}

fn as_object<'a, 'b>(value: &'b Value<'a>) -> Option<&'b Object<'a>> {
    match value {
        Value::Object(o) => Some(o),
        _ => None,
    }
}
