//! Samples of CloudWatch Logs pulled into a lognoise workspace.
//!
//! - [`CloudWatch::connect`] finds credentials and region the way the AWS CLI does (and never
//!   stores credentials); [`CloudWatch::groups`] lists log groups with their size.
//! - [`CloudWatch::pull`] takes a sample of N events spread over a time window: the window is cut
//!   into slices read concurrently under a rate limiter that backs off when CloudWatch
//!   throttles; events are mined and indexed as they arrive and committed in batches with the
//!   slices' positions, so a stopped pull keeps what it pulled and the same pull resumes.
//!   Events are told apart by their CloudWatch event id, so none is imported twice.
//! - [`profiles`] lists the profile names of the AWS config files, for a profile picker.
//! - [`CloudWatch::dependents`] reads what reads the log groups (metric filters, the alarms
//!   on their metrics, subscription filters), for `lognoise-dependents` to evaluate.
//! - [`Via::Insights`] reads the same sample through Logs Insights queries;
//!   [`CloudWatch::pull_patterns`] lets Logs Insights mine patterns server-side.
//!
//! Every error is one sentence saying what to do ([`Error`]).
//!
//! ```no_run
//! use lognoise_cloudwatch::{Cancel, CloudWatch, ConnectOptions, PullRequest, Via};
//! use lognoise_workspace::Workspace;
//! let cw = CloudWatch::connect(&ConnectOptions::default())?;
//! let mut ws = Workspace::open_or_create(std::path::Path::new("ws"))?;
//! let now = 1_772_409_600_000;
//! let request = PullRequest {
//!     key: "/ecs/web 24h".into(),
//!     groups: vec!["/ecs/web".into()],
//!     window_start_ms: now - 86_400_000,
//!     window_end_ms: now,
//!     filter: None,
//!     sample: 10_000,
//!     via: Via::FilterLogEvents,
//!     slices: None,
//!     concurrency: 4,
//!     batch_events: 5_000,
//! };
//! let report = cw.pull(&mut ws, &request, &Cancel::new(), &mut |_| {})?;
//! println!("{} events", report.events);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod account_policies;
mod client;
mod cross_check;
mod dashboards;
mod dependents;
mod error;
mod groups;
mod insights;
mod limiter;
mod patterns;
mod probe;
mod profiles;
mod pull;
mod request;
mod scans;
mod state;
#[cfg(feature = "testing")]
pub mod testing;

pub use client::{CloudWatch, ConnectOptions};
pub use cross_check::DependentsRead;
pub use error::{Error, Result};
pub use groups::LogGroup;
pub use insights::MAX_QUERY_ROWS;
pub use patterns::{Pattern, PatternSet, PATTERNS_SCHEMA};
pub use profiles::{profiles, AwsProfile, AwsProfiles};
pub use pull::{Cancel, PullProgress, PullReport, PullRequest, Via, MAX_PAGE_EVENTS};
pub use request::{
    check_group_name, check_region, PullSpec, RequestError, RequestField, TimeSpec,
    DEFAULT_BATCH_EVENTS, DEFAULT_CONCURRENCY, MAX_FILTER, MAX_GROUPS, MAX_SAMPLE,
    MAX_WINDOW_MINUTES, REGIONS,
};
