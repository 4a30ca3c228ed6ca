//! `lognoise suggest`: suggested verdicts for a session's review queue, costliest first, each
//! with the reasons a reviewer can check; `--accept` records chosen ones as decisions.

use super::location::WorkspaceArg;
use super::session::open_named_or_newest;
use anyhow::{bail, Context, Result};
use clap::Args;
use lognoise_miner::TemplateId;
use lognoise_session::{
    default_user, format_usd, queue, suggest_all, QueueOrder, QueueReaders, SessionFile, Suggestion,
};
use std::io::Write;

/// Schema name of `lognoise suggest --json`.
pub const SUGGEST_SCHEMA: &str = "lognoise.suggestions/v1";

/// Arguments of `lognoise suggest`.
#[derive(Args, Debug)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Session name (or file name) [default: the newest session].
    #[arg(long, value_name = "NAME")]
    pub session: Option<String>,
    /// Record the suggested verdict of these templates as decisions (repeat or list).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub accept: Vec<TemplateId>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `lognoise suggest`.
pub fn run(args: &SuggestArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open_named_or_newest(&ws, args.session.as_deref())?;
    let readers = QueueReaders::of_workspace(&ws)?;
    let rows = queue(&ws, file.session(), QueueOrder::Cost)?;
    let suggestions = suggest_all(&rows, readers.evaluation());
    if !args.accept.is_empty() {
        return accept(&mut file, &suggestions, &args.accept);
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({
                "schema": SUGGEST_SCHEMA,
                "session": file.session().name,
                "suggestions": suggestions,
            }),
        )?;
        writeln!(out)?;
        return Ok(());
    }
    for s in &suggestions {
        let verdict = s.verdict.map_or("none".to_string(), |v| v.to_string());
        writeln!(
            out,
            "{verdict:<5} {} {:>10}  {}",
            s.id,
            format_usd(s.monthly_cost_usd),
            s.text
        )?;
        for r in &s.reasons {
            writeln!(out, "        - {}", r.text)?;
        }
    }
    Ok(())
}

/// Records each accepted suggestion through the session's decide call, with a note naming it
/// suggested and its strongest reason. An id without a suggested verdict is an error, so a
/// script never records a verdict nobody proposed.
fn accept(file: &mut SessionFile, suggestions: &[Suggestion], ids: &[TemplateId]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if let Some(user) = default_user() {
        file.set_actor(user);
    }
    for &id in ids {
        let Some(s) = suggestions.iter().find(|s| s.id == id) else {
            bail!("template {id} is not in the session's queue: `lognoise suggest` lists the ids");
        };
        let Some(verdict) = s.verdict else {
            bail!(
                "template {id} has no suggestion to accept: decide it with `lognoise session decide`"
            );
        };
        file.accept_suggestion(s)
            .with_context(|| format!("session `{}`", file.session().name))?;
        writeln!(out, "{verdict} {id}: {} (suggested)", s.text)?;
    }
    Ok(())
}
