//! `lognoise search`: ad hoc search of a workspace's events.

use super::location::WorkspaceArg;
use super::sparkline::sparkline;
use super::time::{format_time, parse_time};
use anyhow::Result;
use clap::Args;
use lognoise_index::{SearchRequest, SearchResponse, DEFAULT_BUCKETS};
use lognoise_miner::TemplateId;
use std::io::{IsTerminal, Write};

/// Templates and groups listed under the hits.
const FACETS_SHOWN: usize = 10;

/// Arguments of `lognoise search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Query in tantivy syntax: words (all must match), "phrases", OR, NOT / -word, and
    /// fields: level:error, group:"/ecs/web", stream:..., bytes:>1000. Words match ids,
    /// addresses and paths whole or by parts (ord_8f3a91, 8f3a91). Empty matches every event.
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub workspace: WorkspaceArg,
    /// Events at or after this time: 2026-03-02T10:00:00Z, 2026-03-02 (UTC), epoch ms, or 2h
    /// (before now).
    #[arg(long, value_name = "T", value_parser = parse_time)]
    pub since: Option<i64>,
    /// Events before this time (same forms as --since).
    #[arg(long, value_name = "T", value_parser = parse_time)]
    pub until: Option<i64>,
    /// Events of this log group only.
    #[arg(long, value_name = "G")]
    pub group: Option<String>,
    /// Events of this template only (the id `lognoise templates` prints).
    #[arg(long, value_name = "ID")]
    pub template: Option<TemplateId>,
    /// Events to show, newest first.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the whole response as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `lognoise search`.
pub fn run(args: &SearchArgs) -> Result<()> {
    let ws = args.workspace.open()?;
    let request = SearchRequest {
        query: args.query.clone(),
        since_ms: args.since,
        until_ms: args.until,
        group: args.group.clone(),
        template: args.template,
        level: None,
        level_facets: false,
        limit: args.limit,
        buckets: DEFAULT_BUCKETS,
    };
    let response = lognoise_index::search(&ws, &request)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &response)?;
        writeln!(out)?;
        return Ok(());
    }
    print(&mut out, &response, std::io::stdout().is_terminal())
}

fn print(out: &mut dyn Write, r: &SearchResponse, color: bool) -> Result<()> {
    for h in &r.hits {
        let time = h
            .timestamp_ms
            .map(format_time)
            .unwrap_or_else(|| "-".into());
        let template = h.template_id.map(|t| t.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{time}  {}  {template}  {}",
            h.log_group.as_deref().unwrap_or("-"),
            match lognoise_miner::headline(&h.message) {
                Some(headline) =>
                    marked(&headline.text, &headline.map_ranges(&h.highlights), color),
                None => marked(&h.message, &h.highlights, color),
            }
        )?;
    }
    if !r.hits.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} events match{}",
        r.total,
        if r.total > r.hits.len() as u64 {
            format!(" ({} newest shown; --limit shows more)", r.hits.len())
        } else {
            String::new()
        }
    )?;
    if r.total == 0 {
        return Ok(());
    }
    writeln!(out, "\nby template:")?;
    for t in r.templates.iter().take(FACETS_SHOWN) {
        writeln!(out, "{:>10}  {}  {}", t.count, t.id, t.text)?;
    }
    if r.templates.len() > FACETS_SHOWN {
        writeln!(
            out,
            "{:>10}  ({} more templates)",
            "",
            r.templates.len() - FACETS_SHOWN
        )?;
    }
    if !r.groups.is_empty() {
        writeln!(out, "\nby log group:")?;
        for g in r.groups.iter().take(FACETS_SHOWN) {
            writeln!(out, "{:>10}  {}", g.count, g.group)?;
        }
    }
    if let Some(h) = &r.histogram {
        let end = h.start_ms + h.bucket_ms * h.counts.len() as i64;
        writeln!(
            out,
            "\nover time ({} buckets of {} from {} to {}):\n  {}",
            h.counts.len(),
            human_duration(h.bucket_ms),
            format_time(h.start_ms),
            format_time(end),
            sparkline(&h.counts)
        )?;
        if h.untimed > 0 {
            writeln!(out, "  ({} events without a time)", h.untimed)?;
        }
    }
    Ok(())
}

/// The message with its matched ranges in bold red on a terminal, in `[[...]]` otherwise.
fn marked(message: &str, ranges: &[[usize; 2]], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[[", "]]")
    };
    let mut s = String::with_capacity(message.len() + ranges.len() * 8);
    let mut at = 0;
    for &[a, b] in ranges {
        if a < at
            || b > message.len()
            || !message.is_char_boundary(a)
            || !message.is_char_boundary(b)
        {
            continue;
        }
        s.push_str(&message[at..a]);
        s.push_str(open);
        s.push_str(&message[a..b]);
        s.push_str(close);
        at = b;
    }
    s.push_str(&message[at..]);
    s
}

fn human_duration(ms: i64) -> String {
    match ms {
        ms if ms % 86_400_000 == 0 => format!("{} d", ms / 86_400_000),
        ms if ms % 3_600_000 == 0 => format!("{} h", ms / 3_600_000),
        ms if ms % 60_000 == 0 => format!("{} min", ms / 60_000),
        ms if ms >= 10_000 => format!("{:.0} s", ms as f64 / 1000.0),
        ms if ms % 1000 == 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_ranges() {
        assert_eq!(marked("a bc d", &[[2, 4]], false), "a [[bc]] d");
        assert_eq!(marked("a bc d", &[[0, 1], [5, 6]], false), "[[a]] bc [[d]]");
    }
}
