//! Storage and Logs Insights scans priced as CloudWatch bills them: a sample description
//! giving each group's retention, the archived size measured on the imported events, and the
//! session's basis (prices, ingestion only) moving every figure.

use super::*;
use lognoise_index::{import, ImportOptions};
use lognoise_session::{
    queue, summary, DecisionInput, NewSession, QueueOrder, Retention, SessionFile, Verdict, GB,
    MONTH_MS,
};
use lognoise_workspace::{ArchiveMeter, SampleDescription};
use tempfile::TempDir;

/// The lines of each group, a number after each.
const SHAPES: [&str; 3] = [
    "order shipped to the warehouse, order",
    "user logged in from the console as user",
    "temporary file removed from the disk cache, file",
];

/// 50 lines in /ecs/web (kept 30 days), 50 in /ecs/audit (never expires), 50 in /ecs/tmp (no
/// retention given), the hour as the window, nothing scaled.
fn workspace() -> (TempDir, Workspace, ArchiveMeter) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let mut text = String::new();
    let mut meter = ArchiveMeter::default();
    for (g, group) in ["/ecs/web", "/ecs/audit", "/ecs/tmp"].iter().enumerate() {
        for i in 0..50 {
            let message = format!("{} {}", SHAPES[g], 1000 + i);
            meter.add(group, &message);
            let event = serde_json::json!({
                "timestamp": T0 + i * 1000, "logGroup": group, "logStream": "s", "message": message,
            });
            writeln!(text, "{event}").unwrap();
        }
    }
    let path = dir.path().join("sample.jsonl");
    std::fs::write(&path, text).unwrap();
    let description = format!(
        r#"{{"window": {{"start": {T0}, "end": {}}},
            "log_groups": [
              {{"name": "/ecs/web", "retention_days": 30}},
              {{"name": "/ecs/audit", "retention_days": "never"}},
              {{"name": "/ecs/tmp"}}
            ]}}"#,
        T0 + HOUR
    );
    let options = ImportOptions {
        sample: Some(SampleDescription::parse(description.as_bytes()).unwrap()),
        ..ImportOptions::default()
    };
    import(&mut ws, &[path], &options, &mut |_| {}).unwrap();
    (dir, ws, meter)
}

/// Monthly dollars of `bytes` sampled in the hour at `price` per GB.
fn month(bytes: u64, price: f64) -> f64 {
    bytes as f64 * (MONTH_MS / HOUR) as f64 / GB * price
}

#[test]
fn storage_is_priced_at_each_group_s_retention_and_measured_archive() {
    let (_dir, ws, mut meter) = workspace();
    let mut file = SessionFile::create(
        &ws,
        NewSession {
            name: "billed".into(),
            created_at_ms: Some(T0 + 2 * HOUR),
            ..NewSession::default()
        },
    )
    .unwrap();
    let s = file.session().clone();
    let measured = meter.measured().clone();
    let ratio = |g: &str| measured[g].ratio().unwrap();
    // The import measured what this test measures on the same messages.
    for g in ["/ecs/web", "/ecs/audit", "/ecs/tmp"] {
        assert_eq!(s.sample.billing[g].archived_ratio, Some(ratio(g)), "{g}");
    }
    assert_eq!(
        s.sample.billing["/ecs/web"].retention_days,
        Some(Retention::Days(30))
    );
    assert_eq!(s.sample.billing["/ecs/tmp"].retention_days, None);
    let rows = queue(&ws, &s, QueueOrder::Cost).unwrap();
    let row = |g: usize| rows.iter().find(|r| r.text.starts_with(SHAPES[g])).unwrap();
    // /ecs/web: $0.50 + ratio x 30 days (720/730 months) x $0.03 a GB.
    let web = row(0);
    let expected = month(web.bytes, 0.5 + ratio("/ecs/web") * 720.0 / 730.0 * 0.03);
    assert!(
        (web.monthly_cost_usd - expected).abs() < 1e-12,
        "{}",
        web.monthly_cost_usd
    );
    // /ecs/audit never expires: a year of storage.
    let audit = row(1);
    let expected = month(audit.bytes, 0.5 + ratio("/ecs/audit") * 12.0 * 0.03);
    assert!((audit.monthly_cost_usd - expected).abs() < 1e-12);
    // /ecs/tmp has no retention: ingestion alone, exactly.
    let tmp = row(2);
    assert_eq!(tmp.monthly_cost_usd, month(tmp.bytes, 0.5));
    let priced = lognoise_session::CostBasis::of_session(&s).priced();
    assert!(
        priced.contains(
            "storage kept 30 d (1 group) and 1 y (never expires, 1 group) at $0.03/GB-month \
             archived (not known for 1 group: not priced)"
        ),
        "{priced}"
    );

    // Noise in /ecs/web saves what the account stops paying for it: ingestion and storage.
    file.decide(
        web.id,
        DecisionInput {
            verdict: Some(Verdict::Noise),
            ..DecisionInput::default()
        },
    )
    .unwrap();
    let billed = summary(&ws, file.session()).unwrap().monthly_saving_usd;
    assert!((billed - web.monthly_cost_usd).abs() < 1e-12);
    // One flag prices ingestion only, and the saving is exactly ingestion's.
    file.set_billed(None, None, Some(true)).unwrap();
    let only = summary(&ws, file.session()).unwrap();
    assert_eq!(only.monthly_saving_usd, month(web.bytes, 0.5));
    assert!(only.priced.contains("ingestion only"), "{}", only.priced);
    // A dearer storage price moves the billed figure only.
    file.set_billed(Some(0.06), None, Some(false)).unwrap();
    let dearer = summary(&ws, file.session()).unwrap().monthly_saving_usd;
    let storage = billed - month(web.bytes, 0.5);
    assert!(
        (dearer - billed - storage).abs() < 1e-12,
        "{dearer} {billed}"
    );
    assert!(file.set_billed(Some(-1.0), None, None).is_err());
    // The settings are kept in the file.
    let reread = SessionFile::open(file.path()).unwrap();
    assert_eq!(reread.session().storage_price_per_gb_month_usd, Some(0.06));
    assert!(!reread.session().ingestion_only);
}

#[test]
fn an_old_session_file_reads_with_no_billing_and_default_prices() {
    let (_dir, ws, _) = workspace();
    let file = SessionFile::create(
        &ws,
        NewSession {
            name: "old".into(),
            created_at_ms: Some(T0 + 2 * HOUR),
            ..NewSession::default()
        },
    )
    .unwrap();
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file.path()).unwrap()).unwrap();
    // As a session written before storage was priced: no billing, no prices, no flag.
    json["sample"].as_object_mut().unwrap().remove("billing");
    std::fs::write(file.path(), serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let old = SessionFile::open(file.path()).unwrap();
    let s = old.session();
    assert!(s.sample.billing.is_empty());
    assert_eq!(s.storage_price(), 0.03);
    assert_eq!(s.insights_price(), 0.005);
    assert!(!s.ingestion_only);
    let text = std::fs::read_to_string(file.path()).unwrap();
    assert!(!text.contains("ingestion_only"), "{text}");
    assert!(!text.contains("storage_price"), "{text}");
}
