//! A search query, as `lognoise search` and the Search screen pass it: any text gives hits or
//! an error naming the problem, never a panic. The workspace searched is a small import made
//! once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lognoise_index::{import, ImportOptions, SearchIndex, SearchRequest};
use lognoise_workspace::Workspace;

/// Longer queries are refused before they reach the index (`src-tauri/src/validate.rs`).
const MAX_QUERY: usize = 8192;

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    index: SearchIndex,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let log = dir.path().join("app.log");
    let lines: String = (0..200)
        .map(|i| {
            format!(
                "2026-03-02T10:{:02}:00Z {} Order ord_{i} persisted in {} ms user=u{}\n",
                i % 60,
                ["INFO", "WARN", "ERROR"][i % 3],
                i * 7 % 500,
                i % 9
            )
        })
        .collect();
    std::fs::write(&log, lines).expect("the fixture log");
    let mut ws = Workspace::open_or_create(&dir.path().join("ws")).expect("a workspace");
    import(&mut ws, &[log], &ImportOptions::default(), &mut |_| {}).expect("the import");
    let index = SearchIndex::open(&ws).expect("the index");
    Fixture {
        _dir: dir,
        ws,
        index,
    }
}

thread_local! {
    static FIXTURE: Fixture = fixture();
}

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_QUERY {
        return;
    }
    let query = String::from_utf8_lossy(data).into_owned();
    FIXTURE.with(|f| {
        let _ = f.index.search(
            &f.ws,
            &SearchRequest {
                query,
                ..SearchRequest::default()
            },
        );
    });
});
