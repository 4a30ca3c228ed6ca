//! One forward pass per rule and line: the rule's pattern with its bounded repetitions made
//! unbounded, run as a lazy DFA anchored at the start of the line.
//!
//! A bounded repetition (`[^\n]{0,400}`, `[^ ]{0,256}`, `[\s\S]{0,1000}`) makes a DFA count:
//! where the message may start at many places, the DFA follows each start's count at once and
//! needs new states on nearly every line. Without the bounds the same pattern is a small
//! automaton that reads the line once, whatever the number of places the message may start
//! at. Small bounds (white space between tokens, the optional header's `?`) stay. It accepts
//! every line the rule accepts, and exactly those when no bound can be reached:
//! a repetition consumes at least one character each time, so a line of at most `n`
//! characters cannot repeat anything more than `n` times, and a repetition of white space
//! alone cannot repeat more often than the longest run of white space in the line. Lines
//! where a bound could be reached are left to the exact automata.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Repetition};

/// Repetitions bounded this low stay as they are: their automata are small, and `?` (at most
/// one) must not become `*`.
const KEEP_BOUNDS_UP_TO: u32 = 64;

/// Memory a rule's lazy DFA may hold per thread before it starts over.
const CACHE_CAPACITY: usize = 4 << 20;

/// Memory the automaton of a group of rules may hold per thread before it starts over.
const SET_CACHE_CAPACITY: usize = 64 << 20;

/// When a relaxed automaton's match is exact: the bounds a line must stay within.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    /// Lines of at most this many bytes reach no bound but those of white-space repetitions.
    max_len: usize,
    /// White-space runs of at most this many characters reach no white-space bound.
    max_space_run: usize,
}

impl Bounds {
    /// Whether no lifted bound can be reached in a line measured as `line`.
    pub(crate) fn exact_for(self, line: LineBounds) -> bool {
        line.len <= self.max_len && line.space_run <= self.max_space_run
    }

    /// Whether no lifted bound can be reached in `line`, measuring its white-space runs (into
    /// `measured`, once per line) only when a bound on white space was lifted: generated
    /// patterns keep theirs, so their lines are measured by their length alone.
    pub(crate) fn exact_for_line(self, line: &str, measured: &mut Option<LineBounds>) -> bool {
        if line.len() > self.max_len {
            return false;
        }
        self.max_space_run == usize::MAX
            || self.exact_for(*measured.get_or_insert_with(|| LineBounds::of(line)))
    }
}

/// A rule's pattern with its large bounds lifted, and the bounds it lost.
pub(crate) fn lift(pattern: &str) -> Option<(Hir, Bounds)> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut bounds = Bounds {
        max_len: usize::MAX,
        max_space_run: usize::MAX,
    };
    let hir = unbound(hir, &mut bounds.max_len, &mut bounds.max_space_run);
    Some((hir, bounds))
}

/// A rule's pattern without bounds, and when its answer is exact.
#[derive(Debug)]
pub(crate) struct Relaxed {
    dfa: DFA,
    bounds: Bounds,
}

/// What a line says about the bounds it could reach.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineBounds {
    len: usize,
    space_run: usize,
}

impl LineBounds {
    /// Measures `line`: its bytes (at least its characters) and its longest white-space run.
    pub(crate) fn of(line: &str) -> LineBounds {
        let mut run = 0usize;
        let mut longest = 0usize;
        for &b in line.as_bytes() {
            if is_space(b) {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        LineBounds {
            len: line.len(),
            space_run: longest,
        }
    }
}

/// The NFA compiler of every relaxed automaton: no capture states, since only whether (and
/// which) pattern matches is asked, and no shrinking, which pays off only for reverse automata.
fn nfa_compiler() -> thompson::Compiler {
    let mut compiler = thompson::Compiler::new();
    compiler.configure(
        thompson::Config::new()
            .shrink(false)
            .which_captures(WhichCaptures::None),
    );
    compiler
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

impl Relaxed {
    /// The relaxed automaton of a lifted pattern, or `None` when it cannot be built (the
    /// exact automata then answer alone).
    pub(crate) fn new(hir: &Hir, bounds: Bounds) -> Option<Relaxed> {
        let nfa = nfa_compiler().build_from_hir(hir).ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .cache_capacity(CACHE_CAPACITY)
                    .skip_cache_capacity_check(true),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(Relaxed { dfa, bounds })
    }

    /// A cache for this automaton, one per thread.
    pub(crate) fn cache(&self) -> Cache {
        self.dfa.create_cache()
    }

    /// Whether the relaxed pattern matches `line`: `Some(false)` is exact for every line;
    /// `Some(true)` only where [`Relaxed::exact_for`] holds; `None` when the automaton gave up.
    pub(crate) fn is_match(&self, cache: &mut Cache, line: &str) -> Option<bool> {
        let input = Input::new(line).anchored(Anchored::Yes).earliest(true);
        self.dfa
            .try_search_fwd(cache, &input)
            .ok()
            .map(|m| m.is_some())
    }

    /// Whether no bound of the pattern can be reached in a line measured as `bounds`.
    #[cfg(test)]
    pub(crate) fn exact_for(&self, bounds: LineBounds) -> bool {
        self.bounds.exact_for(bounds)
    }

    /// [`Bounds::exact_for_line`] of this pattern.
    pub(crate) fn exact_for_line(&self, line: &str, measured: &mut Option<LineBounds>) -> bool {
        self.bounds.exact_for_line(line, measured)
    }
}

/// The relaxed patterns of many rules as one automaton: one pass over a line tells which of
/// them match it, whatever their number.
#[derive(Debug)]
pub(crate) struct RelaxedSet {
    dfa: DFA,
}

impl RelaxedSet {
    /// The automaton of lifted patterns, pattern `k` being `hirs[k]`.
    pub(crate) fn new(hirs: &[&Hir]) -> Option<RelaxedSet> {
        let nfa = nfa_compiler().build_many_from_hir(hirs).ok()?;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(SET_CACHE_CAPACITY)
                    .skip_cache_capacity_check(true),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(RelaxedSet { dfa })
    }

    /// A cache for this automaton, one per thread.
    pub(crate) fn cache(&self) -> Cache {
        self.dfa.create_cache()
    }

    /// Walks the automaton over `line`; [`RelaxedSet::report`] then reads which patterns match.
    ///
    /// Every pattern ends with `\z`, so patterns match only at the end of the line: one walk
    /// over its bytes, then the state after its end holds every pattern that matches. The
    /// walk stops early where no pattern can match any more.
    pub(crate) fn walk(&self, cache: &mut Cache, line: &str) -> Walk {
        let input = Input::new(line).anchored(Anchored::Yes);
        match self.dfa.start_state_forward(cache, &input) {
            Ok(sid) => self.walk_from(cache, sid, line.as_bytes()),
            Err(_) => Walk::GaveUp,
        }
    }

    /// Two automata walked over `line` together, one byte of each in turn. A walk waits on
    /// memory for each next state (the states of a few hundred patterns fill tens of MB);
    /// interleaving two independent walks lets the processor wait for both at once.
    pub(crate) fn walk_two(
        (a, ca): (&RelaxedSet, &mut Cache),
        (b, cb): (&RelaxedSet, &mut Cache),
        line: &str,
    ) -> (Walk, Walk) {
        let input = Input::new(line).anchored(Anchored::Yes);
        let (Ok(mut sa), Ok(mut sb)) = (
            a.dfa.start_state_forward(ca, &input),
            b.dfa.start_state_forward(cb, &input),
        ) else {
            return (a.walk(ca, line), b.walk(cb, line));
        };
        let bytes = line.as_bytes();
        for (i, &byte) in bytes.iter().enumerate() {
            match (a.step(ca, sa, byte), b.step(cb, sb, byte)) {
                (Ok(x), Ok(y)) => (sa, sb) = (x, y),
                (Err(end), Ok(y)) => return (end, b.walk_from(cb, y, &bytes[i + 1..])),
                (Ok(x), Err(end)) => return (a.walk_from(ca, x, &bytes[i + 1..]), end),
                (Err(x), Err(y)) => return (x, y),
            }
        }
        (Walk::End(sa), Walk::End(sb))
    }

    /// The rest of a walk, from state `sid` over `rest`.
    fn walk_from(&self, cache: &mut Cache, mut sid: LazyStateID, rest: &[u8]) -> Walk {
        for &b in rest {
            sid = match self.step(cache, sid, b) {
                Ok(sid) => sid,
                Err(end) => return end,
            };
        }
        Walk::End(sid)
    }

    /// One byte of a walk; `Err` when the walk is over before the line's end.
    #[inline]
    fn step(&self, cache: &mut Cache, sid: LazyStateID, b: u8) -> Result<LazyStateID, Walk> {
        match self.dfa.next_state(cache, sid, b) {
            Ok(sid) if sid.is_tagged() && sid.is_dead() => Err(Walk::NoMatch),
            Ok(sid) if sid.is_tagged() && sid.is_quit() => Err(Walk::GaveUp),
            Ok(sid) => Ok(sid),
            Err(_) => Err(Walk::GaveUp),
        }
    }

    /// Calls `matched` with each pattern matching at the end of `walk`; false when the
    /// automaton gave up.
    pub(crate) fn report(
        &self,
        cache: &mut Cache,
        walk: Walk,
        mut matched: impl FnMut(usize),
    ) -> bool {
        let sid = match walk {
            Walk::GaveUp => return false,
            Walk::NoMatch => return true,
            Walk::End(sid) => sid,
        };
        let Ok(sid) = self.dfa.next_eoi_state(cache, sid) else {
            return false;
        };
        if sid.is_match() {
            for k in 0..self.dfa.match_len(cache, sid) {
                matched(self.dfa.match_pattern(cache, sid, k).as_usize());
            }
        }
        true
    }
}

/// Where a walk over a line left an automaton of many patterns.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Walk {
    /// The automaton gave up (its cache was exhausted or it met a byte it quits on).
    GaveUp,
    /// No pattern can match: a dead state before the line's end.
    NoMatch,
    /// The state after the line's last byte, before its end is seen.
    End(LazyStateID),
}

/// `hir` with every repetition bounded above [`KEEP_BOUNDS_UP_TO`] unbounded; lowers `max_len` to the smallest bound of a
/// repetition that is not white space alone, and `max_space_run` to that of the others.
fn unbound(hir: Hir, max_len: &mut usize, max_space_run: &mut usize) -> Hir {
    match hir.into_kind() {
        HirKind::Repetition(rep) => {
            let sub = unbound(*rep.sub, max_len, max_space_run);
            if rep.max.is_some_and(|max| max <= KEEP_BOUNDS_UP_TO) {
                return Hir::repetition(Repetition {
                    sub: Box::new(sub),
                    ..rep
                });
            }
            if let Some(max) = rep.max {
                let bound = usize::try_from(max).unwrap_or(usize::MAX);
                if is_space_class(&sub) {
                    *max_space_run = (*max_space_run).min(bound);
                } else {
                    *max_len = (*max_len).min(bound);
                }
            }
            Hir::repetition(Repetition {
                min: rep.min,
                max: None,
                greedy: rep.greedy,
                sub: Box::new(sub),
            })
        }
        HirKind::Capture(mut cap) => {
            cap.sub = Box::new(unbound(*cap.sub, max_len, max_space_run));
            Hir::capture(cap)
        }
        HirKind::Concat(subs) => Hir::concat(
            subs.into_iter()
                .map(|h| unbound(h, max_len, max_space_run))
                .collect(),
        ),
        HirKind::Alternation(subs) => Hir::alternation(
            subs.into_iter()
                .map(|h| unbound(h, max_len, max_space_run))
                .collect(),
        ),
        kind @ (HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_)) => {
            hir_of(kind)
        }
    }
}

fn hir_of(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        HirKind::Look(l) => Hir::look(l),
        HirKind::Repetition(r) => Hir::repetition(r),
        HirKind::Capture(c) => Hir::capture(c),
        HirKind::Concat(v) => Hir::concat(v),
        HirKind::Alternation(v) => Hir::alternation(v),
    }
}

/// Whether `hir` is one character of `[\t-\r ]` (or a subset of it).
fn is_space_class(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|ch| ch.is_ascii() && is_space(ch as u8))),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(is_space)),
        HirKind::Literal(l) => l.0.iter().all(|&b| is_space(b)) && l.0.len() == 1,
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_found_and_answers_follow_the_line() {
        let p = crate::pattern::template_pattern("Order <*> persisted in <*> ms").unwrap();
        let (hir, bounds) = lift(&p).unwrap();
        assert_eq!(bounds.max_len, 256);
        assert_eq!(bounds.max_space_run, usize::MAX);
        let r = Relaxed::new(&hir, bounds).unwrap();
        let mut c = r.cache();
        for (line, want) in [
            ("Order 1 persisted in 2 ms", true),
            ("2024 INFO\tOrder 1 persisted in 2 ms  ", true),
            ("Order 1 persisted in 2 ms x", false),
            ("x\nOrder 1 persisted in 2 ms", false),
        ] {
            assert_eq!(r.is_match(&mut c, line), Some(want), "{line:?}");
            assert!(r.exact_for(LineBounds::of(line)));
        }
        let long = format!("Order {} persisted in 2 ms", "1".repeat(300));
        assert_eq!(r.is_match(&mut c, &long), Some(true));
        assert!(!r.exact_for(LineBounds::of(&long)));
        assert!(!r.exact_for_line(&long, &mut None));
        assert!(r.exact_for_line(&" ".repeat(200), &mut None));
        let spaces = Bounds {
            max_len: usize::MAX,
            max_space_run: 3,
        };
        assert!(spaces.exact_for_line("a   b", &mut None));
        assert!(!spaces.exact_for_line("a    b", &mut None));
        let gap = format!("Order 1{}persisted in 2 ms", " ".repeat(65));
        assert_eq!(r.is_match(&mut c, &gap), Some(false));
    }
}
