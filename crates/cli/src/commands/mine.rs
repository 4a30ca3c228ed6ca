//! `lognoise mine`: templates of a log file, by volume.

use crate::lines::Source;
use crate::output;
use anyhow::Result;
use clap::Args;
use lognoise_miner::{ClusterId, Miner, MinerConfig};
use std::path::PathBuf;

/// Arguments of `lognoise mine`.
#[derive(Args, Debug)]
pub struct MineArgs {
    /// Log file to read, one event per line; `-` reads standard input.
    pub input: String,
    /// Also write one row per input line: `LineId,EventId,EventTemplate`.
    #[arg(long, value_name = "PRED.csv")]
    pub csv: Option<PathBuf>,
    /// Also write the templates with their statistics as JSON (schema `lognoise.templates/v1`).
    #[arg(long, value_name = "TEMPLATES.json")]
    pub json: Option<PathBuf>,
    /// How many templates the table shows (0 shows all).
    #[arg(long, default_value_t = 40)]
    pub top: usize,
    /// Print nothing on standard output (useful with --csv or --json).
    #[arg(long, short)]
    pub quiet: bool,
    /// Threads that scan lines while this one clusters them in line order (default: one per
    /// core); 0 does everything on one thread. The templates are the same whatever the count.
    #[arg(long, value_name = "N")]
    pub scan_threads: Option<usize>,
}

/// A leading RFC 3339 time (`2026-03-02T10:15:01.123Z ...`) is the event's time, as in
/// `lognoise import`, so that templates show when they were first and last seen.
fn leading_time(line: &str) -> Option<i64> {
    // Every RFC 3339 time starts with a digit of its year: most lines stop at this test.
    if !line.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let word = line.split_ascii_whitespace().next()?;
    lognoise_source::parse_rfc3339_ms(word)
}

/// Runs `lognoise mine`.
pub fn run(args: &MineArgs) -> Result<()> {
    let source = Source::parse(&args.input);
    let mut miner = Miner::new(MinerConfig::default());
    // Remember each line's cluster only when a per-line output was asked for.
    let mut line_clusters: Vec<ClusterId> = Vec::new();
    let keep_lines = args.csv.is_some();
    let scan_threads = args
        .scan_threads
        .unwrap_or_else(lognoise_miner::default_scan_threads);
    miner.ingest_text_stream(
        scan_threads,
        |sink| source.for_each_text_chunk(sink),
        leading_time,
        |c| {
            if keep_lines {
                line_clusters.push(c);
            }
        },
    )?;
    let snapshot = miner.snapshot();
    if let Some(path) = &args.csv {
        output::csv::write_line_templates(path, &snapshot, &line_clusters)?;
    }
    if let Some(path) = &args.json {
        output::json::write_templates(path, &snapshot)?;
    }
    if !args.quiet {
        output::table::print_templates(&snapshot, args.top)?;
    }
    Ok(())
}
