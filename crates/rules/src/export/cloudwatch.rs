//! CloudWatch Logs: Logs Insights queries, and subscription-filter patterns.
//!
//! **Insights** reads regexes in `/.../` after `like`; the rules' patterns go in with `\A` and
//! `\z` written `^` and `$` (one `@message` is one value, so they mean the same). A query may be
//! at most 10,000 characters: the counting query is split into as many queries as needed; the
//! query showing what remains must hold every rule, and rules past the limit are listed.
//!
//! **Subscription filters** select the events they forward, and their regex dialect (between
//! `%` signs) has no groups, no negation of a pattern, no multi-byte characters and few
//! symbols (`:_#=@/;,-` and the operators `^$?[]{}|\*+.`). Each rule is written as a pattern
//! matching its lines (for a filter or metric filter that routes or counts the noise):
//! constants with unsupported characters written `.`, white space as `\s+`, variables as `.*`,
//! the header not checked. Such a pattern is broader than the rule; rules whose pattern would
//! not fit the 1024-character limit, or would be only wildcards, are listed.

use super::{describe, Export, NotExpressible};
use crate::{pattern, Rule, RuleSet};
use lognoise_miner::WILDCARD;
use serde::Serialize;
use std::fmt::Write;

/// Longest Logs Insights query.
const MAX_QUERY: usize = 10_000;
/// Longest subscription-filter pattern.
const MAX_FILTER_PATTERN: usize = 1024;

/// The rule's pattern as Insights reads it: `/.../` with text anchors as `^`/`$`.
fn insights_regex(pattern: &str) -> String {
    let inner = pattern
        .strip_prefix(r"\A")
        .map(|p| format!("^{p}"))
        .unwrap_or_else(|| pattern.to_string());
    let inner = inner
        .strip_suffix(r"\z")
        .map(|p| format!("{p}$"))
        .unwrap_or(inner);
    format!("/{inner}/")
}

/// The Insights term of one rule.
fn insights_term(rule: &Rule) -> String {
    let m = format!("@message like {}", insights_regex(&rule.pattern));
    if rule.log_groups.is_empty() {
        return m;
    }
    // `@log` is `account-id:log-group-name`.
    let groups: Vec<String> = rule
        .log_groups
        .iter()
        .map(|g| match g.strip_suffix('*') {
            Some(prefix) => format!("@log like /:{}/", pattern::escape(prefix)),
            None => format!("@log like /:{}$/", pattern::escape(g)),
        })
        .collect();
    format!("(({}) and {m})", groups.join(" or "))
}

pub(super) fn insights(set: &RuleSet) -> Export {
    let mut out = String::new();
    let mut not_expressible = Vec::new();
    let terms: Vec<(String, &Rule)> = set.rules.iter().map(|r| (insights_term(r), r)).collect();
    let count_head = "fields @message\n| filter ";
    let count_tail = "\n| stats count(*) as events, sum(strlen(@message)) as bytes";
    // Counting queries, as many as the length limit needs.
    let mut chunks: Vec<Vec<&(String, &Rule)>> = Vec::new();
    let mut len = 0;
    for t in &terms {
        let add = t.0.len() + 4;
        if t.0.len() + count_head.len() + count_tail.len() > MAX_QUERY {
            not_expressible.push(NotExpressible {
                rule_id: t.1.id.clone(),
                reason: "its pattern alone is over the 10,000-character limit of a Logs \
                         Insights query"
                    .into(),
            });
            continue;
        }
        if chunks.is_empty() || len + add + count_head.len() + count_tail.len() > MAX_QUERY {
            chunks.push(Vec::new());
            len = 0;
        }
        len += add;
        if let Some(c) = chunks.last_mut() {
            c.push(t);
        }
    }
    let n = chunks.len();
    for (i, chunk) in chunks.iter().enumerate() {
        let _ = writeln!(
            out,
            "# Query {} of {n}: events and bytes the rules drop ({} rules). Add the results of \
             all {n} queries.",
            i + 1,
            chunk.len()
        );
        let body: Vec<&str> = chunk.iter().map(|t| t.0.as_str()).collect();
        let _ = writeln!(out, "{count_head}{}{count_tail}\n", body.join("\n  or "));
    }
    // What remains: every rule in one query.
    let remain_head = "fields @timestamp, @log, @message\n| filter not (";
    let remain_tail = ")\n| sort @timestamp desc\n| limit 1000";
    let mut kept: Vec<&str> = Vec::new();
    let mut len = remain_head.len() + remain_tail.len();
    for (term, rule) in &terms {
        if len + term.len() + 6 > MAX_QUERY {
            not_expressible.push(NotExpressible {
                rule_id: rule.id.clone(),
                reason: "left out of the query of remaining events, which reached the \
                         10,000-character limit of a Logs Insights query"
                    .into(),
            });
            continue;
        }
        len += term.len() + 6;
        kept.push(term);
    }
    let _ = writeln!(
        out,
        "# Events no rule drops ({} of {} rules), newest first.",
        kept.len(),
        set.rules.len()
    );
    if kept.is_empty() {
        let _ = writeln!(
            out,
            "fields @timestamp, @log, @message\n| sort @timestamp desc\n| limit 1000"
        );
    } else {
        let _ = writeln!(out, "{remain_head}{}{remain_tail}", kept.join("\n  or "));
    }
    Export {
        text: out,
        not_expressible,
        files: Vec::new(),
    }
}

/// One subscription-filter pattern of the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SubscriptionPattern {
    /// The rule.
    pub rule_id: String,
    /// Log groups to put the filter on (empty: each group the rules run for).
    pub log_groups: Vec<String>,
    /// The filter pattern, `%regex%`.
    pub filter_pattern: String,
    /// The rule's description.
    pub description: String,
}

/// The subscription-filter regex of a template (without the `%` signs), or why it has none.
pub fn subscription_pattern(template: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut constant = false;
    for (i, token) in template.split(' ').filter(|t| !t.is_empty()).enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        for (j, piece) in token.split(WILDCARD).enumerate() {
            if j > 0 && !out.ends_with(".*") {
                out.push_str(".*");
            }
            for c in piece.chars() {
                constant = true;
                match c {
                    'A'..='Z'
                    | 'a'..='z'
                    | '0'..='9'
                    | ':'
                    | '_'
                    | '#'
                    | '='
                    | '@'
                    | '/'
                    | ';'
                    | ','
                    | '-' => out.push(c),
                    '^' | '$' | '?' | '[' | ']' | '{' | '}' | '|' | '\\' | '*' | '+' | '.' => {
                        out.push('\\');
                        out.push(c);
                    }
                    _ => out.push('.'),
                }
            }
        }
    }
    if !constant {
        return Err("the template has no constant text".into());
    }
    if !out.ends_with(".*") {
        out.push_str(r"\s*");
    }
    out.push('$');
    if out.len() + 2 > MAX_FILTER_PATTERN {
        return Err("the pattern is over the 1024-character limit of a filter pattern".into());
    }
    Ok(out)
}

pub(super) fn subscription(set: &RuleSet) -> Export {
    let mut patterns = Vec::new();
    let mut not_expressible = Vec::new();
    for r in &set.rules {
        match subscription_pattern(&r.template) {
            Ok(p) => patterns.push(SubscriptionPattern {
                rule_id: r.id.clone(),
                log_groups: r.log_groups.clone(),
                filter_pattern: format!("%{p}%"),
                description: describe(r),
            }),
            Err(reason) => not_expressible.push(NotExpressible {
                rule_id: r.id.clone(),
                reason,
            }),
        }
    }
    #[derive(Serialize)]
    struct File<'a> {
        note: &'a str,
        patterns: Vec<SubscriptionPattern>,
        not_expressible: &'a [NotExpressible],
    }
    let file = File {
        note: "Each pattern matches the lines of one rule (broader than the rule: variables are \
               .*, the header is not checked). A subscription filter forwards what its pattern \
               matches; use these to route or count the noise.",
        patterns,
        not_expressible: &not_expressible,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    Export {
        text,
        not_expressible,
        files: Vec::new(),
    }
}
