//! `lognoise session split`: a template split by the values of a variable, or undoing it.

use super::{clip, open_acting, print_json, SessionName};
use crate::commands::location::WorkspaceArg;
use anyhow::{bail, Result};
use clap::Args;
use lognoise_miner::TemplateId;
use std::io::Write;

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

pub(super) fn split(args: &SplitArgs) -> Result<()> {
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
    file.adopt_unseen(&ws, &[args.template])?;
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
