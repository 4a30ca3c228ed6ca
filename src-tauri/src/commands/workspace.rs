//! Opening, creating and filling workspaces: the Start and Sources screens.

use super::blocking;
use crate::dto::{AppInfo, ImportProgress, ImportSummary, RecentWorkspace, WorkspaceInfo};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::recent;
use crate::state::{AppState, OpenWorkspace};
use crate::validate;
use lognoise_index::{import, ImportOptions};
use lognoise_workspace::{SampleDescription, Workspace};
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::State;

/// The bundled demo events (synthetic, see `demo/README.md`), so the demo works from an
/// installed package with no repository around.
const DEMO_EVENTS: &[u8] = include_bytes!("../../../demo/events.jsonl");
/// What the demo events are a sample of (the day's stored bytes and log class per group), so
/// the demo's volumes and costs read like the production system it imitates.
const DEMO_SAMPLE: &[u8] = include_bytes!("../../../demo/sample.json");

/// Version, the workspace to open at start, and where the demo lives.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        initial_workspace: state
            .initial_workspace
            .as_ref()
            .map(|p| p.display().to_string()),
        demo_workspace: state.dirs.demo_workspace().display().to_string(),
    }
}

/// Workspaces opened before, most recent first, leaving out folders that are gone.
#[tauri::command]
pub async fn recent_workspaces(state: State<'_, AppState>) -> ApiResult<Vec<RecentWorkspace>> {
    let dir = state.dirs.config.clone();
    blocking(move || Ok(recent::read(&dir))).await
}

/// Opens an existing workspace.
#[tauri::command]
pub async fn open_workspace(state: State<'_, AppState>, path: String) -> ApiResult<WorkspaceInfo> {
    let path = validate::absolute_path("workspace folder", &path)?;
    let open = blocking(move || OpenWorkspace::open(&path)).await?;
    remember(&state, open)
}

/// Creates a workspace in an empty (or new) folder and opens it.
#[tauri::command]
pub async fn create_workspace(
    state: State<'_, AppState>,
    path: String,
) -> ApiResult<WorkspaceInfo> {
    let path = validate::absolute_path("workspace folder", &path)?;
    let open = blocking(move || {
        if path.join(lognoise_workspace::MANIFEST).exists() {
            return Err(ApiError::new(
                ErrorCode::NotAWorkspace,
                format!(
                    "{} already holds a workspace: open it instead",
                    path.display()
                ),
            ));
        }
        Workspace::open_or_create(&path)?;
        OpenWorkspace::open(&path)
    })
    .await?;
    remember(&state, open)
}

/// Opens the demo workspace, importing the bundled demo events first when it does not exist.
#[tauri::command]
pub async fn open_demo(
    state: State<'_, AppState>,
    on_progress: Channel<ImportProgress>,
) -> ApiResult<WorkspaceInfo> {
    let root = state.dirs.demo_workspace();
    let open = blocking(move || {
        if let Ok(open) = OpenWorkspace::open(&root) {
            if open.ws.manifest().events > 0 {
                return Ok(open);
            }
        }
        build_demo(&root, &on_progress)?;
        OpenWorkspace::open(&root)
    })
    .await?;
    remember(&state, open)
}

/// Imports local files (picked or dropped) into the open workspace.
#[tauri::command]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    group: Option<String>,
    on_progress: Channel<ImportProgress>,
) -> ApiResult<ImportSummary> {
    if paths.is_empty() || paths.len() > validate::MAX_FILES {
        return Err(ApiError::invalid(format!(
            "choose between 1 and {} files to import",
            validate::MAX_FILES
        )));
    }
    let paths = paths
        .iter()
        .map(|p| validate::absolute_path("log file", p))
        .collect::<ApiResult<Vec<PathBuf>>>()?;
    for p in &paths {
        if !p.is_file() {
            return Err(ApiError::new(
                ErrorCode::Io,
                format!("{} is not a file: drop or pick log files", p.display()),
            ));
        }
    }
    let group = group
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty());
    if group.as_ref().is_some_and(|g| g.len() > 512) {
        return Err(ApiError::invalid(
            "the log group name is longer than 512 characters: shorten it",
        ));
    }
    let root = state.current()?.ws.root().to_path_buf();
    let (report, open) = blocking(move || {
        let mut ws = Workspace::open(&root)?;
        let options = ImportOptions {
            default_group: group,
            sample: None,
        };
        let report = import(&mut ws, &paths, &options, &mut |p| {
            // A closed window drops the channel; the import goes on regardless.
            let _ = on_progress.send(ImportProgress::Reading {
                bytes_read: p.bytes_read,
                bytes_total: p.bytes_total,
                events: p.events,
            });
        })?;
        let _ = on_progress.send(ImportProgress::Finished {
            events: report.events,
            templates: report.templates,
        });
        Ok((report, OpenWorkspace::open(&root)?))
    })
    .await?;
    let problems = report
        .sources
        .iter()
        .flat_map(|s| {
            s.problems.iter().map(move |p| {
                format!(
                    "{}: {}",
                    s.path,
                    serde_json::to_string(p).unwrap_or_default()
                )
            })
        })
        .take(20)
        .collect();
    let not_text = report
        .sources
        .iter()
        .filter_map(|s| s.not_text.as_ref().map(|w| format!("{}: {w}", s.path)))
        .collect();
    let workspace = remember(&state, open)?;
    Ok(ImportSummary {
        events: report.events,
        templates: report.templates,
        problems,
        not_text,
        workspace,
    })
}

/// Imports the bundled demo events into a new workspace at `root`, replacing a previous demo
/// workspace only.
fn build_demo(root: &Path, progress: &Channel<ImportProgress>) -> ApiResult<()> {
    if root.exists() {
        if !root.join(lognoise_workspace::MANIFEST).exists() {
            return Err(ApiError::new(
                ErrorCode::NotAWorkspace,
                format!(
                    "{} exists and is not a workspace: move it away to open the demo",
                    root.display()
                ),
            ));
        }
        std::fs::remove_dir_all(root).map_err(|e| io(root, e))?;
    }
    let parent = root.parent().unwrap_or(root);
    lognoise_workspace::create_private_dir(parent)?;
    let source = tempfile_in(parent)?;
    std::fs::write(&source, DEMO_EVENTS).map_err(|e| io(&source, e))?;
    let sample = SampleDescription::parse(DEMO_SAMPLE).map_err(|message| {
        ApiError::new(
            ErrorCode::Internal,
            format!(
                "the bundled demo's sample description is damaged ({message}): reinstall lognoise"
            ),
        )
    })?;
    let options = ImportOptions {
        default_group: None,
        sample: Some(sample),
    };
    let mut ws = Workspace::open_or_create(root)?;
    let result = import(&mut ws, std::slice::from_ref(&source), &options, &mut |p| {
        let _ = progress.send(ImportProgress::Reading {
            bytes_read: p.bytes_read,
            bytes_total: p.bytes_total,
            events: p.events,
        });
    });
    let _ = std::fs::remove_file(&source);
    let report = result?;
    let _ = progress.send(ImportProgress::Finished {
        events: report.events,
        templates: report.templates,
    });
    Ok(())
}

fn tempfile_in(dir: &Path) -> ApiResult<PathBuf> {
    Ok(dir.join(format!("demo-events-{}.jsonl", std::process::id())))
}

fn io(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}

/// Makes `open` the open workspace, notes it in the recent list and describes it.
fn remember(state: &AppState, open: OpenWorkspace) -> ApiResult<WorkspaceInfo> {
    let info = describe(&open);
    recent::add(&state.dirs.config, open.ws.root());
    state.set(open)?;
    Ok(info)
}

/// The summary of a workspace the Start screen and title bar show.
pub fn describe(open: &OpenWorkspace) -> WorkspaceInfo {
    let m = open.ws.manifest();
    let root = open.ws.root();
    let mut levels: Vec<(String, u64)> = Vec::new();
    for t in open.ws.templates().templates() {
        for l in &t.levels {
            let name = lognoise_index::level_name(&l.value);
            match levels.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += l.count,
                None => levels.push((name, l.count)),
            }
        }
    }
    levels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    WorkspaceInfo {
        path: root.display().to_string(),
        name: root.file_name().map_or_else(
            || root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        events: m.events,
        bytes: m.bytes,
        templates: open.ws.templates().templates().len(),
        start_ms: m.time_range.map(|r| r.0),
        end_ms: m.time_range.map(|r| r.1),
        levels: levels.into_iter().map(|(n, _)| n).collect(),
    }
}
