//! A cluster is every line with one exact shape: the same constant text, the same variable
//! positions, the same weak-word shapes. Clustering by shape is a hash lookup, which is what
//! makes the miner fast; [`crate::merge`] later joins clusters that are one template.

use crate::scan::{PieceKind, ScannedLine};
use crate::stats::{Examples, VariableStats};

/// Key bytes that stand for a variable and for the start/end of a weak word's shape.
const KEY_VARIABLE: u8 = 0x01;
const KEY_WEAK: u8 = 0x02;
const KEY_ESCAPE: u8 = 0x03;
/// Tokens never contain ASCII spaces, so a space separates them in the key.
const KEY_TOKEN_SEP: u8 = b' ';

/// Writes the shape key of a scanned line into `key`.
pub fn build_key(line: &str, scanned: &ScannedLine, key: &mut Vec<u8>) {
    key.clear();
    let b = line.as_bytes();
    for (n, t) in scanned.tokens.iter().enumerate() {
        if n > 0 {
            key.push(KEY_TOKEN_SEP);
        }
        for p in t.pieces(&scanned.pieces) {
            let text = &b[p.start as usize..p.end as usize];
            match p.kind {
                PieceKind::Literal => {
                    if !scanned.has_control || text.iter().all(|&c| c > KEY_ESCAPE) {
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
        }
    }

    /// Records one line of this shape.
    #[inline]
    pub fn observe(&mut self, line: &str, scanned: &ScannedLine, timestamp: Option<i64>) {
        self.count += 1;
        self.bytes += line.len() as u64;
        if let Some(ts) = timestamp {
            self.first_seen = Some(self.first_seen.map_or(ts, |f| f.min(ts)));
            self.last_seen = Some(self.last_seen.map_or(ts, |l| l.max(ts)));
        }
        self.examples.offer(line);
        if let Some((a, z)) = scanned.level {
            let level = &line[a as usize..z as usize];
            if let Some((_, n)) = self.levels.iter_mut().find(|(l, _)| **l == *level) {
                *n += 1;
            } else if self.levels.len() < MAX_LEVELS {
                self.levels.push((level.into(), 1));
            }
        }
        let (mut v, mut w) = (0usize, 0usize);
        for p in &scanned.pieces {
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
                    if let Some(slot) = self.weak.get_mut(w) {
                        if !slot.varies && *slot.first != *text {
                            slot.varies = true;
                        }
                    }
                    if let Some(stats) = self.weak_values.get_mut(w) {
                        stats.observe(text);
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
