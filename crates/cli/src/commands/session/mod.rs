//! `lognoise session`: review sessions of a workspace, from the command line as in the app.
//! One module per subcommand; the rules of every change are the engine's
//! (`lognoise_session::SessionFile`), the same calls the app makes.

mod decide;
mod list;
mod merge;
mod new;
mod set;
mod show;
mod split;
mod summary;

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use lognoise_session::SessionFile;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::io::Write;

/// Longest template text shown in a cell.
const MAX_CELL: usize = 90;

/// Arguments of `lognoise session`.
#[derive(Args, Debug)]
pub struct SessionArgs {
    #[command(subcommand)]
    pub command: SessionCommand,
}

/// What `lognoise session` does.
#[derive(Subcommand, Debug)]
pub enum SessionCommand {
    /// Start a session on the workspace's current sample; decisions of earlier sessions are
    /// carried over.
    New(new::NewArgs),
    /// List the workspace's sessions, oldest first.
    List(list::ListArgs),
    /// The review queue: templates in review order with their monthly cost and decision.
    Show(show::ShowArgs),
    /// Decide about a template: noise, keep, signal, or undecided.
    Decide(decide::DecideArgs),
    /// The meeting summary in Markdown, ready to paste into meeting notes.
    Summary(summary::SummaryArgs),
    /// Merge templates that are one message; the first id stands for the merge.
    Merge(merge::MergeArgs),
    /// Split a template by the values of one of its variables, to decide each value apart.
    Split(split::SplitArgs),
    /// Change a session's reviewers or price per GB after it was created.
    Set(set::SetArgs),
}

/// Which session.
#[derive(Args, Debug, Clone)]
pub struct SessionName {
    /// Session name (or file name) [default: the newest session].
    #[arg(long, value_name = "NAME")]
    pub session: Option<String>,
}

/// Runs `lognoise session ...`.
pub fn run(args: &SessionArgs) -> Result<()> {
    match &args.command {
        SessionCommand::New(a) => new::new(a),
        SessionCommand::List(a) => list::list(a),
        SessionCommand::Show(a) => show::show(a),
        SessionCommand::Decide(a) => decide::decide(a),
        SessionCommand::Summary(a) => summary::summarise(a),
        SessionCommand::Merge(a) => merge::merge(a),
        SessionCommand::Split(a) => split::split(a),
        SessionCommand::Set(a) => set::set(a),
    }
}

/// [`open`], with the changes recorded as `by`'s when the reviewer is named.
pub(super) fn open_acting(
    ws: &Workspace,
    name: &SessionName,
    by: Option<&str>,
) -> Result<SessionFile> {
    let mut file = open(ws, name)?;
    if let Some(by) = by {
        file.set_actor(by);
    }
    Ok(file)
}

pub(super) fn open(ws: &Workspace, name: &SessionName) -> Result<SessionFile> {
    open_named_or_newest(ws, name.session.as_deref())
}

/// The session named `name` (by name or file name), or the newest one: how every command that
/// reads a session picks it when `--session` is left out.
pub(crate) fn open_named_or_newest(ws: &Workspace, name: Option<&str>) -> Result<SessionFile> {
    if let Some(n) = name {
        return Ok(SessionFile::open_named(ws, n)?);
    }
    match SessionFile::open_newest(ws)? {
        Some(file) => Ok(file),
        None => bail!(
            "{} has no review session yet: start one with `lognoise session new NAME`",
            ws.root().display()
        ),
    }
}

pub(super) fn print_json(value: &impl Serialize) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

pub(super) fn clip(s: &str) -> String {
    crate::output::table::clip_cell(s, MAX_CELL)
}
