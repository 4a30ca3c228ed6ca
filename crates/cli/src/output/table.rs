//! The table people read: templates by volume with their share and an example.

use anyhow::Result;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_miner::Snapshot;
use std::io::Write;

/// Longest template or example text shown in a cell.
const MAX_CELL: usize = 120;

/// What a table shows of a template or a line: a JSON object reordered to read from its message
/// (`lognoise_miner::headline`), anything else as it is. JSON and CSV outputs keep the text.
pub fn readable(text: &str) -> std::borrow::Cow<'_, str> {
    match lognoise_miner::headline(text) {
        Some(h) => std::borrow::Cow::Owned(h.text),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Prints the `top` largest templates (all when `top` is 0) and a summary line.
pub fn print_templates(snapshot: &Snapshot, top: usize) -> Result<()> {
    let templates = snapshot.templates();
    let lines = snapshot.lines().max(1);
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["count", "share", "bytes", "id", "template / example"]);
    let shown = if top == 0 {
        templates.len()
    } else {
        top.min(templates.len())
    };
    for t in &templates[..shown] {
        let example = t.examples.first().map(String::as_str).unwrap_or("");
        table.add_row(vec![
            Cell::new(t.count).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}%", 100.0 * t.count as f64 / lines as f64))
                .set_alignment(CellAlignment::Right),
            Cell::new(human_bytes(t.bytes)).set_alignment(CellAlignment::Right),
            Cell::new(t.id.to_string()),
            Cell::new(format!(
                "{}\n  e.g. {}",
                clip_cell(&readable(&t.text), MAX_CELL),
                clip_cell(&readable(example), MAX_CELL)
            )),
        ]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{table}")?;
    let hidden = templates.len() - shown;
    writeln!(
        out,
        "{} lines, {} templates{}",
        snapshot.lines(),
        templates.len(),
        if hidden > 0 {
            format!(" ({hidden} more not shown; --top 0 shows all)")
        } else {
            String::new()
        }
    )?;
    Ok(())
}

/// Cuts long text to `max` bytes and shows control characters (tabs in Lambda lines, escape
/// sequences) as spaces, so that a cell never moves the table around on a terminal.
pub(crate) fn clip_cell(s: &str, max: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let s = s.as_str();
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
