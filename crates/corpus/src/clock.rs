//! The generated clock: time moves forward line by line, as in a real log stream, and every
//! timestamp shape a set prints is read from it.

use crate::error::{Error, Result};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Monday 2024-05-06 00:00:00 UTC, in seconds: the corpus's logs start in one working week.
const BASE_SECOND: i64 = 1_714_953_600;

/// The clock of one set's stream.
#[derive(Clone, Debug)]
pub struct Clock {
    nanos: i128,
    civil: DateTime,
}

impl Clock {
    /// A clock at `offset_seconds` past the corpus's base time.
    pub fn starting_at(offset_seconds: u32) -> Result<Clock> {
        let nanos = i128::from(BASE_SECOND + i64::from(offset_seconds)) * 1_000_000_000;
        let civil = civil(nanos)?;
        Ok(Clock { nanos, civil })
    }

    /// Moves the clock forward by `nanos`.
    pub fn advance(&mut self, nanos: u64) -> Result<()> {
        self.nanos += i128::from(nanos);
        self.civil = civil(self.nanos)?;
        Ok(())
    }

    /// Nanoseconds since the Unix epoch.
    pub fn unix_nanos(&self) -> i128 {
        self.nanos
    }

    /// The time as a UTC calendar date and time.
    pub fn civil(&self) -> DateTime {
        self.civil
    }
}

fn civil(nanos: i128) -> Result<DateTime> {
    Timestamp::from_nanosecond(nanos)
        .map(|t| t.to_zoned(TimeZone::UTC).datetime())
        .map_err(|_| Error::ClockOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_the_base_week_and_moves_forward() -> Result<()> {
        let mut c = Clock::starting_at(3_661)?;
        assert_eq!(c.civil().to_string(), "2024-05-06T01:01:01");
        c.advance(1_500_000_000)?;
        assert_eq!(c.civil().to_string(), "2024-05-06T01:01:02.5");
        Ok(())
    }
}
