//! What a person reads first of a JSON event or template: its message, then the fields that
//! tell two templates apart, then the rest.
//!
//! Structured loggers print the level, the time and the logger before the message
//! (`{"level":"debug","ts":"<*>","logger":"c.e.Cache","msg":"order cache hit",...}`), so a list
//! of JSON templates cut to a column's width shows the same prefix on every row. The headline
//! reorders the object's own bytes (nothing is rewritten, so search highlights can be carried
//! over): the message's text, the fields whose value is constant, the fields whose value is a
//! variable. The full text stays what a template is and what rules match.

use crate::WILDCARD;

/// Keys whose string value is the event's message, in order of preference. A general
/// convention of structured loggers (`msg` in Go and pino, `message` in most others, `event` in
/// structlog); an object with none of them has no message piece and keeps its fields' order.
const MESSAGE_KEYS: &[&str] = &["msg", "message", "event", "text", "log"];

/// Between the message and the fields, and between fields: visible where white space collapses
/// (HTML), and not a character JSON puts between fields.
const SEPARATOR: &str = " · ";

/// A JSON object's text reordered for reading: pieces of the original text, in display order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headline {
    /// The text shown.
    pub text: String,
    /// `(start in the original, start in text, length)` of each piece.
    pieces: Vec<(usize, usize, usize)>,
}

impl Headline {
    /// Byte ranges of the original text (search highlights) as ranges of [`Headline::text`]; a
    /// range across two pieces becomes one range per piece, a range in the braces or commas
    /// that the headline leaves out disappears.
    pub fn map_ranges(&self, ranges: &[[usize; 2]]) -> Vec<[usize; 2]> {
        let mut out = Vec::new();
        for &[a, b] in ranges {
            for &(src, dst, len) in &self.pieces {
                let (s, e) = (a.max(src), b.min(src + len));
                if s < e {
                    out.push([dst + s - src, dst + e - src]);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// One top-level field: the whole `"key":value` range, the key, and the value's range.
struct Field<'a> {
    whole: (usize, usize),
    key: &'a str,
    value: (usize, usize),
}

/// The headline of `text` when it is one JSON object with a message field or more than one
/// field; `None` for anything else (plain text, a JSON array, a broken object), which is shown
/// as it is.
pub fn headline(text: &str) -> Option<Headline> {
    let fields = top_level_fields(text)?;
    let message = MESSAGE_KEYS.iter().find_map(|k| {
        fields.iter().position(|f| {
            f.key == *k && text.as_bytes().get(f.value.0) == Some(&b'"') && f.value.1 > f.value.0
        })
    });
    if message.is_none() && fields.len() < 2 {
        return None;
    }
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(fields.len() + 1);
    if let Some(m) = message {
        // The message's text without its quotes.
        let (s, e) = fields[m].value;
        order.push((s + 1, e.saturating_sub(1).max(s + 1)));
    }
    let is_variable = |f: &Field| {
        &text[f.value.0..f.value.1] == WILDCARD || &text[f.value.0..f.value.1] == "\"<*>\""
    };
    // The level has a column of its own wherever a headline is shown: it goes last.
    let is_level = |f: &Field| crate::level::LEVEL_KEYS.contains(&f.key);
    for (constant, level) in [(true, false), (false, false), (true, true), (false, true)] {
        for (i, f) in fields.iter().enumerate() {
            if Some(i) != message && is_variable(f) != constant && is_level(f) == level {
                order.push(f.whole);
            }
        }
    }
    let mut out = Headline {
        text: String::with_capacity(text.len()),
        pieces: Vec::with_capacity(order.len()),
    };
    for (s, e) in order {
        if e <= s {
            continue;
        }
        if !out.text.is_empty() {
            out.text.push_str(SEPARATOR);
        }
        out.pieces.push((s, out.text.len(), e - s));
        out.text.push_str(&text[s..e]);
    }
    Some(out)
}

/// The top-level fields of a JSON object, or `None` when `text` is not one object (surrounding
/// white space allowed). Values are skipped by their structure (strings with escapes, nested
/// objects and arrays, bare words such as numbers and `<*>`), not parsed, since a template's
/// values are `<*>` and a sampled event may be cut short.
fn top_level_fields(text: &str) -> Option<Vec<Field<'_>>> {
    let b = text.as_bytes();
    let mut i = skip_space(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let mut fields = Vec::new();
    loop {
        i = skip_space(b, i);
        match b.get(i)? {
            b'}' => break,
            b'"' => {}
            _ => return None,
        }
        let start = i;
        let key_end = string_end(b, i)?;
        let key = text.get(i + 1..key_end - 1)?;
        i = skip_space(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let value_start = skip_space(b, i + 1);
        let value_end = value_end(b, value_start)?;
        fields.push(Field {
            whole: (start, value_end),
            key,
            value: (value_start, value_end),
        });
        i = skip_space(b, value_end);
        match b.get(i)? {
            b',' => i += 1,
            b'}' => break,
            _ => return None,
        }
    }
    if skip_space(b, i + 1) != b.len() {
        return None;
    }
    Some(fields)
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// Index just past the string that starts at `b[i] == b'"'`.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Index just past the value that starts at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|&c| !matches!(c, b',' | b'}') && !c.is_ascii_whitespace())
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_message_comes_first_then_constant_fields_then_variables() {
        let t = r#"{"level":"debug","ts":"<*>","msg":"cart loaded","cart_id":"<*>","cache":"hit","n":<*>}"#;
        let h = headline(t).unwrap();
        assert_eq!(
            h.text,
            r#"cart loaded · "cache":"hit" · "ts":"<*>" · "cart_id":"<*>" · "n":<*> · "level":"debug""#
        );
        // Two templates that differ by a constant field differ early.
        let other = t.replace("\"hit\"", "\"miss\"");
        assert!(headline(&other)
            .unwrap()
            .text
            .starts_with(r#"cart loaded · "cache":"miss""#));
    }

    #[test]
    fn search_highlights_follow_their_words() {
        let line = r#"{"level":"info","msg":"order declined","reason":"card expired"}"#;
        let h = headline(line).unwrap();
        let declined = line.find("declined").unwrap();
        let card = line.find("card").unwrap();
        let mapped = h.map_ranges(&[[declined, declined + 8], [card, card + 4]]);
        let words: Vec<&str> = mapped.iter().map(|&[a, b]| &h.text[a..b]).collect();
        assert_eq!(words, ["declined", "card"]);
        // The braces and commas are left out, and so are highlights inside them.
        assert_eq!(h.map_ranges(&[[0, 1]]), Vec::<[usize; 2]>::new());
    }

    #[test]
    fn nested_values_escapes_and_white_space_are_skipped_whole() {
        let t = r#" { "msg" : "say \"hi\", then go", "ctx": {"a": [1, {"b": "}"}]}, "ok": true } "#;
        let h = headline(t).unwrap();
        assert_eq!(
            h.text,
            r#"say \"hi\", then go · "ctx": {"a": [1, {"b": "}"}]} · "ok": true"#
        );
    }

    #[test]
    fn text_that_is_not_one_object_has_no_headline() {
        for t in [
            "GET /health 200",
            "[1, 2]",
            r#"{"msg":"cut short"#,
            r#"{"msg":"a"} trailing"#,
            r#"{"only":"one field"}"#,
            "{",
            "",
        ] {
            assert_eq!(headline(t), None, "{t}");
        }
        // One field that is the message is still worth its quotes off.
        assert_eq!(headline(r#"{"msg":"started"}"#).unwrap().text, "started");
    }

    #[test]
    fn no_input_panics() {
        for t in [
            r#"{"a":"#,
            r#"{"a":}"#,
            r#"{"a":"\"#,
            r#"{"msg":""}"#,
            "{\"é\":\"ü\",\"b\":1}",
            "{]",
        ] {
            let _ = headline(t).map(|h| h.map_ranges(&[[0, t.len()], [5, 2]]));
        }
    }
}
