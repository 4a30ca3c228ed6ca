#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use lognoise_workspace::Workspace;
use std::path::{Path, PathBuf};

const LINES: &str = "\
2026-03-02T00:00:00.000Z INFO Order ord_8f3a91 persisted in 12 ms
2026-03-02T00:00:10.000Z INFO Order ord_77c0e2 persisted in 7 ms
2026-03-02T00:00:20.000Z INFO Order ord_0b1c2d persisted in 31 ms
2026-03-02T00:00:30.000Z ERROR Payment declined for user_id=42 from 10.0.0.14:443
2026-03-02T00:00:40.000Z WARN GET /api/orders/17 took 900 ms
2026-03-02T00:00:59.000Z INFO Order ord_aa0000 persisted in 5 ms
";

fn setup(lines: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "app.log", lines);
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let options = ImportOptions {
        default_group: Some("/app".into()),
        sample: None,
    };
    import(&mut ws, &[log], &options, &mut |_| {}).unwrap();
    (dir, ws)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn find(ws: &Workspace, query: &str) -> SearchResponse {
    search(
        ws,
        &SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        },
    )
    .unwrap()
}

fn total(ws: &Workspace, query: &str) -> u64 {
    find(ws, query).total
}

#[test]
fn words_parts_phrases_and_fields_are_found() {
    let (_d, ws) = setup(LINES);
    assert_eq!(total(ws_ref(&ws), "ord_8f3a91"), 1);
    assert_eq!(total(&ws, "8f3a91"), 1);
    assert_eq!(total(&ws, "ord"), 4);
    assert_eq!(total(&ws, "user_id=42"), 1);
    assert_eq!(total(&ws, "user_id"), 1);
    assert_eq!(total(&ws, "10.0.0.14"), 1);
    assert_eq!(total(&ws, "\"10.0.0.14:443\""), 1);
    assert_eq!(total(&ws, "\"/api/orders/17\""), 1);
    assert_eq!(total(&ws, "orders"), 1);
    assert_eq!(total(&ws, "\"persisted in\""), 4);
    assert_eq!(total(&ws, "\"in persisted\""), 0);
    assert_eq!(total(&ws, "order persisted"), 4);
    assert_eq!(total(&ws, "order OR payment"), 5);
    assert_eq!(total(&ws, "order -ord_8f3a91"), 3);
    assert_eq!(total(&ws, "level:error"), 1);
    assert_eq!(total(&ws, "level:WARN"), 1);
    assert_eq!(total(&ws, "group:\"/app\""), 6);
    assert_eq!(total(&ws, ""), 6);
}

fn ws_ref(ws: &Workspace) -> &Workspace {
    ws
}

#[test]
fn hits_are_newest_first_with_matches_marked_and_their_template() {
    let (_d, ws) = setup(LINES);
    let r = find(&ws, "persisted");
    assert_eq!(r.total, 4);
    let times: Vec<i64> = r.hits.iter().map(|h| h.timestamp_ms.unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);
    let h = &r.hits[0];
    assert!(h.message.contains("ord_aa0000"));
    let [s, e] = h.highlights[0];
    assert_eq!(&h.message[s..e], "persisted");
    assert_eq!(h.template.as_deref(), Some("Order <*> persisted in <*> ms"));
    assert_eq!(h.level.as_deref(), Some("info"));
    assert_eq!(h.log_group.as_deref(), Some("/app"));
    assert_eq!(r.templates.len(), 1);
    assert_eq!(r.templates[0].count, 4);
    assert_eq!(
        r.groups,
        [GroupCount {
            group: "/app".into(),
            count: 4
        }]
    );
    let hist = r.histogram.unwrap();
    assert_eq!(hist.counts.len(), 60);
    // 60 buckets cover the workspace's 59 s: 59,001 ms / 60, rounded up.
    assert_eq!(hist.bucket_ms, 984);
    assert_eq!(hist.counts.iter().sum::<u64>(), 4);
    assert_eq!(hist.counts[0], 1);
    assert_eq!(hist.counts[59], 1);
}

#[test]
fn filters_narrow_by_time_group_and_template() {
    let (_d, ws) = setup(LINES);
    let order = find(&ws, "persisted").templates[0].id;
    let base = 1_772_409_600_000;
    let r = search(
        &ws,
        &SearchRequest {
            template: Some(order),
            since_ms: Some(base + 5_000),
            until_ms: Some(base + 59_000),
            ..SearchRequest::default()
        },
    )
    .unwrap();
    assert_eq!(r.total, 2);
    let r = search(
        &ws,
        &SearchRequest {
            group: Some("/other".into()),
            ..SearchRequest::default()
        },
    )
    .unwrap();
    assert_eq!(r.total, 0);
}

#[test]
fn bad_queries_say_where_and_what() {
    let (_d, ws) = setup(LINES);
    let req = |q: &str| SearchRequest {
        query: q.into(),
        ..SearchRequest::default()
    };
    let err = search(&ws, &req("order AND (persisted")).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::QuerySyntax { .. }), "{text}");
    assert!(text.contains("position"), "{text}");
    // Well formed but not supported: the message says what the query language offers.
    let err = search(&ws, &req("/[a-z]+/")).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::InvalidQuery(_)), "{text}");
    assert!(text.contains("AND / OR / NOT"), "{text}");
    let err = search(&ws, &req("host:web1")).unwrap_err().to_string();
    assert!(err.contains("unknown field `host`"), "{err}");
    assert!(err.contains("message"), "{err}");
    let err = search(
        &ws,
        &SearchRequest {
            template: Some(lognoise_miner::TemplateId(7)),
            ..SearchRequest::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no template 0000000000000007"), "{err}");
}

#[test]
fn a_second_import_keeps_clusters_and_updates_templates() {
    let (d, mut ws) = setup("user alice logged in\nuser bob logged in\n");
    let before = find(&ws, "logged");
    assert_eq!(before.templates.len(), 2, "{:?}", before.templates);
    let more = write(
        d.path(),
        "more.log",
        "user carol logged in\nuser dave logged in\n",
    );
    let report = import(&mut ws, &[more], &ImportOptions::default(), &mut |_| {}).unwrap();
    assert!(!report.rebuilt);
    assert_eq!(report.total_events, 4);
    // The new lines make `user <*> logged in` one template; no old document was rewritten.
    let after = find(&ws, "logged");
    assert_eq!(after.templates.len(), 1, "{:?}", after.templates);
    assert_eq!(after.templates[0].text, "user <*> logged in");
    assert_eq!(after.templates[0].count, 4);
    let listed = templates(&ws, 60).unwrap();
    assert_eq!(listed.templates[0].count, 4);
}

#[test]
fn an_index_ahead_of_the_manifest_is_hidden_then_trimmed() {
    let (d, mut ws) = setup(LINES);
    let saved: Vec<(PathBuf, Vec<u8>)> = ["workspace.json", "templates/000001.json"]
        .iter()
        .map(|f| ws.root().join(f))
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    let more = write(d.path(), "more.log", "disk full on /dev/sda1\n");
    import(
        &mut ws,
        std::slice::from_ref(&more),
        &ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    // As if killed after the index commit, before the manifest.
    for (p, bytes) in saved {
        std::fs::write(p, bytes).unwrap();
    }
    let mut ws = Workspace::open(ws.root()).unwrap();
    assert_eq!(total(&ws, ""), 6);
    assert_eq!(total(&ws, "disk"), 0);
    let report = import(&mut ws, &[more], &ImportOptions::default(), &mut |_| {}).unwrap();
    assert!(!report.rebuilt);
    assert_eq!(total(&ws, ""), 7);
    assert_eq!(total(&ws, "disk"), 1);
}

#[test]
fn a_lost_index_is_rebuilt_from_the_stored_events() {
    let (d, mut ws) = setup(LINES);
    std::fs::remove_dir_all(ws.index_dir()).unwrap();
    let more = write(d.path(), "more.log", "disk full on /dev/sda1\n");
    let report = import(&mut ws, &[more], &ImportOptions::default(), &mut |_| {}).unwrap();
    assert!(report.rebuilt);
    assert_eq!(total(&ws, ""), 7);
    assert_eq!(total(&ws, "8f3a91"), 1);
    assert_eq!(ws.events().unwrap().count(), 7);
}

/// Lines of several templates, each seen a few times with other values.
fn varied_lines() -> String {
    let mut s = String::new();
    for i in 0..6 {
        s.push_str(&format!(
            "2026-03-02T00:00:{i:02}.000Z INFO Order ord_{i}8f3a91 persisted in {} ms\n\
             2026-03-02T00:00:{i:02}.100Z INFO Order ord_{i}8f3a91 shipped to warehouse wh-{i}\n\
             2026-03-02T00:00:{i:02}.200Z WARN Payment declined for user_id={i}42: card expired\n\
             2026-03-02T00:00:{i:02}.300Z INFO Connection from 10.0.{i}.14 port {} accepted\n\
             2026-03-02T00:00:{i:02}.400Z INFO Cache warmed in {} ms with {} entries\n\
             2026-03-02T00:00:{i:02}.500Z ERROR Disk /dev/xvda{i} is {}% full\n",
            10 + i,
            40_000 + i,
            300 + i,
            1000 * i,
            90 + i
        ));
    }
    s
}

#[test]
fn a_line_finds_its_own_template_first() {
    let (_d, ws) = setup(&varied_lines());
    for t in ws.templates().templates() {
        let example = &t.examples[0];
        let near = nearest_templates(&ws, example, 3).unwrap();
        assert_eq!(near[0].id, t.id, "{example} -> {near:?}");
        assert!(near[0].score > 0.9, "{example} -> {near:?}");
        if let Some(second) = near.get(1) {
            assert!(second.score < near[0].score, "{near:?}");
        }
    }
    let near = nearest_templates(&ws, "Order ord_ffff00 persisted in 999 ms", 1).unwrap();
    assert_eq!(near[0].text, "Order <*> persisted in <*> ms");
    assert_eq!(near[0].score, 1.0);
    assert_eq!(near[0].count, 6);
}

#[test]
fn a_slightly_changed_template_finds_the_original() {
    let (_d, ws) = setup(&varied_lines());
    let text = |t: &str| {
        ws.templates()
            .templates()
            .iter()
            .find(|x| x.text == t)
            .unwrap_or_else(|| panic!("no template {t}: {:?}", ws.templates().templates()))
            .id
    };
    let persisted = text("Order <*> persisted in <*> ms");
    let shipped = text("Order <*> shipped to warehouse wh-<*>");
    for (changed, original) in [
        // One more constant word.
        ("Order <*> persisted to disk in <*> ms", persisted),
        // One word changed.
        ("Order <*> stored in <*> ms", persisted),
        ("Order <*> shipped to store wh-<*>", shipped),
        // A re-mined template where a value became constant.
        ("Order <*> persisted in 12 ms", persisted),
    ] {
        let near = nearest_templates(&ws, changed, 2).unwrap();
        assert_eq!(near[0].id, original, "{changed} -> {near:?}");
        assert!(near[0].score > 0.6, "{changed} -> {near:?}");
        assert!(near[1].score < near[0].score, "{changed} -> {near:?}");
    }
}

#[test]
fn unrelated_text_scores_low() {
    let (_d, ws) = setup(&varied_lines());
    for text in [
        "kernel: eth0 link is down",
        "Starting systemd-journald <*>",
        "lorem ipsum dolor sit amet",
    ] {
        let near = nearest_templates(&ws, text, 5).unwrap();
        assert!(near.iter().all(|n| n.score < 0.3), "{text} -> {near:?}");
    }
    assert!(nearest_templates(&ws, "anything", 0).unwrap().is_empty());
    let index = TemplateIndex::new(ws.templates().templates()).unwrap();
    assert_eq!(index.len(), ws.templates().templates().len());
    assert!(index.nearest("", 3).unwrap().len() <= 3);
}

#[test]
fn nearest_templates_of_an_empty_workspace_says_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open_or_create(dir.path()).unwrap();
    let err = nearest_templates(&ws, "x", 3).unwrap_err().to_string();
    assert!(err.contains("lognoise import"), "{err}");
}

#[cfg(unix)]
#[test]
fn index_files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, ws) = setup(LINES);
    let mut seen = 0;
    let mut stack = vec![ws.index_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            if entry.file_type().unwrap().is_dir() {
                assert_eq!(mode, 0o700, "{}", entry.path().display());
                stack.push(entry.path());
            } else {
                assert_eq!(mode, 0o600, "{}", entry.path().display());
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "the index holds files");
}

fn order_event(i: u64) -> lognoise_source::Event {
    lognoise_source::Event {
        timestamp_ms: Some(1_772_409_600_000 + i as i64 * 1000),
        log_group: Some("/ecs/orders".into()),
        log_stream: Some("web/1".into()),
        message: format!("Order ord_{i:06x} persisted in {} ms", i % 50),
    }
}

#[test]
fn streamed_events_are_committed_in_batches_under_one_import_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    let mut commits = Vec::new();
    let report = import_events(
        &mut ws,
        (0..250).map(order_event),
        &ImportOptions::default(),
        "cloudwatch:/ecs/orders",
        100,
        &mut |p| commits.push(p.events),
    )
    .unwrap();
    assert_eq!(commits, vec![100, 200, 250]);
    assert_eq!(report.events, 250);
    assert_eq!(report.total_events, 250);
    assert_eq!(ws.manifest().generation, 3);
    assert_eq!(ws.manifest().imports.len(), 1);
    assert_eq!(ws.manifest().imports[0].events, 250);
    assert_eq!(ws.manifest().event_files.len(), 3);
    assert_eq!(total(&ws, "persisted"), 250);
    assert_eq!(total(&ws, "ord_0000f9"), 1);
    let again = Workspace::open(ws.root()).unwrap();
    let t = &again.templates().templates()[0];
    assert_eq!(t.text, "Order <*> persisted in <*> ms");
    assert_eq!(t.count, 250);
}

#[test]
fn a_stream_stopped_between_commits_keeps_the_committed_batches_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    {
        let mut import = StreamingImport::begin(&mut ws, &ImportOptions::default()).unwrap();
        for i in 0..30 {
            import.add(order_event(i)).unwrap();
        }
        let record = lognoise_workspace::ImportRecord {
            committed_at_ms: 0,
            sources: vec!["stream".into()],
            events: 30,
            problems: 0,
            sample: None,
        };
        let c = import.commit(record, None).unwrap();
        assert_eq!((c.generation, c.record, c.total_events), (1, 0, 30));
        for i in 30..45 {
            import.add(order_event(i)).unwrap();
        }
        assert_eq!(import.pending(), 15);
        // Dropped here without a commit, as a process stopped mid-batch.
    }
    let mut ws = Workspace::open(ws.root()).unwrap();
    assert_eq!(ws.manifest().events, 30);
    assert_eq!(total(&ws, "persisted"), 30);
    // The next import finds the index in step and adds after the committed events.
    let report = import_events(
        &mut ws,
        (30..45).map(order_event),
        &ImportOptions::default(),
        "stream",
        1000,
        &mut |_| {},
    )
    .unwrap();
    assert!(!report.rebuilt);
    assert_eq!(report.total_events, 45);
    assert_eq!(total(&ws, "persisted"), 45);
    assert_eq!(ws.manifest().imports.len(), 2);
}

#[test]
fn one_search_counts_levels_and_a_level_narrows_it() {
    let (_d, ws) = setup(LINES);
    let index = SearchIndex::open(&ws).unwrap();
    let facets = |query: &str, level: Option<&str>| {
        index
            .search(
                &ws,
                &SearchRequest {
                    query: query.into(),
                    level: level.map(str::to_string),
                    level_facets: true,
                    ..SearchRequest::default()
                },
            )
            .unwrap()
    };
    let all = facets("", None);
    let counts: Vec<(&str, u64)> = all
        .levels
        .iter()
        .map(|l| (l.level.as_str(), l.count))
        .collect();
    assert_eq!(counts, [("info", 4), ("error", 1), ("warn", 1)]);
    // The facets follow the query...
    let orders = facets("ord", None);
    assert_eq!(orders.levels.len(), 1);
    assert_eq!(orders.levels[0].count, 4);
    // ...and the level filter, in any case.
    let errors = facets("", Some("ERROR"));
    assert_eq!(errors.total, 1);
    assert!(errors.hits[0].message.contains("Payment declined"));
    assert_eq!(
        errors.levels,
        [LevelCount {
            level: "error".into(),
            count: 1
        }]
    );
    assert_eq!(facets("ord", Some("error")).total, 0);
    // Without asking, no facets are counted.
    assert!(find(&ws, "").levels.is_empty());
}

#[test]
fn a_template_s_events_and_bytes_are_counted_per_log_group() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (i, group) in ["/ecs/web", "/ecs/web", "/ecs/web", "flow"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!(
            "{{\"timestamp\": {}, \"logGroup\": \"{group}\", \"message\": \"cache miss for key k{i}\"}}\n",
            1_772_409_600_000_i64 + i as i64
        ));
    }
    let path = write(dir.path(), "two.jsonl", &text);
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
    import(&mut ws, &[path], &ImportOptions::default(), &mut |_| {}).unwrap();
    let index = SearchIndex::open(&ws).unwrap();
    let line = "cache miss for key k0".len() as u64;
    let web = index.template_volumes_in_group(&ws, "/ecs/web").unwrap();
    assert_eq!(web.len(), 1);
    assert_eq!((web[0].count, web[0].bytes), (3, 3 * line));
    let flow = index.template_volumes_in_group(&ws, "flow").unwrap();
    assert_eq!(
        (flow[0].id, flow[0].count, flow[0].bytes),
        (web[0].id, 1, line)
    );
    assert!(index
        .template_volumes_in_group(&ws, "elsewhere")
        .unwrap()
        .is_empty());
}
