//! The relaxed patterns of up to [`RULES_PER_GROUP`] consecutive generated rules run as one
//! lazy DFA reporting every pattern that matches (see the parent module's docs): one walk over
//! a line answers for the whole group.

use crate::relaxed::{RelaxedSet, Walk};
use regex_automata::hybrid::dfa::Cache;
use regex_syntax::hir::Hir;

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

/// Generated rules of consecutive indices whose relaxed patterns run as one automaton.
#[derive(Debug)]
pub(super) struct Group {
    /// The automaton (`None` when it could not be built: every rule is then in `outside`).
    set: Option<RelaxedSet>,
    /// The rule of each pattern of `set`, ascending.
    pub(super) rules: Vec<usize>,
    /// Rules of the group left out of `set` (their relaxed pattern could not be built):
    /// confirmed by their exact automata on every line.
    pub(super) outside: Vec<usize>,
}

/// Per-thread working memory of one group's automaton.
#[derive(Debug, Default)]
pub(super) struct GroupScratch {
    /// Its lazy DFA cache, made on first use.
    pub(super) cache: Option<Cache>,
    /// Lines run through it since its cache was last cleared, and how often it was.
    lines: u64,
    clears: usize,
}

/// The groups of the `generated` rules (ascending), `lifted[i]` being rule `i`'s relaxed
/// pattern when it could be built.
pub(super) fn groups_of(generated: &[usize], lifted: &[Option<Hir>]) -> Vec<Group> {
    generated
        .chunks(RULES_PER_GROUP)
        .map(|chunk| {
            let (rules, outside): (Vec<usize>, Vec<usize>) =
                chunk.iter().partition(|&&i| lifted[i].is_some());
            let hirs: Vec<&Hir> = rules.iter().filter_map(|&i| lifted[i].as_ref()).collect();
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
}

/// Walks of groups `g` and `g + 1` over `line`, made together when both have an automaton;
/// `(None, None)` when there is no pair to walk.
pub(super) fn walk_pair(
    groups: &[Group],
    g: usize,
    line: &str,
    scratch: &mut [GroupScratch],
) -> (Option<Walk>, Option<Walk>) {
    let (Some(Some(a)), Some(Some(b))) = (
        groups.get(g).map(|x| x.set.as_ref()),
        groups.get(g + 1).map(|x| x.set.as_ref()),
    ) else {
        return (None, None);
    };
    let [ga, gb] = match scratch.get_mut(g..g + 2) {
        Some([ga, gb]) => [ga, gb],
        _ => return (None, None),
    };
    let ca = ga.cache.get_or_insert_with(|| a.cache());
    let cb = gb.cache.get_or_insert_with(|| b.cache());
    let (wa, wb) = RelaxedSet::walk_two((a, ca), (b, cb), line);
    (Some(wa), Some(wb))
}

impl Group {
    /// Rules of the group admitted by `in_scope` whose relaxed pattern matches `line`, and
    /// those outside its automaton, ascending, into `out` (cleared first); false when the
    /// automaton gave up on the line.
    ///
    /// `walked` is the automaton's walk over the line when it was already made. `thrashed` is
    /// set when the cache filled up too quickly (see [`MIN_LINES_PER_SET_CLEAR`]).
    pub(super) fn candidates(
        &self,
        line: &str,
        in_scope: impl Fn(usize) -> bool,
        scratch: &mut GroupScratch,
        walked: Option<Walk>,
        thrashed: &mut bool,
        out: &mut Vec<usize>,
    ) -> bool {
        out.clear();
        if let Some(set) = &self.set {
            let cache = scratch.cache.get_or_insert_with(|| set.cache());
            let walk = walked.unwrap_or_else(|| set.walk(cache, line));
            let answered = set.report(cache, walk, |p| {
                let rule = self.rules[p];
                if in_scope(rule) {
                    out.push(rule);
                }
            });
            if !answered {
                return false;
            }
            scratch.lines += 1;
            if cache.clear_count() != scratch.clears {
                scratch.clears = cache.clear_count();
                if scratch.lines < MIN_LINES_PER_SET_CLEAR {
                    *thrashed = true;
                }
                scratch.lines = 0;
            }
            if out.len() > 1 {
                out.sort_unstable();
            }
        }
        if !self.outside.is_empty() {
            out.extend(self.outside.iter().copied().filter(|&r| in_scope(r)));
            out.sort_unstable();
        }
        true
    }
}
