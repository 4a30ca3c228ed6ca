//! A position in the pattern being parsed, counted in characters so that errors point at what
//! a person sees.

use super::error::{Found, PatternError};

pub(crate) struct Cursor<'p> {
    source: &'p str,
    chars: Vec<char>,
    pos: usize,
}

impl<'p> Cursor<'p> {
    pub(crate) fn new(source: &'p str) -> Self {
        Self {
            source,
            chars: source.chars().collect(),
            pos: 0,
        }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Whether the next characters are `text`; consumes them if so.
    pub(crate) fn eat(&mut self, text: &str) -> bool {
        let mut ahead = 0;
        for c in text.chars() {
            if self.peek_at(ahead) != Some(c) {
                return false;
            }
            ahead += 1;
        }
        self.pos += ahead;
        true
    }

    /// Consumes `text` if the next word is it, in any case, followed by a non-word character.
    pub(crate) fn eat_keyword(&mut self, keyword: &str) -> bool {
        let mut ahead = 0;
        for c in keyword.chars() {
            match self.peek_at(ahead) {
                Some(found) if found.eq_ignore_ascii_case(&c) => ahead += 1,
                _ => return false,
            }
        }
        if self
            .peek_at(ahead)
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            return false;
        }
        self.pos += ahead;
        true
    }

    pub(crate) fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    pub(crate) fn found(&self) -> Found {
        match self.peek() {
            Some(c) => Found::Char(c),
            None => Found::End,
        }
    }

    /// An error at the current character.
    pub(crate) fn error(&self, expected: impl Into<String>) -> PatternError {
        PatternError::new(self.source, self.pos, expected, self.found())
    }

    /// An error at an earlier character, with its own account of what was found.
    pub(crate) fn error_at(
        &self,
        offset: usize,
        expected: impl Into<String>,
        found: Found,
    ) -> PatternError {
        PatternError::new(self.source, offset, expected, found)
    }

    /// A quoted string starting at the current `"`: `\"` and `\\` are the only escapes (the
    /// quoting the AWS CDK applies), any other backslash stands for itself.
    pub(crate) fn quoted(&mut self) -> Result<String, PatternError> {
        let start = self.pos;
        if !self.eat("\"") {
            return Err(self.error("a double quote"));
        }
        let mut text = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error_at(
                        start,
                        "a closing double quote for the string that starts here",
                        Found::Text("none".into()),
                    ))
                }
                Some('"') => return Ok(text),
                Some('\\') if matches!(self.peek(), Some('"' | '\\')) => {
                    text.extend(self.bump());
                }
                Some(c) => text.push(c),
            }
        }
    }

    /// `%regex%` starting at the current `%`; returns the regex's text and where it starts.
    pub(crate) fn percent_delimited(&mut self) -> Result<(String, usize), PatternError> {
        let start = self.pos;
        if !self.eat("%") {
            return Err(self.error("a percent sign"));
        }
        let body_start = self.pos;
        let mut text = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error_at(
                        start,
                        "a closing % for the regex that starts here",
                        Found::Text("none".into()),
                    ))
                }
                Some('%') => return Ok((text, body_start)),
                Some(c) => text.push(c),
            }
        }
    }

    pub(crate) fn source(&self) -> &'p str {
        self.source
    }
}
