//! The Search screen: one call per keystroke (the newest one while an answer is on its way).

use super::blocking;
use crate::dto::{
    GroupCountView, HistogramView, HitView, LevelCount, SearchArgs, SearchView, TemplateFacet,
    TextPart,
};
use crate::error::ApiResult;
use crate::state::{AppState, OpenWorkspace};
use crate::validate;
use lognoise_index::{Hit, SearchRequest};
use tauri::State;

/// Histogram buckets.
const BUCKETS: usize = 96;
/// Level facets shown, most events first.
const LEVEL_FACETS: usize = 6;

/// Runs a search on the open workspace.
#[tauri::command]
pub async fn search(state: State<'_, AppState>, args: SearchArgs) -> ApiResult<SearchView> {
    let open = state.current()?;
    blocking(move || run(&open, &args)).await
}

/// The search; shared with the tests and the benchmark.
pub fn run(open: &OpenWorkspace, args: &SearchArgs) -> ApiResult<SearchView> {
    let started = std::time::Instant::now();
    let query = validate::query(&args.query)?.trim();
    validate::window(args.since_ms, args.until_ms)?;
    let template = args
        .template
        .as_deref()
        .map(validate::template_id)
        .transpose()?;
    let level = args.level.as_deref().map(validate::level).transpose()?;
    let group = args
        .group
        .as_ref()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty());
    let ws = &open.ws;
    let index = open.index()?;
    let request = SearchRequest {
        query: query.to_string(),
        since_ms: args.since_ms,
        until_ms: args.until_ms,
        group,
        template,
        level,
        level_facets: true,
        limit: args.limit.clamp(1, validate::MAX_HITS),
        buckets: BUCKETS,
    };
    let found = index.search(ws, &request)?;
    let levels = found
        .levels
        .into_iter()
        .take(LEVEL_FACETS)
        .map(|l| LevelCount {
            level: l.level,
            count: l.count,
        })
        .collect();
    Ok(SearchView {
        total: found.total,
        hits: found.hits.into_iter().map(hit).collect(),
        templates: found
            .templates
            .into_iter()
            .map(|t| TemplateFacet {
                id: t.id.to_string(),
                text: t.text,
                count: t.count,
            })
            .collect(),
        groups: found
            .groups
            .into_iter()
            .map(|g| GroupCountView {
                group: g.group,
                count: g.count,
            })
            .collect(),
        levels,
        histogram: found.histogram.map(|h| HistogramView {
            start_ms: h.start_ms,
            bucket_ms: h.bucket_ms,
            counts: h.counts,
        }),
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// A hit with its message cut at the highlight ranges.
fn hit(h: Hit) -> HitView {
    // A JSON event reads from its message, with the highlights carried over.
    let parts = match lognoise_miner::headline(&h.message) {
        Some(headline) => parts(&headline.text, &headline.map_ranges(&h.highlights)),
        None => parts(&h.message, &h.highlights),
    };
    HitView {
        seq: h.seq,
        timestamp_ms: h.timestamp_ms,
        log_group: h.log_group,
        level: h.level,
        parts,
        template_id: h.template_id.map(|id| id.to_string()),
        template: h.template,
    }
}

/// Cuts `message` into matched and unmatched parts; ranges that are out of order, out of bounds
/// or not on character boundaries are skipped rather than trusted.
pub fn parts(message: &str, highlights: &[[usize; 2]]) -> Vec<TextPart> {
    let mut out = Vec::new();
    let mut at = 0;
    for &[start, end] in highlights {
        if start < at
            || end <= start
            || end > message.len()
            || !message.is_char_boundary(start)
            || !message.is_char_boundary(end)
        {
            continue;
        }
        if start > at {
            out.push(TextPart {
                text: message[at..start].to_string(),
                matched: false,
            });
        }
        out.push(TextPart {
            text: message[start..end].to_string(),
            matched: true,
        });
        at = end;
    }
    if at < message.len() || out.is_empty() {
        out.push(TextPart {
            text: message[at..].to_string(),
            matched: false,
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn render(parts: &[TextPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.matched {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn highlights_become_parts() {
        assert_eq!(
            render(&parts(
                "Payment declined: card expired",
                &[[8, 16], [23, 30]]
            )),
            "Payment [declined]: card [expired]"
        );
        assert_eq!(render(&parts("abc", &[])), "abc");
        // Overlapping, reversed, out-of-range and mid-character ranges are skipped.
        assert_eq!(
            render(&parts(
                "héllo wörld",
                &[[0, 2], [1, 3], [2, 5], [5, 4], [8, 99]]
            )),
            "h[é]llo wörld"
        );
        assert_eq!(render(&parts("héllo", &[[0, 3]])), "[hé]llo");
    }

    #[test]
    fn a_json_hit_reads_from_its_message_with_its_highlights() {
        let message = r#"{"level":"warn","ts":"2026-03-02T10:00:00Z","msg":"Payment declined","order_id":"o-1"}"#;
        let at = message.find("declined").unwrap();
        let view = hit(Hit {
            seq: 1,
            timestamp_ms: None,
            log_group: None,
            log_stream: None,
            level: Some("warn".into()),
            message: message.into(),
            highlights: vec![[at, at + 8]],
            template_id: None,
            template: None,
        });
        let shown = render(&view.parts);
        assert!(shown.starts_with("Payment [declined] · "), "{shown}");
        assert!(shown.contains(r#""order_id":"o-1""#), "{shown}");
        // A plain line stays as it is.
        let plain = hit(Hit {
            seq: 2,
            timestamp_ms: None,
            log_group: None,
            log_stream: None,
            level: None,
            message: "Payment declined".into(),
            highlights: vec![[8, 16]],
            template_id: None,
            template: None,
        });
        assert_eq!(render(&plain.parts), "Payment [declined]");
    }
}
