//! The per-line CSV: `LineId,EventId,EventTemplate`, the format log-parsing benchmarks read.

use anyhow::{Context, Result};
use lognoise_miner::{ClusterId, Snapshot};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes one row per input line, in input order, LineId counting from 1.
///
/// A million lines make a million rows of a few hundred templates, so each template's
/// `,EventId,EventTemplate` is quoted by the CSV writer once and each row is its line number
/// and those bytes: formatting and quoting every row took a fifth of a `mine --csv` run.
pub fn write_line_templates(path: &Path, snapshot: &Snapshot, lines: &[ClusterId]) -> Result<()> {
    let writing = || format!("writing {}", path.display());
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut rows = Vec::with_capacity(snapshot.templates().len());
    for t in snapshot.templates() {
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
        w.write_record(["", &t.id.to_string(), &t.text])?;
        rows.push(w.into_inner().map_err(|e| e.into_error())?);
    }
    out.write_all(b"LineId,EventId,EventTemplate\n")
        .with_context(writing)?;
    let mut number = itoa::Buffer::new();
    for (i, &c) in lines.iter().enumerate() {
        let Some(row) = snapshot.template_index_of(c).and_then(|t| rows.get(t)) else {
            anyhow::bail!("internal error: line {} has no template", i + 1);
        };
        out.write_all(number.format(i + 1).as_bytes())
            .with_context(writing)?;
        out.write_all(row).with_context(writing)?;
    }
    out.flush().with_context(writing)?;
    Ok(())
}
