//! The meeting summary, pinned as Markdown.

use super::queue::{workspace_one_hour, EXPIRED, FUNDS, HEALTH};
use super::*;
use lognoise_session::{summary, DecisionInput, DropRate, Verdict};

#[test]
fn the_summary_is_markdown_ready_to_paste() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "2026-03 Graph club", T0 + 2 * HOUR);
    let health = id_of(&ws, HEALTH);
    file.split(health, 0, &["200".into()]).unwrap();
    file.decide(
        TemplateId::of_text("GET /health 200 in <*> ms"),
        DecisionInput {
            verdict: Some(Verdict::Noise),
            owner: Some("platform".into()),
            labels: [
                ("env".into(), "prod".into()),
                ("service".into(), "web".into()),
            ]
            .into(),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    file.decide(
        health,
        DecisionInput {
            verdict: Some(Verdict::Signal),
            owner: Some("platform".into()),
            note: Some("alerts page on these".into()),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    file.merge(id_of(&ws, EXPIRED), id_of(&ws, FUNDS)).unwrap();
    file.decide(
        id_of(&ws, EXPIRED),
        DecisionInput {
            verdict: Some(Verdict::Noise),
            owner: Some("payments".into()),
            note: Some("declines are counted by a metric | see runbook".into()),
            ..DecisionInput::default()
        },
    )
    .unwrap();

    let s = summary(&ws, file.session()).unwrap();
    assert_eq!(s.noise, 2);
    assert_eq!(s.signal, 1);
    assert_eq!(s.decided, 3);
    assert_eq!(s.open_questions.len(), 1, "the order template");
    assert_eq!(s.saving_by_owner.len(), 2);
    let total: f64 = s.saving_by_owner.iter().map(|o| o.monthly_cost_usd).sum();
    assert!((total - s.monthly_saving_usd).abs() < 1e-9);
    assert_eq!(s.noise_events, 40 + 8);
    insta::assert_snapshot!(s.to_markdown());
}

#[test]
fn a_noise_template_kept_one_in_n_saves_only_what_is_dropped() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "rates", T0 + 2 * HOUR);
    let funds = id_of(&ws, FUNDS);
    let noise = |file: &mut SessionFile, drop_rate| {
        file.decide(
            funds,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                owner: Some("payments".into()),
                drop_rate,
                ..DecisionInput::default()
            },
        )
        .unwrap();
    };
    noise(&mut file, Some(DropRate::All));
    let all = summary(&ws, file.session()).unwrap();
    noise(&mut file, Some(DropRate::KeepOneIn(4)));
    let share = summary(&ws, file.session()).unwrap();
    assert!(all.monthly_saving_usd > 0.0);
    assert!((share.monthly_saving_usd - 0.75 * all.monthly_saving_usd).abs() < 1e-9);
    assert!((share.monthly_bytes_saved - 0.75 * all.monthly_bytes_saved).abs() < 1e-6);
    assert!((share.saving_by_owner[0].monthly_cost_usd - share.monthly_saving_usd).abs() < 1e-12);
    // The volume that is noise is the same; only the saving shrinks.
    assert_eq!(share.noise_bytes, all.noise_bytes);
    assert_eq!(share.decisions[0].keep_one_in, Some(4));
    assert!(
        share.to_markdown().contains("| noise, keep 1 in 4 |"),
        "{}",
        share.to_markdown()
    );
}

#[test]
fn noise_that_an_alarm_reads_is_named_in_the_summary() {
    use lognoise_dependents::{
        Alarm, Dependents, GroupDependents, LogsQuery, MetricFilter, MetricTarget,
    };
    let (_dir, ws) = workspace_one_hour();
    let mut d = Dependents::new("us-east-1", T0 + HOUR);
    d.groups.push(GroupDependents {
        log_group: "/ecs/payments".into(),
        metric_filters: vec![MetricFilter {
            name: "declines".into(),
            pattern: "\"Payment declined\"".into(),
            metrics: vec![MetricTarget {
                namespace: "Payments".into(),
                name: "Declines".into(),
                alarms: vec![Alarm {
                    name: "declines-high".into(),
                    ..Alarm::default()
                }],
            }],
            cross_check: None,
        }],
        // A query only run once: it does not break on a drop, so it is not named.
        queries: vec![LogsQuery {
            query: "filter @message like /insufficient/".into(),
            runs: 1,
            ..LogsQuery::default()
        }],
        ..GroupDependents::default()
    });
    d.groups.push(GroupDependents {
        log_group: "/ecs/web".into(),
        ..GroupDependents::default()
    });
    d.write(ws.root()).unwrap();
    let mut file = new_session(&ws, "2026-03 Graph club", T0 + 2 * HOUR);
    for (text, verdict) in [(FUNDS, Verdict::Noise), (HEALTH, Verdict::Noise)] {
        file.decide(
            id_of(&ws, text),
            DecisionInput {
                verdict: Some(verdict),
                ..DecisionInput::default()
            },
        )
        .unwrap();
    }
    let s = summary(&ws, file.session()).unwrap();
    assert!(s.readers_known);
    let read_by = |text: &str| {
        s.decisions
            .iter()
            .find(|r| r.text == text)
            .map(|r| r.read_by.clone())
            .unwrap()
    };
    assert_eq!(
        read_by(FUNDS),
        ["feeds metric Payments/Declines, alarm declines-high"]
    );
    assert!(read_by(HEALTH).is_empty());
    let md = s.to_markdown();
    assert!(
        md.contains("**1 noise template is read by an alarm's metric"),
        "{md}"
    );
    assert!(
        md.contains("read by: feeds metric Payments/Declines, alarm declines-high"),
        "{md}"
    );
}

#[test]
fn a_damaged_record_of_readers_leaves_the_summary_readable() {
    let (_dir, ws) = workspace_one_hour();
    std::fs::write(
        ws.root().join(lognoise_dependents::DEPENDENTS_FILE),
        b"{not json",
    )
    .unwrap();
    let mut file = new_session(&ws, "2026-03 Graph club", T0 + 2 * HOUR);
    file.decide(
        id_of(&ws, FUNDS),
        DecisionInput {
            verdict: Some(Verdict::Noise),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let s = summary(&ws, file.session()).unwrap();
    assert!(!s.readers_known);
    assert!(s.decisions.iter().all(|d| d.read_by.is_empty()));
    assert!(s.to_markdown().contains("is not known"));
}
