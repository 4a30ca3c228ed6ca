//! Patterns of terms for unstructured events: `ERROR`, `"INTERNAL SERVER ERROR"`,
//! `?ERROR ?WARN`, `ERROR -ARGUMENTS`.
//!
//! What a term matches: the documentation says terms are case sensitive and that a term with
//! characters other than letters, digits and underscores must be quoted; it does not say
//! where in a word a term may match. Its examples (an older edition: `ERROR` matches
//! `Exiting with ERRORCODE: -1`, `Exception` matches `IllegalArgumentException`) and what
//! users observe (`ERROR` matches `ERRORNEOUS`) show a case-sensitive substring test, which is
//! also what moto does; so a term here matches wherever its text occurs in the message. For
//! "what reads this line" that errs towards reading more, never less.
//!
//! How `?` combines with other terms: the AWS CDK writes "any of these groups of terms" as
//! `?"ERROR" "MainThread" ?"WARN" "Deadlock"`, so a `?` opens a new alternative and the
//! terms after it, up to the next `?`, must all appear with it. Terms before the first `?`
//! are an alternative of their own. A pattern without `?` is one alternative: all its terms.

use super::cursor::Cursor;
use super::error::{Found, PatternError};

/// The terms of one alternative: all of `required` appear and none of `excluded`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Alternative {
    pub(crate) required: Vec<String>,
    pub(crate) excluded: Vec<String>,
}

impl Alternative {
    fn matches(&self, message: &str) -> bool {
        self.required
            .iter()
            .all(|term| message.contains(term.as_str()))
            && !self
                .excluded
                .iter()
                .any(|term| message.contains(term.as_str()))
    }

    fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }
}

/// A term pattern: the event matches if any alternative does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Terms {
    pub(crate) alternatives: Vec<Alternative>,
}

impl Terms {
    pub(crate) fn matches(&self, message: &str) -> bool {
        self.alternatives
            .iter()
            .any(|alternative| alternative.matches(message))
    }

    /// Whether the pattern has no condition at all (`""`, `" "`): it matches every event.
    pub(crate) fn matches_everything(&self) -> bool {
        self.alternatives.iter().any(Alternative::is_empty)
    }
}

/// Whether `c` may stand in a term without quotes.
fn is_bare_term_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub(crate) fn parse(cursor: &mut Cursor<'_>) -> Result<Terms, PatternError> {
    let mut alternatives = vec![Alternative::default()];
    let mut opened_by_question_mark = false;
    loop {
        cursor.skip_whitespace();
        let Some(c) = cursor.peek() else { break };
        let (optional, excluded) = match c {
            '?' => (true, false),
            '-' => (false, true),
            _ => (false, false),
        };
        if optional || excluded {
            cursor.bump();
            if cursor.peek().is_none_or(char::is_whitespace) {
                let what = if optional { "?" } else { "-" };
                return Err(cursor.error(format!("a term right after {what} (no space between)")));
            }
        }
        let term = term(cursor)?;
        if optional {
            // The first `?` takes over the (empty) first alternative.
            let first_is_unused =
                !opened_by_question_mark && alternatives.len() == 1 && alternatives[0].is_empty();
            if !first_is_unused {
                alternatives.push(Alternative::default());
            }
            opened_by_question_mark = true;
        }
        let Some(current) = alternatives.last_mut() else {
            break;
        };
        match term {
            // A quoted blank (`" "`) is the documented way to match everything.
            Some(text) if text.trim().is_empty() && !excluded => {}
            Some(text) if excluded => current.excluded.push(text),
            Some(text) => current.required.push(text),
            None => {}
        }
    }
    Ok(Terms { alternatives })
}

/// One term, quoted or bare; `None` for `""`.
fn term(cursor: &mut Cursor<'_>) -> Result<Option<String>, PatternError> {
    if cursor.peek() == Some('"') {
        let text = cursor.quoted()?;
        if let Some(c) = cursor.peek().filter(|c| !c.is_whitespace()) {
            return Err(cursor.error_at(
                cursor.pos(),
                "a space between a quoted term and what follows",
                Found::Char(c),
            ));
        }
        return Ok(if text.is_empty() { None } else { Some(text) });
    }
    let start = cursor.pos();
    let mut text = String::new();
    while let Some(c) = cursor.peek().filter(|c| !c.is_whitespace()) {
        if !is_bare_term_char(c) {
            let mut word = text.clone();
            let mut ahead = 0;
            while let Some(next) = cursor.peek_at(ahead).filter(|c| !c.is_whitespace()) {
                word.push(next);
                ahead += 1;
            }
            return Err(cursor.error_at(
                cursor.pos(),
                format!(
                    "a letter, digit or underscore: a term with other characters goes in double \
                     quotes, \"{}\"",
                    word.replace('"', "\\\"")
                ),
                Found::Char(c),
            ));
        }
        text.push(c);
        cursor.bump();
    }
    if text.is_empty() {
        return Err(cursor.error_at(start, "a term", cursor.found()));
    }
    Ok(Some(text))
}
