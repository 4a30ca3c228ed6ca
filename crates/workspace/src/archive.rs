//! How much archival storage a log group's events take, measured the way CloudWatch Logs bills
//! it: the pricing page says archived data is compressed with gzip (level 6) and that 26 bytes
//! of metadata are added to each event, and storage is charged on the result. The ratio of
//! those archived bytes to the ingested message bytes sets what a GB ingested costs to keep.
//!
//! A meter compresses each group's messages in chunks of [`CHUNK_BYTES`] (gzip's window is
//! 32 KB, so chunks of this size compress as a stream would, within a few bytes of header a
//! chunk) and stops at [`MEASURED_BYTES_PER_GROUP`] per group: memory stays at one chunk per
//! group and time at a few MB of deflate per group however large the sample.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;

/// Bytes of metadata CloudWatch adds to each event it archives (pricing page, "Store").
pub const ARCHIVE_METADATA_BYTES_PER_EVENT: u64 = 26;

/// Message bytes measured per group at most: enough for a steady ratio (templates repeat
/// within the first MB of any group), few enough to keep a pull's extra work to a few ms.
pub const MEASURED_BYTES_PER_GROUP: u64 = 4 << 20;

/// Message bytes compressed at once.
pub const CHUNK_BYTES: usize = 64 << 10;

/// What was measured of one group: message bytes and events read, and the bytes CloudWatch
/// would archive for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveMeasure {
    /// Message bytes measured.
    pub bytes: u64,
    /// Events measured.
    pub events: u64,
    /// Their archived size: gzip level 6 over the messages, plus 26 bytes an event.
    pub archived_bytes: u64,
}

impl ArchiveMeasure {
    /// Archived bytes per ingested byte; `None` when nothing was measured.
    pub fn ratio(&self) -> Option<f64> {
        (self.bytes > 0).then(|| self.archived_bytes as f64 / self.bytes as f64)
    }

    /// Adds `other`'s measure (another import of the same group).
    pub fn add(&mut self, other: &ArchiveMeasure) {
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.events = self.events.saturating_add(other.events);
        self.archived_bytes = self.archived_bytes.saturating_add(other.archived_bytes);
    }
}

/// Measures the archived size of events group by group, as they stream past.
#[derive(Debug, Default)]
pub struct ArchiveMeter {
    measured: BTreeMap<String, ArchiveMeasure>,
    pending: BTreeMap<String, Pending>,
}

#[derive(Debug, Default)]
struct Pending {
    text: Vec<u8>,
    events: u64,
}

impl ArchiveMeter {
    /// A meter that goes on from `measured` (a resumed pull's measure so far).
    pub fn resuming(measured: BTreeMap<String, ArchiveMeasure>) -> ArchiveMeter {
        ArchiveMeter {
            measured,
            pending: BTreeMap::new(),
        }
    }

    /// Counts one event of `group`; past [`MEASURED_BYTES_PER_GROUP`] the group is not read.
    pub fn add(&mut self, group: &str, message: &str) {
        let done = self.measured.get(group).map_or(0, |m| m.bytes);
        let pending = self.pending.entry(group.to_string()).or_default();
        // Message bytes only: the newlines between them are not ingested.
        let pending_bytes = pending.text.len() as u64 - pending.events;
        if done + pending_bytes + message.len() as u64 > MEASURED_BYTES_PER_GROUP {
            return;
        }
        pending.text.extend_from_slice(message.as_bytes());
        pending.text.push(b'\n');
        pending.events += 1;
        if pending.text.len() >= CHUNK_BYTES {
            let chunk = std::mem::take(pending);
            self.compress(group, chunk);
        }
    }

    /// Compresses what is pending and gives each group's measure so far.
    pub fn measured(&mut self) -> &BTreeMap<String, ArchiveMeasure> {
        for (group, chunk) in std::mem::take(&mut self.pending) {
            if chunk.events > 0 {
                self.compress(&group, chunk);
            }
        }
        &self.measured
    }

    fn compress(&mut self, group: &str, chunk: Pending) {
        let mut gz = flate2::write::GzEncoder::new(Counter(0), flate2::Compression::new(6));
        // Writing to a counter cannot fail; a failure would leave the chunk unmeasured.
        let Ok(counter) = gz.write_all(&chunk.text).and_then(|()| gz.finish()) else {
            return;
        };
        let entry = self.measured.entry(group.to_string()).or_default();
        entry.add(&ArchiveMeasure {
            // The newline that separates messages is not a byte CloudWatch ingests.
            bytes: chunk.text.len() as u64 - chunk.events,
            events: chunk.events,
            archived_bytes: counter.0 + ARCHIVE_METADATA_BYTES_PER_EVENT * chunk.events,
        });
    }
}

/// A writer that only counts what it is given.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_lines_archive_small_and_metadata_counts_per_event() {
        let mut meter = ArchiveMeter::default();
        for i in 0..1000 {
            meter.add("/ecs/web", &format!("GET /health 200 in {} ms", i % 7));
        }
        meter.add("tiny", "x");
        let m = meter.measured().clone();
        let web = m["/ecs/web"];
        assert_eq!(web.events, 1000);
        assert_eq!(
            web.bytes,
            (0..1000)
                .map(|i| format!("GET /health 200 in {} ms", i % 7).len() as u64)
                .sum::<u64>()
        );
        // 26 bytes of metadata an event dominate a line this repetitive.
        assert!(web.archived_bytes > 26_000, "{web:?}");
        assert!(web.archived_bytes < 26_000 + web.bytes / 10, "{web:?}");
        // One byte: a gzip member (at least 20 bytes) plus the metadata.
        let tiny = m["tiny"];
        assert_eq!((tiny.bytes, tiny.events), (1, 1));
        assert!(tiny.archived_bytes >= 46, "{tiny:?}");
        assert!(tiny.ratio().unwrap_or_default() > 40.0);
    }

    #[test]
    fn a_group_is_measured_up_to_its_cap_and_a_resumed_meter_goes_on() {
        let line = "a".repeat(1023);
        let mut meter = ArchiveMeter::default();
        for _ in 0..(MEASURED_BYTES_PER_GROUP / 1024 + 100) {
            meter.add("g", &line);
        }
        let m = meter.measured()["g"];
        assert!(m.bytes <= MEASURED_BYTES_PER_GROUP, "{m:?}");
        assert!(m.bytes + 1024 * 64 >= MEASURED_BYTES_PER_GROUP, "{m:?}");
        let mut again = ArchiveMeter::resuming(meter.measured().clone());
        again.add("g", &line);
        assert_eq!(again.measured()["g"], m);
        assert_eq!(ArchiveMeasure::default().ratio(), None);
    }
}
