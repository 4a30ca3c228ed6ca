//! Crash safety: a process deciding template after template is killed (SIGKILL) at random
//! points, many times over; after each kill the file must be a valid session holding every
//! decision the process had reported saved.
//!
//! The process is `lognoise-session-crash-child` (`tests/support/crash_child.rs`), a program
//! of this package that Cargo builds for its tests.

use super::props::seed_session;
use super::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The child, built by Cargo with the tests.
const CHILD: &str = env!("CARGO_BIN_EXE_lognoise-session-crash-child");
const TEMPLATES: usize = 3000;

fn texts() -> Vec<String> {
    (0..TEMPLATES)
        .map(|i| format!("Request {i} handled by <*> in <*> ms with status <*>"))
        .collect()
}

/// A small xorshift generator: the kill times only need to vary, and the seed is printed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_process_killed_while_saving_leaves_every_earlier_decision() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.json");
    let texts = texts();
    std::fs::write(
        &path,
        lognoise_session::to_json(&seed_session(&texts)).unwrap(),
    )
    .unwrap();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let mut reported: Vec<TemplateId> = Vec::new();
    let mut rounds_with_progress = 0;
    let mut on_disk = 0;
    for round in 0..15 {
        let mut child = Command::new(CHILD)
            .arg(&path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<TemplateId>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let id = line.strip_prefix("saved ").map(str::parse::<TemplateId>);
                if let Some(Ok(id)) = id {
                    if tx.send(id).is_err() {
                        break;
                    }
                }
            }
        });
        // Once it saves, let it go on for a random while and kill it, wherever it is.
        let first = rx.recv_timeout(Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(rng.below(120)));
        let _ = child.kill();
        child.wait().unwrap();
        reader.join().unwrap();
        let mut saved: Vec<TemplateId> = first.into_iter().collect();
        saved.extend(rx.try_iter());
        if !saved.is_empty() {
            rounds_with_progress += 1;
        }
        let saved_now = saved.len();
        reported.extend(saved);

        let context = format!(
            "round {round}, seed {seed}, {} saves reported",
            reported.len()
        );
        let file = SessionFile::open(&path).unwrap_or_else(|e| panic!("{context}: {e}"));
        let s = file.session();
        assert_eq!(s.templates.len(), TEMPLATES, "{context}");
        for &id in &reported {
            let d = s
                .decision(id)
                .unwrap_or_else(|| panic!("{context}: the decision of {id} was lost"));
            assert_eq!(
                d.note.as_deref(),
                Some(format!("decision {id}").as_str()),
                "{context}"
            );
        }
        // At most the one save in flight when the kill came is on disk unreported.
        assert!(
            s.decisions.len() <= on_disk + saved_now + 1,
            "{context}: {} decisions on disk, {on_disk} before this round",
            s.decisions.len()
        );
        on_disk = s.decisions.len();
        if s.decisions.len() == TEMPLATES {
            break;
        }
    }
    assert!(
        rounds_with_progress >= 10,
        "the child saved in only {rounds_with_progress} rounds (seed {seed})"
    );
}
