//! Carry-over: a new session starts with the decisions earlier sessions made, so a regular
//! meeting only reviews what changed.
//!
//! Each template of the new sample takes the newest earlier decision (with a verdict) about a
//! template it is taken to be, tried in this order and conservatively, since a wrong carry-over
//! could suppress lines nobody reviewed:
//!
//! 1. **Same id**: the same template text (ids are hashes of the text). A merge member takes
//!    the decision of its merge, a split part the part's own.
//! 2. **Same text once normalised**: white space made single and runs of adjacent `<*>` made one
//!    (a list of values mined as `<*> <*>` once and `<*>` the next time).
//! 3. **Narrower**: the new template is an old one with some variables now constant (`Order
//!    <*> persisted in 12 ms` against `Order <*> persisted in <*> ms`): every line of the new
//!    template was a line of the old one, so the old decision covered it. Tested on the
//!    template texts, not example lines (which carry headers the templates leave out): the old
//!    text becomes an anchored regex with its constants escaped and each `<*>` one or more
//!    characters that are no white space, quote, bracket, comma or semicolon, so a variable
//!    never swallows a JSON field or a word. The old template needs a constant word of two
//!    letters or more (a bare `<*>` would match anything). A split part wins over the template
//!    it was split from. When the old templates a new one narrows disagree (verdict or owner),
//!    nothing is carried.
//!
//! A template that is none of these, or whose only match is a generalisation (the new template
//! covers lines the old one did not), stays undecided. Merges and splits are carried over when
//! their templates are still there.

use crate::model::{CarriedOver, CarryMatch, Decision, Merge, Session, Split};
use lognoise_miner::{TemplateId, WILDCARD};
use regex::Regex;
use std::collections::{BTreeSet, HashMap};

/// Fills `session` with the decisions, merges and splits of `earlier` sessions, newest first.
pub fn carry_over(session: &mut Session, earlier: &[&Session]) {
    carry_merges_and_splits(session, earlier);
    let members: BTreeSet<TemplateId> = session
        .merges
        .iter()
        .flat_map(|m| m.members.iter().copied())
        .collect();
    let mut wanted: Vec<(TemplateId, String)> = session
        .templates
        .iter()
        .filter(|(id, _)| !members.contains(id))
        .map(|(&id, t)| (id, t.text.clone()))
        .collect();
    for split in &session.splits {
        wanted.extend(split.parts.iter().map(|p| (p.id, p.text.clone())));
    }
    let finder = Finder::new(earlier);
    for (id, text) in wanted {
        if session.decisions.contains_key(&id) {
            continue;
        }
        if let Some(d) = finder.find(id, &text) {
            session.decisions.insert(id, d);
        }
    }
}

fn carry_merges_and_splits(session: &mut Session, earlier: &[&Session]) {
    for old in earlier {
        for m in &old.merges {
            let present = |id: &TemplateId| session.templates.contains_key(id);
            let taken = |s: &Session, id: &TemplateId| {
                s.merged_into(*id).is_some() || s.merge_of(*id).is_some()
            };
            if !present(&m.into) || taken(session, &m.into) {
                continue;
            }
            let members: Vec<TemplateId> = m
                .members
                .iter()
                .filter(|id| present(id) && !taken(session, id))
                .copied()
                .collect();
            if !members.is_empty() {
                session.merges.push(Merge {
                    into: m.into,
                    members,
                    by: m.by.clone(),
                    at_ms: m.at_ms,
                });
            }
        }
        for s in &old.splits {
            if session.templates.contains_key(&s.template) && session.split_of(s.template).is_none()
            {
                session.splits.push(Split {
                    template: s.template,
                    variable: s.variable,
                    parts: s.parts.clone(),
                    by: s.by.clone(),
                    at_ms: s.at_ms,
                });
            }
        }
    }
}

/// A decided template of an earlier session, as carry-over compares it.
struct Old<'a> {
    session: &'a Session,
    id: TemplateId,
    text: String,
    decision: &'a Decision,
    /// Split parts of it, as regexes: lines they match are theirs.
    except: Vec<Regex>,
    pattern: Option<Regex>,
}

struct Finder<'a> {
    /// Per earlier session (newest first), its decided templates.
    sessions: Vec<Vec<Old<'a>>>,
    /// Per earlier session, normalised text to positions in `sessions[i]`.
    normalised: Vec<HashMap<String, Vec<usize>>>,
    /// Per earlier session, a constant word to the positions of the templates holding it.
    by_word: Vec<HashMap<String, Vec<usize>>>,
}

impl<'a> Finder<'a> {
    fn new(earlier: &[&'a Session]) -> Finder<'a> {
        let mut sessions = Vec::new();
        let mut normalised = Vec::new();
        let mut by_word = Vec::new();
        for s in earlier {
            let olds: Vec<Old<'a>> = s
                .decided_templates()
                .into_iter()
                .map(|d| Old {
                    session: s,
                    id: d.id,
                    pattern: narrowing_pattern(&d.text),
                    except: d
                        .except
                        .iter()
                        .filter_map(|t| narrowing_pattern(t))
                        .collect(),
                    text: d.text,
                    decision: d.decision,
                })
                .collect();
            let mut norm: HashMap<String, Vec<usize>> = HashMap::new();
            let mut words: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, o) in olds.iter().enumerate() {
                norm.entry(normalise(&o.text)).or_default().push(i);
                if o.pattern.is_some() {
                    if let Some(w) = longest_constant_word(&o.text) {
                        words.entry(w).or_default().push(i);
                    }
                }
            }
            sessions.push(olds);
            normalised.push(norm);
            by_word.push(words);
        }
        Finder {
            sessions,
            normalised,
            by_word,
        }
    }

    fn find(&self, id: TemplateId, text: &str) -> Option<Decision> {
        for olds in &self.sessions {
            if let Some(o) = olds.iter().find(|o| o.id == id) {
                return Some(carried(o, CarryMatch::SameId));
            }
        }
        let norm = normalise(text);
        for (i, olds) in self.sessions.iter().enumerate() {
            if let Some(found) = self.normalised[i].get(&norm) {
                let found: Vec<&Old> = found.iter().map(|&k| &olds[k]).collect();
                return agreed(&found).map(|o| carried(o, CarryMatch::SameNormalizedText));
            }
        }
        let words: BTreeSet<&str> = text.split(is_word_break).collect();
        for (i, olds) in self.sessions.iter().enumerate() {
            let mut found: Vec<&Old> = Vec::new();
            let mut seen = BTreeSet::new();
            for w in &words {
                for &k in self.by_word[i]
                    .get(*w)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    let o = &olds[k];
                    if seen.insert(k)
                        && o.pattern.as_ref().is_some_and(|p| p.is_match(text))
                        && !o.except.iter().any(|e| e.is_match(text))
                    {
                        found.push(o);
                    }
                }
            }
            if !found.is_empty() {
                return agreed(&found).map(|o| carried(o, CarryMatch::Narrower));
            }
        }
        None
    }
}

/// The one old template when all found agree on verdict and owner; otherwise none (a
/// conflict the room must settle).
fn agreed<'b, 'a>(found: &[&'b Old<'a>]) -> Option<&'b Old<'a>> {
    let first = found.first()?;
    let same = found.iter().all(|o| {
        o.decision.verdict == first.decision.verdict && o.decision.owner == first.decision.owner
    });
    same.then_some(*first)
}

fn carried(o: &Old, how: CarryMatch) -> Decision {
    let mut d = o.decision.clone();
    // A decision carried into the earlier session names the session it was made in.
    let origin = o
        .decision
        .carried_over
        .as_ref()
        .map(|c| c.session.clone())
        .unwrap_or_else(|| o.session.name.clone());
    d.carried_over = Some(CarriedOver {
        session: origin,
        template_id: o.id,
        template_text: o.text.clone(),
        matched_by: how,
    });
    d
}

/// White space made single and runs of `<*>` separated by white space made one.
pub fn normalise(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for w in text.split_whitespace() {
        if w == WILDCARD && out.last() == Some(&WILDCARD) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

fn is_word_break(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_')
}

/// The longest run of letters, digits and `_` in the constant text (at least two letters), the
/// key a narrower template is looked up by: it must hold the same run.
fn longest_constant_word(text: &str) -> Option<String> {
    text.split(WILDCARD)
        .flat_map(|part| part.split(is_word_break))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .max_by_key(|w| w.len())
        .map(str::to_string)
}

/// The anchored regex a narrower template's text must match; `None` for a template with no
/// constant word to anchor it.
fn narrowing_pattern(text: &str) -> Option<Regex> {
    longest_constant_word(text)?;
    let mut re = String::from("^");
    for (i, part) in text.split(WILDCARD).enumerate() {
        if i > 0 {
            re.push_str(r#"[^\s"'`(){}\[\],;]+"#);
        }
        re.push_str(&regex::escape(part));
    }
    re.push('$');
    Regex::new(&re).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn narrows(old: &str, new: &str) -> bool {
        narrowing_pattern(old).is_some_and(|p| p.is_match(new))
    }

    #[test]
    fn narrower_templates_are_recognised_and_others_are_not() {
        let old = "Order <*> persisted in <*> ms";
        assert!(narrows(old, "Order <*> persisted in 12 ms"));
        assert!(narrows(old, "Order <*> persisted in <*> ms"));
        assert!(!narrows(old, "Order <*> persisted to disk in <*> ms"));
        assert!(!narrows(old, "Order persisted in 12 ms"));
        assert!(!narrows("Order <*> persisted in 12 ms", old));
        // A variable never swallows a JSON field.
        let json = r#"{"user":"<*>","msg":"x"}"#;
        assert!(narrows(json, r#"{"user":"1","msg":"x"}"#));
        assert!(!narrows(json, r#"{"user":"1","c":"2","msg":"x"}"#));
        // A template of variables alone matches nothing.
        assert!(narrowing_pattern("<*> <*>").is_none());
    }

    #[test]
    fn normalising_joins_white_space_and_runs_of_variables() {
        assert_eq!(normalise("took  <*> <*>   ms"), "took <*> ms");
        assert_eq!(normalise("a <*> b <*>"), "a <*> b <*>");
    }
}
