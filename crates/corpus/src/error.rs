//! The corpus's one error type.

use std::path::PathBuf;

/// What can go wrong describing or writing the corpus.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A statement names a value kind the generator does not know (a mistake in a table).
    #[error("set {set}: statement {statement:?} names the unknown value kind `{kind}`; use one listed in values.rs")]
    UnknownValue {
        /// The set whose table holds the statement.
        set: String,
        /// The statement's text.
        statement: String,
        /// The unknown name between `${` and `}`.
        kind: String,
    },
    /// A `${` without its closing `}`.
    #[error("set {set}: statement {statement:?} opens `${{` without closing it")]
    UnclosedValue {
        /// The set whose table holds the statement.
        set: String,
        /// The statement's text.
        statement: String,
    },
    /// No set of that name.
    #[error("no format set is named {0:?}; `lognoise-corpus list` prints the names")]
    UnknownSet(String),
    /// The clock ran past what a timestamp can hold (an absurd line count).
    #[error("the generated clock left the range of timestamps; ask for fewer lines")]
    ClockOutOfRange,
    /// Writing a file failed.
    #[error(
        "cannot write {path}: {source}; check that the folder is writable and the disk has room"
    )]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The underlying failure.
        #[source]
        source: std::io::Error,
    },
    /// Writing a CSV row failed.
    #[error(
        "cannot write {path}: {source}; check that the folder is writable and the disk has room"
    )]
    Csv {
        /// The file being written.
        path: PathBuf,
        /// The underlying failure.
        #[source]
        source: csv::Error,
    },
}

/// The corpus's result type.
pub type Result<T> = std::result::Result<T, Error>;
