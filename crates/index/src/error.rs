//! Errors of import and search.

use lognoise_miner::TemplateId;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The workspace could not be read or written.
    #[error(transparent)]
    Workspace(#[from] lognoise_workspace::Error),
    /// The index failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// An input file could not be opened or read at all.
    #[error("{0}")]
    Source(#[from] lognoise_source::Error),
    /// Another import holds the workspace.
    #[error("another import is writing to {}: wait for it to finish", path.display())]
    Busy {
        /// The workspace folder.
        path: PathBuf,
    },
    /// Nothing was imported into the workspace yet.
    #[error(
        "{} holds no events yet: import logs first with `lognoise import FILE`",
        path.display()
    )]
    Empty {
        /// The workspace folder.
        path: PathBuf,
    },
    /// The query does not follow the query syntax.
    #[error("invalid query at position {position}: {message}\n  {query}\n  {caret:>width$}",
        caret = "^", width = position + 1)]
    QuerySyntax {
        /// The query.
        query: String,
        /// Character position (from 0) of the problem.
        position: usize,
        /// What was expected there.
        message: String,
    },
    /// The query names a field the index does not have.
    #[error("unknown field `{field}` in the query; fields are {}", known.join(", "))]
    UnknownField {
        /// The field named.
        field: String,
        /// The fields there are.
        known: Vec<String>,
    },
    /// The query is well formed but cannot run.
    #[error(
        "invalid query: {0}; search words, \"phrases\", AND / OR / NOT and `field:value` filters"
    )]
    InvalidQuery(String),
    /// No template has this id in the workspace.
    #[error("no template {0} in this workspace: `lognoise templates` lists them")]
    UnknownTemplate(TemplateId),
}

/// `Result` of this crate.
pub type Result<T> = std::result::Result<T, Error>;
