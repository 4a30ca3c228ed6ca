//! Helpers shared by the rules tests: running patterns in Oniguruma, the backtracking engine
//! family of Fluent Bit's Onigmo, with a bound on backtracking work.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

pub mod gen;

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
