//! Review sessions: what a graph-club meeting looked at, what it decided about each template,
//! and what that saves.
//!
//! A [`Session`] belongs to a workspace and lives in `<workspace>/sessions/<slug>.json`, a
//! plain, versioned JSON document (`lognoise.session/v1`) with a stable key order, meant to be
//! committed to git next to the rules it yields. Every change is saved at once, atomically
//! ([`SessionFile`]): a crash never loses a decision already made and never leaves a
//! half-written file.
//!
//! - [`SessionFile::create`] takes the workspace's sample (log groups, window, sampling ratio)
//!   and its templates, and carries decisions over from earlier sessions ([`carry`]).
//! - [`queue`] orders the templates for review: by monthly cost, volume, growth against the
//!   previous session, or new templates first, showing merged and split templates as decided.
//! - [`summary`] gives the meeting's outcome, [`MeetingSummary::to_markdown`] the notes to paste.
//!
//! ```
//! use lognoise_index::{import, ImportOptions};
//! use lognoise_session::{queue, DecisionInput, NewSession, QueueOrder, SessionFile, Verdict};
//! use lognoise_workspace::Workspace;
//! let dir = tempfile::tempdir().unwrap();
//! let log = dir.path().join("app.log");
//! std::fs::write(&log, "GET /health 200\nGET /health 200\nPayment declined for order 7\n").unwrap();
//! let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
//! import(&mut ws, &[log], &ImportOptions::default(), &mut |_| {}).unwrap();
//! let mut file = SessionFile::create(&ws, NewSession { name: "weekly".into(), ..Default::default() }).unwrap();
//! let rows = queue(&ws, file.session(), QueueOrder::Volume).unwrap();
//! assert_eq!(rows[0].text, "GET /health <*>");
//! file.decide(rows[0].id, DecisionInput { verdict: Some(Verdict::Noise), ..Default::default() }).unwrap();
//! let again = SessionFile::open(file.path()).unwrap();
//! assert_eq!(again.session().verdict_of(rows[0].id), Some(Verdict::Noise));
//! ```

pub mod carry;
pub mod cost;
pub mod curate;
mod error;
mod format;
mod model;
mod queue;
mod readers;
mod render;
mod sample;
mod store;
mod suggest;
mod summary;

pub use cost::{
    monthly_cost, retention_months, BilledPrices, CostBasis, GroupBytes, GroupPrice,
    DEFAULT_INFREQUENT_ACCESS_PRICE_PER_GB_USD, DEFAULT_INSIGHTS_PRICE_PER_GB_USD,
    DEFAULT_PRICE_PER_GB_USD, DEFAULT_STORAGE_PRICE_PER_GB_MONTH_USD, GB, MONTH_MS,
    NEVER_EXPIRES_HORIZON_MONTHS,
};
pub use curate::{check_labels, label_key};
pub use error::{Error, Result};
pub use lognoise_dependents::ReaderKind;
pub use lognoise_miner::TemplateId;
pub use lognoise_workspace::{LogClass, Retention};
pub use model::{
    CarriedOver, CarryMatch, DecidedTemplate, Decision, DropRate, GroupBilling, Merge,
    SeenTemplate, Session, SessionSample, Split, SplitPart, Verdict, SESSION_SCHEMA,
};
pub use queue::{queue, queue_with_index, QueueOrder, QueueRow, RowKind};
pub use readers::{QueueReaders, RowReader};
pub use store::{
    default_user, from_json, list_sessions, sessions_dir, slug, to_json, DecisionInput, NewSession,
    SessionFile, SessionInfo, FIRST_SESSION, SESSIONS_DIR,
};
pub use suggest::{
    is_accepted_suggestion, suggest, suggest_all, suggestion_for, Reason, ReasonKind, Suggestion,
    SUGGESTED_NOTE_PREFIX,
};
pub use summary::{
    amount as format_usd, cell as markdown_cell, code as markdown_code, summary,
    volume as format_volume, MeetingSummary, OwnerSaving, SummaryRow,
};
