//! Reads one event per line from a file or standard input: a stray non-UTF-8 byte or a 256 KB
//! line must not stop a run, so invalid bytes are replaced and no line length limit applies.
//! The splitting itself is [`lognoise_source::for_each_line`], shared with the benchmark.

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

    /// Calls `f` with each line (without its `\n` or `\r\n`) as text, in order; invalid UTF-8
    /// is replaced by U+FFFD.
    pub fn for_each_text_line(&self, f: impl FnMut(&str)) -> Result<()> {
        self.read_with(|reader| lognoise_source::for_each_text_line(reader, f).map(drop))
    }

    /// Calls `f` with runs of whole lines as text, in order (see
    /// [`lognoise_source::for_each_text_chunk`]). The source is opened by the call, so a thread
    /// of its own can read it.
    pub fn for_each_text_chunk(&self, f: impl FnMut(&str)) -> Result<()> {
        self.read_with(|reader| lognoise_source::for_each_text_chunk(reader, f).map(drop))
    }

    /// Opens the source and reads it with `read`, naming the source in a read error.
    fn read_with(&self, read: impl FnOnce(Box<dyn Read>) -> io::Result<()>) -> Result<()> {
        read(self.open()?).with_context(|| format!("reading {}", self.name()))
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
