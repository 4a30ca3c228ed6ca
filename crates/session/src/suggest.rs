//! Suggested verdicts: for each row of the review queue, `noise`, `keep` or nothing, with the
//! reasons a reviewer can check in the row itself.
//!
//! The rules are conservative, because no suggestion beats a wrong one: a dropped line that an
//! alarm or a team needed costs more than a line kept too long.
//!
//! - `keep` when something reads the template (a metric filter, its alarms, a subscription;
//!   from `dependents.json` as [`lognoise_dependents::evaluate`] applies it), or when its lines
//!   are at a warning level or above.
//! - `noise` only for lines of a machine-made shape (a health-check, readiness, liveness,
//!   metrics-scrape or ping route asked with `GET`/`HEAD`, a health-checker user agent, or
//!   heartbeat / keepalive / pool-stats / cache-hit wording), with no failure among its lines,
//!   backed by a second piece of evidence: a steady rate over time, or the workspace's record of
//!   dependents saying nothing reads it. Never for a template anything reads, never when some
//!   of its log groups' dependents could not be read, never for a warning level or above.
//! - nothing otherwise.
//!
//! Words are general conventions (route names of health endpoints, a handful of health-checker
//! agent families), never product wording of one application.

use crate::model::Verdict;
use crate::queue::{QueueRow, RowKind};
use crate::readers::{templates_of, QueueReaders};
use crate::store::DecisionInput;
use crate::summary::amount;
use crate::{Error, Result};
use lognoise_dependents::Evaluation;
use lognoise_miner::TemplateId;
use serde::Serialize;
use std::collections::BTreeSet;

/// Levels at which a line is never suggested as noise (lower case).
const SEVERE_LEVELS: &[&str] = &[
    "warn",
    "warning",
    "error",
    "err",
    "fatal",
    "critical",
    "crit",
    "alert",
    "emerg",
    "emergency",
    "panic",
    "severe",
];

/// Last path segments of health, readiness, liveness, metrics-scrape and ping endpoints: the
/// names the common frameworks and orchestrators use.
const HEALTH_ROUTE_WORDS: &[&str] = &[
    "health",
    "healthz",
    "healthcheck",
    "health-check",
    "health_check",
    "ready",
    "readyz",
    "readiness",
    "live",
    "livez",
    "liveness",
    "ping",
    "metrics",
    "heartbeat",
];

/// User-agent families of load-balancer, orchestrator and scraper probes (lower case, matched
/// at the start of a `Name/version` token or as a whole token).
const HEALTH_AGENT_FAMILIES: &[&str] = &[
    "elb-healthchecker",
    "kube-probe",
    "prometheus",
    "googlehc",
    "googlestackdrivermonitoring",
    "blackbox-exporter",
];

/// Wording of routine chatter: the process saying it is alive or how its pools and caches do.
const CHATTER_PHRASES: &[&str] = &[
    "heartbeat",
    "keepalive",
    "keep-alive",
    "pool stats",
    "cache hit",
];

/// Words that make a health-shaped line a failure report, which is signal.
const FAILURE_WORDS: &[&str] = &[
    "fail",
    "failed",
    "failure",
    "failing",
    "unhealthy",
    "timeout",
    "timed",
    "refused",
    "unreachable",
    "down",
    "error",
    "exception",
];

/// How a decision's note begins when the verdict was a suggestion the room accepted; the
/// session model has no flag for it, and the note keeps the reason next to the verdict.
pub const SUGGESTED_NOTE_PREFIX: &str = "suggested:";

/// Whether a decision's note says its verdict was an accepted suggestion.
pub fn is_accepted_suggestion(note: Option<&str>) -> bool {
    note.is_some_and(|n| n.starts_with(SUGGESTED_NOTE_PREFIX))
}

/// Buckets a series needs before its shape over time says anything.
const MIN_BUCKETS: usize = 6;

/// Events per bucket below which counting noise hides the rate.
const MIN_MEAN_PER_BUCKET: f64 = 4.0;

/// Coefficient of variation allowed above what a constant rate sampled at random shows
/// (`1/sqrt(mean)`, Poisson).
const STEADY_CV_MARGIN: f64 = 0.25;

/// Readers named in a reason; more are counted.
const MAX_READERS_NAMED: usize = 3;

/// Why a suggestion was made (or held back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// Lines at a warning level or above.
    SevereLevel,
    /// A dependent reads the template.
    ReadByDependent,
    /// The record of dependents covers the template's groups and nothing reads it.
    NothingReads,
    /// Some of its log groups' dependents could not be read.
    ReadersUnknown,
    /// The workspace has no record of dependents at all.
    NoDependentsRecord,
    /// A health-check, readiness, liveness, metrics or ping route asked with GET or HEAD.
    HealthCheckRoute,
    /// A health-checker user agent.
    HealthCheckAgent,
    /// Heartbeat, keepalive, pool-stats or cache-hit wording.
    ChatterWording,
    /// A 5xx status or a failure word among the lines.
    FailureShown,
    /// The count per time bucket hardly varies.
    SteadyRate,
    /// The count per time bucket varies too much for a machine-made rate.
    UnsteadyRate,
    /// Share of the sample and monthly cost.
    Volume,
}

/// One reason, as a sentence a reviewer can check against the row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    /// What kind of evidence.
    pub kind: ReasonKind,
    /// The evidence in words.
    pub text: String,
}

/// The suggestion for one queue row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The row's id (decisions are recorded under it).
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// `noise`, `keep`, or `None` when the evidence does not settle it.
    pub verdict: Option<Verdict>,
    /// Evidence for the verdict (or, without one, what was seen), strongest first.
    pub reasons: Vec<Reason>,
    /// The row's estimated monthly cost.
    pub monthly_cost_usd: f64,
    /// The row's share of the sample's events.
    pub share: f64,
}

impl Suggestion {
    /// The decision that accepts the suggestion: its verdict, and a note that names it
    /// suggested with its strongest reason (what the summary counts as accepted). Refused when
    /// the evidence settled no verdict, so nobody records a verdict nothing proposed.
    pub fn acceptance(&self) -> Result<DecisionInput> {
        let Some(verdict) = self.verdict else {
            return Err(Error::Refused(format!(
                "template {} has no suggested verdict to accept: decide it yourself",
                self.id
            )));
        };
        let reason = self.reasons.first().map_or("", |r| r.text.as_str());
        Ok(DecisionInput {
            verdict: Some(verdict),
            note: Some(format!("{SUGGESTED_NOTE_PREFIX} {reason}")),
            ..DecisionInput::default()
        })
    }
}

/// The suggestion for the queue row `id`, with the readers of the workspace; refused for an id
/// the queue does not hold.
pub fn suggestion_for(
    rows: &[QueueRow],
    readers: &QueueReaders,
    id: TemplateId,
) -> Result<Suggestion> {
    rows.iter()
        .find(|r| r.id == id)
        .map(|r| suggest(r, readers.evaluation()))
        .ok_or(Error::UnknownTemplate(id))
}

/// Suggestions for every row, costliest first. `readers` is the workspace's evaluated
/// `dependents.json`, `None` when the workspace has none.
pub fn suggest_all(rows: &[QueueRow], readers: Option<&Evaluation>) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = rows.iter().map(|r| suggest(r, readers)).collect();
    out.sort_by(|a, b| {
        b.monthly_cost_usd
            .total_cmp(&a.monthly_cost_usd)
            .then_with(|| b.share.total_cmp(&a.share))
            .then_with(|| a.text.cmp(&b.text))
    });
    out
}

/// The suggestion for one row.
pub fn suggest(row: &QueueRow, readers: Option<&Evaluation>) -> Suggestion {
    let mut keep: Vec<Reason> = Vec::new();
    let mut held_back: Vec<Reason> = Vec::new();
    let mut shape: Vec<Reason> = Vec::new();
    let mut support: Vec<Reason> = Vec::new();

    if let Some(r) = severe_levels(row) {
        keep.push(r);
    }
    match reading(row, readers) {
        Reading::Read(r) => keep.push(r),
        Reading::NothingReads(r) => support.push(r),
        Reading::Unknown(r) => held_back.push(r),
        // Offline, a noise suggestion carries the caveat so the room checks.
        Reading::NoRecord(r) => support.push(r),
    }
    if let Some(r) = health_route(&row.text) {
        shape.push(r);
    }
    if let Some(r) = health_agent(&row.text) {
        shape.push(r);
    }
    if let Some(r) = chatter(&row.text) {
        shape.push(r);
    }
    if !shape.is_empty() {
        if let Some(r) = failure_shown(row) {
            held_back.push(r);
        }
    }
    match rate(&row.series) {
        Some((true, r)) => support.push(r),
        Some((false, r)) => held_back.push(r),
        None => {}
    }

    let volume = volume(row);
    let (verdict, reasons) = if !keep.is_empty() {
        (Some(Verdict::Keep), keep)
    } else {
        let backed = support
            .iter()
            .any(|r| matches!(r.kind, ReasonKind::SteadyRate | ReasonKind::NothingReads));
        let blocked = held_back.iter().any(|r| {
            matches!(
                r.kind,
                ReasonKind::FailureShown | ReasonKind::ReadersUnknown
            )
        });
        if !shape.is_empty() && backed && !blocked {
            let mut reasons = shape;
            reasons.extend(support);
            reasons.push(volume);
            (Some(Verdict::Noise), reasons)
        } else {
            let mut reasons = shape;
            reasons.extend(held_back);
            reasons.extend(
                support
                    .into_iter()
                    .filter(|r| r.kind != ReasonKind::NoDependentsRecord),
            );
            (None, reasons)
        }
    };
    Suggestion {
        id: row.id,
        text: row.text.clone(),
        verdict,
        reasons,
        monthly_cost_usd: row.monthly_cost_usd,
        share: row.share,
    }
}

fn reason(kind: ReasonKind, text: String) -> Reason {
    Reason { kind, text }
}

fn is_severe(level: &str) -> bool {
    let l = level.trim().to_ascii_lowercase();
    SEVERE_LEVELS.contains(&l.as_str())
}

fn severe_levels(row: &QueueRow) -> Option<Reason> {
    let severe: Vec<String> = row
        .levels
        .iter()
        .filter(|l| l.count > 0 && is_severe(&l.value))
        .map(|l| format!("{} {}", l.count, l.value))
        .collect();
    (!severe.is_empty()).then(|| {
        reason(
            ReasonKind::SevereLevel,
            format!(
                "Some of its lines are at a warning level or above ({}): never noise.",
                severe.join(", ")
            ),
        )
    })
}

/// What the record of dependents says about a row.
enum Reading {
    Read(Reason),
    NothingReads(Reason),
    Unknown(Reason),
    NoRecord(Reason),
}

fn reading(row: &QueueRow, readers: Option<&Evaluation>) -> Reading {
    let Some(evaluation) = readers else {
        return Reading::NoRecord(reason(
            ReasonKind::NoDependentsRecord,
            "The workspace has no record of what reads its log groups (`lognoise pull` reads \
             it): check no metric filter or subscription reads these lines before dropping them."
                .into(),
        ));
    };
    let mut described: BTreeSet<String> = BTreeSet::new();
    let mut lines_read = 0u64;
    let mut lines_covered = 0u64;
    let mut covered = true;
    for template in templates_of(row) {
        let Some(t) = evaluation.readers_of(template) else {
            covered = false;
            continue;
        };
        lines_covered += t.lines;
        for r in &t.read_by {
            if r.lines_matched == 0 {
                continue;
            }
            lines_read += r.lines_matched;
            if let Some(reader) = evaluation.readers.get(r.reader) {
                described.insert(format!("{} ({})", reader.describe(), reader.log_group));
            }
        }
    }
    if !described.is_empty() {
        let total = described.len();
        let mut named: Vec<String> = described.into_iter().take(MAX_READERS_NAMED).collect();
        if total > MAX_READERS_NAMED {
            named.push(format!("{} more", total - MAX_READERS_NAMED));
        }
        return Reading::Read(reason(
            ReasonKind::ReadByDependent,
            format!(
                "Something reads its lines ({lines_read} matched): {}; never noise.",
                named.join("; ")
            ),
        ));
    }
    let unread: Vec<&str> = evaluation
        .unread
        .iter()
        .filter(|u| {
            row.log_groups.is_empty() || row.log_groups.iter().any(|g| g.group == u.log_group)
        })
        .map(|u| u.log_group.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !unread.is_empty() {
        return Reading::Unknown(reason(
            ReasonKind::ReadersUnknown,
            format!(
                "What reads {} could not all be read, so nothing can be called unread.",
                unread.join(", ")
            ),
        ));
    }
    // Split parts share their template's lines: the template's coverage is theirs.
    let whole = matches!(row.kind, RowKind::Template | RowKind::Merged);
    if !covered || lines_covered == 0 || (whole && lines_covered < row.count) {
        return Reading::Unknown(reason(
            ReasonKind::ReadersUnknown,
            "Some of its lines are in log groups whose dependents were not read.".into(),
        ));
    }
    Reading::NothingReads(reason(
        ReasonKind::NothingReads,
        format!(
            "Nothing reads it: no metric filter or subscription filter of its log groups \
             selects any of its {lines_covered} sampled lines."
        ),
    ))
}

/// Tokens of a line, without the quoting and punctuation around them.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '[' | ']' | '(' | ')'))
        })
        .filter(|t| !t.is_empty())
}

/// A `GET`/`HEAD` of a route whose last segment is a health-endpoint word, in the template's
/// own text (a route that is a variable covers more than health checks).
fn health_route(text: &str) -> Option<Reason> {
    let toks: Vec<&str> = tokens(text).collect();
    for pair in toks.windows(2) {
        let method = pair[0].to_ascii_uppercase();
        if method != "GET" && method != "HEAD" {
            continue;
        }
        let path = pair[1];
        if !path.starts_with('/') {
            continue;
        }
        let route = path.split(['?', '#']).next().unwrap_or(path);
        let last = route
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if HEALTH_ROUTE_WORDS.contains(&last.as_str()) {
            return Some(reason(
                ReasonKind::HealthCheckRoute,
                format!(
                    "`{} {route}` is a health-check, readiness, metrics or ping route: a \
                     machine asks it, not a user.",
                    pair[0]
                ),
            ));
        }
    }
    None
}

/// A health-checker user agent: one of the probe families, or a `Name/version` token whose
/// name says health check.
fn health_agent(text: &str) -> Option<Reason> {
    for tok in tokens(text) {
        let lower = tok.to_ascii_lowercase();
        let name = lower.split('/').next().unwrap_or("");
        let family = HEALTH_AGENT_FAMILIES.contains(&name);
        let shaped =
            lower.contains('/') && (name.contains("healthcheck") || name.contains("health-check"));
        if family || shaped {
            return Some(reason(
                ReasonKind::HealthCheckAgent,
                format!("`{tok}` is a health-checker user agent: a probe, not a user."),
            ));
        }
    }
    None
}

/// Whether `phrase` occurs in `lower` with no letter or digit right before or after it.
fn has_phrase(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + phrase.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

fn chatter(text: &str) -> Option<Reason> {
    let lower = text.to_ascii_lowercase();
    let phrase = CHATTER_PHRASES
        .iter()
        .find(|p| has_phrase(&lower, p) || has_phrase(&lower, &format!("{p}s")))?;
    Some(reason(
        ReasonKind::ChatterWording,
        format!("Its wording (`{phrase}`) is routine chatter of a process saying it is alive or how its pools and caches do."),
    ))
}

/// A 5xx status or a failure word in the text or an example: a failing health check is signal.
fn failure_shown(row: &QueueRow) -> Option<Reason> {
    for line in std::iter::once(&row.text).chain(&row.examples) {
        for tok in tokens(line) {
            let lower = tok.to_ascii_lowercase();
            let status =
                tok.len() == 3 && tok.starts_with('5') && tok.chars().all(|c| c.is_ascii_digit());
            let word = lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| FAILURE_WORDS.contains(&w));
            if status || word {
                return Some(reason(
                    ReasonKind::FailureShown,
                    format!(
                        "`{tok}` in \"{}\" reports a failure, which is signal.",
                        cut(line)
                    ),
                ));
            }
        }
    }
    None
}

fn cut(line: &str) -> String {
    const MAX: usize = 80;
    match line.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// Whether the count per bucket is steady: `Some((steady, why))`, `None` when the series is
/// too short or too thin to tell.
fn rate(series: &[u64]) -> Option<(bool, Reason)> {
    if series.len() < MIN_BUCKETS {
        return None;
    }
    let n = series.len() as f64;
    let mean = series.iter().sum::<u64>() as f64 / n;
    if mean < MIN_MEAN_PER_BUCKET {
        return None;
    }
    let variance = series
        .iter()
        .map(|&x| (x as f64 - mean).powi(2))
        .sum::<f64>()
        / n;
    let cv = variance.sqrt() / mean;
    let empty = series.iter().filter(|&&x| x == 0).count();
    let allowed = STEADY_CV_MARGIN + 1.0 / mean.sqrt();
    let buckets = series.len();
    if empty == 0 && cv <= allowed {
        Some((
            true,
            reason(
                ReasonKind::SteadyRate,
                format!(
                    "Its count per time bucket hardly varies (coefficient of variation {cv:.2} \
                     over {buckets} buckets, none empty): a steady, machine-made rate."
                ),
            ),
        ))
    } else {
        Some((
            false,
            reason(
                ReasonKind::UnsteadyRate,
                format!(
                    "Its count per time bucket varies (coefficient of variation {cv:.2} over \
                     {buckets} buckets, {empty} empty): not the steady rate of a probe."
                ),
            ),
        ))
    }
}

fn volume(row: &QueueRow) -> Reason {
    reason(
        ReasonKind::Volume,
        format!(
            "It is {:.1}% of the sampled events, about ${} a month.",
            row.share * 100.0,
            amount(row.monthly_cost_usd)
        ),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use lognoise_dependents::{Dependents, Evaluator, GroupDependents, MetricFilter, Unread};
    use lognoise_index::GroupCount;
    use lognoise_miner::ValueCount;

    fn row(text: &str, level: &str, series: Vec<u64>) -> QueueRow {
        let count = series.iter().sum();
        QueueRow {
            id: TemplateId(1),
            text: text.into(),
            kind: RowKind::Template,
            members: Vec::new(),
            split_of: None,
            count,
            bytes: count * 40,
            share: 0.4,
            byte_share: 0.4,
            monthly_bytes: 1e9,
            monthly_cost_usd: 12.5,
            growth: None,
            is_new: false,
            estimated: false,
            levels: vec![ValueCount {
                value: level.into(),
                count,
            }],
            log_groups: vec![GroupCount {
                group: "/web".into(),
                count,
            }],
            group_bytes: Default::default(),
            series,
            examples: vec![text.replace("<*>", "200")],
            decision: None,
        }
    }

    fn steady() -> Vec<u64> {
        vec![20, 21, 19, 20, 22, 18, 20, 20]
    }

    fn bursty() -> Vec<u64> {
        vec![0, 0, 150, 0, 0, 3, 0, 7]
    }

    fn kinds(s: &Suggestion) -> Vec<ReasonKind> {
        s.reasons.iter().map(|r| r.kind).collect()
    }

    /// An evaluation of one group `/web` with a metric filter selecting `pattern`, over the
    /// row's lines (its text, `count` times).
    fn evaluation(r: &QueueRow, pattern: &str, unread: bool) -> Evaluation {
        let mut d = Dependents::new("us-east-1", 0);
        d.groups.push(GroupDependents {
            log_group: "/web".into(),
            metric_filters: vec![MetricFilter {
                name: "errors".into(),
                pattern: pattern.into(),
                metrics: Vec::new(),
                cross_check: None,
            }],
            unread: if unread {
                vec![Unread {
                    what: "subscription filters".into(),
                    reason: "access denied".into(),
                }]
            } else {
                Vec::new()
            },
            ..GroupDependents::default()
        });
        let mut e = Evaluator::new(&d);
        for _ in 0..r.count {
            e.observe(r.id, Some("/web"), &r.examples[0]);
        }
        e.finish()
    }

    #[test]
    fn accepting_records_the_verdict_with_a_note_the_summary_counts() {
        let s = suggest(&row("GET /healthz <*>", "INFO", steady()), None);
        let input = s.acceptance().unwrap();
        assert_eq!(input.verdict, Some(Verdict::Noise));
        assert!(is_accepted_suggestion(input.note.as_deref()));
        assert!(input.note.unwrap().contains("`GET /healthz`"));
        let open = suggest(&row("Order <*> shipped", "INFO", bursty()), None);
        assert_eq!(open.verdict, None);
        let err = open.acceptance().unwrap_err().to_string();
        assert!(err.contains("no suggested verdict to accept"), "{err}");
    }

    #[test]
    fn a_steady_health_check_route_is_noise_with_the_offline_caveat() {
        let s = suggest(&row("GET /healthz <*>", "INFO", steady()), None);
        assert_eq!(s.verdict, Some(Verdict::Noise));
        assert_eq!(
            kinds(&s),
            [
                ReasonKind::HealthCheckRoute,
                ReasonKind::NoDependentsRecord,
                ReasonKind::SteadyRate,
                ReasonKind::Volume
            ]
        );
        assert!(s.reasons[0].text.contains("`GET /healthz`"));
        assert!(s.reasons[3].text.contains("40.0%"));
    }

    #[test]
    fn health_agents_and_chatter_wording_are_shapes() {
        let agent = suggest(
            &row("10.0.0.1 <*> \"ELB-HealthChecker/2.0\"", "INFO", steady()),
            None,
        );
        assert_eq!(agent.verdict, Some(Verdict::Noise));
        assert_eq!(agent.reasons[0].kind, ReasonKind::HealthCheckAgent);
        let probe = suggest(&row("probe kube-probe/1.29 <*>", "", steady()), None);
        assert_eq!(probe.reasons[0].kind, ReasonKind::HealthCheckAgent);
        let chatter = suggest(
            &row("connection pool stats active=<*>", "DEBUG", steady()),
            None,
        );
        assert_eq!(chatter.verdict, Some(Verdict::Noise));
        assert_eq!(chatter.reasons[0].kind, ReasonKind::ChatterWording);
        let beats = suggest(&row("sent heartbeats to <*>", "DEBUG", steady()), None);
        assert_eq!(beats.reasons[0].kind, ReasonKind::ChatterWording);
    }

    #[test]
    fn no_shape_means_no_suggestion_however_steady() {
        let s = suggest(&row("order <*> shipped", "INFO", steady()), None);
        assert_eq!(s.verdict, None);
        assert_eq!(kinds(&s), [ReasonKind::SteadyRate]);
        // A route word that is not the last segment, and a POST, are not health checks.
        for text in [
            "GET /health/orders/<*> 200",
            "POST /health <*>",
            "GET <*> 200",
        ] {
            assert_eq!(
                suggest(&row(text, "INFO", steady()), None).verdict,
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn a_shape_without_a_steady_rate_or_dependents_record_is_not_enough() {
        let s = suggest(&row("GET /health <*>", "INFO", bursty()), None);
        assert_eq!(s.verdict, None);
        assert!(kinds(&s).contains(&ReasonKind::UnsteadyRate));
    }

    #[test]
    fn never_noise_at_a_warning_level_or_above() {
        for level in ["WARN", "error", "FATAL", "critical"] {
            let s = suggest(&row("GET /health <*>", level, steady()), None);
            assert_eq!(s.verdict, Some(Verdict::Keep), "{level}");
            assert_eq!(kinds(&s), [ReasonKind::SevereLevel]);
        }
        // One severe line among many is enough.
        let mut r = row("heartbeat <*>", "INFO", steady());
        r.levels.push(ValueCount {
            value: "ERROR".into(),
            count: 1,
        });
        assert_eq!(suggest(&r, None).verdict, Some(Verdict::Keep));
    }

    #[test]
    fn never_noise_for_a_health_check_that_reports_failures() {
        let mut r = row("GET /health <*>", "INFO", steady());
        r.examples.push("GET /health 503".into());
        let s = suggest(&r, None);
        assert_eq!(s.verdict, None);
        assert!(kinds(&s).contains(&ReasonKind::FailureShown));
        let unhealthy = suggest(&row("heartbeat unhealthy <*>", "INFO", steady()), None);
        assert_eq!(unhealthy.verdict, None);
    }

    #[test]
    fn never_noise_for_a_template_something_reads() {
        let r = row("GET /health <*>", "INFO", steady());
        let s = suggest(&r, Some(&evaluation(&r, "health", false)));
        assert_eq!(s.verdict, Some(Verdict::Keep));
        assert_eq!(kinds(&s), [ReasonKind::ReadByDependent]);
        assert!(
            s.reasons[0].text.contains("metric filter errors (/web)"),
            "{}",
            s.reasons[0].text
        );
    }

    #[test]
    fn nothing_reads_it_backs_a_shape_even_without_a_steady_rate() {
        let r = row("GET /health <*>", "INFO", bursty());
        let s = suggest(&r, Some(&evaluation(&r, "ERROR", false)));
        assert_eq!(s.verdict, Some(Verdict::Noise));
        assert!(kinds(&s).contains(&ReasonKind::NothingReads));
        assert!(!kinds(&s).contains(&ReasonKind::NoDependentsRecord));
    }

    #[test]
    fn never_noise_when_its_groups_dependents_were_not_all_read() {
        let r = row("GET /health <*>", "INFO", steady());
        let s = suggest(&r, Some(&evaluation(&r, "ERROR", true)));
        assert_eq!(s.verdict, None);
        assert!(kinds(&s).contains(&ReasonKind::ReadersUnknown));
        // Lines in a group the record does not cover.
        let mut elsewhere = r.clone();
        elsewhere.count += 10;
        let s = suggest(&elsewhere, Some(&evaluation(&r, "ERROR", false)));
        assert_eq!(s.verdict, None);
        assert!(kinds(&s).contains(&ReasonKind::ReadersUnknown));
    }

    #[test]
    fn suggestions_come_costliest_first() {
        let cheap = row("GET /ping <*>", "INFO", steady());
        let mut dear = row("GET /metrics <*>", "INFO", steady());
        dear.id = TemplateId(2);
        dear.monthly_cost_usd = 99.0;
        let all = suggest_all(&[cheap, dear], None);
        assert_eq!(all[0].id, TemplateId(2));
        assert_eq!(all[1].id, TemplateId(1));
    }

    #[test]
    fn a_thin_series_says_nothing_about_the_rate() {
        assert!(rate(&[1, 0, 2, 1, 0, 1]).is_none());
        assert!(rate(&[50, 50]).is_none());
    }

    #[test]
    fn only_a_note_starting_with_the_prefix_marks_an_accepted_suggestion() {
        assert!(is_accepted_suggestion(Some(
            "suggested: a health-check route"
        )));
        assert!(!is_accepted_suggestion(Some(
            "team said so; suggested: later"
        )));
        assert!(!is_accepted_suggestion(None));
    }
}
