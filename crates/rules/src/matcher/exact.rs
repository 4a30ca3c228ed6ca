//! One rule's exact regex as the matcher runs it: compiled on first use, run anchored at each
//! place the message may start after the header, with ASCII classes on ASCII lines (see the
//! parent module's docs).

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// Compiled-program size allowed for one rule; bounded repetitions of Unicode classes are
/// large.
pub(super) const SIZE_LIMIT: usize = 64 << 20;

/// Compiles one rule's pattern the way the matcher does, checking that it compiles.
///
/// `first_constant` is the text a generated rule's message begins with, when its template
/// begins with a constant: the message can then only start where that text does.
pub(crate) fn compile(
    pattern: &str,
    first_constant: Option<&str>,
) -> std::result::Result<RuleRegex, regex::Error> {
    let re = RuleRegex::new(pattern, first_constant);
    re.unicode_regex()?;
    Ok(re)
}

/// One rule's regex as the matcher runs it; its automata are compiled on first use, since most
/// lines never need them (the relaxed automata answer) and compiling bounded repetitions of
/// Unicode classes takes milliseconds per rule.
#[derive(Debug)]
pub(crate) struct RuleRegex {
    /// The whole pattern, or for rules with the standard header the message part, anchored.
    source: String,
    /// The source compiled with Unicode classes.
    regex: OnceLock<std::result::Result<Regex, regex::Error>>,
    /// The same pattern with ASCII classes, for ASCII lines: a much smaller automaton than
    /// the UTF-8 one of bounded repetitions of Unicode classes. `None` when the source names a
    /// non-ASCII character.
    ascii: OnceLock<Option<regex::bytes::Regex>>,
    /// For rules with the standard header: its bound in characters (see the module docs).
    header_bound: Option<usize>,
    /// What the message begins with, when known.
    first_constant: Option<String>,
}

impl RuleRegex {
    /// The rule's regex, compiled when first needed.
    pub(crate) fn new(pattern: &str, first_constant: Option<&str>) -> RuleRegex {
        let header = crate::pattern::header_prefix();
        let (source, header_bound) = match pattern.strip_prefix(header.as_str()) {
            Some(message) => (
                format!("\\A{message}"),
                Some(crate::pattern::MAX_HEADER_CHARS),
            ),
            None => (pattern.to_string(), None),
        };
        RuleRegex {
            source,
            regex: OnceLock::new(),
            ascii: OnceLock::new(),
            header_bound,
            // Occurrences are found without overlaps, which only loses a start when a `|`
            // inside the constant is the delimiter before another occurrence.
            first_constant: first_constant
                .filter(|c| !c.is_empty() && !c.contains('|'))
                .map(String::from),
        }
    }

    /// The Unicode automaton, compiled on first call.
    fn unicode_regex(&self) -> std::result::Result<&Regex, regex::Error> {
        self.regex
            .get_or_init(|| {
                RegexBuilder::new(&self.source)
                    .size_limit(SIZE_LIMIT)
                    .dfa_size_limit(256 << 20)
                    .build()
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The ASCII automaton, compiled on first call; `None` for a source naming a non-ASCII
    /// character.
    fn ascii_regex(&self) -> Option<&regex::bytes::Regex> {
        self.ascii
            .get_or_init(|| {
                // A pattern whose text is ASCII reads an ASCII line the same with byte
                // classes: a class then matches the same characters, and a bound counts the
                // same characters, as bytes.
                if !self.source.is_ascii() {
                    return None;
                }
                regex::bytes::RegexBuilder::new(&self.source)
                    .unicode(false)
                    .size_limit(SIZE_LIMIT)
                    .dfa_size_limit(64 << 20)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether the rule's pattern matches `line`.
    ///
    /// A pattern that does not compile matches nothing here: the line is kept, never dropped
    /// by mistake. Hand-written patterns are compiled when the matcher is built, so this
    /// concerns only a generated pattern past the size limit (a template of hundreds of
    /// variables): its relaxed automaton still answers for short lines, and validation lists
    /// the long ones as missed.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        if line.is_ascii() {
            if let Some(ascii) = self.ascii_regex() {
                // In an ASCII line each byte is one character.
                return self.is_match_with(
                    line,
                    |at| ascii.is_match(&line.as_bytes()[at..]),
                    |h| h.len(),
                );
            }
        }
        match self.unicode_regex() {
            Ok(regex) => self.is_match_with(
                line,
                |at| regex.is_match(&line[at..]),
                |h| h.chars().count(),
            ),
            Err(_) => false,
        }
    }

    /// `is_match` with the message regex run at a byte offset of `line` by `run`, and the
    /// characters of a header counted by `chars`.
    fn is_match_with(
        &self,
        line: &str,
        run: impl Fn(usize) -> bool,
        chars: impl Fn(&str) -> usize,
    ) -> bool {
        let Some(bound) = self.header_bound else {
            return run(0);
        };
        if let Some(first) = &self.first_constant {
            // The message starts where its first constant does, after a tab, space or `|`.
            for (at, _) in line.match_indices(first.as_str()) {
                let header = &line[..at];
                if header.contains('\n') {
                    return false;
                }
                if at > 0 && header.len() > bound + 1 && chars(header) > bound + 1 {
                    return false;
                }
                let delimited = at == 0 || matches!(header.as_bytes()[at - 1], b'\t' | b' ' | b'|');
                if delimited && run(at) {
                    return true;
                }
            }
            return false;
        }
        if run(0) {
            return true;
        }
        // The message may start after any tab, space or `|` among the first `bound + 1`
        // characters of the first line.
        for (chars, (i, c)) in line.char_indices().enumerate() {
            if chars > bound || c == '\n' {
                return false;
            }
            if matches!(c, '\t' | ' ' | '|') && run(i + 1) {
                return true;
            }
        }
        false
    }
}
