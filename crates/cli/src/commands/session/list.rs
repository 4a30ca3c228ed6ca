//! `lognoise session list`: the workspace's sessions, oldest first.

use super::print_json;
use crate::commands::location::WorkspaceArg;
use crate::commands::time::format_time;
use anyhow::Result;
use clap::Args;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_session::{list_sessions, Verdict};
use serde::Serialize;
use std::io::Write;

/// Arguments of `lognoise session list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Print the sessions as JSON.
    #[arg(long)]
    pub json: bool,
}

/// One session in `list --json`.
#[derive(Serialize)]
struct Listed {
    name: String,
    path: String,
    created_at_ms: i64,
    reviewers: Vec<String>,
    templates: usize,
    decided: usize,
    carried_over: usize,
    noise: usize,
}

pub(super) fn list(args: &ListArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let listed: Vec<Listed> = list_sessions(&ws)?
        .into_iter()
        .map(|info| {
            let s = &info.session;
            let decided = s.decisions.values().filter(|d| d.verdict.is_some());
            Listed {
                name: s.name.clone(),
                path: info.path.display().to_string(),
                created_at_ms: s.created_at_ms,
                reviewers: s.reviewers.clone(),
                templates: s.templates.len(),
                decided: decided.clone().count(),
                carried_over: decided.clone().filter(|d| d.carried_over.is_some()).count(),
                noise: decided
                    .filter(|d| d.verdict == Some(Verdict::Noise))
                    .count(),
            }
        })
        .collect();
    if args.json {
        return print_json(&serde_json::json!({ "sessions": listed }));
    }
    let mut out = std::io::stdout().lock();
    if listed.is_empty() {
        writeln!(
            out,
            "no sessions yet: start one with `lognoise session new NAME`"
        )?;
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "name",
            "created",
            "reviewers",
            "templates",
            "decided",
            "carried over",
            "noise",
        ]);
    for l in &listed {
        table.add_row(vec![
            Cell::new(&l.name),
            Cell::new(format_time(l.created_at_ms)),
            Cell::new(l.reviewers.join(", ")),
            Cell::new(l.templates).set_alignment(CellAlignment::Right),
            Cell::new(l.decided).set_alignment(CellAlignment::Right),
            Cell::new(l.carried_over).set_alignment(CellAlignment::Right),
            Cell::new(l.noise).set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{table}")?;
    Ok(())
}
