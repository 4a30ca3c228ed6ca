//! `DescribeLogGroups`: the log groups of an account and region, with their size, retention
//! and log class (which sets the ingestion price of what a pull samples from them).

use crate::client::{Caller, CloudWatch};
use crate::error::{Error, Result};
use aws_sdk_cloudwatchlogs::types::LogGroupClass;
use aws_sdk_cloudwatchlogs::Client;
use lognoise_workspace::{LogClass, Retention};
use serde::Serialize;
use std::collections::BTreeMap;

/// One log group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogGroup {
    /// Its name.
    pub name: String,
    /// Bytes stored, as CloudWatch reports them (updated by CloudWatch a few times a day).
    pub stored_bytes: Option<u64>,
    /// Days events are kept; `None` keeps them forever.
    pub retention_days: Option<u32>,
    /// When it was created (ms since the Unix epoch).
    pub created_ms: Option<i64>,
    /// Its log class, when CloudWatch names one lognoise prices (`STANDARD`,
    /// `INFREQUENT_ACCESS`); `None` for a `DELIVERY` group or a class newer than this build,
    /// which are priced as Standard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_class: Option<LogClass>,
}

/// The log class lognoise prices a group at, from what `DescribeLogGroups` says.
pub(crate) fn log_class_of(class: Option<&LogGroupClass>) -> Option<LogClass> {
    match class? {
        LogGroupClass::Standard => Some(LogClass::Standard),
        LogGroupClass::InfrequentAccess => Some(LogClass::InfrequentAccess),
        // Delivery groups only pass logs on to S3 or Firehose; other classes are newer than
        // this build. Neither has a price here.
        _ => None,
    }
}

impl CloudWatch {
    /// Every log group whose name starts with `prefix` (all of them without one), page by page.
    pub fn groups(&self, prefix: Option<&str>) -> Result<Vec<LogGroup>> {
        self.runtime.block_on(self.groups_async(prefix))
    }

    pub(crate) async fn groups_async(&self, prefix: Option<&str>) -> Result<Vec<LogGroup>> {
        describe(&self.client, &self.caller, prefix).await
    }
}

/// Each of `groups` as one `DescribeLogGroups` listing per group shows it (its name as the
/// prefix, the group itself picked out): what a pull records so that each group's bytes are
/// priced at its class and its storage at its retention. A group the listing cannot show (not
/// found, or a policy without `logs:DescribeLogGroups`) is left out, and so priced as Standard
/// with its retention not known: the pull itself says what is wrong with a missing group.
/// Other failures (credentials, throttling, a stop) end the pull as they would its first page.
pub(crate) async fn described(
    client: &Client,
    caller: &Caller,
    groups: &[String],
) -> Result<BTreeMap<String, LogGroup>> {
    let mut out = BTreeMap::new();
    for name in groups {
        match describe(client, caller, Some(name)).await {
            Ok(found) => {
                if let Some(group) = found.into_iter().find(|g| &g.name == name) {
                    out.insert(name.clone(), group);
                }
            }
            Err(Error::AccessDenied { .. } | Error::MissingGroup { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

impl LogGroup {
    /// How long the group keeps its events: a listed group without `retentionInDays` never
    /// expires them.
    pub fn retention(&self) -> Retention {
        match self.retention_days {
            Some(days) if days > 0 => Retention::Days(days),
            _ => Retention::NeverExpires,
        }
    }
}

/// Every log group whose name starts with `prefix`, page by page.
async fn describe(client: &Client, caller: &Caller, prefix: Option<&str>) -> Result<Vec<LogGroup>> {
    let cx = caller.context("DescribeLogGroups", None);
    let mut groups = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = caller
            .call(&cx, || {
                client
                    .describe_log_groups()
                    .set_log_group_name_prefix(prefix.map(str::to_string))
                    .set_next_token(token.clone())
                    .send()
            })
            .await?;
        for g in out.log_groups() {
            groups.push(LogGroup {
                name: g.log_group_name().unwrap_or_default().to_string(),
                stored_bytes: g.stored_bytes().and_then(|b| u64::try_from(b).ok()),
                retention_days: g.retention_in_days().and_then(|d| u32::try_from(d).ok()),
                created_ms: g.creation_time(),
                log_class: log_class_of(g.log_group_class()),
            });
        }
        match out.next_token() {
            // A repeated token would loop forever; the listing is complete then.
            Some(t) if !t.is_empty() && token.as_deref() != Some(t) => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(groups)
}
