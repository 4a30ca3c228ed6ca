//! Bytes Logs Insights scans in each log group a month, which CloudWatch bills per GB scanned:
//! a line dropped upstream is a line no query scans again.
//!
//! `DescribeQueries` lists the queries run on a group that CloudWatch still keeps, with their
//! ids and start times; `GetQueryResults` on a finished query gives `statistics.bytesScanned`,
//! for as long as CloudWatch keeps the query's results (a shorter while than the listing).
//! Per group, the runs whose statistics answer give the mean bytes a run scans; times the
//! number of runs listed, over the period the listing covers (its earliest run to now, one day
//! at least, so that a single query run a minute ago is not taken for a month of them), scaled
//! to a month of 730 hours. A query listed under several of the groups read is one query over
//! all of them: its bytes are split evenly between them.
//!
//! A group whose history cannot be read (a permission missing, a service that lacks the call)
//! is left out: its scans are not known, and the cost model prices it on ingestion and storage
//! alone. Reading results is bounded ([`MAX_RESULTS_PER_GROUP`], [`MAX_RESULTS_PER_READ`]): a
//! `GetQueryResults` answer carries the query's rows too.

use crate::client::Caller;
use aws_sdk_cloudwatchlogs::types::QueryStatus;
use aws_sdk_cloudwatchlogs::Client;
use std::collections::{BTreeMap, HashMap};

/// Runs of one group whose results are read at most (the most recent first).
pub const MAX_RESULTS_PER_GROUP: usize = 10;

/// `GetQueryResults` calls of one read at most, over all its groups.
pub const MAX_RESULTS_PER_READ: usize = 200;

/// A month of 730 hours, in ms.
const MONTH_MS: f64 = 730.0 * 3_600_000.0;

/// The shortest period a listing is taken to cover.
const MIN_PERIOD_MS: i64 = 86_400_000;

/// One run of a query on a group, as `DescribeQueries` lists it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Run {
    /// The query's id.
    pub id: String,
    /// When it started (ms since the Unix epoch).
    pub started_ms: Option<i64>,
    /// Whether it finished, so its statistics are final.
    pub complete: bool,
}

/// Monthly bytes scanned per group of `groups` whose history could be read.
pub(crate) async fn monthly_scanned(
    client: &Client,
    caller: &Caller,
    groups: &[String],
    now_ms: i64,
) -> BTreeMap<String, u64> {
    let mut runs: BTreeMap<String, Vec<Run>> = BTreeMap::new();
    for group in groups {
        if let Ok(listed) = list_runs(client, caller, group).await {
            runs.insert(group.clone(), listed);
        }
    }
    let mut budget = MAX_RESULTS_PER_READ;
    let mut scanned: HashMap<String, Option<f64>> = HashMap::new();
    for listed in runs.values() {
        let mut recent: Vec<&Run> = listed.iter().filter(|r| r.complete).collect();
        recent.sort_by_key(|r| std::cmp::Reverse(r.started_ms));
        for run in recent.into_iter().take(MAX_RESULTS_PER_GROUP) {
            if budget == 0 || scanned.contains_key(&run.id) {
                continue;
            }
            budget -= 1;
            scanned.insert(run.id.clone(), bytes_scanned(client, caller, &run.id).await);
        }
    }
    estimate(&runs, &scanned, now_ms)
}

/// The estimate of [`monthly_scanned`] from the runs listed per group and the bytes each run
/// whose results were read scanned (`None`: it did not answer).
pub(crate) fn estimate(
    runs: &BTreeMap<String, Vec<Run>>,
    scanned: &HashMap<String, Option<f64>>,
    now_ms: i64,
) -> BTreeMap<String, u64> {
    // How many of the groups read list each query.
    let mut sharing: HashMap<&str, usize> = HashMap::new();
    for listed in runs.values() {
        for run in listed {
            *sharing.entry(run.id.as_str()).or_default() += 1;
        }
    }
    let mut out = BTreeMap::new();
    for (group, listed) in runs {
        if listed.is_empty() {
            // No query ran on it in the history kept: nothing scanned.
            out.insert(group.clone(), 0);
            continue;
        }
        let answered: Vec<f64> = listed
            .iter()
            .filter_map(|r| {
                let bytes = (*scanned.get(&r.id)?)?;
                Some(bytes / sharing.get(r.id.as_str()).copied().unwrap_or(1).max(1) as f64)
            })
            .collect();
        if answered.is_empty() {
            // Queries ran, but none's statistics are kept: not known.
            continue;
        }
        let mean = answered.iter().sum::<f64>() / answered.len() as f64;
        let earliest = listed.iter().filter_map(|r| r.started_ms).min();
        let period = earliest.map_or(MIN_PERIOD_MS, |e| (now_ms - e).max(MIN_PERIOD_MS));
        let monthly = mean * listed.len() as f64 * MONTH_MS / period as f64;
        if monthly.is_finite() && monthly >= 0.0 {
            out.insert(group.clone(), monthly.round() as u64);
        }
    }
    out
}

/// The runs `DescribeQueries` lists for `group`, page by page.
async fn list_runs(client: &Client, caller: &Caller, group: &str) -> crate::Result<Vec<Run>> {
    let cx = caller.context("DescribeQueries", Some(group));
    let mut runs = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = caller
            .call(&cx, || {
                client
                    .describe_queries()
                    .log_group_name(group)
                    .max_results(1000)
                    .set_next_token(token.clone())
                    .send()
            })
            .await?;
        for q in out.queries() {
            let Some(id) = q.query_id().filter(|id| !id.is_empty()) else {
                continue;
            };
            runs.push(Run {
                id: id.to_string(),
                started_ms: q.create_time(),
                complete: q.status() == Some(&QueryStatus::Complete),
            });
        }
        match crate::dependents::next(out.next_token(), &token) {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    Ok(runs)
}

/// Bytes the finished query `id` scanned, when CloudWatch still keeps its statistics.
async fn bytes_scanned(client: &Client, caller: &Caller, id: &str) -> Option<f64> {
    let cx = caller.context("GetQueryResults", None);
    let out = caller
        .call(&cx, || client.get_query_results().query_id(id).send())
        .await
        .ok()?;
    if out.status() != Some(&QueryStatus::Complete) {
        return None;
    }
    let bytes = out.statistics()?.bytes_scanned();
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn run(id: &str, started_ms: i64) -> Run {
        Run {
            id: id.into(),
            started_ms: Some(started_ms),
            complete: true,
        }
    }

    #[test]
    fn the_answered_runs_give_the_mean_times_the_runs_over_the_period() {
        let now = 30 * DAY;
        // /ecs/web: 4 runs over the last 10 days; two answer (1 GB and 3 GB), one of them a
        // query over /ecs/api too. /ecs/api: that query alone.
        let runs: BTreeMap<String, Vec<Run>> = [
            (
                "/ecs/web".to_string(),
                vec![
                    run("a", 20 * DAY),
                    run("b", 25 * DAY),
                    run("c", 28 * DAY),
                    run("d", 29 * DAY),
                ],
            ),
            ("/ecs/api".to_string(), vec![run("b", 25 * DAY)]),
            ("quiet".to_string(), Vec::new()),
            ("expired".to_string(), vec![run("e", 29 * DAY)]),
        ]
        .into_iter()
        .collect();
        let gb = 1e9;
        let scanned: HashMap<String, Option<f64>> = [
            ("a".to_string(), Some(gb)),
            ("b".to_string(), Some(6.0 * gb)),
            ("c".to_string(), None),
            ("e".to_string(), None),
        ]
        .into_iter()
        .collect();
        let out = estimate(&runs, &scanned, now);
        // /ecs/web: runs a (1 GB) and b (6 GB split over two groups: 3 GB) answer, a mean of
        // 2 GB; 4 runs in 10 days is 8 GB per 10 days, 8 x 30.41667 / 10 = 24.33 GB a month.
        assert_eq!(
            out["/ecs/web"],
            (8.0 * gb * 730.0 / 24.0 / 10.0).round() as u64
        );
        // /ecs/api: one run of 3 GB in 5 days: 3 x 30.41667 / 5 = 18.25 GB a month.
        assert_eq!(
            out["/ecs/api"],
            (3.0 * gb * 730.0 / 24.0 / 5.0).round() as u64
        );
        assert_eq!(out["quiet"], 0);
        assert!(!out.contains_key("expired"));
        // A run a minute ago counts over a day at least.
        let recent = [("g".to_string(), vec![run("a", now - 60_000)])]
            .into_iter()
            .collect();
        let out = estimate(&recent, &scanned, now);
        assert_eq!(out["g"], (gb * 730.0 / 24.0).round() as u64);
    }
}
