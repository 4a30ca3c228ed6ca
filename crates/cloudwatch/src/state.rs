//! `cloudwatch/pulls.json` in the workspace: how far each pull got, and the ids of every event
//! pulled, so that running a pull again resumes it and never imports an event twice.
//!
//! The file and the workspace are two files, so a commit is written in two steps: the file is
//! first written with the batch as *pending* (the slice positions after the batch and its event
//! ids), then the workspace commits the batch, then the file is written with the batch applied.
//! A pull stopped between the steps finds a pending batch on its next run and keeps it only if
//! the workspace's import record of the pull counts its events (the workspace committed it);
//! otherwise the batch is dropped and pulled again.

use crate::error::{Error, Result};
use lognoise_workspace::{
    create_private_dir, write_private_atomic, ArchiveMeasure, LogClass, Retention, Workspace,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Schema name of the file.
pub(crate) const SCHEMA: &str = "lognoise.cloudwatch-pulls/v1";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct PullsFile {
    pub schema: String,
    /// XXH3-64 of the CloudWatch event id (or Logs Insights `@ptr`) of every event pulled into
    /// the workspace.
    pub seen: Vec<u64>,
    pub pulls: Vec<PullState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// A batch written before the workspace commits it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Pending {
    pub pull: PullState,
    pub seen: Vec<u64>,
}

/// One pull: what was asked, and how far each slice of the window got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PullState {
    /// The arguments as given; the same arguments resume this pull.
    pub key: String,
    pub groups: Vec<String>,
    pub window_start_ms: i64,
    pub window_end_ms: i64,
    pub filter: Option<String>,
    pub sample: u64,
    /// Position of the pull's record in the workspace's imports, once committed.
    pub record: Option<usize>,
    /// Events imported by the pull.
    pub events: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Requests that returned a page.
    pub pages: u64,
    pub slices: Vec<SliceState>,
    /// All slices are read to their end or the sample is full.
    pub done: bool,
    /// The log class of each group that has one lognoise prices, read when the pull began
    /// (pulls saved before have none: their groups are priced as Standard).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub log_classes: BTreeMap<String, LogClass>,
    /// The retention of each group `DescribeLogGroups` showed, read when the pull began
    /// (pulls saved before have none: their storage is not priced).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retention: BTreeMap<String, Retention>,
    /// The archived size of the events pulled so far, per group (measured up to a few MB).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub archived: BTreeMap<String, ArchiveMeasure>,
    /// Bytes Logs Insights scans a month in each group whose query history could be read,
    /// read when the pull began.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub insights_scanned: BTreeMap<String, u64>,
}

/// One slice of the window in one log group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct SliceState {
    pub group: String,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Where FilterLogEvents goes on from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// Events taken from the slice.
    pub events: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Latest event time read in the slice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_ms: Option<i64>,
    /// Time of the slice its events cover, when it was read in parts (Logs Insights halves);
    /// otherwise from its start to `last_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered_ms: Option<i64>,
    /// Events the slice may give in this round.
    pub target: u64,
    /// Read to its end.
    pub exhausted: bool,
}

impl SliceState {
    /// Counts one event read from the slice.
    pub(crate) fn count(&mut self, event: &lognoise_source::Event) {
        self.events += 1;
        self.bytes += event.message.len() as u64;
        if let Some(ts) = event.timestamp_ms {
            self.last_ms = Some(self.last_ms.map_or(ts, |l| l.max(ts)));
        }
    }
}

/// The pulls file of a workspace, loaded.
#[derive(Debug)]
pub(crate) struct Pulls {
    path: PathBuf,
    pub file: PullsFile,
    pub seen: HashSet<u64>,
}

impl Pulls {
    pub(crate) fn path_in(ws: &Workspace) -> PathBuf {
        ws.root().join("cloudwatch").join("pulls.json")
    }

    /// Loads the file, settling a pending batch against the workspace.
    pub(crate) fn load(ws: &Workspace) -> Result<Pulls> {
        let path = Self::path_in(ws);
        let mut file = match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice::<PullsFile>(&bytes).map_err(|e| Error::DamagedState {
                    path: path.clone(),
                    message: e.to_string(),
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => PullsFile {
                schema: SCHEMA.into(),
                ..PullsFile::default()
            },
            Err(e) => {
                return Err(Error::DamagedState {
                    path,
                    message: e.to_string(),
                })
            }
        };
        if file.schema != SCHEMA {
            return Err(Error::DamagedState {
                path,
                message: format!("schema {} is not {SCHEMA}", file.schema),
            });
        }
        if let Some(pending) = file.pending.take() {
            let committed = pending.pull.record.is_some_and(|i| {
                ws.manifest().imports.get(i).is_some_and(|r| {
                    r.events == pending.pull.events && r.sources == [source_name(&pending.pull)]
                })
            });
            if committed {
                file.seen.extend(&pending.seen);
                match file.pulls.iter_mut().find(|p| p.key == pending.pull.key) {
                    Some(p) => *p = pending.pull,
                    None => file.pulls.push(pending.pull),
                }
            }
        }
        let seen = file.seen.iter().copied().collect();
        Ok(Pulls { path, file, seen })
    }

    /// Writes the file with `pending` (or without any), atomically and private to the user.
    pub(crate) fn write(&self, pending: Option<&Pending>) -> Result<()> {
        #[derive(Serialize)]
        struct Out<'a> {
            schema: &'a str,
            seen: &'a [u64],
            pulls: &'a [PullState],
            #[serde(skip_serializing_if = "Option::is_none")]
            pending: Option<&'a Pending>,
        }
        let out = Out {
            schema: SCHEMA,
            seen: &self.file.seen,
            pulls: &self.file.pulls,
            pending,
        };
        let bytes = serde_json::to_vec(&out).map_err(|e| Error::DamagedState {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir)?;
        }
        write_private_atomic(&self.path, &bytes)?;
        Ok(())
    }

    /// Makes a committed batch part of the file (in memory; [`Pulls::write`] saves it).
    pub(crate) fn apply(&mut self, pull: PullState, seen: &[u64]) {
        self.file.seen.extend(seen);
        match self.file.pulls.iter_mut().find(|p| p.key == pull.key) {
            Some(p) => *p = pull,
            None => self.file.pulls.push(pull),
        }
    }

    /// The unfinished pull with these arguments.
    pub(crate) fn unfinished(&self, key: &str) -> Option<&PullState> {
        self.file.pulls.iter().find(|p| p.key == key && !p.done)
    }

    /// Forgets a finished pull with these arguments, so that the same command starts anew.
    pub(crate) fn forget_finished(&mut self, key: &str) {
        self.file.pulls.retain(|p| p.key != key || !p.done);
    }
}

/// The `sources` entry of a pull's import record.
pub(crate) fn source_name(pull: &PullState) -> String {
    let mut s = format!("cloudwatch:{}", pull.groups.join(","));
    s.push_str(&format!(
        " {}..{}",
        pull.window_start_ms, pull.window_end_ms
    ));
    if let Some(f) = &pull.filter {
        s.push_str(&format!(" filter {f:?}"));
    }
    s
}

/// Hash of an event id.
pub(crate) fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn pull(events: u64) -> PullState {
        PullState {
            key: "k".into(),
            groups: vec!["/ecs/web".into()],
            window_start_ms: 0,
            window_end_ms: 1000,
            filter: None,
            sample: 100,
            record: Some(0),
            events,
            bytes: 0,
            pages: 1,
            slices: Vec::new(),
            done: false,
            log_classes: BTreeMap::new(),
            retention: BTreeMap::new(),
            archived: BTreeMap::new(),
            insights_scanned: BTreeMap::new(),
        }
    }

    /// A workspace whose first import record is the pull's, counting `events`.
    fn workspace(dir: &std::path::Path, events: u64) -> Workspace {
        let mut ws = Workspace::open_or_create(&dir.join("ws")).unwrap();
        let stream = (0..events).map(|i| lognoise_source::Event {
            message: format!("event {i}"),
            ..Default::default()
        });
        let source = source_name(&pull(events));
        lognoise_index::import_events(
            &mut ws,
            stream,
            &lognoise_index::ImportOptions::default(),
            &source,
            1000,
            &mut |_| {},
        )
        .unwrap();
        ws
    }

    fn write_pending(ws: &Workspace, pending: Pending) {
        let pulls = Pulls {
            path: Pulls::path_in(ws),
            file: PullsFile {
                schema: SCHEMA.into(),
                ..PullsFile::default()
            },
            seen: HashSet::new(),
        };
        pulls.write(Some(&pending)).unwrap();
    }

    #[test]
    fn a_pending_batch_the_workspace_committed_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path(), 3);
        write_pending(
            &ws,
            Pending {
                pull: pull(3),
                seen: vec![7, 8, 9],
            },
        );
        let pulls = Pulls::load(&ws).unwrap();
        assert!(pulls.seen.contains(&8));
        assert_eq!(pulls.unfinished("k").unwrap().events, 3);
    }

    #[test]
    fn a_pending_batch_the_workspace_did_not_commit_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path(), 3);
        // Stopped before the workspace committed the batch of 2 more events.
        write_pending(
            &ws,
            Pending {
                pull: pull(5),
                seen: vec![7, 8],
            },
        );
        let pulls = Pulls::load(&ws).unwrap();
        assert!(pulls.seen.is_empty());
        assert!(pulls.unfinished("k").is_none());
    }

    #[test]
    fn a_damaged_file_says_how_to_start_over() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path(), 1);
        let path = Pulls::path_in(&ws);
        create_private_dir(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"{not json").unwrap();
        let err = Pulls::load(&ws).unwrap_err().to_string();
        assert!(err.ends_with(": delete it to start the pull over"), "{err}");
    }
}
