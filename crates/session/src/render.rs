//! The session file's text, re-rendering only what changed since the last save.
//!
//! A meeting saves after every decision, and serialising 5,000 templates and decisions is a
//! third of a save. Each template and decision prints on one line of its own (see the
//! `format` module), so the lines of the last save can be kept and only the decision that
//! changed printed again; the rest of the file (name, sample, merges, splits) is small and
//! printed in full. The bytes are exactly those of [`crate::to_json`] (a test compares them).

use crate::format::SessionFormatter;
use crate::model::{SeenTemplate, Session};
use crate::{Error, Result};
use lognoise_miner::TemplateId;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Depth of the entries of the templates and decisions maps: printed on one line.
const ENTRY_DEPTH: usize = 2;

/// The printed entries of the last save.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// The templates map as printed (`{` to `}`), when still valid.
    templates: Option<Vec<u8>>,
    /// Each decision's printed value, when still valid.
    decisions: Option<BTreeMap<TemplateId, Vec<u8>>>,
}

impl Rendered {
    /// Forgets everything: the session was replaced or read again.
    pub(crate) fn clear(&mut self) {
        self.templates = None;
        self.decisions = None;
    }

    /// Forgets one decision, which changed (or went).
    pub(crate) fn decision_changed(&mut self, id: TemplateId) {
        if let Some(d) = &mut self.decisions {
            d.remove(&id);
        }
    }

    /// The file's text for `session`, printing again what is not kept, and keeping it.
    pub(crate) fn print(&mut self, session: &Session, size_hint: usize) -> Result<Vec<u8>> {
        let damaged = |e: serde_json::Error| Error::damaged(Path::new(&session.name), e);
        let skeleton = Session {
            schema: session.schema.clone(),
            name: session.name.clone(),
            created_at_ms: session.created_at_ms,
            reviewers: session.reviewers.clone(),
            sample: session.sample.clone(),
            price_per_gb_usd: session.price_per_gb_usd,
            infrequent_access_price_per_gb_usd: session.infrequent_access_price_per_gb_usd,
            storage_price_per_gb_month_usd: session.storage_price_per_gb_month_usd,
            insights_price_per_gb_usd: session.insights_price_per_gb_usd,
            ingestion_only: session.ingestion_only,
            previous: session.previous.clone(),
            templates: BTreeMap::new(),
            decisions: BTreeMap::new(),
            merges: session.merges.clone(),
            splits: session.splits.clone(),
        };
        let mut head = Vec::with_capacity(4096);
        let mut ser =
            serde_json::Serializer::with_formatter(&mut head, SessionFormatter::default());
        skeleton.serialize(&mut ser).map_err(damaged)?;
        head.push(b'\n');

        if self.templates.is_none() {
            self.templates = Some(print_map(&session.templates).map_err(damaged)?);
        }
        let decisions = self.decisions.get_or_insert_with(BTreeMap::new);
        // Drop decisions that went, print those that are new or changed.
        decisions.retain(|id, _| session.decisions.contains_key(id));
        for (id, d) in &session.decisions {
            if !decisions.contains_key(id) {
                decisions.insert(*id, print_entry(d).map_err(damaged)?);
            }
        }

        let mut out = Vec::with_capacity(size_hint + size_hint / 8 + 4096);
        let templates = self.templates.as_deref().unwrap_or(b"{}");
        let rest = splice(&head, b"\n  \"templates\": {}", templates, &mut out)
            .ok_or_else(|| Error::damaged(Path::new(&session.name), "no templates field"))?;
        let decisions_key = b"\n  \"decisions\": {}";
        let at = find(rest, decisions_key)
            .ok_or_else(|| Error::damaged(Path::new(&session.name), "no decisions field"))?;
        out.extend_from_slice(&rest[..at + decisions_key.len() - 2]);
        write_map(&mut out, decisions.iter());
        out.extend_from_slice(&rest[at + decisions_key.len()..]);
        Ok(out)
    }
}

/// Copies `head` into `out` up to and including `key` less its `{}`, then `map`; returns what
/// follows the key in `head`.
fn splice<'a>(head: &'a [u8], key: &[u8], map: &[u8], out: &mut Vec<u8>) -> Option<&'a [u8]> {
    let at = find(head, key)?;
    out.extend_from_slice(&head[..at + key.len() - 2]);
    out.extend_from_slice(map);
    Some(&head[at + key.len()..])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One map entry's value, on one line as the file prints it.
fn print_entry<T: Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, SessionFormatter::at_depth(ENTRY_DEPTH));
    value.serialize(&mut ser)?;
    Ok(out)
}

fn print_map(map: &BTreeMap<TemplateId, SeenTemplate>) -> serde_json::Result<Vec<u8>> {
    let mut printed = Vec::with_capacity(map.len());
    for (id, t) in map {
        printed.push((*id, print_entry(t)?));
    }
    let mut out = Vec::new();
    write_map(&mut out, printed.iter().map(|(id, v)| (id, v)));
    Ok(out)
}

/// Writes a map of printed entries as the file prints a map at depth 1.
fn write_map<'a>(out: &mut Vec<u8>, entries: impl Iterator<Item = (&'a TemplateId, &'a Vec<u8>)>) {
    let mut first = true;
    for (id, value) in entries {
        out.extend_from_slice(if first { b"{\n    \"" } else { b",\n    \"" });
        first = false;
        // Ids print as 16 hex digits, which JSON needs no escape for.
        out.extend_from_slice(id.to_string().as_bytes());
        out.extend_from_slice(b"\": ");
        out.extend_from_slice(value);
    }
    out.extend_from_slice(if first { b"{}" } else { b"\n  }" });
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::{
        CarriedOver, CarryMatch, Decision, Merge, SessionSample, Split, SplitPart, Verdict,
    };

    fn session(templates: usize) -> Session {
        let mut s = Session {
            schema: crate::SESSION_SCHEMA.into(),
            name: "q \"1\"\nx".into(),
            created_at_ms: 1,
            reviewers: vec!["ana".into()],
            sample: SessionSample::default(),
            price_per_gb_usd: 0.5,
            infrequent_access_price_per_gb_usd: None,
            storage_price_per_gb_month_usd: Some(0.02),
            insights_price_per_gb_usd: None,
            ingestion_only: true,
            previous: None,
            templates: BTreeMap::new(),
            decisions: BTreeMap::new(),
            merges: Vec::new(),
            splits: Vec::new(),
        };
        for i in 0..templates {
            let text = format!("GET /v{i} \"<*>\"\té {}", "\\");
            s.templates.insert(
                TemplateId::of_text(&text),
                SeenTemplate {
                    text,
                    count: i as u64,
                    bytes: 10 * i as u64,
                    by_group: Default::default(),
                },
            );
        }
        s
    }

    fn decision(i: usize) -> Decision {
        Decision {
            verdict: [None, Some(Verdict::Noise), Some(Verdict::Keep)][i % 3],
            owner: i.is_multiple_of(2).then(|| format!("team \"{i}\"")),
            note: Some("line\nbreak, {brace}: [x]".into()),
            labels: [("env".to_string(), "prod".to_string())].into(),
            keep_one_in: (i % 3 == 1).then_some(100),
            decided_by: None,
            decided_at_ms: Some(i as i64),
            carried_over: i.is_multiple_of(4).then(|| CarriedOver {
                session: "last".into(),
                template_id: TemplateId::of_text("x"),
                template_text: "x <*>".into(),
                matched_by: CarryMatch::Narrower,
            }),
        }
    }

    #[test]
    fn prints_what_to_json_prints_through_changes() {
        let mut r = Rendered::default();
        for n in [0, 1, 7] {
            let mut s = session(n);
            r.clear();
            assert_eq!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
            let ids: Vec<TemplateId> = s.templates.keys().copied().collect();
            for (k, id) in ids.iter().enumerate() {
                s.decisions.insert(*id, decision(k));
                r.decision_changed(*id);
                assert_eq!(r.print(&s, 10).unwrap(), crate::to_json(&s).unwrap());
            }
            if let Some(id) = ids.first() {
                s.decisions.get_mut(id).unwrap().verdict = Some(Verdict::Signal);
                r.decision_changed(*id);
                assert_eq!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
                s.decisions.remove(id);
                r.decision_changed(*id);
                assert_eq!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
            }
            s.merges.push(Merge {
                into: TemplateId::of_text("a"),
                members: vec![TemplateId::of_text("b")],
                by: None,
                at_ms: None,
            });
            s.splits.push(Split {
                template: TemplateId::of_text("a"),
                variable: 0,
                parts: vec![SplitPart::of("a <*>", 0, "200").unwrap()],
                by: Some("bo".into()),
                at_ms: Some(3),
            });
            r.clear();
            assert_eq!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
        }
    }

    #[test]
    fn a_stale_entry_is_printed_again_only_when_told() {
        // The cache is what makes saves cheap: an unchanged entry is not printed again, so a
        // change it is not told of shows. (SessionFile tells it of every change.)
        let mut s = session(2);
        let id = *s.templates.keys().next().unwrap();
        s.decisions.insert(id, decision(1));
        let mut r = Rendered::default();
        r.print(&s, 0).unwrap();
        s.decisions.get_mut(&id).unwrap().owner = Some("changed".into());
        assert_ne!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
        r.decision_changed(id);
        assert_eq!(r.print(&s, 0).unwrap(), crate::to_json(&s).unwrap());
    }
}
