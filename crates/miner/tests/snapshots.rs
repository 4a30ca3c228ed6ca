//! Templates mined from small hand-written logs of the kinds lognoise is used on, pinned as
//! snapshots: any change to what the miner outputs on them shows up in review as a diff.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test -p lognoise-miner --test
//! snapshots` (or `cargo insta review`), then read the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_miner::{Miner, MinerConfig, TemplateId};
use std::fmt::Write as _;
use std::path::Path;

/// Mines a fixture and renders `count  template` lines, in the order the snapshot returns them.
fn mine_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut miner = Miner::new(MinerConfig::default());
    let mut lines = 0u64;
    for line in text.lines() {
        miner.ingest(line);
        lines += 1;
    }
    let snapshot = miner.snapshot();
    let templates = snapshot.templates();
    // Checks that hold whatever the templates are.
    assert_eq!(snapshot.lines(), lines);
    assert_eq!(templates.iter().map(|t| t.count).sum::<u64>(), lines);
    for pair in templates.windows(2) {
        assert!(
            (pair[0].count, &pair[1].text) >= (pair[1].count, &pair[0].text),
            "templates out of order: {:?} before {:?}",
            pair[0].text,
            pair[1].text
        );
    }
    for t in templates {
        assert_eq!(t.id, TemplateId::of_text(&t.text));
        assert_eq!(t.variables.len(), t.variable_count(), "{:?}", t.text);
        assert!(!t.examples.is_empty());
    }
    let mut out = format!("{lines} lines, {} templates\n", templates.len());
    for t in templates {
        writeln!(out, "{:>4}  {}", t.count, t.text).unwrap();
    }
    out
}

#[test]
fn lambda() {
    insta::assert_snapshot!("lambda", mine_fixture("lambda.log"));
}

#[test]
fn nginx() {
    insta::assert_snapshot!("nginx", mine_fixture("nginx.log"));
}

#[test]
fn syslog() {
    insta::assert_snapshot!("syslog", mine_fixture("syslog.log"));
}

#[test]
fn json() {
    insta::assert_snapshot!("json", mine_fixture("json.log"));
}
