//! The `pull` suite: events pulled from `moto_server` into a new workspace (mined, stored,
//! indexed as they arrive) with the chosen concurrency, next to one request at a time, in the
//! same invocation. Each pull runs in a child process so its peak memory is its own.
//!
//! moto has no request quota, so the pulls run with no rate limit (`--pull-rate` sets one):
//! the figures measure the pull and import path, and how much reading slices concurrently
//! hides each request's latency. moto answers at once, where CloudWatch takes a network round
//! trip and a scan: `--pull-latency-ms` puts a proxy in front of moto that holds every answer
//! that long, so the gain of concurrent slices shows. `--pull-groups` spreads the events over
//! several log groups and `--pull-sample` asks for a sample other than all of them (a sample
//! much larger than the groups hold is the case the first look at each group is for).

use crate::stats::{ratio, Spread};
use anyhow::{bail, Context, Result};
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use lognoise_cloudwatch::{Cancel, CloudWatch, ConnectOptions, PullRequest, Via};
use lognoise_workspace::Workspace;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Log group the suite seeds (the first, when it seeds several).
pub const GROUP: &str = "/bench/web";

/// What the suite pulls, and through what.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Events seeded, over all groups.
    pub events: u64,
    /// Log groups they are spread over.
    pub groups: u64,
    /// Events each pull asks for (0: all of them).
    pub sample: u64,
    /// Requests a second (0: no limit).
    pub rate: f64,
    /// Delay the proxy adds to every answer (0: no proxy).
    pub latency_ms: u64,
    /// Slices per group, as `PullRequest::slices` (`None`: the pull decides, after its first
    /// look at each group; a number cuts by it with no look, as pulls did before they looked).
    pub slices: Option<u32>,
}

impl Scenario {
    /// Names of the seeded groups.
    pub fn group_names(&self) -> Vec<String> {
        (0..self.groups.max(1))
            .map(|g| match g {
                0 => GROUP.to_string(),
                g => format!("{GROUP}-{g}"),
            })
            .collect()
    }

    /// Events each pull asks for.
    pub fn wanted(&self) -> u64 {
        if self.sample == 0 {
            self.events
        } else {
            self.sample
        }
    }
}

/// A `moto_server` on a free loopback port, stopped when dropped (or when this process ends:
/// the shell that runs it kills it when its standard input closes).
pub struct Moto {
    /// Its URL.
    pub url: String,
    guard: Child,
}

impl Moto {
    /// Starts moto_server; fails with what to install when it is missing.
    pub fn start() -> Result<Moto> {
        if Command::new("moto_server")
            .arg("--help")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            bail!("moto_server is not installed: run scripts/test, or pip install 'moto[server]>=5.2,<5.3'");
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let script = format!(
            "moto_server -H 127.0.0.1 -p {port} >/dev/null 2>&1 & pid=$!; \
             read _ignored; kill $pid 2>/dev/null; wait $pid 2>/dev/null"
        );
        let guard = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting moto_server")?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("moto_server did not start on port {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(Moto {
            url: format!("http://127.0.0.1:{port}"),
            guard,
        })
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Some(stdin) = self.guard.stdin.as_mut() {
            let _ = stdin.write_all(b"\n");
        }
        let _ = self.guard.wait();
    }
}

/// Puts `events` web-service events over the hour before now into `groups` (4 streams each,
/// the events dealt out in turn). Returns the window and the message bytes.
pub fn seed(url: &str, events: u64, groups: &[String]) -> Result<(i64, i64, u64)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let creds = aws_credential_types::Credentials::new("bench", "bench", None, None, "bench");
    let config = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version_latest()
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(creds)
        .endpoint_url(url)
        .build();
    let client = aws_sdk_cloudwatchlogs::Client::from_conf(config);
    let end = now_ms();
    let start = end - 3_600_000;
    let mut bytes = 0u64;
    let group_count = groups.len().max(1) as u64;
    runtime.block_on(async {
        for (g, group) in groups.iter().enumerate() {
            client
                .create_log_group()
                .log_group_name(group)
                .send()
                .await?;
            for s in 0..4u64 {
                let stream = format!("web/{s}");
                client
                    .create_log_stream()
                    .log_group_name(group)
                    .log_stream_name(&stream)
                    .send()
                    .await?;
                let mine: Vec<u64> = (0..events)
                    .filter(|i| i % group_count == g as u64 && (i / group_count) % 4 == s)
                    .collect();
                for chunk in mine.chunks(5000) {
                    let batch: Vec<InputLogEvent> = chunk
                        .iter()
                        .map(|&i| {
                            let message = message(i);
                            bytes += message.len() as u64;
                            InputLogEvent::builder()
                                .timestamp(start + (3_600_000 * i / events) as i64)
                                .message(message)
                                .build()
                        })
                        .collect::<std::result::Result<_, _>>()?;
                    client
                        .put_log_events()
                        .log_group_name(group)
                        .log_stream_name(&stream)
                        .set_log_events(Some(batch))
                        .send()
                        .await?;
                }
            }
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok((start, end, bytes))
}

fn message(i: u64) -> String {
    match i % 6 {
        0 => format!("INFO GET /api/orders/{} 200 {} ms", 1000 + i, i % 97),
        1 => format!("INFO Order ord_{:06x} persisted in {} ms", i * 7919, i % 50),
        2 => format!(
            "{{\"level\":\"info\",\"msg\":\"cache hit\",\"key\":\"user:{}\",\"ttl\":{}}}",
            i % 300,
            i % 60
        ),
        3 => format!(
            "ERROR Payment declined for user_id={} card=visa code=51",
            i % 400
        ),
        4 => "INFO GET /health 200 1 ms".to_string(),
        _ => format!(
            "INFO session closed for user u{} from 10.0.{}.{}:443",
            i % 900,
            i % 255,
            (i * 3) % 255
        ),
    }
}

/// What one pull measured (printed by the child as one JSON line).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PullRun {
    /// Slices read at once.
    pub concurrency: usize,
    /// Events imported.
    pub events: u64,
    /// Requests sent.
    pub requests: u64,
    /// Seconds from connecting to the last commit.
    pub seconds: f64,
    /// Peak resident memory of the process, KiB.
    pub peak_rss_kib: Option<u64>,
}

/// One pull the child runs.
#[derive(Clone, Debug)]
pub struct PullJob {
    /// moto's URL (or the proxy's in front of it).
    pub url: String,
    /// Window, ms.
    pub window: (i64, i64),
    /// Events wanted.
    pub sample: u64,
    /// Slices read at once.
    pub concurrency: usize,
    /// Requests a second (0: no limit).
    pub rate: f64,
    /// Log groups to pull from.
    pub groups: Vec<String>,
    /// Slices per group (`None`: the pull decides).
    pub slices: Option<u32>,
}

/// The child side: one pull into a new workspace at `ws`.
pub fn pull_one(job: PullJob, ws: &Path) -> Result<PullRun> {
    let PullJob {
        url,
        window,
        sample,
        concurrency,
        rate,
        groups,
        slices,
    } = job;
    let url = url.as_str();
    let started = Instant::now();
    let cw = CloudWatch::connect(&ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.into()),
        rate,
        ..ConnectOptions::default()
    })?;
    let mut workspace = Workspace::open_or_create(ws)?;
    let request = PullRequest {
        key: format!("bench {concurrency}"),
        groups,
        window_start_ms: window.0,
        window_end_ms: window.1,
        filter: None,
        sample,
        via: Via::FilterLogEvents,
        slices,
        concurrency,
        batch_events: 5000,
    };
    let report = cw.pull(&mut workspace, &request, &Cancel::new(), &mut |_| {})?;
    Ok(PullRun {
        concurrency,
        events: report.events,
        requests: report.requests,
        seconds: started.elapsed().as_secs_f64(),
        peak_rss_kib: crate::contender::peak_rss_kib(),
    })
}

/// Medians of one concurrency.
#[derive(Clone, Debug, Serialize)]
pub struct PullSummary {
    /// Slices read at once.
    pub concurrency: usize,
    /// Events each pull imported.
    pub events: u64,
    /// Requests of the first run.
    pub requests: u64,
    /// Seconds a pull took.
    pub seconds: Option<Spread>,
    /// Events a second.
    pub events_per_s: Option<Spread>,
    /// Peak memory, MB.
    pub peak_rss_mb: Option<Spread>,
    /// Every run.
    pub runs: Vec<PullRun>,
}

/// Runs the suite: `runs` rounds, each pulling once with each concurrency (in turns, a
/// different one first each round), every pull a child process of `exe`.
pub fn pull_suite(
    exe: &Path,
    scenario: &Scenario,
    concurrencies: &[usize],
    runs: u64,
    scratch: &Path,
) -> Result<Vec<PullSummary>> {
    let (events, rate) = (scenario.events, scenario.rate);
    let groups = scenario.group_names();
    let wanted = scenario.wanted();
    let moto = Moto::start()?;
    let seeded = Instant::now();
    let (start, end, bytes) = seed(&moto.url, events, &groups)?;
    // The proxy lives as long as this process; the pulls run in children that reach it.
    let url = if scenario.latency_ms > 0 {
        lognoise_cloudwatch::testing::proxy::Proxy::start(
            Some(moto.url.clone()),
            lognoise_cloudwatch::testing::proxy::FaultPlan {
                share: 1.0,
                faults: vec![lognoise_cloudwatch::testing::proxy::Fault::Delay(
                    Duration::from_millis(scenario.latency_ms),
                )],
            },
            None,
        )
        .url
    } else {
        moto.url.clone()
    };
    println!(
        "pull: {events} events ({:.1} MB of messages) in {} log group{} seeded into moto in {:.1} s; \
         sample {wanted}; rate limit: {}; latency added: {} ms",
        bytes as f64 / 1e6,
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        seeded.elapsed().as_secs_f64(),
        if rate > 0.0 {
            format!("{rate} requests/s")
        } else {
            "none".into()
        },
        scenario.latency_ms
    );
    let mut all: Vec<Vec<PullRun>> = vec![Vec::new(); concurrencies.len()];
    for round in 0..runs as usize {
        for k in 0..concurrencies.len() {
            let which = (round + k) % concurrencies.len();
            let c = concurrencies[which];
            let ws = scratch.join(format!("pull-{round}-{c}"));
            let out = Command::new(exe)
                // moto takes any credentials; the pull finds these through the provider chain.
                .env("AWS_ACCESS_KEY_ID", "bench")
                .env("AWS_SECRET_ACCESS_KEY", "bench")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env_remove("AWS_PROFILE")
                .args(["pull-one", &url])
                .args([
                    start.to_string(),
                    end.to_string(),
                    wanted.to_string(),
                    c.to_string(),
                    rate.to_string(),
                ])
                .arg(&ws)
                .args(groups.iter().flat_map(|g| ["--group", g.as_str()]))
                .args(
                    scenario
                        .slices
                        .iter()
                        .flat_map(|n| ["--slices".to_string(), n.to_string()]),
                )
                .output()
                .context("running a pull")?;
            if !out.status.success() {
                bail!("the pull failed: {}", String::from_utf8_lossy(&out.stderr));
            }
            let run: PullRun = serde_json::from_slice(&out.stdout)?;
            if run.events != wanted.min(events) {
                bail!(
                    "a pull brought {} events of {}",
                    run.events,
                    wanted.min(events)
                );
            }
            let _ = std::fs::remove_dir_all(&ws);
            all[which].push(run);
        }
    }
    Ok(concurrencies
        .iter()
        .zip(all)
        .map(|(&concurrency, runs)| {
            let secs: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
            let rates: Vec<f64> = runs.iter().map(|r| r.events as f64 / r.seconds).collect();
            let mem: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.peak_rss_kib)
                .map(|k| k as f64 * 1024.0 / 1e6)
                .collect();
            PullSummary {
                concurrency,
                events: wanted.min(events),
                requests: runs.first().map_or(0, |r| r.requests),
                seconds: Spread::of(&secs),
                events_per_s: Spread::of(&rates),
                peak_rss_mb: Spread::of(&mem),
                runs,
            }
        })
        .collect())
}

/// The table of the suite; ratios against one request at a time (the last concurrency).
pub fn pull_table(summaries: &[PullSummary]) -> String {
    let base = summaries
        .iter()
        .find(|s| s.concurrency == 1)
        .and_then(|s| s.events_per_s.map(|r| r.median));
    let mut rows = vec![vec![
        "concurrency".to_string(),
        "events".into(),
        "requests".into(),
        "seconds (median)".into(),
        "events/s (median)".into(),
        "events/s min-max".into(),
        "peak RSS MB".into(),
        "vs 1 at a time".into(),
    ]];
    for s in summaries {
        rows.push(vec![
            s.concurrency.to_string(),
            s.events.to_string(),
            s.requests.to_string(),
            s.seconds.map_or("-".into(), |v| format!("{:.2}", v.median)),
            s.events_per_s
                .map_or("-".into(), |v| format!("{:.0}", v.median)),
            s.events_per_s
                .map_or("-".into(), |v| format!("{:.0}-{:.0}", v.min, v.max)),
            s.peak_rss_mb
                .map_or("-".into(), |v| format!("{:.1}", v.median)),
            ratio(s.events_per_s.map_or(0.0, |v| v.median), base)
                .map_or("-".into(), |r| format!("{r:.2}x")),
        ]);
    }
    crate::report::aligned(&rows)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
