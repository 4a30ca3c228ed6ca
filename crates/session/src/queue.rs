//! The review queue: the workspace's templates as the session sees them (merged templates as
//! one row, split templates as one row per part plus the rest), with monthly volume and cost,
//! growth against the previous session, and the decision so far, in the order the meeting
//! wants to go through them.
//!
//! Statistics come from the workspace's index: counts, bytes, levels and a count series per
//! template from one pass ([`lognoise_index::SearchIndex::templates`]), and the log groups of
//! each template, with its events and bytes in each, from one pass per log group
//! ([`lognoise_index::SearchIndex::template_volumes_in_group`]): each group's bytes are priced
//! at its log class ([`crate::CostBasis`]). Counts of split parts come from the
//! miner's per-variable heavy hitters: exact when the variable took at most 8 distinct values,
//! upper bounds otherwise (the row says `estimated`); bytes and series of a part are the
//! template's in proportion.

use crate::cost::{CostBasis, GroupBytes};
use crate::model::{Decision, Session};
use crate::store::list_sessions;
use crate::{Error, Result};
use lognoise_index::{GroupCount, SearchIndex, SearchRequest, TemplateRow, DEFAULT_BUCKETS};
use lognoise_miner::{TemplateId, ValueCount};
use lognoise_workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Log groups whose templates are counted one by one; a workspace with more lists no groups
/// per template (the cost would grow with the number of groups).
const MAX_GROUPS: usize = 500;

/// Examples kept per row.
const MAX_EXAMPLES: usize = 5;

/// The order of the review queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueueOrder {
    /// Highest estimated monthly cost first.
    #[default]
    Cost,
    /// Most events first.
    Volume,
    /// Templates new since the previous session first, then fastest growing (monthly bytes
    /// against the previous session's).
    Growth,
    /// Templates new since the previous session first, then by cost.
    New,
}

impl std::str::FromStr for QueueOrder {
    type Err = Error;
    fn from_str(s: &str) -> Result<QueueOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cost" => Ok(QueueOrder::Cost),
            "volume" => Ok(QueueOrder::Volume),
            "growth" => Ok(QueueOrder::Growth),
            "new" => Ok(QueueOrder::New),
            _ => Err(Error::Refused(format!(
                "`{s}` is not a queue order: use cost, volume, growth or new"
            ))),
        }
    }
}

/// What a queue row stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A template of the workspace.
    Template,
    /// A template with others merged into it (`members`).
    Merged,
    /// One value of a split template.
    SplitPart,
    /// A split template's lines with none of the split values.
    SplitRest,
}

/// One row of the review queue.
#[derive(Clone, Debug, Serialize)]
pub struct QueueRow {
    /// The id decisions are recorded under.
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// What the row stands for.
    pub kind: RowKind,
    /// For a merge, the templates merged into this one.
    pub members: Vec<TemplateId>,
    /// For a split part or rest, the template split.
    pub split_of: Option<TemplateId>,
    /// Events in the sample.
    pub count: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Share of the sample's events, 0 to 1.
    pub share: f64,
    /// Share of the sample's bytes, 0 to 1.
    pub byte_share: f64,
    /// Estimated bytes per month in the log groups (see [`crate::SessionSample::monthly_factor`]).
    pub monthly_bytes: f64,
    /// Estimated monthly ingestion cost, each log group's bytes at the session's price for
    /// its class ([`CostBasis::monthly_cost_usd_of`]).
    pub monthly_cost_usd: f64,
    /// Change of monthly bytes against the previous session (0.5 is 50% more); `None` when
    /// there is no previous session or the template is new.
    pub growth: Option<f64>,
    /// Whether the previous session had no such template.
    pub is_new: bool,
    /// Whether `count` (and so bytes and cost) is an upper bound rather than a count.
    pub estimated: bool,
    /// Levels seen, most frequent first.
    pub levels: Vec<ValueCount>,
    /// Log groups with events of the template, most first.
    pub log_groups: Vec<GroupCount>,
    /// `bytes`, with the part of them in each log group: what the cost is priced from.
    #[serde(skip)]
    pub group_bytes: GroupBytes,
    /// Events per time bucket over the workspace's time range.
    pub series: Vec<u64>,
    /// A few example lines.
    pub examples: Vec<String>,
    /// The decision so far (own, carried over, or none).
    pub decision: Option<Decision>,
}

/// The templates of the workspace as `session` reviews them, in `order`.
pub fn queue(ws: &Workspace, session: &Session, order: QueueOrder) -> Result<Vec<QueueRow>> {
    queue_with_index(&SearchIndex::open(ws)?, ws, session, order)
}

/// [`queue`] with an index kept open (the app asks again after every decision).
pub fn queue_with_index(
    index: &SearchIndex,
    ws: &Workspace,
    session: &Session,
    order: QueueOrder,
) -> Result<Vec<QueueRow>> {
    let report = index.templates(ws, DEFAULT_BUCKETS)?;
    let groups = groups_per_template(ws, index)?;
    let previous = previous_session(ws, session)?;
    let events = report.events.max(1) as f64;
    let bytes = report.bytes.max(1) as f64;

    let mut rows: Vec<QueueRow> = Vec::with_capacity(report.templates.len());
    let mut position: HashMap<TemplateId, usize> = HashMap::new();
    for t in report.templates {
        position.insert(t.id, rows.len());
        let (log_groups, by_group) = groups.get(&t.id).cloned().unwrap_or_default();
        rows.push(row_of(t, log_groups, by_group));
    }
    merge_rows(session, &mut rows, &position);
    split_rows(ws, session, &mut rows);

    // A sample without a time window counts as a month's volume here (the summary says so).
    let factor = session.sample.monthly_factor();
    let basis = CostBasis::of_session(session);
    // The previous session's volumes are counted as its queue counted them, per group.
    let previous_basis = previous
        .as_ref()
        .map(|p| (CostBasis::of_session(p), p.sample.monthly_factor()));
    for r in &mut rows {
        r.share = r.count as f64 / events;
        r.byte_share = r.bytes as f64 / bytes;
        r.monthly_bytes = basis.monthly_bytes_at(factor, &r.group_bytes);
        r.monthly_cost_usd = basis.cost_at(factor, &r.group_bytes);
        r.decision = session.decisions.get(&r.id).cloned();
        if let (Some(prev), Some((prev_basis, prev_factor))) = (&previous, &previous_basis) {
            let before = previous_bytes(prev, r);
            r.is_new = before.is_none() && r.kind != RowKind::SplitPart;
            r.growth = before
                .map(|b| prev_basis.monthly_bytes_at(*prev_factor, &b))
                .filter(|&b| b > 0.0)
                .map(|b| r.monthly_bytes / b - 1.0);
        }
    }
    sort(&mut rows, order);
    Ok(rows)
}

fn row_of(
    t: TemplateRow,
    log_groups: Vec<GroupCount>,
    by_group: BTreeMap<String, u64>,
) -> QueueRow {
    let mut examples = t.examples;
    examples.truncate(MAX_EXAMPLES);
    QueueRow {
        group_bytes: GroupBytes {
            total: t.bytes,
            by_group,
        },
        id: t.id,
        text: t.text,
        kind: RowKind::Template,
        members: Vec::new(),
        split_of: None,
        count: t.count,
        bytes: t.bytes,
        share: 0.0,
        byte_share: 0.0,
        monthly_bytes: 0.0,
        monthly_cost_usd: 0.0,
        growth: None,
        is_new: false,
        estimated: false,
        levels: t.levels,
        log_groups,
        series: t.series,
        examples,
        decision: None,
    }
}

/// Folds each merge's members into the row of its `into`.
fn merge_rows(session: &Session, rows: &mut Vec<QueueRow>, position: &HashMap<TemplateId, usize>) {
    let mut drop = vec![false; rows.len()];
    for m in &session.merges {
        let Some(&into) = position.get(&m.into) else {
            continue;
        };
        for member in &m.members {
            let Some(&k) = position.get(member) else {
                continue;
            };
            drop[k] = true;
            let other = rows[k].clone();
            let r = &mut rows[into];
            r.kind = RowKind::Merged;
            r.members.push(*member);
            r.count += other.count;
            r.bytes += other.bytes;
            r.group_bytes.add(&other.group_bytes);
            add_series(&mut r.series, &other.series);
            r.levels = add_counts(
                &r.levels,
                &other.levels,
                |v| &v.value,
                |v| v.count,
                |value, count| ValueCount { value, count },
            );
            r.log_groups = add_counts(
                &r.log_groups,
                &other.log_groups,
                |g| &g.group,
                |g| g.count,
                |group, count| GroupCount { group, count },
            );
            for e in other.examples {
                if r.examples.len() < MAX_EXAMPLES {
                    r.examples.push(e);
                }
            }
        }
    }
    let mut k = 0;
    rows.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Replaces each split template's row by one row per part and one for the rest.
fn split_rows(ws: &Workspace, session: &Session, rows: &mut Vec<QueueRow>) {
    for split in &session.splits {
        let Some(k) = rows.iter().position(|r| r.id == split.template) else {
            continue;
        };
        let Some(template) = ws.templates().get(split.template) else {
            continue;
        };
        let variable = template
            .variables
            .iter()
            .find(|v| v.index == split.variable);
        let bounded = variable.is_none_or(|v| v.distinct_estimate as usize > v.top_values.len());
        let parent = rows[k].clone();
        let mut rest = parent.clone();
        rest.kind = RowKind::SplitRest;
        rest.split_of = Some(parent.id);
        let mut parts = Vec::with_capacity(split.parts.len());
        for p in &split.parts {
            let listed = variable.and_then(|v| v.top_values.iter().find(|c| c.value == p.value));
            let count = listed.map_or(0, |c| c.count).min(rest.count);
            let fraction = if parent.count == 0 {
                0.0
            } else {
                count as f64 / parent.count as f64
            };
            let bytes = ((parent.bytes as f64 * fraction).round() as u64).min(rest.bytes);
            let group_bytes = parent.group_bytes.scaled(fraction, bytes);
            let series: Vec<u64> = parent
                .series
                .iter()
                .map(|&n| (n as f64 * fraction).round() as u64)
                .collect();
            rest.count -= count;
            rest.bytes -= bytes;
            rest.group_bytes = rest.group_bytes.less(&group_bytes);
            for (a, b) in rest.series.iter_mut().zip(&series) {
                *a = a.saturating_sub(*b);
            }
            parts.push(QueueRow {
                id: p.id,
                text: p.text.clone(),
                kind: RowKind::SplitPart,
                split_of: Some(parent.id),
                count,
                bytes,
                group_bytes,
                series,
                estimated: bounded || listed.is_none(),
                examples: parent
                    .examples
                    .iter()
                    .filter(|e| e.contains(p.value.as_str()))
                    .cloned()
                    .collect(),
                ..parent.clone()
            });
        }
        rest.estimated = bounded;
        // Every line has one of the values: the rest is nothing to review.
        if rest.count == 0 && !bounded {
            rows.remove(k);
        } else {
            rows[k] = rest;
        }
        rows.extend(parts);
    }
}

fn add_series(acc: &mut Vec<u64>, more: &[u64]) {
    if acc.len() < more.len() {
        acc.resize(more.len(), 0);
    }
    for (a, m) in acc.iter_mut().zip(more) {
        *a += m;
    }
}

/// Two count lists added by key, most first.
fn add_counts<T>(
    a: &[T],
    b: &[T],
    key: impl Fn(&T) -> &String,
    count: impl Fn(&T) -> u64,
    make: impl Fn(String, u64) -> T,
) -> Vec<T> {
    let mut sum: BTreeMap<String, u64> = BTreeMap::new();
    for x in a.iter().chain(b) {
        *sum.entry(key(x).clone()).or_default() += count(x);
    }
    let mut out: Vec<(String, u64)> = sum.into_iter().collect();
    out.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    out.into_iter().map(|(k, n)| make(k, n)).collect()
}

/// Per template, its log groups with its events in each (most first) and its bytes in each:
/// one pass per log group.
pub(crate) type TemplateGroups = HashMap<TemplateId, (Vec<GroupCount>, BTreeMap<String, u64>)>;

/// Message bytes of each log group in the workspace, the sum of its templates' bytes there.
pub(crate) fn bytes_per_group(per_template: &TemplateGroups) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for (_, by_group) in per_template.values() {
        for (g, b) in by_group {
            *out.entry(g.clone()).or_default() += b;
        }
    }
    out
}

/// The log groups of the workspace's events (from the index).
pub(crate) fn group_names(ws: &Workspace, index: &SearchIndex) -> Result<Vec<String>> {
    let all = index.search(
        ws,
        &SearchRequest {
            limit: 0,
            buckets: 1,
            ..SearchRequest::default()
        },
    )?;
    Ok(all.groups.into_iter().map(|g| g.group).collect())
}

/// The log groups of each template, with its events and bytes in each.
fn groups_per_template(ws: &Workspace, index: &SearchIndex) -> Result<TemplateGroups> {
    groups_per_template_in(ws, index, &group_names(ws, index)?)
}

/// [`groups_per_template`] over `groups`, the workspace's log groups (none past
/// [`MAX_GROUPS`]: one pass per group would make the queue slow).
pub(crate) fn groups_per_template_in(
    ws: &Workspace,
    index: &SearchIndex,
    groups: &[String],
) -> Result<TemplateGroups> {
    let mut out: TemplateGroups = HashMap::new();
    if groups.len() > MAX_GROUPS {
        return Ok(out);
    }
    for group in groups {
        for t in index.template_volumes_in_group(ws, group)? {
            let (counts, bytes) = out.entry(t.id).or_default();
            counts.push(GroupCount {
                group: group.clone(),
                count: t.count,
            });
            bytes.insert(group.clone(), t.bytes);
        }
    }
    for (groups, _) in out.values_mut() {
        groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.group.cmp(&b.group)));
    }
    Ok(out)
}

/// The session named as this one's previous, if it is still there: its file is found by the
/// name's file name first, so that only a renamed file costs reading every session.
pub(crate) fn previous_session(ws: &Workspace, session: &Session) -> Result<Option<Session>> {
    let Some(name) = &session.previous else {
        return Ok(None);
    };
    if let Ok(slug) = crate::store::slug(name) {
        let path = crate::store::sessions_dir(ws).join(format!("{slug}.json"));
        if let Ok(file) = crate::SessionFile::open(&path) {
            if &file.session().name == name {
                return Ok(Some(file.session().clone()));
            }
        }
    }
    Ok(list_sessions(ws)?
        .into_iter()
        .map(|s| s.session)
        .find(|s| &s.name == name))
}

/// Bytes the previous session saw of what this row stands for: the same templates, or the one
/// its decision was carried over from.
fn previous_bytes(prev: &Session, r: &QueueRow) -> Option<GroupBytes> {
    let seen = |t: &crate::model::SeenTemplate| GroupBytes {
        total: t.bytes,
        by_group: t.by_group.clone(),
    };
    let mut found: Option<GroupBytes> = None;
    for id in std::iter::once(&r.id).chain(&r.members) {
        if let Some(t) = prev.templates.get(id) {
            found.get_or_insert_with(GroupBytes::default).add(&seen(t));
        }
    }
    if found.is_none() {
        let carried = r.decision.as_ref().and_then(|d| d.carried_over.as_ref());
        if let Some(c) = carried {
            found = prev.templates.get(&c.template_id).map(seen);
        }
    }
    found
}

fn sort(rows: &mut [QueueRow], order: QueueOrder) {
    let by_cost = |a: &QueueRow, b: &QueueRow| {
        b.monthly_cost_usd
            .total_cmp(&a.monthly_cost_usd)
            .then_with(|| b.bytes.cmp(&a.bytes))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.text.cmp(&b.text))
    };
    match order {
        QueueOrder::Cost => rows.sort_by(by_cost),
        QueueOrder::Volume => rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| b.bytes.cmp(&a.bytes))
                .then_with(|| a.text.cmp(&b.text))
        }),
        QueueOrder::Growth => rows.sort_by(|a, b| {
            b.is_new
                .cmp(&a.is_new)
                .then_with(|| {
                    let g = |r: &QueueRow| r.growth.unwrap_or(f64::NEG_INFINITY);
                    g(b).total_cmp(&g(a))
                })
                .then_with(|| by_cost(a, b))
        }),
        QueueOrder::New => rows.sort_by(|a, b| b.is_new.cmp(&a.is_new).then_with(|| by_cost(a, b))),
    }
}
