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

use crate::relaxed::{Bounds, LineBounds, Relaxed, RelaxedSet, Walk};
use crate::{Error, Result, RuleSet};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::hybrid::dfa::Cache;
use regex_automata::util::pool::Pool;
use regex_syntax::hir::Hir;
use std::collections::HashMap;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

/// Compiled-program size allowed for one rule; bounded repetitions of Unicode classes are
/// large.
const SIZE_LIMIT: usize = 64 << 20;

/// Compiles one rule's pattern the way the matcher does, checking that it compiles.
///
/// `first_constant` is the text a generated rule's message begins with, when its template
/// begins with a constant: the message can then only start where that text does.
pub(crate) fn compile(
    pattern: &str,
    first_constant: Option<&str>,
) -> std::result::Result<RuleRegex, regex::Error> {
    let re = RuleRegex::new(pattern, first_constant);
    re.unicode_regex()?;
    Ok(re)
}

/// One rule's regex as the matcher runs it; its automata are compiled on first use, since most
/// lines never need them (the relaxed automata answer) and compiling bounded repetitions of
/// Unicode classes takes milliseconds per rule.
#[derive(Debug)]
pub(crate) struct RuleRegex {
    /// The whole pattern, or for rules with the standard header the message part, anchored.
    source: String,
    /// The source compiled with Unicode classes.
    regex: OnceLock<std::result::Result<Regex, regex::Error>>,
    /// The same pattern with ASCII classes, for ASCII lines: a much smaller automaton than
    /// the UTF-8 one of bounded repetitions of Unicode classes. `None` when the source names a
    /// non-ASCII character.
    ascii: OnceLock<Option<regex::bytes::Regex>>,
    /// For rules with the standard header: its bound in characters (see the module docs).
    header_bound: Option<usize>,
    /// What the message begins with, when known.
    first_constant: Option<String>,
}

impl RuleRegex {
    /// The rule's regex, compiled when first needed.
    pub(crate) fn new(pattern: &str, first_constant: Option<&str>) -> RuleRegex {
        let header = crate::pattern::header_prefix();
        let (source, header_bound) = match pattern.strip_prefix(header.as_str()) {
            Some(message) => (
                format!("\\A{message}"),
                Some(crate::pattern::MAX_HEADER_CHARS),
            ),
            None => (pattern.to_string(), None),
        };
        RuleRegex {
            source,
            regex: OnceLock::new(),
            ascii: OnceLock::new(),
            header_bound,
            // Occurrences are found without overlaps, which only loses a start when a `|`
            // inside the constant is the delimiter before another occurrence.
            first_constant: first_constant
                .filter(|c| !c.is_empty() && !c.contains('|'))
                .map(String::from),
        }
    }

    /// The Unicode automaton, compiled on first call.
    fn unicode_regex(&self) -> std::result::Result<&Regex, regex::Error> {
        self.regex
            .get_or_init(|| {
                RegexBuilder::new(&self.source)
                    .size_limit(SIZE_LIMIT)
                    .dfa_size_limit(256 << 20)
                    .build()
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The ASCII automaton, compiled on first call; `None` for a source naming a non-ASCII
    /// character.
    fn ascii_regex(&self) -> Option<&regex::bytes::Regex> {
        self.ascii
            .get_or_init(|| {
                // A pattern whose text is ASCII reads an ASCII line the same with byte
                // classes: a class then matches the same characters, and a bound counts the
                // same characters, as bytes.
                if !self.source.is_ascii() {
                    return None;
                }
                regex::bytes::RegexBuilder::new(&self.source)
                    .unicode(false)
                    .size_limit(SIZE_LIMIT)
                    .dfa_size_limit(64 << 20)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether the rule's pattern matches `line`.
    ///
    /// A pattern that does not compile matches nothing here: the line is kept, never dropped
    /// by mistake. Hand-written patterns are compiled when the matcher is built, so this
    /// concerns only a generated pattern past the size limit (a template of hundreds of
    /// variables): its relaxed automaton still answers for short lines, and validation lists
    /// the long ones as missed.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        if line.is_ascii() {
            if let Some(ascii) = self.ascii_regex() {
                // In an ASCII line each byte is one character.
                return self.is_match_with(
                    line,
                    |at| ascii.is_match(&line.as_bytes()[at..]),
                    |h| h.len(),
                );
            }
        }
        match self.unicode_regex() {
            Ok(regex) => self.is_match_with(
                line,
                |at| regex.is_match(&line[at..]),
                |h| h.chars().count(),
            ),
            Err(_) => false,
        }
    }

    /// `is_match` with the message regex run at a byte offset of `line` by `run`, and the
    /// characters of a header counted by `chars`.
    fn is_match_with(
        &self,
        line: &str,
        run: impl Fn(usize) -> bool,
        chars: impl Fn(&str) -> usize,
    ) -> bool {
        let Some(bound) = self.header_bound else {
            return run(0);
        };
        if let Some(first) = &self.first_constant {
            // The message starts where its first constant does, after a tab, space or `|`.
            for (at, _) in line.match_indices(first.as_str()) {
                let header = &line[..at];
                if header.contains('\n') {
                    return false;
                }
                if at > 0 && header.len() > bound + 1 && chars(header) > bound + 1 {
                    return false;
                }
                let delimited = at == 0 || matches!(header.as_bytes()[at - 1], b'\t' | b' ' | b'|');
                if delimited && run(at) {
                    return true;
                }
            }
            return false;
        }
        if run(0) {
            return true;
        }
        // The message may start after any tab, space or `|` among the first `bound + 1`
        // characters of the first line.
        for (chars, (i, c)) in line.char_indices().enumerate() {
            if chars > bound || c == '\n' {
                return false;
            }
            if matches!(c, '\t' | ' ' | '|') && run(i + 1) {
                return true;
            }
        }
        false
    }
}

/// Constants shorter than this are in too many lines to be worth looking for.
const MIN_LITERAL: usize = 3;
/// Constants of a rule looked for: its rarest ones, which tell it from its neighbours.
const LITERALS_PER_RULE: usize = 3;

/// Rules per automaton of many rules. An automaton's states stand for the places each of its
/// rules' patterns has reached, so the more rules it holds, the more combinations of those and
/// the larger each state: one automaton over 500 rules made from Loghub-2k needed about
/// 70 MB of states for its 20,000 distinct lines, two of 250 rules each 24 and 22 MB. Larger
/// groups mean fewer passes over a line when every matching rule is wanted (groups of 128 and
/// 64 rules: 0.67x and 0.37x the lines per second of 256).
const RULES_PER_GROUP: usize = 256;

/// A thread gives up on the groups' automata (for the prefilter and per-rule automata)
/// when its cache fills up within fewer lines than this: its states then depend on more than
/// the lines' shapes, and building them costs more than the per-rule passes.
const MIN_LINES_PER_SET_CLEAR: u64 = 20_000;

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
    /// Per constant of the prefilter, the line (generation) it was last counted for.
    literal_seen: Vec<u32>,
    /// Per rule, the line it was last voted for and how many of its constants that line has.
    votes: Vec<(u32, u32)>,
    /// The current line's number, telling this line's tallies from older ones.
    generation: u32,
    /// The current line's candidates.
    candidates: Vec<usize>,
}

impl Scratch {
    fn new(rules: usize, literals: usize, groups: usize) -> Scratch {
        Scratch {
            groups: (0..groups)
                .map(|_| GroupScratch {
                    cache: None,
                    lines: 0,
                    clears: 0,
                })
                .collect(),
            groups_enabled: true,
            thrashed: false,
            caches: std::iter::repeat_with(|| None).take(rules).collect(),
            literal_seen: vec![0; literals],
            votes: vec![(0, 0); rules],
            generation: 0,
            candidates: Vec::new(),
        }
    }

    /// Starts a new line's tallies.
    fn next_line(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.literal_seen.fill(0);
            self.votes.fill((0, 0));
            self.generation = 1;
        }
        self.candidates.clear();
    }
}

/// Per-thread working memory of one group's automaton.
#[derive(Debug)]
struct GroupScratch {
    /// Its lazy DFA cache, made on first use.
    cache: Option<Cache>,
    /// Lines run through it since its cache was last cleared, and how often it was.
    lines: u64,
    clears: usize,
}

/// Generated rules of consecutive indices whose relaxed patterns run as one automaton.
#[derive(Debug)]
struct Group {
    /// The automaton (`None` when it could not be built: every rule is then in `outside`).
    set: Option<RelaxedSet>,
    /// The rule of each pattern of `set`, ascending.
    rules: Vec<usize>,
    /// Rules of the group left out of `set` (their relaxed pattern could not be built):
    /// confirmed by their exact automata on every line.
    outside: Vec<usize>,
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
    /// Automaton over the distinct constants of every rule.
    prefilter: Option<AhoCorasick>,
    /// For each constant of the automaton, the rules containing it.
    rules_of_literal: Vec<Vec<usize>>,
    /// For each rule, how many distinct constants it has in the automaton.
    literal_count: Vec<usize>,
    /// Generated rules whose constants are all too short: tried on every line.
    always: Vec<usize>,
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
        let mut regexes = Vec::with_capacity(n);
        let mut lifted = Vec::with_capacity(n);
        let mut bounds = Vec::with_capacity(n);
        let mut literal_ids: HashMap<&str, usize> = HashMap::new();
        let mut literals: Vec<&str> = Vec::new();
        let mut rules_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut literal_count = vec![0; n];
        let mut always = Vec::new();
        let mut unfiltered = Vec::new();
        // How many rules share each constant: the rarest constants of a rule tell it apart.
        let mut sharing: HashMap<&str, usize> = HashMap::new();
        let mut own: Vec<Option<Vec<&str>>> = Vec::with_capacity(n);
        for rule in &set.rules {
            // A hand-edited pattern may say something else than its template.
            if crate::pattern::template_pattern(&rule.template)
                .ok()
                .as_deref()
                != Some(rule.pattern.as_str())
            {
                own.push(None);
                continue;
            }
            let mut mine: Vec<&str> = crate::pattern::literals(&rule.template)
                .into_iter()
                .filter(|l| l.len() >= MIN_LITERAL)
                .collect();
            mine.sort_unstable();
            mine.dedup();
            for l in &mine {
                *sharing.entry(l).or_default() += 1;
            }
            own.push(Some(mine));
        }
        let generated: Vec<usize> = (0..n).filter(|&i| own[i].is_some()).collect();
        for (i, rule) in set.rules.iter().enumerate() {
            let generated = own[i].is_some();
            let lift = if generated {
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
            let Some(mut mine) = own[i].take() else {
                unfiltered.push(i);
                continue;
            };
            if mine.is_empty() {
                always.push(i);
                continue;
            }
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
        let prefilter = if literals.is_empty() {
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
            generated
                .chunks(RULES_PER_GROUP)
                .map(|chunk| {
                    let (rules, outside): (Vec<usize>, Vec<usize>) =
                        chunk.iter().partition(|&&i| lifted[i].is_some());
                    let hirs: Vec<&Hir> =
                        rules.iter().filter_map(|&i| lifted[i].as_ref()).collect();
                    match RelaxedSet::new(&hirs) {
                        Some(set) => Group {
                            set: Some(set),
                            rules,
                            outside,
                        },
                        None => Group {
                            set: None,
                            rules: Vec::new(),
                            outside: chunk.to_vec(),
                        },
                    }
                })
                .collect()
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
            rules_of_literal,
            literal_count,
            always,
            unfiltered,
            unfiltered_set,
        })))
    }

    fn of(compiled: Arc<Compiled>) -> Matcher {
        let (rules, literals) = (compiled.regexes.len(), compiled.rules_of_literal.len());
        let groups = compiled.groups.len();
        let make: ScratchFn = Box::new(move || Scratch::new(rules, literals, groups));
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
                        let (w, next) = self.walk_pair(g, line, scratch);
                        walked_next = next;
                        w
                    }
                    None => None,
                };
                if !self.group_candidates(g, line, log_group, scratch, walked) {
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
        self.candidates(line, log_group, scratch);
        for k in 0..scratch.candidates.len() {
            let rule = scratch.candidates[k];
            if self.rule_is_match(rule, line, &mut bounds, &mut scratch.caches) && found(rule) {
                return;
            }
        }
    }

    /// Walks of groups `g` and `g + 1` over `line`, made together when both have an
    /// automaton; `(None, None)` when there is no pair to walk.
    fn walk_pair(
        &self,
        g: usize,
        line: &str,
        scratch: &mut Scratch,
    ) -> (Option<Walk>, Option<Walk>) {
        let (Some(Some(a)), Some(Some(b))) = (
            self.groups.get(g).map(|x| x.set.as_ref()),
            self.groups.get(g + 1).map(|x| x.set.as_ref()),
        ) else {
            return (None, None);
        };
        let [ga, gb] = match scratch.groups.get_mut(g..g + 2) {
            Some([ga, gb]) => [ga, gb],
            _ => return (None, None),
        };
        let ca = ga.cache.get_or_insert_with(|| a.cache());
        let cb = gb.cache.get_or_insert_with(|| b.cache());
        let (wa, wb) = RelaxedSet::walk_two((a, ca), (b, cb), line);
        (Some(wa), Some(wb))
    }

    /// Rules in scope of group `g` whose relaxed pattern matches `line`, and those outside its
    /// automaton, ascending, into `scratch.candidates`; false when the automaton gave up.
    ///
    /// `walked` is the automaton's walk over the line when it was already made.
    fn group_candidates(
        &self,
        g: usize,
        line: &str,
        log_group: Option<&str>,
        scratch: &mut Scratch,
        walked: Option<Walk>,
    ) -> bool {
        let group = &self.groups[g];
        scratch.candidates.clear();
        if let Some(set) = &group.set {
            let gs = &mut scratch.groups[g];
            let cache = gs.cache.get_or_insert_with(|| set.cache());
            let candidates = &mut scratch.candidates;
            let walk = walked.unwrap_or_else(|| set.walk(cache, line));
            let answered = set.report(cache, walk, |p| {
                let rule = group.rules[p];
                if crate::rule::scope_admits(&self.scopes[rule], log_group) {
                    candidates.push(rule);
                }
            });
            if !answered {
                return false;
            }
            gs.lines += 1;
            if cache.clear_count() != gs.clears {
                gs.clears = cache.clear_count();
                if gs.lines < MIN_LINES_PER_SET_CLEAR {
                    scratch.thrashed = true;
                }
                gs.lines = 0;
            }
            if scratch.candidates.len() > 1 {
                scratch.candidates.sort_unstable();
            }
        }
        if !group.outside.is_empty() {
            scratch.candidates.extend(
                group
                    .outside
                    .iter()
                    .copied()
                    .filter(|&r| self.in_scope(r, log_group)),
            );
            scratch.candidates.sort_unstable();
        }
        true
    }

    /// Generated rules in scope whose every constant the line contains, ascending, into
    /// `scratch.candidates`.
    fn candidates(&self, line: &str, log_group: Option<&str>, scratch: &mut Scratch) {
        scratch.next_line();
        let generation = scratch.generation;
        if let Some(ac) = &self.prefilter {
            for m in ac.find_overlapping_iter(line) {
                let literal = m.pattern().as_usize();
                if scratch.literal_seen[literal] == generation {
                    continue;
                }
                scratch.literal_seen[literal] = generation;
                for &rule in &self.rules_of_literal[literal] {
                    let vote = &mut scratch.votes[rule];
                    if vote.0 != generation {
                        *vote = (generation, 0);
                    }
                    vote.1 += 1;
                    if vote.1 as usize == self.literal_count[rule] && self.in_scope(rule, log_group)
                    {
                        scratch.candidates.push(rule);
                    }
                }
            }
        }
        scratch.candidates.extend(
            self.always
                .iter()
                .copied()
                .filter(|&r| self.in_scope(r, log_group)),
        );
        scratch.candidates.sort_unstable();
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
