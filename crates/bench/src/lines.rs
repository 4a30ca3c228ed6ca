//! The read loop every contender shares, the I/O floor included: whatever a contender costs
//! above the floor is its mining alone. It is the loop the `lognoise` command line runs
//! ([`lognoise_source::for_each_text_line`]), so the floor is the one the product pays.

use anyhow::{Context, Result};
use std::fs::File;
use std::path::Path;

pub use lognoise_source::LineCounts as Counts;

/// Calls `f` with every line of `path` as bytes, without its `\n` or `\r\n`, in order.
pub fn for_each_line(path: &Path, f: impl FnMut(&[u8])) -> Result<Counts> {
    lognoise_source::for_each_line(open(path)?, f).with_context(|| reading(path))
}

/// Calls `f` with every line of `path` as text (invalid UTF-8 replaced), without its `\n` or
/// `\r\n`, in order. The text is checked a buffer at a time, as the command line does, so every
/// contender gets its lines already decoded at the same cost.
pub fn for_each_text_line(path: &Path, f: impl FnMut(&str)) -> Result<Counts> {
    lognoise_source::for_each_text_line(open(path)?, f).with_context(|| reading(path))
}

/// Calls `f` with runs of whole lines of `path` as text, in order, as `lognoise mine` reads
/// them for its scanning threads; returns the bytes read.
pub fn for_each_text_chunk(path: &Path, f: impl FnMut(&str)) -> Result<u64> {
    lognoise_source::for_each_text_chunk(open(path)?, f).with_context(|| reading(path))
}

fn open(path: &Path) -> Result<File> {
    File::open(path).with_context(|| format!("opening {}", path.display()))
}

fn reading(path: &Path) -> String {
    format!("reading {}", path.display())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn strips_line_ends_and_counts_a_last_line_without_newline() -> Result<()> {
        let mut file = tempfile::NamedTempFile::new()?;
        file.write_all(b"a b\r\nc\n\nl\xffst")?;
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let counts = for_each_line(file.path(), |l| seen.push(l.to_vec()))?;
        assert_eq!(seen, [&b"a b"[..], b"c", b"", b"l\xffst"]);
        assert_eq!(
            counts,
            Counts {
                lines: 4,
                bytes: 12
            }
        );
        let mut text: Vec<String> = Vec::new();
        let counts = for_each_text_line(file.path(), |l| text.push(l.to_string()))?;
        assert_eq!(text, ["a b", "c", "", "l\u{fffd}st"]);
        assert_eq!(counts.lines, 4);
        Ok(())
    }
}
