//! Runs many rules over many lines: one pass over a line tells which rules may match it, and
//! only the few lines it cannot settle go to a rule's exact regex.
//!
//! Each generated rule has a *relaxed* pattern (see the `relaxed` module): its pattern with the
//! large bounds lifted, which accepts every line the rule accepts, and exactly those when the
//! line is too short to reach a lifted bound (nearly every log line). The relaxed patterns of
//! up to 256 consecutive rules run as one lazy DFA that reports every pattern matching at the
//! end of the line: one walk over the line's bytes, whatever the number of rules and of places
//! the message could start at. A rule it does not report does not match; a rule it reports
//! matches when the line is short enough, and otherwise its exact regex decides. `first_match`
//! stops at the first group with a confirmed rule; `matches` walks the groups two at a time,
//! so that the processor waits on both automata's memory at once. Hand-written patterns run together as one
//! `RegexSet`. Working memory (lazy DFA caches) is kept per thread and reused, so a line
//! allocates nothing; a thread whose cache fills up within a few thousand lines (states
//! depending on more than the lines' shapes) gives its memory back and goes on with the path
//! below, as does a matcher built with [`Matcher::per_rule`].
//!
//! The per-rule path: every line a rule made from a template matches contains each of the
//! template's constants. One Aho-Corasick automaton over up to three constants of each rule,
//! its rarest among the rules, finds which of them the line holds; the rules having all of
//! theirs are the candidates, and each candidate's own relaxed automaton, then if needed its
//! exact regex, confirms. Rare constants matter: templates of one log format share most of
//! their words (`Mozilla/`, `HTTP/`) and differ in one or two.
//!
//! The exact automata, compiled when a line first needs them (compiling bounded repetitions of
//! Unicode classes takes milliseconds per rule, and most rules never need them): a rule's
//! optional header, `\A(?:[^\n]{0,400}[\t |])?`, lets the message start at many places, and a
//! DFA following all of them at once through the bounded variables needs new states on nearly
//! every line. The exact path therefore runs the message part anchored, at the start of the
//! line and after each tab, space or `|` within the header's bound: the same lines match, and
//! each attempt is one cheap anchored DFA run that fails within a few bytes where the message
//! does not start. On ASCII lines it runs the same pattern with ASCII classes, whose automaton
//! is a fraction of the UTF-8 one.

mod exact;
mod groups;
mod prefilter;

pub(crate) use exact::compile;
use exact::{RuleRegex, SIZE_LIMIT};
use groups::{Group, GroupScratch};
use prefilter::{Prefilter, Tallies};

use crate::relaxed::{Bounds, LineBounds, Relaxed};
use crate::{Error, Result, RuleSet};
use regex::{RegexSet, RegexSetBuilder};
use regex_automata::hybrid::dfa::Cache;
use regex_automata::util::pool::Pool;
use regex_syntax::hir::Hir;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

/// Per-thread working memory of a matcher: the relaxed automata's caches and the prefilter's
/// tallies, reused from line to line so that matching a line allocates nothing.
#[derive(Debug)]
struct Scratch {
    /// Working memory of each group's automaton.
    groups: Vec<GroupScratch>,
    /// Whether this thread still uses the groups' automata.
    groups_enabled: bool,
    /// Whether a group's cache thrashed: the thread stops using the groups' automata from the
    /// next line on.
    thrashed: bool,
    /// Lazy DFA cache of each rule's relaxed automaton, made on first use.
    caches: Vec<Option<Cache>>,
    /// The prefilter's tallies.
    tallies: Tallies,
    /// The current line's candidates.
    candidates: Vec<usize>,
}

impl Scratch {
    fn new(compiled: &Compiled) -> Scratch {
        Scratch {
            groups: std::iter::repeat_with(GroupScratch::default)
                .take(compiled.groups.len())
                .collect(),
            groups_enabled: true,
            thrashed: false,
            caches: std::iter::repeat_with(|| None)
                .take(compiled.regexes.len())
                .collect(),
            tallies: compiled.prefilter.tallies(),
            candidates: Vec::new(),
        }
    }
}

type ScratchFn = Box<dyn Fn() -> Scratch + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// What a matcher compiled; shared by its clones.
#[derive(Debug)]
struct Compiled {
    regexes: Vec<RuleRegex>,
    /// The relaxed patterns (see the `relaxed` module) of the generated rules, a few dozen
    /// rules per automaton in the rules' order: one pass over a line tells which of them may
    /// match, and which surely do not. Empty for [`Matcher::per_rule`].
    groups: Vec<Group>,
    /// When each generated rule's relaxed answer is exact.
    bounds: Vec<Option<Bounds>>,
    /// Each generated rule's pattern without bounds, alone, for threads that gave up on `set`:
    /// one pass over the line answers for most lines, the exact automata for the others.
    relaxed: Vec<OnceLock<Option<Relaxed>>>,
    /// The lifted patterns the relaxed automata are built from.
    lifted: Vec<Option<Hir>>,
    scopes: Vec<Vec<String>>,
    /// Which generated rules' constants a line holds.
    prefilter: Prefilter,
    /// Hand-written rules (not made from their template): tried on every line, together.
    unfiltered: Vec<usize>,
    unfiltered_set: Option<RegexSet>,
}

/// Matches lines against a rule set.
///
/// Safe to share between threads; each thread matching through it keeps its own working
/// memory.
pub struct Matcher {
    compiled: Arc<Compiled>,
    scratch: Pool<Scratch, ScratchFn>,
}

impl Clone for Matcher {
    fn clone(&self) -> Matcher {
        Matcher::of(Arc::clone(&self.compiled))
    }
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("rules", &self.len())
            .finish_non_exhaustive()
    }
}

impl Matcher {
    /// Compiles every rule of `set`.
    ///
    /// Each thread matching through it keeps the states its lines needed of one automaton
    /// per 256 rules, up to 64 MB each (about 24 MB for 250 rules over the 20,000 lines of 10
    /// formats of Loghub-2k).
    pub fn new(set: &RuleSet) -> Result<Matcher> {
        Matcher::build(set, true)
    }

    /// Compiles every rule of `set` without the automaton of every rule: each line goes
    /// through the literal prefilter and then each candidate rule's own automaton. Slower per
    /// line (a few times), quicker to build, and a thread keeps only the states of the rules
    /// its lines reached.
    pub fn per_rule(set: &RuleSet) -> Result<Matcher> {
        Matcher::build(set, false)
    }

    fn build(set: &RuleSet, combined: bool) -> Result<Matcher> {
        let n = set.rules.len();
        let constants = prefilter::rule_constants(set);
        let mut regexes = Vec::with_capacity(n);
        let mut lifted = Vec::with_capacity(n);
        let mut bounds = Vec::with_capacity(n);
        for (rule, constants) in set.rules.iter().zip(&constants) {
            let lift = if constants.is_some() {
                crate::relaxed::lift(&rule.pattern)
            } else {
                None
            };
            let pattern_error = |e: regex::Error| Error::Pattern {
                rule: rule.id.clone(),
                pattern: rule.pattern.clone(),
                reason: e.to_string(),
            };
            let re = if lift.is_some() {
                // Generated and parsed: compiled when a line first needs it.
                let first = crate::pattern::literals(&rule.template)
                    .first()
                    .copied()
                    .filter(|_| crate::pattern::starts_with_constant(&rule.template));
                RuleRegex::new(&rule.pattern, first)
            } else {
                compile(&rule.pattern, None).map_err(pattern_error)?
            };
            regexes.push(re);
            let (hir, b) = lift.unzip();
            lifted.push(hir);
            bounds.push(b);
        }
        let prefilter = Prefilter::new(&constants)?;
        let (generated, unfiltered): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| constants[i].is_some());
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
        let groups = if combined {
            groups::groups_of(&generated, &lifted)
        } else {
            Vec::new()
        };
        Ok(Matcher::of(Arc::new(Compiled {
            regexes,
            groups,
            bounds,
            relaxed: std::iter::repeat_with(OnceLock::new).take(n).collect(),
            lifted,
            scopes: set.rules.iter().map(|r| r.log_groups.clone()).collect(),
            prefilter,
            unfiltered,
            unfiltered_set,
        })))
    }

    fn of(compiled: Arc<Compiled>) -> Matcher {
        let shared = Arc::clone(&compiled);
        let make: ScratchFn = Box::new(move || Scratch::new(&shared));
        Matcher {
            compiled,
            scratch: Pool::new(make),
        }
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.compiled.regexes.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.compiled.regexes.is_empty()
    }

    /// Indices (in the rule set) of every rule matching `line`, ascending.
    pub fn matches(&self, line: &str, log_group: Option<&str>) -> Vec<usize> {
        let mut scratch = self.scratch.get();
        let c = &*self.compiled;
        let mut out = Vec::new();
        c.generated_matches(line, log_group, &mut scratch, true, |rule| {
            out.push(rule);
            false
        });
        if let Some(set) = &c.unfiltered_set {
            let before = out.len();
            for k in set.matches(line).iter() {
                let rule = c.unfiltered[k];
                if c.in_scope(rule, log_group) {
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
        let mut scratch = self.scratch.get();
        let c = &*self.compiled;
        let mut filtered = None;
        c.generated_matches(line, log_group, &mut scratch, false, |rule| {
            filtered = Some(rule);
            true
        });
        let unfiltered = c.unfiltered_set.as_ref().and_then(|set| {
            set.matches(line)
                .iter()
                .map(|k| c.unfiltered[k])
                .find(|&r| c.in_scope(r, log_group))
        });
        match (filtered, unfiltered) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether `rule` matches `line` (scope ignored): one rule tried alone with its exact
    /// automata, for the naive baseline and for explaining a match.
    pub fn rule_matches(&self, rule: usize, line: &str) -> bool {
        self.compiled
            .regexes
            .get(rule)
            .is_some_and(|re| re.is_match(line))
    }
}

impl Compiled {
    fn in_scope(&self, rule: usize, log_group: Option<&str>) -> bool {
        crate::rule::scope_admits(&self.scopes[rule], log_group)
    }

    /// Calls `found` with each generated rule in scope matching `line`, ascending, until it
    /// returns true.
    fn generated_matches(
        &self,
        line: &str,
        log_group: Option<&str>,
        scratch: &mut Scratch,
        every: bool,
        mut found: impl FnMut(usize) -> bool,
    ) {
        let mut bounds = None;
        if scratch.thrashed {
            // The memory of the groups' automata is given back, and this thread's lines go
            // through the prefilter from now on.
            scratch.thrashed = false;
            scratch.groups_enabled = false;
            for g in &mut scratch.groups {
                g.cache = None;
            }
        }
        if scratch.groups_enabled && !self.groups.is_empty() {
            // When every matching rule is wanted, the groups' automata are walked two at a
            // time (see `RelaxedSet::walk_two`); the second one's walk waits here.
            let mut walked_next = None;
            for g in 0..self.groups.len() {
                let walked = match walked_next.take() {
                    Some(w) => Some(w),
                    None if every => {
                        let (w, next) =
                            groups::walk_pair(&self.groups, g, line, &mut scratch.groups);
                        walked_next = next;
                        w
                    }
                    None => None,
                };
                let answered = self.groups[g].candidates(
                    line,
                    |r| self.in_scope(r, log_group),
                    &mut scratch.groups[g],
                    walked,
                    &mut scratch.thrashed,
                    &mut scratch.candidates,
                );
                if !answered {
                    // The automaton gave up on this line: each rule of the group is tried
                    // alone.
                    let group = &self.groups[g];
                    scratch.candidates.clear();
                    scratch.candidates.extend(
                        group
                            .rules
                            .iter()
                            .chain(&group.outside)
                            .copied()
                            .filter(|&r| self.in_scope(r, log_group)),
                    );
                    scratch.candidates.sort_unstable();
                    for k in 0..scratch.candidates.len() {
                        let rule = scratch.candidates[k];
                        if self.rule_is_match(rule, line, &mut bounds, &mut scratch.caches)
                            && found(rule)
                        {
                            return;
                        }
                    }
                    continue;
                }
                // Every candidate's relaxed pattern matches: exact unless the line could reach
                // a lifted bound.
                for k in 0..scratch.candidates.len() {
                    let rule = scratch.candidates[k];
                    let exact =
                        self.bounds[rule].is_some_and(|b| b.exact_for_line(line, &mut bounds));
                    if (exact || self.regexes[rule].is_match(line)) && found(rule) {
                        return;
                    }
                }
            }
            return;
        }
        self.prefilter.candidates(
            line,
            |r| self.in_scope(r, log_group),
            &mut scratch.tallies,
            &mut scratch.candidates,
        );
        for k in 0..scratch.candidates.len() {
            let rule = scratch.candidates[k];
            if self.rule_is_match(rule, line, &mut bounds, &mut scratch.caches) && found(rule) {
                return;
            }
        }
    }

    /// Whether generated rule `rule` matches `line`: its relaxed automaton answers when it
    /// can, its exact automata otherwise. `bounds` measures the line once, when first needed.
    fn rule_is_match(
        &self,
        rule: usize,
        line: &str,
        bounds: &mut Option<LineBounds>,
        caches: &mut [Option<Cache>],
    ) -> bool {
        let relaxed = self.relaxed[rule].get_or_init(|| {
            let hir = self.lifted[rule].as_ref()?;
            Relaxed::new(hir, self.bounds[rule]?)
        });
        if let Some(relaxed) = relaxed {
            let cache = caches[rule].get_or_insert_with(|| relaxed.cache());
            match relaxed.is_match(cache, line) {
                Some(false) => return false,
                Some(true) if relaxed.exact_for_line(line, bounds) => return true,
                _ => {}
            }
        }
        self.regexes[rule].is_match(line)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::{Rule, RuleSpec};
    use lognoise_miner::TemplateId;
    use regex::Regex;

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
        assert!(m
            .matches("Order ord_1 persisted in 42 ms and more", None)
            .is_empty());
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
    fn groups_of_rules_answer_as_each_rule_alone_and_in_order() {
        let mut templates: Vec<String> = (0..300)
            .map(|k| format!("svc{k} started <*> in <*> ms"))
            .collect();
        templates.push("started <*> in <*> ms".into());
        let refs: Vec<&str> = templates.iter().map(String::as_str).collect();
        let s = set(&refs);
        let m = Matcher::new(&s).unwrap();
        assert_eq!(m.compiled.groups.len(), 2);
        let long = "x".repeat(300);
        let lines = [
            "svc7 started a in 3 ms".to_string(),
            "svc299 started a in 3 ms".to_string(),
            "2024-01-01 INFO svc150 started job 9 in 12 ms".to_string(),
            "svc999 started a in 3 ms".to_string(),
            format!("svc200 started {long} in 3 ms"),
            format!("svc201 started a in {long} ms"),
            "svc7 started a in 3 s".to_string(),
        ];
        answers_as_each_rule_alone(&s, &m, lines.iter().map(String::as_str));
        assert_eq!(m.matches("svc7 started a in 3 ms", None), vec![7, 300]);
    }

    #[test]
    fn three_groups_walked_in_a_pair_and_alone_answer_as_each_rule_alone() {
        // Groups 0 and 1 are walked together, group 2 alone; lines end each walk at a
        // different byte.
        let mut templates: Vec<String> = (0..520).map(|k| format!("job{k} took <*> ms")).collect();
        templates.push("job<*> took <*> ms".into());
        let refs: Vec<&str> = templates.iter().map(String::as_str).collect();
        let s = set(&refs);
        let m = Matcher::new(&s).unwrap();
        assert_eq!(m.compiled.groups.len(), 3);
        let lines = [
            "job3 took 5 ms",
            "job300 took 5 ms",
            "job515 took 5 ms",
            "job9999 took 5 ms",
            "job12 took 5 s",
            "job",
            "",
            "other 1",
        ];
        answers_as_each_rule_alone(&s, &m, lines);
    }

    /// Asserts that `m` finds, for each line, the rules whose own regex matches it, in order,
    /// and the first of them.
    fn answers_as_each_rule_alone<'l>(
        s: &RuleSet,
        m: &Matcher,
        lines: impl IntoIterator<Item = &'l str>,
    ) {
        let naive: Vec<Regex> = s
            .rules
            .iter()
            .map(|r| Regex::new(&r.pattern).unwrap())
            .collect();
        for line in lines {
            let want: Vec<usize> = (0..naive.len())
                .filter(|&r| naive[r].is_match(line))
                .collect();
            assert_eq!(m.matches(line, None), want, "{line}");
            assert_eq!(m.first_match(line, None), want.first().copied(), "{line}");
        }
    }

    #[test]
    fn a_thread_whose_cache_thrashes_goes_on_through_the_prefilter() {
        let m = Matcher::new(&set(&["Order <*> persisted in <*> ms", "GET /health <*>"])).unwrap();
        let lines = [
            "INFO Order 1 persisted in 2 ms",
            "GET /health 200",
            "GET /other 200",
        ];
        let want: Vec<Vec<usize>> = lines.iter().map(|l| m.matches(l, None)).collect();
        assert_eq!(want, vec![vec![0], vec![1], vec![]]);
        {
            let mut scratch = m.scratch.get();
            assert!(scratch.groups_enabled && scratch.groups[0].cache.is_some());
            scratch.thrashed = true;
        }
        for (line, want) in lines.iter().zip(&want) {
            assert_eq!(&m.matches(line, None), want);
        }
        let scratch = m.scratch.get();
        assert!(!scratch.groups_enabled);
        assert!(scratch.groups.iter().all(|g| g.cache.is_none()));
    }

    #[test]
    fn generated_patterns_are_parsed_when_checked_and_hand_written_ones_compiled() {
        let mut s = set(&["GET /health <*>"]);
        s.check().unwrap();
        s.rules[0].pattern = r"\A[a-z]{1,3}(\z".into();
        assert!(s.check().is_err());
        s.rules[0].pattern = r"\A[a-z]{1,1000}[a-z]{1,1000}[a-z]{1,1000}\z".into();
        s.check().unwrap();
        let m = Matcher::new(&s).unwrap();
        assert_eq!(m.matches("abc", None), vec![0]);
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
