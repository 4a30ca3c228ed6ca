//! Output a user reads, pinned with insta (`cargo insta review` accepts a change): the table of
//! `lognoise mine` and the sentence of an error.

use super::common::*;

/// Runs `lognoise ARGS` from the repository's root (so that paths print the same everywhere)
/// and returns its standard output and standard error.
fn output(args: &[&str]) -> (String, String) {
    let out = lognoise()
        .args(args)
        .current_dir(repo_file("Cargo.toml").parent().unwrap())
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn mine_prints_a_table_of_templates_by_volume() {
    let (stdout, _) = output(&["mine", "tests/fixtures/app.log"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_missing_file_gets_one_sentence_saying_what_to_do() {
    let (stdout, stderr) = output(&["mine", "tests/fixtures/no-such.log"]);
    assert_eq!(stdout, "");
    insta::assert_snapshot!(stderr);
}
