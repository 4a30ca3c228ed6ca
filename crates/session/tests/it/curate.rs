//! The engine calls of the review meeting: merging many templates as one change, taking one
//! member out of a merge, checked labels, opening or creating the session, and adopting
//! templates imported after the session was created.

use super::queue::{workspace_one_hour, EXPIRED, FUNDS, HEALTH, ORDER};
use super::*;
use lognoise_session::{DecisionInput, DropRate, Error, Verdict, FIRST_SESSION};
use std::collections::BTreeMap;

/// Inode and length of the session file, which every save changes (a save renames a new file
/// over the old one).
fn saved(file: &SessionFile) -> (u64, u64) {
    let meta = std::fs::metadata(file.path()).unwrap();
    (std::os::unix::fs::MetadataExt::ino(&meta), meta.len())
}

#[test]
fn merging_many_is_one_change_all_or_nothing() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "merge-many", T0 + 2 * HOUR);
    let (expired, funds, order, health) = (
        id_of(&ws, EXPIRED),
        id_of(&ws, FUNDS),
        id_of(&ws, ORDER),
        id_of(&ws, HEALTH),
    );
    file.split(health, 0, &["200".into()]).unwrap();
    let before = saved(&file);
    // The split template cannot be merged, so nothing is: not even the members before it.
    let err = file
        .merge_all(expired, &[funds, order, health])
        .unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err}");
    assert!(file.session().merges.is_empty());
    assert_eq!(saved(&file), before, "a refused merge saves nothing");

    file.merge_all(expired, &[funds, order, funds]).unwrap();
    let again = SessionFile::open(file.path()).unwrap();
    let merge = again.session().merge_of(expired).unwrap();
    assert_eq!(merge.members, [funds, order], "each member once, in order");
    assert!(file.merge_all(expired, &[]).is_err());
    assert!(file.merge_all(expired, &[expired]).is_err());
}

#[test]
fn one_member_leaves_a_merge_and_the_others_stay() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "unmerge-one", T0 + 2 * HOUR);
    let (expired, funds, order) = (id_of(&ws, EXPIRED), id_of(&ws, FUNDS), id_of(&ws, ORDER));
    file.merge_all(expired, &[funds, order]).unwrap();
    file.unmerge_member(expired, funds).unwrap();
    let again = SessionFile::open(file.path()).unwrap();
    assert_eq!(again.session().merge_of(expired).unwrap().members, [order]);
    let err = file.unmerge_member(expired, funds).unwrap_err();
    assert!(err.to_string().contains("is not merged into"), "{err}");
    // Its last member gone, the merge goes.
    file.unmerge_member(expired, order).unwrap();
    assert!(file.session().merges.is_empty());
    assert!(file.unmerge(expired).is_err());
}

#[test]
fn labels_are_checked_whoever_decides() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "labels", T0 + 2 * HOUR);
    let funds = id_of(&ws, FUNDS);
    let decide = |file: &mut SessionFile, labels: &[(&str, &str)]| {
        file.decide(
            funds,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                labels: labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..DecisionInput::default()
            },
        )
    };
    decide(&mut file, &[("Env", " prod "), ("service", "checkout")]).unwrap();
    let d = file.session().decision(funds).unwrap().clone();
    assert_eq!(d.labels["environment"], "prod");
    assert_eq!(d.labels["service"], "checkout");
    for bad in [
        &[("a b", "x")][..],
        &[("9lives", "x")],
        &[("team", "a\nb")],
        &[("x=y", "v")],
    ] {
        let err = decide(&mut file, bad).unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{bad:?}: {err}");
    }
    let too_long = "x".repeat(201);
    assert!(decide(&mut file, &[("team", too_long.as_str())]).is_err());
    let many: BTreeMap<String, String> = (0..17).map(|i| (format!("k{i}"), "v".into())).collect();
    let err = file
        .decide(
            funds,
            DecisionInput {
                labels: many,
                ..DecisionInput::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("too many"), "{err}");
    // A refused decision leaves the one before it.
    let again = SessionFile::open(file.path()).unwrap();
    assert_eq!(again.session().decision(funds).unwrap().labels, d.labels);
}

#[test]
fn the_newest_session_is_opened_or_the_first_created() {
    let (_dir, ws) = workspace_one_hour();
    assert!(SessionFile::open_newest(&ws).unwrap().is_none());
    let first = SessionFile::open_or_create(&ws).unwrap();
    assert_eq!(first.session().name, FIRST_SESSION);
    // Created after the first (which is created now).
    new_session(&ws, "later", T0 + 100_000 * HOUR);
    let opened = SessionFile::open_or_create(&ws).unwrap();
    assert_eq!(opened.session().name, "later");
    assert_eq!(
        SessionFile::open_newest(&ws)
            .unwrap()
            .unwrap()
            .session()
            .name,
        "later"
    );
}

#[test]
fn templates_imported_later_are_adopted_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    import_hour(
        &mut ws,
        dir.path(),
        "a.log",
        T0,
        &super::queue::first_hour(),
    );
    let mut file = new_session(&ws, "adopt", T0 + 2 * HOUR);
    let funds = id_of(&ws, FUNDS);
    let before = saved(&file);
    assert_eq!(file.adopt_unseen(&ws, &[funds]).unwrap(), 0);
    assert_eq!(
        file.adopt_unseen(&ws, &[TemplateId::of_text("never seen anywhere")])
            .unwrap(),
        0,
        "an id the workspace does not have either is not unseen"
    );
    assert_eq!(saved(&file), before, "nothing to adopt saves nothing");
    import_hour(
        &mut ws,
        dir.path(),
        "b.log",
        T0 + HOUR,
        &super::queue::second_hour(),
    );
    let disk = id_of(&ws, super::queue::DISK);
    assert!(file.session().text_of(disk).is_none());
    assert!(file.adopt_unseen(&ws, &[disk]).unwrap() >= 1);
    assert!(file.session().text_of(disk).is_some());
    file.decide(disk, DecisionInput::default()).unwrap();
}

#[test]
fn a_noise_decision_may_keep_a_share_and_only_noise_carries_it() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "drop-rates", T0 + 2 * HOUR);
    let funds = id_of(&ws, FUNDS);
    let decide = |file: &mut SessionFile, verdict, drop_rate| {
        file.decide(
            funds,
            DecisionInput {
                verdict,
                drop_rate,
                ..DecisionInput::default()
            },
        )
    };
    decide(
        &mut file,
        Some(Verdict::Noise),
        Some(DropRate::KeepOneIn(100)),
    )
    .unwrap();
    let again = SessionFile::open(file.path()).unwrap();
    assert_eq!(
        again.session().decision(funds).unwrap().keep_one_in,
        Some(100)
    );
    // Deciding noise again without a rate keeps the rate; `All` clears it.
    decide(&mut file, Some(Verdict::Noise), None).unwrap();
    assert_eq!(
        file.session().decision(funds).unwrap().keep_one_in,
        Some(100)
    );
    decide(&mut file, Some(Verdict::Noise), Some(DropRate::All)).unwrap();
    assert_eq!(file.session().decision(funds).unwrap().keep_one_in, None);
    // Another verdict drops the rate with the noise.
    decide(
        &mut file,
        Some(Verdict::Noise),
        Some(DropRate::KeepOneIn(10)),
    )
    .unwrap();
    decide(&mut file, Some(Verdict::Keep), None).unwrap();
    assert_eq!(file.session().decision(funds).unwrap().keep_one_in, None);
    // A rate on anything but noise, or one no shipper can sample, is refused and saves nothing.
    let before = saved(&file);
    let err = decide(
        &mut file,
        Some(Verdict::Signal),
        Some(DropRate::KeepOneIn(10)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("a rate for noise"), "{err}");
    for n in [0, 1, DropRate::MAX_ONE_IN + 1] {
        let err = decide(
            &mut file,
            Some(Verdict::Noise),
            Some(DropRate::KeepOneIn(n)),
        )
        .unwrap_err();
        assert!(matches!(err, Error::BadDropRate(_)), "{n}: {err}");
    }
    assert_eq!(saved(&file), before);
    let again = SessionFile::open(file.path()).unwrap();
    assert_eq!(again.session().verdict_of(funds), Some(Verdict::Keep));
}
