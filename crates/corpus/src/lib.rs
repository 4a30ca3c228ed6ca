//! A generated corpus of the log formats CloudWatch users ship, each line labelled with the
//! template of the statement that printed it.
//!
//! Each format family (Lambda, Kubernetes, Go, JVM, access logs, databases, ...) is a
//! [`FormatSet`]: a table of log statements written as their constant text with `${kind}` where
//! a value goes. [`generate`] prints a deterministic stream of lines from a seed and
//! [`write_set`] writes it in the Loghub layout the accuracy scorer reads. The truth follows the
//! labelling of the project's reference data: headers are part of the line, a value that varies
//! is one `<*>` whole, HTTP requests are split by method and route, and a word naming one of a
//! few states splits statements.
//!
//! ```
//! let sets = lognoise_corpus::all_sets()?;
//! let lines = lognoise_corpus::generate(&sets[0], 10, 42)?;
//! assert_eq!(lines.len(), 10);
//! # Ok::<(), lognoise_corpus::Error>(())
//! ```

mod clock;
mod error;
mod generate;
mod output;
mod sets;
mod statement;
mod values;
mod words;

pub use error::{Error, Result};
pub use generate::{generate, FormatSet, LabelledLine};
pub use output::{write_set, WrittenSet, TRUTH_HEADER};
pub use sets::all_sets;
pub use statement::{LineShape, Segment, Statement, WILDCARD};
pub use values::Kind;

/// Lines per set unless asked otherwise, as in Loghub-2k.
pub const DEFAULT_LINES: usize = 2_000;
/// The seed the accuracy script generates with.
pub const DEFAULT_SEED: u64 = 17;
