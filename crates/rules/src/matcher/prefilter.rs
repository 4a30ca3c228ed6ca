//! The per-rule path's first step (see the parent module's docs): every line a rule made from a
//! template matches contains each of the template's constants, so one Aho-Corasick automaton
//! over up to three constants of each rule, its rarest among the rules, tells which rules a
//! line may match. Rare constants matter: templates of one log format share most of their
//! words (`Mozilla/`, `HTTP/`) and differ in one or two.

use crate::{Error, Result, RuleSet};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// Constants shorter than this are in too many lines to be worth looking for.
const MIN_LITERAL: usize = 3;
/// Constants of a rule looked for: its rarest ones, which tell it from its neighbours.
const LITERALS_PER_RULE: usize = 3;

/// The distinct constants (at least [`MIN_LITERAL`] bytes) of each rule made from its template;
/// `None` for a hand-written rule, whose pattern may say something else than its template.
pub(super) fn rule_constants(set: &RuleSet) -> Vec<Option<Vec<&str>>> {
    set.rules
        .iter()
        .map(|rule| {
            let generated = crate::pattern::template_pattern(&rule.template)
                .ok()
                .as_deref()
                == Some(rule.pattern.as_str());
            if !generated {
                return None;
            }
            let mut mine: Vec<&str> = crate::pattern::literals(&rule.template)
                .into_iter()
                .filter(|l| l.len() >= MIN_LITERAL)
                .collect();
            mine.sort_unstable();
            mine.dedup();
            Some(mine)
        })
        .collect()
}

/// Which generated rules' constants a line holds.
#[derive(Debug)]
pub(super) struct Prefilter {
    /// Automaton over the distinct constants looked for.
    automaton: Option<AhoCorasick>,
    /// For each constant of the automaton, the rules containing it.
    rules_of_literal: Vec<Vec<usize>>,
    /// For each rule, how many distinct constants it has in the automaton.
    literal_count: Vec<usize>,
    /// Generated rules whose constants are all too short: candidates on every line.
    always: Vec<usize>,
}

impl Prefilter {
    /// The prefilter of rules whose constants are `constants` (see [`rule_constants`]);
    /// hand-written rules (`None`) are left to the caller.
    pub(super) fn new(constants: &[Option<Vec<&str>>]) -> Result<Prefilter> {
        // How many rules share each constant: the rarest constants of a rule tell it apart.
        let mut sharing: HashMap<&str, usize> = HashMap::new();
        for l in constants.iter().flatten().flatten() {
            *sharing.entry(l).or_default() += 1;
        }
        let mut literal_ids: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut rules_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut literal_count = vec![0; constants.len()];
        let mut always = Vec::new();
        for (i, mine) in constants.iter().enumerate() {
            let Some(mine) = mine else {
                continue;
            };
            if mine.is_empty() {
                always.push(i);
                continue;
            }
            let mut mine = mine.clone();
            mine.sort_by_key(|l| {
                (
                    sharing.get(l).copied().unwrap_or(0),
                    std::cmp::Reverse(l.len()),
                )
            });
            mine.truncate(LITERALS_PER_RULE);
            literal_count[i] = mine.len();
            for l in mine {
                let id = *literal_ids.entry(l).or_insert_with(|| {
                    literals.push(l);
                    rules_of_literal.push(Vec::new());
                    literals.len() - 1
                });
                rules_of_literal[id].push(i);
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&literals)
                    .map_err(|e| Error::Matcher(e.to_string()))?,
            )
        };
        Ok(Prefilter {
            automaton,
            rules_of_literal,
            literal_count,
            always,
        })
    }

    /// Working memory for [`Prefilter::candidates`], one per thread.
    pub(super) fn tallies(&self) -> Tallies {
        Tallies {
            literal_seen: vec![0; self.rules_of_literal.len()],
            votes: vec![(0, 0); self.literal_count.len()],
            generation: 0,
        }
    }

    /// Generated rules admitted by `in_scope` whose every constant `line` contains, ascending,
    /// into `out` (cleared first).
    pub(super) fn candidates(
        &self,
        line: &str,
        in_scope: impl Fn(usize) -> bool,
        tallies: &mut Tallies,
        out: &mut Vec<usize>,
    ) {
        tallies.next_line();
        out.clear();
        let generation = tallies.generation;
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(line) {
                let literal = m.pattern().as_usize();
                if tallies.literal_seen[literal] == generation {
                    continue;
                }
                tallies.literal_seen[literal] = generation;
                for &rule in &self.rules_of_literal[literal] {
                    let vote = &mut tallies.votes[rule];
                    if vote.0 != generation {
                        *vote = (generation, 0);
                    }
                    vote.1 += 1;
                    if vote.1 as usize == self.literal_count[rule] && in_scope(rule) {
                        out.push(rule);
                    }
                }
            }
        }
        out.extend(self.always.iter().copied().filter(|&r| in_scope(r)));
        out.sort_unstable();
    }
}

/// Per-thread tallies of [`Prefilter::candidates`], reused from line to line so that a line
/// allocates nothing.
#[derive(Debug)]
pub(super) struct Tallies {
    /// Per constant, the line (generation) it was last counted for.
    literal_seen: Vec<u32>,
    /// Per rule, the line it was last voted for and how many of its constants that line has.
    votes: Vec<(u32, u32)>,
    /// The current line's number, telling this line's tallies from older ones.
    generation: u32,
}

impl Tallies {
    /// Starts a new line's tallies.
    fn next_line(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.literal_seen.fill(0);
            self.votes.fill((0, 0));
            self.generation = 1;
        }
    }
}
