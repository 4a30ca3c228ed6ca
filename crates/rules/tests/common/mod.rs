//! Helpers shared by the rules tests: running patterns in Oniguruma, the backtracking engine
//! family of Fluent Bit's Onigmo, with a bound on backtracking work.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod gen;
pub mod ottl;

use lognoise_miner::TemplateId;
use lognoise_rules::{RuleSet, RuleSpec};
use onig::{MatchParam, Regex as Onig, RegexOptions, SearchOptions, Syntax};

/// Compiles a pattern as Fluent Bit does (Ruby syntax).
pub fn onig(pattern: &str) -> Onig {
    Onig::with_options(pattern, RegexOptions::REGEX_OPTION_NONE, Syntax::ruby())
        .unwrap_or_else(|e| panic!("Oniguruma refuses {pattern:?}: {e}"))
}

/// Searches `line` with a cap on backtracking retries that grows with the line, so that a
/// pattern which backtracks catastrophically fails the test instead of running for ever.
pub fn onig_search(re: &Onig, line: &str) -> bool {
    let mut param = MatchParam::default();
    let limit = 2_000 + 200 * line.len() as u32;
    param.set_retry_limit_in_match(limit);
    re.search_with_param(
        line,
        0,
        line.len(),
        SearchOptions::SEARCH_OPTION_NONE,
        None,
        param,
    )
    .unwrap_or_else(|e| panic!("Oniguruma gave up on {line:?} (backtracking limit {limit}): {e}"))
    .is_some()
}

/// A rule set with one rule per template text.
pub fn rules_of(templates: &[&str]) -> RuleSet {
    let specs: Vec<RuleSpec> = templates
        .iter()
        .map(|t| RuleSpec {
            template_id: TemplateId::of_text(t),
            template_text: t.to_string(),
            ..RuleSpec::default()
        })
        .collect();
    RuleSet::from_specs(&specs, Vec::new()).unwrap()
}

/// Searches each `(pattern, lines)` case with real RE2 (the google-re2 Python bindings, through
/// `tests/re2/search.py`): per case, `Err` with RE2's refusal, or whether each line matches.
pub fn re2_search(cases: &[(String, Vec<String>)]) -> Vec<Result<Vec<bool>, String>> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/re2/search.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("python3 cannot be started ({e}): run scripts/test, which installs it")
        });
    let input: Vec<serde_json::Value> = cases
        .iter()
        .map(|(p, lines)| serde_json::json!({"pattern": p, "lines": lines}))
        .collect();
    let input = serde_json::to_vec(&input).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "the RE2 driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    answers
        .iter()
        .map(|a| match a["error"].as_str() {
            Some(e) => Err(e.to_string()),
            None => Ok(a["matches"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_bool().unwrap())
                .collect()),
        })
        .collect()
}
