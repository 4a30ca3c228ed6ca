//! The white-space split of a line into words and the bracket classes of a word's ends: the
//! first step of scanning, shared by the header grammar (which reads a line's first words
//! without mining it), the JSON splitter and the scanner, so none of them depends on another
//! for it.

/// What [`split_words`] saw in the words' bytes, on the way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordBytes {
    /// A control byte (below `!`, not white space).
    pub(crate) control: bool,
    /// A `"`.
    pub(crate) quote: bool,
    /// A `'`.
    pub(crate) apostrophe: bool,
}

impl WordBytes {
    /// Records a byte below `(` that is not white space.
    #[inline]
    fn note(&mut self, c: u8) {
        self.control |= c < b'!';
        self.quote |= c == b'"';
        self.apostrophe |= c == b'\'';
    }
}

/// Bytes below this one are noted by [`split_words`] (white space, control bytes, `"`, `'`).
const NOTED_BELOW: u8 = b'(';

/// The white-space separated words of `line`, as byte ranges: the same split the scanner makes,
/// for callers that look at a line's header without mining it.
pub fn words_of(line: &str) -> Vec<(u32, u32)> {
    let mut words = Vec::new();
    split_words(line.as_bytes(), &mut words);
    words
}

/// Splits `b` into words at ASCII white space, noting control bytes and quotes in them, so
/// that the scanner asks for quoted values only on lines that hold a quote, without a search
/// of its own.
pub(crate) fn split_words(b: &[u8], out: &mut Vec<(u32, u32)>) -> WordBytes {
    let n = b.len();
    let mut i = 0;
    let mut seen = WordBytes::default();
    loop {
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if i >= n {
            break;
        }
        let s = i;
        if b[i] < NOTED_BELOW {
            seen.note(b[i]);
        }
        let end = next_space(b, i + 1, &mut seen);
        out.push((s as u32, end as u32));
        // `b[end]` is white space (or the end): the next word starts after it at the earliest.
        i = end + 1;
    }
    seen
}

/// The first white-space byte at or after `i` (or the end of `b`); notes the control bytes
/// and quotes before it. Eight bytes are tested at once for a byte below `(`, which every
/// white-space byte is; a word is then passed over in one or two steps
/// instead of byte by byte.
#[inline]
fn next_space(b: &[u8], mut i: usize, seen: &mut WordBytes) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(bytes);
        // The high bit of each byte below `(` (a borrow only runs upwards from such a byte,
        // so the lowest bit set is exact).
        let low = x.wrapping_sub(ONES * u64::from(NOTED_BELOW)) & !x & HIGH;
        if low == 0 {
            i += 8;
            continue;
        }
        let k = i + (low.trailing_zeros() / 8) as usize;
        let c = b[k];
        if c == b' ' || is_space(c) {
            return k;
        }
        // A control byte, `!`, a quote or one of `#$%&` inside a word.
        seen.note(c);
        i = k + 1;
    }
    while i < b.len() && !is_space(b[i]) {
        if b[i] < NOTED_BELOW {
            seen.note(b[i]);
        }
        i += 1;
    }
    i
}

/// ASCII white space separates tokens.
#[inline]
pub fn is_space(c: u8) -> bool {
    // One comparison rejects every printable byte, which is nearly every byte; the rest is a
    // bit test in a mask of the white-space bytes.
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << b'\r' | 1 << 0x0b | 1 << 0x0c;
    c <= b' ' && (SPACES >> c) & 1 != 0
}

#[inline]
pub(crate) fn is_open(c: u8) -> bool {
    matches!(c, b'(' | b'[' | b'{' | b'<' | b'"' | b'\'' | b'`')
}

#[inline]
pub(crate) fn is_close(c: u8) -> bool {
    matches!(
        c,
        b')' | b']' | b'}' | b'>' | b'"' | b'\'' | b'`' | b',' | b';' | b'.' | b':' | b'!' | b'?'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_white_space_only() {
        let line =
            b"  alpha\tbeta-gamma-delta-epsilon \x01ctl x\x02y\r\nlast-word-longer-than-eight";
        let mut words = Vec::new();
        assert!(split_words(line, &mut words).control);
        let texts: Vec<&[u8]> = words
            .iter()
            .map(|&(s, e)| &line[s as usize..e as usize])
            .collect();
        let expected: Vec<&[u8]> = vec![
            b"alpha",
            b"beta-gamma-delta-epsilon",
            b"\x01ctl",
            b"x\x02y",
            b"last-word-longer-than-eight",
        ];
        assert_eq!(texts, expected);
        words.clear();
        assert_eq!(
            split_words(b"no control bytes\there ", &mut words),
            WordBytes::default()
        );
        assert_eq!(words.len(), 4);
        words.clear();
        let seen = split_words(
            b"a \"quoted\" word! and a longer word with a \"quote\"",
            &mut words,
        );
        assert!(seen.quote && !seen.control && !seen.apostrophe);
        words.clear();
        // `#$%&` are noted on the way to `'` and change nothing.
        let seen = split_words(b"a$b c#d%e&f reason='stolen card' x", &mut words);
        assert!(seen.apostrophe && !seen.quote && !seen.control);
        assert_eq!(words.len(), 5);
        words.clear();
        assert!(!split_words(b"no$ap#os%trophe&here", &mut words).apostrophe);
    }
}
