//! The read loop every contender shares, the I/O floor included: whatever a contender costs
//! above the floor is its mining alone.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Read buffer size, the same as the `lognoise` command line uses, so the floor is the one the
/// product pays.
const READ_BUFFER: usize = 1 << 20;

/// What one pass over a file saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Lines, the last one counted even without a final newline.
    pub lines: u64,
    /// Bytes, line ends included: the file size when the pass read it all.
    pub bytes: u64,
}

/// Calls `f` with every line of `path` without its `\n` or `\r\n`, in order. Lines are bytes:
/// decoding is each contender's own cost.
pub fn for_each_line(path: &Path, mut f: impl FnMut(&[u8])) -> Result<Counts> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    let mut buf = Vec::with_capacity(4096);
    let mut counts = Counts::default();
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            return Ok(counts);
        }
        counts.lines += 1;
        counts.bytes += n as u64;
        let mut line = buf.as_slice();
        if let Some(rest) = line.strip_suffix(b"\n") {
            line = rest;
        }
        if let Some(rest) = line.strip_suffix(b"\r") {
            line = rest;
        }
        f(line);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn strips_line_ends_and_counts_a_last_line_without_newline() -> Result<()> {
        let mut file = tempfile::NamedTempFile::new()?;
        file.write_all(b"a b\r\nc\n\nlast")?;
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let counts = for_each_line(file.path(), |l| seen.push(l.to_vec()))?;
        assert_eq!(seen, [&b"a b"[..], b"c", b"", b"last"]);
        assert_eq!(
            counts,
            Counts {
                lines: 4,
                bytes: 12
            }
        );
        Ok(())
    }
}
