//! What a file of events is a sample of: the time window and what each log group stored in it.
//!
//! A pull from CloudWatch Logs records its sample itself (see [`SampleRecord`]), so that a
//! template's sampled bytes scale up to what the account ingests. Files are taken to be all
//! there is, which is right for a full export and wrong for a sample taken some other way (a
//! few hours of a busy group saved with the AWS CLI, the bundled demo). A *sample description*
//! says what such a file stands for, in a small JSON file a person can write from the console's
//! figures:
//!
//! ```json
//! {
//!   "window": { "start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z" },
//!   "basis": "IncomingBytes of each group over the day, from the CloudWatch console",
//!   "log_groups": [
//!     { "name": "/ecs/web-frontend", "stored_bytes": 19000000000, "log_class": "STANDARD",
//!       "retention_days": 30 },
//!     { "name": "vpc-flow-logs", "stored_bytes": 4000000000, "log_class": "INFREQUENT_ACCESS",
//!       "retention_days": "never" }
//!   ]
//! }
//! ```
//!
//! Times are RFC 3339 or milliseconds since the Unix epoch; `stored_bytes`, `log_class`
//! (CloudWatch's own names, as `DescribeLogGroups` returns them) and `retention_days` (a
//! number of days, or `"never"` for a group whose events never expire) may be left out per
//! group. The archived size of each group's events is measured on the imported events
//! ([`crate::ArchiveMeter`]).

use crate::archive::ArchiveMeasure;
use crate::manifest::SampleRecord;
use crate::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The log class of a group, which sets its ingestion price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LogClass {
    /// The Standard log class.
    Standard,
    /// The Infrequent Access log class (a lower ingestion price, fewer features).
    InfrequentAccess,
}

/// How long a log group keeps its events, which sets how many months each ingested byte is
/// paid for in storage. Written as a number of days, or `"never"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retention {
    /// Events expire after this many days (`retentionInDays`).
    Days(u32),
    /// Events never expire (`DescribeLogGroups` gives no `retentionInDays`).
    NeverExpires,
}

impl Serialize for Retention {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Retention::Days(d) => s.serialize_u32(*d),
            Retention::NeverExpires => s.serialize_str("never"),
        }
    }
}

impl<'de> Deserialize<'de> for Retention {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Retention, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Days(u32),
            Text(String),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Days(0)) => Err(serde::de::Error::custom(
                "retention_days is 0: give the days events are kept (1 or more), or \"never\"",
            )),
            Ok(Raw::Days(days)) => Ok(Retention::Days(days)),
            Ok(Raw::Text(t)) if t.eq_ignore_ascii_case("never") => Ok(Retention::NeverExpires),
            _ => Err(serde::de::Error::custom(
                "retention_days is a number of days, or \"never\" for events that never expire",
            )),
        }
    }
}

/// One log group of a sample: what it stored in the window, when known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSample {
    /// The log group's name.
    pub name: String,
    /// Bytes of messages the group stored in the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_bytes: Option<u64>,
    /// The group's log class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_class: Option<LogClass>,
    /// How long the group keeps its events; `None` when not known (older records, a
    /// description that leaves it out, a listing the policy does not allow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<Retention>,
    /// The archived size of the group's sampled events ([`crate::ArchiveMeter`]), when measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<ArchiveMeasure>,
    /// Bytes Logs Insights queries scan in the group a month, from the query runs CloudWatch
    /// still lists and the statistics of those whose results it still keeps; `None` when not
    /// known (no history readable), 0 when no query ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insights_scanned_bytes_per_month: Option<u64>,
}

/// What a file of events is a sample of, read from a sample description file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleDescription {
    /// Start of the window (ms since the Unix epoch, inclusive).
    pub window_start_ms: i64,
    /// End of the window (ms since the Unix epoch, exclusive).
    pub window_end_ms: i64,
    /// How the stored bytes were found, in words a reviewer can check.
    pub basis: Option<String>,
    /// The log groups sampled.
    pub groups: Vec<GroupSample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DescriptionFile {
    window: WindowFile,
    #[serde(default)]
    basis: Option<String>,
    log_groups: Vec<GroupSample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowFile {
    start: TimeValue,
    end: TimeValue,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TimeValue {
    Millis(i64),
    Text(String),
}

impl TimeValue {
    fn millis(&self) -> std::result::Result<i64, String> {
        match self {
            TimeValue::Millis(ms) => Ok(*ms),
            TimeValue::Text(text) => text
                .parse::<jiff::Timestamp>()
                .map(|t| t.as_millisecond())
                .map_err(|_| {
                    format!("`{text}` is not an RFC 3339 time such as 2026-03-02T00:00:00Z")
                }),
        }
    }
}

impl SampleDescription {
    /// Reads a sample description from the file at `path`.
    pub fn read(path: &Path) -> Result<SampleDescription> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        SampleDescription::parse(&bytes).map_err(|message| Error::BadSampleDescription {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses a sample description, or says what is wrong with it in one sentence.
    pub fn parse(bytes: &[u8]) -> std::result::Result<SampleDescription, String> {
        let file: DescriptionFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let window_start_ms = file.window.start.millis()?;
        let window_end_ms = file.window.end.millis()?;
        if window_end_ms <= window_start_ms {
            return Err("the window's end is not after its start".to_string());
        }
        if file.log_groups.is_empty() {
            return Err("it names no log group".to_string());
        }
        let mut seen = BTreeSet::new();
        for group in &file.log_groups {
            if group.name.trim().is_empty() {
                return Err("a log group has an empty name".to_string());
            }
            if !seen.insert(group.name.as_str()) {
                return Err(format!("log group {} is named twice", group.name));
            }
        }
        Ok(SampleDescription {
            window_start_ms,
            window_end_ms,
            basis: file.basis.filter(|b| !b.trim().is_empty()),
            groups: file.log_groups,
        })
    }

    /// Bytes every group stored in the window, when each group's is known.
    pub fn stored_bytes(&self) -> Option<u64> {
        self.groups
            .iter()
            .map(|g| g.stored_bytes)
            .try_fold(0u64, |sum, b| b.map(|b| sum.saturating_add(b)))
    }

    /// The record of an import of `events` events holding `bytes` message bytes sampled as
    /// this description says.
    pub fn record(&self, events: u64, bytes: u64) -> SampleRecord {
        self.record_measured(events, bytes, &BTreeMap::new())
    }

    /// [`SampleDescription::record`] with the archived size measured of each group's events.
    pub fn record_measured(
        &self,
        events: u64,
        bytes: u64,
        archived: &BTreeMap<String, ArchiveMeasure>,
    ) -> SampleRecord {
        let stored_bytes = self.stored_bytes();
        SampleRecord {
            log_groups: self.groups.iter().map(|g| g.name.clone()).collect(),
            window_start_ms: self.window_start_ms,
            window_end_ms: self.window_end_ms,
            filter: None,
            events,
            bytes,
            stored_bytes,
            stored_bytes_basis: stored_bytes.map(|_| {
                self.basis
                    .clone()
                    .unwrap_or_else(|| "stored bytes per group given with the import".to_string())
            }),
            groups: self
                .groups
                .iter()
                .map(|g| GroupSample {
                    archived: g.archived.or_else(|| archived.get(&g.name).copied()),
                    ..g.clone()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const DAY: &str = r#"{
        "window": { "start": "2026-03-02T00:00:00Z", "end": 1772496000000 },
        "basis": "IncomingBytes over the day",
        "log_groups": [
            { "name": "/ecs/web", "stored_bytes": 3000, "log_class": "STANDARD" },
            { "name": "flow", "stored_bytes": 1000, "log_class": "INFREQUENT_ACCESS",
              "retention_days": "never" }
        ]
    }"#;

    #[test]
    fn a_description_gives_the_window_the_groups_and_their_total() {
        let d = SampleDescription::parse(DAY.as_bytes()).unwrap();
        assert_eq!(d.window_start_ms, 1_772_409_600_000);
        assert_eq!(d.window_end_ms - d.window_start_ms, 86_400_000);
        assert_eq!(d.stored_bytes(), Some(4000));
        assert_eq!(d.groups[1].log_class, Some(LogClass::InfrequentAccess));
        assert_eq!(d.groups[1].retention_days, Some(Retention::NeverExpires));
        assert_eq!(d.groups[0].retention_days, None);
        let r = d.record(10, 40);
        assert_eq!(r.log_groups, ["/ecs/web", "flow"]);
        assert_eq!(r.scale(), 100.0);
        assert_eq!(
            r.stored_bytes_basis.as_deref(),
            Some("IncomingBytes over the day")
        );
    }

    #[test]
    fn a_group_without_stored_bytes_leaves_the_total_unknown() {
        let d = SampleDescription::parse(
            br#"{"window": {"start": 0, "end": 10}, "log_groups": [{"name": "a", "stored_bytes": 5}, {"name": "b"}]}"#,
        )
        .unwrap();
        assert_eq!(d.stored_bytes(), None);
        let r = d.record(1, 1);
        assert_eq!(r.scale(), 1.0);
        assert_eq!(r.stored_bytes_basis, None);
    }

    #[test]
    fn bad_descriptions_say_what_is_wrong() {
        let cases: [(&[u8], &str); 8] = [
            (br#"{"window": {"start": 0, "end": 10}, "log_groups": [{"name": "a", "retention_days": 0}]}"#, "1 or more"),
            (br#"{"window": {"start": 0, "end": 10}, "log_groups": [{"name": "a", "retention_days": "forever"}]}"#, "\"never\""),
            (b"{", "EOF"),
            (br#"{"window": {"start": 10, "end": 10}, "log_groups": [{"name": "a"}]}"#, "not after"),
            (br#"{"window": {"start": "yesterday", "end": 10}, "log_groups": [{"name": "a"}]}"#, "RFC 3339"),
            (br#"{"window": {"start": 0, "end": 10}, "log_groups": []}"#, "no log group"),
            (br#"{"window": {"start": 0, "end": 10}, "log_groups": [{"name": "a"}, {"name": "a"}]}"#, "twice"),
            (br#"{"window": {"start": 0, "end": 10}, "log_groups": [{"name": "a", "log_class": "COLD"}]}"#, "unknown variant"),
        ];
        for (text, expected) in cases {
            let message = SampleDescription::parse(text).unwrap_err();
            assert!(message.contains(expected), "{message}");
        }
    }

    #[test]
    fn a_record_carries_the_measured_archive_and_the_retention() {
        let d = SampleDescription::parse(DAY.as_bytes()).unwrap();
        let measured: BTreeMap<String, ArchiveMeasure> = [(
            "flow".to_string(),
            ArchiveMeasure {
                bytes: 100,
                events: 2,
                archived_bytes: 80,
            },
        )]
        .into_iter()
        .collect();
        let r = d.record_measured(2, 100, &measured);
        assert_eq!(r.groups[1].archived.and_then(|a| a.ratio()), Some(0.8));
        assert_eq!(r.groups[0].archived, None);
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""retention_days":"never""#), "{text}");
        assert_eq!(serde_json::from_str::<SampleRecord>(&text).unwrap(), r);
        let days: GroupSample =
            serde_json::from_str(r#"{"name":"a","retention_days":30}"#).unwrap();
        assert_eq!(days.retention_days, Some(Retention::Days(30)));
    }

    #[test]
    fn a_record_with_groups_reads_back_and_an_old_one_without_them_too() {
        let r = SampleDescription::parse(DAY.as_bytes())
            .unwrap()
            .record(1, 2);
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<SampleRecord>(&text).unwrap(), r);
        let old =
            r#"{"log_groups":["a"],"window_start_ms":0,"window_end_ms":5,"events":1,"bytes":2}"#;
        assert!(serde_json::from_str::<SampleRecord>(old)
            .unwrap()
            .groups
            .is_empty());
    }
}
