//! The bench's command line. Every option has a default, so a bare
//! `cargo bench -p lognoise-app --bench ui` measures every figure at the sizes quoted in the
//! review meeting.

use clap::builder::RangedU64ValueParser;
use clap::{Parser, ValueEnum};
use std::path::PathBuf;

/// What to measure, on which app binary, and how often.
#[derive(Parser, Debug)]
#[command(
    name = "ui",
    about = "How fast the lognoise app feels, measured in its real window under Xvfb"
)]
pub struct Options {
    /// Runs of each figure (at least 1); each is reported as a median and a spread over the runs.
    #[arg(long, default_value_t = 5, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub runs: usize,
    /// Events in the search suite's workspace, at least 1,000 (the demo's day replayed with
    /// fresh ids).
    #[arg(long, default_value_t = 1_000_000, value_parser = RangedU64ValueParser::<usize>::new().range(1000..))]
    pub lines: usize,
    /// About how many templates the scroll suite's queue holds (at least 10).
    #[arg(long, default_value_t = 5_000, value_parser = RangedU64ValueParser::<usize>::new().range(10..))]
    pub templates: usize,
    /// The suites to run, comma-separated; they always run in the order start, search, scroll.
    #[arg(
        long = "suite",
        value_enum,
        value_delimiter = ',',
        default_value = "start,search,scroll"
    )]
    pub suites: Vec<Suite>,
    /// The WebKit rendering modes to measure, each in turn, comma-separated (`on,off`).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "off")]
    pub compositing: Vec<Compositing>,
    /// Another build of the app to drive (a saved binary, to compare builds in one session).
    #[arg(long, default_value = env!("CARGO_BIN_EXE_lognoise-app"))]
    pub app: PathBuf,
    /// CSS to try on the scrolling queue: each scroll run is repeated with it added to the page.
    #[arg(long)]
    pub css: Option<String>,
    /// Passed by `cargo bench` to every bench target; this one has nothing to switch on it.
    #[arg(long = "bench", hide = true)]
    _bench: bool,
    /// A filter `cargo bench` passes on to every bench target; this one runs no filtered
    /// subset (`--suite` chooses what runs).
    #[arg(hide = true)]
    _filter: Vec<String>,
}

/// One group of figures.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suite {
    /// Launch to a filled Review queue on the demo workspace.
    Start,
    /// Keystroke to painted results on a large workspace.
    Search,
    /// Frame gaps while a queue of many templates scrolls.
    Scroll,
}

/// How WebKit renders the page.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compositing {
    /// Composited in layers, as on a desktop (with OpenGL: Mesa's llvmpipe under Xvfb).
    On,
    /// Every frame painted in software (`WEBKIT_DISABLE_COMPOSITING_MODE=1`), as in the
    /// end-to-end tests.
    Off,
}

impl Options {
    /// Whether `suite` was asked for.
    pub fn runs_suite(&self, suite: Suite) -> bool {
        self.suites.contains(&suite)
    }
}
