//! What the CLI tests share: the binary under test, the repository's fixtures (a missing one
//! fails the test that asked, naming it), and running a command on a workspace.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `lognoise` binary Cargo built for these tests.
pub fn lognoise() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lognoise"))
}

/// A file of the repository, by its path from the root; panics when it does not exist.
pub fn repo_file(path: &str) -> PathBuf {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    assert!(file.is_file(), "test input {} is missing", file.display());
    file
}

/// A fixture shared by the crates' tests (`tests/fixtures`).
pub fn fixture(name: &str) -> PathBuf {
    repo_file(&format!("tests/fixtures/{name}"))
}

/// A fixture of the miner's own tests (`crates/miner/tests/fixtures`).
pub fn miner_fixture(name: &str) -> PathBuf {
    repo_file(&format!("crates/miner/tests/fixtures/{name}"))
}

/// Runs `lognoise import FILES --workspace WS` (the workspace is created when missing), for
/// the caller to check its outcome.
pub fn import(ws: &Path, files: &[&Path]) -> assert_cmd::assert::Assert {
    lognoise()
        .arg("import")
        .args(files)
        .arg("--workspace")
        .arg(ws)
        .assert()
}

/// Runs `lognoise ARGS --workspace WS` as the user `tester`, checks that it succeeded and
/// returns its standard output.
pub fn run(ws: &Path, args: &[&str]) -> String {
    let out = lognoise()
        .args(args)
        .arg("--workspace")
        .arg(ws)
        .env("USER", "tester")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The id of the row whose text is `text` in the review queue of `session` (`session show
/// --json`); panics, showing the queue, when there is none.
pub fn queue_row_id(ws: &Path, session: &str, text: &str) -> String {
    let queue: serde_json::Value = serde_json::from_str(&run(
        ws,
        &["session", "show", "--session", session, "--json"],
    ))
    .unwrap();
    queue["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["text"] == text)
        .unwrap_or_else(|| panic!("no row {text:?} in {queue:#}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}
