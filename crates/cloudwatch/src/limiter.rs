//! A token bucket whose rate adapts to throttling: halved on each ThrottlingException, raised
//! step by step after successes, never above the rate asked for.
//!
//! CloudWatch Logs allows about 5 FilterLogEvents requests a second per account and region,
//! shared by every tool in the account; backing off multiplicatively and recovering additively
//! (as TCP does) keeps the pull near what is left of that share without hammering it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Lowest rate the bucket slows to, requests a second.
const MIN_RATE: f64 = 0.2;

#[derive(Debug)]
pub(crate) struct RateLimiter {
    bucket: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    max_rate: f64,
    rate: f64,
    tokens: f64,
    capacity: f64,
    last: Instant,
}

impl RateLimiter {
    /// A bucket refilled at `rate` tokens a second holding at most `burst` tokens (full at
    /// first). A rate of 0 or less means no limit.
    pub(crate) fn new(rate: f64, burst: u32) -> RateLimiter {
        let max_rate = if rate > 0.0 { rate } else { f64::INFINITY };
        let capacity = f64::from(burst.max(1));
        RateLimiter {
            bucket: Mutex::new(Bucket {
                max_rate,
                rate: max_rate,
                tokens: capacity,
                capacity,
                last: Instant::now(),
            }),
        }
    }

    /// Waits for a token.
    pub(crate) async fn acquire(&self) {
        loop {
            let wait = {
                let mut b = self.lock();
                b.refill();
                if b.tokens >= 1.0 || b.rate.is_infinite() {
                    b.tokens -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - b.tokens) / b.rate)
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// A request was throttled: halve the rate and drop the saved burst.
    pub(crate) fn throttled(&self) {
        let mut b = self.lock();
        b.refill();
        let current = if b.rate.is_infinite() { 20.0 } else { b.rate };
        b.rate = (current / 2.0).max(MIN_RATE);
        b.tokens = b.tokens.min(0.0);
    }

    /// A request went through: raise the rate by a twentieth of the rate asked for.
    pub(crate) fn succeeded(&self) {
        let mut b = self.lock();
        if b.rate < b.max_rate {
            let step = if b.max_rate.is_infinite() {
                1.0
            } else {
                b.max_rate / 20.0
            };
            b.rate = (b.rate + step).min(b.max_rate);
            if b.rate > 1000.0 {
                b.rate = b.max_rate;
            }
        }
    }

    /// The current rate, requests a second (infinite when unlimited).
    #[cfg(test)]
    pub(crate) fn rate(&self) -> f64 {
        self.lock().rate
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bucket> {
        // A panic while holding the lock leaves plain numbers behind; they are still usable.
        self.bucket.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Bucket {
    fn refill(&mut self) {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        if self.rate.is_finite() {
            self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn throttling_halves_the_rate_and_successes_bring_it_back() {
        let limiter = RateLimiter::new(5.0, 5);
        limiter.throttled();
        limiter.throttled();
        assert!((limiter.rate() - 1.25).abs() < 1e-9);
        for _ in 0..10 {
            limiter.throttled();
        }
        assert!((limiter.rate() - MIN_RATE).abs() < 1e-9);
        for _ in 0..100 {
            limiter.succeeded();
        }
        assert!((limiter.rate() - 5.0).abs() < 1e-9);
    }
}
