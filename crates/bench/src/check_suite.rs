//! The `check` suite: suppression rules applied to the corpus, as `lognoise check` does.
//!
//! Rules are made from the templates mined from the corpus itself (largest first), so nearly
//! every line contains some rule's constants and the prefilter cannot skip the regexes; when the
//! corpus has fewer templates than rules asked for, the rest are made by cloning mined
//! templates with an extra constant word, so they share the same literals without matching.
//! Timed over every line in memory on one thread: the matcher's first matching rule (one lazy
//! DFA per group of rules, exact regexes for the lines it cannot settle), every matching rule
//! (as validation asks), and the per-rule matcher (literal prefilter, then each candidate's
//! lazy DFA); next to the naive loop (each rule's regex tried in turn until one matches, each
//! rule's regex being the one the matcher runs) on a prefix of the lines, in the same run. All
//! must drop the same lines. Compiling the rules and checking them as reading a rules file
//! does are timed once.

use crate::lines::for_each_text_line;
use crate::stats::{ratio, thread_cpu_seconds, Spread};
use anyhow::{bail, Result};
use lognoise_miner::{Miner, MinerConfig, TemplateId};
use lognoise_rules::{pattern, Matcher, RuleSet, RuleSpec};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Figures of the suite.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    /// Lines the matcher ran over.
    pub lines: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Rules.
    pub rules: usize,
    /// Of those, rules made from mined templates (the others are their clones).
    pub mined_rules: usize,
    /// Lines a rule drops.
    pub dropped: u64,
    /// Seconds to compile the rules into a matcher.
    pub build_seconds: f64,
    /// Seconds to check the rules as reading a rules file does (every pattern compiled).
    pub check_seconds: f64,
    /// Seconds to compile the rules into a matcher without the automaton of every rule.
    pub per_rule_build_seconds: f64,
    /// Lines per second of the matcher without the automaton of every rule (prefilter and
    /// per-rule relaxed automata).
    pub per_rule_lines_per_s: Option<Spread>,
    /// The same in lines per CPU-second.
    pub per_rule_lines_per_cpu_s: Option<Spread>,
    /// Lines per second of the matcher finding every rule a line matches (as validation and
    /// `lognoise check` do), not only the first.
    pub all_lines_per_s: Option<Spread>,
    /// The same in lines per CPU-second.
    pub all_lines_per_cpu_s: Option<Spread>,
    /// Matcher lines per second over the runs.
    pub matcher_lines_per_s: Option<Spread>,
    /// Lines the naive loop ran over (a prefix of the corpus).
    pub naive_lines: u64,
    /// Naive loop lines per second over the runs.
    pub naive_lines_per_s: Option<Spread>,
    /// Matcher median over naive median.
    pub speedup: Option<f64>,
    /// Matcher lines per second of this thread's CPU time (what a loaded machine's waiting
    /// does not inflate).
    pub matcher_lines_per_cpu_s: Option<Spread>,
    /// Naive loop lines per second of CPU time.
    pub naive_lines_per_cpu_s: Option<Spread>,
    /// Matcher median over naive median, in CPU time.
    pub speedup_cpu: Option<f64>,
}

/// The rates of one way of checking the lines over the runs, in wall-clock and CPU time.
#[derive(Default)]
struct Rates {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Rates {
    /// Runs `drops` over `lines` once, records its rates, and returns how many lines it drops.
    fn count(&mut self, lines: &[String], drops: impl Fn(&str) -> bool) -> u64 {
        let cpu = thread_cpu_seconds();
        let t = Instant::now();
        let dropped = lines.iter().filter(|l| drops(l)).count() as u64;
        let (wall, cpu) = (t.elapsed().as_secs_f64(), thread_cpu_seconds() - cpu);
        let n = lines.len() as f64;
        self.wall.push(n / wall);
        if cpu > 0.0 {
            self.cpu.push(n / cpu);
        }
        dropped
    }

    /// The last run's rates, for the progress line.
    fn last(&self) -> (f64, f64) {
        let last = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
        (last(&self.wall), last(&self.cpu))
    }
}

/// Reads the corpus, makes `rules` rules, and times both ways `runs` times.
pub fn run(corpus: &Path, rules: usize, naive_lines: usize, runs: u64) -> Result<CheckReport> {
    let mut lines: Vec<String> = Vec::new();
    for_each_text_line(corpus, |l| lines.push(l.to_string()))?;
    let bytes: u64 = lines.iter().map(|l| l.len() as u64).sum();

    let mut miner = Miner::new(MinerConfig::default());
    for l in &lines {
        miner.ingest(l);
    }
    let snapshot = miner.snapshot();
    let mut texts: Vec<String> = snapshot
        .templates()
        .iter()
        .map(|t| t.text.clone())
        .filter(|t| pattern::template_pattern(t).is_ok())
        .take(rules)
        .collect();
    let mined_rules = texts.len();
    if mined_rules == 0 {
        bail!("the corpus gave no template with constant text to make rules from");
    }
    let mut k = 0;
    while texts.len() < rules {
        texts.push(format!("{} variant{k}", texts[k % mined_rules]));
        k += 1;
    }
    let specs: Vec<RuleSpec> = texts
        .iter()
        .map(|t| RuleSpec {
            template_id: TemplateId::of_text(t),
            template_text: t.clone(),
            ..RuleSpec::default()
        })
        .collect();
    let set = RuleSet::from_specs(&specs, Vec::new())?;

    let start = Instant::now();
    let matcher = Matcher::new(&set)?;
    let build_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let per_rule = Matcher::per_rule(&set)?;
    let per_rule_build_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    set.check()?;
    let check_seconds = start.elapsed().as_secs_f64();
    // The exact automata compile on first use: compile those the naive loop runs before it is
    // timed.
    if let Some(first) = lines.first() {
        for r in 0..set.rules.len() {
            matcher.rule_matches(r, first);
        }
    }

    let naive_n = naive_lines.min(lines.len());
    let mut first = Rates::default();
    let mut every = Rates::default();
    let mut per_rule_rates = Rates::default();
    let mut naive = Rates::default();
    let mut dropped = 0u64;
    for round in 0..runs {
        let d = first.count(&lines, |l| matcher.first_match(l, None).is_some());
        dropped = d;
        let ad = every.count(&lines, |l| !matcher.matches(l, None).is_empty());
        if ad != d {
            bail!("the matcher drops {d} lines by its first rule, {ad} by all of them");
        }
        let pd = per_rule_rates.count(&lines, |l| per_rule.first_match(l, None).is_some());
        if pd != d {
            bail!("the matcher drops {d} lines, the per-rule matcher {pd}");
        }
        let prefix = &lines[..naive_n];
        let nd = naive.count(prefix, |l| {
            (0..set.rules.len()).any(|r| matcher.rule_matches(r, l))
        });
        let fd = prefix
            .iter()
            .filter(|l| matcher.first_match(l, None).is_some())
            .count() as u64;
        if nd != fd {
            bail!("the matcher drops {fd} of the first {naive_n} lines, the naive loop {nd}");
        }
        let (f, fc) = first.last();
        let (a, ac) = every.last();
        let (p, pc) = per_rule_rates.last();
        let (n, nc) = naive.last();
        eprintln!(
            "round {}/{runs}  matcher {f:>9.0} lines/s ({fc:>9.0} per CPU-s)  every rule {a:>9.0} lines/s ({ac:>9.0} per CPU-s)  per rule {p:>9.0} lines/s ({pc:>9.0} per CPU-s)  naive {n:>9.0} lines/s ({nc:>9.0} per CPU-s)",
            round + 1,
        );
    }
    let matcher_lines_per_s = Spread::of(&first.wall);
    let naive_lines_per_s = Spread::of(&naive.wall);
    let matcher_lines_per_cpu_s = Spread::of(&first.cpu);
    let naive_lines_per_cpu_s = Spread::of(&naive.cpu);
    Ok(CheckReport {
        check_seconds,
        per_rule_build_seconds,
        per_rule_lines_per_s: Spread::of(&per_rule_rates.wall),
        per_rule_lines_per_cpu_s: Spread::of(&per_rule_rates.cpu),
        all_lines_per_s: Spread::of(&every.wall),
        all_lines_per_cpu_s: Spread::of(&every.cpu),
        lines: lines.len() as u64,
        bytes,
        rules: set.rules.len(),
        mined_rules,
        dropped,
        build_seconds,
        speedup: matcher_lines_per_s
            .and_then(|m| ratio(m.median, naive_lines_per_s.map(|n| n.median))),
        matcher_lines_per_s,
        naive_lines: naive_n as u64,
        naive_lines_per_s,
        speedup_cpu: matcher_lines_per_cpu_s
            .and_then(|m| ratio(m.median, naive_lines_per_cpu_s.map(|n| n.median))),
        matcher_lines_per_cpu_s,
        naive_lines_per_cpu_s,
    })
}

fn rate(s: Option<Spread>) -> (String, String) {
    let f = |v: f64| {
        if v >= 1e6 {
            format!("{:.2}M", v / 1e6)
        } else {
            format!("{:.0}k", v / 1e3)
        }
    };
    match s {
        Some(s) => (f(s.median), format!("{}-{}", f(s.min), f(s.max))),
        None => ("-".into(), "-".into()),
    }
}

/// The table of the suite.
pub fn table(r: &CheckReport) -> String {
    let x = |v: Option<f64>| v.map_or("-".into(), |x| format!("{x:.1}x"));
    let vs_naive =
        |s: Option<Spread>, n: Option<Spread>| s.and_then(|s| ratio(s.median, n.map(|n| n.median)));
    // One way's row: its rates in wall-clock and CPU time, each against the naive loop's.
    let row = |way: &str, lines: u64, wall: Option<Spread>, cpu: Option<Spread>| {
        let (w, wr) = rate(wall);
        let (c, cr) = rate(cpu);
        vec![
            way.to_string(),
            lines.to_string(),
            w,
            wr,
            x(vs_naive(wall, r.naive_lines_per_s)),
            c,
            cr,
            x(vs_naive(cpu, r.naive_lines_per_cpu_s)),
        ]
    };
    let mut naive = row(
        "naive (one rule at a time)",
        r.naive_lines,
        r.naive_lines_per_s,
        r.naive_lines_per_cpu_s,
    );
    // The baseline is 1.0x of itself, even when its rates are missing.
    naive[4] = "1.0x".into();
    naive[7] = "1.0x".into();
    let rows = vec![
        vec![
            "way".to_string(),
            "lines".into(),
            "lines/s (median)".into(),
            "lines/s min-max".into(),
            "vs naive".into(),
            "lines/CPU-s (median)".into(),
            "lines/CPU-s min-max".into(),
            "vs naive".into(),
        ],
        row(
            "matcher (one lazy DFA per 256 rules, exact regexes for long lines)",
            r.lines,
            r.matcher_lines_per_s,
            r.matcher_lines_per_cpu_s,
        ),
        row(
            "matcher, every matching rule (as validation runs)",
            r.lines,
            r.all_lines_per_s,
            r.all_lines_per_cpu_s,
        ),
        row(
            "per rule (prefilter, each candidate's lazy DFA)",
            r.lines,
            r.per_rule_lines_per_s,
            r.per_rule_lines_per_cpu_s,
        ),
        naive,
    ];
    format!(
        "{}\ncompiling the rules: {:.2} s (per rule: {:.2} s); checking them as reading a rules \
         file does: {:.2} s\n",
        crate::report::aligned(&rows),
        r.build_seconds,
        r.per_rule_build_seconds,
        r.check_seconds
    )
}
