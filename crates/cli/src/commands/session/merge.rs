//! `lognoise session merge`: templates that are one message, or undoing a merge.

use super::{open_acting, SessionName};
use crate::commands::location::WorkspaceArg;
use anyhow::Result;
use clap::Args;
use lognoise_miner::TemplateId;
use std::io::Write;

/// Arguments of `lognoise session merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The template that stands for the merge.
    pub into: TemplateId,
    /// Templates to merge into it.
    #[arg(required_unless_present = "undo")]
    pub members: Vec<TemplateId>,
    /// Undo the merge of INTO instead: of the MEMBERS named (the others stay merged), or all
    /// of it when none is named.
    #[arg(long)]
    pub undo: bool,
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Who merges [default: `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

pub(super) fn merge(args: &MergeArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open_acting(&ws, &args.session, args.by.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.undo {
        // With members named, only they leave the merge; without, the whole merge is undone.
        if args.members.is_empty() {
            file.unmerge(args.into)?;
            writeln!(out, "merge into {} undone", args.into)?;
        }
        for &member in &args.members {
            file.unmerge_member(args.into, member)?;
            writeln!(out, "{member} no longer merged into {}", args.into)?;
        }
        return Ok(());
    }
    let mut ids = args.members.clone();
    ids.push(args.into);
    file.adopt_unseen(&ws, &ids)?;
    // One change, saved once: every member is merged or, when one cannot be, none.
    file.merge_all(args.into, &args.members)?;
    let mut merged: Vec<TemplateId> = Vec::with_capacity(args.members.len());
    for &member in &args.members {
        if !merged.contains(&member) {
            merged.push(member);
            writeln!(out, "{member} merged into {}", args.into)?;
        }
    }
    Ok(())
}
