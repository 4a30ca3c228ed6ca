//! `lognoise import`: log files into a workspace, mined and indexed.

use super::location::WorkspaceArg;
use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use lognoise_index::{ImportOptions, Progress};
use lognoise_workspace::{SampleDescription, Workspace};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Problems printed per file; the rest are counted.
const SHOWN_PROBLEMS: usize = 20;

/// Arguments of `lognoise import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Files to import: plain text (one event per line), JSON lines of CloudWatch events, the
    /// JSON `aws logs filter-log-events` prints, or gzip files of CloudWatch S3 exports; `-`
    /// reads standard input. The format of each is recognised.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Log group of events whose source names none (plain text, S3 exports, AWS CLI output).
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// What the files are a sample of, when they are not all the log groups held: a JSON file
    /// with the window and each group's stored bytes and log class (see the README's Import
    /// section). Volumes and costs then scale up to what the groups stored, as for a pull.
    #[arg(long, value_name = "FILE")]
    pub sample_of: Option<PathBuf>,
    /// Print nothing but problems.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `lognoise import`.
pub fn run(args: &ImportArgs) -> Result<()> {
    let path = args.workspace.path()?;
    let mut ws = Workspace::open_or_create(&path)
        .with_context(|| format!("opening workspace {}", path.display()))?;
    let sample = args
        .sample_of
        .as_deref()
        .map(SampleDescription::read)
        .transpose()?;
    let bar = progress_bar(args.quiet);
    let options = ImportOptions {
        default_group: args.group.clone(),
        sample,
    };
    let started = std::time::Instant::now();
    let report = lognoise_index::import(&mut ws, &args.files, &options, &mut |p: Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.bytes_total.max(p.bytes_read));
            bar.set_position(p.bytes_read);
            bar.set_message(format!("{} events", p.events));
        }
    })
    .with_context(|| format!("importing into {}", path.display()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut err = std::io::stderr().lock();
    if let Some(mismatch) = &report.sample_mismatch {
        writeln!(err, "lognoise: warning: {mismatch}")?;
    }
    for s in &report.sources {
        if let Some(warning) = &s.not_text {
            writeln!(err, "lognoise: warning: {}: {warning}", s.path)?;
        }
        for p in s.problems.iter().take(SHOWN_PROBLEMS) {
            let at = match (p.line, p.column) {
                (0, _) => String::new(),
                (l, Some(c)) => format!(":{l}:{c}"),
                (l, None) => format!(":{l}"),
            };
            writeln!(err, "lognoise: warning: {}{at}: {}", s.path, p.message)?;
        }
        if s.problems.len() > SHOWN_PROBLEMS {
            writeln!(
                err,
                "lognoise: warning: {}: {} more problems not shown",
                s.path,
                s.problems.len() - SHOWN_PROBLEMS
            )?;
        }
    }
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        for s in &report.sources {
            let problems = match s.problems.len() {
                0 => String::new(),
                n => format!(", {n} unreadable parts"),
            };
            writeln!(
                out,
                "{}: {} events ({}){problems}",
                s.path,
                s.events,
                serde_json::to_value(s.format)?.as_str().unwrap_or("?")
            )?;
        }
        writeln!(
            out,
            "imported {} events in {:.1} s into {}: {} events, {} templates{}",
            report.events,
            started.elapsed().as_secs_f64(),
            path.display(),
            report.total_events,
            report.templates,
            if report.rebuilt {
                " (stored events were clustered anew and reindexed)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// A bar on standard error when it is a terminal.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} ({eta})",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
