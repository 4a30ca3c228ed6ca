//! `lognoise verify`: did the rules of an earlier session work? Checked on a newer sample (a
//! workspace of its own, pulled after the rules were deployed): per rule the volume and cost
//! then and now, expected against observed drop, where lines still match; kept templates that
//! shrank; the saving realised per owner team next to the one projected.

use super::location::WorkspaceArg;
use anyhow::{Context, Result};
use clap::Args;
use lognoise_rules::{verify_last_meeting, MonthlyVolume, Verification};
use lognoise_session::format_usd;
use lognoise_workspace::Workspace;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `lognoise verify`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The newer sample: the workspace pulled after the rules were deployed.
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// The workspace of the earlier meeting, holding the session whose rules are checked.
    #[arg(long, value_name = "DIR")]
    pub previous_workspace: PathBuf,
    /// The earlier session (name or file name) [default: the newest session there].
    #[arg(long, value_name = "NAME")]
    pub session: Option<String>,
    /// Price of a GB ingested for the newer sample, in US dollars [default: the session's].
    #[arg(long, value_name = "USD")]
    pub price_per_gb: Option<f64>,
    /// Print JSON (schema `lognoise.verification/v1`) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `lognoise verify`.
pub fn run(args: &VerifyArgs) -> Result<()> {
    let now_ws = args.workspace.open()?;
    let v = last_meeting(
        &args.previous_workspace,
        args.session.as_deref(),
        &now_ws,
        args.price_per_gb,
    )?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    write_text(&mut out, &v)?;
    Ok(())
}

fn cost(v: &MonthlyVolume) -> String {
    v.monthly_cost_usd
        .map_or_else(|| "-".to_string(), |usd| format!("${}", format_usd(usd)))
}

/// The rules of the earlier meeting's workspace `dir` checked on `now_ws`, errors naming the
/// flag that chose it; `verify` and `session summary --previous-workspace` both ask this.
pub(crate) fn last_meeting(
    dir: &Path,
    session: Option<&str>,
    now_ws: &Workspace,
    price_per_gb: Option<f64>,
) -> Result<Verification> {
    verify_last_meeting(dir, session, now_ws, price_per_gb).with_context(|| {
        format!(
            "checking the rules of the earlier workspace {} (--previous-workspace)",
            dir.display()
        )
    })
}

fn write_text(out: &mut impl Write, v: &Verification) -> Result<()> {
    writeln!(
        out,
        "rules of session `{}` checked on a newer sample of {} events",
        v.previous, v.events_now
    )?;
    if !v.priced {
        writeln!(
            out,
            "no monthly figures: a sample without a time window cannot be extrapolated"
        )?;
    }
    if v.rules.is_empty() {
        writeln!(
            out,
            "the session marked no template noise: no rule to check"
        )?;
    }
    for r in &v.rules {
        let observed = r
            .observed_drop
            .map_or_else(|| "-".to_string(), |d| format!("{:.0}%", d * 100.0));
        writeln!(
            out,
            "\nrule {} ({}): {}",
            r.rule_id,
            r.owner.as_deref().unwrap_or("no owner"),
            r.template
        )?;
        writeln!(
            out,
            "  then {} lines, {}/month; now {} lines, {}/month; drop expected {:.0}%, observed {observed}",
            r.then.lines,
            cost(&r.then),
            r.now.lines,
            cost(&r.now),
            r.expected_drop * 100.0
        )?;
        for leak in &r.leaks {
            writeln!(
                out,
                "  leaks in {}: {} lines, {}/month (not deployed there, or the template changed)",
                leak.log_group.as_deref().unwrap_or("(no log group)"),
                leak.volume.lines,
                cost(&leak.volume)
            )?;
            for e in &leak.examples {
                writeln!(out, "      e.g. {}", super::rules::clip(e, 120))?;
            }
        }
    }
    if !v.shrunk.is_empty() {
        writeln!(
            out,
            "\nkept or signal templates that shrank below half (something may drop them):"
        )?;
        for s in &v.shrunk {
            writeln!(
                out,
                "  {} {} then {} lines, {}/month; now {} lines, {}/month: {}",
                s.verdict,
                s.template_id,
                s.then.lines,
                cost(&s.then),
                s.now.lines,
                cost(&s.now),
                s.text
            )?;
        }
    }
    if !v.owners.is_empty() {
        writeln!(out, "\nsaving a month, realised against projected:")?;
        for o in &v.owners {
            writeln!(
                out,
                "  {:<20} {:>12} of {:>12}",
                o.owner.as_deref().unwrap_or("no owner"),
                format!("${}", format_usd(o.realised_usd)),
                format!("${}", format_usd(o.projected_usd))
            )?;
        }
        writeln!(
            out,
            "  {:<20} {:>12} of {:>12}",
            "total",
            format!("${}", format_usd(v.total.realised_usd)),
            format!("${}", format_usd(v.total.projected_usd))
        )?;
    }
    Ok(())
}
