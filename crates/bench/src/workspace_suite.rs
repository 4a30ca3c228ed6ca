//! The workspace suites: `import` (raw lines mined, stored and indexed into a new workspace,
//! next to tantivy indexing the same lines with no mining) and `query` (a term query with
//! counts per template and a 60-bucket histogram on that workspace, many times).

use crate::report::aligned;
use crate::stats::{ratio, Spread};
use anyhow::{bail, Context, Result};
use lognoise_index::{
    import, index_without_mining, ImportOptions, SearchIndex, SearchRequest, DEFAULT_BUCKETS,
};
use lognoise_workspace::Workspace;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One timed import of the corpus.
#[derive(Clone, Debug, Serialize)]
pub struct ImportRun {
    /// Wall time from opening the target to the committed index.
    pub seconds: f64,
    /// Events (documents) written.
    pub events: u64,
    /// Bytes of the index folder afterwards.
    pub index_bytes: u64,
    /// Bytes of the whole target folder (for a workspace: index, events, templates).
    pub total_bytes: u64,
    /// Templates in the workspace (0 for plain indexing).
    pub templates: u64,
}

/// The figures of one side of the import suite.
#[derive(Clone, Debug, Serialize)]
pub struct ImportSummary {
    /// `lognoise-import` or `tantivy-only`.
    pub contender: &'static str,
    /// Seconds per run.
    pub seconds: Option<Spread>,
    /// Lines per second.
    pub lines_per_s: Option<Spread>,
    /// Median lines/s over the median of plain tantivy indexing.
    pub vs_tantivy: Option<f64>,
    /// Median bytes of the index on disk.
    pub index_bytes: Option<f64>,
    /// Median bytes of everything written.
    pub total_bytes: Option<f64>,
    /// Every run.
    pub samples: Vec<ImportRun>,
}

/// Runs the import suite: `runs` rounds, each importing the corpus into a new workspace and
/// indexing it with tantivy alone, in alternating order. The workspace of the last round is
/// kept at `keep` when given.
pub fn import_suite(
    corpus: &Path,
    lines: u64,
    runs: u64,
    scratch: &Path,
    keep: Option<&Path>,
) -> Result<Vec<ImportSummary>> {
    let mut ours = Vec::new();
    let mut plain = Vec::new();
    for round in 0..runs {
        let last = round + 1 == runs;
        for k in 0..2 {
            if (round + k) % 2 == 0 {
                let dir = match (last, keep) {
                    (true, Some(keep)) => keep.to_path_buf(),
                    _ => scratch.join(format!("workspace-{round}")),
                };
                let run = import_once(corpus, &dir)?;
                if !(last && keep.is_some()) {
                    remove(&dir)?;
                }
                check(run.events, lines, "lognoise import")?;
                eprintln!(
                    "round {}/{runs}  lognoise import  {:>7.3} s  {} templates",
                    round + 1,
                    run.seconds,
                    run.templates
                );
                ours.push(run);
            } else {
                let dir = scratch.join(format!("tantivy-{round}"));
                let run = plain_once(corpus, &dir)?;
                remove(&dir)?;
                check(run.events, lines, "tantivy only")?;
                eprintln!(
                    "round {}/{runs}  tantivy only     {:>7.3} s",
                    round + 1,
                    run.seconds
                );
                plain.push(run);
            }
        }
    }
    let plain = summary("tantivy-only", plain, lines, None);
    let reference = plain.lines_per_s.map(|s| s.median);
    let ours = summary("lognoise-import", ours, lines, reference);
    Ok(vec![ours, plain])
}

fn check(events: u64, lines: u64, what: &str) -> Result<()> {
    if events != lines {
        bail!("{what} wrote {events} events, the corpus has {lines} lines");
    }
    Ok(())
}

fn remove(dir: &Path) -> Result<()> {
    std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))
}

fn import_once(corpus: &Path, dir: &Path) -> Result<ImportRun> {
    let start = Instant::now();
    let mut ws = Workspace::open_or_create(dir)?;
    let report = import(
        &mut ws,
        &[corpus.to_path_buf()],
        &ImportOptions::default(),
        &mut |_| {},
    )?;
    let seconds = start.elapsed().as_secs_f64();
    Ok(ImportRun {
        seconds,
        events: report.events,
        index_bytes: du(&ws.index_dir()),
        total_bytes: du(dir),
        templates: report.templates as u64,
    })
}

fn plain_once(corpus: &Path, dir: &Path) -> Result<ImportRun> {
    let start = Instant::now();
    let events = index_without_mining(dir, &[corpus.to_path_buf()])?;
    let seconds = start.elapsed().as_secs_f64();
    Ok(ImportRun {
        seconds,
        events,
        index_bytes: du(dir),
        total_bytes: du(dir),
        templates: 0,
    })
}

fn summary(
    contender: &'static str,
    samples: Vec<ImportRun>,
    lines: u64,
    reference: Option<f64>,
) -> ImportSummary {
    let seconds: Vec<f64> = samples.iter().map(|r| r.seconds).collect();
    let rates: Vec<f64> = seconds
        .iter()
        .filter(|&&s| s > 0.0)
        .map(|s| lines as f64 / s)
        .collect();
    let lines_per_s = Spread::of(&rates);
    let bytes = |f: fn(&ImportRun) -> u64| {
        Spread::of(&samples.iter().map(|r| f(r) as f64).collect::<Vec<_>>()).map(|s| s.median)
    };
    ImportSummary {
        contender,
        seconds: Spread::of(&seconds),
        lines_per_s,
        vs_tantivy: lines_per_s.and_then(|l| ratio(l.median, reference)),
        index_bytes: bytes(|r| r.index_bytes),
        total_bytes: bytes(|r| r.total_bytes),
        samples,
    }
}

/// Bytes of the files under `path`.
pub fn du(path: &Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| du(&e.path())).sum())
        .unwrap_or(0)
}

/// The import suite as a table.
pub fn import_table(summaries: &[ImportSummary], raw_bytes: u64) -> String {
    let mb = |b: f64| format!("{:.1}", b / 1e6);
    let mut rows = vec![[
        "contender",
        "seconds",
        "min-max",
        "lines/s",
        "vs tantivy",
        "index MB",
        "on disk MB",
        "raw MB",
    ]
    .map(String::from)];
    for s in summaries {
        rows.push([
            s.contender.to_string(),
            s.seconds
                .map_or("n/a".into(), |x| format!("{:.2}", x.median)),
            s.seconds
                .map_or("n/a".into(), |x| format!("{:.2}-{:.2}", x.min, x.max)),
            s.lines_per_s
                .map_or("n/a".into(), |x| format!("{:.0}k", x.median / 1e3)),
            s.vs_tantivy.map_or("n/a".into(), |r| format!("{r:.2}x")),
            s.index_bytes.map_or("n/a".into(), mb),
            s.total_bytes.map_or("n/a".into(), mb),
            mb(raw_bytes as f64),
        ]);
    }
    aligned(&rows)
}

/// What the query suite measured.
#[derive(Clone, Debug, Serialize)]
pub struct QueryReport {
    /// Events in the workspace.
    pub events: u64,
    /// Queries timed.
    pub queries: usize,
    /// Hits asked of each query.
    pub hits: usize,
    /// Latency in ms: median.
    pub median_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
    /// Median matching events per query.
    pub median_total: u64,
    /// Most matching events of one query.
    pub max_total: u64,
    /// Every query: term, ms, matching events.
    pub samples: Vec<QuerySample>,
}

/// One timed query.
#[derive(Clone, Debug, Serialize)]
pub struct QuerySample {
    /// The term searched.
    pub term: String,
    /// Latency of the whole search call.
    pub ms: f64,
    /// Matching events.
    pub total: u64,
    /// Templates with matching events.
    pub templates: usize,
}

/// Runs `queries` term searches on the workspace at `dir` (after a few untimed ones), each
/// asking for `hits` newest hits, counts per template and a 60-bucket histogram, and checks
/// that each answer's counts add up.
pub fn query_suite(dir: &Path, queries: usize, hits: usize) -> Result<QueryReport> {
    let ws = Workspace::open(dir)?;
    let index = SearchIndex::open(&ws)?;
    let terms = common_terms(&ws, queries);
    if terms.is_empty() {
        bail!("the workspace has no constant words to search for");
    }
    let request = |term: &str| SearchRequest {
        query: term.to_string(),
        limit: hits,
        buckets: DEFAULT_BUCKETS,
        ..SearchRequest::default()
    };
    for term in terms.iter().take(5) {
        index.search(&ws, &request(term))?;
    }
    let mut samples = Vec::with_capacity(queries);
    for term in terms.iter().cycle().take(queries) {
        let start = Instant::now();
        let r = index.search(&ws, &request(term))?;
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let per_template: u64 = r.templates.iter().map(|t| t.count).sum();
        if per_template != r.total {
            bail!(
                "`{term}`: {} events match but the templates count {per_template}",
                r.total
            );
        }
        if let Some(h) = &r.histogram {
            let in_buckets: u64 = h.counts.iter().sum::<u64>() + h.untimed;
            if h.counts.len() != DEFAULT_BUCKETS || in_buckets != r.total {
                bail!(
                    "`{term}`: {} events match but the {} buckets count {in_buckets}",
                    r.total,
                    h.counts.len()
                );
            }
        }
        if r.hits.len() as u64 != r.total.min(hits as u64) {
            bail!("`{term}`: {} hits for {} matches", r.hits.len(), r.total);
        }
        samples.push(QuerySample {
            term: term.clone(),
            ms,
            total: r.total,
            templates: r.templates.len(),
        });
    }
    let mut ms: Vec<f64> = samples.iter().map(|s| s.ms).collect();
    ms.sort_by(f64::total_cmp);
    let mut totals: Vec<u64> = samples.iter().map(|s| s.total).collect();
    totals.sort_unstable();
    Ok(QueryReport {
        events: ws.manifest().events,
        queries: samples.len(),
        hits,
        median_ms: percentile(&ms, 0.5),
        p90_ms: percentile(&ms, 0.9),
        p99_ms: percentile(&ms, 0.99),
        max_ms: ms.last().copied().unwrap_or(0.0),
        median_total: totals.get(totals.len() / 2).copied().unwrap_or(0),
        max_total: totals.last().copied().unwrap_or(0),
        samples,
    })
}

/// The value below which a share `q` of the sorted values lie (nearest rank).
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Up to `n` distinct words of the workspace's templates (letters only, three or more), the
/// words of the biggest templates first: common terms, from words most events have to words
/// of a few thousand events.
fn common_terms(ws: &Workspace, n: usize) -> Vec<String> {
    let mut weight: FxHashMap<String, u64> = FxHashMap::default();
    for t in ws.templates().templates() {
        for word in t.text.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 3 {
                *weight.entry(word.to_ascii_lowercase()).or_default() += t.count;
            }
        }
    }
    let mut words: Vec<(String, u64)> = weight.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Tantivy's query syntax gives these words a meaning of their own.
    words.retain(|(w, _)| !matches!(w.as_str(), "and" | "not"));
    words.into_iter().take(n).map(|(w, _)| w).collect()
}

/// The query suite as text.
pub fn query_table(r: &QueryReport) -> String {
    let rows = vec![
        [
            "queries",
            "hits",
            "median ms",
            "p90 ms",
            "p99 ms",
            "max ms",
            "matches",
        ]
        .map(String::from),
        [
            r.queries.to_string(),
            r.hits.to_string(),
            format!("{:.2}", r.median_ms),
            format!("{:.2}", r.p90_ms),
            format!("{:.2}", r.p99_ms),
            format!("{:.2}", r.max_ms),
            format!("median {}, max {}", r.median_total, r.max_total),
        ],
    ];
    aligned(&rows)
}

/// Where a kept workspace goes when none is named: inside the scratch folder.
pub fn scratch_workspace(scratch: &Path) -> PathBuf {
    scratch.join("workspace")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=200).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 100.0);
        assert_eq!(percentile(&v, 0.99), 198.0);
        assert_eq!(percentile(&[3.0], 0.99), 3.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
