//! Errors of the rules crate.

use std::path::PathBuf;

/// What went wrong while building, reading or exporting rules.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no rules file where one was named.
    #[error(
        "no rules file at {}: check the path, or make one with \
         `lognoise rules generate --session NAME --output FILE`",
        path.display()
    )]
    NotFound {
        /// The path named.
        path: PathBuf,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not JSON of the rules format.
    #[error(
        "{} is not a lognoise rules file ({source}): make one with `lognoise rules generate`",
        path.display()
    )]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the JSON reader said.
        source: serde_json::Error,
    },
    /// The file names a schema this build does not read.
    #[error(
        "{} has schema {found:?}, and this lognoise reads {expected:?}: regenerate it with \
         `lognoise rules generate` or upgrade lognoise",
        path.display(),
        expected = crate::SCHEMA
    )]
    Schema {
        /// The file.
        path: PathBuf,
        /// The schema it names.
        found: String,
    },
    /// A rule's pattern does not compile or leaves the portable subset.
    #[error("rule {rule}: pattern {pattern:?} cannot be used: {reason}")]
    Pattern {
        /// The rule id.
        rule: String,
        /// Its pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
    /// A rule keeps a share of lines that is not one in two or more.
    #[error(
        "rule {rule}: keep_one_in is {value}; it must be 2 or more (one line kept in that many), \
         or absent to drop every line"
    )]
    KeepOneIn {
        /// The rule id.
        rule: String,
        /// The value found.
        value: u32,
    },
    /// A session gives no rule to write: it marks no template noise.
    #[error("session `{session}` marks no template noise")]
    NoNoise {
        /// The session's name.
        session: String,
    },
    /// The earlier meeting's workspace holds no session whose rules could be checked.
    #[error("{} holds no review session: choose the workspace of the earlier meeting", path.display())]
    NoEarlierSession {
        /// The workspace.
        path: PathBuf,
    },
    /// Two rules share an id.
    #[error("two rules have the id {0}: ids must be unique, remove or rename one")]
    DuplicateRule(String),
    /// A template cannot give a rule.
    #[error(transparent)]
    Template(#[from] crate::pattern::UnboundedTemplate),
    /// The workspace could not be read or written.
    #[error(transparent)]
    Workspace(#[from] lognoise_workspace::Error),
    /// The review session could not be read.
    #[error(transparent)]
    Session(#[from] lognoise_session::Error),
    /// A CloudWatch agent configuration could not take the filters.
    #[error(
        "the CloudWatch agent configuration cannot take the filters: {reason}; pass the agent's \
         JSON configuration file (amazon-cloudwatch-agent.json), or merge the filters file by hand"
    )]
    AgentConfig {
        /// What is wrong with the file.
        reason: String,
    },
    /// The user's CloudWatch agent configuration could not be read.
    #[error(
        "cannot read the CloudWatch agent configuration {}: {source}; choose the agent's JSON \
         configuration file (amazon-cloudwatch-agent.json)",
        path.display()
    )]
    AgentConfigRead {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The deploy folder could not be made.
    #[error("cannot write into the folder {}: {source}; choose a folder you can write to", path.display())]
    DeployFolder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Files the deploy would write are already in the folder, and lognoise did not write them.
    #[error(
        "{} already holds {}, which lognoise did not write: choose an empty folder, or move \
         {} out of it",
        dir.display(),
        files.join(", "),
        if files.len() == 1 { "that file" } else { "those files" }
    )]
    DeployOverwrite {
        /// The folder.
        dir: PathBuf,
        /// The files in the way.
        files: Vec<String>,
    },
    /// A deploy plan named a file outside its folder.
    #[error("the deploy plan names the file {name:?}, which is not a plain file name: report this as a bug")]
    DeployFileName {
        /// The name.
        name: String,
    },
    /// What reads the workspace's log groups could not be read.
    #[error(transparent)]
    Dependents(#[from] lognoise_dependents::StoreError),
    /// Rules could not be turned into a matcher.
    #[error("the rules could not be compiled together ({0}): split the rules file in two")]
    Matcher(String),
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
