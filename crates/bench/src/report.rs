//! Turns the runs into the figures people read: a plain-text table for the terminal and the
//! README, and a JSON file for tools that track the figures over time.

use crate::contender::{Contender, RunOutput};
use crate::stats::{ratio, Spread};
use serde::Serialize;

/// Bytes in a megabyte, as the report counts them (decimal, like the throughput of disks).
const MB: f64 = 1e6;

/// The figures of one contender over all its runs.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Contender name.
    pub contender: &'static str,
    /// Runs measured.
    pub runs: usize,
    /// Lines per second.
    pub lines_per_s: Option<Spread>,
    /// Lines per second of the measuring thread's time on a CPU: less disturbed than the wall
    /// clock by other processes on a shared machine.
    pub lines_per_cpu_s: Option<Spread>,
    /// Megabytes (10^6 bytes) per second.
    pub mb_per_s: Option<Spread>,
    /// Median peak resident memory in MB, the process baseline included.
    pub peak_rss_mb: Option<f64>,
    /// Median lines per second divided by that of lognoise in the same benchmark.
    pub vs_lognoise: Option<f64>,
    /// Fewest and most templates produced over the runs (equal when the contender is
    /// deterministic).
    pub templates: (u64, u64),
    /// Most lines refused in one run.
    pub skipped: u64,
    /// Every run, in order.
    pub samples: Vec<RunOutput>,
}

/// Summarises the runs of each contender; `runs[i]` belongs to `contenders[i]`.
pub fn summarise(contenders: &[Contender], runs: &[Vec<RunOutput>]) -> Vec<Summary> {
    let mut out: Vec<Summary> = contenders
        .iter()
        .zip(runs)
        .map(|(c, samples)| summary(*c, samples))
        .collect();
    let reference = contenders
        .iter()
        .position(|c| *c == Contender::Lognoise)
        .and_then(|i| out.get(i))
        .and_then(|s| s.lines_per_s)
        .map(|s| s.median);
    for s in &mut out {
        s.vs_lognoise = s.lines_per_s.and_then(|l| ratio(l.median, reference));
    }
    out
}

fn summary(contender: Contender, samples: &[RunOutput]) -> Summary {
    let rate = |amount: fn(&RunOutput) -> f64| -> Vec<f64> {
        samples
            .iter()
            .filter(|s| s.seconds > 0.0)
            .map(|s| amount(s) / s.seconds)
            .collect()
    };
    let cpu_rate: Vec<f64> = samples
        .iter()
        .filter_map(|s| {
            s.cpu_seconds
                .filter(|&c| c > 0.0)
                .map(|c| s.lines as f64 / c)
        })
        .collect();
    let rss: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.peak_rss_kib)
        .map(|kib| kib as f64 * 1024.0 / MB)
        .collect();
    let templates = samples.iter().map(|s| s.templates);
    Summary {
        contender: contender.name(),
        runs: samples.len(),
        lines_per_s: Spread::of(&rate(|s| s.lines as f64)),
        lines_per_cpu_s: Spread::of(&cpu_rate),
        mb_per_s: Spread::of(&rate(|s| s.bytes as f64 / MB)),
        peak_rss_mb: Spread::of(&rss).map(|s| s.median),
        vs_lognoise: None,
        templates: (
            templates.clone().min().unwrap_or(0),
            templates.max().unwrap_or(0),
        ),
        skipped: samples.iter().map(|s| s.skipped).max().unwrap_or(0),
        samples: samples.to_vec(),
    }
}

/// The table, one row per contender, columns aligned; figures are medians, `min-max` beside
/// them.
pub fn table(summaries: &[Summary]) -> String {
    let header = [
        "contender",
        "lines/s",
        "min-max",
        "MB/s",
        "min-max",
        "lines/CPU-s",
        "peak RSS MB",
        "vs lognoise",
        "templates",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for s in summaries {
        let (l, m) = (s.lines_per_s, s.mb_per_s);
        rows.push(vec![
            s.contender.to_owned(),
            l.map_or_else(na, |l| lines(l.median)),
            l.map_or_else(na, |l| format!("{}-{}", lines(l.min), lines(l.max))),
            m.map_or_else(na, |m| format!("{:.1}", m.median)),
            m.map_or_else(na, |m| format!("{:.1}-{:.1}", m.min, m.max)),
            s.lines_per_cpu_s.map_or_else(na, |c| lines(c.median)),
            s.peak_rss_mb.map_or_else(na, |r| format!("{r:.1}")),
            s.vs_lognoise.map_or_else(na, |r| format!("{r:.2}x")),
            match s.templates {
                _ if s.contender == Contender::IoFloor.name() => "-".to_owned(),
                (a, b) if a == b => a.to_string(),
                (a, b) => format!("{a}-{b}"),
            },
        ]);
    }
    aligned(&rows)
}

/// Columns padded to their widest cell: the first left-aligned (names), the rest
/// right-aligned (figures).
pub fn aligned<R: AsRef<[String]>>(rows: &[R]) -> String {
    let columns = rows.first().map_or(0, |r| r.as_ref().len());
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r.as_ref()[c].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .as_ref()
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                if i == 0 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn na() -> String {
    "n/a".to_owned()
}

/// Lines per second in thousands or millions, three significant figures: enough to compare,
/// not so many that noise looks like precision.
fn lines(per_s: f64) -> String {
    if per_s >= 1e6 {
        format!("{:.2}M", per_s / 1e6)
    } else if per_s >= 1e3 {
        format!("{:.0}k", per_s / 1e3)
    } else {
        format!("{per_s:.0}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn run(lines: u64, seconds: f64, templates: u64) -> RunOutput {
        RunOutput {
            lines,
            bytes: lines * 100,
            templates,
            skipped: 0,
            seconds,
            cpu_seconds: Some(seconds / 2.0),
            finish_seconds: 0.0,
            peak_rss_kib: Some(10_000),
        }
    }

    #[test]
    fn ratios_are_against_the_lognoise_median() {
        let contenders = [Contender::Lognoise, Contender::Drain3];
        let runs = vec![
            vec![run(1000, 1.0, 5), run(1000, 0.5, 5), run(1000, 2.0, 5)],
            vec![run(1000, 2.0, 7), run(1000, 4.0, 8)],
        ];
        let s = summarise(&contenders, &runs);
        assert_eq!(s[0].lines_per_s.map(|l| l.median), Some(1000.0));
        assert_eq!(s[0].mb_per_s.map(|m| m.max), Some(0.2));
        assert_eq!(s[1].lines_per_s.map(|l| l.median), Some(375.0));
        assert_eq!(s[1].lines_per_cpu_s.map(|l| l.median), Some(750.0));
        assert_eq!(s[1].vs_lognoise, Some(0.375));
        assert_eq!(s[1].templates, (7, 8));
        assert_eq!(s[1].peak_rss_mb, Some(10.24));
        let t = table(&s);
        let drain3: Vec<&str> = t.lines().nth(2).unwrap_or("").split_whitespace().collect();
        assert_eq!(drain3.first(), Some(&"drain3"));
        assert_eq!(drain3[drain3.len() - 2..], ["0.38x", "7-8"]);
    }

    #[test]
    fn no_lognoise_means_no_ratio() {
        let s = summarise(&[Contender::Drain3], &[vec![run(10, 1.0, 1)]]);
        assert_eq!(s[0].vs_lognoise, None);
        assert!(table(&s).contains("n/a"));
    }

    #[test]
    fn lines_per_second_reads_well() {
        assert_eq!(lines(1_234_567.0), "1.23M");
        assert_eq!(lines(45_600.0), "46k");
        assert_eq!(lines(12.0), "12");
    }
}
