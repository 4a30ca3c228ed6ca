//! `lognoise dependents`: what reads the sampled log groups (metric filters and the alarms on
//! their metrics, subscription filters), and which templates each of them reads.

use super::location::WorkspaceArg;
use super::time::format_time;
use anyhow::{bail, Result};
use clap::Args;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_dependents::{evaluate, Dependents, Evaluation};
use lognoise_workspace::Workspace;
use std::io::Write;

/// Longest template text shown in a cell.
const MAX_CELL: usize = 90;

/// Arguments of `lognoise dependents`.
#[derive(Args, Debug)]
pub struct DependentsArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// List the templates nothing reads too
    #[arg(long)]
    pub all: bool,
    /// Print the evaluation as JSON (schema `lognoise.template-readers/v1`)
    #[arg(long)]
    pub json: bool,
}

/// Runs `lognoise dependents`.
pub fn run(args: &DependentsArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let Some(dependents) = Dependents::read(ws.root())? else {
        bail!(
            "{} holds no record of what reads its log groups: `lognoise pull` reads it after \
             each pull (with credentials allowed logs:DescribeMetricFilters, \
             logs:DescribeSubscriptionFilters and cloudwatch:DescribeAlarmsForMetric)",
            ws.root().display()
        );
    };
    let evaluation = evaluate(&ws, &dependents)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation)?;
        writeln!(out)?;
        return Ok(());
    }
    write_dependents(&mut out, &dependents, &evaluation)?;
    write_templates(&mut out, &ws, &evaluation, args.all)?;
    Ok(())
}

fn write_dependents(
    out: &mut impl Write,
    dependents: &Dependents,
    evaluation: &Evaluation,
) -> Result<()> {
    writeln!(
        out,
        "what reads the log groups (read {} in {}):",
        format_time(dependents.read_at_ms),
        dependents.region
    )?;
    for group in &dependents.groups {
        writeln!(out, "  {}", group.log_group)?;
        let readers: Vec<_> = evaluation
            .readers
            .iter()
            .filter(|r| r.log_group == group.log_group)
            .collect();
        if readers.is_empty() && group.unread.is_empty() {
            writeln!(
                out,
                "    nothing (no metric filter, subscription filter or query)"
            )?;
        }
        for reader in readers {
            let kind = reader.kind.label();
            writeln!(
                out,
                "    {kind} {} {}: {}",
                reader.name,
                shown_pattern(&reader.pattern),
                reader.describe()
            )?;
            if let Some(why) = &reader.not_evaluable {
                writeln!(out, "      taken to read every line of the group: {why}")?;
            }
        }
        for unread in &group.unread {
            writeln!(out, "    not read: {}: {}", unread.what, unread.reason)?;
        }
    }
    Ok(())
}

/// A pattern as the user wrote it, or a word for the empty one (which reads every event).
fn shown_pattern(pattern: &str) -> String {
    if pattern.trim().is_empty() {
        "(every event)".to_string()
    } else {
        format!("`{pattern}`")
    }
}

fn write_templates(
    out: &mut impl Write,
    ws: &Workspace,
    evaluation: &Evaluation,
    all: bool,
) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["lines", "id", "template", "read by (lines read)"]);
    let mut read = 0;
    for t in &evaluation.templates {
        if !t.read_by.is_empty() {
            read += 1;
        } else if !all {
            continue;
        }
        let text = ws
            .templates()
            .get(t.template)
            .map(|template| template.text.as_str())
            .unwrap_or("");
        let readers: Vec<String> = t
            .read_by
            .iter()
            .filter_map(|r| {
                let reader = evaluation.readers.get(r.reader)?;
                Some(format!(
                    "{} ({}/{})",
                    reader.describe(),
                    r.lines_matched,
                    t.lines
                ))
            })
            .collect();
        table.add_row(vec![
            Cell::new(t.lines).set_alignment(CellAlignment::Right),
            Cell::new(t.template.to_string()),
            Cell::new(clip(text)),
            Cell::new(if readers.is_empty() {
                "nothing".to_string()
            } else {
                readers.join("\n")
            }),
        ]);
    }
    writeln!(out)?;
    if read > 0 || all {
        writeln!(out, "{table}")?;
    }
    writeln!(
        out,
        "{read} of {} templates of these log groups are read by a metric filter, a \
         subscription or a query{}",
        evaluation.templates.len(),
        if all || read == evaluation.templates.len() {
            ""
        } else {
            "; --all lists the others"
        }
    )?;
    if !evaluation.unread.is_empty() {
        writeln!(
            out,
            "incomplete: {} part(s) could not be read (above); until they are, no template of \
             those groups is known to be unread",
            evaluation.unread.len()
        )?;
    }
    if evaluation.events_elsewhere > 0 {
        writeln!(
            out,
            "{} events are in log groups whose dependents were not read",
            evaluation.events_elsewhere
        )?;
    }
    Ok(())
}

fn clip(s: &str) -> String {
    crate::output::table::clip_cell(&crate::output::table::readable(s), MAX_CELL)
}
