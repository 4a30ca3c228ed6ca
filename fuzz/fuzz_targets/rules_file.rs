//! A rules file (`lognoise.rules/v1`), as `lognoise check` reads it: any bytes give a rule set
//! or an error, and a rule set read builds its matcher or says why not, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = lognoise_rules::RuleSet::from_json(data, Path::new("fuzz.rules.json")) {
        if let Ok(matcher) = lognoise_rules::Matcher::new(&set) {
            let _ = matcher.first_match("GET /health 200 in 3 ms", None);
        }
    }
});
