//! The lognoise workspace: a folder that holds everything one team's review needs, in a
//! versioned format that the command line and the app both open.
//!
//! ```text
//! workspace.json          manifest: format version, the files below, event count, time range
//! events/000001.jsonl     the events of import 1, one JSON object per line, with their cluster
//! templates/000001.json   templates after import 1, and which template each cluster belongs to
//! index/                  tantivy index of the events (written by lognoise-index)
//! ```
//!
//! Files named in the manifest never change: each import writes new ones (through temporary
//! files and renames) and the manifest, replaced last, is the single point where an import
//! takes effect. A killed import therefore leaves the previous state, plus stray files that
//! the next import removes.
//!
//! An event's template is not stored with the event: each event keeps the exact-shape cluster
//! the miner put it in, and the templates file maps clusters to templates. Templates can then
//! change (more lines, or reviewers merging and splitting them) by writing a new map, with no
//! event or index document rewritten.
//!
//! ```
//! use lognoise_workspace::Workspace;
//! let dir = tempfile::tempdir().unwrap();
//! let ws = Workspace::open_or_create(dir.path()).unwrap();
//! assert_eq!(ws.manifest().events, 0);
//! let again = Workspace::open(dir.path()).unwrap();
//! assert_eq!(again.manifest().format_version, lognoise_workspace::FORMAT_VERSION);
//! ```

mod archive;
mod error;
mod events;
mod fs;
mod manifest;
mod sample;
mod templates;

pub use archive::{
    ArchiveMeasure, ArchiveMeter, ARCHIVE_METADATA_BYTES_PER_EVENT, MEASURED_BYTES_PER_GROUP,
};
pub use error::{Error, Result};
pub use events::{EventReader, EventWriter, StoredEvent};
pub use fs::{create_private_dir, make_tree_private, write_private_atomic};
pub use manifest::{EventFile, ImportRecord, Manifest, SampleRecord, FORMAT_VERSION};
pub use sample::{GroupSample, LogClass, Retention, SampleDescription};
pub use templates::TemplateMap;

use std::path::{Path, PathBuf};

/// File name of the manifest inside a workspace folder.
pub const MANIFEST: &str = "workspace.json";

/// An open workspace.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    manifest: Manifest,
    templates: TemplateMap,
}

impl Workspace {
    /// The default workspace: `default` inside the per-user data folder
    /// (`~/.local/share/lognoise` on Linux, `~/Library/Application Support/lognoise` on macOS,
    /// `%APPDATA%\lognoise\data` on Windows).
    pub fn default_location() -> Result<PathBuf> {
        directories::ProjectDirs::from("", "", "lognoise")
            .map(|d| d.data_dir().join("default"))
            .ok_or(Error::NoHome)
    }

    /// Opens an existing workspace.
    pub fn open(root: &Path) -> Result<Workspace> {
        let manifest = Manifest::read(root)?;
        let templates = match &manifest.templates_file {
            Some(name) => TemplateMap::read(&root.join(name))?,
            None => TemplateMap::default(),
        };
        Ok(Workspace {
            root: root.to_path_buf(),
            manifest,
            templates,
        })
    }

    /// Opens the workspace at `root`, creating it (private to the user) when the folder is
    /// missing or empty.
    pub fn open_or_create(root: &Path) -> Result<Workspace> {
        if root.join(MANIFEST).exists() {
            return Workspace::open(root);
        }
        if root.exists() {
            let mut entries = std::fs::read_dir(root).map_err(|e| Error::io(root, e))?;
            if entries.next().is_some() {
                return Err(Error::NotAWorkspace {
                    path: root.to_path_buf(),
                    non_empty: true,
                });
            }
        }
        create_private_dir(root)?;
        let manifest = Manifest::new();
        manifest.write(root)?;
        Ok(Workspace {
            root: root.to_path_buf(),
            manifest,
            templates: TemplateMap::default(),
        })
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest as last committed.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The templates and the cluster each belongs to, as last committed.
    pub fn templates(&self) -> &TemplateMap {
        &self.templates
    }

    /// Folder of the full-text index.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }

    /// Reads every stored event, oldest import first.
    pub fn events(&self) -> Result<EventReader> {
        EventReader::open(&self.root, &self.manifest.event_files)
    }

    /// Starts the events file of the next import (a temporary file until
    /// [`Workspace::commit`]). With `replace`, the file will hold every event of the workspace
    /// (numbered from 0) and replace the earlier files.
    pub fn event_writer(&self, replace: bool) -> Result<EventWriter> {
        let generation = self.manifest.generation + 1;
        create_private_dir(&self.root.join("events"))?;
        let first_seq = if replace { 0 } else { self.manifest.events };
        EventWriter::create(&self.root, generation, first_seq)
    }

    /// Commits an import: the events written, the templates after it, and a record of it.
    /// A writer made with `replace` drops the earlier events files. The manifest is replaced
    /// last.
    pub fn commit(
        &mut self,
        events: EventWriter,
        templates: TemplateMap,
        record: ImportRecord,
    ) -> Result<()> {
        self.commit_replacing(events, templates, record, None)
    }

    /// Like [`Workspace::commit`], but `record` takes the place of the import record at
    /// position `replaces` in [`Manifest::imports`] (pushed when there is none there). An import
    /// committed in batches (a pull from CloudWatch Logs) keeps one record that grows with each
    /// batch, so its sample is counted once.
    pub fn commit_replacing(
        &mut self,
        events: EventWriter,
        templates: TemplateMap,
        record: ImportRecord,
        replaces: Option<usize>,
    ) -> Result<()> {
        let replace_events = events.replaces();
        let generation = self.manifest.generation + 1;
        let file = events.finish()?;
        create_private_dir(&self.root.join("templates"))?;
        let templates_name = format!("templates/{generation:06}.json");
        templates.write(&self.root.join(&templates_name))?;
        let mut manifest = self.manifest.clone();
        if replace_events {
            manifest.event_files.clear();
            manifest.events = 0;
            manifest.bytes = 0;
            manifest.time_range = None;
        }
        manifest.generation = generation;
        manifest.events = file.first_seq + file.events;
        manifest.bytes += file.bytes;
        manifest.time_range = merge_range(manifest.time_range, file.time_range);
        if file.events > 0 {
            manifest.event_files.push(file);
        }
        manifest.templates_file = Some(templates_name);
        match replaces.and_then(|i| manifest.imports.get_mut(i)) {
            Some(slot) => *slot = record,
            None => manifest.imports.push(record),
        }
        manifest.written_by = manifest::written_by();
        manifest.write(&self.root)?;
        self.manifest = manifest;
        self.templates = templates;
        self.remove_stray_files();
        Ok(())
    }

    /// Removes files no manifest names: left by a killed import, or replaced by a later one.
    /// Only call it while holding the import lock (the index writer).
    pub fn remove_stray_files(&self) {
        let mut keep: Vec<PathBuf> = self
            .manifest
            .event_files
            .iter()
            .map(|f| self.root.join(&f.path))
            .collect();
        if let Some(t) = &self.manifest.templates_file {
            keep.push(self.root.join(t));
        }
        for dir in ["events", "templates"] {
            let Ok(entries) = std::fs::read_dir(self.root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if !keep.contains(&path) {
                    // A file that cannot be removed now will be tried again next import.
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
    }
}

fn merge_range(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> Option<(i64, i64)> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, None) => a,
        (None, b) => b,
    }
}

#[cfg(test)]
mod tests;
