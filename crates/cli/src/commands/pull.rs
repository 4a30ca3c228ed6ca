//! `lognoise pull`: a sample of CloudWatch Logs events into a workspace, mined and indexed as
//! it arrives; or, with `--patterns`, the patterns Logs Insights mines server-side.

use super::aws::{with_flag, AwsArgs};
use super::groups::human_bytes;
use super::location::WorkspaceArg;
use super::time::{format_time, parse_time_spec};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use lognoise_cloudwatch::{Cancel, PullProgress, PullSpec, Via};
use lognoise_workspace::Workspace;
use std::io::{IsTerminal, Write};

/// The API a pull reads through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ViaArg {
    /// FilterLogEvents pages; --filter is a CloudWatch filter pattern
    Filter,
    /// Logs Insights queries; --filter is a Logs Insights filter expression
    Insights,
}

/// Arguments of `lognoise pull`.
#[derive(Args, Debug)]
pub struct PullArgs {
    /// Log group to sample (repeat for several)
    #[arg(long = "group", value_name = "NAME", required = true)]
    pub groups: Vec<String>,
    /// Start of the window: a duration before now (24h, 7d) or a time (2026-03-02T10:00:00Z)
    #[arg(long, value_name = "TIME", default_value = "24h")]
    pub since: String,
    /// End of the window (same forms as --since) [default: now]
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only matching events: a CloudWatch filter pattern (`ERROR`, `"payment declined"`), or
    /// with --via insights a Logs Insights filter expression (`@message like /ERROR/`)
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
    /// Events to pull, spread evenly over the window
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub sample: u64,
    /// API to read through
    #[arg(long, value_enum, default_value_t = ViaArg::Filter)]
    pub via: ViaArg,
    /// Let Logs Insights mine the window (`pattern @message`) and keep its patterns as the
    /// workspace's CloudWatch patterns, instead of pulling events
    #[arg(long)]
    pub patterns: bool,
    /// Slices of the window read at once
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Slices each log group's window is cut into [default: one per 1,000 events, 4 to 240]
    #[arg(long, value_name = "N")]
    pub slices: Option<u32>,
    /// Events per workspace commit (what a stop can lose at most)
    #[arg(long, value_name = "N", default_value_t = 5_000, hide = true)]
    pub batch: u64,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Do not read what reads the log groups (metric filters, the alarms on their metrics,
    /// subscription filters) after the pull
    #[arg(long)]
    pub no_dependents: bool,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `lognoise pull`.
pub fn run(args: &PullArgs) -> Result<()> {
    let spec = PullSpec {
        groups: args.groups.clone(),
        since: parse_time_spec(&args.since)?,
        until: args.until.as_deref().map(parse_time_spec).transpose()?,
        filter: args.filter.clone(),
        sample: args.sample,
        via: match args.via {
            ViaArg::Filter => Via::FilterLogEvents,
            ViaArg::Insights => Via::Insights,
        },
    };
    let mut request = spec
        .check(jiff::Timestamp::now().as_millisecond())
        .map_err(with_flag)?;
    request.slices = args.slices;
    request.concurrency = args.concurrency;
    request.batch_events = args.batch;
    let (start, end) = (request.window_start_ms, request.window_end_ms);
    let path = args.workspace.path()?;
    let mut ws = Workspace::open_or_create(&path)
        .with_context(|| format!("opening workspace {}", path.display()))?;
    let cw = args.aws.connect()?;
    if args.patterns {
        patterns(args, &cw, &ws, start, end)?;
        return read_dependents(args, &cw, &ws, &Cancel::new());
    }
    let cancel = cw.cancel_on_ctrl_c();
    let bar = progress_bar(args.quiet);
    let started = std::time::Instant::now();
    let report = cw.pull(&mut ws, &request, &cancel, &mut |p: &PullProgress| {
        if let Some(bar) = &bar {
            bar.set_length(p.target);
            bar.set_position(p.events.min(p.target));
            bar.set_message(format!(
                "{} events, {}, {} pages{}",
                p.events,
                human_bytes(p.bytes),
                p.pages,
                match p.throttled {
                    0 => String::new(),
                    n => format!(", {n} throttled"),
                }
            ));
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = report?;
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        drop(out);
        return read_dependents(args, &cw, &ws, &cancel);
    }
    if args.quiet {
        return read_dependents(args, &cw, &ws, &cancel);
    }
    let mut out = std::io::stdout().lock();
    let state = if report.complete {
        "complete"
    } else {
        "stopped: run the same command again to resume"
    };
    writeln!(
        out,
        "pulled {} events in {:.1} s{} ({} of {} wanted, {state}) into {}: {} events",
        report.events,
        started.elapsed().as_secs_f64(),
        if report.resumed { ", resuming" } else { "" },
        report.pull_events,
        args.sample,
        path.display(),
        report.total_events,
    )?;
    if let Some(s) = &report.sample {
        write!(
            out,
            "sample: {} of messages from {} to {}",
            human_bytes(s.bytes),
            format_time(s.window_start_ms),
            format_time(s.window_end_ms)
        )?;
        if let Some(stored) = s.stored_bytes {
            write!(
                out,
                "; the window holds about {} (1 byte pulled stands for {:.1})",
                human_bytes(stored),
                s.scale()
            )?;
        }
        writeln!(out)?;
    }
    drop(out);
    read_dependents(args, &cw, &ws, &cancel)
}

/// Reads what reads the pulled log groups into the workspace. What cannot be read is a
/// warning naming the permission to grant, never a failed pull: the events are in already.
/// A pull stopped with Ctrl-C stops here too; the run that resumes it reads them.
fn read_dependents(
    args: &PullArgs,
    cw: &lognoise_cloudwatch::CloudWatch,
    ws: &Workspace,
    cancel: &Cancel,
) -> Result<()> {
    if args.no_dependents || cancel.is_cancelled() {
        return Ok(());
    }
    let read = cw.read_dependents_into(&args.groups, ws);
    for warning in &read.warnings {
        eprintln!("lognoise: warning: {warning}");
    }
    if !read.kept || args.quiet || args.json {
        return Ok(());
    }
    let c = read.counts;
    println!(
        "read by: {} metric filter{} ({} alarm{}), {} subscription filter{}, {} account \
         subscription polic{}, {} saved quer{}, {} dashboard widget{} and {} other quer{} run \
         recently; `lognoise dependents` shows which templates each reads",
        c.metric_filters,
        plural(c.metric_filters),
        c.alarms,
        plural(c.alarms),
        c.subscription_filters,
        plural(c.subscription_filters),
        c.account_policies,
        if c.account_policies == 1 { "y" } else { "ies" },
        c.saved_queries,
        if c.saved_queries == 1 { "y" } else { "ies" },
        c.dashboard_widgets,
        plural(c.dashboard_widgets),
        c.recent_queries,
        if c.recent_queries == 1 { "y" } else { "ies" },
    );
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn patterns(
    args: &PullArgs,
    cw: &lognoise_cloudwatch::CloudWatch,
    ws: &Workspace,
    start: i64,
    end: i64,
) -> Result<()> {
    let set = cw.pull_patterns(ws, &args.groups, start, end, args.filter.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &set)?;
        writeln!(out)?;
        return Ok(());
    }
    if args.quiet {
        return Ok(());
    }
    for p in &set.patterns {
        writeln!(
            out,
            "{:>10} {:>6.2}% {:<8} {}",
            p.template.count,
            p.ratio * 100.0,
            p.severity.as_deref().unwrap_or("-"),
            p.template.text
        )?;
    }
    writeln!(
        out,
        "{} patterns over {} events ({} scanned) kept in {}",
        set.patterns.len(),
        set.records_matched,
        human_bytes(set.bytes_scanned),
        lognoise_cloudwatch::PatternSet::path_in(ws).display()
    )?;
    Ok(())
}

/// A bar on standard error when it is a terminal.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg} (ETA {eta})",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
