//! Structured messages: a JSON object is split into one word per field, except the text of
//! message-like fields (`msg`, `message`, `event`...), which is split into its words so that the
//! text is mined like any log line.
//!
//! Splitting at white space alone would glue neighbouring fields into one word
//! (`funds","latency_ms":412,`) and cut other string values into pieces at their spaces (a user
//! agent), so one event would give as many templates as its values have shapes.

use crate::level::{level_value, LEVEL_KEYS};

/// Keys whose string value is free text to mine word by word.
const MESSAGE_KEYS: &[&str] = &[
    "msg",
    "message",
    "log",
    "text",
    "event",
    "description",
    "summary",
];

fn is_message_key(key: &[u8]) -> bool {
    MESSAGE_KEYS
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(key))
}

/// Index just past the string that starts at `b[i] == b'"'`, or `None` when it is not closed.
fn string_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < end {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// Index just past the object or array that starts at `b[i]`, strings respected.
fn nested_end(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < end {
        match b[j] {
            b'"' => {
                j = string_end(b, j, end)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
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

fn skip_space(b: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Splits the JSON object `b[start..end]` into words (byte ranges). Returns false, leaving `out`
/// as it was, when the text is not a well-formed-looking object: it is then mined as text.
///
/// On the way, the byte range of the first level value (`"level":"warn"`, see [`LEVEL_KEYS`])
/// goes into `level` when it holds none yet, so that templates of JSON logs report their level
/// as those of text logs do.
pub fn split_json_object(
    b: &[u8],
    start: usize,
    end: usize,
    out: &mut Vec<(u32, u32)>,
    level: &mut Option<(u32, u32)>,
) -> bool {
    let mark = out.len();
    let mut found = None;
    let ok = split(b, start, end, out, &mut found, false).is_some();
    if ok {
        *level = level.or(found);
    } else {
        out.truncate(mark);
    }
    ok
}

/// [`split_json_object`] for the object `b[start..end]`; `nested` when it is the value of a
/// field of another object.
fn split(
    b: &[u8],
    start: usize,
    end: usize,
    out: &mut Vec<(u32, u32)>,
    level: &mut Option<(u32, u32)>,
    nested: bool,
) -> Option<()> {
    let mut end = end;
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end - start < 2 || b[start] != b'{' || b[end - 1] != b'}' {
        return None;
    }
    let mut i = skip_space(b, start + 1, end);
    // The opening brace belongs to the first field's word.
    let mut word_start = start;
    if i >= end - 1 {
        out.push((start as u32, end as u32));
        return Some(());
    }
    loop {
        if b[i] != b'"' {
            return None;
        }
        let key_end = string_end(b, i, end)?;
        let key = &b[i + 1..key_end - 1];
        let mut j = skip_space(b, key_end, end);
        if j >= end || b[j] != b':' {
            return None;
        }
        j = skip_space(b, j + 1, end);
        if j >= end {
            return None;
        }
        let value_end = match b[j] {
            b'"' => string_end(b, j, end)?,
            b'{' | b'[' => nested_end(b, j, end)?,
            _ => {
                let mut k = j;
                while k < end && !matches!(b[k], b',' | b'}') && !b[k].is_ascii_whitespace() {
                    k += 1;
                }
                k
            }
        };
        // What follows the value: `,` then the next field, or the closing brace.
        let mut after = skip_space(b, value_end, end);
        let last = after >= end - 1;
        if !last {
            if b[after] != b',' {
                return None;
            }
            after += 1;
        }
        let word_end = if last { end } else { after };
        if b[j] == b'"' && level.is_none() && LEVEL_KEYS.iter().any(|k| k.as_bytes() == key) {
            let (a, z) = (j + 1, value_end - 1);
            if level_value(&b[a..z]).is_some() {
                *level = Some((a as u32, z as u32));
            }
        }
        // Only the event's own message is text; a message inside a nested object (an error's
        // `"err":{"message":"connection refused"}`) is one field, a value of the event.
        if b[j] == b'"' && is_message_key(key) && !nested {
            // Free text: one word per white-space separated part of the string.
            let text_start = j + 1;
            let mut k = text_start;
            let mut first = true;
            let first_word = out.len();
            loop {
                let s = if first {
                    word_start
                } else {
                    skip_space(b, k, value_end - 1)
                };
                let mut e = skip_space(b, k, value_end - 1);
                while e < value_end - 1 && !b[e].is_ascii_whitespace() {
                    e += 1;
                }
                let at_end = skip_space(b, e, value_end - 1) >= value_end - 1;
                let e = if at_end { word_end } else { e };
                if e > s {
                    out.push((s as u32, e as u32));
                }
                first = false;
                k = e;
                if at_end {
                    break;
                }
            }
            if b[text_start..value_end].windows(2).any(|w| w == b"\\\"") {
                join_escaped_strings(b, out, first_word);
            }
        } else if b[j] == b'{' && nested_fields(b, j, value_end, word_start, word_end, out) {
            // `"req":{"method":"GET","url":"/v2/x"}`: a nested object is split by field too,
            // so its fields are decided one by one like the outer ones.
        } else {
            out.push((word_start as u32, word_end as u32));
        }
        if last {
            return Some(());
        }
        i = skip_space(b, after, end);
        word_start = i;
        if i >= end - 1 {
            return None;
        }
    }
}

/// The byte range of the value inside the quotes when the word `b[s..e]` is one whole field
/// with a quoted value: `key="value"` (logfmt, klog) or `"key":"value"` (a JSON field word,
/// the first of which holds the object's `{`), followed by nothing but `,` `}` `]` `;`. Values of
/// message-like keys are text, not values: `None` for them.
pub fn quoted_field_value(b: &[u8], s: usize, e: usize) -> Option<(usize, usize)> {
    let w = &b[s..e];
    let mut z = w.len();
    while z > 0 && matches!(w[z - 1], b',' | b'}' | b']' | b';') {
        z -= 1;
    }
    if z >= 2 && w[z - 1] == b'\'' {
        // `reason='card reported stolen'` (Python's repr, structlog): the same field, single
        // quotes; the value runs from the first `='` to the last `'`.
        let eq = w.iter().position(|&c| c == b'=')?;
        let key = &w[..eq];
        let key_ok = is_field_name(key) && !is_message_key(key);
        let open = eq + 1;
        if !key_ok || w.get(open) != Some(&b'\'') || z - 1 <= open {
            return None;
        }
        return Some((s + open + 1, s + z - 1));
    }
    if z < 2 || w[z - 1] != b'"' {
        return None;
    }
    if w.starts_with(b"\\\"") {
        // `\"curl/8.4.0\"` inside a JSON string: a bare quoted string, its quotes escaped.
        let z = if w[..z].ends_with(b"\\\"\"") {
            z - 1
        } else {
            z
        };
        if z < 4 || !w[..z].ends_with(b"\\\"") || w[2..z - 2].contains(&b'"') {
            return None;
        }
        let inner = &w[2..z - 2];
        let valuelike = inner.iter().any(|c| c.is_ascii_digit() || *c == b'/');
        return (valuelike && !inner.is_empty()).then_some((s + 2, s + z - 2));
    }
    if w[0] == b'"' && !w[1..z - 1].contains(&b'"') {
        // A bare quoted string (`"curl/8.4.0"`, `"Mozilla/5.0 (X11; Linux)"` once joined): a
        // value when it holds a digit or a `/`; quoted words (`"Pod status updated"`) are the
        // statement's text.
        let inner = &w[1..z - 1];
        let valuelike = inner.iter().any(|c| c.is_ascii_digit() || *c == b'/');
        return (valuelike && !inner.is_empty()).then_some((s + 1, s + z - 1));
    }
    let (key, open) = if w[0] == b'"' || (w[0] == b'{' && w.get(1) == Some(&b'"')) {
        // `"key":"value"`
        let k0 = if w[0] == b'{' { 2 } else { 1 };
        let k1 = k0 + w[k0..].iter().position(|&c| c == b'"')?;
        if w.get(k1 + 1) != Some(&b':') || w.get(k1 + 2) != Some(&b'"') {
            return None;
        }
        (&w[k0..k1], k1 + 2)
    } else {
        let eq = w.iter().position(|&c| c == b'=')?;
        if w.get(eq + 1) != Some(&b'"') {
            return None;
        }
        (&w[..eq], eq + 1)
    };
    let key_ok = !key.is_empty()
        && (key[0].is_ascii_alphabetic() || key[0] == b'_' || key[0] == b'@')
        && key
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'@'));
    let close = z - 1;
    if !key_ok || close <= open || is_message_key(key) {
        return None;
    }
    // The value must hold no unescaped quote of its own: it is then exactly one string.
    if has_unescaped_quote(&w[open + 1..close]) {
        return None;
    }
    Some((s + open + 1, s + close))
}

/// A value that names one of a few kinds or states (`ready`, `Running`, `warn`,
/// `not_found`): letters, with `_` or `-` between them, no digits; or a logger's dotted name. Such a value is a word of
/// the template, where a value with digits, a path or several words is a variable.
pub fn is_kind_word(v: &[u8]) -> bool {
    const MAX_KIND_LEN: usize = 24;
    const MAX_LOGGER_LEN: usize = 96;
    let word = |v: &[u8], joiners: &[u8]| {
        v.first().is_some_and(u8::is_ascii_alphabetic)
            && v.last().is_some_and(u8::is_ascii_alphabetic)
            && v.iter()
                .all(|c| c.is_ascii_alphabetic() || joiners.contains(c))
    };
    // A logger or class name (`c.e.orders.api.OrderController`, `Billing.Jobs.Scheduler`)
    // is fixed by the statement too.
    (v.len() <= MAX_KIND_LEN && word(v, b"_-"))
        || (v.len() <= MAX_LOGGER_LEN && v.contains(&b'.') && word(v, b"_-.$"))
}

/// A message template (`Queued {JobId} on {Queue}`): text with named holes, which structured
/// loggers write next to the values that fill them. It is the statement itself, so it is
/// template text however many words it has, never a value.
pub fn is_message_template(v: &[u8]) -> bool {
    if !v.contains(&b' ') {
        return false;
    }
    memchr::memchr_iter(b'{', v).any(|open| {
        let rest = &v[open + 1..];
        let rest = rest
            .strip_prefix(b"@")
            .or(rest.strip_prefix(b"$"))
            .unwrap_or(rest);
        let name = rest
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(rest.len());
        if name == 0 || !rest[0].is_ascii_alphabetic() && rest[0] != b'_' {
            return false;
        }
        // An alignment or format may follow the name (`{Elapsed:0.00}`, `{Id,8}`).
        match rest.get(name) {
            Some(b'}') => true,
            Some(b':' | b',') => rest[name..]
                .iter()
                .position(|&c| c == b'}' || c == b'{')
                .is_some_and(|k| rest[name + k] == b'}'),
            _ => false,
        }
    })
}

/// Splits the nested object `b[j..value_end]` into words, the first from `word_start` (its
/// key) and the last to `word_end` (the `,` after it). False, adding nothing, when it is not
/// a well-formed-looking object.
fn nested_fields(
    b: &[u8],
    j: usize,
    value_end: usize,
    word_start: usize,
    word_end: usize,
    out: &mut Vec<(u32, u32)>,
) -> bool {
    let mark = out.len();
    // A nested object's level is not the event's: the slot is taken already.
    let mut ignored = Some((0, 0));
    if split(b, j, value_end, out, &mut ignored, true).is_none() || out.len() == mark {
        out.truncate(mark);
        return false;
    }
    out[mark].0 = word_start as u32;
    if let Some(last) = out.last_mut() {
        last.1 = word_end as u32;
    }
    true
}

/// Most words a printed struct or map (`{"Id": "a", "Total": 3}`) may span.
const MAX_STRUCT_WORDS: usize = 24;

/// Start of a printed struct, map or object in `w`, after an optional `key=` and opening
/// quote: `&Meta{`, `Meta{`, `{`, `map[`. `None` when `w` does not open one.
fn struct_open(w: &[u8]) -> Option<usize> {
    let mut i = 0;
    if let Some(eq) = w.iter().position(|&c| c == b'=') {
        if w[..eq]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
            && eq > 0
        {
            i = eq + 1;
        }
    }
    while i < w.len() && matches!(w[i], b'"' | b'(') {
        i += 1;
    }
    let start = i;
    if w.get(i) == Some(&b'&') {
        i += 1;
    }
    while i < w.len() && (w[i].is_ascii_alphanumeric() || matches!(w[i], b'_' | b'.')) {
        i += 1;
    }
    let named = i > start;
    match w.get(i) {
        Some(b'{') => Some(start),
        Some(b'[') if named && w[start..i] == *b"map" => Some(start),
        _ => None,
    }
}

/// Opening minus closing braces and brackets of `w`, quoted text skipped.
fn brace_depth(w: &[u8]) -> i32 {
    let mut depth = 0;
    for &c in w {
        match c {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The range of the printed struct in word `b[s..e]` (`&Meta{Name:a,Attempt:1,}`,
/// `{"Id": "a", "Total": 3}` once joined, `event={"ID":"x"}`), when the word holds one whole:
/// a value printed whole is one variable, whatever fields it shows.
pub fn struct_value(b: &[u8], s: usize, e: usize) -> Option<(usize, usize)> {
    let w = &b[s..e];
    // The cheap test first: a printed struct ends with its closing brace or bracket.
    let mut z = w.len();
    while z > 0 && matches!(w[z - 1], b',' | b';' | b'.' | b')' | b'"') {
        z -= 1;
    }
    if !matches!(w.get(z.wrapping_sub(1)), Some(b'}' | b']')) {
        return None;
    }
    let open = struct_open(w)?;
    if z <= open {
        return None;
    }
    let body = &w[open..z];
    if !matches!(body.last(), Some(b'}' | b']')) || brace_depth(body) != 0 {
        return None;
    }
    // Fields inside: `Name:a`, `"Id": 1`, `k=v`; `{}` or `{id}` alone is text.
    if !body.iter().any(|&c| matches!(c, b':' | b'=' | b',')) {
        return None;
    }
    Some((s + open, s + z))
}

/// The range of a bracketed list value in word `b[s..e]` when it is one whole field
/// `key=[...]` (`pods=[billing/search-7d9f8]`, `ids=[4,5]`), followed by nothing but `,` or
/// `;`: like a quoted value, the list is one variable as a whole, not split by what its
/// values share. The list must hold a digit or a `/` (`flags=[ro]` names a kind) and the key
/// must not be message-like.
pub fn list_field_value(b: &[u8], s: usize, e: usize) -> Option<(usize, usize)> {
    let w = &b[s..e];
    let mut z = w.len();
    while z > 0 && matches!(w[z - 1], b',' | b';') {
        z -= 1;
    }
    // The cheap test first: a list ends with its closing bracket.
    if z == 0 || w[z - 1] != b']' {
        return None;
    }
    let eq = w.iter().position(|&c| c == b'=')?;
    let key = &w[..eq];
    if !is_field_name(key) || is_message_key(key) || w.get(eq + 1) != Some(&b'[') || z < eq + 3 {
        return None;
    }
    let list = &w[eq + 1..z];
    if list.last() != Some(&b']') || brace_depth(list) != 0 {
        return None;
    }
    let inner = &list[1..list.len() - 1];
    let valuelike = inner.iter().any(|c| c.is_ascii_digit() || *c == b'/');
    (valuelike && !inner.contains(&b'"')).then_some((s + eq + 1, s + z))
}

/// Joins the words of each printed struct that spans several (`{"Id": "a", "Total": 3}`) into
/// one word, from word `from` on, so that it becomes one variable.
pub fn join_structs(b: &[u8], words: &mut Vec<(u32, u32)>, from: usize) {
    let mut i = from;
    while i < words.len() {
        let (s, e) = words[i];
        let w = &b[s as usize..e as usize];
        if matches!(
            w.first(),
            Some(b'{' | b'&' | b'A'..=b'Z' | b'm' | b'a'..=b'z')
        ) && w.iter().any(|&c| c == b'{' || c == b'[')
            && struct_open(w).is_some()
        {
            let mut depth = brace_depth(w);
            if depth > 0 {
                let mut j = i + 1;
                while j < words.len().min(i + MAX_STRUCT_WORDS) && depth > 0 {
                    let (a, z) = words[j];
                    depth += brace_depth(&b[a as usize..z as usize]);
                    j += 1;
                }
                if depth == 0 {
                    words[i].1 = words[j - 1].1;
                    words.drain(i + 1..j);
                }
            }
        }
        i += 1;
    }
}

/// A field's key as logfmt and klog write it: `[A-Za-z_][A-Za-z0-9_.-]*`.
fn is_field_name(key: &[u8]) -> bool {
    !key.is_empty()
        && (key[0].is_ascii_alphabetic() || key[0] == b'_')
        && key
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// True when `w` opens a single-quoted value it does not close (`reason='card`): the words
/// up to the one ending with `'` are the value. An apostrophe inside a word (`can't`) does not
/// close it, only one that ends a word.
fn opens_single_quoted_value(w: &[u8]) -> bool {
    let Some(eq) = w.iter().position(|&c| c == b'=') else {
        return false;
    };
    let key = &w[..eq];
    is_field_name(key)
        && !is_message_key(key)
        && w.get(eq + 1) == Some(&b'\'')
        && !closes_single_quote(&w[eq + 2..])
}

/// Whether a word ends a single-quoted value: its last character before `,` `;` `}` `]` is `'`.
fn closes_single_quote(w: &[u8]) -> bool {
    let mut z = w.len();
    while z > 0 && matches!(w[z - 1], b',' | b';' | b'}' | b']') {
        z -= 1;
    }
    z > 0 && w[z - 1] == b'\''
}

/// Most words a quoted `key="..."` value may span before it is left as separate words.
const MAX_QUOTED_WORDS: usize = 64;

/// Start of the value when `w` opens a quoted value that it does not close: `tag="View`,
/// `ua="Mozilla/5.0`. The key is a name (`[A-Za-z_][A-Za-z0-9_.-]*`) and not message-like.
fn opens_quoted_value(w: &[u8]) -> bool {
    let Some(eq) = w.iter().position(|&c| c == b'=') else {
        return false;
    };
    let key = &w[..eq];
    if !is_field_name(key) || is_message_key(key) || w.get(eq + 1) != Some(&b'"') {
        return false;
    }
    !has_unescaped_quote(&w[eq + 2..])
}

/// True when word `i` opens a bare quoted string (`"Mozilla/5.0 (X11; Linux x86_64)"`,
/// `"Pod status updated"`), which is one word of the template: one value when it holds a digit
/// or a `/`, else constant text. A request line (`"GET /x HTTP/1.1"`) keeps its own words.
fn opens_bare_value(b: &[u8], words: &[(u32, u32)], i: usize) -> bool {
    let (s, e) = words[i];
    let w = &b[s as usize..e as usize];
    if w.len() < 2 || w[0] != b'"' || has_unescaped_quote(&w[1..]) {
        return false;
    }
    let _ = (b, words);
    !crate::recognise::path::is_http_method(w)
}

fn has_unescaped_quote(w: &[u8]) -> bool {
    let mut i = 0;
    while i < w.len() {
        match w[i] {
            b'\\' => i += 2,
            b'"' => return true,
            _ => i += 1,
        }
    }
    false
}

/// Joins the words of each quoted string inside a JSON string (`\"Mozilla/5.0 (X11; Linux)\"`,
/// the quotes escaped) into one word, from word `from` on, as [`join_quoted_values`] does for
/// quoted strings in plain text. A request line (`\"GET /x HTTP/1.1\"`) keeps its own words.
fn join_escaped_strings(b: &[u8], words: &mut Vec<(u32, u32)>, from: usize) {
    let opens = |w: &[u8]| {
        let start = w.windows(2).position(|p| p == b"\\\"");
        match start {
            // The string opens the word (after the JSON field's `"key":"`, for the first word).
            Some(k) if k == 0 || w[..k].ends_with(b"\":\"") => {
                let rest = &w[k + 2..];
                !rest.windows(2).any(|p| p == b"\\\"")
                    && !crate::recognise::path::is_http_method(rest)
            }
            _ => false,
        }
    };
    let mut i = from;
    while i < words.len() {
        let (s, e) = words[i];
        if opens(&b[s as usize..e as usize]) {
            let close = (i + 1..words.len().min(i + MAX_QUOTED_WORDS)).find(|&j| {
                let (a, z) = words[j];
                b[a as usize..z as usize].windows(2).any(|p| p == b"\\\"")
            });
            if let Some(j) = close {
                words[i].1 = words[j].1;
                words.drain(i + 1..=j);
            }
        }
        i += 1;
    }
}

/// Joins the words of each quoted `key="a value with spaces"` into one word, from word `from`
/// on (logfmt and Android-style `key=value` lists). One value is one variable, however many
/// words it has: split, a user agent or a wakelock tag would give one template per length.
/// Values of message-like keys (`msg="..."`) stay split, since their words are the event.
pub fn join_quoted_values(b: &[u8], words: &mut Vec<(u32, u32)>, from: usize) {
    let mut i = from;
    while i < words.len() {
        let (s, e) = words[i];
        let w = &b[s as usize..e as usize];
        let single = opens_single_quoted_value(w);
        if single || opens_quoted_value(w) || opens_bare_value(b, words, i) {
            let close = (i + 1..words.len().min(i + MAX_QUOTED_WORDS)).find(|&j| {
                let (a, z) = words[j];
                let word = &b[a as usize..z as usize];
                if single {
                    closes_single_quote(word)
                } else {
                    has_unescaped_quote(word)
                }
            });
            if let Some(j) = close {
                words[i].1 = words[j].1;
                words.drain(i + 1..=j);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> Option<Vec<&str>> {
        let mut out = Vec::new();
        split_json_object(s.as_bytes(), 0, s.len(), &mut out, &mut None).then(|| {
            out.iter()
                .map(|&(a, z)| &s[a as usize..z as usize])
                .collect()
        })
    }

    #[test]
    fn fields_and_message_words() {
        assert_eq!(
            words(
                r#"{"level":"warn","msg":"Payment declined: insufficient funds","latency_ms":412}"#
            )
            .unwrap(),
            vec![
                r#"{"level":"warn","#,
                r#""msg":"Payment"#,
                "declined:",
                "insufficient",
                r#"funds","#,
                r#""latency_ms":412}"#
            ]
        );
        assert_eq!(
            words(r#"{"ua": "Mozilla/5.0 (X11; Linux)", "tags": ["a", "b c"], "n": 1}"#).unwrap(),
            vec![
                r#"{"ua": "Mozilla/5.0 (X11; Linux)","#,
                r#""tags": ["a", "b c"],"#,
                r#""n": 1}"#
            ]
        );
        assert_eq!(
            words(r#"{"msg":"done"}"#).unwrap(),
            vec![r#"{"msg":"done"}"#]
        );
        assert_eq!(words("{}").unwrap(), vec!["{}"]);
    }

    fn joined(s: &str) -> Vec<&str> {
        let b = s.as_bytes();
        let mut words = Vec::new();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            let st = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            if i > st {
                words.push((st as u32, i as u32));
            }
        }
        join_quoted_values(b, &mut words, 0);
        words
            .iter()
            .map(|&(a, z)| &s[a as usize..z as usize])
            .collect()
    }

    #[test]
    fn quoted_values_are_one_word() {
        assert_eq!(
            joined(r#"acquire lock=1, tag="View Lock", name=x"#),
            vec!["acquire", "lock=1,", r#"tag="View Lock","#, "name=x"]
        );
        assert_eq!(
            joined(r#"level=info msg="report generated" ua="Mozilla/5.0 (X11; Linux)" n=1"#),
            vec![
                "level=info",
                r#"msg="report"#,
                r#"generated""#,
                r#"ua="Mozilla/5.0 (X11; Linux)""#,
                "n=1"
            ]
        );
        assert_eq!(
            joined(r#"a="unterminated b c"#),
            vec![r#"a="unterminated"#, "b", "c"]
        );
        assert_eq!(
            joined(r#"x="one" y="t \"w\" o""#),
            vec![r#"x="one""#, r#"y="t \"w\" o""#]
        );
        // Single quotes as Python's repr writes them; an apostrophe inside a word stays.
        assert_eq!(
            joined("order_id=7 reason='card reported stolen' n=1"),
            vec!["order_id=7", "reason='card reported stolen'", "n=1"]
        );
        assert_eq!(
            joined("error='can't parse it' n=1"),
            vec!["error='can't parse it'", "n=1"]
        );
        assert_eq!(joined("it's fine"), vec!["it's", "fine"]);
    }

    #[test]
    fn rejects_what_is_not_an_object() {
        assert!(words(r#"{"a":1"#).is_none());
        assert!(words(r#"{a:1}"#).is_none());
        assert!(words(r#"{"a":"unterminated}"#).is_none());
        assert!(words(r#"{"a":1 "b":2}"#).is_none());
        assert!(words("not json").is_none());
    }

    #[test]
    fn the_first_level_value_is_found_on_the_way() {
        fn level_of(s: &str) -> Option<&str> {
            let (mut out, mut level) = (Vec::new(), None);
            split_json_object(s.as_bytes(), 0, s.len(), &mut out, &mut level)
                .then(|| level.map(|(a, z)| &s[a as usize..z as usize]))
                .flatten()
        }
        assert_eq!(
            level_of(r#"{"ts":"x","level":"warn","msg":"slow"}"#),
            Some("warn")
        );
        assert_eq!(
            level_of(r#"{"severity": "ERROR", "msg":"boom"}"#),
            Some("ERROR")
        );
        assert_eq!(level_of(r#"{"lvl":"debug","level":"info"}"#), Some("debug"));
        // Not a level name, not a string, or not a level key.
        assert_eq!(level_of(r#"{"level":"verbose-ish","msg":"x"}"#), None);
        assert_eq!(level_of(r#"{"level":3,"msg":"x"}"#), None);
        assert_eq!(level_of(r#"{"msg":"level warn"}"#), None);
        // A broken object gives no level and leaves what was found before.
        let s = r#"{"level":"warn","msg":"#;
        let mut level = Some((1, 2));
        assert!(!split_json_object(
            s.as_bytes(),
            0,
            s.len(),
            &mut Vec::new(),
            &mut level
        ));
        assert_eq!(level, Some((1, 2)));
        let mut level = None;
        assert!(!split_json_object(
            s.as_bytes(),
            0,
            s.len(),
            &mut Vec::new(),
            &mut level
        ));
        assert_eq!(level, None);
    }
}
