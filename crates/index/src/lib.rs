//! Import, full-text index and search of a lognoise workspace, built on tantivy.
//!
//! - [`import`] reads log files, mines their templates and indexes their events in one pass;
//!   [`StreamingImport`] and [`import_events`] do the same for events from any stream (a pull
//!   from CloudWatch Logs), committed in batches.
//! - [`search`] answers a query with the newest matching events (matched terms marked), the
//!   total, counts per template and per log group, and a time histogram. The command line and
//!   the app make the same call; [`SearchIndex`] keeps the index open between searches.
//! - [`templates`] lists the workspace's templates with a count series over time.
//! - [`nearest_templates`] finds the templates most like a line or another template, so that
//!   decisions about a template can follow it when templates are mined again.
//!
//! Each index document holds an event's message (split by a tokenizer made for logs, see
//! [`LogTokenizer`]), log group, stream, level, time, size and the miner cluster it belongs to.
//! Templates are not written into the index: counts per template are cluster counts mapped
//! through the workspace's templates file, so templates can change without reindexing.
//! Template texts have a small index of their own, built in memory from the templates file
//! ([`TemplateIndex`]).
//!
//! ```
//! use lognoise_index::{import, search, ImportOptions, SearchRequest};
//! use lognoise_workspace::Workspace;
//! let dir = tempfile::tempdir().unwrap();
//! let log = dir.path().join("app.log");
//! std::fs::write(&log, "Order ord_8f3a91 persisted in 12 ms\nOrder ord_77c0e2 persisted in 7 ms\n").unwrap();
//! let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
//! import(&mut ws, &[log], &ImportOptions::default(), &mut |_| {}).unwrap();
//! let found = search(&ws, &SearchRequest { query: "8f3a91".into(), ..Default::default() }).unwrap();
//! assert_eq!(found.total, 1);
//! assert_eq!(found.hits[0].template.as_deref(), Some("Order <*> persisted in <*> ms"));
//! ```

mod collect;
mod error;
mod import;
mod level;
mod nearest;
mod schema;
mod search;
mod templates;
mod tokenizer;

pub use error::{Error, Result};
pub use import::{
    import, import_events, index_without_mining, Commit, ImportOptions, ImportReport, Progress,
    SourceReport, StreamingImport,
};
pub use nearest::{nearest_templates, question_template, NearTemplate, TemplateIndex};
pub use search::{
    level_name, search, GroupCount, Histogram, Hit, LevelCount, SearchIndex, SearchRequest,
    SearchResponse, TemplateCount, TemplateVolume, DEFAULT_BUCKETS,
};
pub use templates::{templates, TemplateRow, TemplatesReport, TEMPLATES_REPORT_SCHEMA};
pub use tokenizer::LogTokenizer;

#[cfg(test)]
mod tests;
