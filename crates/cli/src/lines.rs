//! Reads one event per line from a file or standard input, as bytes: a stray non-UTF-8 byte or
//! a 256 KB line must not stop a run, so decoding is left to the miner (which replaces invalid
//! bytes) and no line length limit applies.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Where lines come from.
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(std::path::PathBuf),
}

impl Source {
    /// `-` is standard input, anything else a path.
    pub fn parse(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(arg.into())
        }
    }

    fn open(&self) -> Result<Box<dyn Read>> {
        Ok(match self {
            Source::Stdin => Box::new(io::stdin().lock()),
            Source::File(p) => Box::new(open_file(p)?),
        })
    }

    /// Calls `f` with each line (without its `\n` or `\r\n`), in order. Lines are handed
    /// out of a large read buffer without copying; a line longer than the buffer grows it.
    pub fn for_each_line(&self, mut f: impl FnMut(&[u8])) -> Result<()> {
        let mut reader = self.open()?;
        let mut buf = vec![0u8; 1 << 20];
        let mut filled = 0usize;
        loop {
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            let n = read_some(&mut reader, &mut buf[filled..])
                .with_context(|| format!("reading {}", self.name()))?;
            let eof = n == 0;
            filled += n;
            let mut start = 0;
            while let Some(k) = memchr::memchr(b'\n', &buf[start..filled]) {
                f(strip_cr(&buf[start..start + k]));
                start += k + 1;
            }
            if eof {
                if start < filled {
                    f(strip_cr(&buf[start..filled]));
                }
                return Ok(());
            }
            buf.copy_within(start..filled, 0);
            filled -= start;
        }
    }

    /// A name for messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "standard input".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// One `read`, retried when interrupted by a signal.
fn read_some(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

fn open_file(p: &Path) -> Result<File> {
    File::open(p).with_context(|| {
        format!(
            "cannot open {}: check the path, or pass - to read standard input",
            p.display()
        )
    })
}
