//! A first look at each log group before a large pull is cut into slices.
//!
//! Slices spread a sample over the window, but each costs at least one request, and requests
//! are rate-limited (5 a second by default). Cut by the sample size alone, a sample larger than
//! what the groups hold makes hundreds of slices per group that each return a handful of
//! events. So a pull whose slices would be many first asks each group for its share of the
//! sample in one page over the whole window:
//!
//! - the page holds everything (no next token): the group is read, exactly, in one request;
//! - the page is full and goes on: its events span part of the window, which gives the group's
//!   density. A group plainly smaller than its share (four times under, so that a quiet start
//!   of the window cannot mislead) gets slices sized to pages rather than to the sample; any
//!   other keeps the slices the sample asks for, so a small sample of a busy group stays spread
//!   evenly. The page's events are dropped: they all come from the window's start.

use crate::client::Caller;
use crate::error::Result;
use crate::pull::{filter_page, PullRequest, MAX_PAGE_EVENTS};
use aws_sdk_cloudwatchlogs::Client;
use lognoise_source::Event;

/// Slices per group a pull cuts when the sample alone decides (4 to 240, about one per 1,000
/// events wanted).
pub(crate) fn slices_for_sample(request: &PullRequest) -> u64 {
    share_per_group(request).div_ceil(1000).clamp(4, 240)
}

/// The sample's share of each group.
fn share_per_group(request: &PullRequest) -> u64 {
    (request.sample / (request.groups.len() as u64).max(1)).max(1)
}

/// What the first look found in one group.
#[derive(Debug)]
pub(crate) enum Look {
    /// Every event of the window, with the hash of its id.
    Everything(Vec<(u64, Event)>),
    /// About this many events in the window (from the density of a full first page).
    About(f64),
    /// Nothing to go by (a partial page that goes on, as CloudWatch returns while it scans).
    Unknown,
}

impl Look {
    /// Slices to cut the group into for `request`, given this look.
    pub(crate) fn slices(&self, request: &PullRequest) -> u64 {
        let by_sample = slices_for_sample(request);
        match self {
            Look::Everything(_) => 1,
            Look::About(estimate) if estimate * 4.0 < share_per_group(request) as f64 => {
                // Half-page slices: each read in one request, several at once.
                ((estimate / (MAX_PAGE_EVENTS / 2) as f64).ceil() as u64).clamp(2, by_sample)
            }
            Look::About(_) | Look::Unknown => by_sample,
        }
    }
}

/// Whether `request` is worth a first look: only when the sample would cut more than the
/// fewest slices (smaller pulls are a few requests anyway).
pub(crate) fn worth_a_look(request: &PullRequest) -> bool {
    request.slices.is_none() && slices_for_sample(request) > 4
}

/// Looks at every group of `request`, a few at once, in the order of `request.groups`.
pub(crate) async fn look(
    client: &Client,
    caller: &Caller,
    request: &PullRequest,
    concurrency: usize,
) -> Result<Vec<Look>> {
    let limit = share_per_group(request).min(MAX_PAGE_EVENTS);
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, group) in request.groups.iter().enumerate() {
        let (client, caller, permits) = (client.clone(), caller.clone(), permits.clone());
        let (group, filter) = (group.clone(), request.filter.clone());
        let (start, end) = (request.window_start_ms, request.window_end_ms);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let found = look_at(&client, &caller, &group, filter, (start, end), limit).await;
            (i, found)
        });
    }
    let mut looks: Vec<Option<Look>> = (0..request.groups.len()).map(|_| None).collect();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok((i, found)) => looks[i] = Some(found?),
            Err(e) => {
                return Err(crate::Error::Invalid(format!(
                    "a first look at a log group failed: {e}"
                )))
            }
        }
    }
    Ok(looks
        .into_iter()
        .map(|l| l.unwrap_or(Look::Unknown))
        .collect())
}

async fn look_at(
    client: &Client,
    caller: &Caller,
    group: &str,
    filter: Option<String>,
    window: (i64, i64),
    limit: u64,
) -> Result<Look> {
    let (start, end) = window;
    let (events, next) = filter_page(
        client,
        caller,
        group,
        window,
        filter.as_deref(),
        None,
        limit,
    )
    .await?;
    let goes_on = next.is_some();
    if !goes_on {
        return Ok(Look::Everything(events));
    }
    let last = events.iter().filter_map(|(_, e)| e.timestamp_ms).max();
    Ok(match last {
        Some(last) if events.len() as u64 >= limit && last > start => {
            let covered = (last - start + 1) as f64;
            Look::About(events.len() as f64 * (end - start) as f64 / covered)
        }
        _ => Look::Unknown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pull::Via;

    fn request(groups: usize, sample: u64) -> PullRequest {
        PullRequest {
            key: "k".into(),
            groups: (0..groups).map(|g| format!("/g{g}")).collect(),
            window_start_ms: 0,
            window_end_ms: 3_600_000,
            filter: None,
            sample,
            via: Via::FilterLogEvents,
            slices: None,
            concurrency: 4,
            batch_events: 1000,
        }
    }

    #[test]
    fn a_group_read_whole_is_one_slice_and_a_busy_one_keeps_the_samples_slices() {
        let r = request(7, 1_000_000);
        assert!(worth_a_look(&r));
        assert_eq!(slices_for_sample(&r), 143);
        assert_eq!(Look::Everything(Vec::new()).slices(&r), 1);
        // 30,000 events against a share of 142,857: half-page slices.
        assert_eq!(Look::About(30_000.0).slices(&r), 6);
        // Near its share, or over it: as many slices as the sample asks, to spread it.
        assert_eq!(Look::About(60_000.0).slices(&r), 143);
        assert_eq!(Look::About(5e6).slices(&r), 143);
        assert_eq!(Look::Unknown.slices(&r), 143);
    }

    #[test]
    fn small_pulls_and_pulls_with_their_own_slices_take_no_first_look() {
        assert!(!worth_a_look(&request(2, 8_000)));
        let mut r = request(1, 1_000_000);
        r.slices = Some(10);
        assert!(!worth_a_look(&r));
    }
}
