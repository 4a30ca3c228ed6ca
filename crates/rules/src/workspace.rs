//! Rules against a workspace: its stored events are the sample rules are validated on, and its
//! import records give the scale and window that turn removed bytes into money.

use crate::{validate, Result, RuleSet, SampleLine, ValidationReport};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use std::collections::HashSet;

/// Default price of CloudWatch Logs standard ingestion, USD per GB.
pub const DEFAULT_PRICE_PER_GB_USD: f64 = 0.50;

/// Validates `set` against every stored event of `ws`, each with its template.
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
    let report = validate(set, lines, protected)?;
    if let Some(err) = failure {
        return Err(err.into());
    }
    Ok(report)
}

/// How sampled bytes become a monthly cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostBasis {
    /// Stored bytes per sampled byte (1: the sample is everything).
    pub scale: f64,
    /// Length of the sampled window in milliseconds, when known.
    pub window_ms: Option<i64>,
    /// USD per GB (10^9 bytes) ingested.
    pub price_per_gb_usd: f64,
}

impl CostBasis {
    /// The basis of a workspace: the last import that recorded a sample gives the scale and
    /// window; otherwise the events' time range is the window and the scale is 1.
    pub fn of_workspace(ws: &Workspace, price_per_gb_usd: f64) -> CostBasis {
        let m = ws.manifest();
        if let Some(s) = m.imports.iter().rev().find_map(|i| i.sample.as_ref()) {
            return CostBasis {
                scale: s.scale(),
                window_ms: Some(s.window_end_ms - s.window_start_ms).filter(|w| *w > 0),
                price_per_gb_usd,
            };
        }
        CostBasis {
            scale: 1.0,
            window_ms: m.time_range.map(|(a, b)| b - a).filter(|w| *w > 0),
            price_per_gb_usd,
        }
    }

    /// Bytes per 30-day month for `bytes` sampled, when the window is known.
    pub fn monthly_bytes(&self, bytes: u64) -> Option<f64> {
        const MONTH_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;
        let w = self.window_ms? as f64;
        Some(bytes as f64 * self.scale * MONTH_MS / w)
    }

    /// Monthly cost in USD of `bytes` sampled, when the window is known.
    pub fn monthly_cost_usd(&self, bytes: u64) -> Option<f64> {
        self.monthly_bytes(bytes)
            .map(|b| b / 1e9 * self.price_per_gb_usd)
    }
}
