//! `lognoise session`: review sessions of a workspace, from the command line as in the app.

use super::location::WorkspaceArg;
use super::sparkline::sparkline;
use super::time::format_time;
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, ContentArrangement, Table};
use lognoise_miner::TemplateId;
use lognoise_session::{
    default_user, format_usd, list_sessions, queue, summary, DecisionInput, NewSession, QueueOrder,
    QueueRow, RowKind, SessionFile, Verdict,
};
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// Schema name of `lognoise session show --json`.
pub const QUEUE_SCHEMA: &str = "lognoise.session-queue/v1";

/// Longest template text shown in a cell.
const MAX_CELL: usize = 90;

/// Characters of the sparkline in `show`.
const SPARK_WIDTH: usize = 20;

/// Arguments of `lognoise session`.
#[derive(Args, Debug)]
pub struct SessionArgs {
    #[command(subcommand)]
    pub command: SessionCommand,
}

/// What `lognoise session` does.
#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Start a session on the workspace's current sample; decisions of earlier sessions are
    /// carried over.
    New(NewArgs),
    /// List the workspace's sessions, oldest first.
    List(ListArgs),
    /// The review queue: templates in review order with their monthly cost and decision.
    Show(ShowArgs),
    /// Decide about a template: noise, keep, signal, or undecided.
    Decide(DecideArgs),
    /// The meeting summary in Markdown, ready to paste into meeting notes.
    Summary(SummaryArgs),
    /// Merge templates that are one message; the first id stands for the merge.
    Merge(MergeArgs),
    /// Split a template by the values of one of its variables, to decide each value apart.
    Split(SplitArgs),
    /// Change a session's reviewers or price per GB after it was created.
    Set(SetArgs),
}

/// Which session.
#[derive(Args, Debug, Clone)]
pub struct SessionName {
    /// Session name (or file name) [default: the newest session].
    #[arg(long, value_name = "NAME")]
    pub session: Option<String>,
}

/// Arguments of `lognoise session new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// Name of the session, such as "2026-03 graph club".
    pub name: String,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Someone in the room (repeat for each).
    #[arg(long = "reviewer", value_name = "NAME")]
    pub reviewers: Vec<String>,
    /// Price per GB ingested, in dollars [default: 0.50, CloudWatch Logs standard ingestion].
    #[arg(long, value_name = "USD")]
    pub price_per_gb: Option<f64>,
    /// The session to compare with and carry decisions over from [default: the newest].
    #[arg(long, value_name = "NAME", conflicts_with = "fresh")]
    pub previous: Option<String>,
    /// Carry nothing over and compare with no earlier session.
    #[arg(long)]
    pub fresh: bool,
    /// Print the new session as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `lognoise session list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Print the sessions as JSON.
    #[arg(long)]
    pub json: bool,
}

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

/// Verdicts as typed.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum VerdictArg {
    /// Suppress these lines.
    Noise,
    /// Keep them; no rule.
    Keep,
    /// They carry signal: never suppress.
    Signal,
    /// No verdict (yet).
    Undecided,
}

/// Arguments of `lognoise session decide`.
#[derive(Args, Debug)]
pub struct DecideArgs {
    /// Template id (as `lognoise session show` prints it).
    pub template: TemplateId,
    /// The verdict.
    #[arg(value_enum)]
    pub verdict: VerdictArg,
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Owner team ("" removes it).
    #[arg(long, value_name = "TEAM")]
    pub owner: Option<String>,
    /// Why ("" removes it).
    #[arg(long)]
    pub note: Option<String>,
    /// Where the decision applies, KEY=VALUE: environment (or env), service, team, version, or
    /// any other key; an empty value removes the label. Repeat for more.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    pub labels: Vec<(String, String)>,
    /// Who decides [default: `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the decision as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `lognoise session summary`.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Print the summary as JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
    /// Write it to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `lognoise session merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The template that stands for the merge.
    pub into: TemplateId,
    /// Templates to merge into it.
    #[arg(required_unless_present = "undo")]
    pub members: Vec<TemplateId>,
    /// Undo the merge of INTO instead.
    #[arg(long)]
    pub undo: bool,
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Who merges [default: `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// Arguments of `lognoise session split`.
#[derive(Args, Debug)]
pub struct SplitArgs {
    /// The template to split.
    pub template: TemplateId,
    /// Values that each become a template of their own.
    #[arg(required_unless_present = "undo")]
    pub values: Vec<String>,
    /// Which variable (`<*>`) of the template, counting from 0.
    #[arg(long, value_name = "N", required_unless_present = "undo")]
    pub variable: Option<usize>,
    /// Undo the split of TEMPLATE instead (its parts' decisions are dropped).
    #[arg(long)]
    pub undo: bool,
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Who splits [default: `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the parts as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_label(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not a label: write KEY=VALUE, such as env=prod or service=checkout"
        )),
    }
}

/// Runs `lognoise session ...`.
pub fn run(args: &SessionArgs) -> Result<()> {
    match &args.command {
        SessionCommand::New(a) => new(a),
        SessionCommand::List(a) => list(a),
        SessionCommand::Show(a) => show(a),
        SessionCommand::Decide(a) => decide(a),
        SessionCommand::Summary(a) => summarise(a),
        SessionCommand::Merge(a) => merge(a),
        SessionCommand::Split(a) => split(a),
        SessionCommand::Set(a) => set(a),
    }
}

/// [`open`], with the changes recorded as `by`'s when the reviewer is named.
fn open_acting(ws: &Workspace, name: &SessionName, by: Option<&str>) -> Result<SessionFile> {
    let mut file = open(ws, name)?;
    if let Some(by) = by {
        file.set_actor(by);
    }
    Ok(file)
}

fn open(ws: &Workspace, name: &SessionName) -> Result<SessionFile> {
    open_named_or_newest(ws, name.session.as_deref())
}

/// The session named `name` (by name or file name), or the newest one: how every command that
/// reads a session picks it when `--session` is left out.
pub(crate) fn open_named_or_newest(ws: &Workspace, name: Option<&str>) -> Result<SessionFile> {
    if let Some(n) = name {
        return Ok(SessionFile::open_named(ws, n)?);
    }
    match list_sessions(ws)?.pop() {
        Some(s) => Ok(SessionFile::open(&s.path)?),
        None => bail!(
            "{} has no review session yet: start one with `lognoise session new NAME`",
            ws.root().display()
        ),
    }
}

fn print_json(value: &impl Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn new(args: &NewArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = SessionFile::create(
        &ws,
        NewSession {
            name: args.name.clone(),
            reviewers: args.reviewers.clone(),
            price_per_gb_usd: args.price_per_gb,
            previous: args.previous.clone(),
            fresh: args.fresh,
            created_at_ms: None,
        },
    )?;
    let s = file.session();
    if args.json {
        return print_json(s);
    }
    let carried = s
        .decisions
        .values()
        .filter(|d| d.carried_over.is_some())
        .count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "session `{}` created: {}",
        s.name,
        file.path().display()
    )?;
    writeln!(
        out,
        "{} templates, {} decisions carried over{}",
        s.templates.len(),
        carried,
        s.previous
            .as_deref()
            .map(|p| format!(" (previous session: {p})"))
            .unwrap_or_default()
    )?;
    writeln!(out, "next: lognoise session show --session '{}'", s.name)?;
    Ok(())
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

fn list(args: &ListArgs) -> Result<()> {
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

/// `show --json`.
#[derive(Serialize)]
struct QueueDoc<'a> {
    schema: &'static str,
    session: &'a str,
    order: QueueOrder,
    price_per_gb_usd: f64,
    sample: &'a lognoise_session::SessionSample,
    templates: Vec<QueueRow>,
}

fn show(args: &ShowArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = open(&ws, &args.session)?;
    let s = file.session();
    let order = QueueOrder::from(args.order);
    let mut rows = queue(&ws, s, order)?;
    if args.undecided {
        rows.retain(|r| r.decision.as_ref().and_then(|d| d.verdict).is_none());
    }
    if args.json {
        return print_json(&QueueDoc {
            schema: QUEUE_SCHEMA,
            session: &s.name,
            order,
            price_per_gb_usd: s.price_per_gb_usd,
            sample: &s.sample,
            templates: rows,
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
    if s.sample.workspace_generation != ws.manifest().generation {
        writeln!(
            out,
            "note: the workspace had more imports since this session was created; its figures \
             are the workspace's now"
        )?;
    }
    Ok(())
}

fn decide(args: &DecideArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open(&ws, &args.session)?;
    let verdict = match args.verdict {
        VerdictArg::Noise => Some(Verdict::Noise),
        VerdictArg::Keep => Some(Verdict::Keep),
        VerdictArg::Signal => Some(Verdict::Signal),
        VerdictArg::Undecided => None,
    };
    adopt_new_templates(&ws, &mut file, &[args.template])?;
    let labels: BTreeMap<String, String> = args.labels.iter().cloned().collect();
    file.decide(
        args.template,
        DecisionInput {
            verdict,
            owner: args.owner.clone(),
            note: args.note.clone(),
            labels,
            decided_by: args.by.clone().or_else(default_user),
            decided_at_ms: None,
        },
    )
    .with_context(|| format!("session `{}`", file.session().name))?;
    let s = file.session();
    let d = s.decision(args.template);
    if args.json {
        return print_json(&serde_json::json!({
            "session": s.name,
            "template_id": args.template,
            "decision": d,
        }));
    }
    let text = s.text_of(args.template).unwrap_or("");
    writeln!(
        std::io::stdout().lock(),
        "{} {}: {}",
        d.and_then(|d| d.verdict)
            .map_or("undecided".to_string(), |v| v.to_string()),
        args.template,
        clip(text)
    )?;
    Ok(())
}

/// Templates imported after the session was created are shown in its queue; deciding, merging
/// or splitting one first adds the workspace's new templates to the session.
fn adopt_new_templates(ws: &Workspace, file: &mut SessionFile, ids: &[TemplateId]) -> Result<()> {
    let s = file.session();
    let unseen = ids
        .iter()
        .any(|&id| s.text_of(id).is_none() && ws.templates().get(id).is_some());
    if unseen {
        file.add_templates(ws)?;
    }
    Ok(())
}

fn summarise(args: &SummaryArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = open(&ws, &args.session)?;
    let s = summary(&ws, file.session())?;
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&s)?;
        t.push('\n');
        t
    } else {
        s.to_markdown()
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

fn merge(args: &MergeArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open_acting(&ws, &args.session, args.by.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.undo {
        file.unmerge(args.into)?;
        writeln!(out, "merge into {} undone", args.into)?;
        return Ok(());
    }
    let mut ids = args.members.clone();
    ids.push(args.into);
    adopt_new_templates(&ws, &mut file, &ids)?;
    for &member in &args.members {
        file.merge(args.into, member)?;
        writeln!(out, "{member} merged into {}", args.into)?;
    }
    Ok(())
}

fn split(args: &SplitArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open_acting(&ws, &args.session, args.by.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.undo {
        file.unsplit(args.template)?;
        writeln!(out, "split of {} undone", args.template)?;
        return Ok(());
    }
    let Some(variable) = args.variable else {
        bail!("say which variable to split by with --variable N (from 0)");
    };
    adopt_new_templates(&ws, &mut file, &[args.template])?;
    file.split(args.template, variable, &args.values)?;
    let Some(split) = file.session().split_of(args.template) else {
        bail!(
            "internal error: the split of {} was not recorded",
            args.template
        );
    };
    if args.json {
        return print_json(split);
    }
    for p in &split.parts {
        writeln!(out, "{}  {}", p.id, clip(&p.text))?;
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

fn clip(s: &str) -> String {
    crate::output::table::clip_cell(s, MAX_CELL)
}

/// Arguments of `lognoise session set`.
#[derive(Args, Debug)]
pub struct SetArgs {
    /// Name of the session (or its file name).
    pub name: String,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Someone in the room (repeat for each); the list given replaces the session's.
    #[arg(
        long = "reviewer",
        value_name = "NAME",
        conflicts_with = "no_reviewers"
    )]
    pub reviewers: Vec<String>,
    /// Remove every reviewer.
    #[arg(long)]
    pub no_reviewers: bool,
    /// Price per GB ingested, in dollars; the session's costs and savings follow it.
    #[arg(long, value_name = "USD")]
    pub price_per_gb: Option<f64>,
    /// Print the session as JSON.
    #[arg(long)]
    pub json: bool,
}

fn set(args: &SetArgs) -> Result<()> {
    let reviewers = if args.no_reviewers {
        Some(Vec::new())
    } else if args.reviewers.is_empty() {
        None
    } else {
        Some(
            args.reviewers
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
        )
    };
    if reviewers.is_none() && args.price_per_gb.is_none() {
        bail!("nothing to change: give --reviewer NAME (repeat for each), --no-reviewers or --price-per-gb USD");
    }
    let ws = args.workspace.open()?;
    let mut file = SessionFile::open_named(&ws, &args.name)?;
    // The price is checked first, so a bad price changes nothing at all.
    if let Some(price) = args.price_per_gb {
        file.set_price(price)?;
    }
    if let Some(reviewers) = reviewers {
        file.set_reviewers(reviewers)?;
    }
    let s = file.session();
    if args.json {
        return print_json(s);
    }
    writeln!(
        std::io::stdout().lock(),
        "session `{}`: reviewers {}; ${}/GB",
        s.name,
        if s.reviewers.is_empty() {
            "none".to_string()
        } else {
            s.reviewers.join(", ")
        },
        s.price_per_gb_usd
    )?;
    Ok(())
}
