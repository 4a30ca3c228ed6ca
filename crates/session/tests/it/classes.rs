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
        "priced: 1 group Standard at $0.50/GB, 1 group Infrequent Access at $0.10/GB, month = 730 h"
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
