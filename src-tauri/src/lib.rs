//! The lognoise desktop app: a thin Tauri shell over the engine crates.
//!
//! Commands (in [`commands`]) check their arguments ([`validate`]), run engine calls on worker
//! threads and return view types ([`dto`]) whose TypeScript declarations are generated into
//! `ui/src/bindings.ts`. Every error reaches the front end as `{code, message}` ([`error`]).
//! Long work streams progress through `tauri::ipc::Channel`.

pub mod commands;
pub mod dto;
pub mod error;
pub mod recent;
pub mod state;
pub mod validate;

#[cfg(test)]
mod bindings;

use state::{AppDirs, AppState};
use std::path::PathBuf;

/// What the command line asks for. Unknown arguments are ignored: the WebDriver used by the
/// end-to-end tests adds its own.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// `--workspace DIR`: open this workspace at start.
    pub workspace: Option<PathBuf>,
    /// `--demo`: open the demo workspace at start.
    pub demo: bool,
}

impl Args {
    /// Reads the arguments (after the program name).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Args {
        let mut out = Args::default();
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--workspace" => out.workspace = args.next().map(PathBuf::from),
                "--demo" => out.demo = true,
                _ => {
                    if let Some(dir) = a.strip_prefix("--workspace=") {
                        out.workspace = Some(PathBuf::from(dir));
                    }
                }
            }
        }
        out
    }
}

/// The app's `main`: runs it, and on failure prints the error chain and exits with 1. The
/// `lognoise-app` binary and the one the end-to-end tests start (`tests/app`) are this call.
pub fn main() {
    if let Err(e) = run() {
        eprintln!("lognoise: {e:#}");
        std::process::exit(1);
    }
}

/// Starts the app.
pub fn run() -> anyhow::Result<()> {
    use_a_real_locale();
    let args = Args::parse(std::env::args().skip(1));
    let dirs = AppDirs::for_user()?;
    let initial = if args.demo {
        Some(dirs.demo_workspace())
    } else {
        args.workspace
            .or_else(|| std::env::var_os("LOGNOISE_WORKSPACE").map(PathBuf::from))
    }
    .map(|p| std::path::absolute(&p).unwrap_or(p));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::new(dirs, initial))
        .manage(commands::cloudwatch::Pulls::default())
        .invoke_handler(tauri::generate_handler![
            commands::workspace::app_info,
            commands::workspace::recent_workspaces,
            commands::workspace::open_workspace,
            commands::workspace::create_workspace,
            commands::workspace::open_demo,
            commands::workspace::import_files,
            commands::review::template_detail,
            commands::search::search,
            commands::session::open_session,
            commands::session::decide,
            commands::cloudwatch::aws_profiles,
            commands::cloudwatch::log_groups,
            commands::cloudwatch::pull_cloudwatch,
            commands::cloudwatch::cancel_pull,
            commands::curate::review_queue,
            commands::summary::last_meeting_rules,
            commands::curate::accept_suggestion,
            commands::curate::merge_templates,
            commands::curate::unmerge_template,
            commands::curate::split_template,
            commands::curate::unsplit_template,
            commands::sessions::list_sessions,
            commands::sessions::switch_session,
            commands::sessions::create_session,
            commands::sessions::update_session,
            commands::rules::session_rules,
            commands::rules::save_rules,
            commands::producers::log_group_producers,
            commands::producers::set_log_group_producer,
            commands::producers::session_deploy,
            commands::producers::save_deploy,
            commands::summary::meeting_summary,
        ])
        .run(tauri::generate_context!())?;
    Ok(())
}

/// WebKit turns the POSIX locale `C` (what a bare environment such as a CI runner or a
/// service has) into `navigator.language = "C"`, which `Intl` rejects, so the front end would
/// not start. Such environments get English instead; a configured locale is left alone.
fn use_a_real_locale() {
    let configured = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    let posix = configured
        .as_deref()
        .is_none_or(|v| v == "C" || v == "POSIX" || v.starts_with("C."));
    if posix {
        std::env::set_var("LC_ALL", "en_US.UTF-8");
        std::env::set_var("LANG", "en_US.UTF-8");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let a = Args::parse(["--workspace", "/w", "--automation"].map(String::from));
        assert_eq!(a.workspace.as_deref(), Some(std::path::Path::new("/w")));
        assert!(!a.demo);
        assert!(Args::parse(["--demo".to_string()]).demo);
        assert_eq!(
            Args::parse(["--workspace=/x".to_string()]).workspace,
            Some(PathBuf::from("/x"))
        );
    }
}
