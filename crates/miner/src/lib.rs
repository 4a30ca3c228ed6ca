//! The lognoise template miner: turns log lines into templates such as
//! `Order <*> persisted in <*> ms`, with volume and variable statistics per template.
//!
//! The data path, top to bottom:
//! 1. [`scan`] splits a line into tokens and pieces; [`recognise`] tells which pieces are
//!    variables (numbers, ids, addresses, times, paths...) or weak candidates (words with digits).
//! 2. [`cluster`] groups lines of one exact shape with a hash lookup and keeps bounded
//!    statistics per cluster.
//! 3. [`merge`] joins clusters that differ by one word surrounded by enough constant words, and
//!    `render` turns each group into a [`Template`] with a stable [`TemplateId`].
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

pub mod cluster;
pub mod header;
pub mod headline;
pub mod merge;
mod miner;
pub mod recognise;
mod render;
pub mod scan;
pub mod stats;
pub mod structured;
mod template;

pub use merge::MergeConfig;
pub use miner::{ClusterId, Miner, MinerConfig, Snapshot};
pub use template::{
    ParseTemplateIdError, Template, TemplateId, ValueCount, VariableSummary, WILDCARD,
};
