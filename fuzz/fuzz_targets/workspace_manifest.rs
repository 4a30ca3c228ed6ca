//! A workspace's `workspace.json`, as every command opening a workspace reads it: any bytes
//! give a manifest or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One folder for every run: the manifest is rewritten in place.
fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fuzz_target!(|data: &[u8]| {
    let root = dir().path();
    if std::fs::write(root.join("workspace.json"), data).is_ok() {
        let _ = lognoise_workspace::Manifest::read(root);
    }
});
