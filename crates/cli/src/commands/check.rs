//! `lognoise check --rules rules.json <FILE | --workspace DIR>`: what a rules file would drop,
//! per rule, with exit codes for CI.
//!
//! Exit codes: 0 when every rule is clear of the templates the rules file protects (marked
//! keep or signal); 1 when a rule matches a line of a protected template, or the rules file is
//! invalid; 2 for any other error (unreadable input, bad arguments).
//!
//! A plain file carries no templates, so its lines are mined first (as `lognoise mine` does)
//! and each line's template id compared with the protected ids; a workspace's events already
//! have theirs.

use super::location::WorkspaceArg;
use super::rules::{clip, print_report};
use crate::lines::Source;
use anyhow::{bail, Result};
use clap::Args;
use lognoise_miner::{Miner, MinerConfig};
use lognoise_rules::{
    validate, validate_workspace, CostBasis, RuleSet, SampleLine, ValidationReport,
    DEFAULT_PRICE_PER_GB_USD,
};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `lognoise check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The rules file (`lognoise rules generate` writes it).
    #[arg(long, value_name = "RULES.json")]
    pub rules: PathBuf,
    /// Log file to check, one event per line; `-` reads standard input. Without it, the
    /// workspace's events are checked.
    pub input: Option<String>,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Log group of the file's lines, for rules limited to groups.
    #[arg(long, value_name = "LOG_GROUP")]
    pub group: Option<String>,
    /// Print the report as JSON (schema `lognoise.check/v1`).
    #[arg(long)]
    pub json: bool,
}

/// Schema of `lognoise check --json`.
pub const CHECK_SCHEMA: &str = "lognoise.check/v1";

/// Runs `lognoise check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let set = match RuleSet::read(&args.rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("lognoise: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let protected = set.protected_ids();
    let (report, cost) = match &args.input {
        Some(input) => {
            if args.workspace.workspace.is_some() {
                bail!("give either a log file or --workspace DIR, not both");
            }
            let mut miner = Miner::new(MinerConfig::default());
            let mut lines: Vec<(String, lognoise_miner::ClusterId)> = Vec::new();
            Source::parse(input).for_each_text_line(|line| {
                let cluster = miner.ingest(line);
                lines.push((line.to_string(), cluster));
            })?;
            let snapshot = miner.snapshot();
            let sample = lines.into_iter().filter_map(|(message, cluster)| {
                Some(SampleLine {
                    template_id: snapshot.template_of(cluster)?.id,
                    message,
                    log_group: args.group.clone(),
                })
            });
            let report = validate(&set, sample, &protected)?;
            let cost = CostBasis::unknown(DEFAULT_PRICE_PER_GB_USD);
            (report, cost)
        }
        None => {
            let ws = args.workspace.open()?;
            let report = validate_workspace(&ws, &set, &protected)?;
            (
                report,
                CostBasis::of_new_session(&ws, DEFAULT_PRICE_PER_GB_USD)?,
            )
        }
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&mut out, &set, &report)?;
    } else {
        print_report(&mut out, &set, &report, &cost)?;
        if !report.is_clean() {
            writeln!(
                out,
                "check failed: rules drop lines of templates marked keep or signal, or lines a \
                 metric filter or subscription reads"
            )?;
        }
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_json(out: &mut impl Write, set: &RuleSet, report: &ValidationReport) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Rule<'a> {
        id: &'a str,
        template: String,
        dropped_lines: u64,
        dropped_bytes: u64,
        missed: u64,
    }
    #[derive(serde::Serialize)]
    struct Json<'a> {
        schema: &'a str,
        ok: bool,
        lines: u64,
        bytes: u64,
        dropped_lines: u64,
        dropped_bytes: u64,
        rules: Vec<Rule<'a>>,
        conflicts: &'a [lognoise_rules::Conflict],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        dependent_conflicts: &'a [lognoise_rules::DependentConflict],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        unknown_readers: &'a [lognoise_rules::UnknownReaders],
    }
    let json = Json {
        schema: CHECK_SCHEMA,
        ok: report.is_clean(),
        lines: report.lines,
        bytes: report.bytes,
        dropped_lines: report.removed_lines,
        dropped_bytes: report.removed_bytes,
        rules: set
            .rules
            .iter()
            .zip(&report.rules)
            .map(|(rule, r)| Rule {
                id: &rule.id,
                template: clip(&rule.template, 200),
                dropped_lines: r.dropped_lines,
                dropped_bytes: r.dropped_bytes,
                missed: r.missed,
            })
            .collect(),
        conflicts: &report.conflicts,
        dependent_conflicts: &report.dependent_conflicts,
        unknown_readers: &report.unknown_readers,
    };
    // Serialised first so that a closed pipe is an I/O error, which the caller recognises.
    let text = serde_json::to_string_pretty(&json)?;
    writeln!(out, "{text}")?;
    Ok(())
}
