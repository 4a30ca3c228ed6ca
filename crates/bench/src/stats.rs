//! Medians and spreads: one run on a shared machine proves little, so every figure is the
//! median of several runs, with the extremes kept to show the noise.

use serde::Serialize;

/// Time this thread has spent on a CPU (`CLOCK_THREAD_CPUTIME_ID`), in seconds: on a shared
/// machine the wall clock also counts the moments another process held the core; this does not.
pub fn thread_cpu_seconds() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// Time every thread of this process has spent on a CPU (`CLOCK_PROCESS_CPUTIME_ID`), in
/// seconds: for a contender on one thread it is that thread's time; for one that scans on
/// several, what all of them cost together.
pub fn process_cpu_seconds() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// Median and extremes of one figure over the runs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Middle value (mean of the two middle values for an even count).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there are none or one is not a number, since a
    /// figure made of nothing must not print as zero.
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() || values.iter().any(|v| v.is_nan()) {
            return None;
        }
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Spread {
            median,
            min: sorted[0],
            max: sorted[n - 1],
        })
    }
}

/// `value / reference`, or `None` when the reference is missing or zero, so a ratio is never
/// printed against nothing.
pub fn ratio(value: f64, reference: Option<f64>) -> Option<f64> {
    match reference {
        Some(r) if r > 0.0 => Some(value / r),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn thread_cpu_time_advances_with_work() {
        let before = thread_cpu_seconds();
        // Busy work, kept from being optimised away, takes CPU time on this thread.
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        std::hint::black_box(x);
        let after = thread_cpu_seconds();
        assert!(after > before, "{before} then {after}");
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(
            Spread::of(&[3.0, 1.0, 2.0]),
            Some(Spread {
                median: 2.0,
                min: 1.0,
                max: 3.0
            })
        );
        assert_eq!(
            Spread::of(&[4.0, 1.0, 3.0, 2.0]),
            Some(Spread {
                median: 2.5,
                min: 1.0,
                max: 4.0
            })
        );
        assert_eq!(Spread::of(&[7.0]).map(|s| s.median), Some(7.0));
    }

    #[test]
    fn nothing_or_nan_has_no_spread() {
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn ratio_needs_a_positive_reference() {
        assert_eq!(ratio(3.0, Some(2.0)), Some(1.5));
        assert_eq!(ratio(3.0, Some(0.0)), None);
        assert_eq!(ratio(3.0, None), None);
    }
}
