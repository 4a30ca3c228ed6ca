//! Suppression rules: each template a review marked noise becomes a rule that log shippers run
//! to drop its lines before they are stored.
//!
//! The data path:
//!
//! 1. [`RuleSpec`] (a decision: template, scope, owner, reason, session, date) becomes a
//!    [`Rule`] whose regex is built from the template text ([`pattern`]), in the subset that
//!    Rust `regex`, RE2 and Onigmo read the same ([`portable`]).
//! 2. A [`RuleSet`] is the native rules file (`lognoise.rules/v1`), the input of
//!    `lognoise check` and of every export.
//! 3. [`Matcher`] runs many rules over many lines (one lazy DFA per group of rules, then a
//!    rule's exact regex for the few lines it cannot settle).
//! 4. [`validate`] checks a set against a sample: every rule matches its own template's lines
//!    and no line of a template marked keep or signal.
//! 5. [`export()`] writes the set for Fluent Bit, Vector, the OpenTelemetry Collector, and
//!    CloudWatch Logs (Insights queries, subscription-filter patterns).
//! 6. [`deploy`] places the set where each log group's lines are produced ([`producer`]):
//!    Fluent Bit filters scoped by tag for FireLens and EKS (grep filters, and a lua filter
//!    for the rules keeping one line in N), the CloudWatch agent's `filters`
//!    (merged into the user's agent configuration), a Lambda function's `LoggingConfig`, and
//!    every rule no producer can run, with why.
//!
//! ```
//! use lognoise_miner::TemplateId;
//! use lognoise_rules::{Matcher, RuleSet, RuleSpec};
//!
//! let text = "Order <*> persisted in <*> ms";
//! let spec = RuleSpec {
//!     template_id: TemplateId::of_text(text),
//!     template_text: text.into(),
//!     ..RuleSpec::default()
//! };
//! let set = RuleSet::from_specs(&[spec], Vec::new()).unwrap();
//! let matcher = Matcher::new(&set).unwrap();
//! let line = "2024-03-05T10:11:26.706Z\tac376f35\tINFO\tOrder ord_1 persisted in 42 ms";
//! assert_eq!(matcher.first_match(line, None), Some(0));
//! assert_eq!(matcher.first_match("Order ord_1 failed", None), None);
//! ```

pub mod deploy;
mod error;
pub mod export;
mod matcher;
pub mod pattern;
pub mod portable;
pub mod producer;
mod relaxed;
mod rule;
mod session;
mod validate;
mod verify;
mod verify_report;
mod workspace;

pub use error::{Error, Result};
pub use export::{
    export, export_with, Export, ExportFile, ExportFormat, ExportOptions, NotExpressible,
};
/// The cost model is the session's, so a rule set's saving agrees with the meeting summary.
pub use lognoise_session::{CostBasis, DEFAULT_PRICE_PER_GB_USD};
pub use matcher::Matcher;
pub use rule::{ProtectedTemplate, Rule, RuleSet, RuleSpec, SCHEMA};
pub use session::{rules_from_session, validate_session, SessionRules};
pub use validate::{
    validate, validate_with_readers, Conflict, DependentConflict, RuleReport, SampleLine,
    UnknownReaders, ValidationReport, MAX_EXAMPLES,
};
pub use verify::{
    verify, verify_last_meeting, Leak, MonthlyVolume, OwnerSaving, RuleOutcome, ShrunkTemplate,
    Verification, SHRUNK_BELOW, VERIFICATION_SCHEMA,
};
pub use workspace::validate_workspace;
