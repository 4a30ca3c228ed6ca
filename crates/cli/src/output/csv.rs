//! The per-line CSV: `LineId,EventId,EventTemplate`, the format log-parsing benchmarks read.

use anyhow::{Context, Result};
use lognoise_miner::{ClusterId, Snapshot};
use std::path::Path;

/// Writes one row per input line, in input order, LineId counting from 1.
pub fn write_line_templates(path: &Path, snapshot: &Snapshot, lines: &[ClusterId]) -> Result<()> {
    let mut w = ::csv::Writer::from_path(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    w.write_record(["LineId", "EventId", "EventTemplate"])?;
    let mut line_id = itoa_buf();
    for (i, &c) in lines.iter().enumerate() {
        let Some(t) = snapshot.template_of(c) else {
            anyhow::bail!("internal error: line {} has no template", i + 1);
        };
        line_id.clear();
        line_id.push_str(&(i + 1).to_string());
        w.write_record([line_id.as_str(), &t.id.to_string(), &t.text])?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn itoa_buf() -> String {
    String::with_capacity(12)
}
