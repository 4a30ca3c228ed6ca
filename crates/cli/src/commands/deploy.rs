//! `lognoise rules export --deploy DIR`: every artefact a rules file needs, one per producer of
//! the workspace's log groups, and a `DEPLOY.md` saying where each goes, what it removes and
//! what it protects.

use anyhow::{anyhow, Result};
use lognoise_rules::deploy::{self, DeployOptions};
use lognoise_rules::{CostBasis, RuleSet, DEFAULT_PRICE_PER_GB_USD};
use lognoise_workspace::Workspace;
use std::path::{Path, PathBuf};

/// What `--deploy` needs besides the rules and the workspace.
pub struct DeployArgs<'a> {
    /// The folder to write.
    pub dir: &'a Path,
    /// The user's CloudWatch agent configuration, to merge the filters into.
    pub agent_config: Option<&'a PathBuf>,
    /// Fluent Bit record key holding the line.
    pub message_key: &'a str,
    /// USD per GB, when given on the command line.
    pub price_per_gb: Option<f64>,
}

/// Writes the artefacts of `set` into `args.dir` and prints what went where.
pub fn write(ws: &Workspace, set: &RuleSet, args: &DeployArgs<'_>) -> Result<()> {
    let agent_config = match args.agent_config {
        Some(path) => Some(
            deploy::read_agent_config(path)
                .map_err(|e| anyhow!("{e}\npass its path to --agent-config"))?,
        ),
        None => None,
    };
    let options = DeployOptions {
        message_key: Some(args.message_key.to_string()),
        agent_config,
    };
    let planned = deploy::plan_workspace(ws, set, &options)?;
    if let Some(w) = &planned.warning {
        eprintln!("warning: {w}");
    }
    let plan = &planned.plan;
    let cost = cost_basis(ws, set, args.price_per_gb)?;
    let saved = deploy::save(plan, &cost, args.dir).map_err(|e| match e {
        lognoise_rules::Error::DeployOverwrite { .. } => {
            anyhow!("{e}\npass --deploy a new or empty folder, or one an earlier --deploy wrote")
        }
        e => e.into(),
    })?;
    for a in &plan.artefacts {
        println!(
            "{}\t{}\t{} rule(s)\t{}",
            args.dir.join(&a.file_name).display(),
            a.producer,
            a.rules.len(),
            a.log_groups.join(", ")
        );
    }
    println!(
        "{}\twhere each file goes",
        args.dir.join(deploy::README_FILE).display()
    );
    for gone in &saved.removed {
        println!(
            "{}\tremoved: an earlier --deploy wrote it, these rules need it no more",
            gone.display()
        );
    }
    for n in &plan.not_deployed {
        eprintln!(
            "lognoise: rule {} is in no file for {} ({}): {}",
            n.rule_id,
            n.log_group.as_deref().unwrap_or("no log group"),
            n.producer,
            n.reason
        );
    }
    Ok(())
}

/// The cost basis of the session the rules came from, when the workspace still has it (its
/// sample and price, as its summary used); else the workspace's own sample.
fn cost_basis(ws: &Workspace, set: &RuleSet, price: Option<f64>) -> Result<CostBasis> {
    let session = set
        .rules
        .iter()
        .find_map(|r| r.session.as_deref())
        .and_then(|name| lognoise_session::SessionFile::open_named(ws, name).ok());
    Ok(match session {
        Some(file) => {
            let s = file.session();
            CostBasis {
                price_per_gb_usd: price.unwrap_or(s.price_per_gb_usd),
                ..CostBasis::of_session(s)
            }
        }
        None => CostBasis::of_new_session(ws, price.unwrap_or(DEFAULT_PRICE_PER_GB_USD))?,
    })
}
