//! The CloudWatch Logs filter-pattern language: parse once, match many messages.
//!
//! A pattern is one of four kinds, told apart by its first character:
//!
//! | kind | example | module |
//! |---|---|---|
//! | terms | `ERROR -ARGUMENTS`, `?"timed out" ?refused` | `terms` |
//! | regex | `%[Ee]rror\|[Ff]ail%` | `regex` |
//! | JSON | `{ $.level = "error" && $.latency > 500 }` | `json` |
//! | space-delimited | `[ip, user, ..., status = 5*, bytes > 1000]` | `delimited` |
//!
//! An empty pattern (or `""`, or `" "`) matches every event.

mod cursor;
mod delimited;
mod error;
mod json;
mod regex;
mod terms;
mod value;

pub use error::PatternError;

use cursor::Cursor;

/// The kind of a filter pattern, for display and for deciding how to cross-check it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatternKind {
    /// Matches every event: the pattern is empty or blank.
    Everything,
    /// Terms and phrases of unstructured events.
    Terms,
    /// A `%regex%` of its own.
    Regex,
    /// `{ JSON selectors }`.
    Json,
    /// `[space, delimited, fields]`.
    Delimited,
}

#[derive(Debug, Clone)]
enum Parsed {
    Terms(terms::Terms),
    Regex(regex::CloudWatchRegex),
    Json(json::Expr),
    Delimited(delimited::Delimited),
}

/// A parsed CloudWatch filter pattern (metric filter, subscription filter, FilterLogEvents).
#[derive(Debug, Clone)]
pub struct FilterPattern {
    text: String,
    parsed: Parsed,
}

impl FilterPattern {
    /// Parses a pattern, or says where it goes wrong and what was expected there.
    pub fn parse(text: &str) -> Result<FilterPattern, PatternError> {
        let mut cursor = Cursor::new(text);
        cursor.skip_whitespace();
        let parsed = match cursor.peek() {
            Some('{') => Parsed::Json(json::parse(&mut cursor)?),
            Some('[') => Parsed::Delimited(delimited::parse(&mut cursor)?),
            Some('%') => {
                let (body, offset) = cursor.percent_delimited()?;
                Parsed::Regex(regex::compile(&cursor, &body, offset)?)
            }
            _ => Parsed::Terms(terms::parse(&mut cursor)?),
        };
        cursor.skip_whitespace();
        if !cursor.at_end() {
            let what = match parsed {
                Parsed::Json(_) => "the end of the pattern after the JSON pattern's }",
                Parsed::Delimited(_) => {
                    "the end of the pattern after the space-delimited pattern's ]"
                }
                _ => "the end of the pattern after the regex's closing %",
            };
            return Err(cursor.error(what));
        }
        debug_assert_eq!(cursor.source(), text);
        Ok(FilterPattern {
            text: text.to_owned(),
            parsed,
        })
    }

    /// Whether CloudWatch would select an event with this message.
    pub fn matches(&self, message: &str) -> bool {
        match &self.parsed {
            Parsed::Terms(terms) => terms.matches(message),
            Parsed::Regex(regex) => regex.is_match(message),
            Parsed::Json(expr) => expr.matches(message),
            Parsed::Delimited(delimited) => delimited.matches(message),
        }
    }

    /// The pattern as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Which of the language's kinds the pattern is.
    pub fn kind(&self) -> PatternKind {
        match &self.parsed {
            Parsed::Terms(terms) if terms.matches_everything() => PatternKind::Everything,
            Parsed::Terms(_) => PatternKind::Terms,
            Parsed::Regex(_) => PatternKind::Regex,
            Parsed::Json(_) => PatternKind::Json,
            Parsed::Delimited(_) => PatternKind::Delimited,
        }
    }
}

impl std::str::FromStr for FilterPattern {
    type Err = PatternError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FilterPattern::parse(text)
    }
}
