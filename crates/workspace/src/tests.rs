#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use lognoise_miner::{Miner, MinerConfig};

fn event(seq: u64, cluster: u32, message: &str, ts: Option<i64>) -> StoredEvent {
    StoredEvent {
        seq,
        timestamp_ms: ts,
        log_group: Some("/app".into()),
        log_stream: None,
        level: None,
        cluster,
        message: message.into(),
    }
}

fn record(events: u64) -> ImportRecord {
    ImportRecord {
        committed_at_ms: 0,
        sources: vec!["test".into()],
        events,
        problems: 0,
        sample: None,
    }
}

/// Mines `lines` and commits them as one import.
fn import(ws: &mut Workspace, miner: &mut Miner, lines: &[&str]) {
    let mut w = ws.event_writer(false).unwrap();
    for (i, line) in lines.iter().enumerate() {
        let c = miner.ingest_event(line, Some(1000 + i as i64));
        w.append(&event(w.next_seq(), c.0, line, Some(1000 + i as i64)))
            .unwrap();
    }
    let map = TemplateMap::from_snapshot(&miner.snapshot(), miner.cluster_count());
    ws.commit(w, map, record(lines.len() as u64)).unwrap();
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_workspace_is_private_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("a/b");
    let mut ws = Workspace::open_or_create(&root).unwrap();
    let mut miner = Miner::new(MinerConfig::default());
    import(
        &mut ws,
        &mut miner,
        &["user 17 logged in", "user 42 logged in"],
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&root), 0o700);
        assert_eq!(mode(&root.join("events")), 0o700);
        assert_eq!(mode(&root.join(MANIFEST)), 0o600);
        assert_eq!(mode(&root.join("events/000001.jsonl")), 0o600);
        assert_eq!(mode(&root.join("templates/000001.json")), 0o600);
    }
    let ws = Workspace::open(&root).unwrap();
    assert_eq!(ws.manifest().events, 2);
    assert_eq!(ws.manifest().time_range, Some((1000, 1001)));
    let events: Vec<StoredEvent> = ws.events().unwrap().map(Result::unwrap).collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].message, "user 42 logged in");
    let t = ws.templates().template_of(events[1].cluster).unwrap();
    assert_eq!(t.count, 2);
    assert_eq!(ws.templates().clusters_of(t.id), [events[1].cluster]);
}

#[test]
fn a_newer_format_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    Workspace::open_or_create(dir.path()).unwrap();
    let path = dir.path().join(MANIFEST);
    let text = std::fs::read_to_string(&path).unwrap();
    let newer = text.replace(
        &format!("\"format_version\": {FORMAT_VERSION}"),
        "\"format_version\": 99, \"shards\": []",
    );
    assert_ne!(text, newer);
    std::fs::write(&path, newer).unwrap();
    let err = Workspace::open(dir.path()).unwrap_err().to_string();
    assert!(err.contains("newer lognoise"), "{err}");
    assert!(err.contains("format 99"), "{err}");
    assert!(err.contains("upgrade lognoise"), "{err}");
}

#[test]
fn a_folder_that_is_not_a_workspace_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let err = Workspace::open_or_create(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a lognoise workspace"), "{err}");
    let err = Workspace::open(&dir.path().join("missing"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("lognoise import"), "{err}");
}

#[test]
fn an_import_that_never_commits_leaves_the_previous_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(dir.path()).unwrap();
    let mut miner = Miner::new(MinerConfig::default());
    import(&mut ws, &mut miner, &["disk full on /dev/sda1"]);
    // An import killed half way: its events file is written but never committed.
    let mut w = ws.event_writer(false).unwrap();
    w.append(&event(1, 7, "lost", None)).unwrap();
    std::mem::forget(w);
    let ws = Workspace::open(dir.path()).unwrap();
    assert_eq!(ws.manifest().events, 1);
    assert_eq!(ws.events().unwrap().count(), 1);
    assert!(dir.path().join("events/000002.jsonl.tmp").exists());
    // The next import removes what the killed one left.
    let mut ws = ws;
    let mut miner = Miner::new(MinerConfig::default());
    miner.ingest("disk full on /dev/sda1");
    import(&mut ws, &mut miner, &["disk full on /dev/sdb1"]);
    assert!(!dir.path().join("events/000002.jsonl.tmp").exists());
    assert!(!dir.path().join("templates/000001.json").exists());
    assert_eq!(ws.events().unwrap().count(), 2);
    assert_eq!(ws.manifest().imports.len(), 2);
}

#[test]
fn the_default_location_is_in_the_user_data_folder() {
    let p = Workspace::default_location().unwrap();
    assert!(p.ends_with("default"), "{}", p.display());
    assert!(p.to_string_lossy().contains("lognoise"));
}

/// Another thread creates and deletes files in the folder being narrowed (as the search index's
/// threads do during an import): files that vanish mid-walk are passed over, never an error.
#[cfg(unix)]
#[test]
fn narrowing_a_folder_whose_files_come_and_go() {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let done = Arc::new(AtomicBool::new(false));
    let churn = {
        let (root, done) = (root.clone(), done.clone());
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !done.load(Ordering::Relaxed) {
                let path = root.join(format!(".tmp{}", i % 64));
                let _ = std::fs::write(&path, b"x");
                let _ = std::fs::remove_file(&path);
                i += 1;
            }
        })
    };
    std::fs::write(root.join("kept"), b"data").unwrap();
    for _ in 0..300 {
        crate::make_tree_private(&root).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    churn.join().unwrap();
    let mode = std::fs::metadata(root.join("kept"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // A folder that is gone altogether has nothing to narrow.
    crate::make_tree_private(&root.join("absent")).unwrap();
}
