//! Rules against a workspace: its stored events are the sample rules are validated on, and its
//! sample (as a review session records it) turns removed bytes into money.

use crate::validate::validate_with_readers;
use crate::{Result, RuleSet, SampleLine, ValidationReport};
use lognoise_dependents::{Dependents, Evaluator};
use lognoise_miner::TemplateId;
use lognoise_session::{monthly_cost, SessionSample};
use lognoise_workspace::Workspace;
use std::collections::HashSet;

/// Default price of CloudWatch Logs standard ingestion, USD per GB.
pub const DEFAULT_PRICE_PER_GB_USD: f64 = 0.50;

/// Validates `set` against every stored event of `ws`, each with its template, and against
/// what reads the workspace's log groups when a pull recorded it (`dependents.json`).
///
/// Events whose cluster has no template (a workspace written by an interrupted import) are
/// skipped.
pub fn validate_workspace(
    ws: &Workspace,
    set: &RuleSet,
    protected: &HashSet<TemplateId>,
) -> Result<ValidationReport> {
    let mut failure = None;
    let templates = ws.templates();
    let lines = ws
        .events()?
        .map_while(|e| match e {
            Ok(e) => Some(e),
            Err(err) => {
                failure = Some(err);
                None
            }
        })
        .filter_map(|e| {
            let t = templates.template_of(e.cluster)?;
            Some(SampleLine {
                message: e.message,
                log_group: e.log_group,
                template_id: t.id,
            })
        });
    let readers = workspace_readers(ws)?;
    let report = validate_with_readers(set, lines, protected, readers.as_ref())?;
    if let Some(err) = failure {
        return Err(err.into());
    }
    Ok(report)
}

/// The dependents a pull recorded in `ws`, ready to evaluate lines; `None` when none were.
pub(crate) fn workspace_readers(ws: &Workspace) -> Result<Option<Evaluator>> {
    Ok(Dependents::read(ws.root())?.map(|d| Evaluator::new(&d)))
}

/// How sampled bytes become a monthly cost: the same extrapolation the review queue and the
/// meeting summary use (sampling ratio, a 730-hour month, GB as AWS bills them), so the saving
/// a rule set reports agrees with the summary of the session it came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostBasis {
    /// Factor from sampled bytes to bytes per month; `None` when the sample has no time window,
    /// since a month cannot be extrapolated from it.
    pub monthly_factor: Option<f64>,
    /// USD per GB ingested.
    pub price_per_gb_usd: f64,
}

impl CostBasis {
    /// The basis of a session's sample, as its queue and summary price templates.
    pub fn of_sample(sample: &SessionSample, price_per_gb_usd: f64) -> CostBasis {
        CostBasis {
            monthly_factor: sample.window_ms().map(|_| sample.monthly_factor()),
            price_per_gb_usd,
        }
    }

    /// The basis of a workspace with no session: the sample a new session would record.
    pub fn of_workspace(ws: &Workspace, price_per_gb_usd: f64) -> CostBasis {
        CostBasis::of_sample(
            &SessionSample::of_workspace(ws, std::iter::empty()),
            price_per_gb_usd,
        )
    }

    /// A basis that extrapolates nothing (lines checked outside a workspace).
    pub fn unknown(price_per_gb_usd: f64) -> CostBasis {
        CostBasis {
            monthly_factor: None,
            price_per_gb_usd,
        }
    }

    /// Bytes per month for `bytes` sampled, when the window is known.
    pub fn monthly_bytes(&self, bytes: u64) -> Option<f64> {
        self.monthly_factor.map(|f| bytes as f64 * f)
    }

    /// Monthly cost in USD of `bytes` sampled, when the window is known.
    pub fn monthly_cost_usd(&self, bytes: u64) -> Option<f64> {
        self.monthly_bytes(bytes)
            .map(|b| monthly_cost(b, self.price_per_gb_usd))
    }
}
