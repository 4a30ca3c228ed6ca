//! Tests of review sessions, by theme: the file format and its round trip, saving under a
//! process killed at random points, carry-over, the review queue, merges and splits, and the
//! meeting summary, on real workspaces made by importing small logs.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod billed;
mod carry;
mod classes;
mod crash;
mod curate;
mod props;
mod queue;
mod summary;

use lognoise_index::{import, ImportOptions};
use lognoise_session::{NewSession, SessionFile, TemplateId};
use lognoise_workspace::Workspace;
use std::fmt::Write as _;
use std::path::Path;

/// 2026-03-02T00:00:00Z.
pub const T0: i64 = 1_772_409_600_000;
pub const HOUR: i64 = 3_600_000;

/// One log line for the fixtures: group, message.
pub type Line<'a> = (&'a str, String);

/// Imports `lines` as CloudWatch-style JSON lines spread evenly over the hour starting at
/// `start_ms` (the last at `start_ms + HOUR - 1`, so the window is one hour).
pub fn import_hour(ws: &mut Workspace, dir: &Path, name: &str, start_ms: i64, lines: &[Line]) {
    let mut text = String::new();
    let n = lines.len().max(2) as i64;
    for (i, (group, message)) in lines.iter().enumerate() {
        let t = start_ms + (i as i64) * (HOUR - 1) / (n - 1);
        let event = serde_json::json!({
            "timestamp": t,
            "logGroup": group,
            "logStream": "s1",
            "message": message,
        });
        writeln!(text, "{event}").unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    import(ws, &[path], &ImportOptions::default(), &mut |_| {}).unwrap();
}

/// `n` copies of a message template, `{}` replaced by 0, 1, 2...
pub fn lines<'a>(group: &'a str, n: usize, template: &str) -> Vec<Line<'a>> {
    (0..n)
        .map(|i| (group, template.replace("{}", &format!("{}", 1000 + i))))
        .collect()
}

/// The id of the workspace template with this text.
pub fn id_of(ws: &Workspace, text: &str) -> TemplateId {
    ws.templates()
        .templates()
        .iter()
        .find(|t| t.text == text)
        .unwrap_or_else(|| {
            let all: Vec<&str> = ws
                .templates()
                .templates()
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            panic!("no template {text:?} in {all:?}")
        })
        .id
}

pub fn new_session(ws: &Workspace, name: &str, at_ms: i64) -> SessionFile {
    let mut file = SessionFile::create(
        ws,
        NewSession {
            name: name.into(),
            reviewers: vec!["ana".into(), "bo".into()],
            created_at_ms: Some(at_ms),
            ..NewSession::default()
        },
    )
    .unwrap();
    file.set_actor("ana");
    file
}
