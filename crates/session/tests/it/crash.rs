//! Crash safety: a process deciding template after template is killed (SIGKILL) at random
//! points, many times over; after each kill the file must be a valid session holding every
//! decision the process had reported saved.
//!
//! The process is this test binary itself, started with [`CHILD_ENV`] set so that only
//! [`crash_child`] does any work.

use super::props::seed_session;
use super::*;
use lognoise_session::{DecisionInput, Verdict};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const CHILD_ENV: &str = "LOGNOISE_SESSION_CRASH_FILE";
const TEMPLATES: usize = 3000;

fn texts() -> Vec<String> {
    (0..TEMPLATES)
        .map(|i| format!("Request {i} handled by <*> in <*> ms with status <*>"))
        .collect()
}

/// The child: decides the templates not decided yet, one by one, and reports each save.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let texts = texts();
    let mut file = SessionFile::open(Path::new(&path)).unwrap();
    let start = file.session().decisions.len();
    let mut out = std::io::stdout().lock();
    for (i, text) in texts.iter().enumerate().skip(start) {
        file.decide(
            TemplateId::of_text(text),
            DecisionInput {
                verdict: Some([Verdict::Noise, Verdict::Keep, Verdict::Signal][i % 3]),
                note: Some(format!("decision {i}")),
                owner: Some(format!("team-{}", i % 7)),
                decided_by: Some("crash".into()),
                ..DecisionInput::default()
            },
        )
        .unwrap();
        writeln!(out, "saved {i}").unwrap();
        out.flush().unwrap();
    }
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
    let mut reported: Vec<usize> = Vec::new();
    let mut rounds_with_progress = 0;
    let mut on_disk = 0;
    for round in 0..15 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash::crash_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<usize>();
        let reader = std::thread::spawn(move || {
            // libtest prints `test crash::crash_child ... ` before the first line of the child.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line.split_once("saved ").and_then(|(_, n)| n.parse().ok()) {
                    if tx.send(n).is_err() {
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
        let mut saved: Vec<usize> = first.into_iter().collect();
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
        for &i in &reported {
            let d = s
                .decision(TemplateId::of_text(&texts[i]))
                .unwrap_or_else(|| panic!("{context}: decision {i} was lost"));
            assert_eq!(
                d.note.as_deref(),
                Some(format!("decision {i}").as_str()),
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
