//! CloudWatch Logs in the Sources screen: profiles to pick from, log groups, and pulls streamed
//! through a channel, one at a time per workspace, cancelled with the engine's `Cancel`.
//!
//! The plain functions here ([`profiles`], [`connect`], [`groups`], [`pull_request`],
//! [`pull_into`], [`read_dependents`], [`Pulls`]) are what the commands call, so that tests can run them against
//! an emulator without a window.

use super::blocking;
use super::workspace::describe;
use crate::dto::{
    AwsProfileView, AwsProfilesView, AwsTarget, LogGroupView, PullArgs, PullProgressEvent,
    PullSummary, PullWindow, ReaderCountsView,
};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::{AppState, OpenWorkspace};
use lognoise_cloudwatch::{
    Cancel, CloudWatch, ConnectOptions, DependentsRead, Error as CwError, PullProgress, PullReport,
    PullRequest, PullSpec, RequestError, RequestField, TimeSpec, Via, REGIONS,
};
use lognoise_workspace::Workspace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tauri::ipc::Channel;
use tauri::State;

/// Events per workspace commit from the app: what a crash could lose at most.
const BATCH_EVENTS: u64 = lognoise_cloudwatch::DEFAULT_BATCH_EVENTS;

/// The profiles of the AWS config and credentials files, and the regions to pick from.
pub fn profiles() -> ApiResult<AwsProfilesView> {
    let found = lognoise_cloudwatch::profiles()?;
    Ok(AwsProfilesView {
        profiles: found
            .profiles
            .into_iter()
            .map(|p| AwsProfileView {
                name: p.name,
                region: p.region,
            })
            .collect(),
        selected: found.selected,
        env_region: found.env_region,
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
    })
}

/// Connects with the picked profile and region. `endpoint_url` replaces the region's endpoint
/// (an emulator in tests; the commands pass `AWS_ENDPOINT_URL` so its errors can name it).
pub fn connect(target: &AwsTarget, endpoint_url: Option<String>) -> ApiResult<CloudWatch> {
    let options = ConnectOptions {
        profile: profile(target.profile.as_deref())?,
        region: lognoise_cloudwatch::check_region(target.region.as_deref())?,
        endpoint_url,
        ..ConnectOptions::default()
    };
    Ok(CloudWatch::connect(&options)?)
}

/// Every log group whose name starts with `prefix`, with its stored bytes and retention.
pub fn groups(cw: &CloudWatch, prefix: Option<&str>) -> ApiResult<Vec<LogGroupView>> {
    let prefix = prefix.map(str::trim).filter(|p| !p.is_empty());
    if let Some(p) = prefix {
        lognoise_cloudwatch::check_group_name(p)?;
    }
    Ok(cw
        .groups(prefix)?
        .into_iter()
        .map(|g| LogGroupView {
            name: g.name,
            stored_bytes: g.stored_bytes,
            retention_days: g.retention_days,
        })
        .collect())
}

/// The engine's request for the pull the Sources screen asks for, its window resolved
/// against `now_ms` (the engine checks it and makes the resume key, so pulling again with the
/// same settings resumes a cancelled pull in the window it first resolved to).
pub fn pull_request(args: &PullArgs, now_ms: i64) -> ApiResult<PullRequest> {
    let (since, until) = match &args.window {
        PullWindow::Last { minutes } => (TimeSpec::Ago(i64::from(*minutes) * 60_000), None),
        PullWindow::Range { start_ms, end_ms } => {
            (TimeSpec::At(*start_ms), Some(TimeSpec::At(*end_ms)))
        }
    };
    let spec = PullSpec {
        groups: args.groups.clone(),
        since,
        until,
        filter: args.filter.clone(),
        sample: args.sample,
        via: Via::FilterLogEvents,
    };
    let mut request = spec.check(now_ms)?;
    request.batch_events = BATCH_EVENTS;
    Ok(request)
}

impl From<RequestError> for ApiError {
    /// The engine's sentence, with what to do on the Sources screen.
    fn from(e: RequestError) -> ApiError {
        let (code, hint) = match e.field {
            RequestField::Groups => (ErrorCode::InvalidArgument, "pick them from the list"),
            RequestField::Window => (ErrorCode::InvalidArgument, "pick another time window"),
            RequestField::Filter => (ErrorCode::InvalidArgument, "edit the filter pattern"),
            RequestField::Sample => (ErrorCode::InvalidArgument, "change the sample size"),
            RequestField::Region => (ErrorCode::AwsRegion, "pick one from the list"),
        };
        ApiError::new(code, format!("{}; {hint}", e.message))
    }
}

/// Pulls into the workspace at `root`, sending progress (with an estimate of the time left)
/// and a last `Finished` event. A set `cancel` stops it with what arrived committed.
pub fn pull_into(
    cw: &CloudWatch,
    root: &Path,
    request: &PullRequest,
    cancel: &Cancel,
    progress: &mut dyn FnMut(PullProgressEvent),
) -> ApiResult<PullReport> {
    let mut ws = Workspace::open(root)?;
    let started = Instant::now();
    let mut first: Option<u64> = None;
    let report = cw.pull(&mut ws, request, cancel, &mut |p: &PullProgress| {
        let elapsed = started.elapsed();
        // The rate of this run only: a resumed pull starts with the events of earlier runs.
        let base = *first.get_or_insert(p.events);
        let done_now = p.events.saturating_sub(base);
        let left = p.target.saturating_sub(p.events);
        let eta_ms = (done_now > 0).then(|| {
            let ms_per_event = elapsed.as_secs_f64() * 1000.0 / done_now as f64;
            (ms_per_event * left as f64) as u64
        });
        progress(PullProgressEvent::Pulling {
            events: p.events,
            target: p.target,
            bytes: p.bytes,
            throttled: p.throttled,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            eta_ms,
        });
    })?;
    progress(PullProgressEvent::Finished {
        events: report.pull_events,
        complete: report.complete,
    });
    Ok(report)
}

/// The pulls running, by workspace folder: one at a time per workspace, since both would
/// write its index.
#[derive(Clone, Debug, Default)]
pub struct Pulls(Arc<Mutex<HashMap<PathBuf, Cancel>>>);

/// A running pull's place in [`Pulls`]; dropping it frees the workspace for the next pull.
#[derive(Debug)]
pub struct PullSlot {
    pulls: Pulls,
    root: PathBuf,
    /// Set by [`Pulls::cancel`].
    pub cancel: Cancel,
}

impl Drop for PullSlot {
    fn drop(&mut self) {
        self.pulls.running().remove(&self.root);
    }
}

impl Pulls {
    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Cancel>> {
        // The map stays consistent whatever panicked while holding it.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Claims the workspace at `root` for a pull.
    pub fn begin(&self, root: &Path) -> ApiResult<PullSlot> {
        let mut running = self.running();
        if running.contains_key(root) {
            return Err(ApiError::new(
                ErrorCode::Busy,
                "a pull into this workspace is already running: wait for it or cancel it",
            ));
        }
        let cancel = Cancel::new();
        running.insert(root.to_path_buf(), cancel.clone());
        Ok(PullSlot {
            pulls: self.clone(),
            root: root.to_path_buf(),
            cancel,
        })
    }

    /// Asks the pull into `root` to stop; whether one was running.
    pub fn cancel(&self, root: &Path) -> bool {
        match self.running().get(root) {
            Some(c) => {
                c.cancel();
                true
            }
            None => false,
        }
    }
}

/// The endpoint the SDK would take from the environment, passed on explicitly so that an
/// unreachable one is named in the error.
fn endpoint_from_env() -> Option<String> {
    ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
}

/// Profiles and regions for the pickers.
#[tauri::command]
pub async fn aws_profiles() -> ApiResult<AwsProfilesView> {
    blocking(profiles).await
}

/// Log groups of the picked account and region.
#[tauri::command]
pub async fn log_groups(target: AwsTarget, prefix: Option<String>) -> ApiResult<Vec<LogGroupView>> {
    blocking(move || {
        let cw = connect(&target, endpoint_from_env())?;
        groups(&cw, prefix.as_deref())
    })
    .await
}

/// Pulls a sample into the open workspace, streaming progress; the Review queue shows the new
/// templates afterwards.
#[tauri::command]
pub async fn pull_cloudwatch(
    state: State<'_, AppState>,
    pulls: State<'_, Pulls>,
    args: PullArgs,
    on_progress: Channel<PullProgressEvent>,
) -> ApiResult<PullSummary> {
    let request = pull_request(&args, now_ms())?;
    let root = state.current()?.ws.root().to_path_buf();
    let slot = pulls.begin(&root)?;
    let target = args.target.clone();
    let (report, read, open) = blocking(move || {
        let cw = connect(&target, endpoint_from_env())?;
        let report = pull_into(&cw, &slot.root, &request, &slot.cancel, &mut |e| {
            // A closed window drops the channel; the pull goes on and commits regardless.
            let _ = on_progress.send(e);
        })?;
        let read = read_dependents(&cw, &slot.root, &request, &slot.cancel)?;
        let open = OpenWorkspace::open(&slot.root)?;
        drop(slot);
        Ok((report, read, open))
    })
    .await?;
    let workspace = describe(&open);
    // The user may have opened another workspace meanwhile: leave it open.
    if state
        .current()
        .is_ok_and(|current| current.ws.root() == open.ws.root())
    {
        state.set(open)?;
    }
    Ok(PullSummary {
        events: report.events,
        pull_events: report.pull_events,
        target: args.sample,
        resumed: report.resumed,
        complete: report.complete,
        workspace,
        readers: read.as_ref().map(|r| ReaderCountsView {
            metric_filters: r.counts.metric_filters,
            alarms: r.counts.alarms,
            subscription_filters: r.counts.subscription_filters,
            saved_queries: r.counts.saved_queries,
            recent_queries: r.counts.recent_queries,
            account_policies: r.counts.account_policies,
            dashboard_widgets: r.counts.dashboard_widgets,
        }),
        warnings: read.map(|r| r.warnings).unwrap_or_default(),
    })
}

/// What reads the pulled groups, read and kept in the workspace after the events (the engine's
/// call the CLI's pull makes too); `None` for a stopped pull: the run that resumes it reads them.
pub fn read_dependents(
    cw: &CloudWatch,
    root: &Path,
    request: &PullRequest,
    cancel: &Cancel,
) -> ApiResult<Option<DependentsRead>> {
    if cancel.is_cancelled() {
        return Ok(None);
    }
    let ws = Workspace::open(root)?;
    Ok(Some(cw.read_dependents_into(&request.groups, &ws)))
}

/// Stops the pull into the open workspace, keeping what it committed; whether one was running.
#[tauri::command]
pub fn cancel_pull(state: State<'_, AppState>, pulls: State<'_, Pulls>) -> ApiResult<bool> {
    let root = state.current()?.ws.root().to_path_buf();
    Ok(pulls.cancel(&root))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A profile name as picked; `None` (or empty) lets the AWS CLI's rules choose.
fn profile(raw: Option<&str>) -> ApiResult<Option<String>> {
    let Some(p) = raw.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    if p.len() > 128 || p.chars().any(|c| c.is_control() || c == '[' || c == ']') {
        return Err(ApiError::invalid(
            "that is not a profile name: pick a profile from the list",
        ));
    }
    Ok(Some(p.to_string()))
}

impl From<CwError> for ApiError {
    /// The engine's sentences name command-line flags; the app says what to do on its screen.
    fn from(e: CwError) -> ApiError {
        let (code, message) = match &e {
            CwError::NoCredentials => (
                ErrorCode::AwsCredentials,
                "no AWS credentials found for this profile: run `aws configure` or \
                 `aws sso login --profile NAME` in a terminal, or pick another profile"
                    .to_string(),
            ),
            CwError::ExpiredCredentials { code } => (
                ErrorCode::AwsCredentials,
                format!(
                    "AWS refused the credentials as expired or invalid ({code}): refresh them \
                     (for example `aws sso login --profile NAME`) and pull again"
                ),
            ),
            CwError::AccessDenied { .. } => (ErrorCode::AwsAccessDenied, e.to_string()),
            CwError::NoRegion => (
                ErrorCode::AwsRegion,
                "no AWS region set for this profile: pick a region".to_string(),
            ),
            CwError::UnknownRegion { region } => (
                ErrorCode::AwsRegion,
                format!(
                    "region `{region}` has no CloudWatch Logs endpoint that can be reached: \
                     pick another region, or check your network"
                ),
            ),
            CwError::Unreachable { endpoint, detail } => (
                ErrorCode::AwsUnavailable,
                format!(
                    "cannot reach CloudWatch Logs at {endpoint} ({detail}): check \
                     AWS_ENDPOINT_URL and your network"
                ),
            ),
            CwError::KeptFailing { attempts, detail } => (
                ErrorCode::AwsUnavailable,
                format!(
                    "CloudWatch Logs kept failing ({detail}) after {attempts} tries: pull again \
                     later; the pull resumes where it stopped"
                ),
            ),
            CwError::Throttled { attempts } => (
                ErrorCode::AwsThrottled,
                format!(
                    "CloudWatch Logs kept throttling requests after {attempts} tries: pull again \
                     later; the pull resumes where it stopped"
                ),
            ),
            CwError::MissingGroup { group, region } => (
                ErrorCode::MissingLogGroup,
                format!(
                    "log group `{group}` does not exist in region {region}: pick one from the \
                     list (check the profile and region)"
                ),
            ),
            CwError::Refused { code, message } => (
                ErrorCode::AwsRefused,
                format!(
                    "CloudWatch Logs refused the request: {message} ({code}); check the filter \
                     pattern"
                ),
            ),
            CwError::Import(_) | CwError::Workspace(_) => {
                return match e {
                    CwError::Import(i) => i.into(),
                    CwError::Workspace(w) => w.into(),
                    other => ApiError::new(ErrorCode::Internal, other.to_string()),
                }
            }
            CwError::DamagedState { .. } => (ErrorCode::Damaged, e.to_string()),
            CwError::Stopped => (ErrorCode::Cancelled, e.to_string()),
            CwError::Invalid(m) => (ErrorCode::InvalidArgument, m.clone()),
            _ => (ErrorCode::Internal, e.to_string()),
        };
        ApiError::new(code, message)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn args(window: PullWindow) -> PullArgs {
        PullArgs {
            target: AwsTarget::default(),
            groups: vec![
                "/ecs/web".into(),
                " /ecs/web ".into(),
                "/aws/lambda/x".into(),
            ],
            window,
            sample: 1000,
            filter: Some("  ERROR ".into()),
        }
    }

    #[test]
    fn a_pull_request_is_checked_and_resolved() {
        let now = 1_772_409_600_000;
        let r = pull_request(&args(PullWindow::Last { minutes: 60 }), now).unwrap();
        assert_eq!(r.groups, ["/ecs/web", "/aws/lambda/x"]);
        assert_eq!((r.window_start_ms, r.window_end_ms), (now - 3_600_000, now));
        assert_eq!(r.filter.as_deref(), Some("ERROR"));
        // The same settings later make the same key, so a stopped pull resumes.
        let later = pull_request(&args(PullWindow::Last { minutes: 60 }), now + 5000).unwrap();
        assert_eq!(r.key, later.key);

        let bad = [
            PullArgs {
                groups: vec![],
                ..args(PullWindow::Last { minutes: 60 })
            },
            PullArgs {
                groups: vec!["/ecs/web x".into()],
                ..args(PullWindow::Last { minutes: 60 })
            },
            PullArgs {
                sample: 0,
                ..args(PullWindow::Last { minutes: 60 })
            },
            PullArgs {
                filter: Some("a\nb".into()),
                ..args(PullWindow::Last { minutes: 60 })
            },
            args(PullWindow::Last { minutes: 0 }),
            args(PullWindow::Range {
                start_ms: 10,
                end_ms: 10,
            }),
            args(PullWindow::Range {
                start_ms: 0,
                end_ms: 400 * 86_400_000,
            }),
        ];
        for a in bad {
            let e = pull_request(&a, now).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{a:?}");
        }
    }

    #[test]
    fn profiles_and_regions_are_checked() {
        assert_eq!(profile(Some(" prod ")).unwrap().as_deref(), Some("prod"));
        assert_eq!(profile(Some("")).unwrap(), None);
        assert!(profile(Some("[x]")).is_err());
        let region: ApiError = lognoise_cloudwatch::check_region(Some("EU West"))
            .unwrap_err()
            .into();
        assert_eq!(region.code, ErrorCode::AwsRegion);
        assert!(
            region.message.ends_with("pick one from the list"),
            "{}",
            region.message
        );
    }

    #[test]
    fn engine_errors_get_codes_and_screen_sentences() {
        let cases: Vec<(CwError, ErrorCode)> = vec![
            (CwError::NoCredentials, ErrorCode::AwsCredentials),
            (
                CwError::ExpiredCredentials {
                    code: "ExpiredTokenException".into(),
                },
                ErrorCode::AwsCredentials,
            ),
            (
                CwError::AccessDenied {
                    action: "logs:FilterLogEvents".into(),
                    message: "no".into(),
                },
                ErrorCode::AwsAccessDenied,
            ),
            (CwError::NoRegion, ErrorCode::AwsRegion),
            (
                CwError::UnknownRegion {
                    region: "mars-north-1".into(),
                },
                ErrorCode::AwsRegion,
            ),
            (CwError::Throttled { attempts: 10 }, ErrorCode::AwsThrottled),
            (
                CwError::KeptFailing {
                    attempts: 10,
                    detail: "500".into(),
                },
                ErrorCode::AwsUnavailable,
            ),
            (
                CwError::MissingGroup {
                    group: "/x".into(),
                    region: "us-east-1".into(),
                },
                ErrorCode::MissingLogGroup,
            ),
            (
                CwError::Refused {
                    code: "InvalidParameterException".into(),
                    message: "bad pattern".into(),
                },
                ErrorCode::AwsRefused,
            ),
        ];
        for (e, code) in cases {
            let api: ApiError = e.into();
            assert_eq!(api.code, code, "{api:?}");
            // The command line's flags and commands mean nothing in the app.
            for cli in [
                "--region",
                "--filter",
                "--rate",
                "lognoise ",
                "the same command",
            ] {
                assert!(!api.message.contains(cli), "says {cli}: {}", api.message);
            }
        }
        let throttled: ApiError = CwError::Throttled { attempts: 10 }.into();
        assert_eq!(
            serde_json::to_value(&throttled).unwrap()["code"],
            "aws_throttled"
        );
    }

    #[test]
    fn one_pull_at_a_time_per_workspace() {
        let pulls = Pulls::default();
        let a = Path::new("/w/a");
        let slot = pulls.begin(a).unwrap();
        assert_eq!(pulls.begin(a).unwrap_err().code, ErrorCode::Busy);
        let other = pulls.begin(Path::new("/w/b")).unwrap();
        assert!(pulls.cancel(a));
        assert!(slot.cancel.is_cancelled());
        assert!(!other.cancel.is_cancelled());
        drop(slot);
        assert!(!pulls.cancel(a));
        assert!(pulls.begin(a).is_ok());
    }
}
