//! The corpus's promises, checked on the generated data itself: determinism, truth that matches
//! its lines and no other template, the seven patterns the miner is judged on, and the layout
//! the scorer reads.

use lognoise_corpus::{
    all_sets, generate, write_set, FormatSet, LabelledLine, DEFAULT_LINES, DEFAULT_SEED,
    TRUTH_HEADER, WILDCARD,
};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A template as an anchored regex, each `<*>` a lazy capture.
fn template_regex(template: &str) -> Result<Regex, regex::Error> {
    let body = template
        .split(WILDCARD)
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("(.*?)");
    Regex::new(&format!("^{body}$"))
}

struct Generated {
    set: FormatSet,
    lines: Vec<LabelledLine>,
}

fn corpus() -> Result<Vec<Generated>, lognoise_corpus::Error> {
    all_sets()?
        .into_iter()
        .map(|set| {
            let lines = generate(&set, DEFAULT_LINES, DEFAULT_SEED)?;
            Ok(Generated { set, lines })
        })
        .collect()
}

/// The values each template's slots took over the corpus: template -> slot -> values.
fn slot_values(corpus: &[Generated]) -> Result<BTreeMap<String, Vec<Vec<String>>>, regex::Error> {
    let mut out: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for g in corpus {
        let mut regexes = BTreeMap::new();
        for t in g.set.templates() {
            regexes.insert(t.clone(), template_regex(&t)?);
        }
        for l in &g.lines {
            let Some(caps) = regexes.get(&l.template).and_then(|r| r.captures(&l.line)) else {
                continue;
            };
            let slots = out
                .entry(l.template.clone())
                .or_insert_with(|| vec![Vec::new(); caps.len() - 1]);
            for (i, slot) in slots.iter_mut().enumerate() {
                if let Some(m) = caps.get(i + 1) {
                    slot.push(m.as_str().to_string());
                }
            }
        }
    }
    Ok(out)
}

#[test]
fn same_seed_same_bytes_other_seed_other_lines() -> TestResult {
    for set in all_sets()? {
        let a = generate(&set, 500, 5)?;
        let b = generate(&set, 500, 5)?;
        assert_eq!(a, b, "{} is not deterministic", set.name());
        let c = generate(&set, 500, 6)?;
        assert_ne!(a, c, "{} ignores the seed", set.name());
    }
    let dir_a = tempfile::tempdir()?;
    let dir_b = tempfile::tempdir()?;
    let set = &all_sets()?[0];
    let written_a = write_set(dir_a.path(), set, &generate(set, 300, 9)?)?;
    let written_b = write_set(dir_b.path(), set, &generate(set, 300, 9)?)?;
    assert_eq!(std::fs::read(written_a.log)?, std::fs::read(written_b.log)?);
    assert_eq!(
        std::fs::read(written_a.truth)?,
        std::fs::read(written_b.truth)?
    );
    Ok(())
}

#[test]
fn sets_are_realistic_in_size_and_skew() -> TestResult {
    let corpus = corpus()?;
    assert!((15..=22).contains(&corpus.len()), "{} sets", corpus.len());
    for g in &corpus {
        let n = g.set.templates().len();
        assert!((5..=40).contains(&n), "{} has {n} templates", g.set.name());
        assert_eq!(g.lines.len(), DEFAULT_LINES, "{}", g.set.name());
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &g.lines {
            *counts.entry(&l.template).or_default() += 1;
        }
        assert_eq!(
            counts.len(),
            n,
            "{}: a statement never printed",
            g.set.name()
        );
        let mut sorted: Vec<usize> = counts.values().copied().collect();
        sorted.sort_unstable();
        let loudest = sorted[sorted.len() - 1];
        let quietest = sorted[0];
        assert!(
            loudest >= 20 * quietest,
            "{}: volumes not skewed ({quietest}..{loudest})",
            g.set.name()
        );
    }
    Ok(())
}

#[test]
fn every_line_matches_its_own_template_and_no_other() -> TestResult {
    for g in corpus()? {
        let templates = g.set.templates();
        let regexes = templates
            .iter()
            .map(|t| template_regex(t))
            .collect::<Result<Vec<_>, _>>()?;
        for (n, l) in g.lines.iter().enumerate() {
            let matching: Vec<&String> = templates
                .iter()
                .zip(&regexes)
                .filter(|(_, r)| r.is_match(&l.line))
                .map(|(t, _)| t)
                .collect();
            assert_eq!(
                matching,
                [&l.template],
                "{} line {}: {:?} matches these templates",
                g.set.name(),
                n + 1,
                l.line
            );
        }
    }
    Ok(())
}

#[test]
fn no_two_statements_of_a_set_share_a_template() -> TestResult {
    for set in all_sets()? {
        let mut seen = BTreeSet::new();
        for s in set.statements() {
            let t: Vec<String> = s.lines().iter().map(|l| l.template()).collect();
            assert!(seen.insert(t.clone()), "{}: {t:?} twice", set.name());
        }
    }
    Ok(())
}

/// Pattern 1: A field's value is one `<*>` however its values differ: klog `key="value"`, logfmt
/// `key=value` and JSON string values whose values have different prefixes.
#[test]
fn pattern_1_field_values_with_different_prefixes_are_one_variable() -> TestResult {
    let values = slot_values(&corpus()?)?;
    let prefixes = |v: &[String]| -> usize {
        v.iter()
            .map(|s| {
                s.split(['/', '-', ':', '_'])
                    .find(|p| !p.is_empty())
                    .unwrap_or("")
                    .to_string()
            })
            .collect::<BTreeSet<_>>()
            .len()
    };
    for (marker, what) in [
        ("pod=\"<*>\"", "klog quoted pair"),
        ("path=<*>", "logfmt bare value"),
        ("\"key\":\"<*>\"", "JSON string value"),
        ("reason=\"<*>\"", "logfmt quoted value"),
    ] {
        let found = values.iter().any(|(t, slots)| {
            let Some(pos) = t.find(marker) else {
                return false;
            };
            let slot = t[..pos + marker.len()].matches(WILDCARD).count() - 1;
            slots.get(slot).is_some_and(|v| prefixes(v) >= 2)
        });
        assert!(
            found,
            "no {what} ({marker}) with values of two or more prefixes"
        );
    }
    Ok(())
}

/// Pattern 2 and 3: Values of several words after a constant prefix, and values whose word count
/// varies (`423 bytes` / `1,234 bytes (1.2 KB)`, `lifetime <1 sec` / `lifetime 00:01:07`).
#[test]
fn patterns_2_and_3_values_whose_word_count_varies() -> TestResult {
    let values = slot_values(&corpus()?)?;
    let words = |s: &str| s.split_whitespace().count();
    let multi_word = values.iter().any(|(t, slots)| {
        t.contains("Payment declined for order <*>: <*>")
            && slots
                .iter()
                .any(|v| v.iter().any(|s| words(s) == 2) && v.iter().any(|s| words(s) >= 6))
    });
    assert!(
        multi_word,
        "no decline reason of two and of six or more words"
    );
    let exception = values.iter().any(|(t, slots)| {
        t.contains("Unhandled exception for request <*>: <*>")
            && slots
                .iter()
                .any(|v| v.iter().any(|s| s.contains("Exception: ")))
    });
    assert!(
        exception,
        "no exception name with its message after a constant prefix"
    );
    let small = Regex::new(r"^\d{1,3} bytes$")?;
    let large = Regex::new(r"^\d{1,3}(,\d{3})+ bytes \(\d+\.\d [KM]B\)$")?;
    let sizes = values
        .values()
        .flatten()
        .any(|v| v.iter().any(|s| small.is_match(s)) && v.iter().any(|s| large.is_match(s)));
    assert!(
        sizes,
        "no slot holding both `N bytes` and `N,NNN bytes (N.N KB)`"
    );
    let clock = Regex::new(r"^\d\d:\d\d:\d\d$")?;
    let lifetimes = values
        .values()
        .flatten()
        .any(|v| v.iter().any(|s| s == "<1 sec") && v.iter().any(|s| clock.is_match(s)));
    assert!(
        lifetimes,
        "no lifetime slot holding both `<1 sec` and `00:01:07`"
    );
    Ok(())
}

/// Pattern 4: A word naming what happened splits statements: four VM lifecycle events, and HTTP
/// requests by method.
#[test]
fn pattern_4_a_state_word_splits_templates() -> TestResult {
    let corpus = corpus()?;
    let all: BTreeSet<String> = corpus.iter().flat_map(|g| g.set.templates()).collect();
    let vm = ["Started", "Paused", "Resumed", "Stopped"]
        .iter()
        .filter(|e| {
            all.iter()
                .any(|t| t.ends_with(&format!("VM {e} (Lifecycle Event)")))
        })
        .count();
    assert_eq!(vm, 4, "the four VM lifecycle events are not four templates");
    for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
        assert!(
            all.iter().any(|t| t.contains(&format!("\"{method} /"))),
            "no template for {method} requests"
        );
    }
    assert!(all.iter().any(|t| t.contains("checkpoint starting: time")));
    assert!(all.iter().any(|t| t.contains("checkpoint starting: wal")));
    Ok(())
}

/// Pattern 5: HTTP requests inside a field, split by method and route (ids in the path and the query
/// string `<*>`), status and duration `<*>`.
#[test]
fn pattern_5_http_requests_inside_a_field() -> TestResult {
    let all: BTreeSet<String> = corpus()?.iter().flat_map(|g| g.set.templates()).collect();
    let request = Regex::new(r#"msg="(GET|POST|PUT|DELETE|PATCH) (/\S+) \(<\*>\) <\*>""#)?;
    let routes: BTreeSet<String> = all
        .iter()
        .filter_map(|t| request.captures(t))
        .filter_map(|c| c.get(2).map(|m| m.as_str().to_string()))
        .collect();
    assert!(routes.len() >= 4, "routes inside msg: {routes:?}");
    assert!(
        routes.iter().any(|r| r.contains("?<*>")),
        "no query string: {routes:?}"
    );
    assert!(
        routes.iter().any(|r| r.contains("/<*>/")),
        "no id in a path: {routes:?}"
    );
    assert!(
        routes.iter().any(|r| !r.contains(WILDCARD)),
        "no constant route: {routes:?}"
    );
    Ok(())
}

/// Pattern 6: The statement's own `file.go:N]` (klog) and `caller=file.go:N` are constant text.
#[test]
fn pattern_6_source_locations_are_constant_text() -> TestResult {
    let all: BTreeSet<String> = corpus()?.iter().flat_map(|g| g.set.templates()).collect();
    let klog = Regex::new(r"^[IWE]<\*> <\*> <\*> [a-z_]+\.go:\d+\] ")?;
    let caller = Regex::new(r"caller=[a-z_]+\.go:\d+ ")?;
    assert!(all.iter().filter(|t| klog.is_match(t)).count() >= 10);
    assert!(all.iter().filter(|t| caller.is_match(t)).count() >= 5);
    let files: BTreeSet<&str> = all
        .iter()
        .filter_map(|t| t.split_whitespace().nth(3))
        .filter(|w| w.ends_with("]") && w.contains(".go:"))
        .collect();
    assert!(files.len() >= 8, "klog locations: {files:?}");
    Ok(())
}

/// Pattern 7: Header times of shapes no list holds: unpadded `20240507-9:5:3:77|Component|pid|` and
/// bracketed `[05.07 10:58:13] program.exe - `.
#[test]
fn pattern_7_unusual_header_times() -> TestResult {
    let lines: Vec<String> = corpus()?
        .into_iter()
        .flat_map(|g| g.lines.into_iter().map(|l| l.line))
        .collect();
    let pipe = Regex::new(r"^\d{8}-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})\|[A-Za-z_]+\|\d+\|")?;
    let unpadded = lines
        .iter()
        .filter_map(|l| pipe.captures(l))
        .filter(|c| (1..=3).any(|i| c.get(i).is_some_and(|m| m.len() == 1)))
        .count();
    assert!(
        unpadded >= 50,
        "{unpadded} pipe headers with an unpadded field"
    );
    let bracket = Regex::new(r"^\[\d\d\.\d\d \d\d:\d\d:\d\d\] \S+\.exe ")?;
    assert!(lines.iter().filter(|l| bracket.is_match(l)).count() >= 100);
    Ok(())
}

#[test]
fn written_files_are_what_the_scorer_reads() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sets = all_sets()?;
    let set = sets
        .iter()
        .find(|s| s.name() == "RdsPostgres")
        .ok_or("no RdsPostgres set")?;
    let lines = generate(set, 400, 1)?;
    let written = write_set(dir.path(), set, &lines)?;
    assert_eq!(written.log, dir.path().join("RdsPostgres/RdsPostgres.log"));
    assert_eq!(
        written.truth,
        dir.path()
            .join("RdsPostgres/RdsPostgres.log_structured.csv")
    );
    let raw = std::fs::read_to_string(&written.log)?;
    let raw_lines: Vec<&str> = raw.lines().collect();
    let mut reader = csv::Reader::from_path(&written.truth)?;
    assert_eq!(reader.headers()?.iter().collect::<Vec<_>>(), TRUTH_HEADER);
    let templates = set.templates();
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        assert_eq!(&record[0], (i + 1).to_string());
        assert_eq!(&record[1], raw_lines[i], "Content is the whole raw line");
        let id: usize = record[2].trim_start_matches('E').parse()?;
        assert_eq!(templates[id - 1], &record[3], "event id names its template");
        assert_eq!(&record[3], lines[i].template);
        rows += 1;
    }
    assert_eq!(rows, raw_lines.len());
    assert_eq!(rows, 400);
    Ok(())
}

#[test]
fn the_binary_writes_every_set_and_refuses_an_unknown_one() -> TestResult {
    let bin = env!("CARGO_BIN_EXE_lognoise-corpus");
    let dir = tempfile::tempdir()?;
    let status = std::process::Command::new(bin)
        .args(["generate", "--lines", "50", "--seed", "3", "--out"])
        .arg(dir.path())
        .status()?;
    assert!(status.success());
    for set in all_sets()? {
        let log = dir
            .path()
            .join(set.name())
            .join(format!("{}.log", set.name()));
        assert_eq!(
            std::fs::read_to_string(&log)?.lines().count(),
            50,
            "{}",
            set.name()
        );
    }
    let refused = std::process::Command::new(bin)
        .args(["generate", "--set", "NoSuchSet", "--out"])
        .arg(dir.path().join("other"))
        .output()?;
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8(refused.stderr)?;
    assert!(
        message.contains("no format set is named \"NoSuchSet\""),
        "{message}"
    );
    assert!(
        !dir.path().join("other").exists(),
        "nothing is written for a refused request"
    );
    Ok(())
}
