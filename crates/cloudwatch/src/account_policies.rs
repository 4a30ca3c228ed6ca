//! The account's subscription filter policies (`DescribeAccountPolicies` with the policy type
//! `SUBSCRIPTION_FILTER_POLICY`): one policy delivers the events of every log group it
//! selects to its destination, with no subscription filter of the group's own, so
//! `DescribeSubscriptionFilters` on a group does not show it. A rule dropping lines such a
//! policy delivers breaks that delivery as much as one of the group's own filters.
//!
//! The policy document is JSON (`{"DestinationArn": ..., "FilterPattern": ..., ...}`), and the
//! selection criteria can only exclude groups by name (`LogGroupName NOT IN ["a", "b"]`). A
//! criterion lognoise does not understand is taken to select every group: the side on which no
//! delivery is broken unseen.

use crate::client::CloudWatch;
use crate::dependents::next;
use crate::error::Result;
use aws_sdk_cloudwatchlogs::types::PolicyType;

/// One subscription filter policy of the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AccountSubscription {
    pub(crate) name: String,
    pub(crate) pattern: String,
    pub(crate) destination_arn: String,
    /// Log groups the selection criteria leave out.
    pub(crate) excluded: Vec<String>,
}

impl AccountSubscription {
    /// Whether the policy delivers `group`'s events.
    pub(crate) fn selects(&self, group: &str) -> bool {
        !self.excluded.iter().any(|g| g == group)
    }
}

impl CloudWatch {
    /// The account's subscription filter policies (in the region).
    pub(crate) async fn account_subscriptions(&self) -> Result<Vec<AccountSubscription>> {
        let cx = self
            .caller
            .dependent_context("logs", "DescribeAccountPolicies", None);
        let mut policies = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
                        .describe_account_policies()
                        .policy_type(PolicyType::SubscriptionFilterPolicy)
                        .set_next_token(token.clone())
                        .send()
                })
                .await?;
            for p in out.account_policies() {
                policies.push(subscription_of(
                    p.policy_name().unwrap_or_default(),
                    p.policy_document().unwrap_or_default(),
                    p.selection_criteria(),
                ));
            }
            match next(out.next_token(), &token) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(policies)
    }
}

/// A policy as a subscription: its document's pattern and destination (a document that is not
/// JSON, or lacks the pattern, delivers everything: an empty pattern), the groups its
/// criteria exclude.
pub(crate) fn subscription_of(
    name: &str,
    document: &str,
    selection: Option<&str>,
) -> AccountSubscription {
    let document: serde_json::Value = serde_json::from_str(document).unwrap_or_default();
    let text = |key: &str| {
        document
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    AccountSubscription {
        name: name.to_string(),
        pattern: text("FilterPattern"),
        destination_arn: text("DestinationArn"),
        excluded: selection.map(excluded_groups).unwrap_or_default(),
    }
}

/// The groups `LogGroupName NOT IN [...]` leaves out; none for any other criterion.
fn excluded_groups(criteria: &str) -> Vec<String> {
    let words: Vec<&str> = criteria.splitn(4, char::is_whitespace).collect();
    match words.as_slice() {
        [field, not, within, list]
            if field.eq_ignore_ascii_case("LogGroupName")
                && not.eq_ignore_ascii_case("NOT")
                && within.eq_ignore_ascii_case("IN") =>
        {
            serde_json::from_str::<Vec<String>>(list.trim()).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_delivers_every_group_its_criteria_do_not_exclude() {
        let p = subscription_of(
            "to-siem",
            r#"{"DestinationArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/siem",
                "RoleArn": "arn:aws:iam::123456789012:role/cwl", "FilterPattern": "ERROR",
                "Distribution": "Random"}"#,
            Some(r#"LogGroupName NOT IN ["/ecs/noisy", "/aws/lambda/x"]"#),
        );
        assert_eq!(p.pattern, "ERROR");
        assert_eq!(
            p.destination_arn,
            "arn:aws:firehose:us-east-1:123456789012:deliverystream/siem"
        );
        assert!(!p.selects("/ecs/noisy"));
        assert!(p.selects("/ecs/web"));
        // No criteria, or ones not understood: every group.
        let all = subscription_of("all", "{}", None);
        assert!(all.selects("/ecs/noisy") && all.pattern.is_empty());
        let odd = subscription_of("odd", "not json", Some("LogGroupName LIKE '/ecs/%'"));
        assert!(odd.selects("/ecs/noisy"));
        assert!(subscription_of("x", "{}", Some("LogGroupName NOT IN [bad")).selects("/a"));
    }
}
