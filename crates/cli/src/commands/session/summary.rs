//! `lognoise session summary`: the meeting summary in Markdown or JSON.

use super::{open, SessionName};
use crate::commands::location::WorkspaceArg;
use anyhow::{Context, Result};
use clap::Args;
use lognoise_session::summary;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `lognoise session summary`.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Print the summary as JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
    /// Write it to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub(super) fn summarise(args: &SummaryArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = open(&ws, &args.session)?;
    let s = summary(&ws, file.session())?;
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&s)?;
        t.push('\n');
        t
    } else {
        s.to_markdown()
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
