//! What reads the sampled log groups, read through the SDK with the user's read-only
//! credentials: metric filters (`DescribeMetricFilters`), the alarms on their metrics
//! (`DescribeAlarmsForMetric`, CloudWatch), subscription filters
//! (`DescribeSubscriptionFilters`) and the account's subscription filter policies
//! (`DescribeAccountPolicies`, see [`crate::account_policies`]), saved Logs Insights queries
//! (`DescribeQueryDefinitions`), the queries run recently (`DescribeQueries`, which tells how
//! often each ran) and dashboards' log widgets (see [`crate::dashboards`]).
//!
//! A part that cannot be read (a permission missing, a group gone) does not fail the read: it
//! is recorded in [`GroupDependents::unread`] with the sentence saying what to grant, so a pull
//! still succeeds and nothing is later taken to be safe to drop for want of knowing.

use crate::client::{Caller, CloudWatch};
use crate::error::{CallContext, Result};
use lognoise_dependents::{
    Alarm, DashboardQuery, Dependents, GroupDependents, LogsQuery, MetricFilter, MetricTarget,
    SubscriptionFilter, Unread,
};
use std::collections::{BTreeMap, HashMap};

/// Tries of one read of a dependent (or of a pattern's cross-check) before it is recorded
/// unread. The events are pulled by then, and a part left unread costs nothing but a warning
/// (its groups stay "readers unknown", so nothing is taken to be safe to drop) and is read
/// again by the next pull; the pull's own ten tries with back-off up to 20 s would hold the end
/// of every pull for most of a minute on one call that keeps failing (an emulator without
/// `DescribeQueryDefinitions` answers 500 without a code, every time). Throttling is still
/// waited out as for events.
pub(crate) const DEPENDENT_ATTEMPTS: u32 = 3;

impl Caller {
    /// The context of a read done once the events are in (what reads a group, a pattern's
    /// cross-check): a call of `service` (`logs`, or `cloudwatch` for alarms and dashboards)
    /// that gives up after [`DEPENDENT_ATTEMPTS`] tries on server errors.
    pub(crate) fn dependent_context(
        &self,
        service: &'static str,
        action: &'static str,
        group: Option<&str>,
    ) -> CallContext {
        let mut cx = self.context(action, group);
        cx.service = service;
        cx.transient_attempts = Some(DEPENDENT_ATTEMPTS);
        cx
    }
}

/// A saved query as `DescribeQueryDefinitions` lists it (account-wide).
struct SavedQuery {
    name: String,
    query: String,
    language: Option<String>,
    log_groups: Vec<String>,
}

/// One run of a query on a group, from `DescribeQueries`.
struct QueryRun {
    query: String,
    language: Option<String>,
    started_ms: Option<i64>,
}

impl CloudWatch {
    /// The dependents of `groups`, one entry per group in the order given.
    pub fn dependents(&self, groups: &[String]) -> Dependents {
        self.runtime.block_on(self.dependents_async(groups))
    }

    async fn dependents_async(&self, groups: &[String]) -> Dependents {
        let now = jiff::Timestamp::now().as_millisecond();
        let mut dependents = Dependents::new(&self.caller.region, now);
        // Several filters (of several groups) often publish to one metric.
        let mut alarms: HashMap<(String, String), std::result::Result<Vec<Alarm>, String>> =
            HashMap::new();
        // Saved queries, the account's subscription filter policies and its dashboards are
        // listed for the whole account, once.
        let saved = self.saved_queries().await.map_err(|e| e.to_string());
        let policies = self
            .account_subscriptions()
            .await
            .map_err(|e| e.to_string());
        let dashboards = self.dashboard_widgets().await.map_err(|e| e.to_string());
        for group in groups {
            let mut read = GroupDependents {
                log_group: group.clone(),
                ..GroupDependents::default()
            };
            let runs = match self.query_runs(group).await {
                Ok(runs) => runs,
                Err(e) => {
                    read.unread.push(Unread {
                        what: "query history".into(),
                        reason: e.to_string(),
                    });
                    Vec::new()
                }
            };
            match &saved {
                Ok(saved) => read.queries = queries_of_group(group, saved, runs),
                Err(reason) => {
                    read.unread.push(Unread {
                        what: "saved queries".into(),
                        reason: reason.clone(),
                    });
                    read.queries = queries_of_group(group, &[], runs);
                }
            }
            match self.metric_filters(group).await {
                Ok(filters) => read.metric_filters = filters,
                Err(e) => read.unread.push(Unread {
                    what: "metric filters".into(),
                    reason: e.to_string(),
                }),
            }
            match self.subscription_filters(group).await {
                Ok(filters) => read.subscription_filters = filters,
                Err(e) => read.unread.push(Unread {
                    what: "subscription filters".into(),
                    reason: e.to_string(),
                }),
            }
            match &policies {
                Ok(policies) => read.subscription_filters.extend(
                    policies
                        .iter()
                        .filter(|p| p.selects(group))
                        .map(|p| SubscriptionFilter {
                            name: p.name.clone(),
                            pattern: p.pattern.clone(),
                            destination_arn: p.destination_arn.clone(),
                            account_policy: Some(p.name.clone()),
                            cross_check: None,
                        }),
                ),
                Err(reason) => read.unread.push(Unread {
                    what: "account subscription policies".into(),
                    reason: reason.clone(),
                }),
            }
            match &dashboards {
                Ok(found) => {
                    read.dashboards = found
                        .widgets
                        .iter()
                        .filter(|w| w.groups.iter().any(|g| g == group))
                        .map(|w| DashboardQuery {
                            dashboard: w.dashboard.clone(),
                            widget: w.title.clone(),
                            query: w.query.clone(),
                            language: w.language.clone(),
                        })
                        .collect();
                    if found.left > 0 {
                        read.unread.push(Unread {
                            what: "dashboards".into(),
                            reason: format!(
                                "The account has {} more dashboards than the {} read on a pull; \
                                 check them for log widgets on this group before dropping its lines.",
                                found.left,
                                crate::dashboards::MAX_DASHBOARDS
                            ),
                        });
                    }
                    read.unread
                        .extend(found.failed.iter().map(|(name, reason)| Unread {
                            what: format!("dashboard {name}"),
                            reason: reason.clone(),
                        }));
                }
                Err(reason) => read.unread.push(Unread {
                    what: "dashboards".into(),
                    reason: reason.clone(),
                }),
            }
            for metric in read
                .metric_filters
                .iter_mut()
                .flat_map(|f| f.metrics.iter_mut())
            {
                let key = (metric.namespace.clone(), metric.name.clone());
                if !alarms.contains_key(&key) {
                    let answer = self
                        .alarms_for_metric(&metric.namespace, &metric.name)
                        .await
                        .map_err(|e| e.to_string());
                    alarms.insert(key.clone(), answer);
                }
                match alarms.get(&key) {
                    Some(Ok(found)) => metric.alarms = found.clone(),
                    Some(Err(reason)) => read.unread.push(Unread {
                        what: format!("alarms of metric {}", metric.label()),
                        reason: reason.clone(),
                    }),
                    None => {}
                }
            }
            dependents.groups.push(read);
        }
        dependents
    }

    async fn metric_filters(&self, group: &str) -> Result<Vec<MetricFilter>> {
        let cx = self
            .caller
            .dependent_context("logs", "DescribeMetricFilters", Some(group));
        let mut filters = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
                        .describe_metric_filters()
                        .log_group_name(group)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            for f in out.metric_filters() {
                // Asked by group, CloudWatch answers with that group's filters; one naming
                // another group is left out rather than taken to read this one.
                if f.log_group_name().is_some_and(|g| g != group) {
                    continue;
                }
                filters.push(MetricFilter {
                    name: f.filter_name().unwrap_or_default().to_string(),
                    pattern: f.filter_pattern().unwrap_or_default().to_string(),
                    metrics: f
                        .metric_transformations()
                        .iter()
                        .map(|t| MetricTarget {
                            namespace: t.metric_namespace().to_string(),
                            name: t.metric_name().to_string(),
                            alarms: Vec::new(),
                        })
                        .collect(),
                    cross_check: None,
                });
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(filters)
    }

    async fn subscription_filters(&self, group: &str) -> Result<Vec<SubscriptionFilter>> {
        let cx = self
            .caller
            .dependent_context("logs", "DescribeSubscriptionFilters", Some(group));
        let mut filters = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
                        .describe_subscription_filters()
                        .log_group_name(group)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            for f in out.subscription_filters() {
                filters.push(SubscriptionFilter {
                    name: f.filter_name().unwrap_or_default().to_string(),
                    pattern: f.filter_pattern().unwrap_or_default().to_string(),
                    destination_arn: f.destination_arn().unwrap_or_default().to_string(),
                    account_policy: None,
                    cross_check: None,
                });
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(filters)
    }

    /// Every saved query of the account (in the region), with the groups it names.
    async fn saved_queries(&self) -> Result<Vec<SavedQuery>> {
        let cx = self
            .caller
            .dependent_context("logs", "DescribeQueryDefinitions", None);
        let mut saved = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
                        .describe_query_definitions()
                        .max_results(1000)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            for d in out.query_definitions() {
                saved.push(SavedQuery {
                    name: d.name().unwrap_or_default().to_string(),
                    query: d.query_string().unwrap_or_default().to_string(),
                    language: d.query_language().map(|l| l.as_str().to_string()),
                    log_groups: d.log_group_names().to_vec(),
                });
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(saved)
    }

    /// The queries run on `group` that CloudWatch still lists (it keeps a recent history).
    async fn query_runs(&self, group: &str) -> Result<Vec<QueryRun>> {
        let cx = self
            .caller
            .dependent_context("logs", "DescribeQueries", Some(group));
        let mut runs = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
                        .describe_queries()
                        .log_group_name(group)
                        .max_results(1000)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            for q in out.queries() {
                let Some(query) = q.query_string().filter(|t| !t.trim().is_empty()) else {
                    continue;
                };
                runs.push(QueryRun {
                    query: query.to_string(),
                    language: q.query_language().map(|l| l.as_str().to_string()),
                    started_ms: q.create_time(),
                });
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(runs)
    }

    /// Alarms on a metric as a metric filter publishes it (no dimensions, any statistic).
    async fn alarms_for_metric(&self, namespace: &str, name: &str) -> Result<Vec<Alarm>> {
        let cx = self
            .caller
            .dependent_context("cloudwatch", "DescribeAlarmsForMetric", None);
        let out = self
            .caller
            .call(&cx, || {
                self.metrics
                    .describe_alarms_for_metric()
                    .namespace(namespace)
                    .metric_name(name)
                    .send()
            })
            .await?;
        Ok(out
            .metric_alarms()
            .iter()
            .map(|a| Alarm {
                name: a.alarm_name().unwrap_or_default().to_string(),
                state: a.state_value().map(|s| s.as_str().to_string()),
                actions: a.alarm_actions().to_vec(),
            })
            .collect())
    }
}

/// The queries over `group`: each saved query naming it, with its runs in the history, then
/// each other query text run on it, most run first. Texts are compared with their whitespace
/// folded, as a console user re-running a saved query may have reflowed it.
fn queries_of_group(group: &str, saved: &[SavedQuery], runs: Vec<QueryRun>) -> Vec<LogsQuery> {
    let fold = |q: &str| q.split_whitespace().collect::<Vec<_>>().join(" ");
    // Per folded text: the first run seen (its text and language), the run count and the
    // earliest start.
    let mut run_by_text: BTreeMap<String, (QueryRun, u64)> = BTreeMap::new();
    for run in runs {
        let started = run.started_ms;
        let (first, count) = run_by_text.entry(fold(&run.query)).or_insert((run, 0));
        *count += 1;
        first.started_ms = match (first.started_ms, started) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let mut queries: Vec<LogsQuery> = Vec::new();
    for s in saved
        .iter()
        .filter(|s| s.log_groups.iter().any(|g| g == group))
    {
        let (runs, first_run_ms) = run_by_text
            .remove(&fold(&s.query))
            .map_or((0, None), |(run, n)| (n, run.started_ms));
        queries.push(LogsQuery {
            name: Some(s.name.clone()),
            query: s.query.clone(),
            language: s.language.clone(),
            runs,
            first_run_ms,
        });
    }
    let mut recent: Vec<LogsQuery> = run_by_text
        .into_values()
        .map(|(run, n)| LogsQuery {
            name: None,
            query: run.query,
            language: run.language,
            runs: n,
            first_run_ms: run.started_ms,
        })
        .collect();
    recent.sort_by(|a, b| b.runs.cmp(&a.runs).then_with(|| a.query.cmp(&b.query)));
    queries.extend(recent);
    queries
}

/// The next page's token; `None` when the listing is complete (a repeated token would loop
/// forever, so it ends the listing too).
pub(crate) fn next(found: Option<&str>, previous: &Option<String>) -> Option<String> {
    match found {
        Some(t) if !t.is_empty() && previous.as_deref() != Some(t) => Some(t.to_string()),
        _ => None,
    }
}
