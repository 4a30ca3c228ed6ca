//! The stored events: JSON lines, one file per import, each event with its metadata and the
//! cluster the miner put it in.

use crate::fs::{create_private_file, rename_synced, tmp_path};
use crate::{Error, EventFile, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One stored event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Sequence number in the workspace, from 0, in import order.
    pub seq: u64,
    /// Event time (ms since the Unix epoch), when known.
    #[serde(rename = "ts", skip_serializing_if = "Option::is_none", default)]
    pub timestamp_ms: Option<i64>,
    /// CloudWatch log group, when known.
    #[serde(rename = "group", skip_serializing_if = "Option::is_none", default)]
    pub log_group: Option<String>,
    /// CloudWatch log stream, when known.
    #[serde(rename = "stream", skip_serializing_if = "Option::is_none", default)]
    pub log_stream: Option<String>,
    /// Level read from the line's header (lower case), when it had one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<String>,
    /// Exact-shape cluster of the miner; the templates file maps it to a template.
    pub cluster: u32,
    /// The message.
    #[serde(rename = "msg")]
    pub message: String,
}

/// Writes the events of one import to a temporary file, renamed into place by
/// [`crate::Workspace::commit`].
#[derive(Debug)]
pub struct EventWriter {
    tmp: PathBuf,
    path: PathBuf,
    relative: String,
    out: BufWriter<File>,
    first_seq: u64,
    next_seq: u64,
    bytes: u64,
    time_range: Option<(i64, i64)>,
    line: Vec<u8>,
}

impl EventWriter {
    pub(crate) fn create(root: &Path, generation: u64, first_seq: u64) -> Result<EventWriter> {
        let relative = format!("events/{generation:06}.jsonl");
        let path = root.join(&relative);
        let tmp = tmp_path(&path);
        let out = BufWriter::with_capacity(1 << 20, create_private_file(&tmp)?);
        Ok(EventWriter {
            tmp,
            path,
            relative,
            out,
            first_seq,
            next_seq: first_seq,
            bytes: 0,
            time_range: None,
            line: Vec::with_capacity(512),
        })
    }

    /// Whether this file replaces the earlier events files.
    pub fn replaces(&self) -> bool {
        self.first_seq == 0
    }

    /// Sequence number the next event gets.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Appends an event; its `seq` must be [`EventWriter::next_seq`].
    pub fn append(&mut self, event: &StoredEvent) -> Result<()> {
        debug_assert_eq!(event.seq, self.next_seq);
        self.line.clear();
        serde_json::to_writer(&mut self.line, event).map_err(|e| Error::damaged(&self.tmp, e))?;
        self.line.push(b'\n');
        self.out
            .write_all(&self.line)
            .map_err(|e| Error::io(&self.tmp, e))?;
        self.next_seq += 1;
        self.bytes += event.message.len() as u64;
        if let Some(t) = event.timestamp_ms {
            self.time_range = Some(match self.time_range {
                Some((lo, hi)) => (lo.min(t), hi.max(t)),
                None => (t, t),
            });
        }
        Ok(())
    }

    /// Syncs and renames the file into place; returns its manifest entry.
    pub(crate) fn finish(self) -> Result<EventFile> {
        let EventWriter {
            tmp,
            path,
            relative,
            out,
            first_seq,
            next_seq,
            bytes,
            time_range,
            ..
        } = self;
        let file = out
            .into_inner()
            .map_err(|e| Error::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        drop(file);
        if next_seq == first_seq {
            let _ = std::fs::remove_file(&tmp);
        } else {
            rename_synced(&tmp, &path)?;
        }
        Ok(EventFile {
            path: relative,
            first_seq,
            events: next_seq - first_seq,
            bytes,
            time_range,
        })
    }
}

/// Reads stored events in sequence order.
#[derive(Debug)]
pub struct EventReader {
    files: std::vec::IntoIter<(PathBuf, u64)>,
    current: Option<(PathBuf, BufReader<File>, u64)>,
    buf: String,
}

impl EventReader {
    pub(crate) fn open(root: &Path, files: &[EventFile]) -> Result<EventReader> {
        let files: Vec<(PathBuf, u64)> = files
            .iter()
            .map(|f| (root.join(&f.path), f.events))
            .collect();
        Ok(EventReader {
            files: files.into_iter(),
            current: None,
            buf: String::new(),
        })
    }

    fn next_event(&mut self) -> Result<Option<StoredEvent>> {
        loop {
            if self.current.is_none() {
                let Some((path, _)) = self.files.next() else {
                    return Ok(None);
                };
                let f = File::open(&path).map_err(|e| Error::io(&path, e))?;
                self.current = Some((path, BufReader::with_capacity(1 << 20, f), 0));
            }
            let Some((path, reader, line)) = self.current.as_mut() else {
                continue;
            };
            self.buf.clear();
            let n = reader
                .read_line(&mut self.buf)
                .map_err(|e| Error::io(path, e))?;
            if n == 0 {
                self.current = None;
                continue;
            }
            *line += 1;
            return serde_json::from_str(&self.buf)
                .map(Some)
                .map_err(|e| Error::damaged(path, format!("line {line}: {e}")));
        }
    }
}

impl Iterator for EventReader {
    type Item = Result<StoredEvent>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_event().transpose()
    }
}
