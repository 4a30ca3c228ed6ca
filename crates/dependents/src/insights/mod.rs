//! Which sampled lines a CloudWatch Logs Insights query reads: its `filter` commands, parsed
//! and evaluated on each event.
//!
//! Written to "CloudWatch Logs Insights language query syntax" and its `filter` page
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html>,
//! <https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Filter.html>):
//! commands are separated by `|`, `#` starts a comment, and `filter` keeps the events that
//! meet its condition (comparisons, `like` with a string or a regex, `=~`, `in [...]`, `and`,
//! `or`, `not`, parentheses).
//!
//! A query reads an event when every `filter` before its first aggregating command (`stats`,
//! `pattern`, `anomaly`, `diff`) holds for it. Filters after one select aggregated rows, not
//! events, so they narrow nothing here. `fields`, `display`, `sort`, `limit`, `dedup` and the
//! like change what is shown, not what is read.
//!
//! A query this cannot evaluate (a filter on a field `parse` made, a function it does not
//! know, a command it has not heard of) is *not evaluable*, with the reason, and is taken to
//! read every event of its log groups: the side on which no saved query goes blind.
//!
//! Hand-written like the filter-pattern parser: the language needs a lexer aware of where a
//! `/regex/` may start, which a grammar crate (`nom`, `winnow`, `pest`) would not spare, and
//! the rest is a small recursive descent.

mod event;
mod filter;
mod lexer;

pub use event::QueryEvent;

use filter::{Condition, Scope};
use lexer::{Token, TokenKind};

/// A parsed Logs Insights query, evaluable or not.
#[derive(Debug, Clone)]
pub struct InsightsQuery {
    text: String,
    filters: Result<Vec<Condition>, String>,
}

/// Commands after which a filter selects aggregated rows rather than events.
const AGGREGATING: [&str; 4] = ["stats", "pattern", "anomaly", "diff"];
/// Commands that change what is shown, not which events are read.
const SHOWING: [&str; 8] = [
    "fields",
    "display",
    "sort",
    "limit",
    "dedup",
    "unmask",
    "filterindex",
    "source",
];
/// Commands that may make fields of any name.
const MAKING_FIELDS: [&str; 3] = ["unnest", "lookup", "join"];

impl InsightsQuery {
    /// Reads a query. It never fails: what it cannot evaluate makes it not evaluable, with
    /// the reason ([`InsightsQuery::not_evaluable`]).
    pub fn parse(text: &str) -> InsightsQuery {
        InsightsQuery {
            text: text.to_string(),
            filters: filters(text),
        }
    }

    /// The query as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why the query's filters cannot be evaluated on the sample, when they cannot.
    pub fn not_evaluable(&self) -> Option<&str> {
        self.filters.as_ref().err().map(String::as_str)
    }

    /// Whether the query reads this event: every filter holds (always, for a query not
    /// evaluable).
    pub fn reads(&self, event: &QueryEvent<'_>) -> bool {
        match &self.filters {
            Ok(filters) => filters.iter().all(|f| f.holds(event)),
            Err(_) => true,
        }
    }
}

fn filters(text: &str) -> Result<Vec<Condition>, String> {
    let tokens = lexer::tokenize(text).map_err(|e| {
        format!(
            "the query could not be read at character {}: {}",
            e.offset + 1,
            e.message
        )
    })?;
    let mut conditions = Vec::new();
    let mut made: Vec<String> = Vec::new();
    let mut fields_uncertain: Option<String> = None;
    for command in tokens.split(|t| t.kind == TokenKind::Pipe) {
        let Some((head, rest)) = command.split_first() else {
            continue;
        };
        let TokenKind::Name(name) = &head.kind else {
            return Err(format!(
                "a command name was expected at character {}",
                head.offset + 1
            ));
        };
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "filter" => {
                let scope = Scope {
                    made: &made,
                    fields_uncertain: fields_uncertain.as_deref(),
                };
                conditions
                    .push(filter::parse(rest, &scope).map_err(|why| format!("its filter: {why}"))?);
            }
            "parse" => made.extend(parse_outputs(rest)),
            "fields" => made.extend(aliases(rest)),
            _ if AGGREGATING.contains(&name.as_str()) => return Ok(conditions),
            _ if MAKING_FIELDS.contains(&name.as_str()) => fields_uncertain = Some(name),
            _ if SHOWING.contains(&name.as_str()) => {}
            other => {
                return Err(format!(
                    "the command `{other}` is not one the evaluator knows"
                ))
            }
        }
    }
    Ok(conditions)
}

/// The names after `as` in `fields expr as name, ...`.
fn aliases(tokens: &[Token]) -> Vec<String> {
    tokens
        .windows(2)
        .filter_map(|pair| match (&pair[0].kind, &pair[1].kind) {
            (TokenKind::Name(as_), TokenKind::Name(alias)) if as_.eq_ignore_ascii_case("as") => {
                Some(alias.clone())
            }
            _ => None,
        })
        .collect()
}

/// What `parse` makes: the names after `as` for a glob, the named groups of a regex.
fn parse_outputs(tokens: &[Token]) -> Vec<String> {
    let mut made = Vec::new();
    let mut after_as = false;
    for token in tokens {
        match &token.kind {
            TokenKind::Name(n) if n.eq_ignore_ascii_case("as") => after_as = true,
            TokenKind::Name(n) if after_as => made.push(n.clone()),
            TokenKind::Regex(body) => made.extend(named_groups(body)),
            _ => {}
        }
    }
    made
}

/// `(?<name>` and `(?P<name>` in a regex body.
fn named_groups(body: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("(?") {
        rest = &rest[at + 2..];
        let after = rest.strip_prefix('P').unwrap_or(rest);
        if let Some(name) = after.strip_prefix('<') {
            let end = name
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(name.len());
            if end > 0 && name[end..].starts_with('>') {
                names.push(name[..end].to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names_what_it_makes() {
        let query = InsightsQuery::parse(
            r#"parse @message /user=(?<user>\w+) took (?P<ms>\d+)/ | filter ms > 5"#,
        );
        let why = query.not_evaluable().unwrap();
        assert!(why.contains("`ms` is made by an earlier command"), "{why}");
        let glob = InsightsQuery::parse(
            r#"parse @message "* [*] *" as loggingTime, loggingType, loggingMessage | filter loggingType = "ERROR""#,
        );
        assert!(glob.not_evaluable().unwrap().contains("loggingType"));
        // A field parse did not make is still read from the JSON message.
        let other =
            InsightsQuery::parse(r#"parse @message "* [*] *" as a, b, c | filter level = "error""#);
        assert_eq!(other.not_evaluable(), None);
    }
}
