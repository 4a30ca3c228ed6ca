//! Mining a stream of text with the lines' scans on worker threads.
//!
//! Scanning a line and writing its shape key ([`LineShape::read`]) is most of the work of
//! mining and reads nothing of the miner's state; putting the line into its cluster
//! ([`Miner::place`]) is the rest and must see the lines in order. So a reader thread cuts the
//! stream into batches of whole lines, workers read the shapes of a batch each, and the calling
//! thread places the lines batch after batch in stream order. The clusters, their ids and every
//! statistic come out exactly as [`Miner::ingest_event`] line by line would make them: only
//! where the per-line reading runs changes.
//!
//! Batches go to the workers in turn and come back from them in the same turn, so no batch
//! needs reordering; a fixed set of batches circulates (reader, worker, miner, back to the
//! reader), which bounds the memory to that set whatever the stream's length.

use crate::miner::{ClusterId, LineShape, Miner};
use crate::scan::{Piece, PieceKind};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

/// Bytes of lines a batch holds before it is handed on: a few hundred lines, enough that the
/// hand-over costs little next to reading them, few enough that the batches in flight stay in
/// the cache.
const BATCH_BYTES: usize = 64 * 1024;

/// Batches waiting in each worker's queue, in and out.
const QUEUE_DEPTH: usize = 2;

/// Lines of a stream and what the miner needs of each one's shape, travelling between the
/// threads.
///
/// A worker scans each line into a shape of its own, kept hot in its cache, and copies out
/// only the key, the level and the variable pieces, one after the other: the clustering
/// thread then reads them as a few sequential runs. Handing over the scanned lines
/// themselves (every piece and token, in buffers of their own) made both threads wait on
/// each other's caches, and mining on two threads was slower than on one.
#[derive(Default)]
struct Batch {
    /// Whole lines, `\n`-terminated except perhaps the stream's last.
    text: String,
    /// Byte ranges of the lines in `text`, without their `\n` or `\r\n`.
    lines: Vec<(usize, usize)>,
    /// Each line's event time.
    times: Vec<Option<i64>>,
    /// Each line's level range.
    levels: Vec<Option<(u32, u32)>>,
    /// The lines' keys, one after the other, and where each one ends.
    keys: Vec<u8>,
    key_ends: Vec<usize>,
    /// The lines' variable and weak pieces, one after the other, and where each line's end.
    values: Vec<Piece>,
    value_ends: Vec<usize>,
}

impl Batch {
    /// Splits `text` into lines and reads each line's time and shape, with `shape` as the
    /// scanning buffers.
    fn read<T: Fn(&str) -> Option<i64>>(&mut self, shape: &mut LineShape, time_of: &T) {
        self.lines.clear();
        self.times.clear();
        self.levels.clear();
        self.keys.clear();
        self.key_ends.clear();
        self.values.clear();
        self.value_ends.clear();
        let bytes = self.text.as_bytes();
        let mut start = 0;
        let push = |lines: &mut Vec<(usize, usize)>, start: usize, end: usize| {
            let cr = end > start && bytes[end - 1] == b'\r';
            lines.push((start, end - usize::from(cr)));
        };
        for end in memchr::memchr_iter(b'\n', bytes) {
            push(&mut self.lines, start, end);
            start = end + 1;
        }
        if start < bytes.len() {
            push(&mut self.lines, start, bytes.len());
        }
        for &(a, z) in &self.lines {
            // Line ends are ASCII, so every range is on character boundaries.
            let line = self.text.get(a..z).unwrap_or_default();
            self.times.push(time_of(line));
            shape.read(line);
            self.levels.push(shape.level());
            self.keys.extend_from_slice(shape.key());
            self.key_ends.push(self.keys.len());
            let values = shape
                .pieces()
                .iter()
                .filter(|p| p.kind != PieceKind::Literal);
            self.values.extend(values);
            self.value_ends.push(self.values.len());
        }
    }

    /// Places the batch's lines into `miner`, in order, telling `on_line` each one's cluster.
    fn place(&self, miner: &mut Miner, on_line: &mut impl FnMut(ClusterId)) {
        let (mut key_start, mut value_start) = (0, 0);
        for (i, &(a, z)) in self.lines.iter().enumerate() {
            let line = self.text.get(a..z).unwrap_or_default();
            let key_end = self.key_ends.get(i).copied().unwrap_or(key_start);
            let value_end = self.value_ends.get(i).copied().unwrap_or(value_start);
            let key = self.keys.get(key_start..key_end).unwrap_or_default();
            let values = self.values.get(value_start..value_end).unwrap_or_default();
            let level = self.levels.get(i).copied().flatten();
            let time = self.times.get(i).copied().flatten();
            on_line(miner.place(line, key, level, values, time));
            (key_start, value_start) = (key_end, value_end);
        }
    }
}

/// The reader's side: fills batches from the stream's text and hands them to the workers in
/// turn.
struct Batcher {
    free: Receiver<Batch>,
    workers: Vec<SyncSender<Batch>>,
    current: Batch,
    next_worker: usize,
    /// False once the miner's side is gone (it panicked): the rest of the stream is read and
    /// dropped.
    open: bool,
}

impl Batcher {
    /// Appends a run of text, handing on every batch that fills up.
    fn push(&mut self, text: &str) {
        if !self.open {
            return;
        }
        let mut current = std::mem::take(&mut self.current);
        fill(&mut current, text, |full| self.hand_on(full));
        self.current = current;
    }

    /// Sends a full batch to the next worker and leaves a free one, empty, in its place.
    fn hand_on(&mut self, full: &mut Batch) {
        let Ok(mut fresh) = self.free.recv() else {
            self.open = false;
            return;
        };
        fresh.text.clear();
        let full = std::mem::replace(full, fresh);
        let worker = &self.workers[self.next_worker];
        self.next_worker = (self.next_worker + 1) % self.workers.len();
        if worker.send(full).is_err() {
            self.open = false;
        }
    }

    /// Hands on what is left at the end of the stream: lines that a read error cut short
    /// are kept, as the lines before the error are.
    fn finish(mut self) {
        let mut current = std::mem::take(&mut self.current);
        if !current.text.is_empty() && self.open {
            self.hand_on(&mut current);
        }
    }
}

/// Appends `text` to `batch`, calling `full` each time the batch reaches [`BATCH_BYTES`] at a
/// line end; `full` leaves the batch empty. A batch is thus always whole lines, whatever the
/// runs of text were cut at, and a line longer than a batch makes one batch of its own.
fn fill(batch: &mut Batch, mut text: &str, mut full: impl FnMut(&mut Batch)) {
    while !text.is_empty() {
        let room = BATCH_BYTES.saturating_sub(batch.text.len());
        let past_room = text.as_bytes().get(room..).unwrap_or_default();
        let Some(i) = memchr::memchr(b'\n', past_room) else {
            batch.text.push_str(text);
            return;
        };
        let (head, rest) = text.split_at(room + i + 1);
        batch.text.push_str(head);
        full(batch);
        text = rest;
    }
}

/// The scan workers to give [`Miner::ingest_text_stream`] by default: one per core, or none on
/// a single core, where a worker would only take turns with the clustering thread.
pub fn default_scan_threads() -> usize {
    thread::available_parallelism().map_or(0, |n| if n.get() > 1 { n.get() } else { 0 })
}

impl Miner {
    /// Mines a stream of text, with each line's scan done on one of `workers` threads and the
    /// clustering on this one, in line order: the clusters, ids and statistics are the ones
    /// [`Miner::ingest_event`] line by line gives. With `workers` at 0 every step runs on this
    /// thread.
    ///
    /// `feed` runs on a reader thread and calls its argument with runs of the stream's text, in
    /// order (whole lines or not: lines cut between runs are joined). It returns when the
    /// stream ends or fails; its error is returned after every line before it was mined.
    /// `time_of` gives a line's event time (on the workers), and `on_line` is told each line's
    /// cluster in order.
    pub fn ingest_text_stream<E, F, T>(
        &mut self,
        workers: usize,
        feed: F,
        time_of: T,
        mut on_line: impl FnMut(ClusterId),
    ) -> Result<(), E>
    where
        E: Send,
        F: FnOnce(&mut dyn FnMut(&str)) -> Result<(), E> + Send,
        T: Fn(&str) -> Option<i64> + Sync,
    {
        if workers == 0 {
            return self.ingest_text_here(feed, &time_of, &mut on_line);
        }
        let batches = workers * (2 * QUEUE_DEPTH + 1) + 2;
        thread::scope(|scope| {
            let (free_tx, free_rx) = sync_channel::<Batch>(batches);
            for _ in 1..batches {
                // Cannot fail: the receiver is alive and the channel has room for every batch.
                let _ = free_tx.send(Batch::default());
            }
            let mut to_workers = Vec::with_capacity(workers);
            let mut from_workers = Vec::with_capacity(workers);
            for _ in 0..workers {
                let (in_tx, in_rx) = sync_channel::<Batch>(QUEUE_DEPTH);
                let (out_tx, out_rx) = sync_channel::<Batch>(QUEUE_DEPTH);
                let time_of = &time_of;
                scope.spawn(move || {
                    let mut shape = LineShape::default();
                    for mut batch in in_rx {
                        batch.read(&mut shape, time_of);
                        if out_tx.send(batch).is_err() {
                            return;
                        }
                    }
                });
                to_workers.push(in_tx);
                from_workers.push(out_rx);
            }
            let reader = scope.spawn(move || {
                let mut batcher = Batcher {
                    free: free_rx,
                    workers: to_workers,
                    current: Batch::default(),
                    next_worker: 0,
                    open: true,
                };
                let fed = feed(&mut |text| batcher.push(text));
                batcher.finish();
                fed
            });
            // Batches come back in the turn they went out; a worker that has no next batch
            // means the reader handed on its last one.
            for from in from_workers.iter().cycle() {
                let Ok(batch) = from.recv() else {
                    break;
                };
                batch.place(self, &mut on_line);
                // The reader may be done and gone; the batch is then simply dropped.
                let _ = free_tx.send(batch);
            }
            match reader.join() {
                Ok(fed) => fed,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// [`Miner::ingest_text_stream`] on this thread alone: the same batches, read and placed
    /// in turn.
    fn ingest_text_here<E, F, T>(
        &mut self,
        feed: F,
        time_of: &T,
        on_line: &mut impl FnMut(ClusterId),
    ) -> Result<(), E>
    where
        F: FnOnce(&mut dyn FnMut(&str)) -> Result<(), E>,
        T: Fn(&str) -> Option<i64>,
    {
        let mut batch = Batch::default();
        let mut shape = LineShape::default();
        let mut mine = |batch: &mut Batch, miner: &mut Miner| {
            batch.read(&mut shape, time_of);
            batch.place(miner, on_line);
            batch.text.clear();
        };
        let fed = feed(&mut |text: &str| fill(&mut batch, text, |full| mine(full, self)));
        if !batch.text.is_empty() {
            mine(&mut batch, self);
        }
        fed
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::MinerConfig;

    /// Lines of a few shapes with varying values, long enough to fill many batches.
    fn stream(lines: usize) -> String {
        let mut s = String::new();
        for i in 0..lines {
            let line = match i % 5 {
                0 => format!(
                    "2026-03-02T10:15:{:02}Z INFO Order ord_{i:x} persisted in {} ms",
                    i % 60,
                    i % 97
                ),
                1 => format!("time=2026-03-02T10:15:01Z level=warn msg=\"cache miss\" key=k{i}\r"),
                2 => format!(
                    "{{\"level\":\"info\",\"msg\":\"served\",\"path\":\"/api/v{}\",\"ms\":{i}}}",
                    i % 3
                ),
                3 => format!("session closed for user u{} \u{e9}t\u{e9}", i % 7),
                _ => String::new(),
            };
            s.push_str(&line);
            s.push('\n');
        }
        s.push_str("a last line without its line end 42");
        s
    }

    fn time_of(line: &str) -> Option<i64> {
        line.starts_with('2').then_some(line.len() as i64)
    }

    /// What a miner made: each template's id, text, count and times, and each line's cluster.
    fn outcome(miner: &Miner, clusters: Vec<ClusterId>) -> (Vec<String>, Vec<ClusterId>) {
        let templates = miner
            .snapshot()
            .templates()
            .iter()
            .map(|t| {
                format!(
                    "{} {} {} {:?} {:?}",
                    t.id, t.text, t.count, t.first_seen, t.last_seen
                )
            })
            .collect();
        (templates, clusters)
    }

    fn line_by_line(text: &str) -> (Vec<String>, Vec<ClusterId>) {
        let mut miner = Miner::new(MinerConfig::default());
        let mut clusters = Vec::new();
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            clusters.push(miner.ingest_event(line, time_of(line)));
        }
        outcome(&miner, clusters)
    }

    fn streamed(text: &str, workers: usize, run: usize) -> (Vec<String>, Vec<ClusterId>) {
        let mut miner = Miner::new(MinerConfig::default());
        let mut clusters = Vec::new();
        let fed: Result<(), ()> = miner.ingest_text_stream(
            workers,
            |sink| {
                // Runs cut anywhere, even inside a line or a character's bytes' neighbours.
                let mut rest = text;
                while !rest.is_empty() {
                    let mut cut = run.min(rest.len());
                    while !rest.is_char_boundary(cut) {
                        cut += 1;
                    }
                    sink(&rest[..cut]);
                    rest = &rest[cut..];
                }
                Ok(())
            },
            time_of,
            |c| clusters.push(c),
        );
        assert!(fed.is_ok());
        outcome(&miner, clusters)
    }

    #[test]
    fn the_stream_mines_as_line_by_line_does_on_any_thread_count() {
        let text = stream(20_000);
        let expected = line_by_line(&text);
        assert_eq!(expected.1.len(), 20_001);
        for (workers, run) in [
            (0, 1 << 20),
            (1, 7),
            (2, 1 << 20),
            (2, 100),
            (3, 65_537),
            (4, 1),
        ] {
            assert_eq!(
                streamed(&text, workers, run),
                expected,
                "{workers} workers, runs of {run}"
            );
        }
    }

    #[test]
    fn a_failing_feed_keeps_the_lines_before_the_failure() {
        for workers in [1, 2] {
            let mut miner = Miner::new(MinerConfig::default());
            let mut lines = 0;
            let fed = miner.ingest_text_stream(
                workers,
                |sink| {
                    sink("user 1 logged in\nuser 2 logged in\nuser 3 logg");
                    Err("the disk went away")
                },
                |_| None,
                |_| lines += 1,
            );
            assert_eq!(fed, Err("the disk went away"));
            assert_eq!(lines, 3, "{workers} workers");
            assert_eq!(miner.lines(), 3);
            let snapshot = miner.snapshot();
            assert_eq!(snapshot.templates()[0].text, "user <*> logged in");
            assert_eq!(snapshot.templates()[0].count, 2);
        }
    }

    #[test]
    fn an_empty_stream_has_no_lines() {
        let mut miner = Miner::new(MinerConfig::default());
        let fed: Result<(), ()> =
            miner.ingest_text_stream(2, |_| Ok(()), |_| None, |_| panic!("no line"));
        assert!(fed.is_ok());
        assert_eq!(miner.lines(), 0);
    }
}
