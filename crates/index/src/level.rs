//! The level of an event, when its line says it.

use lognoise_miner::header;

/// Words looked at for a header; headers are short.
const HEADER_WORDS: usize = 12;

/// The level (lower case: `info`, `warn`, `error`...) from the line's header, or from a
/// `"level"`/`"severity"` key of a JSON message.
pub(crate) fn level_of(message: &str) -> Option<String> {
    let b = message.as_bytes();
    if b.first() == Some(&b'{') {
        return json_level(message);
    }
    let mut words: Vec<(u32, u32)> = Vec::with_capacity(HEADER_WORDS);
    let mut i = 0;
    while i < b.len() && words.len() < HEADER_WORDS {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i > s {
            words.push((s as u32, i as u32));
        }
    }
    let h = header::detect(b, &words);
    let (s, e) = words.get(h.level_word?)?;
    header::level_name(&b[*s as usize..*e as usize]).map(str::to_ascii_lowercase)
}

fn json_level(message: &str) -> Option<String> {
    for key in ["\"level\"", "\"severity\"", "\"lvl\""] {
        let Some(k) = message.find(key) else {
            continue;
        };
        let rest = message[k + key.len()..].trim_start().strip_prefix(':')?;
        let value = rest.trim_start().strip_prefix('"')?;
        let end = value.find('"')?;
        return header::level_name(&value.as_bytes()[..end]).map(str::to_ascii_lowercase);
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
        assert_eq!(level_of("Order 17 persisted in 12 ms"), None);
    }
}
