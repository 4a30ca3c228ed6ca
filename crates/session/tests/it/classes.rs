//! Pricing by log class: a workspace whose sample description gives one Standard and one
//! Infrequent Access group, and the queue and the summary pricing each group's bytes at its
//! class.

use super::*;
use lognoise_index::{import, ImportOptions};
use lognoise_session::{
    queue, summary, DecisionInput, NewSession, QueueOrder, SessionFile, Verdict, GB, MONTH_MS,
};
use lognoise_workspace::SampleDescription;
use tempfile::TempDir;

const NOISE: &str = "cache miss for key <*>";

/// One template with 30 lines in a Standard group and 10 in an Infrequent Access one, and a
/// template only in the Infrequent Access group; the window is the hour, nothing scaled.
fn two_class_workspace() -> (TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let mut text = String::new();
    let mut n = 0;
    let mut line = |group: &str, message: String| {
        let event = serde_json::json!({
            "timestamp": T0 + n * 1000,
            "logGroup": group,
            "logStream": "s1",
            "message": message,
        });
        n += 1;
        writeln!(text, "{event}").unwrap();
    };
    for i in 0..30 {
        line("/ecs/web", format!("cache miss for key k{:04}", 1000 + i));
    }
    for i in 0..10 {
        line("flow", format!("cache miss for key k{:04}", 2000 + i));
    }
    for i in 0..20 {
        line(
            "flow",
            format!("flow accepted from 10.0.0.{i} port {}", 40000 + i),
        );
    }
    let path = dir.path().join("two.jsonl");
    std::fs::write(&path, text).unwrap();
    let description = format!(
        r#"{{"window": {{"start": {T0}, "end": {}}},
            "log_groups": [
              {{"name": "/ecs/web", "log_class": "STANDARD"}},
              {{"name": "flow", "log_class": "INFREQUENT_ACCESS"}}
            ]}}"#,
        T0 + HOUR
    );
    let options = ImportOptions {
        sample: Some(SampleDescription::parse(description.as_bytes()).unwrap()),
        ..ImportOptions::default()
    };
    import(&mut ws, &[path], &options, &mut |_| {}).unwrap();
    (dir, ws)
}

fn session(ws: &Workspace, ia_price: Option<f64>) -> SessionFile {
    let mut file = SessionFile::create(
        ws,
        NewSession {
            name: "classes".into(),
            created_at_ms: Some(T0 + 2 * HOUR),
            infrequent_access_price_per_gb_usd: ia_price,
            ..NewSession::default()
        },
    )
    .unwrap();
    file.set_actor("ana");
    file
}

/// Monthly cost of `bytes` sampled in the hour at `price` per GB.
fn month(bytes: u64, price: f64) -> f64 {
    bytes as f64 * (MONTH_MS / HOUR) as f64 / GB * price
}

#[test]
fn the_queue_prices_a_template_at_each_of_its_groups_classes() {
    let (_dir, ws) = two_class_workspace();
    let file = session(&ws, None);
    let s = file.session();
    assert_eq!(s.sample.log_classes.len(), 2);
    let rows = queue(&ws, s, QueueOrder::Cost).unwrap();
    let row = rows.iter().find(|r| r.text == NOISE).unwrap();
    let web = 30 * "cache miss for key k1000".len() as u64;
    let flow = 10 * "cache miss for key k2000".len() as u64;
    assert_eq!(row.bytes, web + flow);
    let expected = month(web, 0.50) + month(flow, 0.25);
    assert!(
        (row.monthly_cost_usd - expected).abs() < 1e-12,
        "{} vs {expected}",
        row.monthly_cost_usd
    );
    // Cheaper than the single price by the Infrequent Access share.
    assert!(row.monthly_cost_usd < month(web + flow, 0.50));
    // The template only in the Infrequent Access group is priced wholly at its price.
    let only_flow = rows.iter().find(|r| r.text != NOISE).unwrap();
    let single = month(only_flow.bytes, 0.25);
    assert!((only_flow.monthly_cost_usd - single).abs() < 1e-12);
}

#[test]
fn the_summary_saves_at_the_classes_prices_and_says_so() {
    let (_dir, ws) = two_class_workspace();
    let mut file = session(&ws, Some(0.1));
    let id = id_of(&ws, NOISE);
    file.decide(
        id,
        DecisionInput {
            verdict: Some(Verdict::Noise),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let s = summary(&ws, file.session()).unwrap();
    let web = 30 * "cache miss for key k1000".len() as u64;
    let flow = 10 * "cache miss for key k2000".len() as u64;
    let expected = month(web, 0.50) + month(flow, 0.1);
    assert!(
        (s.monthly_saving_usd - expected).abs() < 1e-12,
        "{} vs {expected}",
        s.monthly_saving_usd
    );
    assert_eq!(
        s.priced,
        "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.10/GB, \
         storage and Insights scans not known (ingestion only), month = 730 h"
    );
    assert_eq!(s.infrequent_access_price_per_gb_usd, 0.1);
    assert!(s.to_markdown().contains(&format!("- {}.\n", s.priced)));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["priced"], s.priced.as_str());

    // The price set later is the one the summary uses.
    file.set_infrequent_access_price(0.25).unwrap();
    let s = summary(&ws, file.session()).unwrap();
    let expected = month(web, 0.50) + month(flow, 0.25);
    assert!((s.monthly_saving_usd - expected).abs() < 1e-12);
    // The file keeps the price; a session written without one reads back with none.
    let reread = SessionFile::open(file.path()).unwrap();
    assert_eq!(
        reread.session().infrequent_access_price_per_gb_usd,
        Some(0.25)
    );
}

/// Each group's volume comes from its own stored bytes: a pull reads a smaller share of a
/// loud group than of a quiet one, and one factor for both would move the loud group's cost
/// onto the quiet group's templates. The totals stay what the groups stored.
#[test]
fn each_group_is_scaled_by_its_own_stored_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let mut text = String::new();
    for i in 0..40 {
        let (group, message) = if i < 20 {
            ("/ecs/loud", format!("request served in {i} ms"))
        } else {
            ("/ecs/quiet", format!("cron job {i} finished"))
        };
        let event = serde_json::json!({
            "timestamp": T0 + i * 1000, "logGroup": group, "logStream": "s", "message": message,
        });
        writeln!(text, "{event}").unwrap();
    }
    let path = dir.path().join("sample.jsonl");
    std::fs::write(&path, text).unwrap();
    // The loud group stored 100 times what was read from it, the quiet one all of it.
    let loud_sampled: u64 = (0..20)
        .map(|i| format!("request served in {i} ms").len() as u64)
        .sum();
    let quiet_sampled: u64 = (20..40)
        .map(|i| format!("cron job {i} finished").len() as u64)
        .sum();
    let description = format!(
        r#"{{"window": {{"start": {T0}, "end": {}}},
            "log_groups": [
              {{"name": "/ecs/loud", "stored_bytes": {}}},
              {{"name": "/ecs/quiet", "stored_bytes": {quiet_sampled}}}
            ]}}"#,
        T0 + HOUR,
        loud_sampled * 100
    );
    let options = ImportOptions {
        sample: Some(SampleDescription::parse(description.as_bytes()).unwrap()),
        ..ImportOptions::default()
    };
    import(&mut ws, &[path], &options, &mut |_| {}).unwrap();
    let file = session(&ws, None);
    let s = file.session();
    assert!(
        (s.sample.group_scales["/ecs/loud"] - 100.0).abs() < 1e-9,
        "{:?}",
        s.sample.group_scales
    );
    assert!((s.sample.group_scales["/ecs/quiet"] - 1.0).abs() < 1e-9);
    let rows = queue(&ws, s, QueueOrder::Cost).unwrap();
    let row = |prefix: &str| rows.iter().find(|r| r.text.starts_with(prefix)).unwrap();
    let (loud, quiet) = (row("request served"), row("cron job"));
    assert!((loud.monthly_cost_usd - month(loud_sampled * 100, 0.5)).abs() < 1e-9);
    assert!((quiet.monthly_cost_usd - month(quiet_sampled, 0.5)).abs() < 1e-9);
    assert!((loud.monthly_bytes - month(loud_sampled * 100, GB)).abs() < 1e-3);
    // The whole sample still costs what both groups stored.
    let total: f64 = rows.iter().map(|r| r.monthly_cost_usd).sum();
    assert!((total - month(loud_sampled * 100 + quiet_sampled, 0.5)).abs() < 1e-9);
    // A second session on the same sample sees no growth: both sides count per group.
    let next = SessionFile::create(
        &ws,
        NewSession {
            name: "next".into(),
            created_at_ms: Some(T0 + 3 * HOUR),
            ..NewSession::default()
        },
    )
    .unwrap();
    for r in queue(&ws, next.session(), QueueOrder::Cost).unwrap() {
        let growth = r.growth.unwrap_or_default();
        assert!(growth.abs() < 1e-9, "{} grew {growth}", r.text);
    }
    assert!(
        lognoise_session::CostBasis::of_session(s)
            .priced()
            .contains("2 groups scaled by their own stored bytes"),
        "{}",
        lognoise_session::CostBasis::of_session(s).priced()
    );
}
