//! The templates of a workspace with their volume and a count series over time.

use crate::collect::{Buckets, EventStats};
use crate::search::SearchIndex;
use crate::Result;
use lognoise_miner::{Template, TemplateId, ValueCount};
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::sync::Arc;

/// Schema name of the JSON `lognoise templates --json` prints.
pub const TEMPLATES_REPORT_SCHEMA: &str = "lognoise.workspace-templates-report/v1";

/// The templates of a workspace.
#[derive(Clone, Debug, Serialize)]
pub struct TemplatesReport {
    /// See [`TEMPLATES_REPORT_SCHEMA`].
    pub schema: &'static str,
    /// Events in the workspace.
    pub events: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Start of the first bucket of every `series` (ms since the Unix epoch); `None` when no
    /// event has a time.
    pub series_start_ms: Option<i64>,
    /// Width of each bucket in ms.
    pub series_bucket_ms: Option<i64>,
    /// Templates, most events first.
    pub templates: Vec<TemplateRow>,
}

/// One template.
#[derive(Clone, Debug, Serialize)]
pub struct TemplateRow {
    /// Stable id (16 hex digits).
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// Events.
    pub count: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Share of the workspace's events, 0 to 1.
    pub share: f64,
    /// Earliest event time.
    pub first_seen: Option<i64>,
    /// Latest event time.
    pub last_seen: Option<i64>,
    /// Levels seen, most frequent first.
    pub levels: Vec<ValueCount>,
    /// A few example lines.
    pub examples: Vec<String>,
    /// Events per time bucket (empty when no event has a time).
    pub series: Vec<u64>,
}

impl SearchIndex {
    /// The workspace's templates, with `buckets` time buckets over its whole time range.
    pub fn templates(&self, ws: &Workspace, buckets: usize) -> Result<TemplatesReport> {
        let map = ws.templates();
        let buckets = ws
            .manifest()
            .time_range
            .map(|(s, e)| Buckets::covering(s, e, buckets));
        let stats = EventStats {
            limit: 0,
            buckets,
            cluster_template: Arc::from(map.cluster_templates()),
            templates: map.templates().len(),
            template_series: true,
            level_facets: None,
            template_bytes: false,
        };
        let gathered = self.run(ws, &stats)?;
        let events = ws.manifest().events;
        let width = buckets.map_or(0, |b| b.count);
        let rows = map
            .templates()
            .iter()
            .enumerate()
            .map(|(i, t)| row(t, events, gathered.series.get(i * width..(i + 1) * width)))
            .collect();
        Ok(TemplatesReport {
            schema: TEMPLATES_REPORT_SCHEMA,
            events,
            bytes: ws.manifest().bytes,
            series_start_ms: buckets.map(|b| b.start_ms),
            series_bucket_ms: buckets.map(|b| b.width_ms),
            templates: rows,
        })
    }
}

fn row(t: &Template, events: u64, series: Option<&[u64]>) -> TemplateRow {
    TemplateRow {
        id: t.id,
        text: t.text.clone(),
        count: t.count,
        bytes: t.bytes,
        share: if events == 0 {
            0.0
        } else {
            t.count as f64 / events as f64
        },
        first_seen: t.first_seen,
        last_seen: t.last_seen,
        levels: t.levels.clone(),
        examples: t.examples.clone(),
        series: series.map(<[u64]>::to_vec).unwrap_or_default(),
    }
}

/// The templates of a workspace (opening its index).
pub fn templates(ws: &Workspace, buckets: usize) -> Result<TemplatesReport> {
    SearchIndex::open(ws)?.templates(ws, buckets)
}
