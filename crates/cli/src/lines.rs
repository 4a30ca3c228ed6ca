//! Reads one event per line from a file or standard input, as bytes: a stray non-UTF-8 byte or
//! a 256 KB line must not stop a run, so decoding is left to the miner (which replaces invalid
//! bytes) and no line length limit applies.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
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

    /// Calls `f` with each line (without its `\n` or `\r\n`), in order.
    pub fn for_each_line(&self, mut f: impl FnMut(&[u8])) -> Result<()> {
        let mut reader = BufReader::with_capacity(1 << 20, self.open()?);
        let mut buf = Vec::with_capacity(4096);
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .with_context(|| format!("reading {}", self.name()))?;
            if n == 0 {
                return Ok(());
            }
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

    /// A name for messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "standard input".to_string(),
            Source::File(p) => p.display().to_string(),
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
