//! `DescribeLogGroups`: the log groups of an account and region, with their size and retention.

use crate::client::CloudWatch;
use crate::error::Result;
use serde::Serialize;

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
}

impl CloudWatch {
    /// Every log group whose name starts with `prefix` (all of them without one), page by page.
    pub fn groups(&self, prefix: Option<&str>) -> Result<Vec<LogGroup>> {
        self.runtime.block_on(self.groups_async(prefix))
    }

    pub(crate) async fn groups_async(&self, prefix: Option<&str>) -> Result<Vec<LogGroup>> {
        let cx = self.caller.context("DescribeLogGroups", None);
        let mut groups = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(&cx, || {
                    self.client
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
                });
            }
            match out.next_token() {
                // A repeated token would loop forever; the listing is complete then.
                Some(t) if !t.is_empty() && token.as_deref() != Some(t) => {
                    token = Some(t.to_string())
                }
                _ => break,
            }
        }
        Ok(groups)
    }
}
