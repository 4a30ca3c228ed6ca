//! `lognoise templates`: a workspace's templates by volume, with their counts over time.

use super::location::WorkspaceArg;
use super::sparkline::sparkline;
use super::time::format_time;
use anyhow::Result;
use clap::Args;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_index::DEFAULT_BUCKETS;
use lognoise_workspace::Workspace;
use std::io::Write;

/// Longest template text shown in a cell.
const MAX_CELL: usize = 100;

/// Arguments of `lognoise templates`.
#[derive(Args, Debug)]
pub struct TemplatesArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Print every template as JSON (schema `lognoise.workspace-templates-report/v1`), with a
    /// count per time bucket for sparklines.
    #[arg(long)]
    pub json: bool,
    /// How many templates the table shows (0 shows all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Time buckets of each count series.
    #[arg(long, default_value_t = DEFAULT_BUCKETS)]
    pub buckets: usize,
    /// List the templates most like this log line (or template with <*>), best first, with a
    /// similarity score from 0 to 1.
    #[arg(long, value_name = "LINE")]
    pub like: Option<String>,
    /// How many templates --like lists.
    #[arg(long, default_value_t = 10, requires = "like")]
    pub limit: usize,
}

/// Schema name of the JSON `lognoise templates --like --json` prints.
pub const NEAREST_SCHEMA: &str = "lognoise.nearest-templates/v1";

/// Runs `lognoise templates`.
pub fn run(args: &TemplatesArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    if let Some(line) = &args.like {
        return like(&ws, line, args);
    }
    let report = lognoise_index::templates(&ws, args.buckets.max(1))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "count",
            "share",
            "bytes",
            "first seen",
            "last seen",
            "over time",
            "id",
            "template",
        ]);
    let shown = if args.top == 0 {
        report.templates.len()
    } else {
        args.top.min(report.templates.len())
    };
    for t in &report.templates[..shown] {
        let time = |t: Option<i64>| t.map(format_time).unwrap_or_else(|| "-".into());
        table.add_row(vec![
            Cell::new(t.count).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.1}%", 100.0 * t.share)).set_alignment(CellAlignment::Right),
            Cell::new(t.bytes).set_alignment(CellAlignment::Right),
            Cell::new(time(t.first_seen)),
            Cell::new(time(t.last_seen)),
            Cell::new(sparkline(&t.series)),
            Cell::new(t.id.to_string()),
            Cell::new(clip(&t.text)),
        ]);
    }
    writeln!(out, "{table}")?;
    let hidden = report.templates.len() - shown;
    writeln!(
        out,
        "{} events, {} templates{}",
        report.events,
        report.templates.len(),
        if hidden > 0 {
            format!(" ({hidden} more not shown; --top 0 shows all)")
        } else {
            String::new()
        }
    )?;
    Ok(())
}

/// `--like`: the templates nearest to a line.
fn like(ws: &Workspace, line: &str, args: &TemplatesArgs) -> Result<()> {
    let asked = lognoise_index::question_template(line);
    let near = lognoise_index::nearest_templates(ws, line, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let doc = serde_json::json!({
            "schema": NEAREST_SCHEMA,
            "query": line,
            "query_template": asked,
            "templates": near,
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["score", "count", "id", "template"]);
    for t in &near {
        table.add_row(vec![
            Cell::new(format!("{:.2}", t.score)).set_alignment(CellAlignment::Right),
            Cell::new(t.count).set_alignment(CellAlignment::Right),
            Cell::new(t.id.to_string()),
            Cell::new(clip(&t.text)),
        ]);
    }
    writeln!(out, "as a template: {}", clip(&asked))?;
    writeln!(out, "{table}")?;
    Ok(())
}

fn clip(s: &str) -> String {
    crate::output::table::clip_cell(&crate::output::table::readable(s), MAX_CELL)
}
