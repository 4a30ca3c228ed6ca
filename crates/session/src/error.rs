//! Errors of review sessions.

use lognoise_miner::TemplateId;
use std::path::PathBuf;

/// What went wrong with a session.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The workspace could not be read.
    #[error(transparent)]
    Workspace(#[from] lognoise_workspace::Error),
    /// The workspace's index could not be read.
    #[error(transparent)]
    Index(#[from] lognoise_index::Error),
    /// A session file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A session file is not a session.
    #[error("{} is not a readable session file ({message}): restore it from git or a backup", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A session file written by a newer lognoise.
    #[error("{} was written by a newer lognoise (schema {found}; this lognoise reads {supported}): upgrade lognoise to open it", path.display())]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema.
        found: String,
        /// The schema this build reads.
        supported: &'static str,
    },
    /// No session of that name.
    #[error("no session named `{name}` in {}: `lognoise session list` shows the sessions", workspace.display())]
    NoSuchSession {
        /// The name asked for.
        name: String,
        /// The workspace folder.
        workspace: PathBuf,
    },
    /// A session of that name exists.
    #[error("a session named `{name}` already exists ({}): choose another name", path.display())]
    SessionExists {
        /// The name.
        name: String,
        /// Its file.
        path: PathBuf,
    },
    /// A name that gives no file name.
    #[error("`{0}` cannot name a session: use letters or digits")]
    BadName(String),
    /// Not a verdict.
    #[error("`{0}` is not a verdict: use noise, keep, signal or undecided")]
    BadVerdict(String),
    /// The record of what reads the log groups could not be read.
    #[error(transparent)]
    Dependents(#[from] lognoise_dependents::StoreError),
    /// The sampled lines could not be read to evaluate what reads them.
    #[error(transparent)]
    Readers(#[from] lognoise_dependents::EvaluateError),
    /// Not a drop rate.
    #[error(
        "`{0}` is not a drop rate: write all, 1 in 100 (keep one line in a hundred, 2 to 1000000) \
         or a share kept of at most 50%, such as 1%"
    )]
    BadDropRate(String),
    /// A price that is not a price.
    #[error("{0} is not a price per GB: give a number of dollars of 0 or more, such as 0.50")]
    BadPrice(f64),
    /// The template is not one the session can decide.
    #[error(
        "template {0} is not in this session's sample: `lognoise session show` lists its templates"
    )]
    UnknownTemplate(TemplateId),
    /// The template is a member of a merge; decisions are made about the merge.
    #[error("template {member} is merged into {into}: decide {into} instead")]
    MergedMember {
        /// The template asked about.
        member: TemplateId,
        /// The merge it belongs to.
        into: TemplateId,
    },
    /// A merge or split that cannot be made.
    #[error("{0}")]
    Refused(String),
    /// The workspace holds nothing to review.
    #[error("{} holds no templates yet: import logs first with `lognoise import FILE`", path.display())]
    EmptyWorkspace {
        /// The workspace folder.
        path: PathBuf,
    },
}

impl Error {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn damaged(path: &std::path::Path, message: impl ToString) -> Error {
        Error::Damaged {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}

/// `Result` of this crate.
pub type Result<T> = std::result::Result<T, Error>;
