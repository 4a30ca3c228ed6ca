//! A pull as a person asks for it ([`PullSpec`]), checked and resolved into the
//! [`PullRequest`] the engine runs. The command line and the app both build their pulls here,
//! so they accept the same log groups, windows, filters and regions, and the same settings
//! make the same resume key whichever front end started the pull.
//!
//! Errors name the part of the request that is wrong ([`RequestField`]) in neutral words; each
//! front end adds its own hint (a flag on the command line, a field on the screen).

use crate::pull::{PullRequest, Via};

/// Regions with CloudWatch Logs in the standard partition, for region pickers (a profile's
/// own region is offered too when it is not one of these).
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "sa-east-1",
];

/// Most log groups one pull samples (each one costs its own requests under the rate limit).
pub const MAX_GROUPS: usize = 20;
/// Most events one pull takes.
pub const MAX_SAMPLE: u64 = 1_000_000;
/// Longest filter pattern CloudWatch Logs accepts.
pub const MAX_FILTER: usize = 1024;
/// Longest window: CloudWatch Logs keeps events for at most ten years, but a sample spread
/// over more than a year says little about the traffic a meeting reviews.
pub const MAX_WINDOW_MINUTES: u32 = 366 * 24 * 60;
/// Longest log group name CloudWatch Logs allows.
const MAX_GROUP_NAME: usize = 512;

/// The part of a pull request an error is about, for the front end's hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestField {
    /// The log groups.
    Groups,
    /// The time window.
    Window,
    /// The filter pattern or expression.
    Filter,
    /// The number of events wanted.
    Sample,
    /// The AWS region.
    Region,
}

/// Why a pull request cannot run, in one neutral sentence, with the part it is about.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    /// The part of the request to change.
    pub field: RequestField,
    /// What is wrong and what to give instead.
    pub message: String,
}

impl RequestError {
    fn new(field: RequestField, message: impl Into<String>) -> RequestError {
        RequestError {
            field,
            message: message.into(),
        }
    }
}

/// One end of the window as it was given: relative ends resolve against the time of the pull,
/// and the resume key keeps them relative so the same settings later resume the same pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSpec {
    /// This many ms before now.
    Ago(i64),
    /// This time (ms since the Unix epoch).
    At(i64),
}

impl TimeSpec {
    fn resolve(self, now_ms: i64) -> i64 {
        match self {
            TimeSpec::Ago(ms) => now_ms.saturating_sub(ms),
            TimeSpec::At(ms) => ms,
        }
    }

    fn key(self) -> String {
        match self {
            TimeSpec::Ago(ms) => format!("{ms}ms ago"),
            TimeSpec::At(ms) => format!("at {ms}"),
        }
    }
}

/// A pull as a person asks for it, before it is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullSpec {
    /// Log groups, as typed or picked (trimmed and deduplicated by [`PullSpec::check`]).
    pub groups: Vec<String>,
    /// Start of the window.
    pub since: TimeSpec,
    /// End of the window; `None` is now.
    pub until: Option<TimeSpec>,
    /// Filter pattern (FilterLogEvents) or filter expression (Insights); blank is none.
    pub filter: Option<String>,
    /// Events wanted.
    pub sample: u64,
    /// API to read through.
    pub via: Via,
}

impl PullSpec {
    /// Checks the request and resolves its window against `now_ms`, giving the engine's
    /// request with the default slicing, concurrency and batch size (callers may change those,
    /// which do not change what is pulled).
    pub fn check(&self, now_ms: i64) -> Result<PullRequest, RequestError> {
        use RequestField::*;
        if self.groups.is_empty() || self.groups.len() > MAX_GROUPS {
            return Err(RequestError::new(
                Groups,
                format!("a pull takes between 1 and {MAX_GROUPS} log groups"),
            ));
        }
        let mut groups = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let g = check_group_name(g)?;
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        if self.sample == 0 || self.sample > MAX_SAMPLE {
            return Err(RequestError::new(
                Sample,
                format!("the sample size must be between 1 and {MAX_SAMPLE} events"),
            ));
        }
        let filter = self
            .filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty());
        if let Some(f) = filter {
            if f.chars().count() > MAX_FILTER || f.chars().any(char::is_control) {
                return Err(RequestError::new(
                    Filter,
                    format!("the filter must be one line of at most {MAX_FILTER} characters"),
                ));
            }
        }
        let start = self.since.resolve(now_ms);
        let end = self.until.map_or(now_ms, |u| u.resolve(now_ms));
        if start < 0 || end <= start {
            return Err(RequestError::new(
                Window,
                "the time window ends before it starts: give a start before the end",
            ));
        }
        if (end - start) / 60_000 > i64::from(MAX_WINDOW_MINUTES) {
            return Err(RequestError::new(
                Window,
                "the time window is longer than 366 days: give a shorter one",
            ));
        }
        Ok(PullRequest {
            key: format!(
                "groups={groups:?} since={} until={} filter={filter:?} sample={} via={:?}",
                self.since.key(),
                self.until.map_or_else(|| "now".to_string(), TimeSpec::key),
                self.sample,
                self.via
            ),
            groups,
            window_start_ms: start,
            window_end_ms: end,
            filter: filter.map(str::to_string),
            sample: self.sample,
            via: self.via,
            slices: None,
            concurrency: DEFAULT_CONCURRENCY,
            batch_events: DEFAULT_BATCH_EVENTS,
        })
    }
}

/// Slices read at once unless the caller says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Events per workspace commit unless the caller says otherwise: what a crash could lose.
pub const DEFAULT_BATCH_EVENTS: u64 = 5_000;

/// A log group name: 1 to 512 of the characters CloudWatch allows, surrounding blanks dropped.
pub fn check_group_name(raw: &str) -> Result<String, RequestError> {
    let name = raw.trim();
    let ok = !name.is_empty()
        && name.len() <= MAX_GROUP_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-/#".contains(&b));
    if !ok {
        return Err(RequestError::new(
            RequestField::Groups,
            format!(
                "`{}` is not a log group name (letters, digits and . _ - / # only)",
                name.chars().take(80).collect::<String>()
            ),
        ));
    }
    Ok(name.to_string())
}

/// A region name such as `eu-west-1`; `None` (or blank) leaves the profile's region.
pub fn check_region(raw: Option<&str>) -> Result<Option<String>, RequestError> {
    let Some(r) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let shape = r.len() <= 32
        && r.contains('-')
        && r.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !shape {
        return Err(RequestError::new(
            RequestField::Region,
            format!("`{r}` is not a region name: give one such as us-east-1"),
        ));
    }
    Ok(Some(r.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const NOW: i64 = 1_772_409_600_000;

    fn spec() -> PullSpec {
        PullSpec {
            groups: vec![
                "/ecs/web".into(),
                " /ecs/web ".into(),
                "/aws/lambda/x".into(),
            ],
            since: TimeSpec::Ago(3_600_000),
            until: None,
            filter: Some("  ERROR ".into()),
            sample: 1000,
            via: Via::FilterLogEvents,
        }
    }

    #[test]
    fn a_request_is_checked_and_resolved_and_resumes_by_its_settings() {
        let r = spec().check(NOW).unwrap();
        assert_eq!(r.groups, ["/ecs/web", "/aws/lambda/x"]);
        assert_eq!((r.window_start_ms, r.window_end_ms), (NOW - 3_600_000, NOW));
        assert_eq!(r.filter.as_deref(), Some("ERROR"));
        // The same settings later make the same key, so a stopped pull resumes...
        assert_eq!(spec().check(NOW + 5000).unwrap().key, r.key);
        // ...and other settings another one.
        let fixed = PullSpec {
            since: TimeSpec::At(NOW - 3_600_000),
            until: Some(TimeSpec::At(NOW)),
            ..spec()
        };
        assert_ne!(fixed.check(NOW).unwrap().key, r.key);
    }

    #[test]
    fn bad_requests_name_the_part_to_change_and_no_flag() {
        let cases = [
            (
                PullSpec {
                    groups: vec![],
                    ..spec()
                },
                RequestField::Groups,
            ),
            (
                PullSpec {
                    groups: vec!["/ecs/web x".into()],
                    ..spec()
                },
                RequestField::Groups,
            ),
            (
                PullSpec {
                    sample: 0,
                    ..spec()
                },
                RequestField::Sample,
            ),
            (
                PullSpec {
                    filter: Some("a\nb".into()),
                    ..spec()
                },
                RequestField::Filter,
            ),
            (
                PullSpec {
                    since: TimeSpec::At(NOW),
                    until: Some(TimeSpec::At(NOW)),
                    ..spec()
                },
                RequestField::Window,
            ),
            (
                PullSpec {
                    since: TimeSpec::Ago(400 * 86_400_000),
                    ..spec()
                },
                RequestField::Window,
            ),
        ];
        for (bad, field) in cases {
            let e = bad.check(NOW).unwrap_err();
            assert_eq!(e.field, field, "{bad:?}");
            assert!(!e.message.contains("--"), "{}", e.message);
        }
    }

    #[test]
    fn regions_are_checked_by_shape() {
        assert_eq!(
            check_region(Some(" eu-west-1 ")).unwrap().as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(check_region(Some("")).unwrap(), None);
        assert_eq!(
            check_region(Some("EU West")).unwrap_err().field,
            RequestField::Region
        );
        assert!(REGIONS.iter().all(|r| check_region(Some(r)).is_ok()));
    }
}
