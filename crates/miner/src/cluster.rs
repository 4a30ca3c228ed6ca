//! A cluster is every line with one exact shape: the same constant text, the same variable
//! positions, the same weak-word shapes. Clustering by shape is a hash lookup, which is what
//! makes the miner fast; [`crate::merge`] later joins clusters that are one template.

use crate::scan::{Piece, PieceKind, ScannedLine};
use crate::stats::{value_hash, Examples, VariableStats};

/// Key bytes that stand for a variable and for the start/end of a weak word's shape.
const KEY_VARIABLE: u8 = 0x01;
const KEY_WEAK: u8 = 0x02;
const KEY_ESCAPE: u8 = 0x03;
/// Tokens never contain ASCII spaces, so a space separates them in the key.
const KEY_TOKEN_SEP: u8 = b' ';

/// Writes the shape key of a scanned line into `key`.
pub fn build_key(line: &str, scanned: &ScannedLine, key: &mut Vec<u8>) {
    key.clear();
    if scanned.has_control {
        build_key_escaped(line.as_bytes(), scanned, key);
    } else {
        build_key_in_runs(line.as_bytes(), scanned, key);
    }
}

/// [`build_key`] piece by piece, escaping the key's own bytes in literal text.
fn build_key_escaped(b: &[u8], scanned: &ScannedLine, key: &mut Vec<u8>) {
    for (n, t) in scanned.tokens.iter().enumerate() {
        if n > 0 {
            key.push(KEY_TOKEN_SEP);
        }
        for p in t.pieces(&scanned.pieces) {
            let text = &b[p.start as usize..p.end as usize];
            match p.kind {
                PieceKind::Literal => {
                    if text.iter().all(|&c| c > KEY_ESCAPE) {
                        key.extend_from_slice(text);
                    } else {
                        for &c in text {
                            if c <= KEY_ESCAPE {
                                key.push(KEY_ESCAPE);
                            }
                            key.push(c);
                        }
                    }
                }
                PieceKind::Variable => key.push(KEY_VARIABLE),
                PieceKind::Weak => {
                    key.push(KEY_WEAK);
                    key.extend(text.iter().filter(|c| !c.is_ascii_digit()));
                    key.push(KEY_WEAK);
                }
            }
        }
    }
}

/// [`build_key`] for a line without control bytes, whose text needs no escaping. The key then
/// repeats long stretches of the line (literal words with one space between them), and each
/// stretch is copied at once instead of piece by piece.
fn build_key_in_runs(b: &[u8], scanned: &ScannedLine, key: &mut Vec<u8>) {
    // The stretch of `b` not yet copied: it goes into the key as it is.
    let mut run = 0..0;
    for (n, t) in scanned.tokens.iter().enumerate() {
        if n > 0 {
            let at = run.end;
            // One space between the words in the line is the separator the key needs.
            if run.end + 1 == t.start as usize && b.get(at) == Some(&KEY_TOKEN_SEP) {
                run.end += 1;
            } else {
                flush(key, b, &mut run);
                key.push(KEY_TOKEN_SEP);
            }
        }
        for p in t.pieces(&scanned.pieces) {
            let (start, end) = (p.start as usize, p.end as usize);
            if p.kind == PieceKind::Literal {
                if run.end != start {
                    flush(key, b, &mut run);
                    run = start..start;
                }
                run.end = end;
                continue;
            }
            flush(key, b, &mut run);
            run = end..end;
            if p.kind == PieceKind::Variable {
                key.push(KEY_VARIABLE);
            } else {
                key.push(KEY_WEAK);
                key.extend(b[start..end].iter().filter(|c| !c.is_ascii_digit()));
                key.push(KEY_WEAK);
            }
        }
    }
    flush(key, b, &mut run);
}

/// Copies the stretch `run` of `b` into the key, leaving it empty at its end.
#[inline]
fn flush(key: &mut Vec<u8>, b: &[u8], run: &mut std::ops::Range<usize>) {
    if run.start < run.end {
        key.extend_from_slice(&b[run.clone()]);
        run.start = run.end;
    }
}

/// One piece of a cluster's shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShapePiece {
    /// Constant text.
    Literal(Box<str>),
    /// Always a variable; the index of its statistics slot.
    Variable(u32),
    /// A weak word; the index of its slot.
    Weak(u32),
}

/// A weak word as a cluster sees it: its first value and whether another value was seen.
#[derive(Clone, Debug)]
pub struct WeakSlot {
    /// The first value seen.
    pub first: Box<str>,
    /// True once a different value was seen.
    pub varies: bool,
}

/// Every line of one shape, with its statistics.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Pieces of the shape, token after token.
    pub pieces: Vec<ShapePiece>,
    /// Index in `pieces` where each token starts (plus a final end index).
    pub token_starts: Vec<u32>,
    /// Per token: true when the first line had no white space before it (JSON fields).
    pub glued: Vec<bool>,
    /// Lines seen.
    pub count: u64,
    /// Bytes of those lines (without line ends).
    pub bytes: u64,
    /// Earliest event time seen (milliseconds since the Unix epoch), when events carry one.
    pub first_seen: Option<i64>,
    /// Latest event time seen.
    pub last_seen: Option<i64>,
    /// Example lines.
    pub examples: Examples,
    /// One entry per `Variable` piece.
    pub variables: Vec<VariableStats>,
    /// One entry per `Weak` piece.
    pub weak: Vec<WeakSlot>,
    /// Statistics of the weak words' values, so they can be reported once they vary.
    pub weak_values: Vec<VariableStats>,
    /// Levels found in the lines' headers (`INFO`, `warn`...) with their counts, at most
    /// [`MAX_LEVELS`] names.
    pub levels: Vec<(Box<str>, u64)>,
    /// [`value_hash`] of each weak word's first value: most lines repeat it, and then it need
    /// not be hashed again.
    weak_first_hash: Vec<u64>,
}

/// Distinct level names a cluster counts; more are not expected from one event.
pub const MAX_LEVELS: usize = 8;

impl Cluster {
    /// Builds the cluster of a line's shape from its first line.
    pub fn new(line: &str, scanned: &ScannedLine) -> Self {
        let b = line.as_bytes();
        let mut pieces = Vec::with_capacity(scanned.pieces.len());
        let mut token_starts = Vec::with_capacity(scanned.tokens.len() + 1);
        let mut variables = 0u32;
        let mut weak = Vec::new();
        for t in &scanned.tokens {
            token_starts.push(pieces.len() as u32);
            for p in t.pieces(&scanned.pieces) {
                let text = &line[p.start as usize..p.end as usize];
                let _ = b;
                pieces.push(match p.kind {
                    PieceKind::Literal => ShapePiece::Literal(text.into()),
                    PieceKind::Variable => {
                        variables += 1;
                        ShapePiece::Variable(variables - 1)
                    }
                    PieceKind::Weak => {
                        weak.push(WeakSlot {
                            first: text.into(),
                            varies: false,
                        });
                        ShapePiece::Weak(weak.len() as u32 - 1)
                    }
                });
            }
        }
        token_starts.push(pieces.len() as u32);
        let weak_len = weak.len();
        let weak_first_hash = weak.iter().map(|w| value_hash(&w.first)).collect();
        Cluster {
            pieces,
            token_starts,
            glued: scanned.tokens.iter().map(|t| t.glued).collect(),
            count: 0,
            bytes: 0,
            first_seen: None,
            last_seen: None,
            examples: Examples::default(),
            variables: vec![VariableStats::default(); variables as usize],
            weak,
            weak_values: vec![VariableStats::default(); weak_len],
            levels: Vec::new(),
            weak_first_hash,
        }
    }

    /// Records one line of this shape.
    #[inline]
    ///
    /// `level` is the byte range of the line's level name and `pieces` its pieces in order;
    /// only the variable and weak ones are read, so a caller may pass those alone.
    pub fn observe(
        &mut self,
        line: &str,
        level: Option<(u32, u32)>,
        pieces: &[Piece],
        timestamp: Option<i64>,
    ) {
        self.count += 1;
        self.bytes += line.len() as u64;
        if let Some(ts) = timestamp {
            self.first_seen = Some(self.first_seen.map_or(ts, |f| f.min(ts)));
            self.last_seen = Some(self.last_seen.map_or(ts, |l| l.max(ts)));
        }
        self.examples.offer(line);
        if let Some((a, z)) = level {
            let level = &line[a as usize..z as usize];
            if let Some((_, n)) = self.levels.iter_mut().find(|(l, _)| **l == *level) {
                *n += 1;
            } else if self.levels.len() < MAX_LEVELS {
                self.levels.push((level.into(), 1));
            }
        }
        let (mut v, mut w) = (0usize, 0usize);
        for p in pieces {
            match p.kind {
                PieceKind::Literal => {}
                PieceKind::Variable => {
                    if let Some(stats) = self.variables.get_mut(v) {
                        stats.observe(&line[p.start as usize..p.end as usize]);
                    }
                    v += 1;
                }
                PieceKind::Weak => {
                    let text = &line[p.start as usize..p.end as usize];
                    let mut first_hash = None;
                    if let Some(slot) = self.weak.get_mut(w) {
                        if *slot.first == *text {
                            first_hash = self.weak_first_hash.get(w).copied();
                        } else {
                            slot.varies = true;
                        }
                    }
                    if let Some(stats) = self.weak_values.get_mut(w) {
                        match first_hash {
                            Some(h) => stats.observe_hashed(h, text),
                            None => stats.observe(text),
                        }
                    }
                    w += 1;
                }
            }
        }
    }

    /// Number of tokens.
    pub fn token_count(&self) -> usize {
        self.token_starts.len() - 1
    }

    /// Pieces of token `t`.
    pub fn token(&self, t: usize) -> &[ShapePiece] {
        &self.pieces[self.token_starts[t] as usize..self.token_starts[t + 1] as usize]
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The fast key of lines without control bytes is the escaped key, byte for byte.
    #[test]
    fn keys_in_runs_equal_escaped_keys() {
        let lines = [
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
            "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4",
            "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
            "via interface ee0  and\ttabs\t\tand   spaces jk2_init() storage234",
            "{\"level\":\"info\",\"msg\":\"Order ord_8f3a91c2 persisted in 42 ms\",\"size\":\"16.0 KB\"}",
            "GET /api/orders/12345?expand=items HTTP/1.1 200 size 16.0 KB, took 65020ms (threshold=30000ms)",
            "  leading and trailing  ",
            "x",
            "",
        ];
        let mut scanned = ScannedLine::default();
        for line in lines {
            scanned.scan(line);
            assert!(!scanned.has_control, "{line}");
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            build_key_in_runs(line.as_bytes(), &scanned, &mut fast);
            build_key_escaped(line.as_bytes(), &scanned, &mut slow);
            assert_eq!(fast, slow, "{line}");
        }
    }
}
