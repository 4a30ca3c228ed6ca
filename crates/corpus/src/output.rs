//! Writing a set in the Loghub layout the accuracy scorer reads: `X/X.log` (raw lines) and
//! `X/X.log_structured.csv` (`LineId,Content,EventId,EventTemplate`, `Content` the whole line).

use crate::error::{Error, Result};
use crate::generate::{FormatSet, LabelledLine};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The header of the truth file.
pub const TRUTH_HEADER: [&str; 4] = ["LineId", "Content", "EventId", "EventTemplate"];

/// The two files written for one set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenSet {
    /// The raw lines.
    pub log: PathBuf,
    /// The truth.
    pub truth: PathBuf,
}

/// Writes `lines` of `set` under `root/<name>/`, creating the folders.
pub fn write_set(root: &Path, set: &FormatSet, lines: &[LabelledLine]) -> Result<WrittenSet> {
    let dir = root.join(set.name());
    fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let log = dir.join(format!("{}.log", set.name()));
    let truth = dir.join(format!("{}.log_structured.csv", set.name()));
    write_log(&log, lines).map_err(|source| Error::Write {
        path: log.clone(),
        source,
    })?;
    write_truth(&truth, set, lines).map_err(|source| Error::Csv {
        path: truth.clone(),
        source,
    })?;
    Ok(WrittenSet { log, truth })
}

fn write_log(path: &Path, lines: &[LabelledLine]) -> std::io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(path)?);
    for l in lines {
        out.write_all(l.line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn write_truth(path: &Path, set: &FormatSet, lines: &[LabelledLine]) -> csv::Result<()> {
    let templates = set.templates();
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(TRUTH_HEADER)?;
    for (i, l) in lines.iter().enumerate() {
        let id = templates
            .iter()
            .position(|t| *t == l.template)
            .map_or_else(|| "E0".to_string(), |p| format!("E{}", p + 1));
        out.write_record([&(i + 1).to_string(), &l.line, &id, &l.template])?;
    }
    out.flush()?;
    Ok(())
}
