//! `workspace.json`: what a workspace holds, and the format version that says how to read it.

use crate::fs::write_private_atomic;
use crate::sample::GroupSample;
use crate::{Error, Result, MANIFEST};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Workspace format this build writes and the newest it reads. Bump it on any change that an
/// older lognoise would misread, and teach [`Manifest::read`] to open the older formats.
pub const FORMAT_VERSION: u32 = 1;

/// The manifest of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format of the workspace; see [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The lognoise version that last wrote the workspace.
    pub written_by: String,
    /// Number of committed imports; names the files each import writes, and is written into the
    /// index at each index commit so that an index ahead of the manifest is recognised.
    pub generation: u64,
    /// Events stored; event sequence numbers run from 0 to `events - 1`.
    pub events: u64,
    /// Bytes of the stored messages.
    pub bytes: u64,
    /// Earliest and latest event time (ms since the Unix epoch) of events that carried one.
    pub time_range: Option<(i64, i64)>,
    /// Events files, in sequence order.
    pub event_files: Vec<EventFile>,
    /// The templates file (relative path), once something was imported.
    pub templates_file: Option<String>,
    /// Every import, oldest first.
    pub imports: Vec<ImportRecord>,
}

/// One events file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFile {
    /// Path relative to the workspace folder.
    pub path: String,
    /// Sequence number of its first event.
    pub first_seq: u64,
    /// Events in it.
    pub events: u64,
    /// Bytes of its messages.
    pub bytes: u64,
    /// Earliest and latest event time in it.
    pub time_range: Option<(i64, i64)>,
}

/// What one import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    /// When it was committed (ms since the Unix epoch).
    pub committed_at_ms: i64,
    /// Files read, as given.
    pub sources: Vec<String>,
    /// Events added.
    pub events: u64,
    /// Input lines or events that could not be read.
    pub problems: u64,
    /// For a pull from CloudWatch Logs: the sample it took, so that volumes and costs can be
    /// extrapolated from the sample to everything the log groups stored. `None` for files,
    /// which are taken to be all there is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleRecord>,
}

/// What a pull sampled: a share of the events that the log groups stored in a time window.
///
/// The ratio `stored_bytes / bytes` is what scales a template's sampled bytes up to the
/// real volume; together with the window's length it gives a monthly rate, and so a cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleRecord {
    /// Log groups pulled from.
    pub log_groups: Vec<String>,
    /// Start of the window (ms since the Unix epoch, inclusive).
    pub window_start_ms: i64,
    /// End of the window (ms since the Unix epoch, exclusive).
    pub window_end_ms: i64,
    /// The filter pattern the pull used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Events pulled.
    pub events: u64,
    /// Bytes of the messages pulled.
    pub bytes: u64,
    /// Estimated bytes the log groups hold for the window (same filter), when known; the
    /// sampling ratio is `bytes / stored_bytes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_bytes: Option<u64>,
    /// How `stored_bytes` was estimated, in words a reviewer can check (for example "events
    /// counted in the window by a full scan" or "stored bytes scaled to the window").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_bytes_basis: Option<String>,
    /// Per log group, what it stored in the window and its log class, when known (a sample
    /// description given with an import; older records have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSample>,
}

impl SampleRecord {
    /// Factor that scales sampled volume to stored volume (`stored_bytes / bytes`); 1 when
    /// either is unknown or zero, i.e. the sample is taken to be everything.
    pub fn scale(&self) -> f64 {
        match self.stored_bytes {
            Some(stored) if self.bytes > 0 && stored > 0 => stored as f64 / self.bytes as f64,
            _ => 1.0,
        }
    }
}

impl Manifest {
    pub(crate) fn new() -> Manifest {
        Manifest {
            format_version: FORMAT_VERSION,
            written_by: written_by(),
            generation: 0,
            events: 0,
            bytes: 0,
            time_range: None,
            event_files: Vec::new(),
            templates_file: None,
            imports: Vec::new(),
        }
    }

    /// Reads the manifest of the workspace at `root`, refusing formats newer than this build's.
    pub fn read(root: &Path) -> Result<Manifest> {
        let path = root.join(MANIFEST);
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotAWorkspace {
                    path: root.to_path_buf(),
                    non_empty: root.read_dir().is_ok_and(|mut d| d.next().is_some()),
                })
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        // The version is read on its own first: a newer format may not parse as this one.
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let version: Version = serde_json::from_slice(&text)
            .map_err(|e| Error::damaged(&path, format!("no format_version ({e})")))?;
        if version.format_version > FORMAT_VERSION {
            return Err(Error::NewerFormat {
                path: root.to_path_buf(),
                found: version.format_version,
                supported: FORMAT_VERSION,
            });
        }
        serde_json::from_slice(&text).map_err(|e| Error::damaged(&path, e))
    }

    /// Replaces the manifest of the workspace at `root` atomically.
    pub(crate) fn write(&self, root: &Path) -> Result<()> {
        let mut text = serde_json::to_vec_pretty(self).map_err(|e| Error::damaged(root, e))?;
        text.push(b'\n');
        write_private_atomic(&root.join(MANIFEST), &text)
    }
}

pub(crate) fn written_by() -> String {
    format!("lognoise {}", env!("CARGO_PKG_VERSION"))
}
