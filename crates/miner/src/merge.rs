//! Joins clusters that are one template with a variable word in it.
//!
//! Exact-shape clusters split `session closed for user cyrus` from `... user root`: the user
//! name is a plain word, which no recogniser can call a variable. Two clusters of the same
//! length that differ in exactly one word position are joined when enough constant words
//! surround that position: with few constant words around it, the differing word is more likely
//! the meaning of the line (`Link error` / `Link ok`, `VM Started` / `VM Paused`) than a value.

use crate::cluster::{Cluster, ShapePiece};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// Knobs of the merge step. The defaults are what lognoise is measured with.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MergeConfig {
    /// Constant words (tokens with a letter and no variable) that two clusters must share
    /// around the one word where they differ before that word is taken for a variable.
    pub min_shared_words: usize,
    /// When the differing word is the first word of the line, how many constant words must be
    /// shared: the first word is often the subject or verb of the message.
    pub min_shared_words_first: usize,
    /// Distinct words needed at a position before it is taken for a variable: two values are
    /// as often two outcomes (`started` / `stopped`) as two samples of a value.
    pub min_distinct_words: usize,
    /// Constant words shared around a position where some lines have a variable and others a
    /// word or nothing (`chdir(<*>)` / `chdir(pwd)`, `(<*>)` / `()`): the variable is already
    /// known there, so less context is needed to take the word for one of its values.
    pub min_shared_words_subsumed: usize,
}

impl Default for MergeConfig {
    fn default() -> Self {
        MergeConfig {
            min_shared_words: 3,
            min_shared_words_first: 4,
            min_distinct_words: 3,
            min_shared_words_subsumed: 2,
        }
    }
}

/// A position whose distinct words, squared and times this, fall short of its lines is a
/// word of a few kinds (states, outcomes), not a variable: 4 values over 200 lines stay apart,
/// 10 values over 200 lines merge.
const KIND_LINES_PER_VALUE: u64 = 4;

/// Distinct words at a position from which two shared words of context are enough to take
/// the position for a variable (see [`MergeConfig::min_shared_words_subsumed`]).
const MANY_DISTINCT_WORDS: usize = 6;

/// True when the first letter of `text` (after quotes, brackets and a `key=` or JSON
/// `"key":`) is upper case: the value's case, not its key's (`"Queue":"refunds"`).
fn starts_upper(text: &str) -> bool {
    value_part(text)
        .trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        .starts_with(|c: char| c.is_ascii_uppercase())
}

/// A token's text after a `key=` or a JSON `"key":`: the value, whose shape tells what the
/// word is rather than its key's.
fn value_part(text: &str) -> &str {
    let t = text.rsplit_once('=').map_or(text, |(_, v)| v);
    t.rsplit_once("\":").map_or(t, |(_, v)| v)
}

/// The word of `text` without quotes, brackets and a `key=` or JSON `"key":`.
fn bare_word(text: &str) -> &str {
    value_part(text).trim_matches(|c: char| !c.is_ascii_alphanumeric())
}

/// True when the word of `text` (after quotes, brackets and a `key=` or JSON `"key":`) is
/// letters only, starts upper case and has an upper-case letter after a lower-case one
/// (`StartContainer`): an identifier joined from words, as code names its operations.
fn is_compound_name(text: &str) -> bool {
    let b = bare_word(text).as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().all(u8::is_ascii_alphabetic)
        && b.windows(2)
            .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
}

/// True when the word of `text` (after quotes, brackets and a `key=` or JSON `"key":`) is a
/// capitalised word of letters inflected as a verb (`Started`, `Paused`, `Stopping`): a word
/// that says what happened, where names taken as values (`root`, `Alice`) are not inflected.
fn is_event_verb(text: &str) -> bool {
    let w = bare_word(text);
    let b = w.as_bytes();
    b.len() >= 5
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b[1..].iter().all(u8::is_ascii_lowercase)
        && (w.ends_with("ed") || w.ends_with("ing"))
}

/// Union-find over cluster indices.
pub struct Groups {
    parent: Vec<u32>,
}

impl Groups {
    /// One group per cluster.
    pub fn new(n: usize) -> Self {
        Groups {
            parent: (0..n as u32).collect(),
        }
    }

    /// The representative of `x`'s group.
    pub fn find(&mut self, x: u32) -> u32 {
        let mut r = x;
        while self.parent[r as usize] != r {
            r = self.parent[r as usize];
        }
        let mut x = x;
        while self.parent[x as usize] != r {
            let next = self.parent[x as usize];
            self.parent[x as usize] = r;
            x = next;
        }
        r
    }

    /// Puts `a` and `b` in one group; the smaller index represents it, which keeps the result
    /// independent of the order of unions.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }
}

/// Hash of one token's shape (what the cluster key holds for it).
fn token_hash(pieces: &[ShapePiece], weak_first: impl Fn(u32) -> u64) -> u64 {
    let mut h = Xxh3::new();
    for p in pieces {
        match p {
            ShapePiece::Literal(s) => {
                h.update(b"L");
                h.update(s.as_bytes());
            }
            ShapePiece::Variable(_) => h.update(b"\x01"),
            ShapePiece::Weak(w) => {
                h.update(b"\x02");
                h.update(&weak_first(*w).to_le_bytes());
            }
        }
    }
    h.digest()
}

/// True when a token may be taken for a variable word: no always-variable piece, some word text.
/// An HTTP method (`GET`, `"POST`), a request route (`/v2/orders`) or a statement's own
/// `file.go:N]` never is: they say what happened or which statement spoke, and reviewers decide per method and route however many of them there are.
fn is_word_token(pieces: &[ShapePiece]) -> bool {
    if let [ShapePiece::Literal(s), ..] = pieces {
        let core = s.trim_start_matches(['"', '\'', '(', '[']);
        if core.starts_with('/')
            || crate::recognise::path::is_http_method(core.as_bytes())
            || (pieces.len() == 1 && crate::recognise::is_source_location(s.as_bytes()))
        {
            return false;
        }
    }
    let mut has_word = false;
    for p in pieces {
        match p {
            ShapePiece::Variable(_) => return false,
            ShapePiece::Weak(_) => has_word = true,
            ShapePiece::Literal(s) => {
                if s.bytes().any(|c| c.is_ascii_alphanumeric()) || s.bytes().any(|c| c >= 0x80) {
                    has_word = true;
                }
            }
        }
    }
    has_word
}

/// True when a piece is a variable in this cluster: always-variable, or a weak word that took
/// two values.
fn is_var_piece(c: &Cluster, p: &ShapePiece) -> bool {
    match p {
        ShapePiece::Variable(_) => true,
        ShapePiece::Weak(w) => c.weak[*w as usize].varies,
        ShapePiece::Literal(_) => false,
    }
}

/// A token that is one variable with constant text around it: `(<*>)`, `chdir(<*>)`, `<*>:`.
/// Returns its literal prefix and suffix.
fn pattern_of(c: &Cluster, t: usize) -> Option<(&str, &str)> {
    let pieces = c.token(t);
    let vars = pieces.iter().filter(|p| is_var_piece(c, p)).count();
    let literals = pieces
        .iter()
        .filter(|p| matches!(p, ShapePiece::Literal(_)))
        .count();
    if vars != 1 || vars + literals != pieces.len() {
        return None;
    }
    match pieces {
        [_] => Some(("", "")),
        [ShapePiece::Literal(a), _] => Some((a, "")),
        [_, ShapePiece::Literal(z)] => Some(("", z)),
        [ShapePiece::Literal(a), _, ShapePiece::Literal(z)] => Some((a, z)),
        _ => None,
    }
}

/// `-` or `"-"` (`\"-\"` inside a JSON string, followed by the string's closing quote and
/// the field's comma when it ends the string): the placeholder access logs write for a
/// missing value.
fn is_placeholder(pieces: &[ShapePiece]) -> bool {
    let [ShapePiece::Literal(s)] = pieces else {
        return false;
    };
    matches!(&**s, "-" | "\"-\"")
        || s.strip_prefix("\\\"-\\\"")
            .is_some_and(|end| matches!(end, "" | "\"" | "\"," | "\"}"))
}

/// A token with constant text of two letters or more (`rt=<*>`, `uct="<*>"`, `GET`).
fn has_letters(pieces: &[ShapePiece]) -> bool {
    pieces.iter().any(|p| match p {
        ShapePiece::Literal(s) => s.bytes().filter(u8::is_ascii_alphabetic).count() >= 2,
        _ => false,
    })
}

/// Empty brackets or quotes: `()`, `[]`, `""`, `''`, `{}`, `<>`.
fn is_empty_token(pieces: &[ShapePiece]) -> bool {
    matches!(pieces, [ShapePiece::Literal(s)] if matches!(&**s, "()" | "[]" | "\"\"" | "''" | "{}" | "<>"))
}

/// The plain text of a token, variables as `<*>`, weak words by their first value (or `<*>`
/// once they vary).
fn token_text(c: &Cluster, t: usize) -> String {
    let mut s = String::new();
    for p in c.token(t) {
        match p {
            ShapePiece::Literal(l) => s.push_str(l),
            ShapePiece::Variable(_) => s.push_str("<*>"),
            ShapePiece::Weak(w) => {
                let slot = &c.weak[*w as usize];
                s.push_str(if slot.varies { "<*>" } else { &slot.first });
            }
        }
    }
    s
}

/// When some members hold a variable at `p` (`chdir(<*>)`) and every other member's token fits
/// around it (`chdir(pwd)`, `chdir(<*>.rts)`, or `()` for `(<*>)`), returns true: those lines
/// are values of that variable.
fn subsumed(clusters: &[Cluster], members: &[u32], p: usize) -> bool {
    subsumed_one_variable(clusters, members, p) || subsumed_route(clusters, members, p)
}

/// `/v2/carts/usr_goalga/items/<*>` where others have `/v2/carts/<*>/items/<*>`: a request
/// route with ids in several segments. Every member must fit the route with the most
/// variables, each id segment filled by a generated id.
fn subsumed_route(clusters: &[Cluster], members: &[u32], p: usize) -> bool {
    let texts: Vec<String> = members
        .iter()
        .map(|&m| token_text(&clusters[m as usize], p))
        .collect();
    let Some(general) = texts
        .iter()
        .filter(|t| t.contains("/<*>"))
        .max_by_key(|t| (t.matches("<*>").count(), std::cmp::Reverse(t.len())))
    else {
        return false;
    };
    let parts: Vec<&str> = general.split("<*>").collect();
    texts.iter().all(|t| fits_route(&parts, t))
}

/// True when `text` is `parts` joined by id segments (or by variables of its own).
fn fits_route(parts: &[&str], text: &str) -> bool {
    let Some((first, rest)) = parts.split_first() else {
        return false;
    };
    let Some(mut tail) = text.strip_prefix(first) else {
        return false;
    };
    for (k, part) in rest.iter().enumerate() {
        let core_len = if k + 1 == rest.len() {
            match tail.strip_suffix(part) {
                Some(core) => core.len(),
                None => return false,
            }
        } else if part.is_empty() {
            return false;
        } else {
            match tail.find(part) {
                Some(i) => i,
                None => return false,
            }
        };
        let core = &tail[..core_len];
        if !(core == "<*>" || is_generated_segment(core)) {
            return false;
        }
        tail = &tail[core_len + part.len()..];
    }
    tail.is_empty()
}

/// [`subsumed`] for a token that is one variable with constant text around it.
fn subsumed_one_variable(clusters: &[Cluster], members: &[u32], p: usize) -> bool {
    // The most general pattern present: the least constant text around the variable.
    let Some((prefix, suffix)) = members
        .iter()
        .filter_map(|&m| pattern_of(&clusters[m as usize], p))
        .min_by_key(|(a, z)| (a.len() + z.len(), *a, *z))
    else {
        return false;
    };
    let fits = |m: u32| {
        let text = token_text(&clusters[m as usize], p);
        if text.len() < prefix.len() + suffix.len()
            || !text.starts_with(prefix)
            || !text.ends_with(suffix)
        {
            return false;
        }
        let core = &text[prefix.len()..text.len() - suffix.len()];
        // A static HTTP route (`/health`) is kept apart on purpose (see `http_target`).
        if core.starts_with('/') && !core.contains("<*>") {
            return false;
        }
        // Where the variable fills a path segment (`/v2/carts/<*>/items`), only an id fits it
        // (`usr_qfyooo`): a word there (`/v2/orders/summary`) is a route of its own.
        if prefix.ends_with('/') && !core.contains("<*>") && !is_generated_segment(core) {
            return false;
        }
        // Nothing between brackets is an empty value; punctuation alone (`****`) is not a value.
        // `-` is the placeholder access logs write for a missing value (`"-"`).
        (core.is_empty() && !(prefix.is_empty() && suffix.is_empty()))
            || core == "-"
            || core.bytes().any(|c| c.is_ascii_alphanumeric() || c == b'*')
    };
    members.iter().all(|&m| fits(m))
}

/// A path segment written as generated ids are: a joiner or a digit in it (`usr_qfyooo`,
/// `a7f3`), no further `/`.
fn is_generated_segment(core: &str) -> bool {
    !core.contains('/')
        && core
            .bytes()
            .any(|c| c.is_ascii_digit() || c == b'_' || c == b'-')
}

/// A token whose constant text holds a `/`: a request route or a path a variable of other
/// lines may stand for (`/v2/carts/usr_qfyooo/items` where others have `/v2/carts/<*>/items`).
fn is_literal_route(pieces: &[ShapePiece]) -> bool {
    pieces
        .iter()
        .any(|p| matches!(p, ShapePiece::Literal(s) if s.contains('/')))
}

/// `cart token:<*>` / `cart rate:<*>` / `cart <*>`, `partition payments-<*>` / `partition
/// audit-log-<*>`: when every member holds one variable at `p` with a word glued to it by the
/// same joiner (or none), and the words differ, the words are part of the value (what some of
/// its values share), not template text. What surrounds the value on its other side must be
/// the same in every member (a JSON string's closing `","`). Keys (`user=`, `"id":`), routes
/// and brackets are not such words.
fn affixed_values(clusters: &[Cluster], members: &[u32], p: usize) -> bool {
    // Per member: the literal text before and after its one variable. A member whose value
    // was a plain word (`cart:abmzhrfp",`) is read as its glued word and the same text after.
    let mut sides: Vec<(&str, &str)> = Vec::with_capacity(members.len());
    let mut words: Vec<&str> = Vec::new();
    for &m in members {
        let pieces = clusters[m as usize].token(p);
        match (around_variable(pieces), pieces) {
            (Some(side), _) => sides.push(side),
            (None, [ShapePiece::Literal(w)]) => words.push(w),
            _ => return false,
        }
    }
    let Some(&(_, after)) = sides.first() else {
        return false;
    };
    let sides_of_words = sides.len();
    for w in words {
        match w.strip_suffix(after).and_then(split_glued_word) {
            Some(affix) => sides.push((affix, after)),
            None => return false,
        }
    }
    affixed_on(&sides, true) || (sides.len() == sides_of_words && affixed_on(&sides, false))
}

/// `cart:abmzhrfp` as its glued word `cart:`: the text up to the last joiner, when what
/// follows it is one word of letters and digits.
fn split_glued_word(w: &str) -> Option<&str> {
    let at = w.rfind([':', '-', '_', '.'])?;
    let core = &w[at + 1..];
    (!core.is_empty() && core.bytes().all(|c| c.is_ascii_alphanumeric()))
        .then(|| &w[..=at])
        .filter(|affix| glued_word(affix, true).is_some())
}

/// The literal text before and after the one variable (or weak word) of a token, each at
/// most one piece: `token:<*>","` gives `("token:", "\",")`.
fn around_variable(pieces: &[ShapePiece]) -> Option<(&str, &str)> {
    // A weak word (`ny0espyv`) counts as the variable even where it took one value.
    let k = pieces
        .iter()
        .position(|x| matches!(x, ShapePiece::Variable(_) | ShapePiece::Weak(_)))?;
    fn literal(x: Option<&ShapePiece>) -> Option<&str> {
        match x {
            None => Some(""),
            Some(ShapePiece::Literal(s)) => Some(s),
            Some(_) => None,
        }
    }
    if k > 1 || pieces.len() > k + 2 {
        return None;
    }
    Some((
        literal(k.checked_sub(1).map(|i| &pieces[i]))?,
        literal(pieces.get(k + 1))?,
    ))
}

/// [`affixed_values`] on one side of the variable (`prefix`: the words before it): the other
/// side is the same in every member, the affixes differ, and every affix is a word glued to
/// the value by one joiner.
fn affixed_on<'a>(sides: &[(&'a str, &'a str)], prefix: bool) -> bool {
    // (affix, other side) of each member.
    let picked: Vec<(&'a str, &'a str)> = sides
        .iter()
        .map(|&(a, z)| if prefix { (a, z) } else { (z, a) })
        .collect();
    let Some((first_affix, first_other)) = picked.first() else {
        return false;
    };
    if !picked.iter().all(|(_, o)| o == first_other) || picked.iter().all(|(a, _)| a == first_affix)
    {
        return false;
    }
    let mut joiners = picked
        .iter()
        .filter(|(a, _)| !a.is_empty())
        .map(|(a, _)| glued_word(a, prefix));
    let Some(Some(first)) = joiners.next() else {
        return false;
    };
    joiners.all(|j| j == Some(first))
}

/// The joiner of a word glued to a value (`token:`, `audit-log-` before it, `-old` after it),
/// or `None` when `a` is not such a word.
fn glued_word(a: &str, prefix: bool) -> Option<u8> {
    let joiner = if prefix {
        a.bytes().last()
    } else {
        a.bytes().next()
    }?;
    let ok = matches!(joiner, b':' | b'-' | b'_' | b'.')
        && a.len() > 1
        && a.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'_' | b'.'))
        && a.bytes().any(|c| c.is_ascii_alphabetic())
        // One joiner at a time (`audit-log-`); a run of dots (`dcbf.........`) is a label's
        // padding.
        && !a
            .as_bytes()
            .windows(2)
            .any(|w| !w[0].is_ascii_alphanumeric() && !w[1].is_ascii_alphanumeric());
    ok.then_some(joiner)
}

/// A constant word: literal text with a letter in it.
fn is_constant_word(pieces: &[ShapePiece]) -> bool {
    pieces.iter().all(|p| matches!(p, ShapePiece::Literal(_)))
        && pieces.iter().any(|p| match p {
            ShapePiece::Literal(s) => s.bytes().any(|c| c.is_ascii_alphabetic()),
            _ => false,
        })
}

/// A constant label that introduces a detail: a word ending with `:` (`declined:`).
fn is_label_word(c: &Cluster, t: usize) -> bool {
    match c.token(t) {
        [ShapePiece::Literal(s)] => {
            s.len() > 1
                && s.ends_with(':')
                && s[..s.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'-' | b'"'))
        }
        _ => false,
    }
}

/// A value closed by a colon (`request 42:`, `order ord_8f3a:`): what follows it is the
/// detail of that value, as after a label.
fn is_value_then_colon(c: &Cluster, t: usize) -> bool {
    match c.token(t) {
        [.., p, ShapePiece::Literal(s)] => &**s == ":" && is_var_piece(c, p),
        _ => false,
    }
}

/// True when a token closes a quoted string (`funds"`, `declined",`): the end of a JSON value.
fn closes_string(c: &Cluster, t: usize) -> bool {
    match c.token(t).last() {
        Some(ShapePiece::Literal(s)) => {
            let s = s.trim_end_matches([',', '}', ']']);
            s.ends_with('"') && s.len() > 1
        }
        _ => false,
    }
}

/// Most words a free-text detail may have to be taken for one variable.
const MAX_TAIL_WORDS: usize = 8;

/// `Payment declined: insufficient funds` / `Payment declined: card declined`: after a constant
/// label, a short phrase of plain words that differs from line to line is the detail of one
/// event, whatever its length. The phrase runs to the end of the message, or of its JSON string.
fn merge_tails_after_label(
    clusters: &[Cluster],
    token_hashes: &[Vec<u64>],
    config: &MergeConfig,
    groups: &mut Groups,
) {
    let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (ci, c) in clusters.iter().enumerate() {
        let n = c.token_count();
        let hashes = &token_hashes[ci];
        for q in 1..n.saturating_sub(1) {
            if !is_label_word(c, q) {
                continue;
            }
            // The tail: plain words up to the end, or up to the word that closes the string.
            let mut e = q + 1;
            let mut ok = true;
            while e < n {
                if !is_constant_word(c.token(e)) && !is_punctuation(c.token(e)) {
                    ok = false;
                    break;
                }
                if closes_string(c, e) {
                    break;
                }
                e += 1;
            }
            let e = e.min(n - 1);
            if !ok || e - q > MAX_TAIL_WORDS {
                continue;
            }
            let mut h = Xxh3::new();
            h.update(b"tail");
            for &x in &hashes[..=q] {
                h.update(&x.to_le_bytes());
            }
            h.update(b"|");
            for &x in &hashes[e + 1..] {
                h.update(&x.to_le_bytes());
            }
            // The string's closing punctuation must agree too.
            if let Some(ShapePiece::Literal(last)) = c.token(e).last() {
                let close = last.trim_start_matches(|ch: char| ch != '"');
                h.update(close.as_bytes());
            }
            buckets.entry(h.digest()).or_default().push(ci as u32);
            break;
        }
    }
    union_buckets(&buckets, groups, |members| {
        let first = &clusters[members[0] as usize];
        let label = (1..first.token_count())
            .find(|&t| is_label_word(first, t))
            .unwrap_or(0);
        // The label needs a subject before it: `Payment declined:`, not `SQM:`.
        let words_before = (0..label)
            .filter(|&t| is_constant_word(first.token(t)))
            .count();
        // One word taking two values after the label (`checkpoint starting: time` / `wal`)
        // names two causes; a detail keeps taking new forms, or forms of several lengths.
        let lengths_vary = members
            .iter()
            .any(|&m| clusters[m as usize].token_count() != first.token_count());
        words_before + 1 >= config.min_shared_words_subsumed
            && (lengths_vary || members.len() >= MIN_LABELLED_TAIL_VARIANTS)
    });
}

/// Forms a free-text detail must take before it is taken for one variable: Loghub-style
/// logs print a handful of fixed reasons (`Bye Bye`, `Permission denied`) that stay apart.
const MIN_TAIL_VARIANTS: usize = 5;

/// Forms a detail right after a label must take before it is one variable.
const MIN_LABELLED_TAIL_VARIANTS: usize = 3;

/// Most words a free-text detail may have.
const MAX_FREE_TAIL_WORDS: usize = 24;

/// `Posting <*> retried after upstream returned an empty response` / `... after permission
/// denied`: after enough constant words, a phrase of plain words that runs to the end of the
/// message (or of its JSON string) and takes several forms of several lengths, is one
/// variable: an error reason, an exception's text, a subject line. A single word that takes two
/// values (`tail routine: started` / `exited`) is left to the word-by-word merge, which keeps
/// states apart.
fn merge_free_text_tails(
    clusters: &[Cluster],
    token_hashes: &[Vec<u64>],
    config: &MergeConfig,
    groups: &mut Groups,
) {
    // (bucket key) -> members with their tail length.
    let mut buckets: FxHashMap<u64, Vec<(u32, usize, bool)>> = FxHashMap::default();
    for (ci, c) in clusters.iter().enumerate() {
        let n = c.token_count();
        let hashes = &token_hashes[ci];
        // A tail ends at the end of the line or at the word that closes a quoted string.
        for last in 0..n {
            if last + 1 != n && !closes_string(c, last) {
                continue;
            }
            // The run of plain words that ends at `last`. After a label (`statement:`), the
            // detail may hold values of its own (a query with its parameters).
            // The first label within reach: a detail may hold labels of its own
            // (`<*>: ValueError: invalid literal for int() with base 10: 'abc'`).
            let label_at = (last.saturating_sub(MAX_FREE_TAIL_WORDS).max(1)..=last)
                .find(|&t| is_label_word(c, t) || is_value_then_colon(c, t))
                .unwrap_or(0);
            let after_label = label_at > 0 && last + 1 - label_at <= MAX_FREE_TAIL_WORDS;
            // Right after a label word, fewer forms are enough. A value closed by a colon
            // allows values in its detail, but takes as many forms as free text does:
            // `from <*>: Bye Bye` is one of a few fixed reasons.
            let labelled = |q: usize| after_label && q > label_at && is_label_word(c, q - 1);
            let mut first = last + 1;
            while first > 0
                && last + 2 - first <= MAX_FREE_TAIL_WORDS
                && (is_constant_word(c.token(first - 1))
                    || is_punctuation(c.token(first - 1))
                    || (after_label && first - 1 > label_at))
            {
                first -= 1;
            }
            let mut h0 = Xxh3::new();
            h0.update(b"free-tail");
            for &x in &hashes[last + 1..] {
                h0.update(&x.to_le_bytes());
            }
            // The string's closing punctuation must agree too.
            if let Some(ShapePiece::Literal(l)) = c.token(last).last() {
                let close = l.trim_start_matches(|ch: char| ch != '"');
                h0.update(close.as_bytes());
            }
            for q in first.max(1)..=last {
                let shared = (0..q).filter(|&t| is_constant_word(c.token(t))).count();
                if shared < config.min_shared_words {
                    continue;
                }
                let mut h = h0.clone();
                h.update(b"|");
                for &x in &hashes[..q] {
                    h.update(&x.to_le_bytes());
                }
                h.update(&[u8::from(labelled(q))]);
                buckets
                    .entry(h.digest())
                    .or_default()
                    .push((ci as u32, last + 1 - q, labelled(q)));
            }
        }
    }
    let mut keys: Vec<u64> = buckets.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let members = &buckets[&k];
        // Free text varies in length; tails of one length (`from NEW to RUNNING`) are a
        // structured statement whose words name states, left to the word-by-word merge.
        let lengths_vary = members.iter().any(|&(_, t, _)| t != members[0].1);
        // Right after a label (`statement:`), fewer forms are enough.
        let needed = if members[0].2 {
            MIN_LABELLED_TAIL_VARIANTS
        } else {
            MIN_TAIL_VARIANTS
        };
        if members.len() < needed || !lengths_vary {
            continue;
        }
        for &(m, _, _) in &members[1..] {
            groups.union(members[0].0, m);
        }
    }
}

/// Joins the members of every bucket of two or more that `accept` takes, in key order so that
/// the result does not depend on hash map iteration.
fn union_buckets(
    buckets: &FxHashMap<u64, Vec<u32>>,
    groups: &mut Groups,
    accept: impl Fn(&[u32]) -> bool,
) {
    let mut keys: Vec<u64> = buckets.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let members = &buckets[&k];
        if members.len() < 2 || !accept(members) {
            continue;
        }
        for &m in &members[1..] {
            groups.union(members[0], m);
        }
    }
}

/// Punctuation alone (`-`, `:`), which a phrase may contain.
fn is_punctuation(pieces: &[ShapePiece]) -> bool {
    matches!(pieces, [ShapePiece::Literal(s)] if !s.bytes().any(|b| b.is_ascii_alphanumeric()))
}

/// `BLOCK* ask <*> to delete <*>` / `... delete <*> <*> <*>`: a list of values whose length
/// varies is one variable. Runs of identical variable tokens are collapsed to find such lines.
fn merge_repeated_runs(
    clusters: &[Cluster],
    token_hashes: &[Vec<u64>],
    config: &MergeConfig,
    groups: &mut Groups,
) {
    let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (ci, c) in clusters.iter().enumerate() {
        let hashes = &token_hashes[ci];
        let mut h = Xxh3::new();
        let mut has_run = false;
        for t in 0..hashes.len() {
            let variable = c.token(t).iter().any(|p| is_var_piece(c, p));
            if variable && t > 0 && hashes[t] == hashes[t - 1] {
                has_run = true;
                continue;
            }
            h.update(&hashes[t].to_le_bytes());
        }
        let _ = has_run;
        buckets.entry(h.digest()).or_default().push(ci as u32);
    }
    union_buckets(&buckets, groups, |members| {
        let first = &clusters[members[0] as usize];
        let lengths_differ = members
            .iter()
            .any(|&m| clusters[m as usize].token_count() != first.token_count());
        let shared = (0..first.token_count())
            .filter(|&t| is_constant_word(first.token(t)))
            .count();
        lengths_differ && shared >= config.min_shared_words_subsumed
    });
}

/// Most tokens a value with its unit words may span (`6,778,312 bytes (6.8 MB)` is folded by
/// the scanner; `<1 sec`, `423 bytes` remain two).
const MAX_VALUE_SPAN: usize = 3;

/// Longest run of letters a unit word may have (`bytes`, `sec`, `ms`, `KB`).
const MAX_UNIT_LETTERS: usize = 5;

/// A short word that may follow a value as its unit: `bytes`, `sec`, `KB)`; no key, quote or
/// variable.
fn is_unit_word(pieces: &[ShapePiece]) -> bool {
    let [ShapePiece::Literal(s)] = pieces else {
        return false;
    };
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    (1..=MAX_UNIT_LETTERS).contains(&letters)
        && s.bytes()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, b'(' | b')' | b',' | b';' | b'.'))
}

/// `423 bytes sent` / `6,778,312 bytes (6.8 MB) sent`, `lifetime <1 sec` / `lifetime 01:07:11`:
/// a value whose printed form takes a different number of words from line to line (a unit
/// written or folded in, a `<1 sec` for short times) is one variable. Clusters that are equal
/// but for a span that starts with a variable and goes on with unit words, of different
/// lengths, are joined.
fn merge_value_spans(
    clusters: &[Cluster],
    token_hashes: &[Vec<u64>],
    config: &MergeConfig,
    groups: &mut Groups,
) {
    // (bucket key) -> members with where their span starts and its length.
    let mut buckets: FxHashMap<u64, Vec<(u32, usize, usize)>> = FxHashMap::default();
    for (ci, c) in clusters.iter().enumerate() {
        let n = c.token_count();
        let hashes = &token_hashes[ci];
        for s in 0..n {
            if !c.token(s).iter().any(|x| is_var_piece(c, x)) {
                continue;
            }
            for len in 1..=MAX_VALUE_SPAN.min(n - s) {
                if len > 1 && !is_unit_word(c.token(s + len - 1)) {
                    break;
                }
                let mut h = Xxh3::new();
                h.update(b"value-span");
                for &x in &hashes[..s] {
                    h.update(&x.to_le_bytes());
                }
                h.update(b"|");
                for &x in &hashes[s + len..] {
                    h.update(&x.to_le_bytes());
                }
                buckets
                    .entry(h.digest())
                    .or_default()
                    .push((ci as u32, s, len));
            }
        }
    }
    let mut keys: Vec<u64> = buckets.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let members = &buckets[&k];
        if !members.iter().any(|&(_, _, len)| len != members[0].2) {
            continue;
        }
        // Constant words around the span (its own unit words are not context).
        let (m0, s0, len0) = members[0];
        let first = &clusters[m0 as usize];
        let shared = (0..first.token_count())
            .filter(|&t| !(s0..s0 + len0).contains(&t) && is_constant_word(first.token(t)))
            .count();
        // The variable is known where the span starts, so less context is needed, as for a
        // word a variable subsumes.
        if shared < config.min_shared_words_subsumed {
            continue;
        }
        for &(m, _, _) in &members[1..] {
            groups.union(members[0].0, m);
        }
    }
}

#[inline]
fn mix(position: usize, h: u64) -> u64 {
    xxh3_64(&[(position as u64).to_le_bytes(), h.to_le_bytes()].concat())
}

/// Groups the clusters that are one template.
pub fn group(clusters: &[Cluster], config: &MergeConfig) -> Groups {
    let mut groups = Groups::new(clusters.len());
    // Per cluster: token hashes, and the position-mixed sum that identifies its shape.
    let token_hashes: Vec<Vec<u64>> = clusters
        .iter()
        .map(|c| {
            (0..c.token_count())
                .map(|t| {
                    token_hash(c.token(t), |w| {
                        // Weak words are compared by their text shape without digits.
                        xxh3_64(
                            &c.weak[w as usize]
                                .first
                                .bytes()
                                .filter(|b| !b.is_ascii_digit())
                                .collect::<Vec<u8>>(),
                        )
                    })
                })
                .collect()
        })
        .collect();
    let mut buckets: FxHashMap<(usize, usize, u64), Vec<u32>> = FxHashMap::default();
    const WILDCARD: u64 = 0x5743_4152_445f_5f5f;
    for (ci, c) in clusters.iter().enumerate() {
        let n = c.token_count();
        if n < 2 {
            continue;
        }
        let hashes = &token_hashes[ci];
        let total = hashes
            .iter()
            .enumerate()
            .fold(0u64, |acc, (t, &h)| acc.wrapping_add(mix(t, h)));
        for (p, &hp) in hashes.iter().enumerate() {
            if !is_word_token(c.token(p))
                && pattern_of(c, p).is_none()
                && !is_empty_token(c.token(p))
                && !is_placeholder(c.token(p))
                && !is_literal_route(c.token(p))
            {
                continue;
            }
            let key = total
                .wrapping_sub(mix(p, hp))
                .wrapping_add(mix(p, WILDCARD));
            buckets.entry((n, p, key)).or_default().push(ci as u32);
        }
    }
    let mut keys: Vec<_> = buckets.keys().copied().collect();
    keys.sort_unstable();
    for k in keys {
        let members = &buckets[&k];
        if members.len() < 2 {
            continue;
        }
        let (n, p, _) = k;
        let h0 = &token_hashes[members[0] as usize];
        // Guard against hash collisions: every other token must really be equal.
        let members: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&m| {
                let hm = &token_hashes[m as usize];
                (0..n).all(|t| t == p || h0[t] == hm[t])
            })
            .collect();
        if members.len() < 2 {
            continue;
        }
        let first = &clusters[members[0] as usize];
        let shared = (0..n)
            .filter(|&t| t != p && is_constant_word(first.token(t)))
            .count();
        if subsumed(clusters, &members, p) {
            // Where the variable is known, the keys of fields (`rt=<*>`) are context too.
            let context = (0..n)
                .filter(|&t| t != p && has_letters(first.token(t)))
                .count();
            if shared.max(context) >= config.min_shared_words_subsumed {
                for &m in &members[1..] {
                    groups.union(members[0], m);
                }
            }
            continue;
        }
        if shared >= config.min_shared_words && affixed_values(clusters, &members, p) {
            for &m in &members[1..] {
                groups.union(members[0], m);
            }
            continue;
        }
        let words: Vec<u32> = members
            .iter()
            .copied()
            .filter(|&m| is_word_token(clusters[m as usize].token(p)))
            .collect();
        // A weak word that already varies counts for the values it took.
        let distinct: usize = words
            .iter()
            .map(|&m| {
                let c = &clusters[m as usize];
                let varies = c.token(p).iter().any(|x| is_var_piece(c, x));
                if varies {
                    2
                } else {
                    1
                }
            })
            .sum();
        // Many distinct words at one position are evidence enough by themselves: a word of
        // meaning takes a handful of values, a name or a key keeps taking new ones, so less
        // context is needed to take it for a variable.
        let needed = if p == 0 {
            config.min_shared_words_first
        } else if distinct >= MANY_DISTINCT_WORDS {
            config.min_shared_words_subsumed
        } else {
            config.min_shared_words
        };
        if shared < needed || words.len() < 2 || distinct < config.min_distinct_words {
            continue;
        }
        // A word that names what happened (`VM Started` / `Paused` / `Resumed` / `Stopped`)
        // takes a few values, each over many lines; a variable's values keep coming. Few
        // values against many lines stay apart.
        // Such words are written capitalised (`Started`, `StartContainer`), where names taken
        // as values (`root`, `cyrus`) are not.
        let lines: u64 = words.iter().map(|&m| clusters[m as usize].count).sum();
        let texts: Vec<String> = words
            .iter()
            .map(|&m| token_text(&clusters[m as usize], p))
            .collect();
        let capitalised = texts.iter().all(|t| starts_upper(t));
        if capitalised && (distinct as u64).pow(2) * KIND_LINES_PER_VALUE < lines {
            continue;
        }
        // An operation's name written as one compound word (`StartContainer`,
        // `RemovePodSandbox`) or a capitalised verb (`VM Started` / `Paused` / `Resumed`) says
        // what happened, however few lines there are to count: a handful of them stay apart,
        // as method names do in the code that logs them.
        if distinct < MANY_DISTINCT_WORDS
            && (texts.iter().all(|t| is_compound_name(t)) || texts.iter().all(|t| is_event_verb(t)))
        {
            continue;
        }
        for &m in &words[1..] {
            groups.union(words[0], m);
        }
    }
    merge_tails_after_label(clusters, &token_hashes, config, &mut groups);
    merge_free_text_tails(clusters, &token_hashes, config, &mut groups);
    merge_repeated_runs(clusters, &token_hashes, config, &mut groups);
    merge_value_spans(clusters, &token_hashes, config, &mut groups);
    groups
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::{Miner, MinerConfig};

    fn templates(lines: &[String]) -> Vec<String> {
        let mut miner = Miner::new(MinerConfig::default());
        for l in lines {
            miner.ingest(l);
        }
        let mut t: Vec<String> = miner
            .snapshot()
            .templates()
            .iter()
            .map(|t| t.text.clone())
            .collect();
        t.sort();
        t
    }

    /// Pattern: a variable of several words after a constant prefix is one variable, in
    /// plain text and inside a JSON message string.
    #[test]
    fn free_text_details_are_one_variable() {
        let reasons = [
            "expired card",
            "suspected fraud detected by provider risk engine",
            "card limit exceeded",
            "issuer unavailable",
            "invalid security code given",
            "stolen",
        ];
        let mut lines = Vec::new();
        for (i, r) in reasons.iter().enumerate() {
            lines.push(format!("Payment declined for order {i}: {r}"));
            lines.push(format!(
                r#"{{"level":"warn","message":"Unhandled exception for request {i}: {r}","thread":"w-{i}"}}"#
            ));
        }
        let t = templates(&lines);
        assert_eq!(
            t,
            [
                "Payment declined for order <*>: <*>".to_string(),
                r#"{"level":"warn","message":"Unhandled exception for request <*>: <*>","thread":"<*>"}"#
                    .to_string()
            ],
        );
    }

    /// After a label, a detail with values of its own (a query) is one variable.
    #[test]
    fn details_after_a_label_are_one_variable() {
        let queries = [
            "SELECT * FROM t WHERE id = 1",
            "UPDATE t SET a = $1 WHERE id = $2",
            "INSERT INTO t (id) VALUES ($1)",
        ];
        let mut lines = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            lines.push(format!("LOG: duration: {i}.5 ms statement: {q}"));
        }
        assert_eq!(
            templates(&lines),
            ["LOG: duration: <*> ms statement: <*>".to_string()]
        );
    }

    /// A few fixed reasons, or tails of one length that name states, stay apart.
    #[test]
    fn fixed_reasons_and_state_words_stay_apart() {
        let mut lines = Vec::new();
        for (a, b) in [
            ("NEW", "QUEUED"),
            ("QUEUED", "RUNNING"),
            ("RUNNING", "DONE"),
            ("RUNNING", "FAILED"),
            ("FAILED", "RETRYING"),
            ("RETRYING", "RUNNING"),
        ] {
            lines.push(format!("job 7 attempt transitioned from {a} to {b}"));
        }
        for r in ["Bye Bye", "Closed by peer now"] {
            lines.push(format!("Received disconnect from 10.0.0.1: {r}"));
        }
        let t = templates(&lines);
        assert_eq!(t.len(), 8, "{t:?}");
    }

    /// Pattern: a word that names what happened stays apart however many values it takes,
    /// when each value repeats over many lines; names taken as values still merge.
    #[test]
    fn state_words_stay_apart_names_merge() {
        let mut lines = Vec::new();
        for i in 0..60 {
            for state in ["Started", "Paused", "Resumed", "Stopped"] {
                lines.push(format!("[instance: {i}] VM {state} (Lifecycle Event)"));
            }
        }
        for user in ["root", "cyrus", "news", "admin"] {
            for i in 0..30 {
                lines.push(format!("session closed for user {user} after {i} s"));
            }
        }
        let t = templates(&lines);
        assert!(
            t.contains(&"[instance: <*>] VM Paused (Lifecycle Event)".to_string()),
            "{t:?}"
        );
        assert!(
            t.contains(&"session closed for user <*> after <*> s".to_string()),
            "{t:?}"
        );
        assert_eq!(t.len(), 5, "{t:?}");
    }

    /// Pattern: capitalised verbs that say what happened stay apart over a few lines each,
    /// where capitalised names after a label still merge.
    #[test]
    fn event_verbs_stay_apart_over_few_lines() {
        let mut lines = Vec::new();
        for (i, state) in ["Started", "Paused", "Resumed", "Resumed", "Stopping"]
            .iter()
            .enumerate()
        {
            lines.push(format!("[instance: {i}] VM {state} (Lifecycle Event)"));
        }
        for user in ["Alice", "Bob", "Carol"] {
            lines.push(format!("session opened for user {user} by admin"));
        }
        let t = templates(&lines);
        assert!(
            t.contains(&"[instance: <*>] VM Started (Lifecycle Event)".to_string()),
            "{t:?}"
        );
        assert!(
            t.contains(&"session opened for user <*> by admin".to_string()),
            "{t:?}"
        );
        assert_eq!(t.len(), 5, "{t:?}");
    }

    /// Pattern: an operation named by one compound word (`StartContainer`) stays apart even
    /// over a few lines each; a compound word that keeps taking new values is a variable.
    #[test]
    fn operation_names_stay_apart_over_few_lines() {
        let mut lines = Vec::new();
        for (i, op) in [
            "RemoveContainer",
            "StartContainer",
            "StopPodSandbox",
            "StopContainer",
        ]
        .iter()
        .enumerate()
        {
            for k in 0..(2 + i) {
                lines.push(format!(
                    r#"time="2024-05-06T01:59:0{k}Z" level=info msg="{op} for \"c{i}{k}a9f\" returns successfully""#
                ));
            }
        }
        let t = templates(&lines);
        assert_eq!(t.len(), 4, "{t:?}");
        assert!(
            t.iter().any(|x| x.contains("msg=\"StopPodSandbox for")),
            "{t:?}"
        );
        let mut lines = Vec::new();
        for (i, name) in [
            "OrderPlaced",
            "CartAbandoned",
            "PaymentCaptured",
            "RefundIssued",
            "StockReserved",
            "InvoiceSent",
            "ShipmentBooked",
        ]
        .iter()
        .enumerate()
        {
            lines.push(format!(
                "published event {name} to topic orders partition {i}"
            ));
        }
        assert_eq!(
            templates(&lines),
            ["published event <*> to topic orders partition <*>"]
        );
    }

    /// Pattern: a field's value is one variable when it keeps taking new values, even with
    /// little constant text around it; the case that marks a word of meaning is the value's,
    /// not its key's (`"Queue":"refunds"`). A message template with holes is template text.
    #[test]
    fn many_values_of_a_field_are_one_variable() {
        let queues = [
            "refunds",
            "stock-sync",
            "sms-outbox",
            "audit-export",
            "search-reindex",
            "image-resize",
            "report-builder",
        ];
        let mut lines = Vec::new();
        for i in 0..70 {
            let q = queues[i % queues.len()];
            lines.push(format!(
                r#"{{"@t":"2024-05-06T02:55:{:02}Z","@mt":"Queued {{JobId}} on {{Queue}}","JobId":"j-{i}","Queue":"{q}","SourceContext":"Billing.Jobs"}}"#,
                i % 60
            ));
        }
        assert_eq!(
            templates(&lines),
            [r#"{"@t":"<*>","@mt":"Queued {JobId} on {Queue}","JobId":"<*>","Queue":"<*>","SourceContext":"Billing.Jobs"}"#.to_string()]
        );
        // With two words of context, a handful of values stays apart.
        let mut lines = Vec::new();
        for i in 0..40 {
            let q = queues[i % 3];
            lines.push(format!(
                r#"{{"JobId":"j-{i}","Queue":"{q}","SourceContext":"Billing.Jobs","kind":"sync"}}"#
            ));
        }
        assert_eq!(templates(&lines).len(), 3);
    }

    /// Pattern: ids in a route's segments are variables, written with digits or not, in one
    /// segment or several; a word in the same place is a route of its own.
    #[test]
    fn generated_ids_in_routes_are_variables() {
        let ids = [
            "usr_4mjdu4",
            "usr_zciwp4",
            "usr_qfyooo",
            "usr_hbspca",
            "usr_9v48x5",
        ];
        let mut lines = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            lines.push(format!(
                r#"10.0.0.{i} "PUT /v2/carts/{id}/items HTTP/1.1" 200"#
            ));
            lines.push(format!(
                r#"10.0.0.{i} "DELETE /v2/carts/{id}/items/{i}77 HTTP/1.1" 200"#
            ));
            lines.push(format!(
                r#"10.0.0.{i} "GET /v2/orders/{i}123 HTTP/1.1" 200"#
            ));
        }
        lines.push(r#"10.0.0.9 "GET /v2/orders/summary HTTP/1.1" 200"#.to_string());
        let t = templates(&lines);
        assert_eq!(
            t,
            [
                r#"<*> "DELETE /v2/carts/<*>/items/<*> HTTP/<*>" <*>"#.to_string(),
                r#"<*> "GET /v2/orders/<*> HTTP/<*>" <*>"#.to_string(),
                r#"<*> "GET /v2/orders/summary HTTP/<*>" <*>"#.to_string(),
                r#"<*> "PUT /v2/carts/<*>/items HTTP/<*>" <*>"#.to_string(),
            ],
        );
    }

    /// Pattern: a value split by what its values share: a word glued to a generated id
    /// (`token:ny0espyv`, `audit-log-16`) is part of the value; padding dots are not.
    #[test]
    fn words_glued_to_ids_are_part_of_the_value() {
        let keys = [
            "token:ny0espyv",
            "rate:pa30e5me",
            "product:2aaqeusr",
            "cart:sfi40zfp",
            "session:xv09vr79",
        ];
        let mut lines = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            lines.push(format!("Reserved {i} items for cart {k}"));
        }
        for (i, topic) in ["orders", "audit-log", "email-outbox"].iter().enumerate() {
            lines.push(format!("Truncating partition {topic}-{i} to offset {i}"));
        }
        for op in ["dcbf", "icbi"] {
            lines.push(format!("data store interrupt caused by {op}.........0"));
        }
        let t = templates(&lines);
        assert_eq!(
            t,
            [
                "Reserved <*> items for cart <*>".to_string(),
                "Truncating partition <*>-<*> to offset <*>".to_string(),
                "data store interrupt caused by dcbf.........<*>".to_string(),
                "data store interrupt caused by icbi.........<*>".to_string(),
            ],
        );
    }

    /// Pattern: a glued word is part of the value also where the id after it is letters only
    /// (`cart:abmzhrfp`), and inside a JSON string, whose closing quote follows the value.
    #[test]
    fn glued_words_before_letter_ids_are_part_of_the_value() {
        let ids = [
            "abmzhrfp", "k3x9q2mf", "auqexsnm", "7h2kd9sa", "bazzyjym", "q8w7e6r5",
        ];
        let mut lines = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            for prefix in ["cart", "token", "session"] {
                lines.push(format!(
                    r#"{{"log":"INFO Reserved {i} items for cart {prefix}:{id}","source":"stdout"}}"#
                ));
            }
        }
        assert_eq!(
            templates(&lines),
            [r#"{"log":"INFO Reserved <*> items for cart <*>","source":"stdout"}"#.to_string()]
        );
    }

    /// Pattern: values whose word count varies (a size with or without its unit, `<1 sec`
    /// against a clock time) are one variable, and the words between them stay.
    #[test]
    fn values_of_varying_word_count_are_one_variable() {
        let mut lines = Vec::new();
        for (i, (sent, received, lifetime)) in [
            ("898 bytes", "6,778,312 bytes (6.8 MB)", "01:29:54"),
            (
                "35,822,557 bytes (35.8 MB)",
                "42,153,780 bytes (42.2 MB)",
                "01:08:11",
            ),
            ("38 bytes", "875 bytes", "<1 sec"),
            ("369 bytes", "18,871,663 bytes (18.9 MB)", "<1 sec"),
            ("12,486,421 bytes (12.5 MB)", "237 bytes", "00:00:07"),
        ]
        .iter()
        .enumerate()
        {
            lines.push(format!(
                "app{i}.exe - mail.example.com:443 close, {sent} sent, {received} received, lifetime {lifetime}"
            ));
        }
        assert_eq!(
            templates(&lines),
            ["<*>.exe - <*> close, <*> sent, <*> received, lifetime <*>".to_string()]
        );
    }

    /// Pattern: an exception's text after `request <*>:` is one variable, values and labels of
    /// its own included; a handful of fixed reasons after an address still stay apart.
    #[test]
    fn exception_details_after_a_value_are_one_variable() {
        let details = [
            "java.net.SocketTimeoutException: Read timed out",
            "java.lang.NullPointerException: Cannot invoke String.length() because value is null",
            "ValueError: invalid literal for int() with base 10: 'abc'",
            "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            "com.fasterxml.jackson.core.JsonParseException: Unexpected character ('}' (code 125))",
        ];
        let mut lines = Vec::new();
        for (i, d) in details.iter().enumerate() {
            lines.push(format!("ERROR Unhandled exception for request 8{i}2: {d}"));
        }
        for r in [
            "Bye Bye [preauth]",
            "Closed due to user request. [preauth]",
            "disconnected by user",
        ] {
            lines.push(format!("Received disconnect from 10.0.0.1: 11: {r}"));
        }
        let t = templates(&lines);
        assert!(
            t.contains(&"ERROR Unhandled exception for request <*>: <*>".to_string()),
            "{t:?}"
        );
        assert_eq!(t.len(), 4, "{t:?}");
    }

    /// Pattern: an error's message inside a nested object is a value of the event (the
    /// event's own `msg` stays text); one word taking two values after a label names two
    /// causes and stays apart.
    #[test]
    fn nested_messages_are_values_and_two_causes_stay_apart() {
        let errors = [
            "permission denied",
            "connection refused",
            "upstream returned an empty response",
            "rate limit exceeded for this account",
            "maximum retry attempts exceeded",
            "the security token included in the request is invalid",
        ];
        let mut lines = Vec::new();
        for (i, e) in errors.iter().enumerate() {
            for k in 0..3 {
                lines.push(format!(
                    r#"{{"level":50,"time":17149536{i}{k},"pid":6{i}{k},"err":{{"type":"Error","message":"{e}"}},"msg":"checkout failed"}}"#
                ));
            }
        }
        for cause in ["time", "wal", "time", "wal"] {
            lines.push(format!("LOG:  checkpoint starting: {cause}"));
        }
        let t = templates(&lines);
        assert_eq!(
            t,
            [
                "LOG: checkpoint starting: time".to_string(),
                "LOG: checkpoint starting: wal".to_string(),
                r#"{"level":<*>,"time":<*>,"pid":<*>,"err":{"type":"Error","message":"<*>"},"msg":"checkout failed"}"#.to_string(),
            ],
        );
    }

    /// Pattern: an access log line inside a JSON string, its quotes escaped: a quoted user
    /// agent is one value, and `\"-\"` is the placeholder of a missing one.
    #[test]
    fn escaped_quoted_strings_in_json_are_values() {
        let agents = [
            "-",
            "curl/8.5.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148",
            "okhttp/4.12.0",
            "Go-http-client/1.1",
        ];
        let mut lines = Vec::new();
        for (i, a) in agents.iter().enumerate() {
            for r in ["-", "https://shop.example.com/cart"] {
                lines.push(format!(
                    r#"{{"log":"10.0.0.{i} - - \"GET /v2/products HTTP/1.1\" 200 {i}4 \"{r}\" \"{a}\"","source":"stdout"}}"#
                ));
            }
        }
        // One template: the user agent and its `\"-\"` placeholder do not split it. (The
        // referrer and the agent, neighbours that both vary, render as one span.)
        let t = templates(&lines);
        assert_eq!(t.len(), 1, "{t:?}");
        assert!(
            t[0].starts_with(r#"{"log":"<*> - - \"GET /v2/products HTTP/<*>\" <*> <*> \"<*>\""#)
        );
    }

    /// Pattern: a method or a route names what happened; it stays apart however many values
    /// there are.
    #[test]
    fn methods_and_routes_never_merge() {
        let mut lines = Vec::new();
        for (i, (m, r)) in [
            ("GET", "/v2/carts"),
            ("POST", "/v2/carts"),
            ("PUT", "/v2/carts"),
            ("DELETE", "/v2/carts"),
            ("GET", "/v2/users"),
            ("GET", "/v2/stock"),
        ]
        .iter()
        .enumerate()
        {
            lines.push(format!(r#"10.0.0.{i} - - "{m} {r} HTTP/1.1" 200 {i}"#));
        }
        let t = templates(&lines);
        assert_eq!(t.len(), 6, "{t:?}");
        assert!(
            t.contains(&r#"<*> - - "DELETE /v2/carts HTTP/<*>" <*> <*>"#.to_string()),
            "{t:?}"
        );
    }
}
