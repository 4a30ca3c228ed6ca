//! Variable recognisers: small byte-level functions that tell whether the text at a position is
//! a value (a number, an address, a time, an id...) and where it ends.
//!
//! Each recogniser answers "does a value of my kind start exactly here, and where does it end?"
//! so that the scanner can try them in a fixed order at every place where a value may begin.
//! They never allocate and never look past the end they are given.

pub mod network;
pub mod number;
pub mod path;
mod source;
pub mod time;
pub mod word;

pub use source::is_source_location;

/// What a piece of a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Text that belongs to the template.
    Literal,
    /// A value that is always a variable (number, id, address, time, path...).
    Variable,
    /// A word with digits in it (`storage234`, `jk2_init`, `ee0`): constant when every line of a
    /// template carries the same value, a variable as soon as two values are seen.
    Weak,
}

/// Letters, digits and `_` make up words; other bytes are punctuation (or non-ASCII text).
#[inline]
pub fn is_word_byte(c: u8) -> bool {
    class::TABLE[c as usize] & class::WORD != 0
}

/// Byte classes, one table lookup per byte instead of a chain of comparisons: the scanner ORs
/// the classes of a word's bytes once and answers several questions from the result (is it a
/// plain word, which punctuation does it hold).
pub mod class {
    /// `:`.
    pub const COLON: u8 = 1;
    /// `@`.
    pub const AT: u8 = 2;
    /// `.`.
    pub const DOT: u8 = 4;
    /// `/`.
    pub const SLASH: u8 = 8;
    /// `-`.
    pub const DASH: u8 = 16;
    /// `\`.
    pub const BACKSLASH: u8 = 32;
    /// Not a letter nor the ordinary punctuation of words (digits, `.`, `:`, `=`, `/`, `@`,
    /// non-ASCII...): a word holding one may be or hold a value.
    pub const NOT_PLAIN: u8 = 64;
    /// Letters, digits and `_`.
    pub const WORD: u8 = 128;

    /// The class of every byte.
    pub static TABLE: [u8; 256] = table();

    const fn table() -> [u8; 256] {
        let mut t = [NOT_PLAIN; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            if b.is_ascii_alphabetic() {
                t[c] = WORD;
            } else if b.is_ascii_digit() {
                t[c] = NOT_PLAIN | WORD;
            }
            c += 1;
        }
        let plain = b"_-'\"(),;!?[]{}<>*&#%+$";
        let mut k = 0;
        while k < plain.len() {
            t[plain[k] as usize] = 0;
            k += 1;
        }
        t[b'_' as usize] = WORD;
        t[b':' as usize] = NOT_PLAIN | COLON;
        t[b'@' as usize] = NOT_PLAIN | AT;
        t[b'.' as usize] = NOT_PLAIN | DOT;
        t[b'/' as usize] = NOT_PLAIN | SLASH;
        t[b'-' as usize] = DASH;
        t[b'\\' as usize] = NOT_PLAIN | BACKSLASH;
        t
    }

    /// The OR of the classes of `w`'s bytes, four bytes a step (the lookups are independent,
    /// so the loop's own cost is paid once per four bytes).
    #[inline]
    pub fn of(w: &[u8]) -> u8 {
        let mut chunks = w.chunks_exact(4);
        let mut m = 0;
        for c in chunks.by_ref() {
            m |= TABLE[c[0] as usize]
                | TABLE[c[1] as usize]
                | TABLE[c[2] as usize]
                | TABLE[c[3] as usize];
        }
        chunks
            .remainder()
            .iter()
            .fold(m, |m, &c| m | TABLE[c as usize])
    }
}

/// Which punctuation a value holds, found in one pass so that recognisers that need a
/// character the value does not have are not tried at all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks {
    colon: bool,
    at: bool,
    dot: bool,
    slash: bool,
    dash: bool,
    backslash: bool,
}

impl Marks {
    /// True when the value holds any of the marks. [`whole_value`] needs one: a value without
    /// them is never a whole value, and the call can be skipped.
    #[inline]
    pub fn any(&self) -> bool {
        self.colon || self.at || self.dot || self.slash || self.dash || self.backslash
    }

    /// True when the value holds a `/`.
    #[inline]
    pub fn has_slash(&self) -> bool {
        self.slash
    }

    /// The marks of `w`.
    #[inline]
    pub fn of(w: &[u8]) -> Marks {
        Marks::from_classes(class::of(w))
    }

    /// The marks of a value whose bytes' classes OR to `classes` (see [`class::of`]).
    #[inline]
    pub fn from_classes(classes: u8) -> Marks {
        Marks {
            colon: classes & class::COLON != 0,
            at: classes & class::AT != 0,
            dot: classes & class::DOT != 0,
            slash: classes & class::SLASH != 0,
            dash: classes & class::DASH != 0,
            backslash: classes & class::BACKSLASH != 0,
        }
    }
}

/// Tries every recogniser of whole values (those that may contain punctuation, like URLs, paths,
/// addresses and UUIDs) at `b[i..end]` and returns where the value ends.
///
/// Order matters: the most specific shapes come first so that, for example, a MAC address is not
/// read as a run of `key:value` words. Every recogniser here needs one of the [`Marks`] in the
/// value (a `~` path needs its `/`), so with none of them the answer is `None`.
pub fn whole_value(b: &[u8], i: usize, end: usize, marks: Marks) -> Option<usize> {
    let c = b[i];
    if c == b'\\' {
        return path::windows_path(b, i, end);
    }
    if c == b'/' || c == b'~' || c == b'.' {
        return path::unix_path(b, i, end);
    }
    if c.is_ascii_alphabetic() && marks.colon {
        if marks.slash {
            if let Some(e) = network::url(b, i, end) {
                return Some(e);
            }
        }
        if marks.slash || marks.backslash {
            if let Some(e) = path::windows_path(b, i, end) {
                return Some(e);
            }
        }
    }
    if c.is_ascii_hexdigit() {
        if marks.dash {
            if let Some(e) = network::uuid(b, i, end) {
                return Some(e);
            }
        }
        if marks.colon || marks.dash {
            if let Some(e) = network::mac(b, i, end) {
                return Some(e);
            }
        }
        if marks.colon {
            if let Some(e) = network::ipv6(b, i, end) {
                return Some(e);
            }
        }
    }
    if c == b':' {
        return network::ipv6(b, i, end);
    }
    if c.is_ascii_alphanumeric() {
        if marks.at {
            if let Some(e) = network::email(b, i, end) {
                return Some(e);
            }
        }
        if marks.dot || marks.colon || marks.slash {
            if let Some(e) = network::hostname(b, i, end) {
                return Some(e);
            }
        }
        if marks.colon {
            if let Some(e) = network::aws_arn(b, i, end) {
                return Some(e);
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// `whole_value` is skipped for values without marks: it must never find one there.
    #[test]
    fn no_whole_value_without_marks() {
        // Every word of one to four bytes over an alphabet without the marks.
        let alphabet = b"a0fx~_=(A9ZE\xc3";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut all = Vec::new();
        for _ in 0..4 {
            words = words
                .iter()
                .flat_map(|w| {
                    alphabet.iter().map(move |&c| {
                        let mut longer = w.clone();
                        longer.push(c);
                        longer
                    })
                })
                .collect();
            all.extend(words.iter().cloned());
        }
        for w in &all {
            let marks = Marks::of(w);
            assert!(!marks.any());
            for i in 0..w.len() {
                assert_eq!(whole_value(w, i, w.len(), marks), None, "{w:?} at {i}");
            }
        }
    }
}
