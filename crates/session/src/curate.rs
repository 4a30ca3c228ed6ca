//! The rules of changes to a session, apart from how the session is stored: what a decision,
//! a merge, a split and a label may be. [`crate::SessionFile`] applies them to the newest
//! version of the file and saves; the command line and the app both go through them, so
//! neither can write what the other would refuse.

use crate::model::{Decision, DropRate, Merge, SeenTemplate, Session, Split, SplitPart, Verdict};
use crate::store::{now_ms, DecisionInput};
use crate::{Error, Result};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use std::collections::BTreeMap;

/// Most labels on one decision.
pub const MAX_LABELS: usize = 16;
/// Longest label key, in bytes.
pub const MAX_LABEL_KEY: usize = 32;
/// Longest label value, in bytes.
pub const MAX_LABEL_VALUE: usize = 200;
/// Longest owner or note, in bytes.
pub const MAX_TEXT: usize = 2000;
/// Most templates merged in one change.
pub const MAX_MERGE: usize = 100;
/// Most values one split takes at once.
pub const MAX_SPLIT_VALUES: usize = 32;
/// Longest value to split by, in bytes.
pub const MAX_SPLIT_VALUE: usize = 1000;

/// Label keys as stored: lower case, `env` read as `environment`.
pub fn label_key(key: &str) -> String {
    let k = key.trim().to_ascii_lowercase();
    match k.as_str() {
        "env" => "environment".to_string(),
        _ => k,
    }
}

/// Checks the labels of a decision and returns them as stored: keys are short lower-case
/// words (`env` is read as `environment`), values one line, trimmed; an empty value is kept
/// (it removes the label).
pub fn check_labels(raw: BTreeMap<String, String>) -> Result<BTreeMap<String, String>> {
    if raw.len() > MAX_LABELS {
        return Err(Error::Refused(format!(
            "{} labels is too many: keep at most {MAX_LABELS}",
            raw.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let key = label_key(&k);
        let good_key = !key.is_empty()
            && key.len() <= MAX_LABEL_KEY
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
        if !good_key {
            return Err(Error::Refused(format!(
                "`{k}` is not a label name: use a short word such as environment, service, team or version"
            )));
        }
        let value = v.trim().to_string();
        if value.len() > MAX_LABEL_VALUE || value.chars().any(char::is_control) {
            return Err(Error::Refused(format!(
                "the {key} label must be one line of at most {MAX_LABEL_VALUE} bytes: shorten it"
            )));
        }
        out.insert(key, value);
    }
    Ok(out)
}

/// Checks a decision change: its labels ([`check_labels`]), the length of owner and note, and
/// that a rate keeping a share is one a shipper can sample (`1 in 2` to `1 in 1000000`) on a
/// noise verdict.
pub fn check_decision(mut input: DecisionInput) -> Result<DecisionInput> {
    if let Some(DropRate::KeepOneIn(n)) = input.drop_rate {
        if !(2..=DropRate::MAX_ONE_IN).contains(&n) {
            return Err(Error::BadDropRate(format!("1 in {n}")));
        }
        if input.verdict != Some(Verdict::Noise) {
            return Err(Error::Refused(format!(
                "keeping 1 line in {n} is a rate for noise: mark the template noise, or leave the rate out"
            )));
        }
    }
    for (what, text) in [("owner", &input.owner), ("note", &input.note)] {
        if text.as_ref().is_some_and(|t| t.len() > MAX_TEXT) {
            return Err(Error::Refused(format!(
                "the {what} is longer than {MAX_TEXT} bytes: shorten it"
            )));
        }
    }
    input.labels = check_labels(std::mem::take(&mut input.labels))?;
    Ok(input)
}

/// The members of a merge as they are merged: at least one, at most [`MAX_MERGE`], not
/// `into` itself, each once (in the order given).
pub fn merge_members(into: TemplateId, members: &[TemplateId]) -> Result<Vec<TemplateId>> {
    if members.is_empty() {
        return Err(Error::Refused("give at least one template to merge".into()));
    }
    if members.len() > MAX_MERGE {
        return Err(Error::Refused(format!(
            "{} templates at once is too many: merge at most {MAX_MERGE} at a time",
            members.len()
        )));
    }
    let mut out = Vec::with_capacity(members.len());
    for &m in members {
        if m == into {
            return Err(Error::Refused(format!(
                "cannot merge template {into} with itself: pick another template"
            )));
        }
        if !out.contains(&m) {
            out.push(m);
        }
    }
    Ok(out)
}

/// The values of a split as they are split by: trimmed, blank ones dropped, each once, at
/// least one, at most [`MAX_SPLIT_VALUES`], each one line of at most [`MAX_SPLIT_VALUE`] bytes.
pub fn split_values(values: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    if out.is_empty() {
        return Err(Error::Refused("give at least one value to split by".into()));
    }
    if out.len() > MAX_SPLIT_VALUES {
        return Err(Error::Refused(format!(
            "{} values is too many: split by at most {MAX_SPLIT_VALUES} at a time",
            out.len()
        )));
    }
    if let Some(v) = out
        .iter()
        .find(|v| v.len() > MAX_SPLIT_VALUE || v.chars().any(char::is_control))
    {
        return Err(Error::Refused(format!(
            "the value `{}` cannot be split out: values are one line of at most {MAX_SPLIT_VALUE} bytes",
            v.chars().take(40).collect::<String>()
        )));
    }
    Ok(out)
}

/// Whether `id` is a template the workspace has and the session has not seen yet (imported
/// after the session was created): the one test of "unseen" for every change.
pub fn is_unseen(s: &Session, ws: &Workspace, id: TemplateId) -> bool {
    !s.templates.contains_key(&id) && ws.templates().get(id).is_some()
}

/// Adds the workspace's templates the session has not seen; returns how many. Templates it
/// has seen keep the figures it saw.
pub(crate) fn adopt_templates(s: &mut Session, ws: &Workspace) -> usize {
    let mut added = 0;
    for t in ws.templates().templates() {
        s.templates.entry(t.id).or_insert_with(|| {
            added += 1;
            SeenTemplate {
                text: t.text.clone(),
                count: t.count,
                bytes: t.bytes,
                by_group: BTreeMap::new(),
            }
        });
    }
    added
}

/// Takes `member` out of the merge into `into`; the merge goes when it has no member left.
/// Decisions stay where they are.
pub(crate) fn unmerge(s: &mut Session, into: TemplateId, member: Option<TemplateId>) -> Result<()> {
    let Some(pos) = s.merges.iter().position(|m| m.into == into) else {
        return Err(Error::Refused(format!(
            "template {into} has nothing merged into it"
        )));
    };
    match member {
        None => {
            s.merges.remove(pos);
        }
        Some(member) => {
            let m = &mut s.merges[pos];
            let Some(at) = m.members.iter().position(|x| *x == member) else {
                return Err(Error::Refused(format!(
                    "template {member} is not merged into {into}"
                )));
            };
            m.members.remove(at);
            if m.members.is_empty() {
                s.merges.remove(pos);
            }
        }
    }
    Ok(())
}

/// Undoes the split of `id`; its parts' decisions are dropped.
pub(crate) fn unsplit(s: &mut Session, id: TemplateId) -> Result<()> {
    let Some(pos) = s.splits.iter().position(|x| x.template == id) else {
        return Err(Error::Refused(format!("template {id} is not split")));
    };
    let split = s.splits.remove(pos);
    for p in split.parts {
        s.decisions.remove(&p.id);
    }
    Ok(())
}

/// Applies a decision change to the stored decision (the input is checked first, see
/// [`check_decision`]).
pub(crate) fn apply(d: &mut Decision, input: DecisionInput, by: Option<String>) {
    d.verdict = input.verdict;
    if d.verdict != Some(Verdict::Noise) {
        d.keep_one_in = None;
    } else if let Some(rate) = input.drop_rate {
        d.keep_one_in = rate.keep_one_in();
    }
    let set = |field: &mut Option<String>, value: Option<String>| {
        if let Some(v) = value {
            let v = v.trim().to_string();
            *field = (!v.is_empty()).then_some(v);
        }
    };
    set(&mut d.owner, input.owner);
    set(&mut d.note, input.note);
    for (k, v) in input.labels {
        let k = label_key(&k);
        let v = v.trim().to_string();
        if v.is_empty() {
            d.labels.remove(&k);
        } else {
            d.labels.insert(k, v);
        }
    }
    d.decided_by = by;
    d.decided_at_ms = Some(input.decided_at_ms.unwrap_or_else(now_ms));
    d.carried_over = None;
}

/// Merges `member` into `into`; the rules of [`crate::SessionFile::merge`].
pub(crate) fn merge(
    s: &mut Session,
    into: TemplateId,
    member: TemplateId,
    by: Option<String>,
) -> Result<()> {
    if into == member {
        return Err(Error::Refused(format!(
            "cannot merge template {into} with itself"
        )));
    }
    for id in [into, member] {
        if !s.templates.contains_key(&id) {
            return Err(Error::UnknownTemplate(id));
        }
        if let Some(other) = s.merged_into(id) {
            return Err(Error::Refused(format!(
                "template {id} is already merged into {other}: merge into {other} instead"
            )));
        }
    }
    if s.merge_of(member).is_some() {
        return Err(Error::Refused(format!(
            "template {member} has templates merged into it: merge the other way round \
             (`merge {member} {into}`)"
        )));
    }
    for id in [into, member] {
        if s.split_of(id).is_some() {
            return Err(Error::Refused(format!(
                "template {id} is split: undo the split before merging it"
            )));
        }
    }
    let moved = s.decisions.remove(&member);
    if let Some(d) = moved {
        s.decisions.entry(into).or_insert(d);
    }
    match s.merges.iter_mut().find(|m| m.into == into) {
        Some(m) => m.members.push(member),
        None => s.merges.push(Merge {
            into,
            members: vec![member],
            by,
            at_ms: Some(now_ms()),
        }),
    }
    Ok(())
}

/// Splits `id` by the values of its `variable`-th `<*>`; the rules of [`crate::SessionFile::split`].
pub(crate) fn split(
    s: &mut Session,
    id: TemplateId,
    variable: usize,
    values: &[String],
    by: Option<String>,
) -> Result<()> {
    let Some(seen) = s.templates.get(&id) else {
        return Err(Error::UnknownTemplate(id));
    };
    if s.merged_into(id).is_some() || s.merge_of(id).is_some() {
        return Err(Error::Refused(format!(
            "template {id} is merged: undo the merge before splitting it"
        )));
    }
    let variables = seen.text.matches(lognoise_miner::WILDCARD).count();
    if variable >= variables {
        return Err(Error::Refused(format!(
            "template {id} has {variables} variable(s), numbered from 0: there is no variable {variable}"
        )));
    }
    let values = split_values(values)?;
    let text = seen.text.clone();
    let parts = values
        .iter()
        .filter_map(|v| SplitPart::of(&text, variable, v))
        .collect::<Vec<_>>();
    if let Some(existing) = s.splits.iter_mut().find(|x| x.template == id) {
        if existing.variable == variable {
            for p in parts {
                if !existing.parts.iter().any(|q| q.id == p.id) {
                    existing.parts.push(p);
                }
            }
            return Ok(());
        }
        let old = std::mem::take(&mut existing.parts);
        for p in old {
            s.decisions.remove(&p.id);
        }
        existing.variable = variable;
        existing.parts = parts;
        existing.by = by;
        existing.at_ms = Some(now_ms());
        return Ok(());
    }
    s.splits.push(Split {
        template: id,
        variable,
        parts,
        by,
        at_ms: Some(now_ms()),
    });
    Ok(())
}

/// A price per GB is a finite number of dollars, 0 or more.
pub(crate) fn check_price(price: f64) -> Result<()> {
    if price.is_finite() && price >= 0.0 {
        Ok(())
    } else {
        Err(Error::BadPrice(price))
    }
}
