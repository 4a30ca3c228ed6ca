//! Which templates each dependent reads: every dependent's filter pattern (or Logs Insights
//! query) run on the sampled events of its log group, counted per template.
//!
//! A pattern that does not parse (CloudWatch accepted it, so the matcher falls short of the
//! real engine there), or a query whose filters cannot be evaluated, is taken to read every
//! line of its group: "not evaluable" errs towards keeping, the side on which no alarm goes
//! silent and no saved query comes back empty.

use crate::filter_pattern::FilterPattern;
use crate::insights::{InsightsQuery, QueryEvent};
use crate::model::{CrossCheck, DashboardQuery, Dependents, LogsQuery, MetricTarget, Unread};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Schema name of the JSON `lognoise dependents --json` prints.
pub const READERS_SCHEMA: &str = "lognoise.template-readers/v1";

/// What kind of dependent reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReaderKind {
    /// A metric filter (and through its metric, the alarms on it).
    MetricFilter,
    /// A subscription filter.
    SubscriptionFilter,
    /// A saved Logs Insights query.
    SavedQuery,
    /// A Logs Insights query that was run recently but is not saved.
    RecentQuery,
    /// A dashboard widget showing a Logs Insights query's results.
    DashboardWidget,
}

impl ReaderKind {
    /// Whether dropping lines this dependent reads breaks something the team relies on: an
    /// alarm's metric, a subscription's delivery, a saved query or a dashboard's widget. A
    /// query that was only run (someone looked once) does not block a drop; rule validation
    /// warns about it instead.
    pub fn breaks_on_drop(self) -> bool {
        !matches!(self, ReaderKind::RecentQuery)
    }

    /// The kind in words, as the CLI prints it.
    pub fn label(self) -> &'static str {
        match self {
            ReaderKind::MetricFilter => "metric filter",
            ReaderKind::SubscriptionFilter => "subscription filter",
            ReaderKind::SavedQuery => "saved query",
            ReaderKind::RecentQuery => "recent query",
            ReaderKind::DashboardWidget => "dashboard",
        }
    }
}

/// One dependent, as evaluated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reader {
    /// Metric filter, subscription filter or query.
    pub kind: ReaderKind,
    /// The log group it reads.
    pub log_group: String,
    /// Its name (for a query run but not saved: its text, shortened).
    pub name: String,
    /// Its filter pattern, or a query's text.
    pub pattern: String,
    /// Why the pattern could not be evaluated, when it could not: it is then taken to read
    /// every line of its group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_evaluable: Option<String>,
    /// For a metric filter: the metrics it feeds and the alarms on them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricTarget>,
    /// For a subscription filter: where the events go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_arn: Option<String>,
    /// For a subscription filter: true when it is the account's subscription filter policy
    /// (`name` is the policy's), not a filter of the group's own.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub account_wide: bool,
    /// For a query: times it was run, and over how many days of history (at least one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<QueryRuns>,
    /// For a query: its language, when CloudWatch named it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// How CloudWatch names the Logs Insights query language.
const LOGS_INSIGHTS_QL: &str = "CWLI";

/// How often a query was run in the history CloudWatch keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QueryRuns {
    /// Runs on the reader's log group.
    pub runs: u64,
    /// Days from the earliest of them to when the dependents were read (at least one).
    pub days: u64,
}

impl Reader {
    /// What breaks if its lines are dropped, in words: `feeds metric Web/Errors, alarm
    /// payments-failing` or `subscription to arn:...`.
    pub fn describe(&self) -> String {
        let mut text = match self.kind {
            ReaderKind::MetricFilter => {
                let mut parts = Vec::new();
                for metric in &self.metrics {
                    parts.push(format!("metric {}", metric.label()));
                    parts.extend(metric.alarms.iter().map(|a| format!("alarm {}", a.name)));
                }
                if parts.is_empty() {
                    format!("metric filter {}", self.name)
                } else {
                    format!("feeds {}", parts.join(", "))
                }
            }
            ReaderKind::SubscriptionFilter => {
                let destination = self
                    .destination_arn
                    .as_deref()
                    .unwrap_or("an unknown destination");
                if self.account_wide {
                    format!("account subscription policy {} to {destination}", self.name)
                } else {
                    format!("subscription to {destination}")
                }
            }
            ReaderKind::DashboardWidget => format!("dashboard {}", self.name),
            ReaderKind::SavedQuery | ReaderKind::RecentQuery => {
                let mut text = if self.kind == ReaderKind::SavedQuery {
                    format!("saved query {}", self.name)
                } else {
                    format!("query `{}`", self.name)
                };
                match self.runs {
                    Some(QueryRuns { runs: 0, .. }) | None => text.push_str(", not run recently"),
                    Some(QueryRuns { runs, days }) => {
                        let times = if runs == 1 {
                            "once".to_string()
                        } else {
                            format!("{runs} times")
                        };
                        let span = if days == 1 {
                            "1 day".to_string()
                        } else {
                            format!("{days} days")
                        };
                        text.push_str(&format!(", run {times} in {span}"));
                    }
                }
                text
            }
        };
        if self.not_evaluable.is_some() {
            text.push_str(" (not evaluable)");
        }
        text
    }

    /// Whether an alarm watches a metric it feeds.
    pub fn has_alarm(&self) -> bool {
        self.metrics.iter().any(|m| !m.alarms.is_empty())
    }
}

/// What reads one template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TemplateReaders {
    /// The template.
    pub template: TemplateId,
    /// Its sampled lines in log groups whose dependents were read.
    pub lines: u64,
    /// The dependents that read some of them.
    pub read_by: Vec<ReadBy>,
}

/// One dependent reading some lines of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReadBy {
    /// Position of the dependent in [`Evaluation::readers`].
    pub reader: usize,
    /// The template's lines its pattern selects (all of them for a pattern not evaluable).
    pub lines_matched: u64,
}

/// A part of a log group's dependents that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnreadPart {
    /// The log group.
    pub log_group: String,
    /// What, and why.
    #[serde(flatten)]
    pub unread: Unread,
}

/// Every template's readers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// `lognoise.template-readers/v1`.
    pub schema: String,
    /// Every dependent of the groups read, in the order of `dependents.json`.
    pub readers: Vec<Reader>,
    /// Templates with lines in a group whose dependents were read, most-read first; a
    /// template nothing reads has an empty `read_by`.
    pub templates: Vec<TemplateReaders>,
    /// What could not be read, by log group: nothing in these groups can be called unread.
    pub unread: Vec<UnreadPart>,
    /// Events of log groups whose dependents were not read (or of no log group).
    pub events_elsewhere: u64,
    /// Position of each template in `templates`: the review queue asks for every row's
    /// readers, which a scan of `templates` per row would make quadratic.
    #[serde(skip)]
    position: HashMap<TemplateId, usize>,
}

impl Evaluation {
    /// The readers of a template, if it has lines in a group whose dependents were read.
    pub fn readers_of(&self, template: TemplateId) -> Option<&TemplateReaders> {
        self.position
            .get(&template)
            .and_then(|&i| self.templates.get(i))
            .filter(|t| t.template == template)
    }
}

/// How a reader selects lines.
enum Selector {
    Pattern(FilterPattern),
    Query(InsightsQuery),
    /// Not evaluable: taken to read every line of its group.
    Everything,
}

impl Selector {
    fn reads(&self, log_group: &str, message: &str) -> bool {
        match self {
            Selector::Pattern(pattern) => pattern.matches(message),
            Selector::Query(query) => query.reads(&QueryEvent::new(message, Some(log_group), None)),
            Selector::Everything => true,
        }
    }
}

/// Why a filter pattern is taken to read everything after CloudWatch ran it on sampled lines
/// and answered differently from the matcher on some.
fn overruled_by_cloudwatch(check: Option<&CrossCheck>) -> Option<String> {
    let check = check?;
    let first = check.disagreements.first()?;
    Some(format!(
        "CloudWatch's own engine (TestMetricFilter) answers differently on {} of {} sampled \
         lines, e.g. it {} `{}`",
        check.disagreements.len(),
        check.lines,
        if first.cloudwatch_selects {
            "selects"
        } else {
            "does not select"
        },
        first.message
    ))
}

/// Longest query text kept as the name of a query that is not saved.
const QUERY_NAME_CHARS: usize = 60;

fn query_reader(log_group: &str, query: &LogsQuery, read_at_ms: i64) -> Reader {
    const DAY_MS: i64 = 86_400_000;
    let runs = Some(QueryRuns {
        runs: query.runs,
        days: query
            .first_run_ms
            .map(|first| (read_at_ms.saturating_sub(first).max(0) + DAY_MS - 1) / DAY_MS)
            .unwrap_or(0)
            .max(1) as u64,
    });
    let (kind, name) = match &query.name {
        Some(name) => (ReaderKind::SavedQuery, name.clone()),
        None => {
            let text = query.query.split_whitespace().collect::<Vec<_>>().join(" ");
            let name = match text.char_indices().nth(QUERY_NAME_CHARS) {
                Some((cut, _)) => format!("{}...", &text[..cut]),
                None => text,
            };
            (ReaderKind::RecentQuery, name)
        }
    };
    Reader {
        kind,
        log_group: log_group.to_string(),
        name,
        pattern: query.query.clone(),
        not_evaluable: None,
        metrics: Vec::new(),
        destination_arn: None,
        account_wide: false,
        runs,
        language: query.language.clone(),
    }
}

/// A dashboard's log widget as a reader: named by the dashboard and the widget's title.
fn dashboard_reader(log_group: &str, widget: &DashboardQuery) -> Reader {
    Reader {
        kind: ReaderKind::DashboardWidget,
        log_group: log_group.to_string(),
        name: match &widget.widget {
            Some(title) => format!("{}, widget {title}", widget.dashboard),
            None => widget.dashboard.clone(),
        },
        pattern: widget.query.clone(),
        not_evaluable: None,
        metrics: Vec::new(),
        destination_arn: None,
        account_wide: false,
        runs: None,
        language: widget.language.clone(),
    }
}

/// Counts, line by line, which dependents read which templates. Pure: fed the lines, it does
/// no I/O, so the workspace reader ([`evaluate`]) and rule validation can share it.
pub struct Evaluator {
    readers: Vec<Reader>,
    /// The parsed pattern or query of each reader.
    selectors: Vec<Selector>,
    /// Reader positions by log group.
    by_group: HashMap<String, Vec<usize>>,
    /// Per template: lines, and lines matched per reader.
    counts: HashMap<TemplateId, (u64, BTreeMap<usize, u64>)>,
    unread: Vec<UnreadPart>,
    elsewhere: u64,
}

impl Evaluator {
    /// Parses every dependent's pattern once.
    pub fn new(dependents: &Dependents) -> Evaluator {
        let mut readers: Vec<Reader> = Vec::new();
        // Per reader: why CloudWatch's own engine overrules the matcher, when it does.
        let mut overruled: Vec<Option<String>> = Vec::new();
        for group in &dependents.groups {
            for filter in &group.metric_filters {
                overruled.push(overruled_by_cloudwatch(filter.cross_check.as_ref()));
                readers.push(Reader {
                    kind: ReaderKind::MetricFilter,
                    log_group: group.log_group.clone(),
                    name: filter.name.clone(),
                    pattern: filter.pattern.clone(),
                    not_evaluable: None,
                    metrics: filter.metrics.clone(),
                    destination_arn: None,
                    account_wide: false,
                    runs: None,
                    language: None,
                });
            }
            for filter in &group.subscription_filters {
                overruled.push(overruled_by_cloudwatch(filter.cross_check.as_ref()));
                readers.push(Reader {
                    kind: ReaderKind::SubscriptionFilter,
                    log_group: group.log_group.clone(),
                    name: filter.name.clone(),
                    pattern: filter.pattern.clone(),
                    not_evaluable: None,
                    metrics: Vec::new(),
                    destination_arn: Some(filter.destination_arn.clone()),
                    account_wide: filter.account_policy.is_some(),
                    runs: None,
                    language: None,
                });
            }
            for query in &group.queries {
                overruled.push(None);
                readers.push(query_reader(&group.log_group, query, dependents.read_at_ms));
            }
            for widget in &group.dashboards {
                overruled.push(None);
                readers.push(dashboard_reader(&group.log_group, widget));
            }
        }
        let mut selectors = Vec::with_capacity(readers.len());
        for (reader, overruled) in readers.iter_mut().zip(overruled) {
            let selector = match reader.kind {
                ReaderKind::MetricFilter | ReaderKind::SubscriptionFilter => {
                    match FilterPattern::parse(&reader.pattern) {
                        Ok(_) if overruled.is_some() => {
                            reader.not_evaluable = overruled;
                            Selector::Everything
                        }
                        Ok(pattern) => Selector::Pattern(pattern),
                        Err(e) => {
                            reader.not_evaluable = Some(e.to_string());
                            Selector::Everything
                        }
                    }
                }
                ReaderKind::SavedQuery | ReaderKind::RecentQuery | ReaderKind::DashboardWidget => {
                    let query = InsightsQuery::parse(&reader.pattern);
                    let why = match reader.language.as_deref() {
                        Some(language) if language != LOGS_INSIGHTS_QL => Some(format!(
                            "queries in {language} are not evaluated, only Logs Insights QL"
                        )),
                        _ => query.not_evaluable().map(str::to_string),
                    };
                    match why {
                        Some(why) => {
                            reader.not_evaluable = Some(why);
                            Selector::Everything
                        }
                        None => Selector::Query(query),
                    }
                }
            };
            selectors.push(selector);
        }
        // A group asked about has an entry even when nothing reads it.
        let mut by_group: HashMap<String, Vec<usize>> = dependents
            .groups
            .iter()
            .map(|g| (g.log_group.clone(), Vec::new()))
            .collect();
        for (i, reader) in readers.iter().enumerate() {
            by_group
                .entry(reader.log_group.clone())
                .or_default()
                .push(i);
        }
        Evaluator {
            readers,
            selectors,
            by_group,
            counts: HashMap::new(),
            unread: dependents
                .unread()
                .map(|(g, u)| UnreadPart {
                    log_group: g.to_string(),
                    unread: u.clone(),
                })
                .collect(),
            elsewhere: 0,
        }
    }

    /// What could not be read, by log group.
    pub fn unread(&self) -> &[UnreadPart] {
        &self.unread
    }

    /// The dependent at a position [`Evaluator::readers_of_line`] gives.
    pub fn reader(&self, position: usize) -> Option<&Reader> {
        self.readers.get(position)
    }

    /// Positions (in [`Evaluation::readers`]) of the dependents that read this line.
    pub fn readers_of_line(&self, log_group: Option<&str>, message: &str) -> Vec<usize> {
        let Some((group, positions)) = log_group.and_then(|g| Some((g, self.by_group.get(g)?)))
        else {
            return Vec::new();
        };
        positions
            .iter()
            .copied()
            .filter(|&i| {
                self.selectors
                    .get(i)
                    .is_none_or(|s| s.reads(group, message))
            })
            .collect()
    }

    /// Counts one sampled line of `template`.
    pub fn observe(&mut self, template: TemplateId, log_group: Option<&str>, message: &str) {
        if !log_group.is_some_and(|g| self.by_group.contains_key(g)) {
            self.elsewhere += 1;
            return;
        }
        let readers = self.readers_of_line(log_group, message);
        let (lines, matched) = self.counts.entry(template).or_default();
        *lines += 1;
        for reader in readers {
            *matched.entry(reader).or_default() += 1;
        }
    }

    /// The readers of every template observed.
    pub fn finish(self) -> Evaluation {
        let mut templates: Vec<TemplateReaders> = self
            .counts
            .into_iter()
            .map(|(template, (lines, matched))| TemplateReaders {
                template,
                lines,
                read_by: matched
                    .into_iter()
                    .map(|(reader, lines_matched)| ReadBy {
                        reader,
                        lines_matched,
                    })
                    .collect(),
            })
            .collect();
        let read = |t: &TemplateReaders| t.read_by.iter().map(|r| r.lines_matched).sum::<u64>();
        templates.sort_by(|a, b| {
            read(b)
                .cmp(&read(a))
                .then(b.lines.cmp(&a.lines))
                .then(a.template.cmp(&b.template))
        });
        let position = templates
            .iter()
            .enumerate()
            .map(|(i, t)| (t.template, i))
            .collect();
        Evaluation {
            schema: READERS_SCHEMA.into(),
            readers: self.readers,
            position,
            templates,
            unread: self.unread,
            events_elsewhere: self.elsewhere,
        }
    }
}

/// Why the workspace's events could not be evaluated.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct EvaluateError(#[from] lognoise_workspace::Error);

/// Runs every dependent's pattern on the workspace's events of its group: one pass over the
/// events, each line attributed to its template.
pub fn evaluate(ws: &Workspace, dependents: &Dependents) -> Result<Evaluation, EvaluateError> {
    let mut evaluator = Evaluator::new(dependents);
    let templates = ws.templates();
    for event in ws.events()? {
        let event = event?;
        let Some(template) = templates.template_of(event.cluster) else {
            continue;
        };
        evaluator.observe(template.id, event.log_group.as_deref(), &event.message);
    }
    Ok(evaluator.finish())
}

/// Most lines CloudWatch's `TestMetricFilter` takes at once.
pub const CROSS_CHECK_LINES: usize = 50;

/// Sampled lines of each of `groups` to cross-check filter patterns on with CloudWatch's own
/// engine: up to [`CROSS_CHECK_LINES`] a group, one of each template first (so every shape is
/// tried), then others in the order stored. One pass over the events.
pub fn cross_check_lines(
    ws: &Workspace,
    groups: &[String],
) -> Result<HashMap<String, Vec<String>>, EvaluateError> {
    struct Picked {
        templates: std::collections::HashSet<TemplateId>,
        first_of_template: Vec<String>,
        others: Vec<String>,
    }
    let mut picked: HashMap<&str, Picked> = groups
        .iter()
        .map(|g| {
            (
                g.as_str(),
                Picked {
                    templates: Default::default(),
                    first_of_template: Vec::new(),
                    others: Vec::new(),
                },
            )
        })
        .collect();
    let templates = ws.templates();
    for event in ws.events()? {
        let event = event?;
        let Some(p) = event.log_group.as_deref().and_then(|g| picked.get_mut(g)) else {
            continue;
        };
        if event.message.is_empty() {
            continue;
        }
        let template = templates.template_of(event.cluster).map(|t| t.id);
        if template.is_some_and(|t| p.templates.insert(t)) {
            if p.first_of_template.len() < CROSS_CHECK_LINES {
                p.first_of_template.push(event.message);
            }
        } else if p.others.len() < CROSS_CHECK_LINES {
            p.others.push(event.message);
        }
    }
    Ok(picked
        .into_iter()
        .map(|(group, p)| {
            let mut lines = p.first_of_template;
            let room = CROSS_CHECK_LINES.saturating_sub(lines.len());
            lines.extend(p.others.into_iter().take(room));
            (group.to_string(), lines)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::model::{
        Alarm, DashboardQuery, GroupDependents, LogsQuery, MetricFilter, SubscriptionFilter,
    };

    fn dependents() -> Dependents {
        let mut d = Dependents::new("us-east-1", 0);
        d.groups.push(GroupDependents {
            log_group: "/web".into(),
            metric_filters: vec![
                MetricFilter {
                    name: "errors".into(),
                    pattern: "ERROR".into(),
                    metrics: vec![MetricTarget {
                        namespace: "Web".into(),
                        name: "Errors".into(),
                        alarms: vec![Alarm {
                            name: "web-errors".into(),
                            ..Alarm::default()
                        }],
                    }],
                    cross_check: None,
                },
                MetricFilter {
                    name: "broken".into(),
                    pattern: "{ $.a = ".into(),
                    metrics: Vec::new(),
                    cross_check: None,
                },
            ],
            subscription_filters: vec![SubscriptionFilter {
                name: "slow".into(),
                pattern: "[level, verb, path, status = 5*, ms > 100]".into(),
                destination_arn: "arn:aws:firehose:us-east-1:1:deliverystream/slow".into(),
                account_policy: None,
                cross_check: None,
            }],
            queries: Vec::new(),
            dashboards: Vec::new(),
            unread: Vec::new(),
        });
        d.groups.push(GroupDependents {
            log_group: "/quiet".into(),
            ..GroupDependents::default()
        });
        d
    }

    #[test]
    fn each_template_gets_the_dependents_whose_pattern_selects_its_lines() {
        let mut evaluator = Evaluator::new(&dependents());
        let errors = TemplateId(1);
        let requests = TemplateId(2);
        let quiet = TemplateId(3);
        evaluator.observe(errors, Some("/web"), "ERROR payment declined");
        evaluator.observe(errors, Some("/web"), "ERROR payment timed out");
        evaluator.observe(requests, Some("/web"), "INFO GET /a 200 5");
        evaluator.observe(requests, Some("/web"), "INFO GET /a 503 900");
        evaluator.observe(quiet, Some("/quiet"), "ERROR but nothing reads this group");
        evaluator.observe(quiet, None, "a line of no group");
        evaluator.observe(quiet, Some("/unknown"), "a line of a group never read");
        let evaluation = evaluator.finish();

        assert_eq!(evaluation.readers.len(), 3);
        assert_eq!(
            evaluation.readers[0].describe(),
            "feeds metric Web/Errors, alarm web-errors"
        );
        assert!(evaluation.readers[0].has_alarm());
        assert!(evaluation.readers[1].not_evaluable.is_some());
        assert_eq!(
            evaluation.readers[1].describe(),
            "metric filter broken (not evaluable)"
        );
        assert_eq!(
            evaluation.readers[2].describe(),
            "subscription to arn:aws:firehose:us-east-1:1:deliverystream/slow"
        );

        let read = |t| {
            evaluation
                .readers_of(t)
                .unwrap()
                .read_by
                .iter()
                .map(|r| (r.reader, r.lines_matched))
                .collect::<Vec<_>>()
        };
        // ERROR lines: the metric filter and the unevaluable one; not the 5xx subscription.
        assert_eq!(read(errors), [(0, 2), (1, 2)]);
        // One of the two requests is a slow 5xx.
        assert_eq!(read(requests), [(1, 2), (2, 1)]);
        assert_eq!(evaluation.readers_of(requests).unwrap().lines, 2);
        // A group asked about that nothing reads: its template is known to be read by none.
        assert_eq!(read(quiet), []);
        assert_eq!(evaluation.readers_of(quiet).unwrap().lines, 1);
        assert_eq!(evaluation.events_elsewhere, 2);
    }

    #[test]
    fn dashboard_widgets_and_account_policies_read_what_they_select_and_break_on_drop() {
        let mut d = Dependents::new("us-east-1", 0);
        d.groups.push(GroupDependents {
            log_group: "/api".into(),
            subscription_filters: vec![SubscriptionFilter {
                name: "to-siem".into(),
                pattern: String::new(),
                destination_arn: "arn:aws:firehose:us-east-1:1:deliverystream/siem".into(),
                account_policy: Some("to-siem".into()),
                cross_check: None,
            }],
            dashboards: vec![
                DashboardQuery {
                    dashboard: "Checkout".into(),
                    widget: Some("Declines".into()),
                    query: "SOURCE '/api' | fields @message | filter @message like /declined/"
                        .into(),
                    language: None,
                },
                DashboardQuery {
                    dashboard: "Ops".into(),
                    widget: None,
                    query: "SOURCE '/api' | filter @message like /(/".into(),
                    language: None,
                },
            ],
            ..GroupDependents::default()
        });
        assert_eq!(d.counts().account_policies, 1);
        assert_eq!(d.counts().subscription_filters, 0);
        assert_eq!(d.counts().dashboard_widgets, 2);
        let mut evaluator = Evaluator::new(&d);
        let declined = TemplateId(1);
        let other = TemplateId(2);
        evaluator.observe(declined, Some("/api"), "payment declined for order 7");
        evaluator.observe(other, Some("/api"), "GET /healthz 200");
        let evaluation = evaluator.finish();
        let kinds: Vec<ReaderKind> = evaluation.readers.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                ReaderKind::SubscriptionFilter,
                ReaderKind::DashboardWidget,
                ReaderKind::DashboardWidget
            ]
        );
        assert!(kinds.iter().all(|k| k.breaks_on_drop()));
        assert_eq!(
            evaluation.readers[0].describe(),
            "account subscription policy to-siem to arn:aws:firehose:us-east-1:1:deliverystream/siem"
        );
        assert_eq!(
            evaluation.readers[1].describe(),
            "dashboard Checkout, widget Declines"
        );
        // A widget whose query does not parse is taken to read everything, and says so.
        assert_eq!(
            evaluation.readers[2].describe(),
            "dashboard Ops (not evaluable)"
        );
        let read = |t| {
            evaluation
                .readers_of(t)
                .unwrap()
                .read_by
                .iter()
                .map(|r| r.reader)
                .collect::<Vec<_>>()
        };
        // The policy's empty pattern delivers every line; the widget reads only the declines.
        assert_eq!(read(declined), [0, 1, 2]);
        assert_eq!(read(other), [0, 2]);
    }

    #[test]
    fn saved_and_recent_queries_read_the_lines_their_filters_select() {
        const DAY_MS: i64 = 86_400_000;
        let mut d = Dependents::new("us-east-1", 30 * DAY_MS);
        d.groups.push(GroupDependents {
            log_group: "/api".into(),
            queries: vec![
                LogsQuery {
                    name: Some("slow checkouts".into()),
                    query: "fields @message | filter @message like /checkout/ and ms > 500".into(),
                    language: Some("CWLI".into()),
                    runs: 14,
                    first_run_ms: Some(DAY_MS),
                },
                LogsQuery {
                    name: None,
                    query: "filter level = \"error\" | stats count() by bin(5m)".into(),
                    language: None,
                    runs: 1,
                    first_run_ms: Some(29 * DAY_MS + 1),
                },
                LogsQuery {
                    name: Some("odd".into()),
                    query: "filter @message like /(/".into(),
                    language: None,
                    runs: 0,
                    first_run_ms: None,
                },
            ],
            ..GroupDependents::default()
        });
        let mut evaluator = Evaluator::new(&d);
        let checkout = TemplateId(1);
        let errors = TemplateId(2);
        evaluator.observe(
            checkout,
            Some("/api"),
            r#"{"msg":"checkout done","ms":812}"#,
        );
        evaluator.observe(checkout, Some("/api"), r#"{"msg":"checkout done","ms":40}"#);
        evaluator.observe(errors, Some("/api"), r#"{"level":"error","msg":"db down"}"#);
        let evaluation = evaluator.finish();

        let kinds: Vec<ReaderKind> = evaluation.readers.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                ReaderKind::SavedQuery,
                ReaderKind::RecentQuery,
                ReaderKind::SavedQuery
            ]
        );
        assert_eq!(
            evaluation.readers[0].describe(),
            "saved query slow checkouts, run 14 times in 29 days"
        );
        assert_eq!(
            evaluation.readers[1].describe(),
            "query `filter level = \"error\" | stats count() by bin(5m)`, run once in 1 day"
        );
        assert!(evaluation.readers[2].not_evaluable.is_some());
        assert!(evaluation.readers[2]
            .describe()
            .ends_with("(not evaluable)"));
        assert!(ReaderKind::SavedQuery.breaks_on_drop());
        assert!(!ReaderKind::RecentQuery.breaks_on_drop());

        let read = |t| {
            evaluation
                .readers_of(t)
                .unwrap()
                .read_by
                .iter()
                .map(|r| (r.reader, r.lines_matched))
                .collect::<Vec<_>>()
        };
        // The slow checkout only; the unevaluable query reads both.
        assert_eq!(read(checkout), [(0, 1), (2, 2)]);
        assert_eq!(read(errors), [(1, 1), (2, 1)]);

        // A query in another language is not evaluated: it reads every line of its group.
        d.groups[0].queries.truncate(1);
        d.groups[0].queries[0].language = Some("SQL".into());
        let evaluator = Evaluator::new(&d);
        let why = evaluator.reader(0).unwrap().not_evaluable.clone().unwrap();
        assert!(why.contains("SQL"), "{why}");
        assert_eq!(evaluator.readers_of_line(Some("/api"), "anything").len(), 1);
    }

    #[test]
    fn a_pattern_cloudwatch_answers_differently_on_reads_every_line() {
        use crate::model::Disagreement;
        let mut d = dependents();
        d.groups[0].metric_filters[0].cross_check = Some(CrossCheck {
            lines: 50,
            disagreements: vec![Disagreement {
                message: "error: lower case".into(),
                cloudwatch_selects: true,
            }],
        });
        // The subscription's check agreed on every line: its pattern is evaluated as before.
        d.groups[0].subscription_filters[0].cross_check = Some(CrossCheck {
            lines: 50,
            disagreements: Vec::new(),
        });
        let evaluator = Evaluator::new(&d);
        let why = evaluator.reader(0).unwrap().not_evaluable.clone().unwrap();
        assert!(why.contains("1 of 50 sampled lines"), "{why}");
        assert!(why.contains("it selects `error: lower case`"), "{why}");
        assert!(evaluator.reader(2).unwrap().not_evaluable.is_none());
        // Overruled, the metric filter reads a line its pattern does not select.
        assert_eq!(
            evaluator.readers_of_line(Some("/web"), "INFO GET /a 200 5"),
            [0, 1]
        );
    }
}
