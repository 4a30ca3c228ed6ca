//! One pass over the matching documents gathers everything a search or a template listing shows:
//! the newest hits, the count per template, per log group, per level and per time bucket, and
//! when asked the message bytes per template.

use crate::schema::{BYTES, CLUSTER, GROUP, SEQ, TIMESTAMP};
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED};

/// Time buckets of a histogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Buckets {
    pub start_ms: i64,
    pub width_ms: i64,
    pub count: usize,
}

impl Buckets {
    /// `count` buckets covering `start..=end`.
    pub fn covering(start: i64, end: i64, count: usize) -> Buckets {
        let span = (end as i128 - start as i128 + 1).max(1);
        let width = ((span + count as i128 - 1) / count.max(1) as i128).max(1);
        Buckets {
            start_ms: start,
            width_ms: width.min(i64::MAX as i128) as i64,
            count: count.max(1),
        }
    }

    #[inline]
    fn of(&self, t: i64) -> Option<usize> {
        if t < self.start_ms {
            return None;
        }
        let b = ((t as i128 - self.start_ms as i128) / self.width_ms as i128) as usize;
        (b < self.count).then_some(b)
    }
}

/// Sort key of a hit: newest first, then latest imported first; events without a time last.
pub(crate) type HitKey = (i64, u64);

/// What to gather.
pub(crate) struct EventStats {
    /// Hits to keep (newest first).
    pub limit: usize,
    pub buckets: Option<Buckets>,
    /// Template index of each cluster.
    pub cluster_template: Arc<[u32]>,
    pub templates: usize,
    /// Also count per template and bucket.
    pub template_series: bool,
    /// Count per level (the facet of the Search screen): the index's level field.
    pub level_facets: Option<Field>,
    /// Also add up message bytes per template (what prices a template by log group).
    pub template_bytes: bool,
}

/// What was gathered.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub total: u64,
    pub hits: Vec<(HitKey, DocAddress)>,
    /// Count per template index.
    pub per_template: Vec<u64>,
    /// Message bytes per template index, when asked for (else empty).
    pub bytes_per_template: Vec<u64>,
    pub per_group: FxHashMap<String, u64>,
    /// Count per level (lower case), when asked for.
    pub per_level: FxHashMap<String, u64>,
    pub histogram: Vec<u64>,
    /// Matching events without a time.
    pub untimed: u64,
    /// `templates * buckets` counts when asked for.
    pub series: Vec<u64>,
}

pub(crate) struct SegmentStats {
    segment: SegmentOrdinal,
    limit: usize,
    buckets: Option<Buckets>,
    cluster_template: Arc<[u32]>,
    template_series: bool,
    timestamp: Column<i64>,
    seq: Column<u64>,
    cluster: Column<u64>,
    bytes: Option<Column<u64>>,
    group: Option<StrColumn>,
    group_counts: Vec<u64>,
    levels: Option<LevelColumn>,
    level_counts: Vec<u64>,
    heap: BinaryHeap<Reverse<(HitKey, DocId)>>,
    out: Gathered,
}

impl Collector for EventStats {
    type Fruit = Gathered;
    type Child = SegmentStats;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStats> {
        let ff = reader.fast_fields();
        let group = ff.str(GROUP)?;
        let group_counts = vec![0; group.as_ref().map_or(0, |g| g.num_terms())];
        let buckets = self.buckets.map_or(0, |b| b.count);
        let levels = self
            .level_facets
            .map(|field| LevelColumn::read(reader, field))
            .transpose()?;
        let level_counts = vec![0; levels.as_ref().map_or(0, |l| l.names.len())];
        Ok(SegmentStats {
            segment,
            limit: self.limit,
            buckets: self.buckets,
            cluster_template: self.cluster_template.clone(),
            template_series: self.template_series,
            timestamp: ff.i64(TIMESTAMP)?,
            seq: ff.u64(SEQ)?,
            cluster: ff.u64(CLUSTER)?,
            bytes: if self.template_bytes {
                Some(ff.u64(BYTES)?)
            } else {
                None
            },
            group,
            group_counts,
            levels,
            level_counts,
            heap: BinaryHeap::with_capacity(self.limit + 1),
            out: Gathered {
                per_template: vec![0; self.templates],
                bytes_per_template: if self.template_bytes {
                    vec![0; self.templates]
                } else {
                    Vec::new()
                },
                histogram: vec![0; buckets],
                series: if self.template_series {
                    vec![0; self.templates * buckets]
                } else {
                    Vec::new()
                },
                ..Gathered::default()
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let buckets = self.buckets.map_or(0, |b| b.count);
        let mut all = Gathered {
            per_template: vec![0; self.templates],
            bytes_per_template: if self.template_bytes {
                vec![0; self.templates]
            } else {
                Vec::new()
            },
            histogram: vec![0; buckets],
            series: vec![
                0;
                if self.template_series {
                    self.templates * buckets
                } else {
                    0
                }
            ],
            ..Gathered::default()
        };
        for f in fruits {
            all.total += f.total;
            all.untimed += f.untimed;
            all.hits.extend(f.hits);
            add(&mut all.per_template, &f.per_template);
            add(&mut all.bytes_per_template, &f.bytes_per_template);
            add(&mut all.histogram, &f.histogram);
            add(&mut all.series, &f.series);
            for (g, n) in f.per_group {
                *all.per_group.entry(g).or_default() += n;
            }
            for (l, n) in f.per_level {
                *all.per_level.entry(l).or_default() += n;
            }
        }
        all.hits.sort_unstable_by_key(|h| Reverse(h.0));
        all.hits.truncate(self.limit);
        Ok(all)
    }
}

fn add(acc: &mut [u64], more: &[u64]) {
    for (a, m) in acc.iter_mut().zip(more) {
        *a += m;
    }
}

impl SegmentCollector for SegmentStats {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let out = &mut self.out;
        out.total += 1;
        let time = self.timestamp.first(doc);
        let template = self
            .cluster
            .first(doc)
            .and_then(|c| self.cluster_template.get(c as usize))
            .map(|&t| t as usize)
            .filter(|&t| t < out.per_template.len());
        if let Some(t) = template {
            out.per_template[t] += 1;
            if let (Some(bytes), Some(sum)) = (&self.bytes, out.bytes_per_template.get_mut(t)) {
                *sum += bytes.first(doc).unwrap_or(0);
            }
        }
        if let Some(g) = &self.group {
            if let Some(ord) = g.ords().first(doc) {
                if let Some(n) = self.group_counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
        if let Some(levels) = &self.levels {
            if let Some(&ord) = levels.of_doc.get(doc as usize) {
                if ord > 0 {
                    self.level_counts[usize::from(ord) - 1] += 1;
                }
            }
        }
        match time {
            None => out.untimed += 1,
            Some(t) => {
                if let Some(b) = self.buckets.and_then(|bs| bs.of(t)) {
                    out.histogram[b] += 1;
                    if let (true, Some(tpl)) = (self.template_series, template) {
                        out.series[tpl * out.histogram.len() + b] += 1;
                    }
                }
            }
        }
        if self.limit > 0 {
            let key = (time.unwrap_or(i64::MIN), self.seq.first(doc).unwrap_or(0));
            if self.heap.len() < self.limit {
                self.heap.push(Reverse((key, doc)));
            } else if self.heap.peek().is_some_and(|Reverse((k, _))| key > *k) {
                self.heap.pop();
                self.heap.push(Reverse((key, doc)));
            }
        }
    }

    fn harvest(mut self) -> Gathered {
        if let Some(g) = &self.group {
            let mut name = String::new();
            for (ord, &n) in self.group_counts.iter().enumerate() {
                if n > 0 {
                    name.clear();
                    if g.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                        *self.out.per_group.entry(name.clone()).or_default() += n;
                    }
                }
            }
        }
        if let Some(levels) = &self.levels {
            for (name, &n) in levels.names.iter().zip(&self.level_counts) {
                if n > 0 {
                    *self.out.per_level.entry(name.clone()).or_default() += n;
                }
            }
        }
        let segment = self.segment;
        self.out.hits = self
            .heap
            .into_iter()
            .map(|Reverse((key, doc))| (key, DocAddress::new(segment, doc)))
            .collect();
        self.out
    }
}

/// The level of each document of a segment, read from the level field's postings (the field
/// is indexed, not a fast field, so that workspaces indexed before keep working): one pass
/// over a few short posting lists, then one array lookup per matching document.
struct LevelColumn {
    /// Level names (already lower case: the field's tokenizer lowers them).
    names: Vec<String>,
    /// Per document, 1 + the index of its level in `names`, or 0 without a level.
    of_doc: Vec<u8>,
}

impl LevelColumn {
    /// Levels a segment can tell apart; a line's level is a short word from a small set, so
    /// further distinct values are left uncounted rather than grown into a bigger table.
    const MAX_LEVELS: usize = u8::MAX as usize;

    fn read(reader: &SegmentReader, field: Field) -> tantivy::Result<LevelColumn> {
        let inverted = reader.inverted_index(field)?;
        let mut of_doc = vec![0u8; reader.max_doc() as usize];
        let mut names = Vec::new();
        let mut terms = inverted.terms().stream()?;
        while terms.advance() && names.len() < Self::MAX_LEVELS {
            let mut postings =
                inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
            names.push(String::from_utf8_lossy(terms.key()).into_owned());
            let ord = names.len() as u8;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if let Some(slot) = of_doc.get_mut(doc as usize) {
                    *slot = ord;
                }
                doc = postings.advance();
            }
        }
        Ok(LevelColumn { names, of_doc })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_the_range_and_nothing_else() {
        let b = Buckets::covering(1000, 1599, 60);
        assert_eq!(b.width_ms, 10);
        assert_eq!(b.of(1000), Some(0));
        assert_eq!(b.of(1599), Some(59));
        assert_eq!(b.of(999), None);
        assert_eq!(b.of(1600), None);
        let one = Buckets::covering(5, 5, 60);
        assert_eq!(one.of(5), Some(0));
        let wide = Buckets::covering(i64::MIN, i64::MAX, 60);
        assert_eq!(wide.of(i64::MAX), Some(59));
    }
}
