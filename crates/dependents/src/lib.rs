//! What reads a log group before lognoise drops any of its lines.
//!
//! - [`Dependents`] (module `model`): the metric filters, the alarms on their metrics, the
//!   subscription filters and the Logs Insights queries (saved or run recently) of the sampled
//!   log groups, as `lognoise-cloudwatch` reads them from
//!   the account; kept in the workspace as `dependents.json` (module `store`).
//! - [`evaluate`]: each dependent's pattern run on the sampled events of its group, so every
//!   template knows what reads it ([`Evaluation`]); [`Evaluator`] is the same without I/O.
//!
//! CloudWatch metric filters and subscription filters select the events they read with a
//! *filter pattern*. [`FilterPattern`] is a matcher of that whole language, written to the
//! AWS documentation ("Filter pattern syntax for metric filters, subscription filters, filter
//! log events, and Live Tail"): terms and quoted phrases, `?` alternatives, `-` exclusions,
//! `%regex%`, JSON selectors and space-delimited fields. A pattern is parsed once, with one
//! error per bad pattern saying where and what was expected, and then matched against many
//! messages with no I/O.
//!
//! ```
//! use lognoise_dependents::FilterPattern;
//!
//! let pattern = FilterPattern::parse(r#"{ $.level = "error" && $.latency > 500 }"#).unwrap();
//! assert!(pattern.matches(r#"{"level": "error", "latency": 812}"#));
//! assert!(!pattern.matches(r#"{"level": "info", "latency": 812}"#));
//!
//! let error = FilterPattern::parse("{ $.level = }").unwrap_err();
//! assert_eq!(error.offset(), 12);
//! ```

mod evaluate;
pub mod filter_pattern;
pub mod insights;
mod model;
mod store;

pub use evaluate::{
    cross_check_lines, evaluate, EvaluateError, Evaluation, Evaluator, QueryRuns, ReadBy, Reader,
    ReaderKind, TemplateReaders, UnreadPart, CROSS_CHECK_LINES, READERS_SCHEMA,
};
pub use filter_pattern::{FilterPattern, PatternError, PatternKind};
pub use insights::{InsightsQuery, QueryEvent};
pub use model::{
    Alarm, CrossCheck, DashboardQuery, Dependents, Disagreement, GroupDependents, LogsQuery,
    MetricFilter, MetricTarget, ReaderCounts, SubscriptionFilter, Unread, DEPENDENTS_SCHEMA,
};
pub use store::{StoreError, DEPENDENTS_FILE};
