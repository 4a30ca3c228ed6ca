//! `lognoise producers`: who writes each log group of a workspace (Lambda, ECS, EKS, RDS, ...),
//! guessed from the names the sample holds or set by hand, since the remedy for a noise
//! template depends on it.

use super::location::WorkspaceArg;
use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use lognoise_rules::producer::{producer_of_kind, Overrides, KINDS};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// Arguments of `lognoise producers`.
#[derive(Args, Debug)]
pub struct ProducersArgs {
    #[command(subcommand)]
    pub action: Option<ProducersAction>,
    /// Print JSON instead of lines
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// What to do; without one, the producers are listed.
#[derive(Subcommand, Debug)]
pub enum ProducersAction {
    /// Set a log group's producer by hand where the guess is wrong (`unknown` is a kind too).
    Set {
        /// The log group
        group: String,
        /// lambda, ecs-awslogs, ecs-firelens, eks-fluent-bit, rds, vpc-flow-logs, api-gateway,
        /// cloudwatch-agent or unknown
        kind: String,
    },
    /// Forget a producer set by hand, so the guess applies again.
    Unset {
        /// The log group
        group: String,
    },
}

/// Runs `lognoise producers`.
pub fn run(args: &ProducersArgs) -> Result<()> {
    let workspace = args.workspace.open()?;
    let (mut overrides, warning) = Overrides::load(workspace.root());
    if let Some(warning) = &warning {
        eprintln!("warning: {warning}");
    }
    match &args.action {
        Some(ProducersAction::Set { group, kind }) => {
            let Some(producer) = producer_of_kind(kind, group) else {
                bail!(
                    "unknown producer kind {kind:?}: use one of {}",
                    KINDS.join(", ")
                );
            };
            overrides.groups.insert(group.clone(), producer);
            overrides.save(workspace.root())?;
            println!("{group}: {kind} (set by hand)");
            return Ok(());
        }
        Some(ProducersAction::Unset { group }) => {
            if overrides.groups.remove(group).is_none() {
                bail!("{group:?} has no producer set by hand: `lognoise producers` lists them");
            }
            overrides.save(workspace.root())?;
            println!("{group}: producer guessed again");
            return Ok(());
        }
        None => {}
    }
    let mut streams: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for event in workspace.events()? {
        let event = event?;
        let Some(group) = event.log_group else {
            continue;
        };
        let entry = streams.entry(group).or_default();
        if let Some(stream) = event.log_stream {
            entry.insert(stream);
        }
    }
    for group in overrides.groups.keys() {
        streams.entry(group.clone()).or_default();
    }
    let listed: Vec<_> = streams
        .iter()
        .map(|(group, names)| {
            let inference = overrides.resolve(group, names.iter().map(String::as_str));
            (group, inference)
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows: Vec<_> = listed
            .iter()
            .map(|(group, i)| serde_json::json!({"log_group": group, "producer": i.producer, "evidence": i.evidence}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for (group, inference) in &listed {
        writeln!(
            out,
            "{group}\t{}\t{}",
            inference.producer.kind(),
            inference.evidence.join("; ")
        )?;
    }
    if listed.is_empty() {
        writeln!(
            out,
            "no events name a log group: import with --group, or pull from CloudWatch"
        )?;
    }
    Ok(())
}
