//! Templates as users see them: text with `<*>` for variables, a stable id, volume and the
//! statistics of each variable.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use xxhash_rust::xxh3::xxh3_64;

/// The placeholder that stands for a variable in template text.
pub const WILDCARD: &str = "<*>";

/// Identifies a template by its text: the same text gets the same id on every run and machine,
/// which is what lets review decisions follow a template from one sample to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateId(pub u64);

impl TemplateId {
    /// The id of a template text (XXH3-64 of its UTF-8 bytes, seed 0).
    pub fn of_text(text: &str) -> Self {
        TemplateId(xxh3_64(text.as_bytes()))
    }
}

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Error for a string that is not 16 hex digits.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "`{0}` is not a template id: expected 16 hexadecimal digits, as printed by `lognoise mine`"
)]
pub struct ParseTemplateIdError(pub String);

impl FromStr for TemplateId {
    type Err = ParseTemplateIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ParseTemplateIdError(s.to_string()));
        }
        u64::from_str_radix(s, 16)
            .map(TemplateId)
            .map_err(|_| ParseTemplateIdError(s.to_string()))
    }
}

impl Serialize for TemplateId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TemplateId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One value of a variable with how often it was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    /// The value text (cut to 256 bytes).
    pub value: String,
    /// Times seen (an upper bound once the variable has more than 8 distinct values).
    pub count: u64,
}

/// What one `<*>` of a template has seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableSummary {
    /// Position of the `<*>` in the template text, counting from 0.
    pub index: usize,
    /// Estimated number of distinct values (exact for small counts, ~3% error above).
    pub distinct_estimate: u64,
    /// Most frequent values, most frequent first.
    pub top_values: Vec<ValueCount>,
}

/// A mined template with its statistics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Stable id, derived from `text`.
    pub id: TemplateId,
    /// Template text, variables as `<*>`, tokens joined by single spaces.
    pub text: String,
    /// Lines assigned to it.
    pub count: u64,
    /// Bytes of those lines.
    pub bytes: u64,
    /// Earliest event time (ms since the Unix epoch), when the events carried times.
    pub first_seen: Option<i64>,
    /// Latest event time.
    pub last_seen: Option<i64>,
    /// The first line seen, then a uniform sample of the others.
    pub examples: Vec<String>,
    /// One summary per `<*>` in `text`, in order.
    pub variables: Vec<VariableSummary>,
    /// Levels read from the lines' headers, most frequent first (empty when lines had none).
    #[serde(default)]
    pub levels: Vec<ValueCount>,
}

impl Template {
    /// Number of `<*>` in the text.
    pub fn variable_count(&self) -> usize {
        self.text.matches(WILDCARD).count()
    }
}
