//! The templates file: a versioned JSON document other tools (and later lognoise versions) read.

use anyhow::{Context, Result};
use lognoise_miner::{Snapshot, Template};
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Schema name and version of the templates file; bumped on any incompatible change.
pub const TEMPLATES_SCHEMA: &str = "lognoise.templates/v1";

#[derive(Serialize)]
struct TemplatesFile<'a> {
    schema: &'static str,
    lines: u64,
    templates: &'a [Template],
}

/// Writes every template with its statistics.
pub fn write_templates(path: &Path, snapshot: &Snapshot) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer_pretty(
        &mut w,
        &TemplatesFile {
            schema: TEMPLATES_SCHEMA,
            lines: snapshot.lines(),
            templates: snapshot.templates(),
        },
    )
    .with_context(|| format!("writing {}", path.display()))?;
    w.write_all(b"\n")?;
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
