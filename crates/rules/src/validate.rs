//! Checks a rule set against a sample before it is exported: each rule must match every sampled
//! line of its own template, no line of a template the team marked keep or signal, and no line
//! that something in the account relies on (a metric filter, and so its metric's alarms, a
//! subscription filter or a saved Logs Insights query). Lines that a query run recently but not
//! saved reads are a warning, not a conflict.

use crate::{Matcher, Result, RuleSet};
use lognoise_dependents::{Evaluator, ReaderKind};
use lognoise_miner::TemplateId;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Example lines kept per finding.
pub const MAX_EXAMPLES: usize = 3;

/// One sampled line with the template the miner put it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleLine {
    /// The raw line, as a shipper sees it.
    pub message: String,
    /// Its log group, when known.
    pub log_group: Option<String>,
    /// Its template.
    pub template_id: TemplateId,
}

/// A rule that reaches lines of a protected template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The rule.
    pub rule_id: String,
    /// The protected template whose lines it matches.
    pub template_id: TemplateId,
    /// Matching lines.
    pub lines: u64,
    /// A few of them.
    pub examples: Vec<String>,
}

/// A rule that drops lines a dependent reads: a metric filter, a subscription filter or a
/// Logs Insights query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DependentConflict {
    /// The rule.
    pub rule_id: String,
    /// Metric filter, subscription filter or query.
    pub kind: ReaderKind,
    /// The log group the dependent reads.
    pub log_group: String,
    /// The dependent's name.
    pub dependent: String,
    /// What breaks, in words: `feeds metric Web/Errors, alarm payments-failing`,
    /// `subscription to arn:...`.
    pub breaks: String,
    /// Lines the rule drops that the dependent reads.
    pub lines: u64,
    /// A few of them.
    pub examples: Vec<String>,
}

/// A log group the rules drop lines of, whose dependents could not all be read: nothing says
/// those lines are unread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnknownReaders {
    /// The log group.
    pub log_group: String,
    /// What could not be read (`subscription filters`, `alarms of metric NS/NAME`).
    pub what: String,
    /// Why, with what to grant.
    pub reason: String,
}

/// What one rule does to the sample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleReport {
    /// The rule.
    pub rule_id: String,
    /// Its template.
    pub template_id: TemplateId,
    /// Lines of its template within its scope.
    pub own_lines: u64,
    /// Of those, the lines it matches.
    pub matched_own: u64,
    /// Lines of its template it does not match (shipped anyway).
    pub missed: u64,
    /// A few missed lines.
    pub missed_examples: Vec<String>,
    /// Lines of other templates, not protected, it matches too.
    pub matched_other: u64,
    /// A few of those.
    pub other_examples: Vec<String>,
    /// Lines this rule drops (lines matched by several rules count for the first; a rule
    /// keeping one in N keeps the 1st, the N+1th, ... of the lines it matches first).
    pub dropped_lines: u64,
    /// Their bytes.
    pub dropped_bytes: u64,
}

/// The outcome of [`validate`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ValidationReport {
    /// Lines checked.
    pub lines: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Lines some rule drops.
    pub removed_lines: u64,
    /// Their bytes.
    pub removed_bytes: u64,
    /// Of those, the bytes of each log group, so that each is priced at its group's class
    /// ([`ValidationReport::removed_volume`]).
    #[serde(skip)]
    pub removed_bytes_by_group: BTreeMap<String, u64>,
    /// One report per rule, in rule order.
    pub rules: Vec<RuleReport>,
    /// Rules reaching protected templates; any conflict blocks an export.
    pub conflicts: Vec<Conflict>,
    /// Rules dropping lines a metric filter, a subscription filter or a saved query reads;
    /// any blocks an export too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependent_conflicts: Vec<DependentConflict>,
    /// Rules dropping lines a query run recently (not saved) reads: a warning, since someone
    /// looked at those lines but nothing is known to rely on them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recent_query_readers: Vec<DependentConflict>,
    /// Log groups the rules drop lines of whose dependents could not all be read: a warning,
    /// since the lines may feed something nobody could see.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_readers: Vec<UnknownReaders>,
}

impl ValidationReport {
    /// Whether no rule reaches a protected template or a line something reads.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty() && self.dependent_conflicts.is_empty()
    }

    /// Rules that miss lines of their own template.
    pub fn incomplete_rules(&self) -> impl Iterator<Item = &RuleReport> {
        self.rules.iter().filter(|r| r.missed > 0)
    }

    /// The bytes the rules remove, with each log group's part, as [`crate::CostBasis`] prices
    /// them.
    pub fn removed_volume(&self) -> lognoise_session::GroupBytes {
        lognoise_session::GroupBytes {
            total: self.removed_bytes,
            by_group: self.removed_bytes_by_group.clone(),
        }
    }

    /// Share of the sampled bytes the rules remove, 0 to 1.
    pub fn removed_share(&self) -> f64 {
        if self.bytes == 0 {
            0.0
        } else {
            self.removed_bytes as f64 / self.bytes as f64
        }
    }
}

/// Checks `set` against sampled lines. `protected` holds the templates marked keep or signal.
///
/// Bytes count each line's UTF-8 length, as the miner does.
pub fn validate<I>(
    set: &RuleSet,
    lines: I,
    protected: &HashSet<TemplateId>,
) -> Result<ValidationReport>
where
    I: IntoIterator<Item = SampleLine>,
{
    validate_with_readers(set, lines, protected, None)
}

/// Like [`validate`], and with `readers` (the dependents of the sampled log groups) a rule that
/// drops a line one of them reads is a [`DependentConflict`], whatever template the line is of.
pub fn validate_with_readers<I>(
    set: &RuleSet,
    lines: I,
    protected: &HashSet<TemplateId>,
    readers: Option<&Evaluator>,
) -> Result<ValidationReport>
where
    I: IntoIterator<Item = SampleLine>,
{
    let matcher = Matcher::new(set)?;
    let rule_of_template: HashMap<TemplateId, Vec<usize>> =
        set.rules
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, r)| {
                m.entry(r.template_id).or_default().push(i);
                m
            });
    let mut report = ValidationReport {
        rules: set
            .rules
            .iter()
            .map(|r| RuleReport {
                rule_id: r.id.clone(),
                template_id: r.template_id,
                own_lines: 0,
                matched_own: 0,
                missed: 0,
                missed_examples: Vec::new(),
                matched_other: 0,
                other_examples: Vec::new(),
                dropped_lines: 0,
                dropped_bytes: 0,
            })
            .collect(),
        ..ValidationReport::default()
    };
    let mut conflicts: BTreeMap<(usize, TemplateId), Conflict> = BTreeMap::new();
    // Lines each rule matched first, so a rule keeping one in N keeps the 1st, N+1th, ...
    let mut first_hits: Vec<u64> = vec![0; set.rules.len()];
    let mut read_conflicts: BTreeMap<(usize, usize), DependentConflict> = BTreeMap::new();
    let mut dropped_groups: HashSet<String> = HashSet::new();
    for line in lines {
        let bytes = line.message.len() as u64;
        report.lines += 1;
        report.bytes += bytes;
        let group = line.log_group.as_deref();
        let hits = matcher.matches(&line.message, group);
        let kept_by_rate = hits.first().is_some_and(|&first| {
            let seen = first_hits[first];
            first_hits[first] += 1;
            set.rules[first]
                .keep_one_in
                .is_some_and(|n| seen.is_multiple_of(u64::from(n)))
        });
        if let Some(&first) = hits.first().filter(|_| !kept_by_rate) {
            report.removed_lines += 1;
            report.removed_bytes += bytes;
            if let Some(g) = group {
                *report
                    .removed_bytes_by_group
                    .entry(g.to_string())
                    .or_default() += bytes;
            }
            report.rules[first].dropped_lines += 1;
            report.rules[first].dropped_bytes += bytes;
        }
        if let Some(own) = rule_of_template.get(&line.template_id) {
            for &r in own {
                if !set.rules[r].applies_to(group) {
                    continue;
                }
                let rep = &mut report.rules[r];
                rep.own_lines += 1;
                if hits.binary_search(&r).is_ok() {
                    rep.matched_own += 1;
                } else {
                    rep.missed += 1;
                    push_example(&mut rep.missed_examples, &line.message);
                }
            }
        }
        if let (Some(g), false) = (group, hits.is_empty()) {
            if !dropped_groups.contains(g) {
                dropped_groups.insert(g.to_string());
            }
        }
        if let Some(evaluator) = readers.filter(|_| !hits.is_empty()) {
            for reader in evaluator.readers_of_line(group, &line.message) {
                let Some(dependent) = evaluator.reader(reader) else {
                    continue;
                };
                for &r in &hits {
                    let c =
                        read_conflicts
                            .entry((r, reader))
                            .or_insert_with(|| DependentConflict {
                                rule_id: set.rules[r].id.clone(),
                                kind: dependent.kind,
                                log_group: dependent.log_group.clone(),
                                dependent: dependent.name.clone(),
                                breaks: dependent.describe(),
                                lines: 0,
                                examples: Vec::new(),
                            });
                    c.lines += 1;
                    push_example(&mut c.examples, &line.message);
                }
            }
        }
        for &r in &hits {
            if set.rules[r].template_id == line.template_id {
                continue;
            }
            if protected.contains(&line.template_id) {
                let c = conflicts
                    .entry((r, line.template_id))
                    .or_insert_with(|| Conflict {
                        rule_id: set.rules[r].id.clone(),
                        template_id: line.template_id,
                        lines: 0,
                        examples: Vec::new(),
                    });
                c.lines += 1;
                push_example(&mut c.examples, &line.message);
            } else {
                let rep = &mut report.rules[r];
                rep.matched_other += 1;
                push_example(&mut rep.other_examples, &line.message);
            }
        }
    }
    report.conflicts = conflicts.into_values().collect();
    (report.dependent_conflicts, report.recent_query_readers) = read_conflicts
        .into_values()
        .partition(|c| c.kind.breaks_on_drop());
    if let Some(evaluator) = readers {
        report.unknown_readers = evaluator
            .unread()
            .iter()
            .filter(|part| dropped_groups.contains(&part.log_group))
            .map(|part| UnknownReaders {
                log_group: part.log_group.clone(),
                what: part.unread.what.clone(),
                reason: part.unread.reason.clone(),
            })
            .collect();
    }
    Ok(report)
}

fn push_example(examples: &mut Vec<String>, line: &str) {
    if examples.len() < MAX_EXAMPLES && !examples.iter().any(|e| e == line) {
        examples.push(line.to_string());
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::RuleSpec;

    fn line(message: &str, template: &str) -> SampleLine {
        SampleLine {
            message: message.into(),
            log_group: None,
            template_id: TemplateId::of_text(template),
        }
    }

    #[test]
    fn reports_matches_misses_conflicts_and_volume() {
        let noise = "cache <*> for <*>";
        let keep = "cache miss for <*>";
        let set = RuleSet::from_specs(
            &[RuleSpec {
                template_id: TemplateId::of_text(noise),
                template_text: noise.into(),
                ..RuleSpec::default()
            }],
            Vec::new(),
        )
        .unwrap();
        let lines = vec![
            line("cache hit for a", noise),
            line("cache hit for b", noise),
            line("cache  hit\tfor x", noise), // white-space runs between tokens
            line("cache miss for c", keep),
            line("cache", noise), // the miner's template, but not the rule's shape
        ];
        let protected = HashSet::from([TemplateId::of_text(keep)]);
        let r = validate(&set, lines, &protected).unwrap();
        assert_eq!(r.lines, 5);
        assert_eq!(r.rules[0].own_lines, 4);
        assert_eq!(r.rules[0].matched_own, 3);
        assert_eq!(r.rules[0].missed_examples, vec!["cache".to_string()]);
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(
            r.conflicts[0].examples,
            vec!["cache miss for c".to_string()]
        );
        assert!(!r.is_clean());
        assert_eq!(r.removed_lines, 4);
        assert_eq!(r.removed_bytes, 15 + 15 + 16 + 16);
        assert_eq!(r.rules[0].dropped_lines, 4);
    }

    #[test]
    fn removed_bytes_are_kept_per_log_group_and_priced_at_each_group_s_class() {
        let noise = "cache <*> for <*>";
        let set = RuleSet::from_specs(
            &[RuleSpec {
                template_id: TemplateId::of_text(noise),
                template_text: noise.into(),
                ..RuleSpec::default()
            }],
            Vec::new(),
        )
        .unwrap();
        let in_group = |message: &str, group: Option<&str>| SampleLine {
            log_group: group.map(str::to_string),
            ..line(message, noise)
        };
        let lines = vec![
            in_group("cache hit for a", Some("/ecs/web")),
            in_group("cache hit for b", Some("/ecs/web")),
            in_group("cache hit for c", Some("/ecs/web")),
            in_group("cache hit for d", Some("flow")),
            in_group("cache hit for e", None),
        ];
        let r = validate(&set, lines, &HashSet::new()).unwrap();
        let removed = r.removed_volume();
        assert_eq!(removed.total, 5 * 15);
        assert_eq!(removed.by_group["/ecs/web"], 3 * 15);
        assert_eq!(removed.by_group["flow"], 15);
        let sample = lognoise_session::SessionSample {
            log_groups: vec!["/ecs/web".into(), "flow".into()],
            log_classes: [(
                "flow".to_string(),
                lognoise_session::LogClass::InfrequentAccess,
            )]
            .into_iter()
            .collect(),
            window_start_ms: Some(0),
            window_end_ms: Some(lognoise_session::MONTH_MS),
            sampling_ratio: 1.0,
            ..Default::default()
        };
        let basis = crate::CostBasis::of_sample(&sample, 0.5);
        let usd = basis.monthly_cost_usd_of(&removed).unwrap();
        let expected = (4.0 * 15.0 * 0.5 + 15.0 * 0.25) / lognoise_session::GB;
        assert!((usd - expected).abs() < 1e-18, "{usd} vs {expected}");
    }

    #[test]
    fn a_rule_dropping_lines_a_metric_filter_reads_is_a_conflict_naming_it() {
        use lognoise_dependents::{Dependents, GroupDependents, MetricFilter, MetricTarget};
        let noise = "ERROR retry <*> of <*>";
        let set = RuleSet::from_specs(
            &[RuleSpec {
                template_id: TemplateId::of_text(noise),
                template_text: noise.into(),
                ..RuleSpec::default()
            }],
            Vec::new(),
        )
        .unwrap();
        let mut dependents = Dependents::new("us-east-1", 0);
        dependents.groups.push(GroupDependents {
            log_group: "/web".into(),
            metric_filters: vec![MetricFilter {
                name: "retries".into(),
                pattern: "ERROR retry -final".into(),
                metrics: vec![MetricTarget {
                    namespace: "Web".into(),
                    name: "Retries".into(),
                    alarms: Vec::new(),
                }],
                cross_check: None,
            }],
            ..GroupDependents::default()
        });
        let readers = Evaluator::new(&dependents);
        let in_group = |message: &str, group: &str| SampleLine {
            message: message.into(),
            log_group: Some(group.into()),
            template_id: TemplateId::of_text(noise),
        };
        let lines = vec![
            in_group("ERROR retry 1 of 3", "/web"),
            in_group("ERROR retry 2 of 3", "/web"),
            // The filter excludes it: dropping it breaks nothing.
            in_group("ERROR retry final of 3", "/web"),
            // Another group: the filter does not read it.
            in_group("ERROR retry 1 of 3", "/batch"),
        ];
        let r =
            validate_with_readers(&set, lines.clone(), &HashSet::new(), Some(&readers)).unwrap();
        assert_eq!(r.removed_lines, 4);
        assert_eq!(r.dependent_conflicts.len(), 1);
        let c = &r.dependent_conflicts[0];
        assert_eq!(
            (c.dependent.as_str(), c.log_group.as_str()),
            ("retries", "/web")
        );
        assert_eq!(c.breaks, "feeds metric Web/Retries");
        assert_eq!(c.lines, 2);
        assert!(!r.is_clean());
        assert!(r.unknown_readers.is_empty());
        // Without the dependents the same rules are clean.
        assert!(validate(&set, lines.clone(), &HashSet::new())
            .unwrap()
            .is_clean());

        // Subscription filters that could not be read: a warning on the group, not a conflict.
        dependents.groups[0].metric_filters.clear();
        dependents.groups[0]
            .unread
            .push(lognoise_dependents::Unread {
                what: "subscription filters".into(),
                reason: "AWS denied logs:DescribeSubscriptionFilters".into(),
            });
        let readers = Evaluator::new(&dependents);
        let r = validate_with_readers(&set, lines, &HashSet::new(), Some(&readers)).unwrap();
        assert!(r.is_clean());
        assert_eq!(r.unknown_readers.len(), 1);
        assert_eq!(r.unknown_readers[0].log_group, "/web");
        assert_eq!(r.unknown_readers[0].what, "subscription filters");
    }

    #[test]
    fn a_saved_query_blocks_a_drop_and_a_query_only_run_warns() {
        use lognoise_dependents::{Dependents, GroupDependents, LogsQuery};
        let noise = "GET <*> took <*> ms";
        let set = RuleSet::from_specs(
            &[RuleSpec {
                template_id: TemplateId::of_text(noise),
                template_text: noise.into(),
                ..RuleSpec::default()
            }],
            Vec::new(),
        )
        .unwrap();
        let query = |name: Option<&str>, text: &str| LogsQuery {
            name: name.map(str::to_string),
            query: text.into(),
            language: None,
            runs: 2,
            first_run_ms: Some(0),
        };
        let mut dependents = Dependents::new("us-east-1", 0);
        dependents.groups.push(GroupDependents {
            log_group: "/web".into(),
            queries: vec![
                query(Some("orders traffic"), "filter @message like /orders/"),
                query(None, "fields @timestamp | filter @message like 'health'"),
            ],
            ..GroupDependents::default()
        });
        let readers = Evaluator::new(&dependents);
        let line = |message: &str| SampleLine {
            message: message.into(),
            log_group: Some("/web".into()),
            template_id: TemplateId::of_text(noise),
        };
        let lines = vec![
            line("GET /orders/7 took 4 ms"),
            line("GET /health took 1 ms"),
            line("GET /health took 2 ms"),
        ];
        let r = validate_with_readers(&set, lines, &HashSet::new(), Some(&readers)).unwrap();
        assert_eq!(r.dependent_conflicts.len(), 1);
        assert_eq!(r.dependent_conflicts[0].kind, ReaderKind::SavedQuery);
        assert_eq!(r.dependent_conflicts[0].lines, 1);
        assert_eq!(
            r.dependent_conflicts[0].breaks,
            "saved query orders traffic, run 2 times in 1 day"
        );
        assert!(!r.is_clean());
        assert_eq!(r.recent_query_readers.len(), 1);
        assert_eq!(r.recent_query_readers[0].kind, ReaderKind::RecentQuery);
        assert_eq!(r.recent_query_readers[0].lines, 2);
    }
}
