//! The one cost model of lognoise: how sampled bytes become bytes a month and dollars a month.
//!
//! Every figure the CLI and the app show (review queue, meeting summary, rule savings, deploy
//! notes) goes through this module, so no two screens can disagree on a number:
//!
//! - a month is 730 hours ([`MONTH_MS`]), the month AWS prices by;
//! - a GB is 2^30 bytes ([`GB`]), as AWS bills;
//! - the volume basis is every sample of the workspace (every import and pull, see
//!   [`SessionSample::of_workspace`]), never only the last pull;
//! - the price is the session's, [`DEFAULT_PRICE_PER_GB_USD`] unless the team set its own.
//!
//! It lives in `lognoise-session` because the session records the sample and the price it is
//! computed from; `lognoise-rules` re-exports [`CostBasis`] for the savings of its rule sets.

use crate::model::SessionSample;
use lognoise_workspace::Workspace;

/// A month of 730 hours, in ms.
pub const MONTH_MS: i64 = 730 * 3_600_000;

/// Bytes in a GB as AWS bills it.
pub const GB: f64 = (1u64 << 30) as f64;

/// Price of ingesting one GB into CloudWatch Logs (standard class, us-east-1 list price), the
/// default of [`crate::Session::price_per_gb_usd`] and of every command given no price.
pub const DEFAULT_PRICE_PER_GB_USD: f64 = 0.50;

/// Cost of `monthly_bytes` at `price_per_gb` dollars.
pub fn monthly_cost(monthly_bytes: f64, price_per_gb: f64) -> f64 {
    monthly_bytes / GB * price_per_gb
}

/// How sampled bytes become a monthly cost: the same extrapolation the review queue and the
/// meeting summary use, so the saving a rule set reports agrees with the summary of the
/// session it came from.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_basis_prices_like_the_queue() {
        let sample = SessionSample {
            window_start_ms: Some(0),
            window_end_ms: Some(86_400_000),
            sampling_ratio: 0.5,
            ..SessionSample::default()
        };
        let basis = CostBasis::of_sample(&sample, DEFAULT_PRICE_PER_GB_USD);
        let month = sample.monthly_bytes(1 << 30);
        assert_eq!(basis.monthly_bytes(1 << 30), Some(month));
        // 1 GiB sampled of 2 a day: 2 x 730 / 24 GiB a month at $0.50.
        let cost = basis.monthly_cost_usd(1 << 30).unwrap_or_default();
        assert!((cost - 730.0 / 24.0).abs() < 1e-9, "{cost}");
    }

    #[test]
    fn without_a_window_a_basis_gives_no_figure() {
        let basis = CostBasis::of_sample(&SessionSample::default(), 0.5);
        assert_eq!(basis.monthly_cost_usd(1000), None);
        assert_eq!(CostBasis::unknown(0.5).monthly_bytes(1000), None);
    }
}
