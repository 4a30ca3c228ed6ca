//! Splits log messages into terms so that ids, addresses, paths and `key=value` pairs are found
//! whole and by their parts.
//!
//! A message is cut into words at white space and at the quotes, brackets and commas that wrap
//! values. At index time each word gives, at one position:
//! - the whole word (`ord_8f3a91`, `10.0.0.14:443`, `user_id=42`, `/api/orders/17`);
//! - its fields, split at `=`, `:`, `/`, `@`, `?`, `&` and `\` (`user_id`, `42`, `10.0.0.14`,
//!   `443`, `api`, `orders`);
//! - its atoms, split at every other punctuation (`ord`, `8f3a91`, `user`, `id`, `10`, `0`).
//!
//! Queries are cut into whole words only: the query `ord_8f3a91` then matches that id exactly,
//! and `8f3a91` matches it as a part. Since all the terms of a word share its position, phrase
//! queries (`"persisted in"`) see one term per word, as in the text.
//! Terms are lower case.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Longest term kept; longer words are still found by their parts.
const MAX_TERM_BYTES: usize = 255;

/// The log tokenizer. [`LogTokenizer::index`] emits words and their parts,
/// [`LogTokenizer::query`] whole words only.
#[derive(Clone, Debug, Default)]
pub struct LogTokenizer {
    parts: bool,
    tokens: Vec<Token>,
    used: usize,
}

impl LogTokenizer {
    /// For indexing: whole words and their parts.
    pub fn index() -> Self {
        LogTokenizer {
            parts: true,
            ..LogTokenizer::default()
        }
    }

    /// For queries: whole words.
    pub fn query() -> Self {
        LogTokenizer::default()
    }

    fn push(&mut self, text: &str, from: usize, to: usize, position: usize) {
        let piece = &text[from..to];
        if piece.len() > MAX_TERM_BYTES || !piece.bytes().any(is_term_byte) {
            return;
        }
        // Parts repeat (`0` in `10.0.0.14`, a field that is also an atom): one term each.
        let word_start = self.tokens[..self.used]
            .iter()
            .rposition(|t| t.position != position)
            .map_or(0, |i| i + 1);
        if self.tokens[word_start..self.used]
            .iter()
            .any(|t| eq_lower(&t.text, piece))
        {
            return;
        }
        if self.used == self.tokens.len() {
            self.tokens.push(Token::default());
        }
        let t = &mut self.tokens[self.used];
        t.text.clear();
        if piece.is_ascii() {
            t.text.extend(piece.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            t.text.push_str(&piece.to_lowercase());
        }
        t.offset_from = from;
        t.offset_to = to;
        t.position = position;
        t.position_length = 1;
        self.used += 1;
    }

    fn tokenize(&mut self, text: &str) {
        self.used = 0;
        let b = text.as_bytes();
        let mut position = 0;
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && is_boundary(b[i]) {
                i += 1;
            }
            let mut start = i;
            while i < b.len() && !is_boundary(b[i]) {
                i += 1;
            }
            let mut end = i;
            while start < end && is_edge_punct(b[start]) {
                start += 1;
            }
            while end > start && is_edge_punct(b[end - 1]) {
                end -= 1;
            }
            if start == end || !b[start..end].iter().copied().any(is_term_byte) {
                continue;
            }
            let before = self.used;
            self.push(text, start, end, position);
            if self.parts {
                self.push_parts(text, start, end, position, is_field_separator);
                self.push_parts(text, start, end, position, |c| !is_term_byte(c));
            }
            if self.used > before {
                position += 1;
            }
        }
    }

    fn push_parts(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        position: usize,
        split: impl Fn(u8) -> bool,
    ) {
        let b = text.as_bytes();
        if !b[start..end].iter().any(|&c| split(c)) {
            return;
        }
        let mut s = start;
        for k in start..=end {
            if k == end || split(b[k]) {
                let (mut ps, mut pe) = (s, k);
                while ps < pe && !is_term_byte(b[ps]) {
                    ps += 1;
                }
                while pe > ps && !is_term_byte(b[pe - 1]) {
                    pe -= 1;
                }
                if ps < pe {
                    self.push(text, ps, pe, position);
                }
                s = k + 1;
            }
        }
    }
}

/// Bytes that end a word: white space and what wraps values.
fn is_boundary(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | 0x0b
            | 0x0c
            | b'"'
            | b'\''
            | b'`'
            | b'('
            | b')'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'<'
            | b'>'
            | b','
            | b';'
            | b'|'
    )
}

/// Punctuation taken off the ends of a word (`failed:`, `done.`, `key=`).
fn is_edge_punct(c: u8) -> bool {
    matches!(c, b'.' | b':' | b'=' | b'!' | b'?' | b'*')
}

/// Separators between the fields of a word.
fn is_field_separator(c: u8) -> bool {
    matches!(c, b'=' | b':' | b'/' | b'@' | b'?' | b'&' | b'\\')
}

/// Letters, digits and any non-ASCII byte (words in other scripts are kept whole).
fn is_term_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

fn eq_lower(lower: &str, piece: &str) -> bool {
    if piece.is_ascii() {
        lower.len() == piece.len()
            && lower
                .bytes()
                .zip(piece.bytes())
                .all(|(a, b)| a == b.to_ascii_lowercase())
    } else {
        lower == piece.to_lowercase()
    }
}

/// Token stream of [`LogTokenizer`].
pub struct LogTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
    /// Returned by `token()` before the first `advance()` or for a text without terms.
    none: Token,
}

impl LogTokenStream<'_> {
    fn current(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.none,
        }
    }
}

impl Tokenizer for LogTokenizer {
    type TokenStream<'a> = LogTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> LogTokenStream<'a> {
        self.tokenize(text);
        LogTokenStream {
            tokens: &mut self.tokens[..self.used],
            next: 0,
            none: Token::default(),
        }
    }
}

impl TokenStream for LogTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &self.tokens[i],
            _ => &self.none,
        }
    }
    fn token_mut(&mut self) -> &mut Token {
        self.current()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mut t: LogTokenizer, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut s = t.token_stream(text);
        while let Some(tok) = s.next() {
            assert_eq!(
                text[tok.offset_from..tok.offset_to].to_lowercase(),
                tok.text
            );
            out.push((tok.position, tok.text.clone()));
        }
        out
    }

    fn words(t: LogTokenizer, text: &str) -> Vec<String> {
        terms(t, text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn ids_addresses_paths_and_pairs_are_whole_and_in_parts() {
        assert_eq!(
            terms(LogTokenizer::index(), "Order ord_8f3a91 persisted."),
            [
                (0, "order".to_string()),
                (1, "ord_8f3a91".to_string()),
                (1, "ord".to_string()),
                (1, "8f3a91".to_string()),
                (2, "persisted".to_string()),
            ]
        );
        assert_eq!(
            words(LogTokenizer::index(), "from 10.0.0.14:443"),
            ["from", "10.0.0.14:443", "10.0.0.14", "443", "10", "0", "14"]
        );
        assert_eq!(
            words(LogTokenizer::index(), "user_id=42 path=/var/log/app.log"),
            [
                "user_id=42",
                "user_id",
                "42",
                "user",
                "id",
                "path=/var/log/app.log",
                "path",
                "var",
                "log",
                "app.log",
                "app"
            ]
        );
    }

    #[test]
    fn quotes_brackets_and_edge_punctuation_end_words() {
        assert_eq!(
            words(
                LogTokenizer::query(),
                r#"[ERROR] "GET /health HTTP/1.1" failed: {"k":"v"}"#
            ),
            ["error", "get", "/health", "http/1.1", "failed", "k", "v"]
        );
    }

    #[test]
    fn queries_keep_words_whole() {
        assert_eq!(
            words(LogTokenizer::query(), "ord_8f3a91 10.0.0.14"),
            ["ord_8f3a91", "10.0.0.14"]
        );
    }

    #[test]
    fn other_scripts_and_long_words() {
        assert_eq!(
            words(LogTokenizer::index(), "Ошибка диска"),
            ["ошибка", "диска"]
        );
        let long = format!("{}_tail", "a".repeat(300));
        assert_eq!(words(LogTokenizer::index(), &long), ["tail"]);
        assert!(words(LogTokenizer::index(), "-- :: ==").is_empty());
    }
}
