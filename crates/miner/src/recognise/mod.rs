//! Variable recognisers: small byte-level functions that tell whether the text at a position is
//! a value (a number, an address, a time, an id...) and where it ends.
//!
//! Each recogniser answers "does a value of my kind start exactly here, and where does it end?"
//! so that the scanner can try them in a fixed order at every place where a value may begin.
//! They never allocate and never look past the end they are given.

pub mod network;
pub mod number;
pub mod path;
pub mod time;
pub mod word;

/// Letters, digits and `_` make up words; other bytes are punctuation (or non-ASCII text).
#[inline]
pub fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
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
    /// The marks of `w`.
    #[inline]
    pub fn of(w: &[u8]) -> Marks {
        let mut m = Marks::default();
        for &c in w {
            match c {
                b':' => m.colon = true,
                b'@' => m.at = true,
                b'.' => m.dot = true,
                b'/' => m.slash = true,
                b'-' => m.dash = true,
                b'\\' => m.backslash = true,
                _ => {}
            }
        }
        m
    }
}

/// Tries every recogniser of whole values (those that may contain punctuation, like URLs, paths,
/// addresses and UUIDs) at `b[i..end]` and returns where the value ends.
///
/// Order matters: the most specific shapes come first so that, for example, a MAC address is not
/// read as a run of `key:value` words.
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
