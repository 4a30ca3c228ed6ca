//! `lognoise session summary`: the meeting summary in Markdown or JSON.

use super::{open, SessionName};
use crate::commands::location::WorkspaceArg;
use crate::commands::verify::last_meeting;
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
    /// The workspace of the earlier meeting: its rules are checked on this sample, in a
    /// section "Last meeting's rules" (`last_meeting_rules` in --json), as `lognoise verify`
    /// checks them.
    #[arg(long, value_name = "DIR")]
    pub previous_workspace: Option<PathBuf>,
    /// The earlier meeting's session [default: the newest one of --previous-workspace].
    #[arg(long, value_name = "NAME", requires = "previous_workspace")]
    pub previous_session: Option<String>,
}

pub(super) fn summarise(args: &SummaryArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = open(&ws, &args.session)?;
    let s = summary(&ws, file.session())?;
    let last = match &args.previous_workspace {
        Some(dir) => Some(last_meeting(
            dir,
            args.previous_session.as_deref(),
            &ws,
            None,
        )?),
        None => None,
    };
    let text = if args.json {
        let mut doc = serde_json::to_value(&s)?;
        if let (Some(v), Some(map)) = (&last, doc.as_object_mut()) {
            map.insert("last_meeting_rules".into(), serde_json::to_value(v)?);
        }
        let mut t = serde_json::to_string_pretty(&doc)?;
        t.push('\n');
        t
    } else {
        let mut md = s.to_markdown();
        if let Some(v) = &last {
            md.push('\n');
            md.push_str(&v.to_markdown());
        }
        md
    };
    match &args.output {
        // The notes name templates, which can carry personal data: readable by the user only.
        Some(path) => lognoise_workspace::write_private_atomic(path, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
