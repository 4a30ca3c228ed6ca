//! `lognoise pull`: a sample of N events spread over a time window, pulled concurrently and
//! imported into the workspace as it arrives.
//!
//! The window of each log group is cut into slices. Each round gives every slice that still
//! has events an equal share of what the sample lacks; slices are read concurrently (pages of
//! FilterLogEvents, or Logs Insights queries), so the sample covers the whole window instead
//! of its first minutes. A slice read to its end gives its unused share to the others in the
//! next round.
//!
//! Pages go through a channel to the importer on the caller's thread, which mines and indexes
//! them and commits every `batch_events` events together with the slices' positions (see
//! `state.rs`), so a pull stopped at any point keeps what was committed and resumes from
//! there.

use crate::client::{Caller, CloudWatch};
use crate::error::{Error, Result};
use crate::insights;
use crate::probe;
use crate::state::{id_hash, source_name, Pending, PullState, Pulls, SliceState};
use aws_sdk_cloudwatchlogs::types::FilteredLogEvent;
use aws_sdk_cloudwatchlogs::Client;
use lognoise_index::{ImportOptions, StreamingImport};
use lognoise_source::Event;
use lognoise_workspace::{ArchiveMeter, GroupSample, ImportRecord, SampleRecord, Workspace};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{mpsc, Semaphore};

/// Most events FilterLogEvents returns in one page.
pub const MAX_PAGE_EVENTS: u64 = 10_000;

/// Which API the events come through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// FilterLogEvents pages (`--filter` is a CloudWatch filter pattern).
    #[default]
    FilterLogEvents,
    /// Logs Insights queries (`--filter` is a Logs Insights filter expression).
    Insights,
}

/// What to pull.
#[derive(Clone, Debug)]
pub struct PullRequest {
    /// The arguments as the user gave them (relative times unresolved): the same arguments
    /// resume an unfinished pull, with the window it resolved to the first time.
    pub key: String,
    /// Log groups to sample.
    pub groups: Vec<String>,
    /// Start of the window (ms since the Unix epoch, inclusive).
    pub window_start_ms: i64,
    /// End of the window (exclusive).
    pub window_end_ms: i64,
    /// Filter pattern (FilterLogEvents) or filter expression (Insights).
    pub filter: Option<String>,
    /// Events wanted.
    pub sample: u64,
    /// API to use.
    pub via: Via,
    /// Slices per log group; `None` picks about one per 1,000 events wanted (4 to 240).
    pub slices: Option<u32>,
    /// Slices read at once.
    pub concurrency: usize,
    /// Events per workspace commit.
    pub batch_events: u64,
}

/// Where a pull is, for progress bars.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct PullProgress {
    /// Events imported by the pull (resumed runs included).
    pub events: u64,
    /// Events wanted.
    pub target: u64,
    /// Bytes of their messages.
    pub bytes: u64,
    /// Pages (or queries) that returned events.
    pub pages: u64,
    /// Requests sent by this run, retries included.
    pub requests: u64,
    /// Requests that were throttled.
    pub throttled: u64,
}

/// What a pull did.
#[derive(Clone, Debug, Serialize)]
pub struct PullReport {
    /// Events imported by this run.
    pub events: u64,
    /// Events imported by the pull over all its runs.
    pub pull_events: u64,
    /// Whether this run resumed an unfinished pull.
    pub resumed: bool,
    /// Whether the pull is finished (sample full or every slice read); false when stopped.
    pub complete: bool,
    /// Events in the workspace after the pull.
    pub total_events: u64,
    /// The sample as recorded in the workspace (`None` when nothing was pulled).
    pub sample: Option<SampleRecord>,
    /// Requests sent by this run, retries included.
    pub requests: u64,
    /// Requests that were throttled.
    pub throttled: u64,
}

/// Stops a pull from another thread (Ctrl-C, the app's Cancel): nothing new starts, requests
/// in flight and retries waiting for their turn are abandoned at once, and what arrived is
/// committed.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<CancelFlag>);

#[derive(Debug, Default)]
struct CancelFlag {
    set: AtomicBool,
    /// Wakes the requests waiting in [`Cancel::cancelled`].
    wake: tokio::sync::Notify,
}

impl Cancel {
    /// A new, unset flag.
    pub fn new() -> Cancel {
        Cancel::default()
    }
    /// Asks the pull to stop.
    pub fn cancel(&self) {
        self.0.set.store(true, Ordering::SeqCst);
        self.0.wake.notify_waiters();
    }
    /// Whether a stop was asked.
    pub fn is_cancelled(&self) -> bool {
        self.0.set.load(Ordering::SeqCst)
    }
    /// Resolves once a stop is asked.
    pub(crate) async fn cancelled(&self) {
        loop {
            let woken = self.0.wake.notified();
            tokio::pin!(woken);
            // Registered before the check, so a cancel between the two is not missed.
            woken.as_mut().enable();
            if self.is_cancelled() {
                return;
            }
            woken.await;
        }
    }
}

/// One page on its way to the importer.
pub(crate) struct Page {
    pub slice: usize,
    /// New events with the hash of their id.
    pub events: Vec<(u64, Event)>,
    /// The slice after this page.
    pub after: SliceState,
}

/// Shared by the tasks that read slices.
#[derive(Clone)]
pub(crate) struct Reader {
    pub client: Client,
    pub caller: Caller,
    pub filter: Option<String>,
    pub seen: Arc<Mutex<HashSet<u64>>>,
    pub cancel: Cancel,
    pub tx: mpsc::Sender<Page>,
}

impl Reader {
    /// Keeps the events not seen before (and marks them seen).
    pub(crate) fn keep_new(&self, events: Vec<(u64, Event)>) -> Vec<(u64, Event)> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        events
            .into_iter()
            .filter(|(id, _)| seen.insert(*id))
            .collect()
    }
}

impl CloudWatch {
    /// Pulls a sample into `ws` (resuming the unfinished pull with the same `key`), calling
    /// `progress` after each page. Stops early, keeping what arrived, when `cancel` is set.
    pub fn pull(
        &self,
        ws: &mut Workspace,
        request: &PullRequest,
        cancel: &Cancel,
        progress: &mut dyn FnMut(&PullProgress),
    ) -> Result<PullReport> {
        if request.groups.is_empty() {
            return Err(Error::Invalid(
                "name at least one log group with --group".into(),
            ));
        }
        if request.window_end_ms <= request.window_start_ms {
            return Err(Error::Invalid(
                "the window is empty: --since must be before --until".into(),
            ));
        }
        if request.sample == 0 {
            return Err(Error::Invalid("--sample must be at least 1".into()));
        }
        let mut pulls = Pulls::load(ws)?;
        // Every call of this pull ends as soon as it is stopped, even while a retry waits.
        let caller = self.caller.with_cancel(cancel);
        let requests_before = self.caller.stats.requests.load(Ordering::Relaxed);
        let throttled_before = self.caller.stats.throttled.load(Ordering::Relaxed);
        let (mut state, resumed, looks) = match pulls.unfinished(&request.key) {
            Some(s) => (s.clone(), true, Vec::new()),
            None => {
                pulls.forget_finished(&request.key);
                let looks = if request.via == Via::FilterLogEvents && probe::worth_a_look(request) {
                    let looking = probe::look(&self.client, &caller, request, request.concurrency);
                    match self.runtime.block_on(looking) {
                        Ok(looks) => looks,
                        // Stopped before anything was pulled: the plan without the look.
                        Err(Error::Stopped) => Vec::new(),
                        Err(e) => return Err(e),
                    }
                } else {
                    Vec::new()
                };
                let mut state = plan_with(request, &looks);
                let described = crate::groups::described(&self.client, &caller, &request.groups);
                let described = match self.runtime.block_on(described) {
                    Ok(described) => described,
                    // Stopped before anything was pulled: the groups priced as Standard.
                    Err(Error::Stopped) => BTreeMap::new(),
                    Err(e) => return Err(e),
                };
                state.log_classes = described
                    .iter()
                    .filter_map(|(name, g)| Some((name.clone(), g.log_class?)))
                    .collect();
                state.retention = described
                    .iter()
                    .map(|(name, g)| (name.clone(), g.retention()))
                    .collect();
                let scans =
                    crate::scans::monthly_scanned(&self.client, &caller, &request.groups, now_ms());
                state.insights_scanned = self.runtime.block_on(scans);
                (state, false, looks)
            }
        };
        let seen = Arc::new(Mutex::new(pulls.seen.clone()));
        // A few pages ahead of the importer at most: pages are up to 1 MB each.
        let (tx, mut rx) = mpsc::channel::<Page>(4);
        let reader = Reader {
            client: self.client.clone(),
            caller,
            filter: state.filter.clone(),
            seen,
            cancel: cancel.clone(),
            tx,
        };

        let events_before = state.events;
        let mut meter = ArchiveMeter::resuming(state.archived.clone());
        let mut import = StreamingImport::begin(ws, &ImportOptions::default())?;
        let mut new_ids = Vec::new();
        let mut dirty = false;
        let mut failure = None;
        let report_progress = |state: &PullState, progress: &mut dyn FnMut(&PullProgress)| {
            progress(&PullProgress {
                events: state.events,
                target: state.sample,
                bytes: state.bytes,
                pages: state.pages,
                requests: self.caller.stats.requests.load(Ordering::Relaxed) - requests_before,
                throttled: self.caller.stats.throttled.load(Ordering::Relaxed) - throttled_before,
            })
        };
        report_progress(&state, progress);
        // Groups the first look read whole: their events go in first.
        for (look, group) in looks.into_iter().zip(&request.groups) {
            let probe::Look::Everything(events) = look else {
                continue;
            };
            state.pages += 1;
            dirty = true;
            let Some(slice) = state.slices.iter_mut().find(|s| &s.group == group) else {
                continue;
            };
            for (id, event) in reader.keep_new(events) {
                slice.count(&event);
                meter.add(group, &event.message);
                state.events += 1;
                state.bytes += event.message.len() as u64;
                new_ids.push(id);
                import.add(event)?;
            }
            slice.target = slice.events;
        }
        if dirty {
            // What the groups read whole gave counts against the sample.
            share(&mut state.slices, state.sample.saturating_sub(state.events));
            if import.pending() >= request.batch_events.max(1) {
                commit(
                    &mut import,
                    &mut pulls,
                    &mut state,
                    &mut meter,
                    &mut new_ids,
                )?;
                dirty = false;
            }
            report_progress(&state, progress);
        }
        let fetch = {
            let slices = state.slices.clone();
            let sample = state.sample;
            let concurrency = request.concurrency.max(1);
            let via = request.via;
            self.runtime.spawn(async move {
                match via {
                    Via::FilterLogEvents => read_rounds(reader, slices, sample, concurrency).await,
                    Via::Insights => insights::read_slices(reader, slices, concurrency).await,
                }
            })
        };
        while let Some(page) = rx.blocking_recv() {
            let mut added = Ok(());
            for (id, event) in page.events {
                if let Some(group) = &event.log_group {
                    meter.add(group, &event.message);
                }
                state.events += 1;
                state.bytes += event.message.len() as u64;
                new_ids.push(id);
                added = import.add(event);
                if added.is_err() {
                    break;
                }
            }
            if let Some(slot) = state.slices.get_mut(page.slice) {
                *slot = page.after;
            }
            state.pages += 1;
            dirty = true;
            if let Err(e) = added.map_err(Error::from).and_then(|()| {
                if import.pending() >= request.batch_events.max(1) {
                    commit(
                        &mut import,
                        &mut pulls,
                        &mut state,
                        &mut meter,
                        &mut new_ids,
                    )?;
                    dirty = false;
                }
                Ok(())
            }) {
                failure = Some(e);
                cancel.cancel();
                break;
            }
            report_progress(&state, progress);
        }
        drop(rx);
        let fetched = self
            .runtime
            .block_on(fetch)
            .unwrap_or_else(|e| Err(Error::Invalid(format!("the pull stopped: {e}"))))
            .or_else(|e| match e {
                // Stopped: what arrived is committed below and the pull resumes next time.
                Error::Stopped => Ok(()),
                e => Err(e),
            });
        if let Some(e) = failure {
            return Err(e);
        }
        state.done = fetched.is_ok() && !cancel.is_cancelled();
        if state.events > 0 && (dirty || import.pending() > 0 || state.done) {
            commit(
                &mut import,
                &mut pulls,
                &mut state,
                &mut meter,
                &mut new_ids,
            )?;
        } else {
            state.archived = meter.measured().clone();
            pulls.apply(state.clone(), &new_ids);
            pulls.write(None)?;
        }
        let total_events = import.workspace().manifest().events;
        import.finish()?;
        fetched?;
        report_progress(&state, progress);
        Ok(PullReport {
            events: state.events - events_before,
            pull_events: state.events,
            resumed,
            complete: state.done,
            total_events,
            sample: (state.events > 0).then(|| sample_record(&state)),
            requests: self.caller.stats.requests.load(Ordering::Relaxed) - requests_before,
            throttled: self.caller.stats.throttled.load(Ordering::Relaxed) - throttled_before,
        })
    }
}

/// Commits the events imported since the last commit with the pull's state (see `state.rs`
/// for the order of writes).
fn commit(
    import: &mut StreamingImport<'_>,
    pulls: &mut Pulls,
    state: &mut PullState,
    meter: &mut ArchiveMeter,
    new_ids: &mut Vec<u64>,
) -> Result<()> {
    state.archived = meter.measured().clone();
    let slot = state
        .record
        .unwrap_or(import.workspace().manifest().imports.len());
    let mut next = state.clone();
    next.record = Some(slot);
    let pending = Pending {
        pull: next.clone(),
        seen: new_ids.clone(),
    };
    pulls.write(Some(&pending))?;
    let record = ImportRecord {
        committed_at_ms: now_ms(),
        sources: vec![source_name(state)],
        events: state.events,
        problems: 0,
        sample: Some(sample_record(state)),
    };
    let done = import.commit(record, state.record)?;
    next.record = Some(done.record);
    state.record = Some(done.record);
    pulls.apply(next, new_ids);
    new_ids.clear();
    pulls.write(None)
}

/// Cuts the window of each group into slices by the sample size alone.
#[cfg(test)]
pub(crate) fn plan(request: &PullRequest) -> PullState {
    plan_with(request, &[])
}

/// Cuts the window of each group into slices, as many as the first look at the group says
/// (`looks`, in the order of the request's groups; by the sample size alone without one).
/// A group the look read whole is one slice, already read to its end.
pub(crate) fn plan_with(request: &PullRequest, looks: &[probe::Look]) -> PullState {
    let by_sample = request
        .slices
        .map(u64::from)
        .unwrap_or_else(|| probe::slices_for_sample(request));
    let length = request.window_end_ms - request.window_start_ms;
    let mut slices = Vec::new();
    for (g, group) in request.groups.iter().enumerate() {
        let look = looks.get(g);
        let per_group = look.map_or(by_sample, |l| l.slices(request));
        // Slices of whole seconds at least: Logs Insights counts time in seconds.
        let per_group = per_group.clamp(1, (length / 1000).max(1) as u64) as i64;
        let read_whole = matches!(look, Some(probe::Look::Everything(_)));
        for i in 0..per_group {
            let at = |k: i64| {
                let t = request.window_start_ms
                    + (i128::from(length) * i128::from(k) / i128::from(per_group)) as i64;
                if request.via == Via::Insights && k != 0 && k != per_group {
                    t - t.rem_euclid(1000)
                } else {
                    t
                }
            };
            slices.push(SliceState {
                group: group.clone(),
                start_ms: at(i),
                end_ms: at(i + 1),
                next_token: None,
                events: 0,
                bytes: 0,
                last_ms: None,
                covered_ms: None,
                target: 0,
                exhausted: read_whole,
            });
        }
    }
    // First shares: the sample split evenly (the events of groups read whole are counted
    // against it when they are imported, before the first round).
    share(&mut slices, request.sample);
    PullState {
        key: request.key.clone(),
        groups: request.groups.clone(),
        window_start_ms: request.window_start_ms,
        window_end_ms: request.window_end_ms,
        filter: request.filter.clone(),
        sample: request.sample,
        record: None,
        events: 0,
        bytes: 0,
        pages: 0,
        slices,
        done: false,
        log_classes: BTreeMap::new(),
        retention: BTreeMap::new(),
        archived: BTreeMap::new(),
        insights_scanned: BTreeMap::new(),
    }
}

/// Gives each slice that is not exhausted an equal part of `remaining` on top of what it has.
pub(crate) fn share(slices: &mut [SliceState], remaining: u64) {
    let active: Vec<usize> = (0..slices.len())
        .filter(|&i| !slices[i].exhausted)
        .collect();
    if active.is_empty() {
        return;
    }
    let n = active.len() as u64;
    for (k, &i) in active.iter().enumerate() {
        let extra = remaining / n + u64::from((k as u64) < remaining % n);
        slices[i].target = slices[i].events + extra;
    }
}

/// FilterLogEvents rounds until the sample is full or every slice is read.
async fn read_rounds(
    reader: Reader,
    mut slices: Vec<SliceState>,
    sample: u64,
    concurrency: usize,
) -> Result<()> {
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut first = true;
    loop {
        let total: u64 = slices.iter().map(|s| s.events).sum();
        let remaining = sample.saturating_sub(total);
        if remaining == 0 || reader.cancel.is_cancelled() {
            return Ok(());
        }
        // A resumed pull finishes the round it was in before sharing anew.
        let unfinished_round = first && slices.iter().any(|s| !s.exhausted && s.events < s.target);
        if !unfinished_round {
            share(&mut slices, remaining);
        }
        first = false;
        let work: Vec<usize> = (0..slices.len())
            .filter(|&i| !slices[i].exhausted && slices[i].events < slices[i].target)
            .collect();
        if work.is_empty() {
            return Ok(());
        }
        let mut tasks = tokio::task::JoinSet::new();
        for i in work {
            let slice = slices[i].clone();
            let reader = reader.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                (i, read_slice(&reader, i, slice).await)
            });
        }
        let mut failure = None;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok((i, Ok(slice))) => slices[i] = slice,
                Ok((_, Err(e))) => {
                    // Stop the other slices: the error is what the user must see.
                    reader.cancel.cancel();
                    failure.get_or_insert(e);
                }
                Err(e) => {
                    failure.get_or_insert(Error::Invalid(format!("a slice reader failed: {e}")));
                }
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
    }
}

/// Reads pages of one slice until it gave its share or has no more events.
async fn read_slice(reader: &Reader, index: usize, mut slice: SliceState) -> Result<SliceState> {
    while slice.events < slice.target && !slice.exhausted && !reader.cancel.is_cancelled() {
        let (events, next) = filter_page(
            &reader.client,
            &reader.caller,
            &slice.group,
            (slice.start_ms, slice.end_ms),
            reader.filter.as_deref(),
            slice.next_token.as_deref(),
            slice.target - slice.events,
        )
        .await?;
        let events = reader.keep_new(events);
        for (_, e) in &events {
            slice.count(e);
        }
        if next.is_none() || next == slice.next_token {
            slice.exhausted = true;
            slice.next_token = None;
        } else {
            slice.next_token = next;
        }
        let page = Page {
            slice: index,
            events,
            after: slice.clone(),
        };
        if reader.tx.send(page).await.is_err() {
            break;
        }
    }
    Ok(slice)
}

/// One page of FilterLogEvents over `[start, end)` of `group`, at most `limit` events (and a
/// page's most): its events (see [`event_of`]) and the token of the next page when it goes on.
// `interleaved` is deprecated because CloudWatch always interleaves; emulators need it asked.
#[allow(deprecated)]
pub(crate) async fn filter_page(
    client: &Client,
    caller: &Caller,
    group: &str,
    (start, end): (i64, i64),
    filter: Option<&str>,
    next_token: Option<&str>,
    limit: u64,
) -> Result<(Vec<(u64, Event)>, Option<String>)> {
    let cx = caller.context("FilterLogEvents", Some(group));
    let limit = limit.clamp(1, MAX_PAGE_EVENTS) as i32;
    let out = caller
        .call(&cx, || {
            client
                .filter_log_events()
                .log_group_name(group)
                .start_time(start)
                // FilterLogEvents includes its end time; slices end before the next begins.
                .end_time(end - 1)
                .set_filter_pattern(filter.map(str::to_string))
                .set_next_token(next_token.map(str::to_string))
                .limit(limit)
                // Ignored by CloudWatch, which always interleaves streams in time order;
                // emulators need it to do the same.
                .interleaved(true)
                .send()
        })
        .await?;
    let events = out
        .events()
        .iter()
        .filter_map(|e| event_of(e, group, (start, end)))
        .collect();
    let next = out
        .next_token()
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    Ok((events, next))
}

/// A FilterLogEvents event as an event of `group`, with the hash of its id; `None` when it has
/// no time or lies outside `[start, end)` (CloudWatch's end time is inclusive).
pub(crate) fn event_of(
    e: &FilteredLogEvent,
    group: &str,
    (start, end): (i64, i64),
) -> Option<(u64, Event)> {
    let ts = e.timestamp()?;
    if ts < start || ts >= end {
        return None;
    }
    let id = match e.event_id() {
        Some(id) => id_hash(id),
        None => id_hash(&format!(
            "{group}\u{1f}{}\u{1f}{ts}\u{1f}{}",
            e.log_stream_name().unwrap_or_default(),
            e.message().unwrap_or_default()
        )),
    };
    let event = Event {
        timestamp_ms: Some(ts),
        log_group: Some(group.to_string()),
        log_stream: e.log_stream_name().map(str::to_string),
        message: e
            .message()
            .unwrap_or_default()
            .trim_end_matches('\n')
            .to_string(),
    };
    Some((id, event))
}

/// The sample as the workspace records it, with the estimate of the window's stored bytes.
pub(crate) fn sample_record(state: &PullState) -> SampleRecord {
    let (stored_bytes, basis) = estimate_stored_bytes(&state.slices);
    SampleRecord {
        log_groups: state.groups.clone(),
        window_start_ms: state.window_start_ms,
        window_end_ms: state.window_end_ms,
        filter: state.filter.clone(),
        events: state.events,
        bytes: state.bytes,
        stored_bytes,
        stored_bytes_basis: basis,
        groups: state
            .groups
            .iter()
            .map(|g| {
                let slices: Vec<SliceState> = state
                    .slices
                    .iter()
                    .filter(|s| &s.group == g)
                    .cloned()
                    .collect();
                GroupSample {
                    name: g.clone(),
                    stored_bytes: estimate_stored_bytes(&slices).0,
                    log_class: state.log_classes.get(g).copied(),
                    retention_days: state.retention.get(g).copied(),
                    archived: state.archived.get(g).copied(),
                    insights_scanned_bytes_per_month: state.insights_scanned.get(g).copied(),
                }
            })
            .collect(),
    }
}

/// Message bytes the groups hold in the window (matching the filter), from the slices:
/// a slice read to its end counts exactly; a slice cut off by the sample scales its bytes by
/// the share of its time they cover (events come in time order); a slice not read yet gets the
/// mean density of the others.
pub(crate) fn estimate_stored_bytes(slices: &[SliceState]) -> (Option<u64>, Option<String>) {
    let mut exact = 0u32;
    let mut scaled = 0u32;
    let mut unread = Vec::new();
    let mut total = 0f64;
    let mut read_ms = 0f64;
    let mut read_bytes = 0f64;
    for s in slices {
        let length = (s.end_ms - s.start_ms).max(1) as f64;
        if s.exhausted {
            exact += 1;
            total += s.bytes as f64;
            read_ms += length;
            read_bytes += s.bytes as f64;
        } else if let Some(last) = s.last_ms.filter(|_| s.events > 0) {
            scaled += 1;
            let covered = s.covered_ms.unwrap_or(last - s.start_ms + 1).max(1) as f64;
            let estimate = s.bytes as f64 * length / covered.min(length);
            total += estimate;
            read_ms += length;
            read_bytes += estimate;
        } else {
            unread.push(length);
        }
    }
    if exact + scaled == 0 {
        return (None, None);
    }
    let density = read_bytes / read_ms.max(1.0);
    total += unread.iter().map(|ms| ms * density).sum::<f64>();
    let mut basis = format!(
        "message bytes of the window from the pull's own pages: {exact} of {} slices read to \
         their end (exact), {scaled} cut off by the sample (their bytes scaled by the share of \
         the slice's time they cover)",
        slices.len()
    );
    if !unread.is_empty() {
        basis.push_str(&format!(
            ", {} not read (the mean density of the others)",
            unread.len()
        ));
    }
    (Some(total.round() as u64), Some(basis))
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn request(sample: u64) -> PullRequest {
        PullRequest {
            key: "k".into(),
            groups: vec!["/a".into(), "/b".into()],
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
    fn the_window_is_cut_into_adjacent_slices_sharing_the_sample() {
        let state = plan(&request(20_001));
        assert_eq!(state.slices.len(), 2 * 10);
        let a: Vec<&SliceState> = state.slices.iter().filter(|s| s.group == "/a").collect();
        assert_eq!(a[0].start_ms, 0);
        assert_eq!(a.last().unwrap().end_ms, 3_600_000);
        for w in a.windows(2) {
            assert_eq!(w[0].end_ms, w[1].start_ms);
        }
        let targets: u64 = state.slices.iter().map(|s| s.target).sum();
        assert_eq!(targets, 20_001);
        assert!(state
            .slices
            .iter()
            .all(|s| s.target == 1000 || s.target == 1001));
    }

    #[test]
    fn exhausted_slices_give_their_share_to_the_others() {
        let mut state = plan(&request(100));
        for s in &mut state.slices[..6] {
            s.events = 2;
            s.exhausted = true;
        }
        share(&mut state.slices, 100 - 12);
        let open: u64 = state.slices[6..].iter().map(|s| s.target).sum();
        assert_eq!(open, 88);
    }

    #[test]
    fn stored_bytes_are_exact_for_read_slices_and_scaled_for_cut_ones() {
        let slice = |start: i64, bytes: u64, last: Option<i64>, exhausted: bool| SliceState {
            group: "/a".into(),
            start_ms: start,
            end_ms: start + 1000,
            next_token: None,
            events: u64::from(last.is_some()),
            bytes,
            last_ms: last,
            covered_ms: None,
            target: 1,
            exhausted,
        };
        let slices = vec![
            slice(0, 500, Some(900), true),
            slice(1000, 100, Some(1249), false),
            slice(2000, 0, None, false),
        ];
        let (bytes, basis) = estimate_stored_bytes(&slices);
        // 500 exact + 100 * 1000/250 + the mean density (900 / 2000 ms) over 1000 ms.
        assert_eq!(bytes, Some(500 + 400 + 450));
        assert!(basis.unwrap().contains("1 of 3 slices read to their end"));
    }
}
