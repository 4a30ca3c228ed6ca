//! Last meeting's rules checked on a sample a week later (issue 15): what was dropped, what
//! leaks and where, which kept template shrank, and the saving per owner against the projection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_index::{import, ImportOptions};
use lognoise_miner::TemplateId;
use lognoise_rules::verify;
use lognoise_session::{DecisionInput, NewSession, SessionFile, Verdict};
use lognoise_workspace::Workspace;
use std::io::Write;
use std::path::Path;

const DAY_MS: i64 = 86_400_000;
const WEEK1: i64 = 1_772_409_600_000;

/// A day of two services as CloudWatch JSON lines, from `start_ms`: per group `(group, how many
/// cache lines, how many order lines)`; every group has 10 payment errors.
fn day(
    dir: &Path,
    name: &str,
    start_ms: i64,
    groups: &[(&str, usize, usize)],
) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut lines: Vec<(&str, String)> = Vec::new();
    for &(group, cache, orders) in groups {
        for i in 0..cache {
            lines.push((
                group,
                format!("cache refreshed for tenant t{} in {} ms", i % 37, i % 9),
            ));
        }
        for i in 0..orders {
            lines.push((
                group,
                format!("Order ord_{:06x} persisted in {} ms", i * 7919, i % 50),
            ));
        }
        for i in 0..10 {
            lines.push((
                group,
                format!("ERROR Payment declined for user {i} code 51"),
            ));
        }
    }
    // Spread over the day, so that both samples span a day whatever their size.
    let step = DAY_MS / lines.len() as i64;
    let mut f = std::fs::File::create(&path).unwrap();
    for (i, (group, message)) in lines.into_iter().enumerate() {
        let t = start_ms + i as i64 * step;
        let event = serde_json::json!({"timestamp": t, "logGroup": group, "logStream": "s", "message": message});
        writeln!(f, "{event}").unwrap();
    }
    path
}

fn workspace(dir: &Path, name: &str, file: &Path) -> Workspace {
    let mut ws = Workspace::open_or_create(&dir.join(name)).unwrap();
    import(
        &mut ws,
        &[file.to_path_buf()],
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    ws
}

fn id_of(ws: &Workspace, prefix: &str) -> TemplateId {
    ws.templates()
        .templates()
        .iter()
        .find(|t| t.text.starts_with(prefix))
        .unwrap_or_else(|| panic!("no template starting {prefix:?}"))
        .id
}

#[test]
fn rules_deployed_in_one_group_leak_in_the_other_and_a_kept_template_that_shrank_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let before = day(
        dir.path(),
        "week1.jsonl",
        WEEK1,
        &[("/ecs/web", 300, 100), ("/ecs/batch", 100, 100)],
    );
    // A week later: the cache rule was deployed for /ecs/web only (/ecs/batch still ships 100),
    // and the kept order lines shrank to a tenth in /ecs/web.
    let after = day(
        dir.path(),
        "week2.jsonl",
        WEEK1 + 7 * DAY_MS,
        &[("/ecs/web", 0, 10), ("/ecs/batch", 100, 100)],
    );
    let ws1 = workspace(dir.path(), "ws1", &before);
    let cache = id_of(&ws1, "cache refreshed");
    let orders = id_of(&ws1, "Order");
    let mut session = SessionFile::create(
        &ws1,
        NewSession {
            name: "weekly".into(),
            fresh: true,
            ..Default::default()
        },
    )
    .unwrap();
    for (id, verdict, owner) in [
        (cache, Verdict::Noise, "platform"),
        (orders, Verdict::Keep, "orders"),
    ] {
        session
            .decide(
                id,
                DecisionInput {
                    verdict: Some(verdict),
                    owner: Some(owner.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let ws2 = workspace(dir.path(), "ws2", &after);

    let v = verify(&ws1, session.session(), &ws2, None).unwrap();
    assert_eq!(v.previous, "weekly");
    assert_eq!(v.events_now, 10 + 10 + 100 + 100 + 10);
    assert!(v.priced);
    assert_eq!(v.rules.len(), 1);
    let rule = &v.rules[0];
    assert_eq!(rule.owner.as_deref(), Some("platform"));
    assert_eq!((rule.then.lines, rule.now.lines), (400, 100));
    assert_eq!(rule.expected_drop, 1.0);
    // Both samples span about a day, so the monthly bytes follow the lines: 3 in 4 are gone.
    let observed = rule.observed_drop.unwrap();
    assert!((observed - 0.75).abs() < 0.02, "{observed}");
    assert_eq!(rule.leaks.len(), 1);
    assert_eq!(rule.leaks[0].log_group.as_deref(), Some("/ecs/batch"));
    assert_eq!(rule.leaks[0].volume.lines, 100);
    assert!(rule.leaks[0].examples[0].starts_with("cache refreshed"));

    // Orders: 200 lines then, 110 now over a span of similar length: not below half. The
    // payment errors were never decided.
    assert!(v.shrunk.is_empty(), "{:?}", v.shrunk);

    let owner = &v.owners[0];
    assert_eq!(owner.owner.as_deref(), Some("platform"));
    assert!(owner.projected_usd > owner.realised_usd);
    assert!(owner.realised_usd > 0.0);
    assert_eq!(v.total.projected_usd, owner.projected_usd);

    // The summary's section says the same in Markdown.
    let md = v.to_markdown();
    assert!(md.starts_with("## Last meeting's rules\n"), "{md}");
    assert!(
        md.contains(&format!(
            "- Realised saving: **${} a month** of ${} projected.",
            lognoise_session::format_usd(v.total.realised_usd),
            lognoise_session::format_usd(v.total.projected_usd)
        )),
        "{md}"
    );
    assert!(md.contains("- 1 of 1 rules still match lines here"), "{md}");
    assert!(md.contains("| platform |"), "{md}");
    assert!(
        md.contains("| 100% | 75% | /ecs/batch (100 lines) |")
            || md.contains("| 100% | 76% | /ecs/batch (100 lines) |")
            || md.contains("| 100% | 74% | /ecs/batch (100 lines) |"),
        "{md}"
    );
    assert!(md.contains("- 0 kept or signal templates shrank"), "{md}");
}

#[test]
fn a_kept_template_that_fell_below_half_is_shrunk_and_an_empty_rule_set_checks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = day(dir.path(), "a.jsonl", WEEK1, &[("/ecs/web", 0, 200)]);
    let after = day(
        dir.path(),
        "b.jsonl",
        WEEK1 + 7 * DAY_MS,
        &[("/ecs/web", 0, 20)],
    );
    let ws1 = workspace(dir.path(), "ws1", &before);
    let orders = id_of(&ws1, "Order");
    let mut session = SessionFile::create(
        &ws1,
        NewSession {
            name: "weekly".into(),
            fresh: true,
            ..Default::default()
        },
    )
    .unwrap();
    session
        .decide(
            orders,
            DecisionInput {
                verdict: Some(Verdict::Signal),
                ..Default::default()
            },
        )
        .unwrap();
    let ws2 = workspace(dir.path(), "ws2", &after);
    let v = verify(&ws1, session.session(), &ws2, Some(0.25)).unwrap();
    assert!(v.rules.is_empty());
    assert_eq!(v.total.projected_usd, 0.0);
    assert_eq!(v.shrunk.len(), 1);
    let s = &v.shrunk[0];
    assert_eq!((s.template_id, s.verdict.as_str()), (orders, "signal"));
    assert_eq!((s.then.lines, s.now.lines), (200, 20));
    let md = v.to_markdown();
    assert!(
        md.contains("marked no template noise: no rule to check"),
        "{md}"
    );
}

/// Imports `file` as a day's sample of its two groups, `/ecs/batch` in the Infrequent Access
/// class, nothing scaled (the stored bytes are what the file holds).
fn classed_workspace(dir: &Path, name: &str, file: &Path, start_ms: i64) -> Workspace {
    let description = format!(
        r#"{{"window": {{"start": {start_ms}, "end": {}}},
            "log_groups": [
              {{"name": "/ecs/web", "log_class": "STANDARD"}},
              {{"name": "/ecs/batch", "log_class": "INFREQUENT_ACCESS"}}
            ]}}"#,
        start_ms + DAY_MS
    );
    let mut ws = Workspace::open_or_create(&dir.join(name)).unwrap();
    let options = ImportOptions {
        sample: Some(lognoise_workspace::SampleDescription::parse(description.as_bytes()).unwrap()),
        ..ImportOptions::default()
    };
    import(&mut ws, &[file.to_path_buf()], &options, &mut |_| {}).unwrap();
    ws
}

/// Both sides of the verification price each log group at its class, as the queue did when
/// the room decided: a leak in an Infrequent Access group costs the Infrequent Access price.
#[test]
fn last_meeting_is_priced_per_log_group_at_its_class() {
    let dir = tempfile::tempdir().unwrap();
    let groups = [("/ecs/web", 300, 100), ("/ecs/batch", 100, 100)];
    let before = day(dir.path(), "week1.jsonl", WEEK1, &groups);
    let after = day(
        dir.path(),
        "week2.jsonl",
        WEEK1 + 7 * DAY_MS,
        &[("/ecs/web", 0, 100), ("/ecs/batch", 100, 100)],
    );
    let ws1 = classed_workspace(dir.path(), "ws1", &before, WEEK1);
    let cache = id_of(&ws1, "cache refreshed");
    let mut session = SessionFile::create(
        &ws1,
        NewSession {
            name: "weekly".into(),
            fresh: true,
            ..Default::default()
        },
    )
    .unwrap();
    session
        .decide(
            cache,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                ..Default::default()
            },
        )
        .unwrap();
    let seen = &session.session().templates[&cache];
    assert_eq!(seen.by_group.len(), 2, "{:?}", seen.by_group);
    let ws2 = classed_workspace(dir.path(), "ws2", &after, WEEK1 + 7 * DAY_MS);
    let v = verify(&ws1, session.session(), &ws2, None).unwrap();
    let rule = &v.rules[0];
    let month = |bytes: u64, price: f64| {
        bytes as f64 * lognoise_session::MONTH_MS as f64 / DAY_MS as f64 / lognoise_session::GB
            * price
    };
    let (web, batch) = (seen.by_group["/ecs/web"], seen.by_group["/ecs/batch"]);
    let then = rule.then.monthly_cost_usd.unwrap();
    assert!(
        (then - (month(web, 0.5) + month(batch, 0.25))).abs() < 1e-9,
        "{then}"
    );
    let leak = &rule.leaks[0];
    assert_eq!(leak.log_group.as_deref(), Some("/ecs/batch"));
    let leak_bytes = leak.volume.monthly_bytes.unwrap();
    let leak_cost = leak.volume.monthly_cost_usd.unwrap();
    assert!(
        (leak_cost - leak_bytes / lognoise_session::GB * 0.25).abs() < 1e-9,
        "{leak_cost} for {leak_bytes} bytes"
    );
}
