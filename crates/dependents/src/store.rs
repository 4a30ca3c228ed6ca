//! `dependents.json` beside the workspace manifest: written atomically and private to the
//! user like the other workspace files, read back tolerantly.

use crate::model::Dependents;
use std::path::{Path, PathBuf};

/// File name of the dependents, in the workspace folder.
pub const DEPENDENTS_FILE: &str = "dependents.json";

/// Why the dependents file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is not JSON of the expected shape.
    #[error(
        "{} is damaged ({message}): delete it, or pull again, to read what reads the log groups anew",
        path.display()
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] lognoise_workspace::Error),
}

impl Dependents {
    /// Where the dependents of the workspace at `root` are kept.
    pub fn path_in(root: &Path) -> PathBuf {
        root.join(DEPENDENTS_FILE)
    }

    /// Replaces the workspace's dependents with these (through a synced temporary file).
    pub fn write(&self, root: &Path) -> Result<(), StoreError> {
        let path = Self::path_in(root);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| StoreError::Damaged {
            path: path.clone(),
            message: e.to_string(),
        })?;
        lognoise_workspace::write_private_atomic(&path, &bytes)?;
        Ok(())
    }

    /// The dependents last read into the workspace at `root`; `None` when none were.
    pub fn read(root: &Path) -> Result<Option<Dependents>, StoreError> {
        let path = Self::path_in(root);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StoreError::Damaged {
                path,
                message: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::model::{
        Alarm, GroupDependents, LogsQuery, MetricFilter, MetricTarget, SubscriptionFilter,
    };

    fn sample() -> Dependents {
        let mut d = Dependents::new("us-east-1", 1_772_409_600_000);
        d.groups.push(GroupDependents {
            log_group: "/ecs/web".into(),
            metric_filters: vec![MetricFilter {
                name: "errors".into(),
                pattern: "ERROR".into(),
                metrics: vec![MetricTarget {
                    namespace: "Web".into(),
                    name: "Errors".into(),
                    alarms: vec![Alarm {
                        name: "web-errors".into(),
                        state: Some("OK".into()),
                        actions: vec!["arn:aws:sns:us-east-1:123456789012:oncall".into()],
                    }],
                }],
                cross_check: None,
            }],
            subscription_filters: vec![SubscriptionFilter {
                name: "to-archive".into(),
                pattern: "".into(),
                destination_arn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/a".into(),
                account_policy: Some("to-archive".into()),
                cross_check: None,
            }],
            queries: vec![LogsQuery {
                name: Some("errors by route".into()),
                query: "filter level = \"error\" | stats count() by route".into(),
                language: Some("CWLI".into()),
                runs: 3,
                first_run_ms: Some(1_772_000_000_000),
            }],
            dashboards: vec![crate::model::DashboardQuery {
                dashboard: "Web".into(),
                widget: Some("Errors".into()),
                query: "SOURCE '/ecs/web' | filter @message like /ERROR/".into(),
                language: None,
            }],
            unread: Vec::new(),
        });
        d
    }

    #[test]
    fn what_is_written_is_read_back_and_private() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Dependents::read(dir.path()).unwrap(), None);
        let d = sample();
        d.write(dir.path()).unwrap();
        assert_eq!(Dependents::read(dir.path()).unwrap(), Some(d));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(Dependents::path_in(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn missing_and_unknown_fields_are_tolerated() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            Dependents::path_in(dir.path()),
            r#"{"schema": "lognoise.dependents/v2", "future": 1,
                "groups": [{"log_group": "/a", "metric_filters": [{"name": "m", "extra": true}]}]}"#,
        )
        .unwrap();
        let d = Dependents::read(dir.path()).unwrap().unwrap();
        assert_eq!(d.groups[0].log_group, "/a");
        assert_eq!(d.groups[0].metric_filters[0].name, "m");
        assert_eq!(d.groups[0].metric_filters[0].pattern, "");
        assert!(d.groups[0].subscription_filters.is_empty());
    }

    #[test]
    fn a_damaged_file_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(Dependents::path_in(dir.path()), "{not json").unwrap();
        let error = Dependents::read(dir.path()).unwrap_err();
        assert!(error.to_string().contains("pull again"), "{error}");
    }
}
