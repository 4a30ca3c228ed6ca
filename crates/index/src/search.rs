//! Ad hoc search: one call that the command line and the app make, returning the newest
//! matching events with their matched terms, the total, counts per template and per log group,
//! and a time histogram.

use crate::collect::{Buckets, EventStats, Gathered};
use crate::import::index_generation;
use crate::schema::{self, field_names, Fields};
use crate::{Error, Result};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use serde::Serialize;
use std::ops::Bound;
use std::sync::Arc;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Buckets of the time histogram unless asked otherwise.
pub const DEFAULT_BUCKETS: usize = 60;

/// A search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// Query in tantivy's syntax: words, `"phrases"`, `AND`/`OR`/`NOT`, `field:value`. Words
    /// must all match unless joined by `OR`. Empty matches every event.
    pub query: String,
    /// Events at or after this time (ms since the Unix epoch).
    pub since_ms: Option<i64>,
    /// Events before this time.
    pub until_ms: Option<i64>,
    /// Events of this log group only.
    pub group: Option<String>,
    /// Events of this template only.
    pub template: Option<TemplateId>,
    /// Events of this level only, in any case (`ERROR` and `error` are one level).
    pub level: Option<String>,
    /// Also count the matching events per level ([`SearchResponse::levels`]), in the same
    /// pass over the matches.
    pub level_facets: bool,
    /// Hits to return, newest first.
    pub limit: usize,
    /// Buckets of the histogram.
    pub buckets: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            since_ms: None,
            until_ms: None,
            group: None,
            template: None,
            level: None,
            level_facets: false,
            limit: 20,
            buckets: DEFAULT_BUCKETS,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Clone, Debug, Serialize)]
pub struct SearchResponse {
    /// Matching events.
    pub total: u64,
    /// The newest matching events (events without a time come last).
    pub hits: Vec<Hit>,
    /// Matching events per template, most first.
    pub templates: Vec<TemplateCount>,
    /// Matching events per log group, most first (events without a group are not counted).
    pub groups: Vec<GroupCount>,
    /// Matching events per level, most first, when the request asked for level facets (events
    /// without a level are not counted).
    pub levels: Vec<LevelCount>,
    /// Matching events over time; `None` when no event has a time.
    pub histogram: Option<Histogram>,
}

/// One matching event.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Sequence number in the workspace.
    pub seq: u64,
    /// Event time (ms since the Unix epoch).
    pub timestamp_ms: Option<i64>,
    /// Log group.
    pub log_group: Option<String>,
    /// Log stream.
    pub log_stream: Option<String>,
    /// Level, when the line had one.
    pub level: Option<String>,
    /// The message.
    pub message: String,
    /// Byte ranges `[start, end)` of `message` that matched the query, in order, not overlapping.
    pub highlights: Vec<[usize; 2]>,
    /// The event's template.
    pub template_id: Option<TemplateId>,
    /// Its text.
    pub template: Option<String>,
}

/// Events of one template.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TemplateCount {
    /// Template id.
    pub id: TemplateId,
    /// Template text.
    pub text: String,
    /// Matching events.
    pub count: u64,
}

/// Events and message bytes of one template in a part of the workspace (one log group).
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct TemplateVolume {
    /// Template id.
    pub id: TemplateId,
    /// Events.
    pub count: u64,
    /// Bytes of their messages.
    pub bytes: u64,
}

/// Events of one log group.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct GroupCount {
    /// Log group.
    pub group: String,
    /// Matching events.
    pub count: u64,
}

/// Events of one level.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LevelCount {
    /// Level, lower case ([`level_name`]).
    pub level: String,
    /// Matching events.
    pub count: u64,
}

/// The one spelling of a level lognoise uses everywhere (index terms, facets, filters, the
/// template's levels as screens show them): lower case, so `ERROR`, `Error` and `error` are one.
pub fn level_name(raw: &str) -> String {
    raw.to_ascii_lowercase()
}

/// Event counts over equal time buckets.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Histogram {
    /// Start of the first bucket (ms since the Unix epoch).
    pub start_ms: i64,
    /// Width of each bucket in ms.
    pub bucket_ms: i64,
    /// Count per bucket.
    pub counts: Vec<u64>,
    /// Matching events without a time (not in any bucket).
    pub untimed: u64,
}

/// An open index, kept for many searches (the app searches on every keystroke).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Sequence numbers from here on belong to an import the manifest does not list yet.
    hide_from_seq: Option<u64>,
}

impl SearchIndex {
    /// Opens the index of a workspace.
    pub fn open(ws: &Workspace) -> Result<SearchIndex> {
        let (index, fields) = schema::open(ws)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let hide_from_seq =
            (index_generation(&index)? != ws.manifest().generation).then_some(ws.manifest().events);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            hide_from_seq,
        })
    }

    /// Runs a search.
    pub fn search(&self, ws: &Workspace, request: &SearchRequest) -> Result<SearchResponse> {
        let searcher = self.reader.searcher();
        let user_query = self.parse(&request.query)?;
        let query = self.filtered(ws, user_query.box_clone(), request)?;
        let buckets =
            histogram_range(ws, request).map(|(s, e)| Buckets::covering(s, e, request.buckets));
        let map = ws.templates();
        let stats = EventStats {
            limit: request.limit,
            buckets,
            cluster_template: Arc::from(map.cluster_templates()),
            templates: map.templates().len(),
            template_series: false,
            level_facets: request.level_facets.then_some(self.fields.level),
            template_bytes: false,
        };
        let gathered = searcher.search(&query, &stats)?;
        let hits = self.hits(ws, &searcher, &*user_query, &gathered)?;
        Ok(response(ws, gathered, hits, buckets))
    }

    /// Events and message bytes of each template within the log group `group`, from one pass
    /// over the group's events, most bytes first: a template is priced by the groups its lines
    /// are ingested into, whose log classes cost differently.
    pub fn template_volumes_in_group(
        &self,
        ws: &Workspace,
        group: &str,
    ) -> Result<Vec<TemplateVolume>> {
        let map = ws.templates();
        let request = SearchRequest {
            group: Some(group.to_string()),
            ..SearchRequest::default()
        };
        let query = self.filtered(ws, Box::new(AllQuery), &request)?;
        let stats = EventStats {
            limit: 0,
            buckets: None,
            cluster_template: Arc::from(map.cluster_templates()),
            templates: map.templates().len(),
            template_series: false,
            level_facets: None,
            template_bytes: true,
        };
        let gathered = self.reader.searcher().search(&query, &stats)?;
        let mut out: Vec<TemplateVolume> = gathered
            .per_template
            .iter()
            .zip(&gathered.bytes_per_template)
            .enumerate()
            .filter(|(_, (&n, _))| n > 0)
            .filter_map(|(i, (&count, &bytes))| {
                map.templates().get(i).map(|t| TemplateVolume {
                    id: t.id,
                    count,
                    bytes,
                })
            })
            .collect();
        out.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Gathers `stats` over every event the manifest lists.
    pub(crate) fn run(&self, ws: &Workspace, stats: &EventStats) -> Result<Gathered> {
        let query = self.filtered(ws, Box::new(AllQuery), &SearchRequest::default())?;
        Ok(self.reader.searcher().search(&query, stats)?)
    }

    /// The user's query, with the errors named for people.
    fn parse(&self, text: &str) -> Result<Box<dyn Query>> {
        if text.trim().is_empty() {
            return Ok(Box::new(AllQuery));
        }
        let (_, errors) = tantivy::query_grammar::parse_query_lenient(text);
        if let Some(e) = errors.into_iter().next() {
            return Err(Error::QuerySyntax {
                query: text.to_string(),
                position: text[..e.pos.min(text.len())].chars().count(),
                message: e.message,
            });
        }
        let schema = self.index.schema();
        let mut parser = QueryParser::new(
            schema.clone(),
            vec![self.fields.message],
            schema::tokenizers(true),
        );
        parser.set_conjunction_by_default();
        parser.parse_query(text).map_err(|e| match e {
            QueryParserError::FieldDoesNotExist(field) => Error::UnknownField {
                field,
                known: field_names(&schema),
            },
            other => Error::InvalidQuery(other.to_string()),
        })
    }

    /// The user's query within the request's time range, group and template.
    fn filtered(
        &self,
        ws: &Workspace,
        user: Box<dyn Query>,
        request: &SearchRequest,
    ) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user)];
        if request.since_ms.is_some() || request.until_ms.is_some() {
            let lo = request.since_ms.map_or(Bound::Unbounded, |t| {
                Bound::Included(Term::from_field_i64(f.timestamp, t))
            });
            let hi = request.until_ms.map_or(Bound::Unbounded, |t| {
                Bound::Excluded(Term::from_field_i64(f.timestamp, t))
            });
            must.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if let Some(g) = &request.group {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.group, g),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(level) = &request.level {
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.level, &level_name(level)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(id) = request.template {
            if ws.templates().get(id).is_none() {
                return Err(Error::UnknownTemplate(id));
            }
            let terms = ws
                .templates()
                .clusters_of(id)
                .into_iter()
                .map(|c| Term::from_field_u64(f.cluster, u64::from(c)));
            must.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if let Some(seq) = self.hide_from_seq {
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Excluded(Term::from_field_u64(f.seq, seq)),
                )),
            ));
        }
        if must.len() == 1 {
            return Ok(must.remove(0).1);
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }

    fn hits(
        &self,
        ws: &Workspace,
        searcher: &Searcher,
        user_query: &dyn Query,
        gathered: &Gathered,
    ) -> Result<Vec<Hit>> {
        let f = &self.fields;
        let mut snippets = SnippetGenerator::create(searcher, user_query, f.message)?;
        // The whole message is shown, so every match in it is wanted.
        snippets.set_max_num_chars(usize::MAX / 2);
        let mut hits = Vec::with_capacity(gathered.hits.len());
        for &(_, address) in &gathered.hits {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let message = text(f.message).unwrap_or_default();
            let snippet = snippets.snippet(&message);
            let offset = snippet.fragment_range().start;
            let highlights = collapse(
                snippet
                    .highlighted()
                    .iter()
                    .map(|r| [r.start + offset, r.end + offset])
                    .collect(),
            );
            let cluster = doc.get_first(f.cluster).and_then(|v| v.as_u64());
            let template = cluster.and_then(|c| ws.templates().template_of(c as u32));
            hits.push(Hit {
                seq: doc.get_first(f.seq).and_then(|v| v.as_u64()).unwrap_or(0),
                timestamp_ms: doc.get_first(f.timestamp).and_then(|v| v.as_i64()),
                log_group: text(f.group),
                log_stream: text(f.stream),
                level: text(f.level),
                message,
                highlights,
                template_id: template.map(|t| t.id),
                template: template.map(|t| t.text.clone()),
            });
        }
        Ok(hits)
    }
}

/// Runs one search on the workspace's index (opening it; keep a [`SearchIndex`] to search
/// often).
pub fn search(ws: &Workspace, request: &SearchRequest) -> Result<SearchResponse> {
    SearchIndex::open(ws)?.search(ws, request)
}

/// The histogram's range: the request's, else the workspace's whole time range, so that
/// histograms of successive searches line up.
fn histogram_range(ws: &Workspace, r: &SearchRequest) -> Option<(i64, i64)> {
    let whole = ws.manifest().time_range;
    let start = r.since_ms.or(whole.map(|w| w.0))?;
    let end = r
        .until_ms
        .map(|t| t.saturating_sub(1))
        .or(whole.map(|w| w.1))?;
    (end >= start).then_some((start, end))
}

fn response(
    ws: &Workspace,
    g: Gathered,
    hits: Vec<Hit>,
    buckets: Option<Buckets>,
) -> SearchResponse {
    let map = ws.templates();
    let mut templates: Vec<TemplateCount> = g
        .per_template
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .filter_map(|(i, &n)| {
            map.templates().get(i).map(|t| TemplateCount {
                id: t.id,
                text: t.text.clone(),
                count: n,
            })
        })
        .collect();
    templates.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    let mut groups: Vec<GroupCount> = g
        .per_group
        .into_iter()
        .map(|(group, count)| GroupCount { group, count })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.group.cmp(&b.group)));
    let mut levels: Vec<LevelCount> = g
        .per_level
        .into_iter()
        .map(|(level, count)| LevelCount { level, count })
        .collect();
    levels.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.level.cmp(&b.level)));
    SearchResponse {
        total: g.total,
        hits,
        templates,
        groups,
        levels,
        histogram: buckets.map(|b| Histogram {
            start_ms: b.start_ms,
            bucket_ms: b.width_ms,
            counts: g.histogram,
            untimed: g.untimed,
        }),
    }
}

/// Sorted ranges with overlaps joined (a word and its part can both match).
fn collapse(mut ranges: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    ranges.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r[0] < last[1] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}
