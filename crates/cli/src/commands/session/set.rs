//! `lognoise session set`: a session's reviewers and price per GB after it was created.

use super::print_json;
use crate::commands::location::WorkspaceArg;
use anyhow::{bail, Result};
use clap::Args;
use lognoise_session::SessionFile;
use std::io::Write;

/// Arguments of `lognoise session set`.
#[derive(Args, Debug)]
pub struct SetArgs {
    /// Name of the session (or its file name).
    pub name: String,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Someone in the room (repeat for each); the list given replaces the session's.
    #[arg(
        long = "reviewer",
        value_name = "NAME",
        conflicts_with = "no_reviewers"
    )]
    pub reviewers: Vec<String>,
    /// Remove every reviewer.
    #[arg(long)]
    pub no_reviewers: bool,
    /// Price per GB ingested into a Standard log group (or one whose class is not known), in
    /// dollars; the session's costs and savings follow it.
    #[arg(long, value_name = "USD")]
    pub price_per_gb: Option<f64>,
    /// Price per GB ingested into an Infrequent Access log group, in dollars.
    #[arg(long, value_name = "USD", visible_alias = "ia-price-per-gb")]
    pub infrequent_access_price_per_gb: Option<f64>,
    /// Price per GB-month of archived storage, in dollars.
    #[arg(long, value_name = "USD")]
    pub storage_price_per_gb_month: Option<f64>,
    /// Price per GB scanned by Logs Insights, in dollars.
    #[arg(long, value_name = "USD")]
    pub insights_price_per_gb: Option<f64>,
    /// Price ingestion only: storage and Logs Insights scans are left out of every figure.
    #[arg(long, conflicts_with = "billed")]
    pub ingestion_only: bool,
    /// Price storage and Logs Insights scans too, as CloudWatch bills (the default; undoes
    /// --ingestion-only).
    #[arg(long)]
    pub billed: bool,
    /// Print the session as JSON.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn set(args: &SetArgs) -> Result<()> {
    let reviewers = if args.no_reviewers {
        Some(Vec::new())
    } else if args.reviewers.is_empty() {
        None
    } else {
        Some(
            args.reviewers
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect(),
        )
    };
    let ingestion_only = if args.ingestion_only {
        Some(true)
    } else if args.billed {
        Some(false)
    } else {
        None
    };
    let billed_change = args.storage_price_per_gb_month.is_some()
        || args.insights_price_per_gb.is_some()
        || ingestion_only.is_some();
    if reviewers.is_none()
        && args.price_per_gb.is_none()
        && args.infrequent_access_price_per_gb.is_none()
        && !billed_change
    {
        bail!("nothing to change: give --reviewer NAME (repeat for each), --no-reviewers, --price-per-gb USD, --infrequent-access-price-per-gb USD, --storage-price-per-gb-month USD, --insights-price-per-gb USD, --ingestion-only or --billed");
    }
    let ws = args.workspace.open()?;
    let mut file = SessionFile::open_named(&ws, &args.name)?;
    // The prices are checked first, so a bad price changes nothing at all.
    for price in [
        args.price_per_gb,
        args.infrequent_access_price_per_gb,
        args.storage_price_per_gb_month,
        args.insights_price_per_gb,
    ]
    .into_iter()
    .flatten()
    {
        if !(price.is_finite() && price >= 0.0) {
            return Err(lognoise_session::Error::BadPrice(price).into());
        }
    }
    if args.price_per_gb.is_some() || args.infrequent_access_price_per_gb.is_some() {
        file.set_prices(args.price_per_gb, args.infrequent_access_price_per_gb)?;
    }
    if billed_change {
        file.set_billed(
            args.storage_price_per_gb_month,
            args.insights_price_per_gb,
            ingestion_only,
        )?;
    }
    if let Some(reviewers) = reviewers {
        file.set_reviewers(reviewers)?;
    }
    let s = file.session();
    if args.json {
        return print_json(s);
    }
    writeln!(
        std::io::stdout().lock(),
        "session `{}`: reviewers {}; ${}/GB{}\n{}",
        s.name,
        if s.reviewers.is_empty() {
            "none".to_string()
        } else {
            s.reviewers.join(", ")
        },
        s.price_per_gb_usd,
        s.infrequent_access_price_per_gb_usd
            .map(|p| format!(", Infrequent Access ${p}/GB"))
            .unwrap_or_default(),
        lognoise_session::CostBasis::of_session(s).priced()
    )?;
    Ok(())
}
