//! The contenders and the single measured run of one of them, done inside a child process so
//! that its peak memory is its own.

use crate::lines::{for_each_text_chunk, for_each_text_line, Counts};
use crate::stats::process_cpu_seconds;
use anyhow::{Context, Result};
use lognoise_miner::{Miner, MinerConfig};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

/// What is measured. Each one reads the corpus through the same loop and runs on one thread,
/// except `lognoise-threads`, which is `lognoise mine`'s own loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Contender {
    /// Reads and splits the lines and checks their UTF-8, no mining: the cost every contender
    /// pays before it mines anything.
    IoFloor,
    /// The lognoise miner, default configuration, templates rendered once at the end.
    Lognoise,
    /// The same miner as `lognoise mine` runs it: lines scanned on one thread per core and
    /// clustered in order on another ([`Miner::ingest_text_stream`]); the same templates.
    LognoiseThreads,
    /// The `logdrain` crate with its defaults (no masks).
    Logdrain,
    /// The `logdrain` crate with all of its built-in masks (uuid, hex32, email, ipv4, jwt).
    LogdrainMasks,
    /// The `drain3` crate with its defaults, fed one line at a time.
    Drain3,
}

impl Contender {
    /// Every contender, in the order the report lists them.
    pub const ALL: [Contender; 6] = [
        Contender::IoFloor,
        Contender::Lognoise,
        Contender::LognoiseThreads,
        Contender::Logdrain,
        Contender::LogdrainMasks,
        Contender::Drain3,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Contender::IoFloor => "io-floor",
            Contender::Lognoise => "lognoise",
            Contender::LognoiseThreads => "lognoise-threads",
            Contender::Logdrain => "logdrain",
            Contender::LogdrainMasks => "logdrain-masks",
            Contender::Drain3 => "drain3",
        }
    }
}

/// The result of one run, printed by the child as one JSON line for the parent to collect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOutput {
    /// Lines read.
    pub lines: u64,
    /// Bytes read, line ends included.
    pub bytes: u64,
    /// Templates produced (0 for the I/O floor).
    pub templates: u64,
    /// Lines the contender refused (drain3 refuses lines over its byte or token limits).
    pub skipped: u64,
    /// Wall time from building the miner to having its templates.
    pub seconds: f64,
    /// Time the process's threads spent on a CPU over the same span (user and system); absent
    /// in the output of older versions. On a shared machine wall time also counts the moments another process
    /// held the core; this does not.
    #[serde(default)]
    pub cpu_seconds: Option<f64>,
    /// The part of `seconds` spent turning the mined state into templates after the last line.
    pub finish_seconds: f64,
    /// Peak resident memory of the process in KiB (`VmHWM`), when the system reports it.
    pub peak_rss_kib: Option<u64>,
}

/// Runs `contender` once over the file at `path` and measures it.
pub fn run(contender: Contender, path: &Path) -> Result<RunOutput> {
    let cpu_start = process_cpu_seconds();
    let start = Instant::now();
    let mined = match contender {
        Contender::IoFloor => io_floor(path)?,
        Contender::Lognoise => lognoise(path)?,
        Contender::LognoiseThreads => lognoise_threads(path)?,
        Contender::Logdrain => logdrain(path, false)?,
        Contender::LogdrainMasks => logdrain(path, true)?,
        Contender::Drain3 => drain3(path)?,
    };
    let seconds = start.elapsed().as_secs_f64();
    let cpu_seconds = Some(process_cpu_seconds() - cpu_start);
    Ok(RunOutput {
        lines: mined.counts.lines,
        bytes: mined.counts.bytes,
        templates: mined.templates,
        skipped: mined.skipped,
        seconds,
        cpu_seconds,
        finish_seconds: mined.finish_seconds,
        peak_rss_kib: peak_rss_kib(),
    })
}

/// What a contender's pass returns to [`run`].
struct Mined {
    counts: Counts,
    templates: u64,
    skipped: u64,
    finish_seconds: f64,
}

/// Times the step that turns the mined state into templates, and counts them.
fn finish(counts: Counts, skipped: u64, templates: impl FnOnce() -> usize) -> Mined {
    let start = Instant::now();
    let templates = templates() as u64;
    Mined {
        counts,
        templates,
        skipped,
        finish_seconds: start.elapsed().as_secs_f64(),
    }
}

fn io_floor(path: &Path) -> Result<Mined> {
    let mut longest = 0usize;
    let counts = for_each_text_line(path, |line| {
        longest = longest.max(black_box(line).len());
    })?;
    black_box(longest);
    Ok(finish(counts, 0, || 0))
}

fn lognoise(path: &Path) -> Result<Mined> {
    let mut miner = Miner::new(MinerConfig::default());
    let counts = for_each_text_line(path, |line| {
        miner.ingest_event(line, None);
    })?;
    Ok(finish(counts, 0, || miner.snapshot().templates().len()))
}

fn lognoise_threads(path: &Path) -> Result<Mined> {
    let mut miner = Miner::new(MinerConfig::default());
    let (mut lines, mut bytes) = (0u64, 0u64);
    miner.ingest_text_stream(
        lognoise_miner::default_scan_threads(),
        |sink| {
            bytes = for_each_text_chunk(path, sink)?;
            anyhow::Ok(())
        },
        |_| None,
        |_| lines += 1,
    )?;
    let counts = Counts { lines, bytes };
    Ok(finish(counts, 0, || miner.snapshot().templates().len()))
}

fn logdrain(path: &Path, masks: bool) -> Result<Mined> {
    use logdrain::builtin_masks as m;
    let mut builder = logdrain::Miner::builder();
    if masks {
        builder = builder.masks([m::uuid(), m::hex32(), m::email(), m::ipv4(), m::jwt()]);
    }
    let miner = builder.build().context("building the logdrain miner")?;
    let counts = for_each_text_line(path, |line| {
        miner.add(line);
    })?;
    // Rendering every cluster is what the caller does to get the templates.
    Ok(finish(counts, 0, || miner.clusters().len()))
}

fn drain3(path: &Path) -> Result<Mined> {
    let mut matcher = drain3::Matcher::new(drain3::Config::default());
    let mut skipped = 0u64;
    let mut last_id = 0usize;
    let counts = for_each_text_line(path, |line| match matcher.add_log_message(line) {
        Ok(template) => last_id = last_id.max(template.id()),
        Err(_) => skipped += 1,
    })?;
    // Cluster ids are dense from 1; rendering each one is how a caller gets the templates.
    Ok(finish(counts, skipped, || {
        (1..=last_id)
            .filter(|&id| matcher.template_for_id(id).is_some())
            .count()
    }))
}

/// Peak resident memory of this process, from `/proc/self/status` (Linux). Read by the child
/// itself so the figure is the contender's, not the parent's.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

/// The `VmHWM` value of a `/proc/<pid>/status` text, in KiB.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|n| n.trim().parse().ok())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_vm_hwm() {
        let status = "Name:\tx\nVmPeak:\t  9000 kB\nVmHWM:\t    5120 kB\nVmRSS:\t 4000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(5120));
        assert_eq!(parse_vm_hwm("Name:\tx\n"), None);
    }

    #[test]
    fn names_match_the_command_line() {
        use clap::ValueEnum;
        for c in Contender::ALL {
            let parsed = Contender::from_str(c.name(), false).ok();
            assert_eq!(parsed, Some(c));
        }
    }
}
