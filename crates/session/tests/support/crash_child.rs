//! The process the crash test kills (`tests/it/crash.rs`): it opens the session file named on
//! its command line and decides its undecided templates one by one, in the order of their ids,
//! printing `saved ID` once each decision is on disk. It is a program of its own, not a test of
//! the test binary started again, so that the test always has a child that does the work.

use lognoise_session::{DecisionInput, SessionFile, Verdict};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: lognoise-session-crash-child SESSION_FILE");
        return ExitCode::from(2);
    };
    match decide_all(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lognoise-session-crash-child: {e}");
            ExitCode::FAILURE
        }
    }
}

fn decide_all(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut file = SessionFile::open(path)?;
    let ids: Vec<_> = file.session().templates.keys().copied().collect();
    let mut out = std::io::stdout().lock();
    for (i, id) in ids.into_iter().enumerate() {
        if file.session().decision(id).is_some() {
            continue;
        }
        file.decide(
            id,
            DecisionInput {
                verdict: Some([Verdict::Noise, Verdict::Keep, Verdict::Signal][i % 3]),
                note: Some(format!("decision {id}")),
                owner: Some(format!("team-{}", i % 7)),
                decided_by: Some("crash".into()),
                ..DecisionInput::default()
            },
        )?;
        writeln!(out, "saved {id}")?;
        out.flush()?;
    }
    Ok(())
}
