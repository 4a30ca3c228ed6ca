//! How fast the app feels, measured in its real window: the app binary under Xvfb, driven
//! through tauri-driver and WebKitWebDriver (the end-to-end test's harness). Prints medians
//! and spreads; asserts nothing about time (the machine it runs on may be busy).
//!
//! ```sh
//! cargo bench -p lognoise-app --bench ui                    # every figure, default sizes
//! cargo bench -p lognoise-app --bench ui -- --runs 3 --lines 100000   # quicker
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --compositing on,off
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --app saved/lognoise-app
//! cargo bench -p lognoise-app --bench ui -- --suite scroll --css '.sparkline { display: none }'
//! ```
//!
//! WebKit renders with compositing off by default (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, every
//! frame painted in software by the app's processes, as in the end-to-end tests):
//! `--compositing on` composites in layers as on a desktop, but Xvfb has no GPU and Mesa's
//! llvmpipe then does a GPU's work on the same cores, which is most of what it measures.
//! `--app` drives another build of the app (a saved binary) to compare builds in one session;
//! `--css` repeats each scroll run with a style sheet added to the page, to try a change.
//!
//! Figures:
//! - `start`: launch to a filled Review queue on the demo workspace (imported before the first
//!   run, so the runs open it), from the WebDriver session request to the page's first paint
//!   of queue rows (`window.__lognoiseQueueFilledAt`);
//! - `search`: keystroke to painted results on a workspace of `--lines` events (1,000,000 by
//!   default: the demo's day of events replayed over the following days with fresh ids), as
//!   the Search screen records it (`window.__lognoiseSearchLatencies`: from the input event to
//!   the start of the frame after the one that painted the answer), next to the floor on the
//!   same page: a command that does no work sent and answered, then two frames;
//! - `scroll`: a scripted scroll through a queue of about `--templates` templates (5,000 by
//!   default), with the gaps between animation frames recorded in the page, next to the gaps
//!   recorded on the same page while nothing moves (the floor the window system gives, which
//!   under Xvfb's software rendering on a busy machine may itself be above 16.7 ms).
//!
//! Workspaces are built with the engine's import at the first run and kept under the target
//! folder (`<target>/ui-bench/`), so later runs start at once.
//!
//! The modules: [`options`] (the command line), [`workspaces`] (the generated workspaces),
//! [`app`] (the app started and read in its window), one for each suite ([`start`],
//! [`search`], [`scroll`]: what it measures and how it prints it) and [`figures`] (the
//! statistics and table rows they share). This file only runs the suites asked for.

#[path = "../../../tests/harness/mod.rs"]
mod harness;

mod app;
mod figures;
mod options;
mod scroll;
mod search;
mod start;
mod workspaces;

use anyhow::Result;
use app::Setup;
use clap::Parser;
use options::{Compositing, Options, Suite};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let o = Options::parse();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "lognoise-app UI figures ({build} build, {} runs, {} at {}s since the epoch)",
        o.runs,
        std::env::consts::ARCH,
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    );
    if o.app != Path::new(env!("CARGO_BIN_EXE_lognoise-app")) {
        println!("app: {}", o.app.display());
    }
    if let Some(css) = &o.css {
        println!("tried on the scrolling queue: {css}");
    }
    for &mode in &o.compositing {
        let setup = Setup {
            app: &o.app,
            compositing: mode == Compositing::On,
        };
        suites(&o, &setup).await?;
    }
    Ok(())
}

/// Every suite asked for, in one WebKit rendering mode, as one table.
async fn suites(o: &Options, setup: &Setup<'_>) -> Result<()> {
    println!();
    println!(
        "WebKit compositing {}",
        if setup.compositing {
            "on (layers composited with OpenGL: Mesa's llvmpipe under Xvfb)"
        } else {
            "off (WEBKIT_DISABLE_COMPOSITING_MODE=1: every frame painted in software)"
        }
    );
    println!();
    figures::table_head();
    if o.runs_suite(Suite::Start) {
        start::report(&start::measure(o.runs, setup).await?);
    }
    if o.runs_suite(Suite::Search) {
        let ws = workspaces::search(o.lines)?;
        search::report(o.lines, &search::measure(&ws, o.runs, setup).await?);
    }
    if o.runs_suite(Suite::Scroll) {
        let ws = workspaces::templates(o.templates)?;
        scroll::report(&scroll::measure(&ws, o.runs, setup, o.css.as_deref()).await?);
    }
    Ok(())
}
