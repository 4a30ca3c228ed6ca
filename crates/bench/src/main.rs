//! `lognoise-bench`: throughput of the lognoise mining engine next to other Rust Drain
//! implementations, on the same mixed corpus, one contender per child process so that peak
//! memory is each contender's own. Figures are medians over several runs.
//!
//! Two more suites measure workspaces: `import` (the corpus, each line stamped with a time,
//! mined, stored and indexed into a new workspace, next to tantivy indexing the same lines with
//! no mining) and `query` (term searches with counts per template and a 60-bucket histogram on
//! that workspace). The `pull` suite pulls events from `moto_server` into a workspace with
//! the chosen concurrency against one request at a time.
//!
//! ```sh
//! cargo run --release -p lognoise-bench -- --runs 5
//! cargo run --release -p lognoise-bench -- --suite import,query --runs 3
//! ```

mod check_suite;
mod contender;
mod corpus;
mod lines;
mod pull_suite;
mod report;
mod stats;
mod workspace_suite;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use contender::{Contender, RunOutput};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Measure the lognoise miner against logdrain and drain3 on a mixed log corpus.
#[derive(Parser, Debug)]
#[command(name = "lognoise-bench", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Internal>,
    #[command(flatten)]
    bench: BenchArgs,
}

/// What the benchmark runs inside its child processes; not for people.
#[derive(Subcommand, Debug)]
enum Internal {
    /// Runs one contender once over a file and prints its measurements as one JSON line.
    #[command(hide = true)]
    RunOne {
        /// Which contender.
        contender: Contender,
        /// The corpus file.
        file: PathBuf,
    },
    /// Runs one pull from moto into a new workspace and prints its measurements as JSON.
    #[command(hide = true)]
    PullOne {
        /// moto's URL.
        url: String,
        /// Window start, ms.
        start: i64,
        /// Window end, ms.
        end: i64,
        /// Events wanted.
        sample: u64,
        /// Slices read at once.
        concurrency: usize,
        /// Requests a second (0: no limit).
        rate: f64,
        /// The workspace to create.
        workspace: PathBuf,
        /// Log groups to pull from.
        #[arg(long = "group", required = true)]
        groups: Vec<String>,
        /// Slices per group (none: the pull decides).
        #[arg(long)]
        slices: Option<u32>,
    },
}

/// What a benchmark measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Suite {
    /// Mining throughput against the I/O floor and the other miners.
    Mine,
    /// Import into a new workspace (mined, stored, indexed) against tantivy indexing alone.
    Import,
    /// Term searches with counts per template and a histogram on the imported workspace.
    Query,
    /// Pulls from moto_server with the chosen concurrency against one request at a time.
    Pull,
    /// Suppression rules made from the corpus's templates applied to every line, against a
    /// naive loop trying one rule at a time.
    Check,
}

/// Options of a benchmark.
#[derive(Args, Debug)]
struct BenchArgs {
    /// Events seeded into moto and pulled by the pull suite.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    pull_events: u64,
    /// Concurrencies the pull suite compares (1 is the baseline).
    #[arg(long, value_delimiter = ',', default_value = "4,1")]
    pull_concurrency: Vec<usize>,
    /// Requests a second for the pull suite (0: no limit; moto has no quota).
    #[arg(long, default_value_t = 0.0)]
    pull_rate: f64,
    /// Log groups the pull suite spreads its events over.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100))]
    pull_groups: u64,
    /// Events each pull of the pull suite asks for (0: all that were seeded).
    #[arg(long, default_value_t = 0)]
    pull_sample: u64,
    /// Delay added to every answer by a proxy in front of moto, in ms (0: no proxy).
    #[arg(long, default_value_t = 0)]
    pull_latency_ms: u64,
    /// Slices per group for the pull suite's pulls (default: the pull decides after a first
    /// look at each group; a number cuts the window by it alone, the way to compare).
    #[arg(long)]
    pull_slices: Option<u32>,
    /// Suites to run, comma-separated: mine, import, query, pull, check.
    #[arg(long, value_delimiter = ',', default_value = "mine")]
    suite: Vec<Suite>,
    /// Searches the query suite times.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..))]
    queries: u64,
    /// Newest hits each search returns (with their highlights).
    #[arg(long, default_value_t = 20)]
    hits: usize,
    /// Workspace of the query suite: used as it is when it exists (the import suite is then
    /// not needed); otherwise the import suite keeps its last workspace there.
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Folder of the Loghub-2k datasets (`<Name>/<Name>_2k.log`) [default:
    /// <repo>/../shared/data/loghub-2k]. When missing, demo/demo.log is repeated instead.
    #[arg(long, value_name = "DIR")]
    corpus_dir: Option<PathBuf>,
    /// Lines in the corpus.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    lines: u64,
    /// Lines taken from one dataset before the next one's turn.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    block_lines: u64,
    /// Reuse this corpus file if it exists; otherwise build the corpus there and keep it
    /// (without it the corpus goes to a temporary file, deleted at the end).
    #[arg(long, value_name = "FILE")]
    corpus: Option<PathBuf>,
    /// Runs of each contender; contenders take turns within each round.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// Contenders to run, comma-separated [default: all].
    #[arg(long, value_delimiter = ',')]
    contenders: Vec<Contender>,
    /// Rules the check suite applies.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    rules: u64,
    /// Lines the check suite's naive loop runs over (a prefix of the corpus).
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..))]
    naive_lines: u64,
    /// Also write the figures and every run to this JSON file.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Internal::RunOne { contender, file }) => run_one(contender, &file),
        Some(Internal::PullOne {
            url,
            start,
            end,
            sample,
            concurrency,
            rate,
            workspace,
            groups,
            slices,
        }) => pull_suite::pull_one(
            pull_suite::PullJob {
                url,
                window: (start, end),
                sample,
                concurrency,
                rate,
                groups,
                slices,
            },
            &workspace,
        )
        .and_then(|run| {
            println!("{}", serde_json::to_string(&run)?);
            Ok(())
        }),
        None => bench(&cli.bench),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lognoise-bench: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The child side: measure, then report on stdout for the parent.
fn run_one(contender: Contender, file: &Path) -> Result<()> {
    let out = contender::run(contender, file)?;
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}

/// The repository root, where the default corpus paths are anchored whatever the working
/// directory.
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn bench(args: &BenchArgs) -> Result<()> {
    let mut doc = serde_json::json!({
        "schema": "lognoise.bench/v2",
        "runs": args.runs,
        "release": !cfg!(debug_assertions),
        "cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
    });
    if args.suite.contains(&Suite::Mine) {
        doc["mine"] = mine(args)?;
    }
    if args.suite.contains(&Suite::Import) || args.suite.contains(&Suite::Query) {
        workspaces(args, &mut doc)?;
    }
    if args.suite.contains(&Suite::Pull) {
        doc["pull"] = pull(args)?;
    }
    if args.suite.contains(&Suite::Check) {
        doc["check"] = check(args)?;
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&doc)?;
        std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn build_kind() -> &'static str {
    if cfg!(debug_assertions) {
        "debug build: figures are not meaningful, use --release"
    } else {
        "release build"
    }
}

/// The import and query suites.
fn workspaces(args: &BenchArgs, doc: &mut serde_json::Value) -> Result<()> {
    let scratch = tempfile::Builder::new()
        .prefix("lognoise-bench-")
        .tempdir()
        .context("creating a scratch folder")?;
    let existing = args
        .workspace
        .as_deref()
        .filter(|w| w.join(lognoise_workspace::MANIFEST).exists());
    let wanted = args.suite.contains(&Suite::Import) || existing.is_none();
    let mut workspace = existing.map(Path::to_path_buf);
    if wanted {
        let root = repo_root();
        let corpus_dir = args
            .corpus_dir
            .clone()
            .unwrap_or_else(|| root.join("../shared/data/loghub-2k"));
        let fallback = root.join("demo/demo.log");
        let keep_at = args
            .corpus
            .as_ref()
            .map(|p| p.with_extension("stamped.log"));
        let corpus = corpus::Plan {
            corpus_dir: &corpus_dir,
            fallback: &fallback,
            keep_at: keep_at.as_deref(),
            lines: args.lines,
            block: usize::try_from(args.block_lines).unwrap_or(usize::MAX),
            stamped: true,
        }
        .prepare()?;
        // Without the import suite (the query suite needs a workspace), one import is enough.
        let runs = if args.suite.contains(&Suite::Import) {
            args.runs
        } else {
            1
        };
        let keep = match (&args.workspace, args.suite.contains(&Suite::Query)) {
            (Some(w), _) => Some(w.clone()),
            (None, true) => Some(workspace_suite::scratch_workspace(scratch.path())),
            (None, false) => None,
        };
        println!(
            "import: {} lines, {:.1} MB, each stamped with a time: {}",
            corpus.lines,
            corpus.bytes as f64 / 1e6,
            corpus.origin
        );
        println!(
            "{runs} run{} of each, {}; figures are medians",
            if runs == 1 { "" } else { "s" },
            build_kind()
        );
        let summaries = workspace_suite::import_suite(
            &corpus.path,
            corpus.lines,
            runs,
            scratch.path(),
            keep.as_deref(),
        )?;
        println!();
        print!(
            "{}",
            workspace_suite::import_table(&summaries, corpus.bytes)
        );
        println!();
        doc["import"] = serde_json::json!({
            "corpus": {"lines": corpus.lines, "bytes": corpus.bytes, "origin": corpus.origin},
            "runs": runs,
            "results": summaries,
        });
        workspace = keep;
    }
    if args.suite.contains(&Suite::Query) {
        let Some(ws) = workspace else {
            bail!("no workspace to query");
        };
        let queries = usize::try_from(args.queries).unwrap_or(usize::MAX);
        let report = workspace_suite::query_suite(&ws, queries, args.hits)?;
        println!(
            "query: {} term searches on {} events, each with {} newest hits, counts per \
             template and group, {} time buckets; {}",
            report.queries,
            report.events,
            report.hits,
            lognoise_index::DEFAULT_BUCKETS,
            build_kind()
        );
        println!();
        print!("{}", workspace_suite::query_table(&report));
        doc["query"] = serde_json::to_value(&report)?;
    }
    Ok(())
}

/// The pull suite.
fn pull(args: &BenchArgs) -> Result<serde_json::Value> {
    let scratch = tempfile::Builder::new()
        .prefix("lognoise-bench-pull-")
        .tempdir()
        .context("creating a scratch folder")?;
    let exe = std::env::current_exe().context("finding the benchmark binary")?;
    let scenario = pull_suite::Scenario {
        events: args.pull_events,
        groups: args.pull_groups,
        sample: args.pull_sample,
        rate: args.pull_rate,
        latency_ms: args.pull_latency_ms,
        slices: args.pull_slices,
    };
    let summaries = pull_suite::pull_suite(
        &exe,
        &scenario,
        &args.pull_concurrency,
        args.runs,
        scratch.path(),
    )?;
    println!(
        "{} run{} of each concurrency, {}; figures are medians",
        args.runs,
        if args.runs == 1 { "" } else { "s" },
        build_kind()
    );
    println!();
    print!("{}", pull_suite::pull_table(&summaries));
    println!();
    Ok(serde_json::json!({
        "events": args.pull_events,
        "groups": args.pull_groups,
        "sample": scenario.wanted(),
        "rate": args.pull_rate,
        "latency_ms": args.pull_latency_ms,
        "slices": args.pull_slices,
        "results": summaries,
    }))
}

/// The check suite.
fn check(args: &BenchArgs) -> Result<serde_json::Value> {
    let root = repo_root();
    let corpus_dir = args
        .corpus_dir
        .clone()
        .unwrap_or_else(|| root.join("../shared/data/loghub-2k"));
    let fallback = root.join("demo/demo.log");
    let corpus = corpus::Plan {
        corpus_dir: &corpus_dir,
        fallback: &fallback,
        keep_at: args.corpus.as_deref(),
        lines: args.lines,
        block: usize::try_from(args.block_lines).unwrap_or(usize::MAX),
        stamped: false,
    }
    .prepare()?;
    let rules = usize::try_from(args.rules).unwrap_or(usize::MAX);
    let naive = usize::try_from(args.naive_lines).unwrap_or(usize::MAX);
    let report = check_suite::run(&corpus.path, rules, naive, args.runs)?;
    println!(
        "check: {} rules ({} from mined templates) over {} lines, {:.1} MB: {}",
        report.rules,
        report.mined_rules,
        report.lines,
        report.bytes as f64 / 1e6,
        corpus.origin
    );
    println!(
        "one thread, lines in memory, {} runs, {}; matcher built in {:.2} s; {} lines dropped \
         ({:.1}%)",
        args.runs,
        build_kind(),
        report.build_seconds,
        report.dropped,
        100.0 * report.dropped as f64 / report.lines.max(1) as f64
    );
    println!();
    print!("{}", check_suite::table(&report));
    Ok(serde_json::to_value(&report)?)
}

/// The mining suite.
fn mine(args: &BenchArgs) -> Result<serde_json::Value> {
    let root = repo_root();
    let corpus_dir = args
        .corpus_dir
        .clone()
        .unwrap_or_else(|| root.join("../shared/data/loghub-2k"));
    let fallback = root.join("demo/demo.log");
    let corpus = corpus::Plan {
        corpus_dir: &corpus_dir,
        fallback: &fallback,
        keep_at: args.corpus.as_deref(),
        lines: args.lines,
        block: usize::try_from(args.block_lines).unwrap_or(usize::MAX),
        stamped: false,
    }
    .prepare()?;
    let contenders: Vec<Contender> = if args.contenders.is_empty() {
        Contender::ALL.to_vec()
    } else {
        let mut picked: Vec<Contender> = Vec::new();
        for c in &args.contenders {
            if !picked.contains(c) {
                picked.push(*c);
            }
        }
        picked
    };
    let build = build_kind();
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "corpus: {} lines, {:.1} MB: {}",
        corpus.lines,
        corpus.bytes as f64 / 1e6,
        corpus.origin
    );
    println!(
        "{} run{} per contender, one thread each but lognoise-threads, {build}, {cpus} CPUs; figures are medians",
        args.runs,
        if args.runs == 1 { "" } else { "s" }
    );

    let exe = std::env::current_exe().context("finding this program to run the contenders")?;
    let mut runs: Vec<Vec<RunOutput>> = vec![Vec::new(); contenders.len()];
    for round in 0..args.runs as usize {
        // Rotate who goes first so that no contender always runs in the same slot.
        for k in 0..contenders.len() {
            let i = (round + k) % contenders.len();
            let c = contenders[i];
            let out = spawn_one(&exe, c, &corpus.path)?;
            if (out.lines, out.bytes) != (corpus.lines, corpus.bytes) {
                bail!(
                    "{} read {} lines ({} bytes), the corpus has {} ({} bytes)",
                    c.name(),
                    out.lines,
                    out.bytes,
                    corpus.lines,
                    corpus.bytes
                );
            }
            eprintln!(
                "round {}/{}  {:<15} {:>7.3} s  {:>6} templates",
                round + 1,
                args.runs,
                c.name(),
                out.seconds,
                out.templates
            );
            runs[i].push(out);
        }
    }

    let summaries = report::summarise(&contenders, &runs);
    println!();
    print!("{}", report::table(&summaries));
    for s in summaries.iter().filter(|s| s.skipped > 0) {
        println!(
            "{} refused {} lines per run (over its line length or token limits)",
            s.contender, s.skipped
        );
    }
    Ok(serde_json::json!({
        "corpus": {
            "lines": corpus.lines,
            "bytes": corpus.bytes,
            "origin": corpus.origin,
        },
        "results": summaries,
    }))
}

/// Runs one contender in a fresh process: its peak memory is then its own, and the heap one
/// contender leaves behind cannot slow the next.
fn spawn_one(exe: &Path, contender: Contender, corpus: &Path) -> Result<RunOutput> {
    let out = Command::new(exe)
        .arg("run-one")
        .arg(contender.name())
        .arg(corpus)
        .output()
        .with_context(|| format!("starting {}", contender.name()))?;
    if !out.status.success() {
        bail!(
            "{} failed ({}): {}",
            contender.name(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .last()
        .with_context(|| format!("{} printed nothing", contender.name()))?;
    serde_json::from_str(last)
        .with_context(|| format!("reading the result of {}", contender.name()))
}
