//! `lognoise session decide`: a verdict, owner, note and labels for one template.

use super::{clip, open, print_json, SessionName};
use crate::commands::location::WorkspaceArg;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use lognoise_miner::TemplateId;
use lognoise_session::{default_user, DecisionInput, DropRate, Verdict};
use std::collections::BTreeMap;
use std::io::Write;

/// Verdicts as typed.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum VerdictArg {
    /// Suppress these lines.
    Noise,
    /// Keep them; no rule.
    Keep,
    /// They carry signal: never suppress.
    Signal,
    /// No verdict (yet).
    Undecided,
}

/// Arguments of `lognoise session decide`.
#[derive(Args, Debug)]
pub struct DecideArgs {
    /// Template id (as `lognoise session show` prints it).
    pub template: TemplateId,
    /// The verdict.
    #[arg(value_enum)]
    pub verdict: VerdictArg,
    #[command(flatten)]
    pub session: SessionName,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// For noise: how much to drop, `all` or a share to keep: `1 in 100` (or `1/100`), or a
    /// percentage such as `1%` (made the nearest one in N). Left out, the rate the decision
    /// had stays; the saving counts only what is dropped.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub keep_share: Option<DropRate>,
    /// Owner team ("" removes it).
    #[arg(long, value_name = "TEAM")]
    pub owner: Option<String>,
    /// Why ("" removes it).
    #[arg(long)]
    pub note: Option<String>,
    /// Where the decision applies, KEY=VALUE: environment (or env), service, team, version, or
    /// any other key; an empty value removes the label. Repeat for more.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    pub labels: Vec<(String, String)>,
    /// Who decides [default: `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the decision as JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_rate(s: &str) -> Result<DropRate, String> {
    s.parse()
        .map_err(|e: lognoise_session::Error| e.to_string())
}

fn parse_label(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not a label: write KEY=VALUE, such as env=prod or service=checkout"
        )),
    }
}

pub(super) fn decide(args: &DecideArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let mut file = open(&ws, &args.session)?;
    let verdict = match args.verdict {
        VerdictArg::Noise => Some(Verdict::Noise),
        VerdictArg::Keep => Some(Verdict::Keep),
        VerdictArg::Signal => Some(Verdict::Signal),
        VerdictArg::Undecided => None,
    };
    file.adopt_unseen(&ws, &[args.template])?;
    let labels: BTreeMap<String, String> = args.labels.iter().cloned().collect();
    file.decide(
        args.template,
        DecisionInput {
            verdict,
            owner: args.owner.clone(),
            note: args.note.clone(),
            labels,
            drop_rate: args.keep_share,
            decided_by: args.by.clone().or_else(default_user),
            decided_at_ms: None,
        },
    )
    .with_context(|| format!("session `{}`", file.session().name))?;
    let s = file.session();
    let d = s.decision(args.template);
    if args.json {
        return print_json(&serde_json::json!({
            "session": s.name,
            "template_id": args.template,
            "decision": d,
        }));
    }
    let text = s.text_of(args.template).unwrap_or("");
    let rate = d
        .and_then(|d| d.keep_one_in)
        .map(|n| format!(" (keep 1 in {n})"))
        .unwrap_or_default();
    writeln!(
        std::io::stdout().lock(),
        "{}{rate} {}: {}",
        d.and_then(|d| d.verdict)
            .map_or("undecided".to_string(), |v| v.to_string()),
        args.template,
        clip(text)
    )?;
    Ok(())
}
