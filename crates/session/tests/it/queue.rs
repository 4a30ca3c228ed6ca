//! The review queue: orders, monthly figures, growth against the previous session, log groups,
//! merged and split templates.

use super::*;
use lognoise_session::{
    queue, DecisionInput, Error, QueueOrder, QueueRow, RowKind, SessionFile, Verdict,
};
use tempfile::TempDir;

pub const HEALTH: &str = "GET /health <*> in <*> ms";
pub const ORDER: &str = "Order <*> persisted in <*> ms";
pub const EXPIRED: &str = "Payment declined for user <*>: card expired at the gateway after <*> retries, customer notified by e-mail and order kept open for the next attempt, see the payment provider dashboard for the decline code and the issuer response, and the fraud score computed for this card";
pub const FUNDS: &str = "Payment declined for user <*>: insufficient funds";
pub const DISK: &str = "disk full on <*>";

/// First hour: many short health checks, fewer orders, a few long payment lines.
pub fn first_hour() -> Vec<Line<'static>> {
    let mut l = Vec::new();
    for i in 0..40 {
        l.push(("/ecs/web", format!("GET /health 200 in {} ms", i % 7 + 1)));
    }
    for i in 0..10 {
        l.push(("/ecs/web", format!("GET /health 503 in {} ms", i % 5 + 20)));
    }
    for i in 0..10 {
        l.push((
            "/ecs/orders",
            format!("Order ord_{:06x} persisted in {} ms", 0xa000 + i, 10 + i),
        ));
    }
    for i in 0..5 {
        l.push((
            "/ecs/payments",
            EXPIRED
                .replacen("<*>", &format!("{}", 100 + i), 1)
                .replacen("<*>", &format!("{}", 3 + i), 1),
        ));
    }
    for i in 0..3 {
        l.push((
            "/ecs/payments",
            format!("Payment declined for user {}: insufficient funds", 200 + i),
        ));
    }
    l
}

/// Second hour: as many health checks, four times the payments, no orders, and a new message.
pub fn second_hour() -> Vec<Line<'static>> {
    let mut l = Vec::new();
    for i in 0..40 {
        l.push(("/ecs/web", format!("GET /health 200 in {} ms", i % 7 + 1)));
    }
    for i in 0..10 {
        l.push(("/ecs/web", format!("GET /health 503 in {} ms", i % 5 + 20)));
    }
    for i in 0..20 {
        l.push((
            "/ecs/payments",
            EXPIRED
                .replacen("<*>", &format!("{}", 300 + i), 1)
                .replacen("<*>", &format!("{}", 3 + i % 4), 1),
        ));
    }
    for i in 0..3 {
        l.push((
            "/ecs/payments",
            format!("Payment declined for user {}: insufficient funds", 400 + i),
        ));
    }
    for i in 0..3 {
        l.push(("/ecs/db", format!("disk full on /dev/xvda{}", i + 1)));
    }
    l
}

pub fn workspace_one_hour() -> (TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    import_hour(&mut ws, dir.path(), "h1.jsonl", T0, &first_hour());
    (dir, ws)
}

fn texts(rows: &[QueueRow]) -> Vec<&str> {
    rows.iter().map(|r| r.text.as_str()).collect()
}

fn row<'a>(rows: &'a [QueueRow], text: &str) -> &'a QueueRow {
    rows.iter()
        .find(|r| r.text == text)
        .unwrap_or_else(|| panic!("no row {text:?} in {:?}", texts(rows)))
}

#[test]
fn volume_and_cost_orders_differ_when_lines_differ_in_length() {
    let (_dir, ws) = workspace_one_hour();
    let file = new_session(&ws, "first", T0 + 2 * HOUR);
    let s = file.session();
    assert_eq!(s.sample.window_ms(), Some(HOUR));
    assert_eq!(s.sample.sampling_ratio, 1.0);
    assert_eq!(
        s.sample.log_groups,
        ["/ecs/orders", "/ecs/payments", "/ecs/web"]
    );

    let by_volume = queue(&ws, s, QueueOrder::Volume).unwrap();
    assert_eq!(texts(&by_volume), [HEALTH, ORDER, EXPIRED, FUNDS]);
    let by_cost = queue(&ws, s, QueueOrder::Cost).unwrap();
    assert_eq!(texts(&by_cost), [EXPIRED, HEALTH, ORDER, FUNDS]);
    assert!(by_cost
        .windows(2)
        .all(|w| w[0].monthly_cost_usd >= w[1].monthly_cost_usd));

    // One hour of the whole volume, extrapolated to 730 hours, at $0.50 per 2^30 bytes.
    let expired = row(&by_cost, EXPIRED);
    assert_eq!(expired.count, 5);
    assert_eq!(expired.monthly_bytes, expired.bytes as f64 * 730.0);
    let cost = expired.bytes as f64 * 730.0 / (1u64 << 30) as f64 * 0.5;
    assert!((expired.monthly_cost_usd - cost).abs() < 1e-12);
    assert_eq!(expired.log_groups.len(), 1);
    assert_eq!(expired.log_groups[0].group, "/ecs/payments");
    assert_eq!(expired.log_groups[0].count, 5);
    assert_eq!(expired.series.iter().sum::<u64>(), 5);
    // No previous session: nothing is new, nothing grows.
    assert!(by_cost.iter().all(|r| !r.is_new && r.growth.is_none()));
    let shares: f64 = by_cost.iter().map(|r| r.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
}

#[test]
fn growth_and_new_orders_compare_with_the_previous_session() {
    let (dir, mut ws) = workspace_one_hour();
    new_session(&ws, "first", T0 + HOUR);
    import_hour(&mut ws, dir.path(), "h2.jsonl", T0 + HOUR, &second_hour());
    let file = new_session(&ws, "second", T0 + 2 * HOUR);
    let s = file.session();
    assert_eq!(s.previous.as_deref(), Some("first"));
    assert_eq!(s.sample.window_ms(), Some(2 * HOUR));

    let rows = queue(&ws, s, QueueOrder::Growth).unwrap();
    assert_eq!(texts(&rows), [DISK, EXPIRED, HEALTH, FUNDS, ORDER]);
    assert!(row(&rows, DISK).is_new);
    assert_eq!(row(&rows, DISK).growth, None);
    let growth = |t: &str| row(&rows, t).growth.unwrap();
    // The same rate per hour is no growth; 25 lines in two hours against 5 in one is +150%.
    assert!(growth(HEALTH).abs() < 1e-9, "{}", growth(HEALTH));
    assert!(growth(FUNDS).abs() < 1e-9, "{}", growth(FUNDS));
    let expired = row(&rows, EXPIRED);
    let before = 5.0;
    let now = 25.0 / 2.0;
    // Lines differ slightly in length (user ids and retries), so compare with bytes, not lines.
    assert!((expired.growth.unwrap() - (now / before - 1.0)).abs() < 0.05);
    assert!((growth(ORDER) + 0.5).abs() < 1e-9, "{}", growth(ORDER));

    let new_first = queue(&ws, s, QueueOrder::New).unwrap();
    assert_eq!(new_first[0].text, DISK);
    assert!(new_first[1..].iter().all(|r| !r.is_new));
    assert!(new_first[1..]
        .windows(2)
        .all(|w| w[0].monthly_cost_usd >= w[1].monthly_cost_usd));
}

#[test]
fn merged_templates_are_one_row_with_one_decision() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "merge", T0 + 2 * HOUR);
    let (expired, funds) = (id_of(&ws, EXPIRED), id_of(&ws, FUNDS));
    file.decide(
        funds,
        DecisionInput {
            verdict: Some(Verdict::Keep),
            owner: Some("payments".into()),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    file.merge(expired, funds).unwrap();
    let s = file.session();
    // The member's decision moved to the merge.
    assert_eq!(s.verdict_of(funds), Some(Verdict::Keep));
    assert_eq!(
        s.decision(expired).unwrap().owner.as_deref(),
        Some("payments")
    );
    assert!(s.decision(funds).is_none());
    let err = file.decide(funds, DecisionInput::default()).unwrap_err();
    assert!(matches!(err, Error::MergedMember { .. }), "{err}");

    let rows = queue(&ws, file.session(), QueueOrder::Volume).unwrap();
    assert_eq!(rows.len(), 3);
    let merged = row(&rows, EXPIRED);
    assert_eq!(merged.kind, RowKind::Merged);
    assert_eq!(merged.members, [funds]);
    assert_eq!(merged.count, 8);
    assert_eq!(merged.log_groups[0].count, 8);
    assert_eq!(merged.series.iter().sum::<u64>(), 8);
    assert_eq!(
        merged.decision.as_ref().unwrap().verdict,
        Some(Verdict::Keep)
    );
    // Rules are built for both texts.
    let decided = file.session().decided_templates();
    let mut ids: Vec<_> = decided.iter().map(|d| (d.id, d.merged_into)).collect();
    ids.sort();
    let mut want = vec![(expired, None), (funds, Some(expired))];
    want.sort();
    assert_eq!(ids, want);

    // Merging into a member, or a template with itself, is refused.
    assert!(file.merge(funds, id_of(&ws, ORDER)).is_err());
    assert!(file.merge(expired, expired).is_err());
    file.unmerge(expired).unwrap();
    assert_eq!(
        queue(&ws, file.session(), QueueOrder::Volume)
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn split_parts_get_the_id_of_their_text_and_their_own_decisions() {
    let (_dir, ws) = workspace_one_hour();
    let mut file = new_session(&ws, "split", T0 + 2 * HOUR);
    let health = id_of(&ws, HEALTH);
    file.split(health, 0, &["200".into(), "503".into()])
        .unwrap();
    let ok = TemplateId::of_text("GET /health 200 in <*> ms");
    let failing = TemplateId::of_text("GET /health 503 in <*> ms");
    let split = file.session().split_of(health).unwrap();
    assert_eq!(
        split.parts.iter().map(|p| p.id).collect::<Vec<_>>(),
        [ok, failing]
    );
    let noise = DecisionInput {
        verdict: Some(Verdict::Noise),
        owner: Some("platform".into()),
        ..DecisionInput::default()
    };
    file.decide(ok, noise).unwrap();
    file.decide(
        failing,
        DecisionInput {
            verdict: Some(Verdict::Signal),
            ..DecisionInput::default()
        },
    )
    .unwrap();

    let rows = queue(&ws, file.session(), QueueOrder::Volume).unwrap();
    let part = row(&rows, "GET /health 200 in <*> ms");
    assert_eq!(part.kind, RowKind::SplitPart);
    assert_eq!(part.count, 40);
    assert!(!part.estimated, "two values are counted exactly");
    assert_eq!(part.split_of, Some(health));
    assert_eq!(
        part.decision.as_ref().unwrap().verdict,
        Some(Verdict::Noise)
    );
    assert_eq!(row(&rows, "GET /health 503 in <*> ms").count, 10);
    // Every line is 200 or 503: no rest to review.
    assert!(
        rows.iter().all(|r| r.kind != RowKind::SplitRest),
        "{:?}",
        texts(&rows)
    );
    let total: u64 = rows.iter().map(|r| r.count).sum();
    assert_eq!(total, ws.manifest().events);

    // The parent's rule must leave its parts' lines alone.
    file.decide(
        health,
        DecisionInput {
            verdict: Some(Verdict::Noise),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let decided = file.session().decided_templates();
    let parent = decided.iter().find(|d| d.id == health).unwrap();
    assert_eq!(
        parent.except,
        ["GET /health 200 in <*> ms", "GET /health 503 in <*> ms"]
    );

    // A variable the template does not have is refused with its count.
    let err = file.split(health, 2, &["x".into()]).unwrap_err();
    assert!(err.to_string().contains("has 2 variable(s)"), "{err}");
    file.unsplit(health).unwrap();
    assert!(file.session().decision(ok).is_none());
}

#[test]
fn decisions_are_on_disk_when_decide_returns_and_other_writers_are_not_overwritten() {
    let (_dir, ws) = workspace_one_hour();
    let mut app = new_session(&ws, "both", T0 + 2 * HOUR);
    let mut cli = SessionFile::open(app.path()).unwrap();
    let (health, order) = (id_of(&ws, HEALTH), id_of(&ws, ORDER));
    app.decide(
        health,
        DecisionInput {
            verdict: Some(Verdict::Noise),
            note: Some("load balancer checks".into()),
            labels: [("env".to_string(), "prod".to_string())].into(),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    // The other handle read the file before that decision; its change must keep it.
    cli.decide(
        order,
        DecisionInput {
            verdict: Some(Verdict::Keep),
            decided_by: Some("bo".into()),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let on_disk = SessionFile::open(app.path()).unwrap();
    let s = on_disk.session();
    assert_eq!(s.verdict_of(health), Some(Verdict::Noise));
    assert_eq!(s.verdict_of(order), Some(Verdict::Keep));
    let d = s.decision(health).unwrap();
    assert_eq!(d.labels["environment"], "prod");
    assert_eq!(d.decided_by.as_deref(), Some("ana"));
    assert_eq!(s.decision(order).unwrap().decided_by.as_deref(), Some("bo"));

    // Changing the verdict keeps the note; an empty note removes it; undecided is a verdict of none.
    app.decide(
        health,
        DecisionInput {
            verdict: None,
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let d = app.session().decision(health).unwrap();
    assert_eq!(d.verdict, None);
    assert_eq!(d.note.as_deref(), Some("load balancer checks"));
    app.decide(
        health,
        DecisionInput {
            verdict: Some(Verdict::Keep),
            note: Some(String::new()),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    assert_eq!(app.session().decision(health).unwrap().note, None);

    let unknown = app
        .decide(TemplateId(42), DecisionInput::default())
        .unwrap_err();
    assert!(matches!(unknown, Error::UnknownTemplate(_)), "{unknown}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(app.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir = std::fs::metadata(app.path().parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir & 0o777, 0o700);
    }
}

#[test]
fn session_names_are_unique_and_listed_oldest_first() {
    let (_dir, ws) = workspace_one_hour();
    new_session(&ws, "2026-03 Graph club", T0 + 2 * HOUR);
    new_session(&ws, "2026-02 Graph club", T0 + HOUR);
    let again = SessionFile::create(
        &ws,
        lognoise_session::NewSession {
            name: "2026-03 graph CLUB".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(again, Error::SessionExists { .. }), "{again}");
    let all = lognoise_session::list_sessions(&ws).unwrap();
    let names: Vec<&str> = all.iter().map(|s| s.session.name.as_str()).collect();
    assert_eq!(names, ["2026-02 Graph club", "2026-03 Graph club"]);
    assert!(all[1].path.ends_with("sessions/2026-03-graph-club.json"));
    let by_slug = SessionFile::open_named(&ws, "2026-03-graph-club").unwrap();
    assert_eq!(by_slug.session().name, "2026-03 Graph club");
    assert!(SessionFile::open_named(&ws, "nope").is_err());
}
