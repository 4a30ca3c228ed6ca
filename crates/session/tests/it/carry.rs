//! Carry-over: decisions follow templates from one session to the next, conservatively.

use super::queue::{
    first_hour, second_hour, workspace_one_hour, DISK, EXPIRED, FUNDS, HEALTH, ORDER,
};
use super::*;
use lognoise_session::carry::carry_over;
use lognoise_session::{
    queue, CarryMatch, Decision, DecisionInput, QueueOrder, SeenTemplate, Session, SessionSample,
    Verdict, SESSION_SCHEMA,
};
use std::collections::BTreeMap;

fn decide(file: &mut SessionFile, id: TemplateId, verdict: Verdict, owner: &str) {
    file.decide(
        id,
        DecisionInput {
            verdict: Some(verdict),
            owner: Some(owner.into()),
            note: Some(format!("{verdict} by {owner}")),
            ..DecisionInput::default()
        },
    )
    .unwrap();
}

#[test]
fn a_new_session_starts_with_earlier_decisions_and_reviews_only_what_changed() {
    let (dir, mut ws) = workspace_one_hour();
    let mut first = new_session(&ws, "first", T0 + HOUR);
    decide(&mut first, id_of(&ws, HEALTH), Verdict::Noise, "platform");
    decide(&mut first, id_of(&ws, ORDER), Verdict::Keep, "orders");
    import_hour(&mut ws, dir.path(), "h2.jsonl", T0 + HOUR, &second_hour());

    let mut second = new_session(&ws, "second", T0 + 2 * HOUR);
    let s = second.session();
    let health = s.decision(id_of(&ws, HEALTH)).unwrap();
    assert_eq!(health.verdict, Some(Verdict::Noise));
    assert_eq!(health.owner.as_deref(), Some("platform"));
    assert_eq!(health.note.as_deref(), Some("noise by platform"));
    let carried = health.carried_over.as_ref().unwrap();
    assert_eq!(carried.session, "first");
    assert_eq!(carried.matched_by, CarryMatch::SameId);
    assert_eq!(carried.template_text, HEALTH);
    assert_eq!(s.verdict_of(id_of(&ws, ORDER)), Some(Verdict::Keep));

    let open: Vec<String> = queue(&ws, s, QueueOrder::Cost)
        .unwrap()
        .into_iter()
        .filter(|r| r.decision.as_ref().and_then(|d| d.verdict).is_none())
        .map(|r| r.text)
        .collect();
    let mut open: Vec<&str> = open.iter().map(String::as_str).collect();
    open.sort();
    let mut want = vec![DISK, EXPIRED, FUNDS];
    want.sort();
    assert_eq!(open, want);

    // Deciding again in this session makes the decision this session's own.
    decide(&mut second, id_of(&ws, HEALTH), Verdict::Keep, "platform");
    assert!(second
        .session()
        .decision(id_of(&ws, HEALTH))
        .unwrap()
        .carried_over
        .is_none());

    // A third session names the session a decision was made in, not the one it passed through.
    let third = new_session(&ws, "third", T0 + 3 * HOUR);
    let order = third.session().decision(id_of(&ws, ORDER)).unwrap();
    assert_eq!(order.carried_over.as_ref().unwrap().session, "first");
    let health = third.session().decision(id_of(&ws, HEALTH)).unwrap();
    assert_eq!(health.verdict, Some(Verdict::Keep));
    assert_eq!(health.carried_over.as_ref().unwrap().session, "second");
}

#[test]
fn a_fresh_session_carries_nothing_and_merges_and_splits_carry_over() {
    let (_dir, ws) = workspace_one_hour();
    let mut first = new_session(&ws, "first", T0 + HOUR);
    let (expired, funds, health) = (id_of(&ws, EXPIRED), id_of(&ws, FUNDS), id_of(&ws, HEALTH));
    first.merge(expired, funds).unwrap();
    decide(&mut first, expired, Verdict::Noise, "payments");
    first.split(health, 0, &["503".into()]).unwrap();
    let part = TemplateId::of_text("GET /health 503 in <*> ms");
    decide(&mut first, part, Verdict::Signal, "platform");

    let fresh = SessionFile::create(
        &ws,
        lognoise_session::NewSession {
            name: "fresh".into(),
            fresh: true,
            created_at_ms: Some(T0 + 2 * HOUR),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(fresh.session().decisions.is_empty());
    assert!(fresh.session().merges.is_empty());
    assert_eq!(fresh.session().previous, None);

    let second = lognoise_session::SessionFile::create(
        &ws,
        lognoise_session::NewSession {
            name: "second".into(),
            previous: Some("first".into()),
            created_at_ms: Some(T0 + 3 * HOUR),
            ..Default::default()
        },
    )
    .unwrap();
    let s = second.session();
    assert_eq!(s.merges.len(), 1);
    assert_eq!(s.verdict_of(funds), Some(Verdict::Noise));
    assert!(
        s.decision(funds).is_none(),
        "members are decided through the merge"
    );
    assert_eq!(s.split_of(health).unwrap().parts[0].id, part);
    assert_eq!(s.verdict_of(part), Some(Verdict::Signal));
    let _ = first_hour;
}

fn session(name: &str, at: i64, templates: &[&str]) -> Session {
    Session {
        schema: SESSION_SCHEMA.into(),
        name: name.into(),
        created_at_ms: at,
        reviewers: Vec::new(),
        sample: SessionSample {
            sampling_ratio: 1.0,
            ..SessionSample::default()
        },
        price_per_gb_usd: 0.5,
        infrequent_access_price_per_gb_usd: None,
        storage_price_per_gb_month_usd: None,
        insights_price_per_gb_usd: None,
        ingestion_only: false,
        previous: None,
        templates: templates
            .iter()
            .map(|t| {
                (
                    TemplateId::of_text(t),
                    SeenTemplate {
                        text: t.to_string(),
                        count: 1,
                        bytes: 10,
                        by_group: Default::default(),
                    },
                )
            })
            .collect(),
        decisions: BTreeMap::new(),
        merges: Vec::new(),
        splits: Vec::new(),
    }
}

fn decided(s: &mut Session, text: &str, verdict: Verdict, owner: &str) {
    s.decisions.insert(
        TemplateId::of_text(text),
        Decision {
            verdict: Some(verdict),
            owner: Some(owner.into()),
            ..Decision::default()
        },
    );
}

fn carried(new: &Session, text: &str) -> Option<(Verdict, CarryMatch, String)> {
    let d = new.decision(TemplateId::of_text(text))?;
    let c = d.carried_over.as_ref()?;
    Some((d.verdict?, c.matched_by, c.template_text.clone()))
}

#[test]
fn equivalent_templates_after_re_mining_carry_and_different_ones_do_not() {
    let mut old = session(
        "old",
        1,
        &[
            "Order <*> persisted in <*> ms",
            "took <*> <*> ms",
            "Cache warmed in <*> ms",
            "user <*> logged in",
            "<*> <*>",
        ],
    );
    decided(
        &mut old,
        "Order <*> persisted in <*> ms",
        Verdict::Noise,
        "orders",
    );
    decided(&mut old, "took <*> <*> ms", Verdict::Keep, "core");
    decided(&mut old, "Cache warmed in <*> ms", Verdict::Noise, "web");
    decided(&mut old, "user <*> logged in", Verdict::Signal, "security");
    decided(&mut old, "<*> <*>", Verdict::Noise, "nobody");
    let mut new = session(
        "new",
        2,
        &[
            // Narrower: a variable is now constant.
            "Order <*> persisted in 12 ms",
            // Same text once runs of variables are one.
            "took  <*> ms",
            // Broader than the old template: not carried.
            "Cache <*> in <*> ms",
            // More words: not carried.
            "user <*> logged in from <*>",
            // Only the bare-variable template would match: not carried.
            "hello world",
        ],
    );
    carry_over(&mut new, &[&old]);
    assert_eq!(
        carried(&new, "Order <*> persisted in 12 ms"),
        Some((
            Verdict::Noise,
            CarryMatch::Narrower,
            "Order <*> persisted in <*> ms".into()
        ))
    );
    assert_eq!(
        carried(&new, "took  <*> ms"),
        Some((
            Verdict::Keep,
            CarryMatch::SameNormalizedText,
            "took <*> <*> ms".into()
        ))
    );
    assert_eq!(carried(&new, "Cache <*> in <*> ms"), None);
    assert_eq!(carried(&new, "user <*> logged in from <*>"), None);
    assert_eq!(carried(&new, "hello world"), None);
}

#[test]
fn conflicting_old_decisions_carry_nothing_and_the_newest_session_wins() {
    let mut old = session("old", 1, &["GET <*> <*>", "GET /health <*>"]);
    decided(&mut old, "GET <*> <*>", Verdict::Noise, "web");
    decided(&mut old, "GET /health <*>", Verdict::Signal, "web");
    let mut new = session("new", 3, &["GET /health 200"]);
    carry_over(&mut new, &[&old]);
    assert_eq!(
        carried(&new, "GET /health 200"),
        None,
        "two verdicts disagree"
    );

    let mut older = session("older", 0, &["Order <*> done"]);
    decided(&mut older, "Order <*> done", Verdict::Keep, "a");
    let mut newer = session("newer", 2, &["Order <*> done"]);
    decided(&mut newer, "Order <*> done", Verdict::Noise, "b");
    let mut new = session("new", 3, &["Order <*> done"]);
    carry_over(&mut new, &[&newer, &older]);
    let d = new.decision(TemplateId::of_text("Order <*> done")).unwrap();
    assert_eq!(d.verdict, Some(Verdict::Noise));
    assert_eq!(d.carried_over.as_ref().unwrap().session, "newer");
}

#[test]
fn a_split_part_wins_over_the_template_it_was_split_from() {
    let mut old = session("old", 1, &["GET /health <*> in <*> ms"]);
    let parent = TemplateId::of_text("GET /health <*> in <*> ms");
    old.splits.push(lognoise_session::Split {
        template: parent,
        variable: 0,
        parts: vec![
            lognoise_session::SplitPart::of("GET /health <*> in <*> ms", 0, "503").unwrap(),
        ],
        by: None,
        at_ms: None,
    });
    decided(&mut old, "GET /health <*> in <*> ms", Verdict::Noise, "web");
    decided(
        &mut old,
        "GET /health 503 in <*> ms",
        Verdict::Signal,
        "web",
    );
    let mut new = session(
        "new",
        2,
        &["GET /health 503 in 5 ms", "GET /health 200 in 5 ms"],
    );
    carry_over(&mut new, &[&old]);
    assert_eq!(
        carried(&new, "GET /health 503 in 5 ms").map(|c| c.0),
        Some(Verdict::Signal)
    );
    assert_eq!(
        carried(&new, "GET /health 200 in 5 ms").map(|c| c.0),
        Some(Verdict::Noise)
    );
}
