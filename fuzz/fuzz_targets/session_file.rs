//! A session file (`sessions/<name>.json`), as `lognoise session` and the app open it: any
//! bytes give a session or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(session) = lognoise_session::from_json(Path::new("fuzz.json"), data) {
        // What was read can be written again.
        let _ = lognoise_session::to_json(&session);
    }
});
