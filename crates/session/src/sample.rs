//! The sample a session looks at, and how its volumes extrapolate to a month ([`crate::cost`]
//! prices them).
//!
//! A template's monthly bytes are its sampled bytes, scaled up by the sampling ratio (the
//! sample's share of what the log groups stored in the window) and then from the window's
//! length to a month of 730 hours (the month AWS prices by). One ratio holds for the whole
//! workspace: the stored bytes of every CloudWatch pull over the bytes sampled, with imported
//! files counting as complete.

use crate::cost::MONTH_MS;
use crate::model::{GroupBilling, SessionSample};
use crate::queue::{self, TemplateGroups};
use lognoise_index::SearchIndex;
use lognoise_workspace::{ArchiveMeasure, Workspace};
use std::collections::{BTreeMap, BTreeSet};

impl SessionSample {
    /// The sample held by the workspace: every import, the CloudWatch pulls with the share of
    /// the stored volume they took, files as complete. `groups` are log groups seen in the
    /// events (from the index), added to those the pulls name; each group's log class is the
    /// one the latest import that recorded it gave.
    pub fn of_workspace(ws: &Workspace, groups: impl IntoIterator<Item = String>) -> SessionSample {
        let m = ws.manifest();
        let mut log_groups: BTreeSet<String> = groups.into_iter().collect();
        let mut sampled_in_pulls = 0u64;
        let mut stored_in_pulls = 0f64;
        let mut window: Option<(i64, i64)> = None;
        let widen = |window: &mut Option<(i64, i64)>, s: i64, e: i64| {
            *window = Some(match *window {
                Some((a, b)) => (a.min(s), b.max(e)),
                None => (s, e),
            });
        };
        let mut has_files = false;
        let mut log_classes = BTreeMap::new();
        let mut billing: BTreeMap<String, GroupBilling> = BTreeMap::new();
        let mut archived: BTreeMap<String, ArchiveMeasure> = BTreeMap::new();
        for import in &m.imports {
            match &import.sample {
                Some(s) => {
                    log_groups.extend(s.log_groups.iter().cloned());
                    let length = s.window_end_ms - s.window_start_ms;
                    for g in &s.groups {
                        if let Some(class) = g.log_class {
                            log_classes.insert(g.name.clone(), class);
                        }
                        log_groups.insert(g.name.clone());
                        if let Some(measure) = &g.archived {
                            archived.entry(g.name.clone()).or_default().add(measure);
                        }
                        if let Some(retention) = g.retention_days {
                            billing.entry(g.name.clone()).or_default().retention_days =
                                Some(retention);
                        }
                        // Scans per byte ingested: the month's scans over the month's
                        // ingestion, both of the group (the latest record that gives both).
                        if let (Some(scanned), Some(stored)) =
                            (g.insights_scanned_bytes_per_month, g.stored_bytes)
                        {
                            if stored > 0 && length > 0 {
                                let monthly = stored as f64 * MONTH_MS as f64 / length as f64;
                                billing
                                    .entry(g.name.clone())
                                    .or_default()
                                    .insights_scanned_per_ingested = Some(scanned as f64 / monthly);
                            }
                        }
                    }
                    sampled_in_pulls += s.bytes;
                    stored_in_pulls += s.bytes as f64 * s.scale();
                    if s.window_end_ms > s.window_start_ms {
                        widen(&mut window, s.window_start_ms, s.window_end_ms);
                    }
                }
                None => has_files = true,
            }
        }
        if has_files || window.is_none() {
            if let Some((first, last)) = m.time_range {
                // The last event is inside the window, which ends after it.
                widen(&mut window, first, last.saturating_add(1));
            }
        }
        let from_files = m.bytes.saturating_sub(sampled_in_pulls) as f64;
        let stored = from_files + stored_in_pulls;
        let sampling_ratio = if stored > 0.0 && m.bytes > 0 {
            (m.bytes as f64 / stored).clamp(f64::MIN_POSITIVE, 1.0)
        } else {
            1.0
        };
        for (group, measure) in archived {
            if let Some(ratio) = measure.ratio() {
                billing.entry(group).or_default().archived_ratio = Some(ratio);
            }
        }
        SessionSample {
            log_groups: log_groups.into_iter().collect(),
            log_classes,
            group_scales: BTreeMap::new(),
            billing,
            window_start_ms: window.map(|w| w.0),
            window_end_ms: window.map(|w| w.1),
            sampling_ratio,
            events: m.events,
            bytes: m.bytes,
            workspace_generation: m.generation,
        }
    }

    /// The sample a new session on `ws` records: its log groups from the index, each scaled
    /// by its own stored bytes where the records give them; with the bytes per group of each
    /// template it was computed from, which the session keeps too.
    pub(crate) fn of_workspace_index(
        ws: &Workspace,
        index: &SearchIndex,
    ) -> crate::Result<(SessionSample, TemplateGroups)> {
        let groups = queue::group_names(ws, index)?;
        let per_template = queue::groups_per_template_in(ws, index, &groups)?;
        let sample = SessionSample::of_workspace(ws, groups)
            .with_group_scales(ws, &queue::bytes_per_group(&per_template));
        Ok((sample, per_template))
    }

    /// [`SessionSample::of_workspace`] with each group's own factor from sampled to stored
    /// bytes ([`SessionSample::group_scales`]), where the imports say what every group stored:
    /// `sampled` is each group's message bytes in the workspace (from the index). A group is
    /// left to the sample's factor when an import of events without a sample record could hold
    /// its lines, or a record names it without its stored bytes.
    pub fn with_group_scales(mut self, ws: &Workspace, sampled: &BTreeMap<String, u64>) -> Self {
        let m = ws.manifest();
        if m.imports.iter().any(|i| i.sample.is_none()) {
            return self;
        }
        let mut stored: BTreeMap<&str, Option<u64>> = BTreeMap::new();
        for s in m.imports.iter().filter_map(|i| i.sample.as_ref()) {
            for name in &s.log_groups {
                let known = s
                    .groups
                    .iter()
                    .find(|g| &g.name == name)
                    .and_then(|g| g.stored_bytes);
                let entry = stored.entry(name.as_str()).or_insert(Some(0));
                *entry = match (*entry, known) {
                    (Some(sum), Some(b)) => Some(sum.saturating_add(b)),
                    _ => None,
                };
            }
        }
        self.group_scales = stored
            .into_iter()
            .filter_map(|(name, stored)| {
                let sampled = *sampled.get(name)?;
                let stored = stored?;
                // A group cannot have stored less than was read from it.
                (sampled > 0).then(|| (name.to_string(), (stored as f64 / sampled as f64).max(1.0)))
            })
            .collect();
        self
    }

    /// Length of the window in ms, when known and not empty.
    pub fn window_ms(&self) -> Option<i64> {
        match (self.window_start_ms, self.window_end_ms) {
            (Some(s), Some(e)) if e > s => Some(e - s),
            _ => None,
        }
    }

    /// Factor from sampled bytes to stored bytes (1 / sampling ratio).
    pub fn scale(&self) -> f64 {
        if self.sampling_ratio > 0.0 && self.sampling_ratio.is_finite() {
            1.0 / self.sampling_ratio
        } else {
            1.0
        }
    }

    /// Factor from sampled bytes to bytes per month. Without a window (events with no times)
    /// the sample is taken to be a month's volume: say so next to any figure made with it
    /// ([`SessionSample::window_ms`] is `None`).
    pub fn monthly_factor(&self) -> f64 {
        let per_window = self.scale();
        match self.window_ms() {
            Some(w) => per_window * MONTH_MS as f64 / w as f64,
            None => per_window,
        }
    }

    /// Monthly bytes of `bytes` sampled.
    pub fn monthly_bytes(&self, bytes: u64) -> f64 {
        bytes as f64 * self.monthly_factor()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cost::{monthly_cost, GB};
    use lognoise_workspace::{ImportRecord, SampleRecord, StoredEvent, TemplateMap};

    const T0: i64 = 1_772_409_600_000;
    const HOUR: i64 = 3_600_000;

    fn commit(ws: &mut Workspace, t: i64, bytes: usize, sample: Option<SampleRecord>) {
        let mut w = ws.event_writer(false).unwrap();
        w.append(&StoredEvent {
            seq: w.next_seq(),
            timestamp_ms: Some(t),
            log_group: Some("/ecs/a".into()),
            message: "x".repeat(bytes),
            ..StoredEvent::default()
        })
        .unwrap();
        let record = ImportRecord {
            committed_at_ms: t,
            sources: Vec::new(),
            events: 1,
            problems: 0,
            sample,
        };
        ws.commit(w, TemplateMap::default(), record).unwrap();
    }

    #[test]
    fn pulls_scale_by_their_stored_bytes_and_files_count_as_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open_or_create(dir.path()).unwrap();
        let pull = SampleRecord {
            log_groups: vec!["/ecs/pulled".into()],
            window_start_ms: T0,
            window_end_ms: T0 + HOUR,
            filter: None,
            events: 1,
            bytes: 100,
            stored_bytes: Some(1000),
            stored_bytes_basis: None,
            groups: Vec::new(),
        };
        commit(&mut ws, T0 + 10, 100, Some(pull));
        let s = SessionSample::of_workspace(&ws, ["/ecs/a".to_string()]);
        assert_eq!(s.log_groups, ["/ecs/a", "/ecs/pulled"]);
        assert!((s.sampling_ratio - 0.1).abs() < 1e-12);
        assert_eq!(s.window_ms(), Some(HOUR));
        assert!((s.monthly_bytes(100) - 1000.0 * 730.0).abs() < 1e-6);

        // A file of 100 bytes imported later: everything there is, and it widens the window.
        commit(&mut ws, T0 + 2 * HOUR - 1, 100, None);
        let s = SessionSample::of_workspace(&ws, Vec::new());
        assert!((s.sampling_ratio - 200.0 / 1100.0).abs() < 1e-12);
        assert_eq!(s.window_start_ms, Some(T0));
        assert_eq!(s.window_end_ms, Some(T0 + 2 * HOUR));
        assert_eq!(s.events, 2);
    }

    #[test]
    fn a_day_of_a_tenth_extrapolates_to_a_month_of_everything() {
        let s = SessionSample {
            window_start_ms: Some(0),
            window_end_ms: Some(86_400_000),
            sampling_ratio: 0.1,
            ..SessionSample::default()
        };
        let month = s.monthly_bytes(1 << 30);
        // 1 GB sampled of 10 GB a day: 10 GB x 730 / 24 days.
        let expected = 10.0 * GB * 730.0 / 24.0;
        assert!((month - expected).abs() < 1.0, "{month} vs {expected}");
        let cost = monthly_cost(month, 0.5);
        assert!((cost - 5.0 * 730.0 / 24.0).abs() < 1e-6, "{cost}");
    }

    #[test]
    fn without_a_window_the_sample_counts_as_a_month() {
        let s = SessionSample {
            sampling_ratio: 1.0,
            ..SessionSample::default()
        };
        assert_eq!(s.window_ms(), None);
        assert_eq!(s.monthly_bytes(1000), 1000.0);
    }
}
