//! Did last meeting's rules work? The rules of an earlier session checked against a newer
//! sample of the same workspace: per rule, the noise template's volume and monthly cost then
//! and now, the drop expected against the drop observed, and where lines still match (the
//! rule is not deployed there, or the template changed); templates the room kept that shrank
//! (something dropped them); and the saving realised per owner team next to the one projected.
//!
//! "Then" is what the earlier session saw when it was created (its templates' counts and bytes,
//! priced on its own sample); "now" is a newer sample, a workspace of its own (a pull a week
//! later), its events matched with the rules' own patterns (so a template that was re-mined
//! differently still counts as leaking) and priced on that workspace's sample. Template ids
//! are the same across workspaces for the same text, so kept templates are found again by id.
//! Both sides go through [`CostBasis`], the one cost model.

use crate::{Matcher, Result, RuleSet};
use lognoise_miner::TemplateId;
use lognoise_session::{CostBasis, GroupBytes, SeenTemplate, Session, SessionFile, Verdict};
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Below this share of its earlier monthly volume a kept or signal template counts as shrunk.
pub const SHRUNK_BELOW: f64 = 0.5;

/// Schema of `lognoise verify --json`.
pub const VERIFICATION_SCHEMA: &str = "lognoise.verification/v1";

/// Lines and bytes, extrapolated to a month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct MonthlyVolume {
    /// Lines in the sample.
    pub lines: u64,
    /// Bytes a month, when the sample's window is known.
    pub monthly_bytes: Option<f64>,
    /// US dollars a month, when the sample's window is known.
    pub monthly_cost_usd: Option<f64>,
}

impl MonthlyVolume {
    /// `lines` holding `bytes` (per log group where known), each group's part at its own
    /// factor and class price, as the queue prices templates.
    fn of(lines: u64, bytes: &GroupBytes, basis: &CostBasis) -> MonthlyVolume {
        MonthlyVolume {
            lines,
            monthly_bytes: basis.monthly_bytes_of(bytes),
            monthly_cost_usd: basis.monthly_cost_usd_of(bytes),
        }
    }
}

/// A template's bytes as the earlier session saw them, per log group when it recorded them.
fn seen_bytes(seen: &SeenTemplate) -> GroupBytes {
    GroupBytes {
        total: seen.bytes,
        by_group: seen.by_group.clone(),
    }
}

/// Lines a rule still matches in one log group of the newer sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leak {
    /// The log group (`None`: lines of no group).
    pub log_group: Option<String>,
    /// Matching lines and their monthly cost.
    pub volume: MonthlyVolume,
    /// A few of them.
    pub examples: Vec<String>,
}

impl Leak {
    /// Where and how much, as the notes and the app say it: `/ecs/batch (100 lines)`.
    pub fn place(&self) -> String {
        format!(
            "{} ({} lines)",
            self.log_group.as_deref().unwrap_or("no log group"),
            self.volume.lines
        )
    }
}

/// One rule of the earlier session, checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleOutcome {
    /// The rule (its template's id).
    pub rule_id: String,
    /// The noise template.
    pub template: String,
    /// The team that owns the decision.
    pub owner: Option<String>,
    /// The template's volume when the earlier session was created.
    pub then: MonthlyVolume,
    /// Lines matching the rule in the newer sample.
    pub now: MonthlyVolume,
    /// Share of the volume the rule should remove (1, or 1 - 1/N keeping one line in N).
    pub expected_drop: f64,
    /// Share it did remove, from monthly bytes then and now; `None` without both windows or
    /// when there was nothing then.
    pub observed_drop: Option<f64>,
    /// Where lines still match, loudest first.
    pub leaks: Vec<Leak>,
}

/// A template the earlier session kept or marked signal that shrank since.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShrunkTemplate {
    /// The template.
    pub template_id: TemplateId,
    /// Its text.
    pub text: String,
    /// `keep` or `signal`.
    pub verdict: String,
    /// Its volume then.
    pub then: MonthlyVolume,
    /// Its volume now (no lines at all when the newer session did not see it).
    pub now: MonthlyVolume,
}

/// Realised against projected saving for one owner team.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OwnerSaving {
    /// The team (`None`: rules without an owner).
    pub owner: Option<String>,
    /// What the rules were expected to save a month.
    pub projected_usd: f64,
    /// What the account stopped paying a month (then minus now; negative when it grew).
    pub realised_usd: f64,
}

/// The outcome of [`verify`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verification {
    /// `lognoise.verification/v1`.
    pub schema: String,
    /// The earlier session, whose rules are checked.
    pub previous: String,
    /// Events in the newer sample.
    pub events_now: u64,
    /// One entry per rule of the earlier session, costliest then first.
    pub rules: Vec<RuleOutcome>,
    /// Kept or signal templates that shrank below [`SHRUNK_BELOW`] of their volume.
    pub shrunk: Vec<ShrunkTemplate>,
    /// Per owner, most projected first.
    pub owners: Vec<OwnerSaving>,
    /// All owners together.
    pub total: OwnerSaving,
    /// Whether both samples have a time window, without which no monthly figure exists.
    pub priced: bool,
}

/// Checks the rules of the earlier meeting on the newer sample `now_ws`: the session named
/// `session` (its newest when `None`) of the workspace at `previous_root`. The command line's
/// `verify` and `session summary --previous-workspace` and the app's Summary screen call it.
pub fn verify_last_meeting(
    previous_root: &Path,
    session: Option<&str>,
    now_ws: &Workspace,
    price_per_gb_usd: Option<f64>,
) -> Result<Verification> {
    let previous_ws = Workspace::open(previous_root)?;
    let file = match session {
        Some(name) => SessionFile::open_named(&previous_ws, name)?,
        None => SessionFile::open_newest(&previous_ws)?.ok_or_else(|| {
            crate::Error::NoEarlierSession {
                path: previous_root.to_path_buf(),
            }
        })?,
    };
    verify(&previous_ws, file.session(), now_ws, price_per_gb_usd)
}

/// Checks the noise rules of `previous` (a session of `previous_ws`) on the newer sample
/// `now_ws`, priced at `price_per_gb_usd` (the earlier session's price unless given).
pub fn verify(
    previous_ws: &Workspace,
    previous: &Session,
    now_ws: &Workspace,
    price_per_gb_usd: Option<f64>,
) -> Result<Verification> {
    let set = crate::rules_from_session(previous_ws, previous)?;
    let then_basis = CostBasis::of_session(previous);
    let now_basis = CostBasis::of_workspace_sample(
        now_ws,
        price_per_gb_usd.unwrap_or(previous.price_per_gb_usd),
        previous.infrequent_access_price(),
    )?
    // Storage and scans at the earlier session's prices and basis, as its figures were.
    .with_billed(lognoise_session::BilledPrices::of_session(previous));
    let protected: Vec<TemplateId> = previous
        .decided_templates()
        .iter()
        .filter(|d| matches!(d.decision.verdict, Some(Verdict::Keep | Verdict::Signal)))
        .map(|d| d.id)
        .collect();
    let NowSample {
        by_rule: now,
        by_template,
        events: events_now,
    } = sample_now(now_ws, &set, &protected)?;

    let mut rules = Vec::with_capacity(set.rules.len());
    for (i, rule) in set.rules.iter().enumerate() {
        let seen = previous.templates.get(&rule.template_id);
        let then = MonthlyVolume::of(
            seen.map_or(0, |t| t.count),
            &seen.map(seen_bytes).unwrap_or_default(),
            &then_basis,
        );
        let by_group = now.get(&i);
        let lines = by_group.map_or(0, |g| g.values().map(|m| m.lines).sum());
        let bytes = GroupBytes {
            total: by_group.map_or(0, |g| g.values().map(|m| m.bytes).sum()),
            by_group: by_group
                .map(|g| {
                    g.iter()
                        .filter_map(|(group, m)| Some((group.clone()?, m.bytes)))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let mut leaks: Vec<Leak> = by_group
            .map(|g| {
                g.iter()
                    .map(|(group, m)| Leak {
                        log_group: group.clone(),
                        volume: MonthlyVolume::of(
                            m.lines,
                            &GroupBytes {
                                total: m.bytes,
                                by_group: group.iter().map(|g| (g.clone(), m.bytes)).collect(),
                            },
                            &now_basis,
                        ),
                        examples: m.examples.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        leaks.sort_by(|a, b| {
            b.volume
                .lines
                .cmp(&a.volume.lines)
                .then_with(|| a.log_group.cmp(&b.log_group))
        });
        let now = MonthlyVolume::of(lines, &bytes, &now_basis);
        let observed_drop = match (then.monthly_bytes, now.monthly_bytes) {
            (Some(t), Some(n)) if t > 0.0 => Some(1.0 - n / t),
            _ => None,
        };
        rules.push(RuleOutcome {
            rule_id: rule.id.clone(),
            template: rule.template.clone(),
            owner: rule.owner.clone(),
            then,
            now,
            expected_drop: rule.keep_one_in.map_or(1.0, |n| 1.0 - 1.0 / f64::from(n)),
            observed_drop,
            leaks,
        });
    }

    // Costliest first, as the queue orders templates.
    rules.sort_by(|a, b| {
        let cost = |r: &RuleOutcome| r.then.monthly_cost_usd.unwrap_or_default();
        cost(b)
            .total_cmp(&cost(a))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    let mut shrunk = Vec::new();
    for d in previous.decided_templates() {
        let verdict = match d.decision.verdict {
            Some(v @ (Verdict::Keep | Verdict::Signal)) => v,
            _ => continue,
        };
        let Some(seen) = previous.templates.get(&d.id) else {
            continue;
        };
        let then = MonthlyVolume::of(seen.count, &seen_bytes(seen), &then_basis);
        let (lines, bytes) = by_template.get(&d.id).copied().unwrap_or_default();
        let now = MonthlyVolume::of(lines, &GroupBytes::ungrouped(bytes), &now_basis);
        let shrank = match (then.monthly_bytes, now.monthly_bytes) {
            (Some(t), Some(n)) => t > 0.0 && n < t * SHRUNK_BELOW,
            // Without windows, a template that is gone has still shrunk.
            _ => seen.count > 0 && now.lines == 0,
        };
        if shrank {
            shrunk.push(ShrunkTemplate {
                template_id: d.id,
                text: d.text,
                verdict: verdict.as_str().into(),
                then,
                now,
            });
        }
    }

    let mut owners: BTreeMap<Option<String>, OwnerSaving> = BTreeMap::new();
    for r in &rules {
        let o = owners
            .entry(r.owner.clone())
            .or_insert_with(|| OwnerSaving {
                owner: r.owner.clone(),
                ..OwnerSaving::default()
            });
        let then = r.then.monthly_cost_usd.unwrap_or_default();
        o.projected_usd += then * r.expected_drop;
        o.realised_usd += then - r.now.monthly_cost_usd.unwrap_or_default();
    }
    let mut owners: Vec<OwnerSaving> = owners.into_values().collect();
    owners.sort_by(|a, b| {
        b.projected_usd
            .total_cmp(&a.projected_usd)
            .then_with(|| a.owner.cmp(&b.owner))
    });
    let total = owners.iter().fold(OwnerSaving::default(), |mut t, o| {
        t.projected_usd += o.projected_usd;
        t.realised_usd += o.realised_usd;
        t
    });
    Ok(Verification {
        schema: VERIFICATION_SCHEMA.into(),
        previous: previous.name.clone(),
        events_now,
        rules,
        shrunk,
        owners,
        total,
        priced: then_basis.monthly_factor.is_some() && now_basis.monthly_factor.is_some(),
    })
}

/// Lines of one rule in one group of the newer sample.
#[derive(Default)]
struct Matched {
    lines: u64,
    bytes: u64,
    examples: Vec<String>,
}

/// What the newer sample holds for the check.
struct NowSample {
    /// Per rule (position in the set) and log group: the lines the rule matches first.
    by_rule: HashMap<usize, BTreeMap<Option<String>, Matched>>,
    /// Lines and bytes of each protected template.
    by_template: HashMap<TemplateId, (u64, u64)>,
    /// Events read.
    events: u64,
}

/// One pass over the newer sample's events.
fn sample_now(ws: &Workspace, set: &RuleSet, protected: &[TemplateId]) -> Result<NowSample> {
    let mut now = NowSample {
        by_rule: HashMap::new(),
        by_template: protected.iter().map(|&id| (id, (0, 0))).collect(),
        events: 0,
    };
    let matcher = if set.rules.is_empty() {
        None
    } else {
        Some(Matcher::new(set)?)
    };
    let templates = ws.templates();
    for event in ws.events()? {
        let event = event?;
        now.events += 1;
        let bytes = event.message.len() as u64;
        if let Some(t) = templates
            .template_of(event.cluster)
            .and_then(|t| now.by_template.get_mut(&t.id))
        {
            t.0 += 1;
            t.1 += bytes;
        }
        let Some(rule) = matcher
            .as_ref()
            .and_then(|m| m.first_match(&event.message, event.log_group.as_deref()))
        else {
            continue;
        };
        let m = now
            .by_rule
            .entry(rule)
            .or_default()
            .entry(event.log_group.clone())
            .or_default();
        m.lines += 1;
        m.bytes += bytes;
        if m.examples.len() < crate::MAX_EXAMPLES && !m.examples.contains(&event.message) {
            m.examples.push(event.message);
        }
    }
    Ok(now)
}
