//! One log event as read from a source.

use serde::{Deserialize, Serialize};

/// One log event: its message and what the source said about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Event time in milliseconds since the Unix epoch, when the source gave one.
    pub timestamp_ms: Option<i64>,
    /// CloudWatch log group, when the source named it.
    pub log_group: Option<String>,
    /// CloudWatch log stream, when the source named it.
    pub log_stream: Option<String>,
    /// The message (the raw line for plain text).
    pub message: String,
}
