//! Splits a byte stream into lines without copying them: the loop every line-at-a-time reader
//! of lognoise runs (`lognoise mine`, `lognoise check`, the benchmark's I/O floor).
//!
//! Lines are handed out of one large read buffer. At a million lines a second, copying each line
//! into a buffer of its own and checking its UTF-8 on its own cost as much as some of the miner's
//! recognisers; here a whole buffer of complete lines is checked at once and each line is a slice
//! of it. A line longer than the buffer grows the buffer, so no line length limit applies (a
//! 256 KB event is one line like any other).

use std::borrow::Cow;
use std::io::{self, Read};

/// Bytes read at once. Large enough that a read brings thousands of lines, small enough to stay
/// in the last-level cache while they are mined.
const READ_BUFFER: usize = 1 << 20;

/// What one pass over a stream saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineCounts {
    /// Lines, the last one counted even without a final newline.
    pub lines: u64,
    /// Bytes, line ends included: the stream's length when the pass read it all.
    pub bytes: u64,
}

/// Calls `f` with each line of `input` (without its `\n` or `\r\n`), in order, as bytes.
///
/// A read error ends the pass with that error; the lines before it were already handed out.
pub fn for_each_line(input: impl Read, mut f: impl FnMut(&[u8])) -> io::Result<LineCounts> {
    let mut lines = 0u64;
    let bytes = for_each_chunk(input, |chunk| {
        lines += split(chunk, &mut f);
    })?;
    Ok(LineCounts { lines, bytes })
}

/// Calls `f` with each line of `input` as text, in order: invalid UTF-8 is replaced by U+FFFD,
/// since logs do carry stray bytes and a line must never be lost for it.
///
/// Text is checked a buffer of complete lines at a time. Nearly every buffer is valid, and its
/// lines are then handed out as they are; only a buffer holding an invalid byte is decoded
/// line by line.
pub fn for_each_text_line(input: impl Read, mut f: impl FnMut(&str)) -> io::Result<LineCounts> {
    let mut lines = 0u64;
    let bytes = for_each_chunk(input, |chunk| match simdutf8::basic::from_utf8(chunk) {
        Ok(text) => lines += split_text(text, &mut f),
        Err(_) => {
            lines += split(chunk, &mut |line: &[u8]| f(&lossy(line)));
        }
    })?;
    Ok(LineCounts { lines, bytes })
}

/// Calls `f` with runs of whole lines of `input` as text, in order, for a reader that splits
/// the lines elsewhere (the miner scans them on other threads): each run ends with `\n`,
/// except the last when the stream does not. Invalid UTF-8 is replaced by U+FFFD, as
/// [`for_each_text_line`] replaces it: a line end is ASCII, so no invalid sequence spans one
/// and the run's replacement is each line's. Returns the bytes read.
pub fn for_each_text_chunk(input: impl Read, mut f: impl FnMut(&str)) -> io::Result<u64> {
    for_each_chunk(input, |chunk| match simdutf8::basic::from_utf8(chunk) {
        Ok(text) => f(text),
        Err(_) => f(&String::from_utf8_lossy(chunk)),
    })
}

/// The text of one line, with invalid UTF-8 replaced.
fn lossy(line: &[u8]) -> Cow<'_, str> {
    match simdutf8::basic::from_utf8(line) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(line),
    }
}

/// Reads `input` to its end, calling `on_chunk` with runs of whole lines: every chunk ends with
/// `\n`, except the last one when the stream does not. Returns the bytes read.
fn for_each_chunk(mut input: impl Read, mut on_chunk: impl FnMut(&[u8])) -> io::Result<u64> {
    let mut buf = vec![0u8; READ_BUFFER];
    let mut filled = 0usize;
    let mut total = 0u64;
    loop {
        if filled == buf.len() {
            // Not one line end in a full buffer: the line is longer than the buffer.
            buf.resize(buf.len() * 2, 0);
        }
        let n = read_some(&mut input, &mut buf[filled..])?;
        total += n as u64;
        let scanned_from = filled;
        filled += n;
        if n == 0 {
            if filled > 0 {
                on_chunk(&buf[..filled]);
            }
            return Ok(total);
        }
        // Only the bytes just read can hold the last line end: what was kept from the previous
        // read had none.
        let Some(last) = memchr::memrchr(b'\n', &buf[scanned_from..filled]) else {
            continue;
        };
        let end = scanned_from + last + 1;
        on_chunk(&buf[..end]);
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
}

/// Hands out the lines of `chunk`; returns how many.
fn split(chunk: &[u8], f: &mut impl FnMut(&[u8])) -> u64 {
    let mut lines = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', chunk) {
        f(strip_cr(&chunk[start..end]));
        start = end + 1;
        lines += 1;
    }
    if start < chunk.len() {
        f(strip_cr(&chunk[start..]));
        lines += 1;
    }
    lines
}

/// [`split`] for a chunk known to be text. A line end is ASCII, so every line of valid text is
/// valid text and needs no second check.
fn split_text(chunk: &str, f: &mut impl FnMut(&str)) -> u64 {
    let mut lines = 0;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', chunk.as_bytes()) {
        let line = chunk.get(start..end).unwrap_or_default();
        f(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
        lines += 1;
    }
    if let Some(line) = chunk.get(start..).filter(|l| !l.is_empty()) {
        f(line.strip_suffix('\r').unwrap_or(line));
        lines += 1;
    }
    lines
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// One `read`, retried when interrupted by a signal.
fn read_some(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a read, to cut lines across reads.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn byte_lines(data: &[u8], step: usize) -> (Vec<Vec<u8>>, LineCounts) {
        let mut seen = Vec::new();
        let counts = for_each_line(Trickle { data, step }, |l| seen.push(l.to_vec())).unwrap();
        (seen, counts)
    }

    fn text_lines(data: &[u8], step: usize) -> (Vec<String>, LineCounts) {
        let mut seen = Vec::new();
        let counts =
            for_each_text_line(Trickle { data, step }, |l| seen.push(l.to_string())).unwrap();
        (seen, counts)
    }

    #[test]
    fn strips_line_ends_and_counts_a_last_line_without_newline() {
        let data = b"a b\r\nc\n\nlast";
        for step in [1, 2, 3, 5, 64] {
            let (seen, counts) = byte_lines(data, step);
            assert_eq!(seen, [&b"a b"[..], b"c", b"", b"last"], "step {step}");
            assert_eq!(
                counts,
                LineCounts {
                    lines: 4,
                    bytes: 12
                }
            );
            let (text, counts) = text_lines(data, step);
            assert_eq!(text, ["a b", "c", "", "last"], "step {step}");
            assert_eq!(counts.lines, 4);
        }
    }

    #[test]
    fn chunks_are_whole_lines_replaced_as_each_line_is() {
        let data = b"a \xff b\r\nc\xe2\x82\n\nlast \xc3";
        let mut lines = Vec::new();
        for_each_text_line(&data[..], |l| lines.push(l.to_string())).unwrap();
        for step in [1, 2, 3, 5, 64] {
            let mut runs = Vec::new();
            let bytes =
                for_each_text_chunk(Trickle { data, step }, |c| runs.push(c.to_string())).unwrap();
            assert_eq!(bytes, data.len() as u64);
            let whole = &runs[..runs.len() - 1];
            assert!(whole.iter().all(|r| r.ends_with('\n')), "step {step}");
            let chunks = runs.concat();
            let split: Vec<&str> = chunks
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            assert_eq!(split, lines, "step {step}");
        }
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert_eq!(byte_lines(b"", 8), (vec![], LineCounts::default()));
        assert_eq!(text_lines(b"", 8), (vec![], LineCounts::default()));
        let (seen, counts) = byte_lines(b"\n", 8);
        assert_eq!((seen.len(), counts.lines, counts.bytes), (1, 1, 1));
    }

    #[test]
    fn invalid_bytes_are_replaced_only_in_their_line() {
        let data = b"caf\xc3\xa9 ok\nbad \xff byte\n\xe2\x82\nlast \xc3\xa9";
        for step in [1, 4, 1024] {
            let (text, counts) = text_lines(data, step);
            assert_eq!(
                text,
                ["café ok", "bad \u{fffd} byte", "\u{fffd}", "last é"],
                "step {step}"
            );
            assert_eq!(counts.bytes, data.len() as u64);
        }
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_one_line() {
        let long = "x".repeat(READ_BUFFER * 2 + 17);
        let data = format!("first\n{long}\nafter");
        let (text, counts) = text_lines(data.as_bytes(), 300_000);
        assert_eq!(text.len(), 3);
        assert_eq!(text[1].len(), long.len());
        assert_eq!(text[2], "after");
        assert_eq!(counts.bytes, data.len() as u64);
    }

    #[test]
    fn a_read_error_keeps_the_lines_before_it() {
        struct Failing(bool);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    return Err(io::Error::other("disk gone"));
                }
                buf[..6].copy_from_slice(b"one\ntw");
                Ok(6)
            }
        }
        let mut seen = Vec::new();
        let err = for_each_line(Failing(false), |l| seen.push(l.to_vec())).unwrap_err();
        assert_eq!(err.to_string(), "disk gone");
        assert_eq!(seen, [b"one".to_vec()]);
    }
}
