//! Import: events from files or any stream, mined and indexed in one pass, committed to the
//! workspace (in batches for a stream, see [`StreamingImport`]).
//!
//! The miner is not saved between imports. Each import first replays the stored events through
//! a new miner (mining only, no indexing): the miner numbers clusters in order of first sight,
//! so every stored event gets its cluster back, and the templates after the import describe
//! all the workspace's events. Should a new lognoise version cluster the stored events
//! differently, the replay notices, and the import rebuilds the events files and the index from
//! the stored events.
//!
//! Order of writes, so that a killed import leaves the workspace as it was: the events file
//! (temporary until renamed), the index commit (which carries the import's generation), the
//! templates file, and the manifest last. An index ahead of the manifest (killed between the
//! index commit and the manifest) is trimmed back by the next import, and search hides what the
//! manifest does not list.

use crate::level::level_of;
use crate::schema::{self, Fields};
use crate::{Error, Result};
use lognoise_miner::{Miner, MinerConfig};
use lognoise_source::{Event, Format, Problem};
use lognoise_workspace::{
    EventWriter, ImportRecord, SampleDescription, StoredEvent, TemplateMap, Workspace,
};
use serde::Serialize;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tantivy::query::RangeQuery;
use tantivy::{Index, IndexWriter, Term};

/// Memory for the index writer.
const WRITER_MEMORY: usize = 128 << 20;

/// Settings of an import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Log group given to events whose source names none (plain text, S3 exports, AWS CLI output).
    pub default_group: Option<String>,
    /// What the files are a sample of, when they are not all there is (see
    /// [`SampleDescription`]): their volumes then scale up to the groups' stored bytes.
    pub sample: Option<SampleDescription>,
}

/// Where an import is, for progress bars.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    /// Bytes read from the input files (compressed bytes for gzip).
    pub bytes_read: u64,
    /// Size of all the input files (0 when unknown, as for standard input).
    pub bytes_total: u64,
    /// Events imported so far.
    pub events: u64,
}

/// What was read from one input file.
#[derive(Clone, Debug, Serialize)]
pub struct SourceReport {
    /// The path as given.
    pub path: String,
    /// The format recognised.
    pub format: Format,
    /// Events read.
    pub events: u64,
    /// What could not be read, with line numbers.
    pub problems: Vec<Problem>,
    /// A sentence when the file does not look like text (most lines binary), though its lines
    /// were imported; front ends show it next to the file's name.
    pub not_text: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    /// One entry per input file, in order.
    pub sources: Vec<SourceReport>,
    /// Events added.
    pub events: u64,
    /// Events in the workspace after the import.
    pub total_events: u64,
    /// Templates in the workspace after the import.
    pub templates: usize,
    /// Whether the stored events were clustered anew (the miner changed since they were stored).
    pub rebuilt: bool,
    /// A sentence when events do not fit the sample description given (a log group it does
    /// not name, a time outside its window), whose volumes then scale wrongly.
    pub sample_mismatch: Option<String>,
}

/// Imports `paths` (`-` is standard input) into the workspace.
pub fn import(
    ws: &mut Workspace,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let mut bytes_total = 0;
    for p in paths {
        if p.as_os_str() != "-" {
            let meta = std::fs::metadata(p).map_err(|source| lognoise_source::Error::Open {
                path: p.display().to_string(),
                source,
            })?;
            bytes_total += meta.len();
        }
    }
    let mut import = StreamingImport::begin(ws, options)?;
    let mut fit = options.sample.as_ref().map(SampleFit::new);
    // A sample description's groups are priced for storage at their archived size, measured
    // on the events imported (a few MB of each group at most).
    let mut archive = options
        .sample
        .as_ref()
        .map(|_| lognoise_workspace::ArchiveMeter::default());
    let mut sources = Vec::with_capacity(paths.len());
    let counter = Arc::new(AtomicU64::new(0));
    let mut failure = None;
    for path in paths {
        let before = counter.load(Ordering::Relaxed);
        let mut on_event = |event: Event| {
            if failure.is_some() {
                return;
            }
            if let Some(fit) = &mut fit {
                fit.check(&event, options.default_group.as_deref());
            }
            if let Some(meter) = &mut archive {
                if let Some(group) = event
                    .log_group
                    .as_deref()
                    .or(options.default_group.as_deref())
                {
                    meter.add(group, &event.message);
                }
            }
            if let Err(e) = import.add(event) {
                failure = Some(e);
                return;
            }
            let imported = import.added();
            if imported.is_multiple_of(4096) {
                progress(Progress {
                    bytes_read: counter.load(Ordering::Relaxed),
                    bytes_total,
                    events: imported,
                });
            }
        };
        let summary = lognoise_source::read_path(path, counter.clone(), &mut on_event)?;
        if let Some(e) = failure.take() {
            return Err(e);
        }
        if path.as_os_str() == "-" {
            bytes_total += counter.load(Ordering::Relaxed) - before;
        }
        sources.push(SourceReport {
            path: display_path(path),
            format: summary.format,
            events: summary.events,
            not_text: summary.not_text_warning(),
            problems: summary.problems,
        });
    }
    let added = import.added();
    progress(Progress {
        bytes_read: counter.load(Ordering::Relaxed),
        bytes_total,
        events: added,
    });
    let record = ImportRecord {
        committed_at_ms: now_ms(),
        sources: sources.iter().map(|s| s.path.clone()).collect(),
        events: added,
        problems: sources.iter().map(|s| s.problems.len() as u64).sum(),
        sample: options.sample.as_ref().map(|d| {
            let measured = archive
                .as_mut()
                .map(|m| m.measured().clone())
                .unwrap_or_default();
            d.record_measured(added, import.added_bytes(), &measured)
        }),
    };
    let committed = import.commit(record, None)?;
    let rebuilt = import.rebuilt();
    import.finish()?;
    Ok(ImportReport {
        sources,
        events: added,
        total_events: committed.total_events,
        templates: committed.templates,
        rebuilt,
        sample_mismatch: fit.and_then(|f| f.mismatch()),
    })
}

/// How well the imported events fit the sample description given with them.
struct SampleFit<'d> {
    description: &'d SampleDescription,
    other_group: u64,
    outside_window: u64,
    example_group: Option<String>,
}

impl<'d> SampleFit<'d> {
    fn new(description: &'d SampleDescription) -> SampleFit<'d> {
        SampleFit {
            description,
            other_group: 0,
            outside_window: 0,
            example_group: None,
        }
    }

    fn check(&mut self, event: &Event, default_group: Option<&str>) {
        let group = event.log_group.as_deref().or(default_group).unwrap_or("");
        if !self.description.groups.iter().any(|g| g.name == group) {
            self.other_group += 1;
            if self.example_group.is_none() {
                self.example_group = Some(group.to_string());
            }
        }
        if let Some(t) = event.timestamp_ms {
            if t < self.description.window_start_ms || t >= self.description.window_end_ms {
                self.outside_window += 1;
            }
        }
    }

    fn mismatch(self) -> Option<String> {
        let mut parts = Vec::new();
        if self.other_group > 0 {
            let example = match self.example_group.as_deref() {
                Some("") | None => "no log group".to_string(),
                Some(g) => format!("e.g. {g}"),
            };
            parts.push(format!(
                "{} events belong to a log group the sample description does not name ({example})",
                self.other_group
            ));
        }
        if self.outside_window > 0 {
            parts.push(format!(
                "{} events lie outside its window",
                self.outside_window
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "{}; their volumes and costs are scaled as if they were sampled like the rest: \
                 add the groups to the description or widen its window",
                parts.join(" and ")
            )
        })
    }
}

/// Imports `events` from any source (a pull from CloudWatch Logs, a test), committing every
/// `batch` events so that an interrupted import keeps the batches already committed. Each
/// commit's import record names `source` and counts the events of the whole call so far: one
/// record per call, however many batches. `progress` is called after each commit.
pub fn import_events(
    ws: &mut Workspace,
    events: impl IntoIterator<Item = Event>,
    options: &ImportOptions,
    source: &str,
    batch: u64,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let mut import = StreamingImport::begin(ws, options)?;
    let mut slot = None;
    let mut committed = None;
    let mut commit = |import: &mut StreamingImport<'_>, slot: &mut Option<usize>| {
        let record = ImportRecord {
            committed_at_ms: now_ms(),
            sources: vec![source.to_string()],
            events: import.added(),
            problems: 0,
            sample: None,
        };
        let done = import.commit(record, *slot)?;
        *slot = Some(done.record);
        progress(Progress {
            bytes_read: 0,
            bytes_total: 0,
            events: import.added(),
        });
        Ok::<_, Error>(done)
    };
    for event in events {
        import.add(event)?;
        if import.pending() >= batch.max(1) {
            committed = Some(commit(&mut import, &mut slot)?);
        }
    }
    if import.pending() > 0 || committed.is_none() {
        committed = Some(commit(&mut import, &mut slot)?);
    }
    let added = import.added();
    let rebuilt = import.rebuilt();
    import.finish()?;
    let (total_events, templates) = committed
        .map(|c| (c.total_events, c.templates))
        .unwrap_or_default();
    Ok(ImportReport {
        sources: Vec::new(),
        events: added,
        total_events,
        templates,
        rebuilt,
        sample_mismatch: None,
    })
}

/// What one [`StreamingImport::commit`] did.
#[derive(Clone, Copy, Debug)]
pub struct Commit {
    /// The workspace generation it committed.
    pub generation: u64,
    /// Position of its import record in the manifest's imports.
    pub record: usize,
    /// Events in the workspace after it.
    pub total_events: u64,
    /// Templates in the workspace after it.
    pub templates: usize,
}

/// An import fed one event at a time and committed in batches: the path every import takes.
///
/// [`StreamingImport::begin`] takes the workspace's import lock (the index writer) and brings
/// the miner up to date with the stored events once; each [`StreamingImport::commit`] then makes
/// the events added since the last one part of the workspace (events file, index commit,
/// templates, manifest, in that order), so a process stopped between commits keeps every
/// committed batch and nothing of the next.
pub struct StreamingImport<'w> {
    ws: &'w mut Workspace,
    miner: Miner,
    writer: IndexWriter,
    fields: Fields,
    events: Option<EventWriter>,
    default_group: Option<String>,
    rebuilt: bool,
    added: u64,
    added_bytes: u64,
    pending: u64,
}

impl std::fmt::Debug for StreamingImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingImport")
            .field("workspace", &self.ws.root())
            .field("added", &self.added)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl<'w> StreamingImport<'w> {
    /// Opens the workspace for import. Fails with [`Error::Busy`] while another import runs.
    pub fn begin(ws: &'w mut Workspace, options: &ImportOptions) -> Result<StreamingImport<'w>> {
        let (index, fields) = schema::open_or_create(ws)?;
        let mut writer: IndexWriter = index.writer(WRITER_MEMORY).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::Busy {
                path: ws.root().to_path_buf(),
            },
            e => Error::Index(e),
        })?;
        ws.remove_stray_files();
        let index_in_step = trim_index(&index, &mut writer, &fields, ws)?;
        let mut miner = Miner::new(MinerConfig::default());
        let rebuild = !index_in_step || !replay(ws, &mut miner)?;
        let mut import = StreamingImport {
            miner,
            writer,
            fields,
            events: Some(ws.event_writer(rebuild)?),
            ws,
            default_group: options.default_group.clone(),
            rebuilt: rebuild,
            added: 0,
            added_bytes: 0,
            pending: 0,
        };
        if rebuild {
            import.miner = Miner::new(MinerConfig::default());
            import.writer.delete_all_documents()?;
            for stored in import.ws.events()? {
                let e = stored?;
                import.store(Event {
                    timestamp_ms: e.timestamp_ms,
                    log_group: e.log_group,
                    log_stream: e.log_stream,
                    message: e.message,
                })?;
            }
        }
        Ok(import)
    }

    /// The workspace as last committed.
    pub fn workspace(&self) -> &Workspace {
        self.ws
    }

    /// Events added since [`StreamingImport::begin`].
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Message bytes of the events added since [`StreamingImport::begin`].
    pub fn added_bytes(&self) -> u64 {
        self.added_bytes
    }

    /// Events added since the last commit.
    pub fn pending(&self) -> u64 {
        self.pending
    }

    /// Whether the stored events were clustered anew and reindexed (the miner changed since
    /// they were stored).
    pub fn rebuilt(&self) -> bool {
        self.rebuilt
    }

    /// Mines, stores and indexes one event (committed by the next [`StreamingImport::commit`]).
    pub fn add(&mut self, event: Event) -> Result<()> {
        let bytes = event.message.len() as u64;
        self.store(event)?;
        self.added_bytes += bytes;
        self.added += 1;
        self.pending += 1;
        Ok(())
    }

    fn store(&mut self, event: Event) -> Result<()> {
        let events = match &mut self.events {
            Some(w) => w,
            None => self.events.insert(self.ws.event_writer(false)?),
        };
        let cluster = self
            .miner
            .ingest_event(&event.message, event.timestamp_ms)
            .0;
        let stored = StoredEvent {
            seq: events.next_seq(),
            timestamp_ms: event.timestamp_ms,
            log_group: event.log_group.or_else(|| self.default_group.clone()),
            log_stream: event.log_stream,
            level: level_of(&event.message),
            cluster,
            message: event.message,
        };
        events.append(&stored)?;
        self.writer
            .add_document(schema::document(&self.fields, &stored))?;
        Ok(())
    }

    /// Commits the events added since the last commit, with the templates of every event in
    /// the workspace. `record` describes the import; with `replaces`, it takes the place of
    /// that earlier record (see [`Workspace::commit_replacing`]).
    pub fn commit(&mut self, record: ImportRecord, replaces: Option<usize>) -> Result<Commit> {
        let events = match self.events.take() {
            Some(w) => w,
            None => self.ws.event_writer(false)?,
        };
        let templates =
            TemplateMap::from_snapshot(&self.miner.snapshot(), self.miner.cluster_count());
        let generation = self.ws.manifest().generation + 1;
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&generation.to_string());
        commit.commit()?;
        lognoise_workspace::make_tree_private(&self.ws.index_dir())?;
        let template_count = templates.templates().len();
        let slot = replaces.filter(|&i| i < self.ws.manifest().imports.len());
        self.ws.commit_replacing(events, templates, record, slot)?;
        self.pending = 0;
        Ok(Commit {
            generation,
            record: slot.unwrap_or(self.ws.manifest().imports.len() - 1),
            total_events: self.ws.manifest().events,
            templates: template_count,
        })
    }

    /// Waits for the index's background merges; events added since the last commit are
    /// dropped.
    pub fn finish(self) -> Result<()> {
        let StreamingImport { writer, .. } = self;
        writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Feeds the stored events to `miner`; false when an event lands in another cluster than the
/// one stored with it.
fn replay(ws: &Workspace, miner: &mut Miner) -> Result<bool> {
    for stored in ws.events()? {
        let e = stored?;
        if miner.ingest_event(&e.message, e.timestamp_ms).0 != e.cluster {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The generation the index was last committed at (0 for a new index).
pub(crate) fn index_generation(index: &Index) -> Result<u64> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0))
}

/// Brings the index back in step with the manifest after a killed import (documents of events
/// the manifest does not list are deleted). False when the index cannot be brought in step
/// (it is behind, or was lost) and must be rebuilt from the stored events.
fn trim_index(
    index: &Index,
    writer: &mut IndexWriter,
    fields: &Fields,
    ws: &Workspace,
) -> Result<bool> {
    let manifest = ws.manifest();
    let generation = index_generation(index)?;
    if generation > manifest.generation {
        writer.delete_query(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_u64(fields.seq, manifest.events)),
            Bound::Unbounded,
        )))?;
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&manifest.generation.to_string());
        commit.commit()?;
    } else if generation < manifest.generation {
        return Ok(false);
    }
    let reader = index.reader()?;
    Ok(reader.searcher().num_docs() == manifest.events)
}

fn display_path(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        p.display().to_string()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Indexes the events of `paths` into a new tantivy index at `dir` with the workspace's schema,
/// tokenizers and writer settings, and nothing else: no mining, no level, no stored events, no
/// templates. This is the reference the import benchmark measures [`import`] against. Returns
/// the documents indexed.
pub fn index_without_mining(dir: &Path, paths: &[PathBuf]) -> Result<u64> {
    lognoise_workspace::create_private_dir(dir)?;
    let mut index = Index::create_in_dir(dir, schema::schema().0)?;
    index.set_tokenizers(schema::tokenizers(false));
    let fields = Fields::of(&index.schema())?;
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    let mut seq = 0u64;
    let mut failure = None;
    for path in paths {
        let mut on_event = |event: Event| {
            if failure.is_some() {
                return;
            }
            let stored = StoredEvent {
                seq,
                timestamp_ms: event.timestamp_ms,
                log_group: event.log_group,
                log_stream: event.log_stream,
                level: None,
                cluster: 0,
                message: event.message,
            };
            seq += 1;
            if let Err(e) = writer.add_document(schema::document(&fields, &stored)) {
                failure = Some(e);
            }
        };
        lognoise_source::read_path(path, Arc::new(AtomicU64::new(0)), &mut on_event)?;
        if let Some(e) = failure.take() {
            return Err(e.into());
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(seq)
}
