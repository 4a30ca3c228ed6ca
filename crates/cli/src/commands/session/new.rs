//! `lognoise session new`: a session on the workspace's current sample.

use super::print_json;
use crate::commands::location::WorkspaceArg;
use anyhow::Result;
use clap::Args;
use lognoise_session::{NewSession, SessionFile};
use std::io::Write;

/// Arguments of `lognoise session new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// Name of the session, such as "2026-03 graph club".
    pub name: String,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Someone in the room (repeat for each).
    #[arg(long = "reviewer", value_name = "NAME")]
    pub reviewers: Vec<String>,
    /// Price per GB ingested into a Standard log group (or one whose class is not known), in
    /// dollars [default: 0.50, CloudWatch Logs standard ingestion].
    #[arg(long, value_name = "USD")]
    pub price_per_gb: Option<f64>,
    /// Price per GB ingested into an Infrequent Access log group, in dollars [default: 0.25,
    /// CloudWatch Logs Infrequent Access ingestion].
    #[arg(long, value_name = "USD", visible_alias = "ia-price-per-gb")]
    pub infrequent_access_price_per_gb: Option<f64>,
    /// Price per GB-month of archived storage, in dollars [default: 0.03, CloudWatch Logs
    /// storage]; each group's archived bytes are priced for the months its retention keeps them.
    #[arg(long, value_name = "USD")]
    pub storage_price_per_gb_month: Option<f64>,
    /// Price per GB scanned by Logs Insights, in dollars [default: 0.005].
    #[arg(long, value_name = "USD")]
    pub insights_price_per_gb: Option<f64>,
    /// Price ingestion only: storage and Logs Insights scans are left out of every figure.
    #[arg(long)]
    pub ingestion_only: bool,
    /// The session to compare with and carry decisions over from [default: the newest].
    #[arg(long, value_name = "NAME", conflicts_with = "fresh")]
    pub previous: Option<String>,
    /// Carry nothing over and compare with no earlier session.
    #[arg(long)]
    pub fresh: bool,
    /// Print the new session as JSON.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn new(args: &NewArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let file = SessionFile::create(
        &ws,
        NewSession {
            name: args.name.clone(),
            reviewers: args.reviewers.clone(),
            price_per_gb_usd: args.price_per_gb,
            infrequent_access_price_per_gb_usd: args.infrequent_access_price_per_gb,
            storage_price_per_gb_month_usd: args.storage_price_per_gb_month,
            insights_price_per_gb_usd: args.insights_price_per_gb,
            ingestion_only: args.ingestion_only,
            previous: args.previous.clone(),
            fresh: args.fresh,
            created_at_ms: None,
        },
    )?;
    let s = file.session();
    if args.json {
        return print_json(s);
    }
    let carried = s
        .decisions
        .values()
        .filter(|d| d.carried_over.is_some())
        .count();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "session `{}` created: {}",
        s.name,
        file.path().display()
    )?;
    writeln!(
        out,
        "{} templates, {} decisions carried over{}",
        s.templates.len(),
        carried,
        s.previous
            .as_deref()
            .map(|p| format!(" (previous session: {p})"))
            .unwrap_or_default()
    )?;
    writeln!(out, "next: lognoise session show --session '{}'", s.name)?;
    Ok(())
}
