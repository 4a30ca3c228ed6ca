//! The one cost model of lognoise: how sampled bytes become bytes a month and dollars a month.
//!
//! Every figure the CLI and the app show (review queue, meeting summary, rule savings, deploy
//! notes) goes through this module, so no two screens can disagree on a number:
//!
//! - a month is 730 hours ([`MONTH_MS`]), the month AWS prices by;
//! - a GB is 2^30 bytes ([`GB`]), as AWS bills;
//! - the volume basis is every sample of the workspace (every import and pull, see
//!   [`SessionSample::of_workspace`]), never only the last pull;
//! - each log group is priced at its log class, as CloudWatch bills ingestion: a Standard
//!   group (and a group whose class is not known) at the session's price,
//!   [`DEFAULT_PRICE_PER_GB_USD`] unless the team set its own; an Infrequent Access group at
//!   the session's Infrequent Access price, [`DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD`]
//!   unless set;
//! - besides ingestion, each group's bytes are priced at what CloudWatch bills for keeping and
//!   querying them, where the group's sample records it ([`crate::GroupBilling`]): archival
//!   storage, the archived bytes (measured per group: gzip level 6 plus 26 bytes an event) at
//!   [`DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD`] a GB-month for the months the group keeps them
//!   ([`NEVER_EXPIRES_HORIZON_MONTHS`] for a group that never expires), and Logs Insights scans
//!   at [`DEFAULT_INSIGHTS_PRICE_PER_GB_USD`] a GB, in proportion to the group's bytes. Together
//!   they make one effective price per ingested GB of the group
//!   ([`CostBasis::effective_price_of`]); a line dropped upstream saves all three.
//!   A session can price ingestion only ([`crate::Session::ingestion_only`]).
//!
//! A template's cost is the sum over the groups its bytes come from
//! ([`CostBasis::monthly_cost_usd_of`]); [`CostBasis::priced`] says the basis in one line.
//!
//! It lives in `lognoise-session` because the session records the sample and the price it is
//! computed from; `lognoise-rules` re-exports [`CostBasis`] for the savings of its rule sets.

use crate::model::{GroupBilling, Session, SessionSample};
use lognoise_workspace::{LogClass, Retention, Workspace};
use std::collections::BTreeMap;

/// A month of 730 hours, in ms.
pub const MONTH_MS: i64 = 730 * 3_600_000;

/// Bytes in a GB as AWS bills it.
pub const GB: f64 = (1u64 << 30) as f64;

/// Price of ingesting one GB into CloudWatch Logs (standard class, us-east-1 list price), the
/// default of [`crate::Session::price_per_gb_usd`] and of every command given no price.
pub const DEFAULT_PRICE_PER_GB_USD: f64 = 0.50;

/// Price of ingesting one GB into an Infrequent Access log group of CloudWatch Logs (us-east-1
/// list price), the default of [`crate::Session::infrequent_access_price_per_gb_usd`].
pub const DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD: f64 = 0.25;

/// Price of one GB-month of archived storage in CloudWatch Logs (us-east-1 list price), the
/// default of [`crate::Session::storage_price_per_gb_month_usd`].
pub const DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD: f64 = 0.03;

/// Price of one GB scanned by a Logs Insights query (us-east-1 list price), the default of
/// [`crate::Session::insights_price_per_gb_usd`].
pub const DEFAULT_INSIGHTS_PRICE_PER_GB_USD: f64 = 0.005;

/// Months of data a group whose events never expire is priced as keeping. Without a horizon
/// such a byte would cost without end; a year is what a team looking at this month's bill
/// can weigh (the bill grows by a month of storage every month the group is left so), and
/// the priced line names it so that nobody takes it for the group's setting.
pub const NEVER_EXPIRES_HORIZON_MONTHS: f64 = 12.0;

/// Months a byte is stored under `retention` (730-hour months; the horizon for a group that
/// never expires).
pub fn retention_months(retention: Retention) -> f64 {
    match retention {
        Retention::Days(days) => f64::from(days) * 24.0 / (MONTH_MS / 3_600_000) as f64,
        Retention::NeverExpires => NEVER_EXPIRES_HORIZON_MONTHS,
    }
}

/// What CloudWatch bills besides ingestion, at what prices, and whether figures include it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BilledPrices {
    /// USD per GB-month of archived storage.
    pub storage_per_gb_month_usd: f64,
    /// USD per GB scanned by Logs Insights.
    pub insights_per_gb_usd: f64,
    /// Price ingestion alone: storage and scans are left out of every figure.
    pub ingestion_only: bool,
}

impl Default for BilledPrices {
    fn default() -> BilledPrices {
        BilledPrices {
            storage_per_gb_month_usd: DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD,
            insights_per_gb_usd: DEFAULT_INSIGHTS_PRICE_PER_GB_USD,
            ingestion_only: false,
        }
    }
}

impl BilledPrices {
    /// The prices and basis a session chose.
    pub fn of_session(session: &Session) -> BilledPrices {
        BilledPrices {
            storage_per_gb_month_usd: session.storage_price(),
            insights_per_gb_usd: session.insights_price(),
            ingestion_only: session.ingestion_only,
        }
    }
}

/// Cost of `monthly_bytes` at `price_per_gb` dollars.
pub fn monthly_cost(monthly_bytes: f64, price_per_gb: f64) -> f64 {
    monthly_bytes / GB * price_per_gb
}

/// Sampled bytes of one template (or of what a rule drops), with the part of them each log
/// group holds, so that each part is priced at its group's class.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupBytes {
    /// All the bytes, those of lines without a log group included.
    pub total: u64,
    /// Bytes per log group (they add up to at most `total`).
    pub by_group: BTreeMap<String, u64>,
}

impl GroupBytes {
    /// `total` bytes whose log groups are not known: priced as Standard.
    pub fn ungrouped(total: u64) -> GroupBytes {
        GroupBytes {
            total,
            by_group: BTreeMap::new(),
        }
    }

    /// Adds `other`'s bytes (a merged template's members).
    pub fn add(&mut self, other: &GroupBytes) {
        self.total += other.total;
        for (g, b) in &other.by_group {
            *self.by_group.entry(g.clone()).or_default() += b;
        }
    }

    /// The share `fraction` (0 to 1) of these bytes, each group's part scaled alike, with
    /// `total` bytes in all (a split part, whose bytes are the template's in proportion).
    pub fn scaled(&self, fraction: f64, total: u64) -> GroupBytes {
        GroupBytes {
            total,
            by_group: self
                .by_group
                .iter()
                .map(|(g, &b)| (g.clone(), ((b as f64 * fraction).round() as u64).min(total)))
                .collect(),
        }
    }

    /// These bytes less `other`'s (what is left of a split template once its parts are taken).
    pub fn less(&self, other: &GroupBytes) -> GroupBytes {
        GroupBytes {
            total: self.total.saturating_sub(other.total),
            by_group: self
                .by_group
                .iter()
                .map(|(g, &b)| {
                    let taken = other.by_group.get(g).copied().unwrap_or(0);
                    (g.clone(), b.saturating_sub(taken))
                })
                .collect(),
        }
    }
}

/// How sampled bytes become a monthly cost: the same extrapolation and the same price per log
/// group the review queue and the meeting summary use, so the saving a rule set reports
/// agrees with the summary of the session it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct CostBasis {
    /// Factor from sampled bytes to bytes per month; `None` when the sample has no time window,
    /// since a month cannot be extrapolated from it.
    pub monthly_factor: Option<f64>,
    /// USD per GB ingested into a Standard log group, or one whose class is not known.
    pub price_per_gb_usd: f64,
    /// USD per GB ingested into an Infrequent Access log group.
    pub infrequent_access_price_per_gb_usd: f64,
    /// The sample's log groups, with their class when known.
    pub groups: BTreeMap<String, Option<LogClass>>,
    /// Per log group with a factor of its own ([`SessionSample::group_scales`]): that factor
    /// over the sample's, by which the group's bytes count more (a loud group read at a
    /// smaller share) or less than the sample's factor alone would make them.
    pub group_weights: BTreeMap<String, f64>,
    /// Storage and scan prices, and whether they count.
    pub billed: BilledPrices,
    /// Per log group whose records say, what it is billed for besides ingestion.
    pub billing: BTreeMap<String, GroupBilling>,
}

impl CostBasis {
    /// The basis of a session's sample at `price_per_gb_usd` for Standard groups and the
    /// default Infrequent Access price.
    pub fn of_sample(sample: &SessionSample, price_per_gb_usd: f64) -> CostBasis {
        CostBasis::of_sample_at(
            sample,
            price_per_gb_usd,
            DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD,
        )
    }

    /// The basis of a session's sample at both prices given.
    pub fn of_sample_at(
        sample: &SessionSample,
        price_per_gb_usd: f64,
        infrequent_access_price_per_gb_usd: f64,
    ) -> CostBasis {
        let mut groups: BTreeMap<String, Option<LogClass>> = sample
            .log_groups
            .iter()
            .map(|g| (g.clone(), None))
            .collect();
        for (g, class) in &sample.log_classes {
            groups.insert(g.clone(), Some(*class));
        }
        let scale = sample.scale();
        CostBasis {
            monthly_factor: sample.window_ms().map(|_| sample.monthly_factor()),
            price_per_gb_usd,
            infrequent_access_price_per_gb_usd,
            groups,
            group_weights: sample
                .group_scales
                .iter()
                .map(|(g, &s)| (g.clone(), s / scale))
                .collect(),
            billed: BilledPrices::default(),
            billing: sample.billing.clone(),
        }
    }

    /// The basis a session prices its templates on: its sample at its prices.
    pub fn of_session(session: &Session) -> CostBasis {
        CostBasis::of_sample_at(
            &session.sample,
            session.price_per_gb_usd,
            session.infrequent_access_price(),
        )
        .with_billed(BilledPrices::of_session(session))
    }

    /// This basis with `billed`'s storage and scan prices (a session's, for another sample).
    pub fn with_billed(mut self, billed: BilledPrices) -> CostBasis {
        self.billed = billed;
        self
    }

    /// The basis of the sample a new session on `ws` would record: its log groups from the
    /// index, each scaled by its own stored bytes where the records give them.
    pub fn of_workspace_sample(
        ws: &Workspace,
        price_per_gb_usd: f64,
        infrequent_access_price_per_gb_usd: f64,
    ) -> crate::Result<CostBasis> {
        let (sample, _) =
            SessionSample::of_workspace_index(ws, &lognoise_index::SearchIndex::open(ws)?)?;
        Ok(CostBasis::of_sample_at(
            &sample,
            price_per_gb_usd,
            infrequent_access_price_per_gb_usd,
        ))
    }

    /// The basis a new session on `ws` would price at `price_per_gb_usd` (and the default
    /// Infrequent Access, storage and scan prices): what the rules commands use without a
    /// session, so that their savings are the figures a session of the same sample shows
    /// (each group scaled by its own stored bytes, priced at its class, retention and scans),
    /// not those of the workspace's one overall ratio.
    pub fn of_new_session(ws: &Workspace, price_per_gb_usd: f64) -> crate::Result<CostBasis> {
        CostBasis::of_workspace_sample(
            ws,
            price_per_gb_usd,
            DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD,
        )
    }

    /// A basis that extrapolates nothing (lines checked outside a workspace).
    pub fn unknown(price_per_gb_usd: f64) -> CostBasis {
        CostBasis {
            monthly_factor: None,
            price_per_gb_usd,
            infrequent_access_price_per_gb_usd: DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD,
            groups: BTreeMap::new(),
            group_weights: BTreeMap::new(),
            billed: BilledPrices::default(),
            billing: BTreeMap::new(),
        }
    }

    /// Bytes per month for `bytes` sampled, when the window is known.
    pub fn monthly_bytes(&self, bytes: u64) -> Option<f64> {
        self.monthly_factor.map(|f| bytes as f64 * f)
    }

    /// Monthly cost in USD of `bytes` sampled in groups not told apart, priced as Standard,
    /// when the window is known.
    pub fn monthly_cost_usd(&self, bytes: u64) -> Option<f64> {
        self.monthly_cost_usd_of(&GroupBytes::ungrouped(bytes))
    }

    /// Monthly cost in USD of `bytes` sampled, each group's part at its class's price (bytes
    /// of no group, or of a group of unknown class, as Standard), when the window is known.
    pub fn monthly_cost_usd_of(&self, bytes: &GroupBytes) -> Option<f64> {
        self.monthly_factor.map(|f| self.cost_at(f, bytes))
    }

    /// Monthly cost in USD of `bytes` sampled in `groups` with their split between them not
    /// kept (a deploy artefact's): at the groups' price and factor when they share them, else
    /// as Standard at the sample's factor.
    pub fn monthly_cost_usd_in(&self, bytes: u64, groups: &[String]) -> Option<f64> {
        self.monthly_cost_usd_of(&self.in_groups(bytes, groups))
    }

    /// Bytes per month of `bytes` sampled in `groups`, as [`CostBasis::monthly_cost_usd_in`]
    /// counts them.
    pub fn monthly_bytes_in(&self, bytes: u64, groups: &[String]) -> Option<f64> {
        self.monthly_bytes_of(&self.in_groups(bytes, groups))
    }

    /// The price per GB [`CostBasis::monthly_cost_usd_in`] charges `groups` at.
    pub fn price_in(&self, groups: &[String]) -> f64 {
        if self.alike(groups) {
            self.common_price(groups).unwrap_or(self.price_per_gb_usd)
        } else {
            self.price_per_gb_usd
        }
    }

    /// Whether `groups` share one price and one weight, so that bytes whose split between
    /// them is not kept can still be priced as theirs.
    fn alike(&self, groups: &[String]) -> bool {
        let weight = |g: &String| self.group_weights.get(g).copied().unwrap_or(1.0);
        let extra = |g: &String| self.billed_extra_of(g);
        self.common_price(groups).is_some()
            && groups
                .iter()
                .all(|g| groups.first().map(weight) == Some(weight(g)))
            && groups
                .iter()
                .all(|g| groups.first().map(extra) == Some(extra(g)))
    }

    /// `bytes` of `groups` whose split is not kept: all in the first group when the groups
    /// are [alike](CostBasis::alike), ungrouped otherwise.
    fn in_groups(&self, bytes: u64, groups: &[String]) -> GroupBytes {
        GroupBytes {
            total: bytes,
            by_group: if self.alike(groups) {
                groups.iter().take(1).map(|g| (g.clone(), bytes)).collect()
            } else {
                BTreeMap::new()
            },
        }
    }

    /// USD per GB of the log group `group`.
    pub fn price_of(&self, group: &str) -> f64 {
        match self.groups.get(group) {
            Some(Some(LogClass::InfrequentAccess)) => self.infrequent_access_price_per_gb_usd,
            _ => self.price_per_gb_usd,
        }
    }

    /// USD per GB ingested into `group` that CloudWatch bills besides ingestion: its archived
    /// bytes per ingested byte kept for its retention at the storage price, and its Insights
    /// bytes scanned per ingested byte at the scan price; 0 for a part its records do not
    /// give, and for every part when the basis prices ingestion only.
    pub fn billed_extra_of(&self, group: &str) -> f64 {
        if self.billed.ingestion_only {
            return 0.0;
        }
        let Some(b) = self.billing.get(group) else {
            return 0.0;
        };
        self.storage_of(b) + self.scans_of(b)
    }

    /// USD of storage per GB ingested into a group billed as `b`.
    fn storage_of(&self, b: &GroupBilling) -> f64 {
        match (b.archived_ratio, b.retention_days) {
            (Some(ratio), Some(retention)) if ratio.is_finite() && ratio > 0.0 => {
                ratio * retention_months(retention) * self.billed.storage_per_gb_month_usd
            }
            _ => 0.0,
        }
    }

    /// USD of Insights scans per GB ingested into a group billed as `b`.
    fn scans_of(&self, b: &GroupBilling) -> f64 {
        match b.insights_scanned_per_ingested {
            Some(scanned) if scanned.is_finite() && scanned > 0.0 => {
                scanned * self.billed.insights_per_gb_usd
            }
            _ => 0.0,
        }
    }

    /// Everything a GB ingested into `group` costs a month: its class's ingestion price plus
    /// [`CostBasis::billed_extra_of`].
    pub fn effective_price_of(&self, group: &str) -> f64 {
        self.price_of(group) + self.billed_extra_of(group)
    }

    /// Whether some group's bytes cost more than their ingestion (storage or scans known and
    /// counted); when none does, figures are those of ingestion alone.
    pub fn bills_beyond_ingestion(&self) -> bool {
        self.groups.keys().any(|g| self.billed_extra_of(g) > 0.0)
    }

    /// Cost of `bytes` sampled with `factor` to a month: the one place bytes become dollars.
    /// Bytes of Standard groups are priced in one sum with the ungrouped ones, so that a
    /// sample with no Infrequent Access group gives exactly the figure of a single price;
    /// storage and scans are added per group after, so a sample without them gives exactly
    /// the figure of ingestion alone.
    pub(crate) fn cost_at(&self, factor: f64, bytes: &GroupBytes) -> f64 {
        let (standard, infrequent) = self.weighted(bytes);
        let mut cost = monthly_cost(standard * factor, self.price_per_gb_usd);
        if infrequent > 0.0 {
            cost += monthly_cost(infrequent * factor, self.infrequent_access_price_per_gb_usd);
        }
        if self.billed.ingestion_only || self.billing.is_empty() {
            return cost;
        }
        let (_, by_group) = self.weighted_by_group(bytes);
        for (group, weighted) in by_group {
            let extra = self.billed_extra_of(group);
            if extra > 0.0 {
                cost += monthly_cost(weighted * factor, extra);
            }
        }
        cost
    }

    /// Bytes per month of `bytes` sampled, each group's part at its own factor, when the
    /// window is known.
    pub fn monthly_bytes_of(&self, bytes: &GroupBytes) -> Option<f64> {
        self.monthly_factor.map(|f| self.monthly_bytes_at(f, bytes))
    }

    /// [`CostBasis::monthly_bytes_of`] with `factor` to a month.
    pub(crate) fn monthly_bytes_at(&self, factor: f64, bytes: &GroupBytes) -> f64 {
        let (standard, infrequent) = self.weighted(bytes);
        (standard + infrequent) * factor
    }

    /// `bytes` as the sample's factor counts them, each group's part times its weight, split
    /// into the part priced as Standard (ungrouped bytes included) and the Infrequent Access
    /// part. With no weights and no Infrequent Access group, the first is exactly the total:
    /// a sample with one factor and one price gives exactly the figure it always gave.
    fn weighted(&self, bytes: &GroupBytes) -> (f64, f64) {
        let (ungrouped, by_group) = self.weighted_by_group(bytes);
        let mut standard = 0f64;
        let mut infrequent = 0f64;
        for (g, weighted) in by_group {
            if self.price_class(g) == Some(LogClass::InfrequentAccess) {
                infrequent += weighted;
            } else {
                standard += weighted;
            }
        }
        (ungrouped as f64 + standard, infrequent)
    }

    /// `bytes` as the sample's factor counts them: the ungrouped bytes, and each group's part
    /// times its weight (the groups' parts cut so that they add up to at most the total).
    fn weighted_by_group<'b>(&self, bytes: &'b GroupBytes) -> (u64, Vec<(&'b str, f64)>) {
        let mut grouped = 0u64;
        let mut parts = Vec::with_capacity(bytes.by_group.len());
        for (g, &b) in &bytes.by_group {
            let b = b.min(bytes.total - grouped);
            grouped += b;
            parts.push((
                g.as_str(),
                b as f64 * self.group_weights.get(g).copied().unwrap_or(1.0),
            ));
        }
        (bytes.total - grouped, parts)
    }

    /// Whether some log group of the sample is priced at the Infrequent Access price; when
    /// none is, one price holds for every byte.
    pub fn has_infrequent_access(&self) -> bool {
        self.groups
            .values()
            .any(|c| *c == Some(LogClass::InfrequentAccess))
    }

    /// The price of `groups` when they all have the same one (a deploy artefact's groups).
    pub fn common_price(&self, groups: &[String]) -> Option<f64> {
        let mut prices = groups.iter().map(|g| self.price_of(g));
        let first = prices.next()?;
        prices.all(|p| p == first).then_some(first)
    }

    fn price_class(&self, group: &str) -> Option<LogClass> {
        self.groups.get(group).copied().flatten()
    }

    /// The basis in one line, as the summary and `session show` print it:
    /// `priced: 3 groups Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, month = 730 h`.
    pub fn priced(&self) -> String {
        let count = |class: Option<LogClass>| self.groups.values().filter(|c| **c == class).count();
        let groups = |n: usize| {
            if n == 1 {
                "1 group".to_string()
            } else {
                format!("{n} groups")
            }
        };
        let mut parts = Vec::new();
        let standard = count(Some(LogClass::Standard));
        if standard > 0 {
            parts.push(format!(
                "{} Standard at {}/GB",
                groups(standard),
                price_text(self.price_per_gb_usd)
            ));
        }
        let infrequent = count(Some(LogClass::InfrequentAccess));
        if infrequent > 0 {
            parts.push(format!(
                "{} Infrequent Access at {}/GB",
                groups(infrequent),
                price_text(self.infrequent_access_price_per_gb_usd)
            ));
        }
        let unknown = count(None);
        if unknown > 0 {
            parts.push(format!(
                "{} of unknown class at {}/GB as Standard",
                groups(unknown),
                price_text(self.price_per_gb_usd)
            ));
        }
        if parts.is_empty() {
            parts.push(format!(
                "every byte at {}/GB (no log group known)",
                price_text(self.price_per_gb_usd)
            ));
        }
        if !self.groups.is_empty() {
            parts.extend(self.billed_parts(&groups));
        }
        if !self.group_weights.is_empty() {
            parts.push(format!(
                "{} scaled by {} own stored bytes",
                groups(self.group_weights.len()),
                if self.group_weights.len() == 1 {
                    "its"
                } else {
                    "their"
                }
            ));
        }
        format!(
            "priced: {}, month = {} h",
            parts.join(", "),
            MONTH_MS / 3_600_000
        )
    }
}

impl CostBasis {
    /// The parts of [`CostBasis::priced`] that say how storage and Insights scans are priced,
    /// and for how many groups they are not known (those groups are priced on ingestion alone
    /// for that part).
    fn billed_parts(&self, groups: &dyn Fn(usize) -> String) -> Vec<String> {
        if self.billed.ingestion_only {
            return vec!["ingestion only (storage and Insights scans left out)".to_string()];
        }
        let billing = |g: &String| self.billing.get(g).copied().unwrap_or_default();
        let mut parts = Vec::new();
        // Retention (in days, `None` for never) -> groups priced so.
        let mut kept: BTreeMap<Option<u32>, usize> = BTreeMap::new();
        let mut storage_unknown = 0;
        let mut scanned = 0;
        let mut scans_unknown = 0;
        for g in self.groups.keys() {
            let b = billing(g);
            if b.archived_ratio.is_some() && b.retention_days.is_some() {
                let days = match b.retention_days {
                    Some(Retention::Days(d)) => Some(d),
                    _ => None,
                };
                *kept.entry(days).or_default() += 1;
            } else {
                storage_unknown += 1;
            }
            if b.insights_scanned_per_ingested.is_some() {
                scanned += 1;
            } else {
                scans_unknown += 1;
            }
        }
        if kept.is_empty() && scanned == 0 {
            parts.push("storage and Insights scans not known (ingestion only)".to_string());
            return parts;
        }
        if kept.is_empty() {
            parts.push("storage not known (not priced)".to_string());
        } else {
            let mut periods: Vec<String> = kept
                .iter()
                .filter_map(|(days, &n)| days.map(|d| format!("{d} d ({})", groups(n))))
                .collect();
            if let Some(&n) = kept.get(&None) {
                periods.push(format!(
                    "{} (never expires, {})",
                    horizon_text(NEVER_EXPIRES_HORIZON_MONTHS),
                    groups(n)
                ));
            }
            let mut part = format!(
                "storage kept {} at {}/GB-month archived",
                join_and(&periods),
                price_text(self.billed.storage_per_gb_month_usd)
            );
            if storage_unknown > 0 {
                part.push_str(&format!(
                    " (not known for {}: not priced)",
                    groups(storage_unknown)
                ));
            }
            parts.push(part);
        }
        if scanned == 0 {
            parts.push("Insights scans not known (not priced)".to_string());
        } else {
            let mut part = format!(
                "Insights scans of {} at {}/GB",
                groups(scanned),
                price_text(self.billed.insights_per_gb_usd)
            );
            if scans_unknown > 0 {
                part.push_str(&format!(
                    " (not known for {}: not priced)",
                    groups(scans_unknown)
                ));
            }
            parts.push(part);
        }
        parts
    }
}

/// What one GB ingested into a log group costs a month, part by part, as
/// [`CostBasis::group_prices`] lists it for `session show --json` and the app.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GroupPrice {
    /// The log group.
    pub log_group: String,
    /// Its log class, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_class: Option<LogClass>,
    /// USD per GB ingested at the group's class.
    pub ingestion_per_gb_usd: f64,
    /// How long the group keeps its events, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<Retention>,
    /// Months each byte is paid for in storage (the horizon for a group that never expires).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_months: Option<f64>,
    /// Archived bytes per ingested byte, when measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_ratio: Option<f64>,
    /// USD of storage per GB ingested (0 when not known or left out).
    pub storage_per_gb_usd: f64,
    /// Bytes Logs Insights scans a month per byte ingested a month, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insights_scanned_per_ingested: Option<f64>,
    /// USD of Insights scans per GB ingested (0 when not known or left out).
    pub insights_per_gb_usd: f64,
    /// Everything a GB ingested costs: the three parts added.
    pub effective_per_gb_usd: f64,
}

impl CostBasis {
    /// Each log group's price per ingested GB, part by part.
    pub fn group_prices(&self) -> Vec<GroupPrice> {
        self.groups
            .iter()
            .map(|(g, class)| {
                let b = self.billing.get(g).copied().unwrap_or_default();
                let counted = !self.billed.ingestion_only;
                let storage = if counted { self.storage_of(&b) } else { 0.0 };
                let scans = if counted { self.scans_of(&b) } else { 0.0 };
                GroupPrice {
                    log_group: g.clone(),
                    log_class: *class,
                    ingestion_per_gb_usd: self.price_of(g),
                    retention_days: b.retention_days,
                    storage_months: b.retention_days.map(retention_months),
                    archived_ratio: b.archived_ratio,
                    storage_per_gb_usd: storage,
                    insights_scanned_per_ingested: b.insights_scanned_per_ingested,
                    insights_per_gb_usd: scans,
                    effective_per_gb_usd: self.effective_price_of(g),
                }
            })
            .collect()
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A storage horizon in months as the priced line says it: `1 y`, `18 months`.
fn horizon_text(months: f64) -> String {
    if months > 0.0 && (months / 12.0).fract() == 0.0 {
        format!("{} y", months / 12.0)
    } else {
        format!("{months} months")
    }
}

/// A price in dollars with cents, more digits only when the price has them (`$0.50`, `$0.033`).
fn price_text(usd: f64) -> String {
    let cents = format!("{usd:.2}");
    if cents.parse::<f64>().is_ok_and(|c| (c - usd).abs() < 1e-12) {
        format!("${cents}")
    } else {
        format!("${usd}")
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

    /// Bytes whose split between groups is not kept (a deploy artefact's) are priced as the
    /// groups' only where the groups share a price and a factor.
    #[test]
    fn bytes_of_several_groups_take_their_factor_only_when_they_share_it() {
        let mut sample = day_sample();
        sample.log_groups.push("/ecs/api".into());
        sample
            .log_classes
            .insert("/ecs/api".into(), LogClass::Standard);
        sample.group_scales = [("/ecs/web".to_string(), 4.0), ("/ecs/api".to_string(), 4.0)]
            .into_iter()
            .collect();
        let basis = CostBasis::of_sample(&sample, 0.5);
        let day = |bytes: f64| bytes * MONTH_MS as f64 / 86_400_000.0;
        let both = ["/ecs/web".to_string(), "/ecs/api".to_string()];
        assert_eq!(basis.monthly_bytes_in(1000, &both), Some(day(4000.0)));
        // /lambda/x takes the sample's factor: the split is not known, so no weight applies.
        let mixed = ["/ecs/web".to_string(), "/lambda/x".to_string()];
        assert_eq!(basis.monthly_bytes_in(1000, &mixed), Some(day(1000.0)));
        assert_eq!(basis.price_in(&mixed), 0.5);
        // An Infrequent Access group alone keeps its price.
        assert_eq!(basis.price_in(&["flow".to_string()]), 0.25);
    }

    fn day_sample() -> SessionSample {
        SessionSample {
            log_groups: vec!["/ecs/web".into(), "flow".into(), "/lambda/x".into()],
            log_classes: [
                ("/ecs/web".to_string(), LogClass::Standard),
                ("flow".to_string(), LogClass::InfrequentAccess),
            ]
            .into_iter()
            .collect(),
            window_start_ms: Some(0),
            window_end_ms: Some(86_400_000),
            sampling_ratio: 1.0,
            ..SessionSample::default()
        }
    }

    #[test]
    fn a_template_split_three_to_one_is_priced_at_each_group_s_class() {
        let basis = CostBasis::of_sample(&day_sample(), DEFAULT_PRICE_PER_GB_USD);
        // 3 GiB a day in the Standard group, 1 GiB in the Infrequent Access one.
        let bytes = GroupBytes {
            total: 4 << 30,
            by_group: [
                ("/ecs/web".to_string(), 3 << 30),
                ("flow".to_string(), 1 << 30),
            ]
            .into_iter()
            .collect(),
        };
        let days = 730.0 / 24.0;
        let cost = basis.monthly_cost_usd_of(&bytes).unwrap_or_default();
        let expected = (3.0 * 0.50 + 1.0 * 0.25) * days;
        assert!((cost - expected).abs() < 1e-9, "{cost} vs {expected}");
        // The single-price figure is dearer by the Infrequent Access discount.
        let single = basis.monthly_cost_usd(4 << 30).unwrap_or_default();
        assert!((single - cost - 0.25 * days).abs() < 1e-9, "{single}");
        // Unknown groups and ungrouped bytes are priced as Standard.
        let unknown = GroupBytes {
            total: 4 << 30,
            by_group: [("/lambda/x".to_string(), 4 << 30)].into_iter().collect(),
        };
        assert_eq!(basis.monthly_cost_usd_of(&unknown), Some(single));
        assert_eq!(
            basis.priced(),
            "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, \
             1 group of unknown class at $0.50/GB as Standard, storage and Insights scans not \
             known (ingestion only), month = 730 h"
        );
    }

    #[test]
    fn the_infrequent_access_price_is_the_session_s_own() {
        let sample = day_sample();
        let basis = CostBasis::of_sample_at(&sample, 0.6, 0.1);
        assert_eq!(basis.price_of("flow"), 0.1);
        assert_eq!(basis.price_of("/ecs/web"), 0.6);
        assert_eq!(basis.price_of("/lambda/x"), 0.6);
        assert_eq!(basis.price_of("elsewhere"), 0.6);
        let bytes = GroupBytes {
            total: 2 << 30,
            by_group: [("flow".to_string(), 2 << 30)].into_iter().collect(),
        };
        let cost = basis.monthly_cost_usd_of(&bytes).unwrap_or_default();
        assert!((cost - 0.2 * 730.0 / 24.0).abs() < 1e-9, "{cost}");
        assert!(basis
            .priced()
            .contains("1 group Infrequent Access at $0.10/GB"));
        assert_eq!(
            CostBasis::unknown(0.033).priced(),
            "priced: every byte at $0.033/GB (no log group known), month = 730 h"
        );
    }

    #[test]
    fn split_and_merged_bytes_keep_their_groups() {
        let a = GroupBytes {
            total: 100,
            by_group: [("x".to_string(), 60), ("y".to_string(), 40)]
                .into_iter()
                .collect(),
        };
        let part = a.scaled(0.25, 25);
        assert_eq!(part.by_group["x"], 15);
        assert_eq!(part.by_group["y"], 10);
        let rest = a.less(&part);
        assert_eq!(rest.total, 75);
        assert_eq!(rest.by_group["x"], 45);
        let mut sum = rest;
        sum.add(&part);
        assert_eq!(sum, a);
    }

    /// `day_sample` with what CloudWatch bills besides ingestion: /ecs/web archives at 15% of
    /// its bytes, keeps them 30 days and is scanned twice over a month; flow archives at 10%
    /// and never expires; /lambda/x has a retention but no measured ratio.
    fn billed_sample() -> SessionSample {
        let mut sample = day_sample();
        sample.billing = [
            (
                "/ecs/web".to_string(),
                GroupBilling {
                    retention_days: Some(Retention::Days(30)),
                    archived_ratio: Some(0.15),
                    insights_scanned_per_ingested: Some(2.0),
                },
            ),
            (
                "flow".to_string(),
                GroupBilling {
                    retention_days: Some(Retention::NeverExpires),
                    archived_ratio: Some(0.1),
                    insights_scanned_per_ingested: None,
                },
            ),
            (
                "/lambda/x".to_string(),
                GroupBilling {
                    retention_days: Some(Retention::Days(7)),
                    ..GroupBilling::default()
                },
            ),
        ]
        .into_iter()
        .collect();
        sample
    }

    #[test]
    fn storage_and_scans_are_priced_per_group_on_top_of_ingestion() {
        let basis = CostBasis::of_sample(&billed_sample(), DEFAULT_PRICE_PER_GB_USD);
        // 1 GiB a day into /ecs/web, a month of 730 h = 30.41667 days:
        // ingestion 30.41667 x $0.50 = $15.20833;
        // storage: each day's GiB is 0.15 GiB archived, 30 days of them are kept at once,
        // 30 x 0.15 GiB x $0.03 = $0.135;
        // scans: 2 x 30.41667 GiB x $0.005 = $0.30417; in all $15.6475.
        let web = GroupBytes {
            total: 1 << 30,
            by_group: [("/ecs/web".to_string(), 1 << 30)].into_iter().collect(),
        };
        let cost = basis.monthly_cost_usd_of(&web).unwrap_or_default();
        assert!((cost - 15.6475).abs() < 1e-9, "{cost}");
        assert!((basis.effective_price_of("/ecs/web") - 0.514_438_356_164).abs() < 1e-9);
        // flow: $0.25 ingestion + 0.1 archived x 12 months (never expires) x $0.03 = $0.286.
        assert!((basis.effective_price_of("flow") - 0.286).abs() < 1e-12);
        // /lambda/x has no measured ratio: ingestion alone.
        assert_eq!(basis.effective_price_of("/lambda/x"), 0.5);
        assert_eq!(basis.billed_extra_of("elsewhere"), 0.0);
        assert_eq!(
            basis.priced(),
            "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, \
             1 group of unknown class at $0.50/GB as Standard, storage kept 30 d (1 group) \
             and 1 y (never expires, 1 group) at $0.03/GB-month archived (not known for \
             1 group: not priced), Insights scans of 1 group at $0.005/GB (not known for \
             2 groups: not priced), month = 730 h"
        );
        assert!(basis.bills_beyond_ingestion());
    }

    #[test]
    fn ingestion_only_gives_exactly_the_figures_without_storage_and_scans() {
        let bytes = GroupBytes {
            total: 5 << 30,
            by_group: [
                ("/ecs/web".to_string(), 3 << 30),
                ("flow".to_string(), 1 << 30),
            ]
            .into_iter()
            .collect(),
        };
        let without = CostBasis::of_sample(&day_sample(), 0.5);
        let billed = CostBasis::of_sample(&billed_sample(), 0.5);
        let only = billed.clone().with_billed(BilledPrices {
            ingestion_only: true,
            ..BilledPrices::default()
        });
        assert_eq!(
            only.monthly_cost_usd_of(&bytes),
            without.monthly_cost_usd_of(&bytes)
        );
        assert!(!only.bills_beyond_ingestion());
        assert!(only
            .priced()
            .contains("ingestion only (storage and Insights scans left out)"));
        // 3 GiB/day of /ecs/web at $0.514438.. and 1 of flow at $0.286, 1 ungrouped at $0.50.
        let days = 730.0 / 24.0;
        let expected = days * (3.0 * 0.514_438_356_164_383_6 + 0.286 + 0.5);
        let cost = billed.monthly_cost_usd_of(&bytes).unwrap_or_default();
        assert!((cost - expected).abs() < 1e-9, "{cost} vs {expected}");
        // Dearer storage moves the figure by exactly its part.
        let dearer = billed.clone().with_billed(BilledPrices {
            storage_per_gb_month_usd: 0.06,
            ..BilledPrices::default()
        });
        let more = dearer.monthly_cost_usd_of(&bytes).unwrap_or_default() - cost;
        let storage = days * (3.0 * 0.15 * 720.0 / 730.0 + 0.1 * 12.0) * 0.03;
        assert!((more - storage).abs() < 1e-9, "{more} vs {storage}");
    }

    #[test]
    fn a_sample_without_billing_data_says_storage_and_scans_are_not_known() {
        assert_eq!(
            CostBasis::of_sample(&day_sample(), 0.5).priced(),
            "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.25/GB, \
             1 group of unknown class at $0.50/GB as Standard, storage and Insights scans not \
             known (ingestion only), month = 730 h"
        );
        assert_eq!(retention_months(Retention::Days(365)), 12.0);
        assert_eq!(horizon_text(18.0), "18 months");
    }

    #[test]
    fn without_a_window_a_basis_gives_no_figure() {
        let basis = CostBasis::of_sample(&SessionSample::default(), 0.5);
        assert_eq!(basis.monthly_cost_usd(1000), None);
        assert_eq!(CostBasis::unknown(0.5).monthly_bytes(1000), None);
    }
}
