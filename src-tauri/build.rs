//! Declares the app's own commands so that the capability file can allow each one by name
//! (commands not listed there are refused by the IPC layer).

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}

/// Every `#[tauri::command]` of the app; keep in step with `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "recent_workspaces",
    "open_workspace",
    "create_workspace",
    "open_demo",
    "import_files",
    "list_templates",
    "template_detail",
    "search",
    "open_session",
    "decide",
    "aws_profiles",
    "log_groups",
    "pull_cloudwatch",
    "cancel_pull",
    "review_queue",
    "merge_templates",
    "unmerge_template",
    "split_template",
    "unsplit_template",
    "list_sessions",
    "switch_session",
    "create_session",
    "update_session",
    "session_rules",
    "save_rules",
    "meeting_summary",
];
