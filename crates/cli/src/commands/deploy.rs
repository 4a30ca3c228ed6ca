//! `lognoise rules export --deploy DIR`: every artefact a rules file needs, one per producer of
//! the workspace's log groups, and a `DEPLOY.md` saying where each goes, what it removes and
//! what it protects.

use anyhow::{Context, Result};
use lognoise_rules::deploy::{self, DeployOptions, Sample};
use lognoise_rules::producer::Overrides;
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
    let (overrides, warning) = Overrides::load(ws.root());
    if let Some(w) = warning {
        eprintln!("warning: {w}");
    }
    let agent_config = match args.agent_config {
        Some(path) => Some(std::fs::read_to_string(path).with_context(|| {
            format!(
                "reading the CloudWatch agent configuration {}: check the path given to \
                 --agent-config",
                path.display()
            )
        })?),
        None => None,
    };
    let sample = Sample::of_workspace(ws)?;
    let producers = sample.producers(&overrides);
    let options = DeployOptions {
        message_key: Some(args.message_key.to_string()),
        agent_config,
    };
    let plan = deploy::plan(set, &sample, &producers, &options)?;
    let cost = cost_basis(ws, set, args.price_per_gb);
    std::fs::create_dir_all(args.dir).with_context(|| {
        format!(
            "creating {}: choose a folder you can write to",
            args.dir.display()
        )
    })?;
    for a in &plan.artefacts {
        let path = args.dir.join(&a.file_name);
        lognoise_workspace::write_private_atomic(&path, a.text.as_bytes())?;
        println!(
            "{}\t{}\t{} rule(s)\t{}",
            path.display(),
            a.producer,
            a.rules.len(),
            a.log_groups.join(", ")
        );
    }
    let readme = args.dir.join("DEPLOY.md");
    lognoise_workspace::write_private_atomic(&readme, deploy::markdown(&plan, &cost).as_bytes())?;
    println!("{}\twhere each file goes", readme.display());
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
fn cost_basis(ws: &Workspace, set: &RuleSet, price: Option<f64>) -> CostBasis {
    let session = set
        .rules
        .iter()
        .find_map(|r| r.session.as_deref())
        .and_then(|name| lognoise_session::SessionFile::open_named(ws, name).ok());
    match session {
        Some(file) => {
            let s = file.session();
            CostBasis {
                price_per_gb_usd: price.unwrap_or(s.price_per_gb_usd),
                ..CostBasis::of_session(s)
            }
        }
        None => CostBasis::of_workspace(ws, price.unwrap_or(DEFAULT_PRICE_PER_GB_USD)),
    }
}
