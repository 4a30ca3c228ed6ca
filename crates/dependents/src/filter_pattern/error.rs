//! The one error a bad filter pattern gets.

use std::fmt;

/// Why a filter pattern could not be parsed: where, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("filter pattern {pattern:?}, character {}: expected {expected}, found {found}", offset + 1)]
pub struct PatternError {
    pattern: String,
    offset: usize,
    expected: String,
    found: Found,
}

impl PatternError {
    pub(crate) fn new(
        pattern: &str,
        offset: usize,
        expected: impl Into<String>,
        found: Found,
    ) -> Self {
        Self {
            pattern: pattern.to_owned(),
            offset,
            expected: expected.into(),
            found,
        }
    }

    /// The character (0-based, in characters rather than bytes) where the pattern went wrong.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What the pattern needed at that character, in words.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// The pattern as given.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }
}

/// What stood where something else was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    Char(char),
    End,
    Text(String),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Char(c) => write!(f, "{c:?}"),
            Found::End => f.write_str("the end of the pattern"),
            Found::Text(text) => f.write_str(text),
        }
    }
}
