//! Splits one log line into tokens and each token into pieces: constant text, variables, and
//! "weak" candidates whose fate is decided later by the values seen across a cluster.
//!
//! The scanner is hand-written rather than a set of regexes because it runs once per byte of
//! every ingested line: at the target rate (millions of lines a second on one core) a regex pass
//! per recogniser would cost more than the whole miner. Each recogniser lives in
//! [`crate::recognise`] and is a small function over bytes with its own unit tests.

pub use crate::recognise::PieceKind;
use crate::recognise::{self, class, is_source_location, is_word_byte};
use crate::words::{is_close, is_open, is_space, split_words};

/// A byte range of the line with its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// What the bytes are.
    pub kind: PieceKind,
    /// Start offset in the line (bytes).
    pub start: u32,
    /// End offset in the line (bytes, exclusive).
    pub end: u32,
}

/// A whitespace-separated token (or several, when a multi-word timestamp was folded into one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Start offset in the line.
    pub start: u32,
    /// End offset in the line (exclusive).
    pub end: u32,
    /// Index of the first piece in [`ScannedLine::pieces`].
    pub first_piece: u32,
    /// Number of pieces.
    pub piece_count: u32,
    /// True when no white space separates it from the previous token (fields of a JSON object).
    pub glued: bool,
}

impl Token {
    /// The token's pieces.
    pub fn pieces<'p>(&self, pieces: &'p [Piece]) -> &'p [Piece] {
        let a = self.first_piece as usize;
        &pieces[a..a + self.piece_count as usize]
    }
}

/// Reusable buffers for scanning lines without allocating per line.
#[derive(Default, Debug, Clone)]
pub struct ScannedLine {
    /// Tokens of the last scanned line.
    pub tokens: Vec<Token>,
    /// Pieces of all tokens, in order.
    pub pieces: Vec<Piece>,
    /// Byte range of the level name found in the header (`INFO`, `warn`...), if any.
    pub level: Option<(u32, u32)>,
    /// Byte offset where the message starts (0 when the line has no header).
    pub message_start: u32,
    /// True when the scanned part of the line holds a byte below `!` that is not white space
    /// (a control character). Most lines hold none, and then their text needs no escaping in
    /// a cluster key.
    pub has_control: bool,
    /// True when the scanned part of the line holds a `"`. Most lines hold none, and then the
    /// message needs no search for quoted values.
    has_quote: bool,
    /// True when the scanned part of the line holds a `'` (a single-quoted value may open).
    has_apostrophe: bool,

    words: Vec<(u32, u32)>,
}

/// Lines longer than this are scanned only up to here: the rest becomes one variable, so a
/// pathological 256 KB event costs what a long line costs and still gets a template.
pub const MAX_SCANNED_BYTES: usize = 16 * 1024;

impl ScannedLine {
    /// Scans `line` into tokens and pieces, replacing what the buffers held.
    pub fn scan(&mut self, line: &str) {
        self.tokens.clear();
        self.pieces.clear();
        self.words.clear();
        let b = line.as_bytes();
        let limit = scan_limit(line);
        let flags = split_words(&b[..limit], &mut self.words);
        self.has_control = flags.control;
        self.has_quote = flags.quote;
        self.has_apostrophe = flags.apostrophe;
        let pipe_message = crate::header::pipe_header(b, &mut self.words);
        let header = crate::header::detect(b, &self.words);
        self.level = header.level;
        self.message_start = self.words.get(header.words).map_or(0, |w| w.0);
        if header.words == 0 {
            self.message_start = pipe_message.unwrap_or(0);
        }
        // A JSON object message: one word per field, message text word by word.
        let mut json_fields = false;
        if let (Some(&(first_start, _)), Some(&(_, last_end))) =
            (self.words.get(header.words), self.words.last())
        {
            if b[first_start as usize] == b'{' && b[last_end as usize - 1] == b'}' {
                let mut fields = Vec::new();
                if crate::structured::split_json_object(
                    b,
                    first_start as usize,
                    last_end as usize,
                    &mut fields,
                    &mut self.level,
                ) {
                    self.words.truncate(header.words);
                    self.words.extend_from_slice(&fields);
                    json_fields = true;
                }
            } else if ((self.has_quote || limit < b.len())
                && b[first_start as usize..].contains(&b'"'))
                || (self.has_apostrophe && opens_single_quote(&b[first_start as usize..limit]))
            {
                // `key="a quoted value"`: one word, however many spaces it holds.
                crate::structured::join_quoted_values(b, &mut self.words, header.words);
            }
        }
        // A printed struct (`&Meta{Name:a, Attempt:1}`) in a message that is not one JSON object.
        if !json_fields {
            if let Some(&(s, _)) = self.words.get(header.words) {
                // The crate's vectorised search: most messages hold no `{` and are read whole.
                if memchr::memchr(b'{', &b[s as usize..limit]).is_some() {
                    crate::structured::join_structs(b, &mut self.words, header.words);
                }
            }
        }
        if self.level.is_none() {
            let message = self.words.get(header.words..).unwrap_or_default();
            self.level = crate::level::logfmt_level(b, message);
        }
        let mut i = header.words;
        while i < self.words.len() {
            let first_piece = self.pieces.len() as u32;
            let (start, end);
            let date = recognise::time::date_run(b, &self.words[i..]);
            if let Some(run) = date {
                let (s, _) = self.words[i];
                let (_, e) = self.words[i + run.tokens - 1];
                start = s;
                end = e;
                push(
                    &mut self.pieces,
                    PieceKind::Literal,
                    s,
                    s + run.prefix as u32,
                );
                push(
                    &mut self.pieces,
                    PieceKind::Variable,
                    s + run.prefix as u32,
                    e - run.suffix as u32,
                );
                push(
                    &mut self.pieces,
                    PieceKind::Literal,
                    e - run.suffix as u32,
                    e,
                );
                i += run.tokens;
            } else {
                (start, end) = self.words[i];
                // Only a word that starts with `/` (or `http`) can be a request target: test
                // that first.
                let after_method = i > 0 && matches!(b.get(start as usize), Some(b'/' | b'h')) && {
                    let (ps, pe) = self.words[i - 1];
                    let prev = &b[ps as usize..pe as usize];
                    matches!(prev.last(), Some(c) if c.is_ascii_uppercase())
                        && recognise::path::is_http_method(prev)
                };
                if !(after_method
                    && recognise::path::http_target(
                        b,
                        start as usize,
                        end as usize,
                        &mut |k, a, z| push(&mut self.pieces, k, a as u32, z as u32),
                    ))
                {
                    classify_token(b, start as usize, end as usize, &mut self.pieces);
                } else {
                    coalesce(&mut self.pieces, first_piece as usize);
                }
                i += 1;
            }
            if date.is_some() {
                coalesce(&mut self.pieces, first_piece as usize);
            }
            // Every byte unit starts with one of these letters; most words stop here.
            let may_be_unit = matches!(
                b.get(start as usize),
                Some(b'B' | b'K' | b'M' | b'G' | b'T' | b'P' | b'b')
            );
            if may_be_unit && self.absorb_byte_unit(b, start, end, first_piece, i) {
                continue;
            }
            if b.get(start as usize) == Some(&b'(')
                && date.is_none()
                && self.absorb_size_aside(b, start, end, i)
            {
                i += 1;
                continue;
            }
            let piece_count = self.pieces.len() as u32 - first_piece;
            let glued = self.tokens.last().is_some_and(|t| t.end == start);
            self.tokens.push(Token {
                start,
                end,
                first_piece,
                piece_count,
                glued,
            });
        }
        let mut rest = limit;
        while rest < b.len() && is_space(b[rest]) {
            rest += 1;
        }
        if rest < b.len() {
            let first_piece = self.pieces.len() as u32;
            push(
                &mut self.pieces,
                PieceKind::Variable,
                rest as u32,
                b.len() as u32,
            );
            self.tokens.push(Token {
                start: rest as u32,
                end: b.len() as u32,
                first_piece,
                piece_count: 1,
                glued: false,
            });
        }
    }
}

impl ScannedLine {
    /// `size 16.0 KB,`: a byte unit written after a number is part of the value, because
    /// human-readable sizes pick their unit by magnitude (`16.0 B`, `2.1 KB`): keeping the
    /// unit would split one event by the size of its values. Time units are left alone
    /// (`took <*> ms`): code writes them as constants. Returns true when the token `b[start..end]`
    /// (whose pieces start at `first_piece`) was folded into the previous one.
    fn absorb_byte_unit(
        &mut self,
        b: &[u8],
        start: u32,
        end: u32,
        first_piece: u32,
        next: usize,
    ) -> bool {
        let w = &b[start as usize..end as usize];
        let core_len = w
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .unwrap_or(w.len());
        let unit = &w[..core_len];
        let is_byte_unit = matches!(
            unit,
            b"B" | b"KB" | b"MB" | b"GB" | b"TB" | b"PB" | b"KiB" | b"MiB" | b"GiB" | b"TiB"
        ) || (unit == b"bytes" && self.size_aside_at(b, next));
        if !is_byte_unit
            || !w[core_len..]
                .iter()
                .all(|c| matches!(c, b',' | b')' | b';' | b'.'))
        {
            return false;
        }
        let Some(prev) = self.tokens.last_mut() else {
            return false;
        };
        let last = (prev.first_piece + prev.piece_count) as usize - 1;
        let Some(piece) = self.pieces.get(last).copied() else {
            return false;
        };
        let numeric = b[piece.start as usize].is_ascii_digit();
        if piece.kind != PieceKind::Variable || piece.end != prev.end || !numeric {
            return false;
        }
        self.pieces.truncate(first_piece as usize);
        self.pieces[last].end = start + core_len as u32;
        if (core_len as u32) < end - start {
            self.pieces.push(Piece {
                kind: PieceKind::Literal,
                start: start + core_len as u32,
                end,
            });
            prev.piece_count += 1;
        }
        prev.end = end;
        true
    }
}

impl ScannedLine {
    /// `1,234 bytes (1.2 KB)`: a size written twice, the second in human units between
    /// brackets, is one value with the first: loggers add the aside only past some size, so
    /// keeping it would split one statement by the size of its values. The aside `b[start..end]`
    /// is `(<number>` and word `next` is `KB)` or the like; returns true when both were folded
    /// into the previous token (a size).
    /// True when word `k` starts a size aside (`(1.2 KB)`): `1,234 bytes` is then one value
    /// with it, where `423 bytes` alone keeps its constant unit (`<*> bytes`).
    fn size_aside_at(&self, b: &[u8], k: usize) -> bool {
        let Some(&(s, e)) = self.words.get(k) else {
            return false;
        };
        let w = &b[s as usize..e as usize];
        w.len() > 1
            && w[0] == b'('
            && w[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
            && self.words.get(k + 1).is_some_and(|&(a, z)| {
                let u = &b[a as usize..z as usize];
                u.contains(&b')') && u[0].is_ascii_uppercase()
            })
    }

    fn absorb_size_aside(&mut self, b: &[u8], start: u32, end: u32, next: usize) -> bool {
        let inner = &b[start as usize + 1..end as usize];
        if inner.is_empty() || !inner.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
            return false;
        }
        let Some(&(us, ue)) = self.words.get(next) else {
            return false;
        };
        let unit = &b[us as usize..ue as usize];
        let Some(close) = unit.iter().position(|&c| c == b')') else {
            return false;
        };
        let is_unit = matches!(
            &unit[..close],
            b"B" | b"KB" | b"MB" | b"GB" | b"TB" | b"KiB" | b"MiB" | b"GiB" | b"TiB"
        );
        let Some(prev) = self.tokens.last_mut() else {
            return false;
        };
        let last = (prev.first_piece + prev.piece_count) as usize - 1;
        let Some(piece) = self.pieces.get(last).copied() else {
            return false;
        };
        // The previous token must be a size that took its unit (`1,234 bytes`).
        let sized = piece.kind == PieceKind::Variable
            && piece.end == prev.end
            && b[piece.start as usize].is_ascii_digit()
            && b[piece.start as usize..piece.end as usize]
                .last()
                .is_some_and(u8::is_ascii_alphabetic);
        if !is_unit || !sized {
            return false;
        }
        // The aside's pieces (scanned as a token of their own) are dropped.
        let aside_end = us + close as u32 + 1;
        self.pieces.truncate(last + 1);
        self.pieces[last].end = aside_end;
        if aside_end < ue {
            self.pieces.push(Piece {
                kind: PieceKind::Literal,
                start: aside_end,
                end: ue,
            });
            prev.piece_count += 1;
        }
        prev.end = ue;
        true
    }
}

/// Where scanning stops: [`MAX_SCANNED_BYTES`], moved back to the white space before the word
/// it would cut (0 when the first 16 KB hold no white space: the whole line is one value).
fn scan_limit(line: &str) -> usize {
    if line.len() <= MAX_SCANNED_BYTES {
        return line.len();
    }
    let b = line.as_bytes();
    let mut limit = MAX_SCANNED_BYTES;
    while limit > 0 && !is_space(b[limit]) {
        limit -= 1;
    }
    limit
}

#[inline]
fn push(pieces: &mut Vec<Piece>, kind: PieceKind, start: u32, end: u32) {
    // Neighbouring literals of one token are joined by `coalesce`; joining here could glue the
    // first piece of a token to the last piece of the one before (JSON fields touch).
    if start < end {
        pieces.push(Piece { kind, start, end });
    }
}

/// Characters after which a new value may start inside a token (`uid=0`, `chdir(/p/x)`).
#[inline]
fn starts_value_after(c: u8) -> bool {
    matches!(
        c,
        b'(' | b'[' | b'{' | b'<' | b'>' | b'=' | b':' | b',' | b'"' | b'\'' | b'|' | b'@'
    )
}

/// A word of letters with ordinary punctuation around or inside it (`scoreboard`, `(ftpd):`,
/// `error(s)`, `restart.`) is template text, and most words of most logs are like that: this
/// check lets them skip every recogniser. Anything that could hold a value (digits, `=`, `/`,
/// `@`, inner `.` or `:`) or be one (`true`, `null`) takes the full path.
///
/// Also returns the OR of the classes of the word's bytes, for [`recognise::Marks`].
#[inline]
fn plain_word_classes(w: &[u8]) -> (bool, u8) {
    let Some((&last, head)) = w.split_last() else {
        return (true, 0);
    };
    let head_classes = class::of(head);
    let last_class = class::TABLE[last as usize];
    let classes = head_classes | last_class;
    // A `.` or `:` may end a plain word (`restart.`, `error:`), nothing else may.
    let plain = head_classes & class::NOT_PLAIN == 0
        && (last_class & class::NOT_PLAIN == 0 || matches!(last, b'.' | b':'));
    if !plain {
        return (false, classes);
    }
    // Booleans and nulls are values; they start with one of these letters.
    let core = w.iter().position(u8::is_ascii_alphabetic);
    let value_like = matches!(
        core.map(|k| w[k]),
        Some(b't' | b'f' | b'n' | b'u' | b'T' | b'F' | b'N')
    );
    (!value_like, classes)
}

/// Whether the message holds `='`, the start of a single-quoted field value
/// (`reason='card reported stolen'`); one vectorised search for `'`, most lines have none.
#[inline]
fn opens_single_quote(m: &[u8]) -> bool {
    memchr::memchr_iter(b'\'', m).any(|k| k > 0 && m[k - 1] == b'=')
}

/// Splits one whitespace token `b[s..e]` into pieces.
fn classify_token(b: &[u8], s: usize, e: usize, out: &mut Vec<Piece>) {
    let (plain, classes) = plain_word_classes(&b[s..e]);
    if plain {
        push(out, PieceKind::Literal, s as u32, e as u32);
        return;
    }
    // A quoted value, a printed struct and a list all end in punctuation (a quote, a
    // bracket, or `,`/`;` after one), and a source location holds a `:` and a `.`: most
    // words are neither, and these tests tell them in one step instead of four calls.
    let ends_in_punctuation = !b[e - 1].is_ascii_alphanumeric();
    let may_be_source = classes & (class::COLON | class::DOT) == class::COLON | class::DOT;
    if !ends_in_punctuation && !may_be_source {
        classify_plain_core(b, s, e, classes, out);
        return;
    }
    if let Some((vs, ve)) = ends_in_punctuation
        .then(|| crate::structured::quoted_field_value(b, s, e))
        .flatten()
    {
        // `pod="shop-prod/api-7d9f8"`, `"user":"ana@x.org"`: the value of a field is one
        // variable as a whole; what its values share (`shop-prod/`) is not template text.
        // A lone word of letters (`status="ready"`, `"level":"warn"`) names a kind or a
        // state and stays literal, so templates split by it as by any other word.
        let at = out.len();
        push(out, PieceKind::Literal, s as u32, vs as u32);
        // `"url":"/v2/orders/42"`: a request target keeps its route (see `http_target`).
        if b[vs] == b'/'
            && !b[vs..ve].contains(&b' ')
            && recognise::path::http_target(b, vs, ve, &mut |k, a, z| {
                push(out, k, a as u32, z as u32)
            })
        {
            push(out, PieceKind::Literal, ve as u32, e as u32);
            coalesce(out, at);
            return;
        }
        out.truncate(at);
        if vs == ve
            || crate::structured::is_kind_word(&b[vs..ve])
            || crate::structured::is_message_template(&b[vs..ve])
        {
            push(out, PieceKind::Literal, s as u32, e as u32);
        } else {
            push(out, PieceKind::Literal, s as u32, vs as u32);
            push(out, PieceKind::Variable, vs as u32, ve as u32);
            push(out, PieceKind::Literal, ve as u32, e as u32);
        }
        return;
    }
    if ends_in_punctuation {
        if let Some((vs, ve)) = crate::structured::struct_value(b, s, e) {
            push(out, PieceKind::Literal, s as u32, vs as u32);
            push(out, PieceKind::Variable, vs as u32, ve as u32);
            push(out, PieceKind::Literal, ve as u32, e as u32);
            return;
        }
        if let Some((vs, ve)) = crate::structured::list_field_value(b, s, e) {
            // `pods=[billing/search-7d9f8]`: a list value is one variable, as a quoted one is.
            push(out, PieceKind::Literal, s as u32, vs as u32);
            push(out, PieceKind::Variable, vs as u32, ve as u32);
            push(out, PieceKind::Literal, ve as u32, e as u32);
            return;
        }
    }
    if may_be_source && is_source_location(&b[s..e]) {
        // `kubelet.go:187]`, `caller=tailer.go:147`: where the statement is in its program's
        // source is the statement's identity, not a value.
        push(out, PieceKind::Literal, s as u32, e as u32);
        return;
    }
    classify_plain_core(b, s, e, classes, out);
}

/// Splits a token that is no quoted value, struct, list or source location into pieces: the
/// values of its core (the token less its surrounding punctuation) and literal text.
fn classify_plain_core(b: &[u8], s: usize, e: usize, classes: u8, out: &mut Vec<Piece>) {
    let mut cs = s;
    while cs < e && is_open(b[cs]) {
        cs += 1;
    }
    let mut ce = e;
    while ce > cs && is_close(b[ce - 1]) {
        ce -= 1;
    }
    // A trailing dot that belongs to a number (`2.`) is still punctuation; but `...0` is not
    // trailing, so nothing else to do here.
    let first = out.len();
    // The marks of the core: those of the whole token when no punctuation was trimmed.
    let marks = if cs == s && ce == e {
        recognise::Marks::from_classes(classes)
    } else {
        recognise::Marks::of(&b[cs..ce])
    };
    push(out, PieceKind::Literal, s as u32, cs as u32);
    classify_core(b, cs, ce, marks, out);
    push(out, PieceKind::Literal, ce as u32, e as u32);
    fold_compound_ids(b, &mut out[first..], cs, ce);
    coalesce(out, first);
}

fn classify_core(b: &[u8], cs: usize, ce: usize, marks: recognise::Marks, out: &mut Vec<Piece>) {
    let mut i = cs;
    while i < ce {
        let c = b[i];
        let at_value_start = i == cs || starts_value_after(b[i - 1]);
        if at_value_start && marks.any() {
            if let Some(end) = recognise::whole_value(b, i, ce, marks) {
                push(out, PieceKind::Variable, i as u32, end as u32);
                i = end;
                continue;
            }
        }
        let prev_is_word = i > cs && is_word_byte(b[i - 1]);
        if !prev_is_word
            && (c.is_ascii_digit()
                || (matches!(c, b'-' | b'+')
                    && i + 1 < ce
                    && b[i + 1].is_ascii_digit()
                    && (i == cs || !b[i - 1].is_ascii_alphanumeric())))
        {
            let end = recognise::number::numeric_run(b, i, ce);
            if let Some(unit_end) = recognise::number::micro_unit(b, end, ce) {
                push(out, PieceKind::Variable, i as u32, unit_end as u32);
                i = unit_end;
                continue;
            }
            if end < ce && is_word_byte(b[end]) {
                // Digits glued to letters: a unit (`250ms`) or a word such as `0064588e`.
                if let Some(unit_end) = recognise::number::unit_suffix(b, end, ce) {
                    push(out, PieceKind::Variable, i as u32, unit_end as u32);
                    i = unit_end;
                    continue;
                }
                let wend = recognise::word::word_end(b, i, ce);
                let kind = recognise::word::classify(&b[i..wend]);
                push(out, kind, i as u32, wend as u32);
                i = wend;
                continue;
            }
            push(out, PieceKind::Variable, i as u32, end as u32);
            i = end;
            continue;
        }
        if is_word_byte(c) {
            // A relative path needs two `/` inside the core.
            if !prev_is_word && marks.has_slash() {
                if let Some(end) = recognise::path::relative_path(b, i, ce) {
                    push(out, PieceKind::Variable, i as u32, end as u32);
                    i = end;
                    continue;
                }
            }
            let (wend, digits) = recognise::word::word_end_and_digits(b, i, ce);
            let w = &b[i..wend];
            let kind = match (digits, prev_is_word) {
                (false, _) => recognise::word::classify_digitless(w, !prev_is_word),
                (true, true) => recognise::word::classify(w),
                (true, false) => recognise::word::classify_value_word(w),
            };
            push(out, kind, i as u32, wend as u32);
            i = wend;
            continue;
        }
        // Punctuation, or any non-ASCII character: template text.
        let len = utf8_len(c);
        let end = (i + len).min(ce);
        push(out, PieceKind::Literal, i as u32, end as u32);
        i = end;
    }
}

#[inline]
fn utf8_len(c: u8) -> usize {
    match c {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1,
    }
}

/// Punctuation that joins the parts of one identifier (`R02-M1-N0`, `pkg~1.2~amd64~~0.0`).
#[inline]
fn is_id_joiner(c: u8) -> bool {
    matches!(c, b'-' | b'.' | b':' | b'_' | b'/' | b'~' | b'+' | b'#')
}

/// A token made of several variable or digit-bearing parts (`R02-M1-N0-C:J12-U11`,
/// `126176k/130112k`, `Package_for_KB2533552~31bf3856ad364e35~amd64~~6.1.1.0`) is one value: its
/// parts are not independent variables, and keeping them apart would split one event into as
/// many templates as the value has shapes.
fn fold_compound_ids(b: &[u8], pieces: &mut [Piece], cs: usize, ce: usize) {
    // Nothing to fold unless two pieces are not literal.
    let mut varlike = pieces.iter().filter(|p| p.kind != PieceKind::Literal);
    if varlike.nth(1).is_none() {
        return;
    }
    let first = pieces.iter().position(|p| p.kind != PieceKind::Literal);
    let last = pieces.iter().rposition(|p| p.kind != PieceKind::Literal);
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    let idish = |p: &Piece| {
        b[p.start as usize..p.end as usize]
            .iter()
            .all(|&c| is_id_joiner(c) || c.is_ascii_alphabetic())
    };
    // Only fold when the parts are joined by id punctuation, not by a key (`a=1,b2=3`).
    if !pieces[first..=last]
        .iter()
        .all(|p| p.kind != PieceKind::Literal || idish(p))
    {
        return;
    }
    // A word-like head or tail inside the same value belongs to it too (`Package-Name~<*>`).
    let mut lo = first;
    while lo > 0 && pieces[lo - 1].start as usize >= cs && idish(&pieces[lo - 1]) {
        lo -= 1;
    }
    let mut hi = last;
    while hi + 1 < pieces.len() && pieces[hi + 1].end as usize <= ce && idish(&pieces[hi + 1]) {
        hi += 1;
    }
    let (start, end) = if pieces[lo].start as usize == cs && pieces[hi].end as usize == ce {
        (pieces[lo].start, pieces[hi].end)
    } else {
        (pieces[first].start, pieces[last].end)
    };
    let (a, z) = if start == pieces[lo].start {
        (lo, hi)
    } else {
        (first, last)
    };
    pieces[a] = Piece {
        kind: PieceKind::Variable,
        start,
        end,
    };
    for p in &mut pieces[a + 1..=z] {
        // Emptied pieces are dropped by `coalesce`.
        *p = Piece {
            kind: PieceKind::Literal,
            start: end,
            end,
        };
    }
}

/// Drops empty pieces and joins neighbouring literals from `from` on.
#[inline]
fn coalesce(out: &mut Vec<Piece>, from: usize) {
    // `push` never adds an empty piece, so one piece has nothing to join or drop; that test is
    // inlined, since most tokens hold one piece.
    if out.len() > from + 1 {
        coalesce_pieces(out, from);
    }
}

/// [`coalesce`] for two pieces or more.
fn coalesce_pieces(out: &mut Vec<Piece>, from: usize) {
    let mut w = from;
    for r in from..out.len() {
        let p = out[r];
        if p.start >= p.end {
            continue;
        }
        if w > from
            && p.kind == PieceKind::Literal
            && out[w - 1].kind == PieceKind::Literal
            && out[w - 1].end == p.start
        {
            out[w - 1].end = p.end;
            continue;
        }
        out[w] = p;
        w += 1;
    }
    out.truncate(w);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Renders pieces as a template fragment: variables `<*>`, weak pieces in braces.
    fn shape(line: &str) -> String {
        let mut s = ScannedLine::default();
        s.scan(line);
        let mut out = Vec::new();
        for t in &s.tokens {
            let mut tok = String::new();
            for p in t.pieces(&s.pieces) {
                let text = &line[p.start as usize..p.end as usize];
                match p.kind {
                    PieceKind::Literal => tok.push_str(text),
                    PieceKind::Variable => tok.push_str("<*>"),
                    PieceKind::Weak => {
                        tok.push('{');
                        tok.push_str(text);
                        tok.push('}');
                    }
                }
            }
            out.push(tok);
        }
        out.join(" ")
    }

    #[test]
    fn numbers_ids_and_addresses_are_variables() {
        assert_eq!(
            shape("jk2_init() Found child 6725 in scoreboard slot 10"),
            "{jk2_init}() Found child <*> in scoreboard slot <*>"
        );
        assert_eq!(
            shape("blockMap updated: 10.251.73.220:50010 is added to blk_-7128370237687728475 size 67108864"),
            "blockMap updated: <*> is added to <*> size <*>"
        );
        assert_eq!(
            shape("Received block blk_3587508140051953248 of size 67108864 from /10.251.42.84"),
            "Received block <*> of size <*> from <*>"
        );
        assert_eq!(
            shape("session opened for user cyrus by (uid=0)"),
            "session opened for user cyrus by (uid=<*>)"
        );
        // A path right after a known host is one value with it (an image reference), also
        // inside brackets and before an escaped quote; a request line keeps its route.
        assert_eq!(
            shape("image(us.gcr.io/team-a/billing-api) is not from ACR"),
            "image(<*>) is not from ACR"
        );
        assert_eq!(
            shape(r#"msg="PullImage \"registry.example.com/shop/api:1.4.2\"""#),
            r#"msg="PullImage \"<*>\"""#
        );
        assert_eq!(
            shape("GET /v2/orders HTTP/1.1 from api.example.com"),
            "GET /v2/orders HTTP/<*> from <*>"
        );
    }

    #[test]
    fn multi_word_timestamps_are_one_variable() {
        assert_eq!(
            shape("connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005"),
            "connection from <*> (<*>) at <*>"
        );
        assert_eq!(
            shape("at [Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties"),
            "at [<*>] [notice] workerEnv.init() ok <*>"
        );
        assert_eq!(
            shape("2015-10-18 18:01:47,978 INFO [main]"),
            "<*> INFO [main]"
        );
    }

    #[test]
    fn compound_ids_fold_into_one_variable() {
        assert_eq!(shape("R02-M1-N0-C:J12-U11 RAS"), "<*> RAS");
        assert_eq!(shape("node-246 unix.hw"), "node-<*> unix.hw");
        assert_eq!(shape("Interconnect-0T00:00:2:1"), "Interconnect-<*>");
    }

    #[test]
    fn units_hex_and_words() {
        assert_eq!(
            shape("took 65020ms (threshold=30000ms)"),
            "took <*> (threshold=<*>)"
        );
        assert_eq!(shape("iar 003a90fc dear 00b360e8"), "iar <*> dear <*>");
        assert_eq!(shape("via interface ee0"), "via interface {ee0}");
        assert_eq!(
            shape("Order ord_8f3a91c2 persisted in 42 ms"),
            "Order <*> persisted in <*> ms"
        );
    }

    /// Pattern: a field's value is one variable, not split by what its values share.
    #[test]
    fn quoted_field_values_are_one_variable() {
        assert_eq!(
            shape(r#"sync.go:12] "Pod updated" pod="shop-prod/api-7d9f8" status="ready""#),
            r#"sync.go:12] "Pod updated" pod="<*>" status="ready""#
        );
        assert_eq!(
            shape(r#"sync.go:12] "Pod updated" pod="billing/worker-2" status="ready""#),
            r#"sync.go:12] "Pod updated" pod="<*>" status="ready""#
        );
        assert_eq!(
            shape(r#"{"level":"warn","user":"ana.x-2@mail.test","n":"3"}"#),
            r#"{"level":"warn", "user":"<*>", "n":"<*>"}"#
        );
        assert_eq!(shape(r#"secret="" op="x""#), r#"secret="" op="x""#);
        assert_eq!(
            shape(r#"{"logger":"c.e.api.OrderController","host":"ip-10-0-1-5"}"#),
            r#"{"logger":"c.e.api.OrderController", "host":"<*>"}"#
        );
    }

    /// Pattern: a list value (`pods=[ns/name-id]`) is one variable, like a quoted one.
    #[test]
    fn list_field_values_are_one_variable() {
        assert_eq!(
            shape(r#"kubelet.go:2414] "SyncLoop ADD" source="api" pods=[billing/search-7d9f8]"#),
            r#"kubelet.go:2414] "SyncLoop ADD" source="api" pods=<*>"#
        );
        assert_eq!(
            shape(r#"kubelet.go:2414] "SyncLoop ADD" source="api" pods=[kube-system/api-1]"#),
            r#"kubelet.go:2414] "SyncLoop ADD" source="api" pods=<*>"#
        );
        assert_eq!(shape("mount flags=[ro] done"), "mount flags=[ro] done");
        assert_eq!(shape("ids=[4,5], next"), "ids=<*>, next");
    }

    /// Pattern: a single-quoted value of several words is one variable.
    #[test]
    fn single_quoted_values_are_one_variable() {
        assert_eq!(
            shape(
                "payment declined order_id=8812 reason='suspected fraud detected by risk engine'"
            ),
            "payment declined order_id=<*> reason='<*>'"
        );
        assert_eq!(
            shape("payment declined order_id=8813 reason='card reported stolen'"),
            "payment declined order_id=<*> reason='<*>'"
        );
        assert_eq!(shape("it's done"), "it's done");
    }

    /// Pattern: the statement's own `file.go:157]` is constant text.
    #[test]
    fn source_locations_are_constant_text() {
        assert_eq!(
            shape("I0506 02:14:33.989684 8511 worker.go:157] done"),
            "worker.go:157] done"
        );
        assert_eq!(
            shape("ts=1 caller=tailer.go:147 level=info"),
            "ts=<*> caller=tailer.go:147 level=info"
        );
        assert_eq!(shape("at (Main.java:42)"), "at (Main.java:42)");
        // A host and port is still a value.
        assert_eq!(shape("to db.internal:5432"), "to <*>");
    }

    /// Pattern: an HTTP request keeps its method and route, in a field or in free text.
    #[test]
    fn http_requests_keep_method_and_route() {
        assert_eq!(
            shape(r#"msg="POST /ingest.v1.Pusher/Push (200) 33.5ms""#),
            r#"msg="POST /ingest.v1.Pusher/Push (<*>) <*>""#
        );
        assert_eq!(
            shape(r#"msg="GET /ingest?name=a&from=1 (200) 2.9ms""#),
            r#"msg="GET /ingest?<*> (<*>) <*>""#
        );
        assert_eq!(
            shape(r#"{"method":"GET","url":"/v2/carts/8812/items"}"#),
            r#"{"method":"GET", "url":"/v2/carts/<*>/items"}"#
        );
        assert_eq!(
            shape("HTTP GET /v2/carts/8812 responded 200"),
            "HTTP GET /v2/carts/<*> responded <*>"
        );
        assert_eq!(
            shape(r#"h2 "GET https://shop.test:443/v2/carts/8812 HTTP/2.0" 200"#),
            r#"{h2} "GET <*>/v2/carts/<*> HTTP/<*>" <*>"#
        );
        assert_eq!(
            shape(r#"{"req":{"method":"GET","url":"/v2/carts"},"msg":"done"}"#),
            r#"{"req":{"method":"GET", "url":"/v2/carts"}, "msg":"done"}"#
        );
    }

    /// A quoted string is one word: a value when it holds digits or a `/`, else text.
    #[test]
    fn bare_quoted_strings_are_one_word() {
        assert_eq!(
            shape(
                r#"10.0.0.1 "GET /a HTTP/1.1" 200 "-" "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101""#
            ),
            r#"<*> "GET /a HTTP/<*>" <*> "-" "<*>""#
        );
        assert_eq!(
            shape(r#"x.go:9] "Pod status updated" pod="a/b-1""#),
            r#"x.go:9] "Pod status updated" pod="<*>""#
        );
    }

    /// A word of the message that looks like a logger (`image x.io/a:1.2:`) after quoted text
    /// does not make the header run on.
    #[test]
    fn quoted_text_ends_the_header() {
        let mut s = ScannedLine::default();
        let line = r#"E0506 02:14:31.231151 8479 sync.go:13] "Sync failed" err="pull image x.io/lib/a:1.5.9: not found" pod="p-1""#;
        s.scan(line);
        assert_eq!(
            &line[s.message_start as usize..s.message_start as usize + 11],
            "sync.go:13]"
        );
    }

    /// A struct, map or object printed whole is one variable, however many words it spans.
    #[test]
    fn printed_structs_are_one_variable() {
        assert_eq!(
            shape("CreateContainer for container &Meta{Name:web,Attempt:3,}"),
            "CreateContainer for container <*>"
        );
        assert_eq!(
            shape(
                r#"[10:00:01 INF] Billed invoice 12 for {"Customer": "c-9", "Total": 12.5} in 4 ms"#
            ),
            "[<*> INF] Billed invoice <*> for <*> in <*> ms"
        );
        assert_eq!(shape("ready {} and {id}"), "ready {} and {id}");
    }

    /// Pattern: a size whose word count varies (`1,234 bytes (1.2 KB)`) is one value.
    #[test]
    fn message_templates_are_text_and_micro_units_are_values() {
        assert_eq!(
            shape(r#"{"@mt":"Queued {JobId} on {Queue}","@r":["x"],"Queue":"refunds"}"#),
            r#"{"@mt":"Queued {JobId} on {Queue}", "@r":["x"], "Queue":"refunds"}"#
        );
        assert_eq!(
            shape(r#"tpl="Took {Elapsed:0.00} ms" x="a {b""#),
            r#"tpl="Took {Elapsed:0.00} ms" x="<*>""#
        );
        assert_eq!(
            shape("p99=339.579µs p50=12μs took 3ms"),
            "{p99}=<*> {p50}=<*> took <*>"
        );
        assert_eq!(shape("x 339µsx"), "x <*>µsx");
    }

    #[test]
    fn sizes_with_an_aside_are_one_value() {
        assert_eq!(
            shape("sent 18,871,663 bytes (18.9 MB), done"),
            "sent <*>, done"
        );
        assert_eq!(shape("sent 423 bytes, done"), "sent <*> bytes, done");
    }

    /// Pattern: header times of unpadded shapes are header times.
    #[test]
    fn unpadded_header_times_are_headers() {
        let mut s = ScannedLine::default();
        let line = "20240506-3:7:6:126|Sync|4711|queue length 76";
        s.scan(line);
        assert_eq!(&line[s.message_start as usize..], "queue length 76");
    }

    /// After a header time, a long number is a value of the message, not an epoch column.
    #[test]
    fn long_numbers_after_a_time_are_message() {
        let mut s = ScannedLine::default();
        let line = "2024-05-06T05:45:53Z 7 [Note] Aborted connection 1234567890 to db: 'x'";
        s.scan(line);
        assert!(
            line[s.message_start as usize..].contains("Aborted"),
            "{}",
            &line[s.message_start as usize..]
        );
    }

    #[test]
    fn huge_and_odd_lines_do_not_panic() {
        let mut s = ScannedLine::default();
        let long = "é".repeat(200_000);
        s.scan(&long);
        assert!(!s.tokens.is_empty());
        s.scan("");
        assert!(s.tokens.is_empty());
        s.scan("\u{fffd}\u{fffd} ( [ = : 0x 0x1 -- -1- 1e 1.2.");
        assert!(!s.tokens.is_empty());
    }
}
