//! Property tests: any session survives its JSON file unchanged, and every decision made through
//! a session file is in the file when it is opened again.

use super::*;
use lognoise_session::{
    from_json, to_json, CarriedOver, CarryMatch, Decision, DecisionInput, Merge, SeenTemplate,
    Session, SessionSample, Split, SplitPart, Verdict, SESSION_SCHEMA,
};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,24}",
        "[a-z]{1,8}( <\\*>| [a-z]{1,8}){0,5}",
        Just("{\"msg\":\"a\\\\\"quoted\\\" <*>\",\"n\":1}".to_string()),
        Just("tab\there\nnew line \u{0}\u{1b}[0m ✓".to_string()),
    ]
}

fn id() -> impl Strategy<Value = TemplateId> {
    any::<u64>().prop_map(TemplateId)
}

fn verdict() -> impl Strategy<Value = Verdict> {
    prop_oneof![
        Just(Verdict::Noise),
        Just(Verdict::Keep),
        Just(Verdict::Signal)
    ]
}

fn decision() -> impl Strategy<Value = Decision> {
    (
        option::of(verdict()),
        option::of(text()),
        option::of(text()),
        btree_map(text(), text(), 0..4),
        option::of(text()),
        option::of(any::<i64>()),
        option::of((text(), id(), text(), 0..3u8)),
        option::of(2u32..1_000_000),
    )
        .prop_map(
            |(verdict, owner, note, labels, decided_by, decided_at_ms, carried, keep_one_in)| {
                Decision {
                    verdict,
                    owner,
                    note,
                    labels,
                    keep_one_in,
                    decided_by,
                    decided_at_ms,
                    carried_over: carried.map(|(session, template_id, template_text, how)| {
                        CarriedOver {
                            session,
                            template_id,
                            template_text,
                            matched_by: [
                                CarryMatch::SameId,
                                CarryMatch::SameNormalizedText,
                                CarryMatch::Narrower,
                            ][how as usize],
                        }
                    }),
                }
            },
        )
}

fn sample() -> impl Strategy<Value = SessionSample> {
    (
        vec(text(), 0..4),
        option::of(any::<i64>()),
        option::of(any::<i64>()),
        (f64::MIN_POSITIVE..=1.0f64),
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
    )
        .prop_map(
            |(
                log_groups,
                window_start_ms,
                window_end_ms,
                sampling_ratio,
                events,
                bytes,
                generation,
            )| {
                SessionSample {
                    log_groups,
                    log_classes: Default::default(),
                    group_scales: Default::default(),
                    billing: Default::default(),
                    window_start_ms,
                    window_end_ms,
                    sampling_ratio,
                    events,
                    bytes,
                    workspace_generation: generation,
                }
            },
        )
}

fn session() -> impl Strategy<Value = Session> {
    (
        text(),
        any::<i64>(),
        vec(text(), 0..4),
        sample(),
        (0.0..1e6f64),
        option::of(text()),
        btree_map(
            id(),
            (text(), any::<u64>(), any::<u64>()).prop_map(|(text, count, bytes)| SeenTemplate {
                text,
                count,
                bytes,
                by_group: Default::default(),
            }),
            0..8,
        ),
        btree_map(id(), decision(), 0..8),
        vec(
            (
                id(),
                vec(id(), 1..3),
                option::of(text()),
                option::of(any::<i64>()),
            )
                .prop_map(|(into, members, by, at_ms)| Merge {
                    into,
                    members,
                    by,
                    at_ms,
                }),
            0..3,
        ),
        vec(
            (id(), "[a-z]{1,6} <\\*> [a-z]{1,6}", vec(text(), 1..3)).prop_map(
                |(template, t, values)| Split {
                    template,
                    variable: 0,
                    parts: values
                        .iter()
                        .filter_map(|v| SplitPart::of(&t, 0, v))
                        .collect(),
                    by: None,
                    at_ms: None,
                },
            ),
            0..3,
        ),
    )
        .prop_map(
            |(
                name,
                created_at_ms,
                reviewers,
                sample,
                price,
                previous,
                templates,
                decisions,
                merges,
                splits,
            )| {
                Session {
                    schema: SESSION_SCHEMA.to_string(),
                    name,
                    created_at_ms,
                    reviewers,
                    sample,
                    price_per_gb_usd: price,
                    infrequent_access_price_per_gb_usd: None,
                    storage_price_per_gb_month_usd: None,
                    insights_price_per_gb_usd: None,
                    ingestion_only: false,
                    previous,
                    templates,
                    decisions,
                    merges,
                    splits,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_session_survives_its_file(s in session()) {
        let bytes = to_json(&s).unwrap();
        let back = from_json(std::path::Path::new("s.json"), &bytes).unwrap();
        prop_assert_eq!(&back, &s);
        // Printing again gives the same bytes: the file diffs only where the session changed.
        prop_assert_eq!(to_json(&back).unwrap(), bytes);
    }

    #[test]
    fn every_decision_made_is_in_the_file(
        ops in vec((0..12usize, option::of(verdict()), option::of("[a-z ]{0,12}"), option::of("[a-z]{1,6}")), 1..25)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let texts: Vec<String> = (0..12).map(|i| format!("template {i} <*>")).collect();
        let mut s = seed_session(&texts);
        s.name = "props".into();
        std::fs::write(&path, to_json(&s).unwrap()).unwrap();
        let mut file = SessionFile::open(&path).unwrap();
        let mut expected: BTreeMap<TemplateId, Expected> = BTreeMap::new();
        for (k, verdict, note, owner) in ops {
            let id = TemplateId::of_text(&texts[k]);
            file.decide(id, DecisionInput {
                verdict,
                note: note.clone(),
                owner: owner.clone(),
                decided_by: Some("prop".into()),
                ..DecisionInput::default()
            }).unwrap();
            let e = expected.entry(id).or_default();
            e.0 = verdict;
            if let Some(n) = note {
                let n = n.trim().to_string();
                e.1 = (!n.is_empty()).then_some(n);
            }
            if let Some(o) = owner {
                e.2 = Some(o);
            }
            // Reopened after every change: each decision is on disk as soon as decide returns.
            let reopened = SessionFile::open(&path).unwrap();
            let d = reopened.session().decision(id).unwrap();
            prop_assert_eq!(d.verdict, e.0);
        }
        let reopened = SessionFile::open(&path).unwrap();
        prop_assert_eq!(reopened.session().decisions.len(), expected.len());
        for (id, (verdict, note, owner)) in expected {
            let d = reopened.session().decision(id).unwrap();
            prop_assert_eq!(d.verdict, verdict);
            prop_assert_eq!(&d.note, &note);
            prop_assert_eq!(&d.owner, &owner);
            prop_assert_eq!(d.decided_by.as_deref(), Some("prop"));
        }
    }
}

/// Verdict, note and owner a template should have.
type Expected = (Option<Verdict>, Option<String>, Option<String>);

/// A session with these templates and no decisions, as a file would hold it.
pub fn seed_session(texts: &[String]) -> Session {
    Session {
        schema: SESSION_SCHEMA.to_string(),
        name: "seed".into(),
        created_at_ms: T0,
        reviewers: vec!["ana".into()],
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
        templates: texts
            .iter()
            .map(|t| {
                (
                    TemplateId::of_text(t),
                    SeenTemplate {
                        text: t.clone(),
                        count: 1,
                        bytes: t.len() as u64,
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
