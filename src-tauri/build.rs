//! Declares the app's own commands so that the capability file can allow each one by name
//! (commands not listed there are refused by the IPC layer), and gives the app a page to embed
//! when the front end has not been built: `cargo build --workspace` on a fresh clone then
//! builds an app that says how to build its screens, instead of failing in
//! `generate_context!` because `ui/dist` does not exist.

use std::path::Path;

/// Where `npm run build` in `ui/` writes the front end (`build.frontendDist` of
/// `tauri.conf.json`).
const FRONT_END: &str = "../ui/dist";
/// The page embedded instead while the front end is not built.
const PLACEHOLDER: &str = "placeholder";

fn main() {
    // A front end built (or removed) later must change what is embedded.
    println!("cargo:rerun-if-changed={FRONT_END}");
    println!("cargo:rerun-if-changed={PLACEHOLDER}");
    if !Path::new(FRONT_END).join("index.html").is_file() {
        embed_placeholder();
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}

/// Points `generate_context!` at the placeholder page through `TAURI_CONFIG`, the JSON that
/// Tauri's code generator merges into `tauri.conf.json` (a `TAURI_CONFIG` given by the caller
/// is kept, with only the front end's folder replaced).
fn embed_placeholder() {
    println!(
        "cargo:warning=ui/dist is missing: the app embeds a page saying how to build the front end \
         (`cd ui && npm ci && npm run build`, then build the app again)"
    );
    let mut config: serde_json::Value = std::env::var("TAURI_CONFIG")
        .ok()
        .and_then(|c| serde_json::from_str(&c).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    config["build"]["frontendDist"] = PLACEHOLDER.into();
    println!("cargo:rustc-env=TAURI_CONFIG={config}");
}

/// Every `#[tauri::command]` of the app; keep in step with `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "app_info",
    "recent_workspaces",
    "open_workspace",
    "create_workspace",
    "open_demo",
    "import_files",
    "template_detail",
    "search",
    "open_session",
    "decide",
    "aws_profiles",
    "log_groups",
    "pull_cloudwatch",
    "cancel_pull",
    "review_queue",
    "last_meeting_rules",
    "accept_suggestion",
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
    "log_group_producers",
    "set_log_group_producer",
    "session_deploy",
    "save_deploy",
    "meeting_summary",
];
