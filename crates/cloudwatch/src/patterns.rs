//! `lognoise pull --patterns`: Logs Insights mines the log groups server-side with
//! `pattern @message`, and its patterns become templates of the workspace.
//!
//! For log groups too large to sample from a laptop. The patterns are kept apart from the
//! mined templates, in `cloudwatch/patterns.json` (schema `lognoise.cloudwatch-patterns/v1`):
//! each holds a [`Template`] (text with `<*>` for CloudWatch's tokens, so the id is the one a
//! mined template of the same text gets, and decisions follow it), the number of events it
//! stands for, its share of the window and its severity. Each run replaces the file.

use crate::client::CloudWatch;
use crate::error::{Error, Result};
use crate::insights::{run_query, Row};
use lognoise_miner::{Template, TemplateId, ValueCount, WILDCARD};
use lognoise_workspace::{create_private_dir, write_private_atomic, Workspace};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Schema name of the patterns file.
pub const PATTERNS_SCHEMA: &str = "lognoise.cloudwatch-patterns/v1";

/// The patterns Logs Insights found in a window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatternSet {
    /// `lognoise.cloudwatch-patterns/v1`.
    pub schema: String,
    /// Log groups queried.
    pub log_groups: Vec<String>,
    /// Start of the window (ms since the Unix epoch, inclusive).
    pub window_start_ms: i64,
    /// End of the window (exclusive).
    pub window_end_ms: i64,
    /// The filter expression the query used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// The Logs Insights query id.
    pub query_id: String,
    /// Events the query matched.
    pub records_matched: u64,
    /// Bytes the query scanned (what Logs Insights bills).
    pub bytes_scanned: u64,
    /// The patterns, most events first.
    pub patterns: Vec<Pattern>,
}

/// One pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    /// The pattern as a template: `count` is `@sampleCount`, `levels` holds `@severityLabel`;
    /// bytes, times and variable statistics are not given by CloudWatch and stay empty.
    pub template: Template,
    /// `@pattern` as CloudWatch wrote it (tokens such as `<IpAddress-1>`, `<Token-2>`).
    pub cloudwatch_pattern: String,
    /// `@ratio`: the share of the window's events that match it.
    pub ratio: f64,
    /// `@severityLabel` (`Error`, `Warning`, `Info`, `Debug`, ...), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

impl PatternSet {
    /// Where the patterns of a workspace are kept.
    pub fn path_in(ws: &Workspace) -> PathBuf {
        ws.root().join("cloudwatch").join("patterns.json")
    }

    /// The patterns last pulled into `ws`, if any.
    pub fn read(ws: &Workspace) -> Result<Option<PatternSet>> {
        let path = Self::path_in(ws);
        match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|e| Error::DamagedState {
                        path,
                        message: e.to_string(),
                    })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::DamagedState {
                path,
                message: e.to_string(),
            }),
        }
    }
}

impl CloudWatch {
    /// Runs `pattern @message` over the window (after `filter`, a Logs Insights filter
    /// expression) and stores the patterns in `ws`.
    pub fn pull_patterns(
        &self,
        ws: &Workspace,
        groups: &[String],
        window_start_ms: i64,
        window_end_ms: i64,
        filter: Option<&str>,
    ) -> Result<PatternSet> {
        if groups.is_empty() {
            return Err(Error::Invalid(
                "name at least one log group with --group".into(),
            ));
        }
        let mut query = String::new();
        if let Some(f) = filter {
            query.push_str("filter ");
            query.push_str(f);
            query.push_str(" | ");
        }
        query.push_str("pattern @message");
        let out = self.runtime.block_on(run_query(
            &self.client,
            &self.caller,
            groups,
            window_start_ms.div_euclid(1000),
            (window_end_ms - 1).div_euclid(1000),
            &query,
        ))?;
        let mut patterns: Vec<Pattern> = out.rows.iter().filter_map(pattern_of).collect();
        patterns.sort_by_key(|p| std::cmp::Reverse(p.template.count));
        let set = PatternSet {
            schema: PATTERNS_SCHEMA.into(),
            log_groups: groups.to_vec(),
            window_start_ms,
            window_end_ms,
            filter: filter.map(str::to_string),
            query_id: out.query_id,
            records_matched: out.records_matched as u64,
            bytes_scanned: out.bytes_scanned as u64,
            patterns,
        };
        let path = PatternSet::path_in(ws);
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        let bytes = serde_json::to_vec_pretty(&set).map_err(|e| Error::DamagedState {
            path: path.clone(),
            message: e.to_string(),
        })?;
        write_private_atomic(&path, &bytes)?;
        Ok(set)
    }
}

/// A row of `pattern` results as a pattern; rows without `@pattern` are skipped.
fn pattern_of(row: &Row) -> Option<Pattern> {
    let raw = row.get("@pattern")?;
    let text = wildcard_tokens(raw);
    let count = row
        .get("@sampleCount")
        .and_then(|c| c.trim().parse::<f64>().ok())
        .map(|c| c as u64)
        .unwrap_or(0);
    let severity = row
        .get("@severityLabel")
        .filter(|s| !s.is_empty() && s.as_str() != "Unknown")
        .cloned();
    let variables = text.matches(WILDCARD).count();
    Some(Pattern {
        template: Template {
            id: TemplateId::of_text(&text),
            text,
            count,
            bytes: 0,
            first_seen: None,
            last_seen: None,
            examples: Vec::new(),
            variables: (0..variables)
                .map(|index| lognoise_miner::VariableSummary {
                    index,
                    distinct_estimate: 0,
                    top_values: Vec::new(),
                })
                .collect(),
            levels: severity
                .iter()
                .map(|s| ValueCount {
                    value: s.to_ascii_lowercase(),
                    count,
                })
                .collect(),
        },
        cloudwatch_pattern: raw.clone(),
        ratio: row
            .get("@ratio")
            .and_then(|r| r.trim().parse().ok())
            .unwrap_or(0.0),
        severity,
    })
}

/// CloudWatch's dynamic tokens (`<*>`, `<IpAddress-1>`, `<Token-12>`) as `<*>`.
pub(crate) fn wildcard_tokens(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('>') {
            Some(close) if is_token(&after[1..close]) => {
                out.push_str(WILDCARD);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_token(inside: &str) -> bool {
    if inside == "*" {
        return true;
    }
    match inside.rsplit_once('-') {
        Some((name, number)) => {
            !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn cloudwatch_tokens_become_wildcards_and_other_brackets_stay() {
        assert_eq!(
            wildcard_tokens("Connection from <IpAddress-1> closed after <Number-2> ms <html>"),
            "Connection from <*> closed after <*> ms <html>"
        );
        assert_eq!(
            wildcard_tokens("[INFO] Request time: <*> ms a<b"),
            "[INFO] Request time: <*> ms a<b"
        );
        assert_eq!(wildcard_tokens("id <Token-12>"), "id <*>");
    }
}
