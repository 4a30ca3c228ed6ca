//! What reads a log group, as read from the account: metric filters (and the alarms on their
//! metrics), subscription filters (the group's own and the account's subscription filter
//! policies), Logs Insights queries (saved, or run recently) and the log widgets of dashboards.
//! Plain data, serialised as `dependents.json`.
//!
//! Every field has a default and unknown fields are ignored, so a file written by an older or
//! newer lognoise is read for what it says rather than refused.

use serde::{Deserialize, Serialize};

/// Schema name of `dependents.json`.
pub const DEPENDENTS_SCHEMA: &str = "lognoise.dependents/v1";

/// The dependents of the sampled log groups, as last read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dependents {
    /// `lognoise.dependents/v1`.
    pub schema: String,
    /// When they were read (ms since the Unix epoch).
    pub read_at_ms: i64,
    /// The region they were read in.
    pub region: String,
    /// One entry per log group asked about.
    pub groups: Vec<GroupDependents>,
}

/// What reads one log group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupDependents {
    /// The log group.
    pub log_group: String,
    /// Its metric filters.
    pub metric_filters: Vec<MetricFilter>,
    /// Its subscription filters.
    pub subscription_filters: Vec<SubscriptionFilter>,
    /// Logs Insights queries over it: saved ones, and ones run recently.
    pub queries: Vec<LogsQuery>,
    /// Dashboard widgets that show a Logs Insights query over it.
    pub dashboards: Vec<DashboardQuery>,
    /// What could not be read, and why: until it is, nothing can be said to be safe to drop
    /// from this group.
    pub unread: Vec<Unread>,
}

/// A metric filter: the events its pattern selects become data points of its metrics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricFilter {
    /// Its name.
    pub name: String,
    /// Its filter pattern, as CloudWatch holds it.
    pub pattern: String,
    /// The metrics it publishes to (CloudWatch allows one; the API returns a list).
    pub metrics: Vec<MetricTarget>,
    /// Its pattern run by CloudWatch itself on sampled lines, when that was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_check: Option<CrossCheck>,
}

/// A metric a metric filter publishes to, with the alarms watching it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricTarget {
    /// Its namespace.
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Alarms on this metric (`DescribeAlarmsForMetric`).
    pub alarms: Vec<Alarm>,
}

impl MetricTarget {
    /// `namespace/name`, as the CloudWatch console shows a metric.
    pub fn label(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// A CloudWatch alarm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Alarm {
    /// Its name.
    pub name: String,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// What it does when it fires (SNS topics, Auto Scaling policies...), as ARNs.
    pub actions: Vec<String>,
}

/// A subscription filter: the events its pattern selects are delivered to its destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionFilter {
    /// Its name.
    pub name: String,
    /// Its filter pattern.
    pub pattern: String,
    /// Where the events go (Kinesis, Firehose, Lambda, another log group), as an ARN.
    pub destination_arn: String,
    /// For the account's subscription filter policy (`DescribeAccountPolicies`), which
    /// delivers every selected group's events without a filter of the group's own: the
    /// policy's name (then `name` is too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_policy: Option<String>,
    /// Its pattern run by CloudWatch itself on sampled lines, when that was done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_check: Option<CrossCheck>,
}

/// A filter pattern run by CloudWatch's own engine (`TestMetricFilter`) on sampled lines of
/// its group and compared, line by line, with lognoise's matcher. Where the two disagree the
/// pattern is taken to read every line of the group, since only CloudWatch's answer counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrossCheck {
    /// Sampled lines sent.
    pub lines: u32,
    /// Lines on which the two matchers disagree.
    pub disagreements: Vec<Disagreement>,
}

/// A line CloudWatch and lognoise's matcher answer differently for one pattern.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Disagreement {
    /// The line.
    pub message: String,
    /// Whether CloudWatch's engine selects it (lognoise's matcher said the opposite).
    pub cloudwatch_selects: bool,
}

/// A Logs Insights query over a log group: a saved query (`DescribeQueryDefinitions`) or one
/// found in the account's recent query history (`DescribeQueries`), with how often it ran.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LogsQuery {
    /// The saved query's name; `None` for a query that was run but is not saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The query text.
    pub query: String,
    /// Its language as CloudWatch names it (`CWLI` for Logs Insights QL, `SQL`, `PPL`), when
    /// given; only Logs Insights QL is evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Times it was run on this group in the history CloudWatch keeps.
    pub runs: u64,
    /// When its earliest run in that history started (ms since the Unix epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_run_ms: Option<i64>,
}

impl LogsQuery {
    /// Whether the query is saved (a team keeps it to run again), not only run once.
    pub fn is_saved(&self) -> bool {
        self.name.is_some()
    }
}

/// A dashboard widget that shows a Logs Insights query's results (a `log` widget of
/// `GetDashboard`'s body): a team looks at it, so it reads what its query's filters select.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    /// The dashboard's name.
    pub dashboard: String,
    /// The widget's title, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub widget: Option<String>,
    /// The query text, its `SOURCE` clauses included.
    pub query: String,
    /// Its language as CloudWatch names it, when the widget says (`CWLI` otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// Something about a log group that could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Unread {
    /// What: `metric filters`, `subscription filters`, `alarms of metric NS/NAME`,
    /// `saved queries`, `query history`, `account subscription policies`, `dashboards`.
    pub what: String,
    /// Why, in one sentence saying what to do.
    pub reason: String,
}

impl Dependents {
    /// An empty set read now, in `region`.
    pub fn new(region: &str, read_at_ms: i64) -> Dependents {
        Dependents {
            schema: DEPENDENTS_SCHEMA.into(),
            read_at_ms,
            region: region.into(),
            groups: Vec::new(),
        }
    }

    /// What reads `log_group`, if it was asked about.
    pub fn group(&self, log_group: &str) -> Option<&GroupDependents> {
        self.groups.iter().find(|g| g.log_group == log_group)
    }

    /// Every part that could not be read, with its log group.
    pub fn unread(&self) -> impl Iterator<Item = (&str, &Unread)> {
        self.groups
            .iter()
            .flat_map(|g| g.unread.iter().map(move |u| (g.log_group.as_str(), u)))
    }

    /// How many readers of each kind the groups have: the account a pull gives of them.
    pub fn counts(&self) -> ReaderCounts {
        let mut counts = ReaderCounts::default();
        for g in &self.groups {
            counts.metric_filters += g.metric_filters.len();
            counts.alarms += g
                .metric_filters
                .iter()
                .flat_map(|f| &f.metrics)
                .map(|m| m.alarms.len())
                .sum::<usize>();
            counts.subscription_filters += g
                .subscription_filters
                .iter()
                .filter(|f| f.account_policy.is_none())
                .count();
            counts.account_policies += g
                .subscription_filters
                .iter()
                .filter(|f| f.account_policy.is_some())
                .count();
            counts.dashboard_widgets += g.dashboards.len();
            for q in &g.queries {
                if q.is_saved() {
                    counts.saved_queries += 1;
                } else {
                    counts.recent_queries += 1;
                }
            }
        }
        counts
    }
}

/// How many readers of each kind some log groups have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReaderCounts {
    /// Metric filters.
    pub metric_filters: usize,
    /// Alarms on the metric filters' metrics.
    pub alarms: usize,
    /// Subscription filters.
    pub subscription_filters: usize,
    /// Saved Logs Insights queries.
    pub saved_queries: usize,
    /// Logs Insights queries only run recently (not saved).
    pub recent_queries: usize,
    /// The account's subscription filter policies, counted once per group they select.
    pub account_policies: usize,
    /// Dashboard widgets querying the groups, counted once per group they query.
    pub dashboard_widgets: usize,
}

impl GroupDependents {
    /// Whether anything reads the group (as far as it was read).
    pub fn is_empty(&self) -> bool {
        self.metric_filters.is_empty()
            && self.subscription_filters.is_empty()
            && self.queries.is_empty()
            && self.dashboards.is_empty()
    }
}
