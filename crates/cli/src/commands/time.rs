//! Times as people type them (`--since 2h`) and as the commands print them.

use anyhow::{bail, Result};
use jiff::{civil, tz::TimeZone, Timestamp};

/// Milliseconds since the Unix epoch of: an RFC 3339 time (`2026-03-02T10:00:00Z`), a date or
/// date and time taken as UTC (`2026-03-02`, `2026-03-02T10:00`, `2026-03-02 10:00:00`), epoch
/// milliseconds (`1772409619606`), or a duration before now (`90s`, `15m`, `2h`, `7d`).
pub fn parse_time(s: &str) -> Result<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.parse()?);
    }
    if let Some(ago) = parse_ago(s) {
        return Ok(Timestamp::now().as_millisecond() - ago);
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t.as_millisecond());
    }
    if let Ok(dt) = s.parse::<civil::DateTime>() {
        if let Ok(z) = dt.to_zoned(TimeZone::UTC) {
            return Ok(z.timestamp().as_millisecond());
        }
    }
    if let Ok(d) = s.parse::<civil::Date>() {
        if let Ok(z) = d.to_zoned(TimeZone::UTC) {
            return Ok(z.timestamp().as_millisecond());
        }
    }
    bail!(
        "`{s}` is not a time: use 2026-03-02T10:00:00Z, 2026-03-02 (UTC), epoch milliseconds, \
         or a duration before now such as 15m, 2h, 7d"
    )
}

/// A time as [`parse_time`] reads it, kept relative when it is a duration before now, so that
/// a pull's resume key names `24h` rather than the moment it was typed.
pub fn parse_time_spec(s: &str) -> Result<lognoise_cloudwatch::TimeSpec> {
    match parse_ago(s.trim()) {
        Some(ago) => Ok(lognoise_cloudwatch::TimeSpec::Ago(ago)),
        None => parse_time(s).map(lognoise_cloudwatch::TimeSpec::At),
    }
}

fn parse_ago(s: &str) -> Option<i64> {
    let unit = s.chars().last()?;
    let n: i64 = s[..s.len() - unit.len_utf8()].parse().ok()?;
    let ms = match unit {
        's' => 1_000,
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        'w' => 7 * 86_400_000,
        _ => return None,
    };
    n.checked_mul(ms)
}

/// `2026-03-02T00:00:19.606Z`.
pub fn format_time(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| ms.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn times_people_type() {
        assert_eq!(
            parse_time("2026-03-02T00:00:19.606Z").unwrap(),
            1_772_409_619_606
        );
        assert_eq!(parse_time("2026-03-02").unwrap(), 1_772_409_600_000);
        assert_eq!(
            parse_time("2026-03-02T00:00:19").unwrap(),
            1_772_409_619_000
        );
        assert_eq!(parse_time("1772409619606").unwrap(), 1_772_409_619_606);
        let ago = Timestamp::now().as_millisecond() - parse_time("2h").unwrap();
        assert!((7_200_000..7_260_000).contains(&ago));
        assert!(parse_time("yesterday-ish").is_err());
        assert_eq!(format_time(1_772_409_619_606), "2026-03-02T00:00:19.606Z");
    }
}
