//! Errors of the workspace.

use std::path::PathBuf;

/// What went wrong with a workspace.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The folder holds no workspace.
    #[error("{} is not a lognoise workspace{}", path.display(), if *non_empty {
        " (the folder is not empty and has no workspace.json): choose another folder with --workspace"
    } else {
        ": import logs into it first with `lognoise import FILE --workspace DIR`"
    })]
    NotAWorkspace {
        /// The folder.
        path: PathBuf,
        /// Whether it holds other files.
        non_empty: bool,
    },
    /// The workspace was written by a newer lognoise.
    #[error(
        "{} was written by a newer lognoise (workspace format {found}; this lognoise reads up to \
         format {supported}): upgrade lognoise to open it, or use another folder with --workspace",
        path.display()
    )]
    NewerFormat {
        /// The workspace folder.
        path: PathBuf,
        /// Format version in its manifest.
        found: u32,
        /// Newest format this build reads.
        supported: u32,
    },
    /// A workspace file is not what its name says.
    #[error("{} is damaged: {message}", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A sample description file (what imported files are a sample of) cannot be used.
    #[error("{}: {message}; fix the sample description (its format is in the README's Import section)", path.display())]
    BadSampleDescription {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No home folder to put the default workspace in.
    #[error("no home folder found for the default workspace: pass --workspace DIR")]
    NoHome,
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
