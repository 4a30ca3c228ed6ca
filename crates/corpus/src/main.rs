//! `lognoise-corpus`: writes the generated corpus in the Loghub layout.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use lognoise_corpus::{all_sets, generate, write_set, DEFAULT_LINES, DEFAULT_SEED};
use std::path::PathBuf;
use std::process::ExitCode;

/// Generated logs of the formats CloudWatch users ship, with their known templates.
#[derive(Parser)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes one folder per format set: X/X.log and X/X.log_structured.csv.
    Generate {
        /// Folder to write the sets under (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Lines per set.
        #[arg(long, default_value_t = DEFAULT_LINES)]
        lines: usize,
        /// Seed of the random stream; the same seed gives the same bytes.
        #[arg(long, default_value_t = DEFAULT_SEED)]
        seed: u64,
        /// Only these sets (repeatable); all by default.
        #[arg(long = "set")]
        sets: Vec<String>,
    },
    /// Lists the sets with their statement and template counts.
    List,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lognoise-corpus: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let sets = all_sets()?;
    match cli.command {
        Command::List => {
            for set in &sets {
                println!(
                    "{:<18} {:>3} statements {:>3} templates  {}",
                    set.name(),
                    set.statements().len(),
                    set.templates().len(),
                    set.about()
                );
            }
        }
        Command::Generate {
            out,
            lines,
            seed,
            sets: only,
        } => {
            for name in &only {
                if !sets.iter().any(|s| s.name() == name) {
                    return Err(lognoise_corpus::Error::UnknownSet(name.clone()).into());
                }
            }
            for set in sets
                .iter()
                .filter(|s| only.is_empty() || only.iter().any(|n| n == s.name()))
            {
                let generated = generate(set, lines, seed)?;
                write_set(&out, set, &generated)
                    .with_context(|| format!("writing set {}", set.name()))?;
            }
        }
    }
    Ok(())
}
