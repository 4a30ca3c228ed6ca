//! The online miner: lines in, cluster ids out, templates on demand.

use crate::cluster::{build_key, Cluster};
use crate::merge::{self, MergeConfig};
use crate::render;
use crate::scan::{Piece, PieceKind, ScannedLine, Token};
use crate::template::{Template, TemplateId};
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Settings of a [`Miner`]. `MinerConfig::default()` is the one configuration lognoise is
/// measured with and ships; there is nothing to tune per log format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinerConfig {
    /// Most distinct line shapes kept. Past it, lines of new shapes are counted in one catch-all
    /// template per word count, so memory stays bounded on any input.
    pub max_clusters: usize,
    /// How clusters that differ by one word are joined.
    pub merge: MergeConfig,
}

impl Default for MinerConfig {
    fn default() -> Self {
        MinerConfig {
            max_clusters: 200_000,
            merge: MergeConfig::default(),
        }
    }
}

/// Identifies the exact-shape cluster a line went to. Clusters never change once made; which
/// template a cluster belongs to is answered by a [`Snapshot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClusterId(pub u32);

/// Lines whose shape is new once `max_clusters` is reached go to one catch-all cluster per word
/// count, up to this many words.
const OVERFLOW_MAX_WORDS: usize = 64;

/// Mines templates from a stream of log lines.
///
/// ```
/// use lognoise_miner::{Miner, MinerConfig};
/// let mut miner = Miner::new(MinerConfig::default());
/// for ms in [12, 7, 31] {
///     miner.ingest(&format!("Order ord_{ms}a9f3c1 persisted in {ms} ms"));
/// }
/// let snapshot = miner.snapshot();
/// assert_eq!(snapshot.templates()[0].text, "Order <*> persisted in <*> ms");
/// assert_eq!(snapshot.templates()[0].count, 3);
/// ```
#[derive(Debug)]
pub struct Miner {
    config: MinerConfig,
    /// The shape of the line being ingested by [`Miner::ingest_event`].
    shape: LineShape,
    /// A line's shape read again when it makes a new cluster (see [`Miner::place`]).
    spare: LineShape,
    index: HashMap<Box<[u8]>, ClusterId, FxBuildHasher>,
    clusters: Vec<Cluster>,
    lines: u64,
}

impl Miner {
    /// A miner with no lines yet.
    pub fn new(config: MinerConfig) -> Self {
        Miner {
            config,
            shape: LineShape::default(),
            spare: LineShape::default(),
            index: HashMap::with_hasher(FxBuildHasher),
            clusters: Vec::new(),
            lines: 0,
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &MinerConfig {
        &self.config
    }

    /// Lines ingested so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Exact-shape clusters so far.
    pub fn cluster_count(&self) -> usize {
        self.clusters.len()
    }

    /// Adds a line with no known event time.
    #[inline]
    pub fn ingest(&mut self, line: &str) -> ClusterId {
        self.ingest_event(line, None)
    }

    /// Adds raw bytes; invalid UTF-8 is replaced by U+FFFD rather than rejected, since logs do
    /// carry stray bytes and a line must never be lost for it.
    pub fn ingest_bytes(&mut self, line: &[u8], timestamp_ms: Option<i64>) -> ClusterId {
        // `simdutf8` checks valid text (nearly every line) several bytes a step; only its yes or
        // no is used, invalid lines go through the standard library's lossy decoding.
        match simdutf8::basic::from_utf8(line) {
            Ok(s) => self.ingest_event(s, timestamp_ms),
            Err(_) => {
                let s = String::from_utf8_lossy(line);
                self.ingest_event(&s, timestamp_ms)
            }
        }
    }

    /// Adds a line with its event time (milliseconds since the Unix epoch) when known.
    pub fn ingest_event(&mut self, line: &str, timestamp_ms: Option<i64>) -> ClusterId {
        let mut shape = std::mem::take(&mut self.shape);
        shape.read(line);
        let id = self.place(
            line,
            shape.key(),
            shape.level(),
            shape.pieces(),
            timestamp_ms,
        );
        self.shape = shape;
        id
    }

    /// Puts a line whose shape was read (its key, level and pieces, see [`LineShape`]) into its
    /// cluster: the part of ingesting that reads and changes the miner's state, so it runs in
    /// line order on one thread while the shapes may be read on others.
    ///
    /// A line of a new shape is read again here to make its cluster. That happens once per
    /// shape, a few thousand times in a million lines, and spares the callers handing over
    /// all of every line's scan when only its key and variable pieces are needed.
    pub(crate) fn place(
        &mut self,
        line: &str,
        key: &[u8],
        level: Option<(u32, u32)>,
        pieces: &[Piece],
        timestamp_ms: Option<i64>,
    ) -> ClusterId {
        self.lines += 1;
        if let Some(&id) = self.index.get(key) {
            self.observe(id, line, level, pieces, timestamp_ms);
            return id;
        }
        self.spare.read(line);
        if self.clusters.len() >= self.config.max_clusters {
            self.spare.overflow(line);
        }
        let spare = &self.spare;
        let id = match self.index.get(spare.key()) {
            Some(&id) => id,
            None => {
                let id = ClusterId(self.clusters.len() as u32);
                self.clusters.push(Cluster::new(line, &spare.scanned));
                self.index.insert(spare.key().into(), id);
                id
            }
        };
        let spare = std::mem::take(&mut self.spare);
        self.observe(id, line, spare.level(), spare.pieces(), timestamp_ms);
        self.spare = spare;
        id
    }

    fn observe(
        &mut self,
        id: ClusterId,
        line: &str,
        level: Option<(u32, u32)>,
        pieces: &[Piece],
        timestamp_ms: Option<i64>,
    ) {
        if let Some(c) = self.clusters.get_mut(id.0 as usize) {
            c.observe(line, level, pieces, timestamp_ms);
        }
    }

    /// Joins clusters into templates and renders them. The miner keeps going afterwards; a later
    /// snapshot reflects the lines added since.
    pub fn snapshot(&self) -> Snapshot {
        let mut groups = merge::group(&self.clusters, &self.config.merge);
        let mut members: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for c in 0..self.clusters.len() as u32 {
            members.entry(groups.find(c)).or_default().push(c);
        }
        let mut roots: Vec<u32> = members.keys().copied().collect();
        roots.sort_unstable();
        // Render every group; groups that render to the same text are one template.
        let mut by_text: FxHashMap<String, usize> = FxHashMap::default();
        let mut rendered: Vec<(Vec<u32>, Template)> = Vec::new();
        for root in roots {
            let m = &members[&root];
            let t = render::render(&self.clusters, m);
            match by_text.get(&t.text) {
                Some(&i) => {
                    let mut all = rendered[i].0.clone();
                    all.extend_from_slice(m);
                    all.sort_unstable();
                    let t = render::render(&self.clusters, &all);
                    rendered[i] = (all, t);
                }
                None => {
                    by_text.insert(t.text.clone(), rendered.len());
                    rendered.push((m.clone(), t));
                }
            }
        }
        rendered.sort_by(|a, b| {
            b.1.count
                .cmp(&a.1.count)
                .then_with(|| a.1.text.cmp(&b.1.text))
        });
        let mut cluster_template = vec![0u32; self.clusters.len()];
        let mut templates = Vec::with_capacity(rendered.len());
        for (i, (m, t)) in rendered.into_iter().enumerate() {
            for c in m {
                cluster_template[c as usize] = i as u32;
            }
            templates.push(t);
        }
        Snapshot {
            templates,
            cluster_template,
            lines: self.lines,
        }
    }
}

/// One line's scan and shape key: all the work on a line that reads nothing of the miner's
/// state, so that it can be done on another thread than the clustering
/// ([`Miner::ingest_text_stream`]). Its buffers are reused from line to line.
#[derive(Debug, Default, Clone)]
pub(crate) struct LineShape {
    scanned: ScannedLine,
    key: Vec<u8>,
}

impl LineShape {
    /// Scans `line` and writes its shape key, replacing what the buffers held.
    #[inline]
    pub(crate) fn read(&mut self, line: &str) {
        self.scanned.scan(line);
        build_key(line, &self.scanned, &mut self.key);
    }

    /// The shape key: lines with equal keys are one cluster.
    pub(crate) fn key(&self) -> &[u8] {
        &self.key
    }

    /// The byte range of the level name found in the header.
    pub(crate) fn level(&self) -> Option<(u32, u32)> {
        self.scanned.level
    }

    /// The line's pieces, in order.
    pub(crate) fn pieces(&self) -> &[Piece] {
        &self.scanned.pieces
    }

    /// Replaces the scanned shape by "every word is a variable", capped in length, so that new
    /// shapes past the cluster limit share a handful of catch-all clusters.
    fn overflow(&mut self, line: &str) {
        let tokens: Vec<Token> = self
            .scanned
            .tokens
            .iter()
            .take(OVERFLOW_MAX_WORDS)
            .copied()
            .collect();
        self.scanned.pieces.clear();
        self.scanned.tokens.clear();
        let last = tokens.len().saturating_sub(1);
        for (i, t) in tokens.iter().enumerate() {
            // The last kept word swallows the rest of the line.
            let end = if i == last { line.len() as u32 } else { t.end };
            self.scanned.pieces.push(Piece {
                kind: PieceKind::Variable,
                start: t.start,
                end,
            });
            self.scanned.tokens.push(Token {
                start: t.start,
                end,
                first_piece: i as u32,
                piece_count: 1,
                glued: false,
            });
        }
        build_key(line, &self.scanned, &mut self.key);
        // An escape byte followed by 0xff: no literal text produces it (escapes precede only
        // bytes 0..=3), so no ordinary line can share a catch-all key.
        self.key.extend_from_slice(b"\x03\xff");
    }
}

/// The templates at one point of the stream.
#[derive(Clone, Debug)]
pub struct Snapshot {
    templates: Vec<Template>,
    cluster_template: Vec<u32>,
    lines: u64,
}

impl Snapshot {
    /// Templates, most lines first (ties by text, so the order is deterministic).
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Consumes the snapshot, returning its templates.
    pub fn into_templates(self) -> Vec<Template> {
        self.templates
    }

    /// The template a cluster belongs to.
    pub fn template_of(&self, cluster: ClusterId) -> Option<&Template> {
        self.template_index_of(cluster)
            .and_then(|i| self.templates.get(i))
    }

    /// The position in [`Snapshot::templates`] of the template a cluster belongs to, for callers
    /// that keep something per template (a per-line writer formats each template's row once).
    pub fn template_index_of(&self, cluster: ClusterId) -> Option<usize> {
        let i = *self.cluster_template.get(cluster.0 as usize)? as usize;
        (i < self.templates.len()).then_some(i)
    }

    /// The id of the template a cluster belongs to.
    pub fn template_id_of(&self, cluster: ClusterId) -> Option<TemplateId> {
        self.template_of(cluster).map(|t| t.id)
    }

    /// Lines ingested when the snapshot was taken.
    pub fn lines(&self) -> u64 {
        self.lines
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The levels of JSON and logfmt logs are counted per template like a text log's header level.
    #[test]
    fn json_and_logfmt_levels_are_counted_per_template() {
        let mut miner = Miner::new(MinerConfig::default());
        for (level, ms) in [("info", 12), ("info", 7), ("warn", 900)] {
            miner.ingest(&format!(
                r#"{{"level":"{level}","msg":"Order persisted","latency_ms":{ms}}}"#
            ));
        }
        miner.ingest("2026-03-02T10:15:01Z ERROR Order persisted late");
        miner.ingest(r#"time=2026-03-02T10:15:01Z level=warn msg="cache miss" key=ab12"#);
        let snapshot = miner.snapshot();
        // The level value is constant text of its template, so each level is a template.
        let json: Vec<Vec<(&str, u64)>> = snapshot
            .templates()
            .iter()
            .filter(|t| t.text.starts_with('{'))
            .map(|t| {
                t.levels
                    .iter()
                    .map(|v| (v.value.as_str(), v.count))
                    .collect()
            })
            .collect();
        assert_eq!(json, [vec![("info", 2)], vec![("warn", 1)]]);
        let level_of = |prefix: &str| {
            let t = snapshot
                .templates()
                .iter()
                .find(|t| t.text.starts_with(prefix));
            t.map(|t| t.levels[0].value.clone())
        };
        assert_eq!(level_of("Order").as_deref(), Some("ERROR"));
        assert_eq!(level_of("time=").as_deref(), Some("warn"));
    }
}
