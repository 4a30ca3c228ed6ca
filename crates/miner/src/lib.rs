//! The lognoise template miner: turns log lines into templates such as
//! `Order <*> persisted in <*> ms`, with volume and variable statistics per template.
//!
//! The data path, top to bottom:
//! 1. `words` splits a line at white space; `header` finds its envelope (time, level, host,
//!    process) and `structured` splits JSON and logfmt messages by field.
//! 2. `scan` splits the message into tokens and pieces; `recognise` tells which pieces are
//!    variables (numbers, ids, addresses, times, paths...) or weak candidates (words with digits).
//! 3. `cluster` groups lines of one exact shape with a hash lookup and keeps bounded
//!    statistics per cluster (`stats`).
//! 4. `merge` joins clusters that are one template, and `render` turns each group into a
//!    [`Template`] with a stable [`TemplateId`].
//!
//! The modules are private: other crates use the [`Miner`], its [`Snapshot`] and templates, and
//! the few line readers re-exported here ([`message_part`], [`level_of_line`], [`level_value`],
//! [`LEVEL_KEYS`], [`headline()`] and its [`Headline`]), so the miner's inside can change
//! without touching them.
//!
//! ```
//! use lognoise_miner::{Miner, MinerConfig};
//! let mut miner = Miner::new(MinerConfig::default());
//! for user in ["cyrus", "root", "news", "alice"] {
//!     miner.ingest(&format!("session closed for user {user}"));
//! }
//! let snapshot = miner.snapshot();
//! assert_eq!(snapshot.templates().len(), 1);
//! assert_eq!(snapshot.templates()[0].text, "session closed for user <*>");
//! ```

mod cluster;
mod header;
mod headline;
mod level;
mod merge;
mod miner;
mod pipeline;
mod recognise;
mod render;
mod scan;
mod stats;
mod structured;
mod template;
mod words;

pub use header::{level_of_line, message_part};
pub use headline::{headline, Headline};
pub use level::{level_value, LEVEL_KEYS};

pub use merge::MergeConfig;
pub use miner::{ClusterId, Miner, MinerConfig, Snapshot};
pub use pipeline::default_scan_threads;
pub use template::{
    ParseTemplateIdError, Template, TemplateId, ValueCount, VariableSummary, WILDCARD,
};
