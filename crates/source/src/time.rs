//! Event times written as text.

/// Milliseconds since the Unix epoch of an RFC 3339 timestamp with an offset
/// (`2026-03-02T00:00:19.606Z`, `2026-03-02T01:00:19+01:00`); `None` for anything else.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    // Cheap rejection first: plain lines are checked on every line.
    let b = s.as_bytes();
    if b.len() < 20 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utc_and_offsets_and_rejects_the_rest() {
        assert_eq!(
            parse_rfc3339_ms("2026-03-02T00:00:19.606Z"),
            Some(1_772_409_619_606)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-03-02T01:00:19.606+01:00"),
            Some(1_772_409_619_606)
        );
        assert_eq!(parse_rfc3339_ms("2026-03-02"), None);
        assert_eq!(parse_rfc3339_ms("hello there, a long line"), None);
    }
}
