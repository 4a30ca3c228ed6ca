//! What reads each row of the review queue: the dependents of its log groups (metric filters
//! and the alarms on their metrics, subscriptions, saved and recently run Logs Insights queries)
//! whose patterns select some of its sampled lines, in words. The Review screen's "read by"
//! badge, `lognoise session show` and the confirmation before marking such a row noise all
//! read it from here, so the two front ends name the same readers.

use crate::queue::{QueueRow, RowKind};
use crate::Result;
use lognoise_dependents::{evaluate, Dependents, Evaluation, ReaderKind};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::BTreeMap;

/// One dependent reading some of a row's lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowReader {
    /// Metric filter, subscription filter, saved or recent query.
    pub kind: ReaderKind,
    /// What it is and what it feeds: `feeds metric Web/Errors, alarm web-errors`,
    /// `subscription to arn:...`, `saved query errors, run 14 times in 30 days`.
    pub description: String,
    /// The log group it reads.
    pub log_group: String,
    /// The row's sampled lines its pattern selects.
    pub lines_matched: u64,
    /// Whether dropping those lines breaks it (an alarm's metric, a subscription, a saved
    /// query); a query that was only run does not block a drop.
    pub breaks_on_drop: bool,
}

/// The readers of a workspace's sampled lines, evaluated once for a whole queue.
#[derive(Clone, Debug, Default)]
pub struct QueueReaders {
    evaluation: Option<Evaluation>,
}

impl QueueReaders {
    /// Reads the workspace's record of what reads its log groups (`dependents.json`, written
    /// by a pull) and evaluates every dependent on the sampled lines; without a record nothing
    /// is known, which is not the same as nothing reading ([`QueueReaders::known`]).
    pub fn of_workspace(ws: &Workspace) -> Result<QueueReaders> {
        let evaluation = match Dependents::read(ws.root())? {
            Some(d) => Some(evaluate(ws, &d)?),
            None => None,
        };
        Ok(QueueReaders { evaluation })
    }

    /// Readers from an evaluation made elsewhere (`None`: no record).
    pub fn from_evaluation(evaluation: Option<Evaluation>) -> QueueReaders {
        QueueReaders { evaluation }
    }

    /// Whether the workspace has a record of its readers at all.
    pub fn known(&self) -> bool {
        self.evaluation.is_some()
    }

    /// The evaluation, for callers that need more than rows (suggestions).
    pub fn evaluation(&self) -> Option<&Evaluation> {
        self.evaluation.as_ref()
    }

    /// What reads the lines of `row`: for a merge, its members' too; for a split's part or
    /// rest, the split template's (every value's lines, so an upper bound). Readers that
    /// break on a drop first, then by lines matched; each reader once.
    pub fn of_row(&self, row: &QueueRow) -> Vec<RowReader> {
        let Some(evaluation) = &self.evaluation else {
            return Vec::new();
        };
        let mut by_reader: BTreeMap<usize, u64> = BTreeMap::new();
        for template in templates_of(row) {
            let Some(t) = evaluation.readers_of(template) else {
                continue;
            };
            for r in t.read_by.iter().filter(|r| r.lines_matched > 0) {
                *by_reader.entry(r.reader).or_default() += r.lines_matched;
            }
        }
        let mut out: Vec<RowReader> = by_reader
            .into_iter()
            .filter_map(|(position, lines_matched)| {
                let reader = evaluation.readers.get(position)?;
                Some(RowReader {
                    kind: reader.kind,
                    description: reader.describe(),
                    log_group: reader.log_group.clone(),
                    lines_matched,
                    breaks_on_drop: reader.kind.breaks_on_drop(),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.breaks_on_drop
                .cmp(&a.breaks_on_drop)
                .then_with(|| b.lines_matched.cmp(&a.lines_matched))
                .then_with(|| a.description.cmp(&b.description))
        });
        out
    }
}

/// The workspace templates a row's lines belong to.
pub(crate) fn templates_of(row: &QueueRow) -> Vec<TemplateId> {
    match row.kind {
        RowKind::SplitPart | RowKind::SplitRest => row.split_of.into_iter().collect(),
        RowKind::Template | RowKind::Merged => std::iter::once(row.id)
            .chain(row.members.iter().copied())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use lognoise_dependents::{
        Alarm, Evaluator, GroupDependents, LogsQuery, MetricFilter, MetricTarget,
    };

    fn row(id: u64, text: &str, kind: RowKind, members: Vec<TemplateId>) -> QueueRow {
        QueueRow {
            id: TemplateId(id),
            text: text.into(),
            kind,
            members,
            split_of: None,
            count: 1,
            bytes: 10,
            share: 0.1,
            byte_share: 0.1,
            monthly_bytes: 1.0,
            monthly_cost_usd: 1.0,
            growth: None,
            is_new: false,
            estimated: false,
            levels: Vec::new(),
            log_groups: Vec::new(),
            group_bytes: Default::default(),
            series: Vec::new(),
            examples: Vec::new(),
            decision: None,
        }
    }

    /// `/web` with a metric filter on `ERROR` feeding an alarm, and a query run (not saved)
    /// on every line.
    fn readers() -> QueueReaders {
        let mut d = Dependents::new("us-east-1", 0);
        d.groups.push(GroupDependents {
            log_group: "/web".into(),
            metric_filters: vec![MetricFilter {
                name: "errors".into(),
                pattern: "ERROR".into(),
                metrics: vec![MetricTarget {
                    namespace: "Web".into(),
                    name: "Errors".into(),
                    alarms: vec![Alarm {
                        name: "web-errors".into(),
                        state: None,
                        actions: Vec::new(),
                    }],
                }],
                cross_check: None,
            }],
            queries: vec![LogsQuery {
                name: None,
                query: "fields @message".into(),
                language: Some("CWLI".into()),
                runs: 3,
                first_run_ms: Some(0),
            }],
            ..GroupDependents::default()
        });
        let mut e = Evaluator::new(&d);
        e.observe(TemplateId(1), Some("/web"), "ERROR payment failed");
        e.observe(TemplateId(1), Some("/web"), "ERROR payment failed");
        e.observe(TemplateId(2), Some("/web"), "ERROR card expired");
        e.observe(TemplateId(3), Some("/web"), "GET /health 200");
        QueueReaders::from_evaluation(Some(e.finish()))
    }

    #[test]
    fn a_row_names_what_reads_it_breaking_readers_first() {
        let readers = readers();
        assert!(readers.known());
        let health = readers.of_row(&row(3, "GET /health <*>", RowKind::Template, Vec::new()));
        assert_eq!(health.len(), 1, "only the query reads every line");
        assert!(!health[0].breaks_on_drop);
        let merged = readers.of_row(&row(1, "ERROR <*>", RowKind::Merged, vec![TemplateId(2)]));
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].kind, ReaderKind::MetricFilter);
        assert!(merged[0].breaks_on_drop);
        assert_eq!(merged[0].lines_matched, 3, "both members' lines");
        assert_eq!(
            merged[0].description,
            "feeds metric Web/Errors, alarm web-errors"
        );
        assert_eq!(merged[0].log_group, "/web");
        assert!(merged[1].description.starts_with("query `fields @message`"));
        // Without a record nothing is known, and nothing is named.
        let none = QueueReaders::default();
        assert!(!none.known());
        assert!(none
            .of_row(&row(1, "ERROR <*>", RowKind::Template, Vec::new()))
            .is_empty());
    }
}
