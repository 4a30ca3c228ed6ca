//! The level of an event, when its line says it.

use crate::search::level_name;
use lognoise_miner::{level_of_line, level_value, LEVEL_KEYS};

/// The level (lower case: `info`, `warn`, `error`...) from the line's header, from a
/// `"level"`/`"severity"` key of a JSON message, or from a `level=` field of a logfmt one.
pub(crate) fn level_of(message: &str) -> Option<String> {
    if message.starts_with('{') {
        return json_level(message);
    }
    level_of_line(message).map(level_name)
}

fn json_level(message: &str) -> Option<String> {
    for key in LEVEL_KEYS {
        let quoted = format!("\"{key}\"");
        let Some(k) = message.find(&quoted) else {
            continue;
        };
        let rest = message[k + quoted.len()..].trim_start().strip_prefix(':')?;
        let value = rest.trim_start().strip_prefix('"')?;
        let end = value.find('"')?;
        return level_value(&value.as_bytes()[..end]).map(level_name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_headers_and_json() {
        assert_eq!(
            level_of("2015-10-18 18:01:47,978 ERROR [main] org.x.Y: boom").as_deref(),
            Some("error")
        );
        assert_eq!(
            level_of(r#"{"ts":"x","level":"WARN","msg":"slow"}"#).as_deref(),
            Some("warn")
        );
        assert_eq!(
            level_of(r#"{"level":"warn","ts":"x","msg":"Payment declined"}"#).as_deref(),
            Some("warn")
        );
        assert_eq!(
            level_of(r#"{"severity": "error", "msg":"boom"}"#).as_deref(),
            Some("error")
        );
        assert_eq!(level_of(r#"{"level":"verbose-ish","msg":"x"}"#), None);
        assert_eq!(level_of("Order 17 persisted in 12 ms"), None);
        assert_eq!(
            level_of("time=2026-03-02T10:15:01Z level=debug msg=fetched").as_deref(),
            Some("debug")
        );
    }
}
