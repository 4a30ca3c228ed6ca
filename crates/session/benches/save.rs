//! Save latency of a review session: one decision recorded in a session with 5,000 templates
//! decided (lock, re-read check, change, serialise, atomic write with fsync of file and
//! folder), next to baselines measured in the same run on the same bytes:
//!
//! - `serialise only`: the pretty JSON of the whole session, no I/O (what a save cost before
//!   it printed only the changed decision again);
//! - `atomic write only`: the same bytes through the save's atomic write (temporary file,
//!   fsync, rename, folder fsync), no lock and no serialisation: the floor of a crash-safe save;
//! - `plain write`: `std::fs::write` of the same bytes over the file (no sync, not atomic);
//! - `write + fsync`: the same, then synced (durable, not atomic).
//!
//! ```sh
//! cargo bench -p lognoise-session --bench save                 # 5,000 templates, 101 saves
//! cargo bench -p lognoise-session --bench save -- 20000 51     # templates, saves
//! ```
//!
//! The operations take turns in each round, so that a noisy machine slows them alike. Files go
//! to the system temporary folder (`TMPDIR`); on a RAM disk the syncs cost nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_session::{
    to_json, CarriedOver, CarryMatch, Decision, DecisionInput, SeenTemplate, Session, SessionFile,
    SessionSample, TemplateId, Verdict, SESSION_SCHEMA,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

fn session(templates: usize) -> Session {
    let mut s = Session {
        schema: SESSION_SCHEMA.into(),
        name: "bench".into(),
        created_at_ms: 1_772_409_600_000,
        reviewers: vec!["ana".into(), "bo".into(), "chen".into()],
        sample: SessionSample {
            log_groups: vec!["/ecs/web".into(), "/ecs/orders".into()],
            log_classes: Default::default(),
            group_scales: Default::default(),
            billing: Default::default(),
            window_start_ms: Some(1_772_409_600_000),
            window_end_ms: Some(1_772_496_000_000),
            sampling_ratio: 0.1,
            events: 1_000_000,
            bytes: 150_000_000,
            workspace_generation: 3,
        },
        price_per_gb_usd: 0.5,
        infrequent_access_price_per_gb_usd: None,
        storage_price_per_gb_month_usd: None,
        insights_price_per_gb_usd: None,
        ingestion_only: false,
        previous: Some("last month".into()),
        templates: BTreeMap::new(),
        decisions: BTreeMap::new(),
        merges: Vec::new(),
        splits: Vec::new(),
    };
    for i in 0..templates {
        let text = format!(
            "Request <*> to service-{} handled by worker <*> in <*> ms with status <*> (route /api/v{}/items/<*>)",
            i % 97,
            i
        );
        let id = TemplateId::of_text(&text);
        s.decisions.insert(
            id,
            Decision {
                verdict: Some([Verdict::Noise, Verdict::Keep, Verdict::Signal][i % 3]),
                owner: Some(format!("team-{}", i % 11)),
                note: Some("health checks of the load balancer, counted by a metric".into()),
                labels: [
                    ("environment".to_string(), "prod".to_string()),
                    ("service".to_string(), format!("service-{}", i % 97)),
                ]
                .into(),
                keep_one_in: (i % 3 == 0 && i % 2 == 1).then_some(100),
                decided_by: Some("Ana Lima".into()),
                decided_at_ms: Some(1_772_409_600_000 + i as i64),
                carried_over: (i % 2 == 0).then(|| CarriedOver {
                    session: "last month".into(),
                    template_id: id,
                    template_text: text.clone(),
                    matched_by: CarryMatch::SameId,
                }),
            },
        );
        s.templates.insert(
            id,
            SeenTemplate {
                text,
                count: 1000 + i as u64,
                bytes: 120_000 + i as u64,
                by_group: Default::default(),
            },
        );
    }
    s
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p90(v: &[f64]) -> f64 {
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let templates: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let saves: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(101);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.json");
    let s = session(templates);
    let ids: Vec<TemplateId> = s.templates.keys().copied().collect();
    let bytes = to_json(&s).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let plain = dir.path().join("plain.json");
    let atomic = dir.path().join("atomic.json");
    let synced = dir.path().join("synced.json");

    let mut file = SessionFile::open(&path).unwrap();
    let mut decide = Vec::with_capacity(saves);
    let mut serialise = Vec::with_capacity(saves);
    let mut write = Vec::with_capacity(saves);
    let mut write_sync = Vec::with_capacity(saves);
    let mut write_atomic = Vec::with_capacity(saves);
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    for i in 0..saves + 1 {
        let t = Instant::now();
        file.decide(
            ids[i % ids.len()],
            DecisionInput {
                verdict: Some([Verdict::Keep, Verdict::Noise][i % 2]),
                owner: Some("payments".into()),
                decided_by: Some("bench".into()),
                ..DecisionInput::default()
            },
        )
        .unwrap();
        let d = ms(t);

        let t = Instant::now();
        let out = to_json(file.session()).unwrap();
        let s_ms = ms(t);

        let t = Instant::now();
        lognoise_workspace::write_private_atomic(&atomic, &out).unwrap();
        let wa = ms(t);

        let t = Instant::now();
        std::fs::write(&plain, &out).unwrap();
        let w = ms(t);

        let t = Instant::now();
        let mut f = std::fs::File::create(&synced).unwrap();
        f.write_all(&out).unwrap();
        f.sync_all().unwrap();
        let ws = ms(t);

        // The first round warms caches and allocations.
        if i > 0 {
            decide.push(d);
            serialise.push(s_ms);
            write.push(w);
            write_sync.push(ws);
            write_atomic.push(wa);
        }
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let base = median(&mut write.clone());
    println!(
        "session save: {templates} templates decided, file {:.2} MB, {saves} saves, {}",
        size as f64 / 1e6,
        dir.path().display()
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>14}",
        "operation", "median ms", "p90 ms", "min ms", "vs plain write"
    );
    for (name, v) in [
        ("decide (atomic save, fsync)", &mut decide),
        ("serialise only", &mut serialise),
        ("atomic write only (fsync x2)", &mut write_atomic),
        ("plain write (no sync, not atomic)", &mut write),
        ("write + fsync (not atomic)", &mut write_sync),
    ] {
        let m = median(v);
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>10.2} {:>13.2}x",
            name,
            m,
            p90(v),
            v[0],
            m / base
        );
    }
}
