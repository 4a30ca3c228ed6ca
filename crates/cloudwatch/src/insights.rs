//! Logs Insights: StartQuery, then GetQueryResults until the query is complete.
//!
//! A query returns at most 10,000 rows. A slice whose share of the sample is larger than
//! that, and whose query comes back full, is split in two halves queried in turn (and so on),
//! so a sample of any size can be had through queries.

use crate::client::Caller;
use crate::error::{Error, Result};
use crate::pull::{Page, Reader};
use crate::state::{id_hash, SliceState};
use aws_sdk_cloudwatchlogs::types::QueryStatus;
use aws_sdk_cloudwatchlogs::Client;
use lognoise_source::Event;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Most rows one Logs Insights query returns.
pub const MAX_QUERY_ROWS: u64 = 10_000;

/// One row of query results, field name to value.
pub(crate) type Row = HashMap<String, String>;

/// What a finished query gave.
#[derive(Debug, Default)]
pub(crate) struct QueryOutput {
    pub query_id: String,
    pub rows: Vec<Row>,
    pub records_matched: f64,
    pub bytes_scanned: f64,
}

/// Runs one query over `[start_s, end_s]` (seconds, both included) and waits for its rows.
pub(crate) async fn run_query(
    client: &Client,
    caller: &Caller,
    groups: &[String],
    start_s: i64,
    end_s: i64,
    query: &str,
) -> Result<QueryOutput> {
    let cx = caller.context("StartQuery", groups.first().map(String::as_str));
    let started = caller
        .call(&cx, || {
            client
                .start_query()
                .set_log_group_names(Some(groups.to_vec()))
                .start_time(start_s)
                .end_time(end_s)
                .query_string(query)
                .send()
        })
        .await?;
    let query_id = started.query_id().unwrap_or_default().to_string();
    let cx = caller.context("GetQueryResults", groups.first().map(String::as_str));
    let mut wait = Duration::from_millis(200);
    loop {
        let out = caller
            .call(&cx, || {
                client.get_query_results().query_id(&query_id).send()
            })
            .await?;
        match out.status() {
            Some(QueryStatus::Complete) => {
                let rows = out
                    .results()
                    .iter()
                    .map(|row| {
                        row.iter()
                            .filter_map(|f| {
                                Some((f.field()?.to_string(), f.value().unwrap_or_default().into()))
                            })
                            .collect()
                    })
                    .collect();
                let stats = out.statistics();
                return Ok(QueryOutput {
                    query_id,
                    rows,
                    records_matched: stats.map(|s| s.records_matched()).unwrap_or_default(),
                    bytes_scanned: stats.map(|s| s.bytes_scanned()).unwrap_or_default(),
                });
            }
            Some(QueryStatus::Scheduled | QueryStatus::Running) | None => {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(2));
            }
            Some(other) => {
                return Err(Error::Refused {
                    code: format!("query {}", other.as_str()),
                    message: format!("Logs Insights query {query_id} ended {}", other.as_str()),
                })
            }
        }
    }
}

/// The query that lists events of a slice, oldest first.
pub(crate) fn events_query(filter: Option<&str>, limit: u64) -> String {
    let mut q = String::from("fields @timestamp, @message, @logStream, @log, @ptr");
    if let Some(f) = filter {
        q.push_str(" | filter ");
        q.push_str(f);
    }
    q.push_str(&format!(" | sort @timestamp asc | limit {limit}"));
    q
}

/// Reads every slice that has not given its share yet, each with one query or more.
pub(crate) async fn read_slices(
    reader: Reader,
    slices: Vec<SliceState>,
    concurrency: usize,
) -> Result<()> {
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, slice) in slices.into_iter().enumerate() {
        if slice.exhausted || slice.events >= slice.target {
            continue;
        }
        let reader = reader.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            read_slice(&reader, i, slice).await
        });
    }
    let mut failure = None;
    while let Some(done) = tasks.join_next().await {
        let result = done.unwrap_or_else(|e| Err(Error::Invalid(format!("a query failed: {e}"))));
        if let Err(e) = result {
            reader.cancel.cancel();
            failure.get_or_insert(e);
        }
    }
    failure.map_or(Ok(()), Err)
}

/// Queries `[start_ms, end_ms)` for up to `want` events, splitting in halves while a query
/// comes back full and more are wanted.
async fn read_slice(reader: &Reader, index: usize, mut slice: SliceState) -> Result<()> {
    let want = slice.target.saturating_sub(slice.events);
    let mut stack = vec![(slice.start_ms, slice.end_ms, want)];
    let mut complete = true;
    while let Some((start, end, want)) = stack.pop() {
        if reader.cancel.is_cancelled() {
            return Ok(());
        }
        let limit = want.min(MAX_QUERY_ROWS);
        let query = events_query(reader.filter.as_deref(), limit);
        let out = run_query(
            &reader.client,
            &reader.caller,
            std::slice::from_ref(&slice.group),
            start.div_euclid(1000),
            (end - 1).div_euclid(1000),
            &query,
        )
        .await?;
        let full = out.rows.len() as u64 >= limit;
        if full && want > limit && end - start >= 2000 {
            let mid = start + (end - start) / 2;
            let mid = mid - mid.rem_euclid(1000);
            // Later half pushed first, so the earlier half is read first.
            stack.push((mid, end, want - want / 2));
            stack.push((start, mid, want / 2));
            continue;
        }
        complete &= !full;
        let mut events = Vec::with_capacity(out.rows.len());
        for row in &out.rows {
            let Some(ts) = row.get("@timestamp").and_then(|t| parse_timestamp(t)) else {
                continue;
            };
            if ts < start || ts >= end {
                continue;
            }
            let message = row.get("@message").cloned().unwrap_or_default();
            let id = match row.get("@ptr") {
                Some(p) => id_hash(p),
                None => id_hash(&format!("{}\u{1f}{ts}\u{1f}{message}", slice.group)),
            };
            let group = row
                .get("@log")
                .and_then(|l| l.split_once(':').map(|(_, g)| g.to_string()))
                .unwrap_or_else(|| slice.group.clone());
            events.push((
                id,
                Event {
                    timestamp_ms: Some(ts),
                    log_group: Some(group),
                    log_stream: row.get("@logStream").cloned(),
                    message: message.trim_end_matches('\n').to_string(),
                },
            ));
        }
        // The time this part covers: all of it, or up to its last row when it came back full.
        let last_row = events.iter().filter_map(|(_, e)| e.timestamp_ms).max();
        let covered = match (full, last_row) {
            (true, Some(last)) => last - start + 1,
            _ => end - start,
        };
        slice.covered_ms = Some(slice.covered_ms.unwrap_or(0) + covered);
        let events = reader.keep_new(events);
        for (_, e) in &events {
            slice.events += 1;
            slice.bytes += e.message.len() as u64;
            if let Some(ts) = e.timestamp_ms {
                slice.last_ms = Some(slice.last_ms.map_or(ts, |l| l.max(ts)));
            }
        }
        if stack.is_empty() {
            slice.exhausted = complete;
            // The share is spent either way: a resumed pull does not query this slice again.
            slice.target = slice.target.min(slice.events);
        }
        let page = Page {
            slice: index,
            events,
            after: slice.clone(),
        };
        if reader.tx.send(page).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// `@timestamp` as Logs Insights returns it (`2026-03-02 10:15:01.123`, UTC) or as epoch
/// milliseconds (some emulators).
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    let iso = format!("{}Z", t.replacen(' ', "T", 1));
    lognoise_source::parse_rfc3339_ms(&iso)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn insights_timestamps_are_read_in_both_forms() {
        assert_eq!(
            parse_timestamp("2026-03-02 00:00:01.250"),
            Some(1_772_409_601_250)
        );
        assert_eq!(parse_timestamp("1772409601250"), Some(1_772_409_601_250));
        assert_eq!(parse_timestamp("yesterday"), None);
    }

    #[test]
    fn the_events_query_sorts_and_limits() {
        assert_eq!(
            events_query(Some("@message like /ERROR/"), 500),
            "fields @timestamp, @message, @logStream, @log, @ptr | filter @message like /ERROR/ \
             | sort @timestamp asc | limit 500"
        );
    }
}
