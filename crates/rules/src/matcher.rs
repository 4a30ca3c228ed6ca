//! Runs many rules over many lines: a literal prefilter picks the few rules a line can match,
//! and only their regexes run.
//!
//! Every rule made from a template contains the template's constants, so a line that lacks a
//! rule's longest constant cannot match it. One Aho-Corasick automaton over those constants
//! (one pass over the line, whatever the number of rules) yields the candidate rules; each
//! candidate's own regex confirms. Rules with no usable constant (hand-written patterns) are
//! run together as one `RegexSet`. Lines of a typical sample contain the constants of one or
//! two rules, so the cost per line stays near one regex run however many rules there are.

use crate::{Error, Result, RuleSet};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::collections::HashMap;

/// Compiled-program size allowed for one rule; bounded repetitions of Unicode classes are
/// large.
const SIZE_LIMIT: usize = 64 << 20;

/// Compiles one rule's pattern the way the matcher does.
pub(crate) fn compile(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(4 << 20)
        .build()
}

/// Literals shorter than this find too many lines to be worth a prefilter entry.
const MIN_LITERAL: usize = 2;

/// Matches lines against a rule set.
#[derive(Debug, Clone)]
pub struct Matcher {
    regexes: Vec<Regex>,
    scopes: Vec<Vec<String>>,
    /// Automaton over the distinct required literals.
    prefilter: Option<AhoCorasick>,
    /// For each literal of the automaton, the rules requiring it.
    rules_of_literal: Vec<Vec<usize>>,
    /// Rules without a literal, tried on every line.
    unfiltered: Vec<usize>,
    unfiltered_set: Option<RegexSet>,
}

impl Matcher {
    /// Compiles every rule of `set`.
    pub fn new(set: &RuleSet) -> Result<Matcher> {
        let mut regexes = Vec::with_capacity(set.rules.len());
        let mut literal_ids: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut rules_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut unfiltered = Vec::new();
        for (i, rule) in set.rules.iter().enumerate() {
            let re = compile(&rule.pattern).map_err(|e| Error::Pattern {
                rule: rule.id.clone(),
                pattern: rule.pattern.clone(),
                reason: e.to_string(),
            })?;
            regexes.push(re);
            // A hand-edited pattern may no longer contain the template's constants.
            let literal = rule
                .required_literal()
                .filter(|l| l.len() >= MIN_LITERAL && rule.pattern.contains(&crate::pattern::escape(l)));
            match literal {
                Some(l) => {
                    let id = *literal_ids.entry(l).or_insert_with(|| {
                        literals.push(l);
                        rules_of_literal.push(Vec::new());
                        literals.len() - 1
                    });
                    rules_of_literal[id].push(i);
                }
                None => unfiltered.push(i),
            }
        }
        let prefilter = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| Error::Matcher(e.to_string()))?,
            )
        };
        let unfiltered_set = if unfiltered.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(unfiltered.iter().map(|&i| &set.rules[i].pattern))
                    .size_limit(SIZE_LIMIT.saturating_mul(4))
                    .build()
                    .map_err(|e| Error::Matcher(e.to_string()))?,
            )
        };
        Ok(Matcher {
            regexes,
            scopes: set.rules.iter().map(|r| r.log_groups.clone()).collect(),
            prefilter,
            rules_of_literal,
            unfiltered,
            unfiltered_set,
        })
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.regexes.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }

    fn in_scope(&self, rule: usize, log_group: Option<&str>) -> bool {
        crate::rule::scope_admits(&self.scopes[rule], log_group)
    }

    /// Rules whose literal the line contains, in scope, ascending and without repeats.
    fn candidates(&self, line: &str, log_group: Option<&str>, out: &mut Vec<usize>) {
        out.clear();
        if let Some(ac) = &self.prefilter {
            for m in ac.find_overlapping_iter(line) {
                for &rule in &self.rules_of_literal[m.pattern().as_usize()] {
                    if self.in_scope(rule, log_group) {
                        out.push(rule);
                    }
                }
            }
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// Indices (in the rule set) of every rule matching `line`, ascending.
    pub fn matches(&self, line: &str, log_group: Option<&str>) -> Vec<usize> {
        let mut candidates = Vec::new();
        self.candidates(line, log_group, &mut candidates);
        let mut out: Vec<usize> = candidates
            .into_iter()
            .filter(|&r| self.regexes[r].is_match(line))
            .collect();
        if let Some(set) = &self.unfiltered_set {
            let before = out.len();
            for k in set.matches(line).iter() {
                let rule = self.unfiltered[k];
                if self.in_scope(rule, log_group) {
                    out.push(rule);
                }
            }
            if out.len() > before {
                out.sort_unstable();
            }
        }
        out
    }

    /// The first rule (lowest index) matching `line`: the rule a shipper trying them in order
    /// would drop it by.
    pub fn first_match(&self, line: &str, log_group: Option<&str>) -> Option<usize> {
        let mut candidates = Vec::new();
        self.candidates(line, log_group, &mut candidates);
        let filtered = candidates
            .into_iter()
            .find(|&r| self.regexes[r].is_match(line));
        let unfiltered = self.unfiltered_set.as_ref().and_then(|set| {
            set.matches(line)
                .iter()
                .map(|k| self.unfiltered[k])
                .find(|&r| self.in_scope(r, log_group))
        });
        match (filtered, unfiltered) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether `rule` matches `line` (scope ignored): one rule tried alone, for the naive
    /// baseline and for explaining a match.
    pub fn rule_matches(&self, rule: usize, line: &str) -> bool {
        self.regexes.get(rule).is_some_and(|re| re.is_match(line))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::{Rule, RuleSpec};
    use lognoise_miner::TemplateId;

    fn set(templates: &[&str]) -> RuleSet {
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

    #[test]
    fn finds_the_rules_of_a_line_with_and_without_header() {
        let m = Matcher::new(&set(&[
            "Order <*> persisted in <*> ms",
            "GET /health <*>",
            "END RequestId: <*>",
        ]))
        .unwrap();
        assert_eq!(m.matches("Order ord_1 persisted in 42 ms", None), vec![0]);
        assert_eq!(
            m.matches(
                "2024-03-05T10:11:26.706Z\tac376f35\tINFO\tOrder ord_1 persisted in 42 ms",
                None
            ),
            vec![0]
        );
        assert_eq!(m.first_match("GET /health 200", None), Some(1));
        assert!(m.matches("Order ord_1 persisted in 42 ms and more", None).is_empty());
        assert!(m.matches("nothing here", None).is_empty());
    }

    #[test]
    fn scoped_rules_apply_to_their_groups_only() {
        let mut s = set(&["GET /health <*>"]);
        s.rules[0].log_groups = vec!["/ecs/web".into(), "/aws/lambda/*".into()];
        let m = Matcher::new(&s).unwrap();
        assert_eq!(m.matches("GET /health 200", Some("/ecs/web")), vec![0]);
        assert_eq!(m.matches("GET /health 200", Some("/aws/lambda/x")), vec![0]);
        assert!(m.matches("GET /health 200", Some("/ecs/api")).is_empty());
        assert!(m.matches("GET /health 200", None).is_empty());
    }

    #[test]
    fn hand_written_patterns_without_the_literal_still_run() {
        let mut s = set(&["GET /health <*>"]);
        s.rules.push(Rule {
            id: "custom".into(),
            pattern: r"\A[a-z]{1,3}\z".into(),
            ..s.rules[0].clone()
        });
        let m = Matcher::new(&s).unwrap();
        assert_eq!(m.matches("abc", None), vec![1]);
        assert_eq!(m.first_match("GET /health 1", None), Some(0));
    }
}
