//! Bounded statistics kept per template: how many distinct values each variable takes, its most
//! frequent values, and a few example lines. Each structure has a fixed upper size, so a miner
//! fed forever keeps a bounded memory per template.

use cardinality_estimator::CardinalityEstimator;
use xxhash_rust::xxh3::xxh3_64;

/// How many most-frequent values a variable keeps.
pub const TOP_VALUES: usize = 8;
/// Longest value text kept as a top value (longer ones are cut at a char boundary).
const MAX_VALUE_TEXT: usize = 256;

/// Distinct-count sketch: exact for small sets, HyperLogLog (2^10 registers, ~3% error) above.
type Distinct = CardinalityEstimator<u64, wyhash::WyHash, 10, 6>;

/// What one variable position has seen.
#[derive(Clone, Debug, Default)]
pub struct VariableStats {
    distinct: Distinct,
    top: TopValues,
    /// The value observed last, when nothing else changed the statistics since.
    last: Option<LastValue>,
}

/// The last value a position observed and where it went, so that the same value seen again
/// (a weak word's constant, a repeated status) costs one counter increment: inserting a hash
/// the sketch already holds changes nothing, and the heavy hitters would find the same entry
/// (or skip the value again).
#[derive(Clone, Copy, Debug)]
struct LastValue {
    hash: u64,
    /// Index of its entry among the heavy hitters; `None` when it was not kept.
    entry: Option<u8>,
}

impl VariableStats {
    /// Records one value.
    #[inline]
    pub fn observe(&mut self, value: &str) {
        self.observe_hashed(xxh3_64(value.as_bytes()), value);
    }

    /// [`VariableStats::observe`] for a value whose hash ([`value_hash`]) is known.
    #[inline]
    pub fn observe_hashed(&mut self, h: u64, value: &str) {
        if let Some(last) = self.last {
            if last.hash == h {
                if let Some(e) = last
                    .entry
                    .and_then(|i| self.top.entries.get_mut(i as usize))
                {
                    e.count += 1;
                }
                return;
            }
        }
        self.distinct.insert_hash(h);
        let entry = self.top.add(h, value, 1).map(|i| i as u8);
        self.last = Some(LastValue { hash: h, entry });
    }

    /// Records a value seen `count` times (used when whole clusters become one variable).
    pub fn observe_weighted(&mut self, value: &str, count: u64) {
        self.last = None;
        let h = xxh3_64(value.as_bytes());
        self.distinct.insert_hash(h);
        self.top.add(h, value, count);
    }

    /// Estimated number of distinct values.
    pub fn distinct_estimate(&self) -> u64 {
        self.distinct.estimate() as u64
    }

    /// Most frequent values with their (approximate) counts, most frequent first.
    pub fn top_values(&self) -> Vec<(String, u64)> {
        self.top.sorted()
    }

    /// Folds another position's statistics into this one (used when templates merge).
    pub fn merge(&mut self, other: &VariableStats) {
        self.last = None;
        self.distinct.merge(&other.distinct);
        for e in &other.top.entries {
            self.top.add(e.hash, &e.text, e.count);
        }
    }
}

#[derive(Clone, Debug)]
struct TopEntry {
    hash: u64,
    count: u64,
    text: String,
}

/// Space-Saving heavy hitters (Metwally et al.) with [`TOP_VALUES`] counters: any value more
/// frequent than 1/TOP_VALUES of the stream is guaranteed to be kept.
#[derive(Clone, Debug, Default)]
struct TopValues {
    entries: Vec<TopEntry>,
}

impl TopValues {
    /// Counts `count` more of a value; returns the index of its entry, or `None` when it was
    /// not kept.
    fn add(&mut self, hash: u64, text: &str, count: u64) -> Option<usize> {
        if let Some(i) = self.entries.iter().position(|e| e.hash == hash) {
            self.entries[i].count += count;
            return Some(i);
        }
        if self.entries.len() < TOP_VALUES {
            self.entries.push(TopEntry {
                hash,
                count,
                text: clip(text).to_string(),
            });
            return Some(self.entries.len() - 1);
        }
        // Replace the smallest counter; its count carries over as the error bound. Only one
        // miss in eight does (chosen by the value's hash), which keeps ids and other
        // high-cardinality values cheap while a frequent value still gets in within a few
        // occurrences. The text buffer is reused, so this never allocates per line.
        if count == 1 && hash & 7 != 0 {
            return None;
        }
        let (i, min) = self
            .entries
            .iter_mut()
            .enumerate()
            .min_by_key(|(_, e)| e.count)?;
        min.hash = hash;
        min.count += count;
        min.text.clear();
        min.text.push_str(clip(text));
        Some(i)
    }

    fn sorted(&self) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self
            .entries
            .iter()
            .map(|e| (e.text.clone(), e.count))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

/// The hash [`VariableStats`] keys a value by.
#[inline]
pub fn value_hash(value: &str) -> u64 {
    xxh3_64(value.as_bytes())
}

fn clip(s: &str) -> &str {
    if s.len() <= MAX_VALUE_TEXT {
        return s;
    }
    let mut end = MAX_VALUE_TEXT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// How many example lines a template keeps besides the first one.
pub const RESERVOIR: usize = 4;
/// Longest example kept (longer lines are cut at a char boundary).
const MAX_EXAMPLE: usize = 4096;

/// The first line of a template plus a uniform sample of the others (reservoir sampling with a
/// fixed seed, so two runs over the same input keep the same examples).
#[derive(Clone, Debug, Default)]
pub struct Examples {
    first: String,
    sample: Vec<String>,
    seen: u64,
    rng: u64,
    /// Algorithm L (Li, 1994): the number of the next line to keep and the running weight, so
    /// that most lines cost one comparison instead of a random draw.
    next_pick: u64,
    weight: f64,
}

impl Examples {
    /// Offers one line.
    #[inline]
    pub fn offer(&mut self, line: &str) {
        self.seen += 1;
        if self.seen == 1 {
            self.first = clip_example(line).to_string();
            self.rng = 0x9E37_79B9_7F4A_7C15 ^ xxh3_64(line.as_bytes());
            return;
        }
        let n = self.seen - 1; // lines other than the first
        if self.sample.len() < RESERVOIR {
            self.sample.push(clip_example(line).to_string());
            if self.sample.len() == RESERVOIR {
                self.weight = (self.unit_random().ln() / RESERVOIR as f64).exp();
                self.schedule_next(n);
            }
            return;
        }
        if n < self.next_pick {
            return;
        }
        let slot = (self.next_random() % RESERVOIR as u64) as usize;
        let kept = &mut self.sample[slot];
        kept.clear();
        kept.push_str(clip_example(line));
        self.weight *= (self.unit_random().ln() / RESERVOIR as f64).exp();
        self.schedule_next(n);
    }

    fn schedule_next(&mut self, n: u64) {
        let skip = (self.unit_random().ln() / (1.0 - self.weight).ln()).floor();
        let skip = if skip.is_finite() && skip >= 0.0 {
            skip as u64
        } else {
            0
        };
        self.next_pick = n.saturating_add(skip).saturating_add(1);
    }

    /// A uniform draw in (0, 1).
    fn unit_random(&mut self) -> f64 {
        ((self.next_random() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// The first line seen, then the sample.
    pub fn lines(&self) -> Vec<String> {
        let mut v = Vec::with_capacity(1 + self.sample.len());
        if self.seen > 0 {
            v.push(self.first.clone());
        }
        v.extend(self.sample.iter().cloned());
        v
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: tiny, deterministic, good enough to pick reservoir slots.
        let mut x = self.rng | 1;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn clip_example(s: &str) -> &str {
    if s.len() <= MAX_EXAMPLE {
        return s;
    }
    let mut end = MAX_EXAMPLE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn heavy_hitters_survive_noise() {
        let mut v = VariableStats::default();
        for i in 0..10_000 {
            v.observe(if i % 3 == 0 { "hot" } else { "x" });
            v.observe(&format!("noise{i}"));
        }
        let top = v.top_values();
        assert!(top.iter().any(|(t, _)| t == "hot"));
        assert!(top.iter().any(|(t, _)| t == "x"));
        let d = v.distinct_estimate();
        assert!((9_000..11_500).contains(&d), "estimate {d}");
    }

    #[test]
    fn reservoir_is_bounded_and_deterministic() {
        let run = || {
            let mut e = Examples::default();
            for i in 0..1000 {
                e.offer(&format!("line {i}"));
            }
            e.lines()
        };
        let a = run();
        assert_eq!(a.len(), 1 + RESERVOIR);
        assert_eq!(a[0], "line 0");
        assert_eq!(a, run());
    }
}
