//! What reads the sampled log groups, read through the SDK with the user's read-only
//! credentials: metric filters (`DescribeMetricFilters`), the alarms on their metrics
//! (`DescribeAlarmsForMetric`, CloudWatch) and subscription filters
//! (`DescribeSubscriptionFilters`).
//!
//! A part that cannot be read (a permission missing, a group gone) does not fail the read: it
//! is recorded in [`GroupDependents::unread`] with the sentence saying what to grant, so a pull
//! still succeeds and nothing is later taken to be safe to drop for want of knowing.

use crate::client::CloudWatch;
use crate::error::Result;
use lognoise_dependents::{
    Alarm, Dependents, GroupDependents, MetricFilter, MetricTarget, SubscriptionFilter, Unread,
};
use std::collections::HashMap;

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
        for group in groups {
            let mut read = GroupDependents {
                log_group: group.clone(),
                ..GroupDependents::default()
            };
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
        let cx = self.caller.context("DescribeMetricFilters", Some(group));
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
            .context("DescribeSubscriptionFilters", Some(group));
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
                });
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(filters)
    }

    /// Alarms on a metric as a metric filter publishes it (no dimensions, any statistic).
    async fn alarms_for_metric(&self, namespace: &str, name: &str) -> Result<Vec<Alarm>> {
        let mut cx = self.caller.context("DescribeAlarmsForMetric", None);
        cx.service = "cloudwatch";
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

/// The next page's token; `None` when the listing is complete (a repeated token would loop
/// forever, so it ends the listing too).
fn next(found: Option<&str>, previous: &Option<String>) -> Option<String> {
    match found {
        Some(t) if !t.is_empty() && previous.as_deref() != Some(t) => Some(t.to_string()),
        _ => None,
    }
}
