#![allow(clippy::unwrap_used, clippy::expect_used)]
use lognoise_miner::*;
fn show(lines: &[&str]) {
    let mut m = Miner::new(MinerConfig::default());
    let ids: Vec<_> = lines.iter().map(|l| m.ingest(l)).collect();
    let s = m.snapshot();
    for (l, id) in lines.iter().zip(ids) { println!("{:60} -> {}", l, s.template_of(id).unwrap().text); }
    println!("--");
}
#[test]
fn probe() {
    show(&["1 alpha beta gamma", "x-> alpha beta gamma", "run alpha beta gamma"]);
    show(&["a 1 alpha beta gamma", "a x-> alpha beta gamma", "a run alpha beta gamma"]);
    show(&["a 1 alpha beta gamma", "a <x> alpha beta gamma", "a run alpha beta gamma"]);
    show(&["a 1 alpha beta gamma", "a (x) alpha beta gamma", "a run alpha beta gamma"]);
    show(&["a 1 alpha beta gamma", "a x alpha beta gamma"]);
}
