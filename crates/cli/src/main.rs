//! `lognoise`: the command line of lognoise. Every step the app runs, for scripts and CI.

mod commands;
mod lines;
mod output;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Find the log lines that are noise: mine templates from logs, rank them by volume.
#[derive(Parser, Debug)]
#[command(name = "lognoise", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Mine templates from a log file (one event per line) and print them by volume.
    Mine(commands::mine::MineArgs),
    /// Import log files into a workspace: events are stored, mined into templates and indexed.
    Import(commands::import::ImportArgs),
    /// Search a workspace's events; prints the newest matches with counts per template, per log
    /// group and over time.
    Search(commands::search::SearchArgs),
    /// List a workspace's templates by volume, with their counts over time.
    Templates(commands::templates::TemplatesArgs),
    /// Review sessions: decide which templates are noise, keep or signal, and summarise.
    Session(commands::session::SessionArgs),
    /// Suggested verdicts for a session's templates, costliest first, with their reasons;
    /// `--accept ID` records one as a decision.
    Suggest(commands::suggest::SuggestArgs),
    /// Did an earlier session's rules work? Checked on a newer sample: drop expected against
    /// observed, where lines still match, kept templates that shrank, saving per owner.
    Verify(commands::verify::VerifyArgs),
    /// List CloudWatch Logs log groups with their stored bytes and retention.
    Groups(commands::groups::GroupsArgs),
    /// Who writes each log group of a workspace (Lambda, ECS, EKS, RDS, the CloudWatch agent,
    /// ...), with the evidence; `producers set GROUP KIND` corrects a guess.
    Producers(commands::producers::ProducersArgs),
    /// Pull a sample of CloudWatch Logs events into a workspace (mined and indexed as they
    /// arrive; Ctrl-C keeps what was pulled, the same command resumes).
    Pull(commands::pull::PullArgs),
    /// What reads the pulled log groups (metric filters and the alarms on their metrics,
    /// subscription filters), and which templates each of them reads.
    Dependents(commands::dependents::DependentsArgs),
    /// Suppression rules from noise templates: generate, validate against the workspace, export
    /// for Fluent Bit, Vector, the OpenTelemetry Collector and CloudWatch.
    Rules(commands::rules::RulesArgs),
    /// Apply a rules file to a log file or workspace and print what each rule would drop.
    /// Exit 0: ok; 1: a rule drops lines of a template marked keep or signal, or the rules
    /// file is invalid; 2: other errors.
    Check(commands::check::CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut exit_with = ExitCode::SUCCESS;
    let result = match cli.command {
        Command::Mine(args) => commands::mine::run(&args),
        Command::Import(args) => commands::import::run(&args),
        Command::Search(args) => commands::search::run(&args),
        Command::Templates(args) => commands::templates::run(&args),
        Command::Session(args) => commands::session::run(&args),
        Command::Suggest(args) => commands::suggest::run(&args),
        Command::Verify(args) => commands::verify::run(&args),
        Command::Groups(args) => commands::groups::run(&args),
        Command::Producers(args) => commands::producers::run(&args),
        Command::Pull(args) => commands::pull::run(&args),
        Command::Dependents(args) => commands::dependents::run(&args),
        // These two choose their exit code: CI tells "rules found problems" (1) from errors (2).
        Command::Rules(args) => commands::rules::run(&args).map(|code| exit_with = code),
        Command::Check(args) => commands::check::run(&args).map(|code| exit_with = code),
    };
    match result {
        Ok(()) => exit_with,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("lognoise: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Piping into `head` closes our stdout early; that is the reader's choice, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
