//! `lognoise session show`: the review queue as a table or JSON.

use super::{clip, open, print_json, SessionName};
use crate::commands::location::WorkspaceArg;
use crate::commands::sparkline::sparkline;
use anyhow::Result;
use clap::{Args, ValueEnum};
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_session::{
    format_usd, queue, CostBasis, QueueOrder, QueueReaders, QueueRow, RowKind, RowReader,
};
use serde::Serialize;
use std::io::Write;

/// Schema name of `lognoise session show --json`.
const QUEUE_SCHEMA: &str = "lognoise.session-queue/v1";

/// Characters of the sparkline in `show`.
const SPARK_WIDTH: usize = 20;

/// Review orders as typed.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Order {
    /// Highest estimated monthly cost first.
    Cost,
    /// Most events first.
    Volume,
    /// New templates, then fastest growing against the previous session.
    Growth,
    /// New templates since the previous session first, then by cost.
    New,
}

impl From<Order> for QueueOrder {
    fn from(o: Order) -> QueueOrder {
        match o {
            Order::Cost => QueueOrder::Cost,
            Order::Volume => QueueOrder::Volume,
            Order::Growth => QueueOrder::Growth,
            Order::New => QueueOrder::New,
        }
    }
}

/// Arguments of `lognoise session show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Review order.
    #[arg(long, value_enum, default_value = "cost")]
    pub order: Order,
    /// Only templates with no verdict yet.
    #[arg(long)]
    pub undecided: bool,
    /// How many templates the table shows (0 shows all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Print the queue as JSON (schema `lognoise.session-queue/v1`), every template.
    #[arg(long)]
    pub json: bool,
}

/// `show --json`.
#[derive(Serialize)]
struct QueueDoc<'a> {
    schema: &'static str,
    session: &'a str,
    order: QueueOrder,
    price_per_gb_usd: f64,
    infrequent_access_price_per_gb_usd: f64,
    storage_price_per_gb_month_usd: f64,
    insights_price_per_gb_usd: f64,
    /// Whether figures price ingestion alone (`session set --ingestion-only`).
    ingestion_only: bool,
    /// How the costs are priced, in one line.
    priced: String,
    /// Each log group's price per ingested GB, part by part.
    group_prices: Vec<lognoise_session::GroupPrice>,
    sample: &'a lognoise_session::SessionSample,
    /// Whether the workspace records what reads its groups; without it `read_by` says nothing.
    readers_known: bool,
    templates: Vec<ShowRow>,
}

/// A queue row with what reads its lines.
#[derive(Serialize)]
struct ShowRow {
    #[serde(flatten)]
    row: QueueRow,
    read_by: Vec<RowReader>,
}

/// Readers a row of the table names; the rest are counted.
const READERS_SHOWN: usize = 2;

pub(super) fn show(args: &ShowArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = open(&ws, &args.session)?;
    let s = file.session();
    let order = QueueOrder::from(args.order);
    let mut rows = queue(&ws, s, order)?;
    if args.undecided {
        rows.retain(|r| r.decision.as_ref().and_then(|d| d.verdict).is_none());
    }
    let readers = QueueReaders::of_workspace(&ws)?;
    if args.json {
        return print_json(&QueueDoc {
            schema: QUEUE_SCHEMA,
            session: &s.name,
            order,
            price_per_gb_usd: s.price_per_gb_usd,
            infrequent_access_price_per_gb_usd: s.infrequent_access_price(),
            storage_price_per_gb_month_usd: s.storage_price(),
            insights_price_per_gb_usd: s.insights_price(),
            ingestion_only: s.ingestion_only,
            priced: CostBasis::of_session(s).priced(),
            group_prices: CostBasis::of_session(s).group_prices(),
            sample: &s.sample,
            readers_known: readers.known(),
            templates: rows
                .into_iter()
                .map(|row| ShowRow {
                    read_by: readers.of_row(&row),
                    row,
                })
                .collect(),
        });
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "verdict",
            "owner",
            "$/month",
            "count",
            "growth",
            "over time",
            "id",
            "template",
        ]);
    let shown = if args.top == 0 {
        rows.len()
    } else {
        args.top.min(rows.len())
    };
    let mut carried = false;
    for r in &rows[..shown] {
        let d = r.decision.as_ref();
        let mut verdict = d
            .and_then(|d| d.verdict)
            .map_or("-".to_string(), |v| v.to_string());
        if let Some(n) = d.and_then(|d| d.keep_one_in) {
            verdict.push_str(&format!(" 1/{n}"));
        }
        if d.is_some_and(|d| d.carried_over.is_some()) {
            verdict.push('*');
            carried = true;
        }
        let growth = if r.is_new {
            "new".to_string()
        } else {
            r.growth
                .map(|g| format!("{:+.0}%", 100.0 * g))
                .unwrap_or_else(|| "-".into())
        };
        // A JSON template reads from its message, as in `templates`; --json keeps the text.
        let mut text = clip(&crate::output::table::readable(&r.text));
        match r.kind {
            RowKind::Merged => text.push_str(&format!("\n  + {} merged", r.members.len())),
            RowKind::SplitRest => text.push_str("\n  (values not split out)"),
            RowKind::SplitPart | RowKind::Template => {}
        }
        let read_by = readers.of_row(r);
        if !read_by.is_empty() {
            let mut named: Vec<String> = read_by
                .iter()
                .take(READERS_SHOWN)
                .map(|x| x.description.clone())
                .collect();
            if read_by.len() > READERS_SHOWN {
                named.push(format!("{} more", read_by.len() - READERS_SHOWN));
            }
            text.push_str(&format!("\n  read by: {}", named.join("; ")));
        }
        table.add_row(vec![
            Cell::new(verdict),
            Cell::new(d.and_then(|d| d.owner.clone()).unwrap_or_default()),
            Cell::new(format!(
                "{}{}",
                if r.estimated { "≤" } else { "" },
                format_usd(r.monthly_cost_usd)
            ))
            .set_alignment(CellAlignment::Right),
            Cell::new(r.count).set_alignment(CellAlignment::Right),
            Cell::new(growth).set_alignment(CellAlignment::Right),
            Cell::new(sparkline(&fold(&r.series, SPARK_WIDTH))),
            Cell::new(r.id.to_string()),
            Cell::new(text),
        ]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{table}")?;
    let decided = rows
        .iter()
        .filter(|r| r.decision.as_ref().and_then(|d| d.verdict).is_some())
        .count();
    let hidden = rows.len() - shown;
    writeln!(
        out,
        "session `{}`: {} templates, {decided} decided{}{}",
        s.name,
        rows.len(),
        if carried {
            "; * carried over from an earlier session"
        } else {
            ""
        },
        if hidden > 0 {
            format!(" ({hidden} more not shown; --top 0 shows all)")
        } else {
            String::new()
        }
    )?;
    let basis = CostBasis::of_session(s);
    writeln!(out, "{}", basis.priced())?;
    if s.ingestion_only {
        writeln!(
            out,
            "ingestion only: `lognoise session set '{}' --billed` prices storage and scans too",
            s.name
        )?;
    } else if basis.bills_beyond_ingestion() {
        writeln!(
            out,
            "with storage and Insights scans: `lognoise session set '{}' --ingestion-only` prices ingestion alone",
            s.name
        )?;
    }
    if s.sample.workspace_generation != ws.manifest().generation {
        writeln!(
            out,
            "note: the workspace had more imports since this session was created; its figures \
             are the workspace's now"
        )?;
    }
    Ok(())
}

/// Adds neighbouring buckets so the series is at most `width` long.
fn fold(series: &[u64], width: usize) -> Vec<u64> {
    if series.len() <= width {
        return series.to_vec();
    }
    let per = series.len().div_ceil(width);
    series.chunks(per).map(|c| c.iter().sum()).collect()
}
