//! How a log line writes its level: a word of its header (`INFO`, `[notice]`, `<warn>`), the
//! value of a structured field (`"level":"warn"`) or a logfmt field (`level=warn`). The header
//! grammar and the JSON splitter both read levels, so the vocabulary lives here, below both.

/// The level names, by their exact spelling (a `match` compiles to a length switch and a few
/// integer compares, where a table would be scanned entry by entry for every header word).
fn known_level(core: &[u8]) -> Option<&'static str> {
    Some(match core {
        b"INFO" => "INFO",
        b"WARN" => "WARN",
        b"WARNING" => "WARNING",
        b"ERROR" => "ERROR",
        b"DEBUG" => "DEBUG",
        b"TRACE" => "TRACE",
        b"FATAL" => "FATAL",
        b"CRITICAL" => "CRITICAL",
        b"CRIT" => "CRIT",
        b"NOTICE" => "NOTICE",
        b"ALERT" => "ALERT",
        b"EMERG" => "EMERG",
        b"EMERGENCY" => "EMERGENCY",
        b"SEVERE" => "SEVERE",
        b"FAILURE" => "FAILURE",
        b"FINE" => "FINE",
        b"FINER" => "FINER",
        b"FINEST" => "FINEST",
        b"VERBOSE" => "VERBOSE",
        b"Info" => "Info",
        b"Warn" => "Warn",
        b"Warning" => "Warning",
        b"Error" => "Error",
        b"Debug" => "Debug",
        b"Trace" => "Trace",
        b"Fatal" => "Fatal",
        b"Critical" => "Critical",
        b"Notice" => "Notice",
        b"info" => "info",
        b"warn" => "warn",
        b"warning" => "warning",
        b"error" => "error",
        b"debug" => "debug",
        b"trace" => "trace",
        b"fatal" => "fatal",
        b"crit" => "crit",
        b"notice" => "notice",
        b"alert" => "alert",
        b"emerg" => "emerg",
        _ => return None,
    })
}

/// The level name inside a word such as `INFO`, `[notice]`, `<warn>`, `ERROR:` or `Info,`.
pub fn level_name(w: &[u8]) -> Option<&'static str> {
    level_in_word(w).map(|(_, name)| name)
}

/// [`level_name`] with the byte offset of the name in the word.
#[inline]
pub fn level_in_word(w: &[u8]) -> Option<(usize, &'static str)> {
    // Most header words are numbers or names: the first byte tells (a bracket, or the first
    // letter of a level name in either case). The test is inlined, so those words cost no call.
    let first = w.first()?.to_ascii_uppercase();
    if !matches!(
        first,
        b'[' | b'<'
            | b'('
            | b'I'
            | b'W'
            | b'E'
            | b'D'
            | b'T'
            | b'F'
            | b'C'
            | b'N'
            | b'A'
            | b'S'
            | b'V'
    ) {
        return None;
    }
    level_after_first(w)
}

/// [`level_in_word`] once the first byte may start a level.
fn level_after_first(w: &[u8]) -> Option<(usize, &'static str)> {
    let mut a = 0;
    let mut z = w.len();
    while a < z && matches!(w[a], b'[' | b'<' | b'(') {
        a += 1;
    }
    while z > a && matches!(w[z - 1], b']' | b'>' | b')' | b':' | b',') {
        z -= 1;
    }
    let core = &w[a..z];
    if !(3..=9).contains(&core.len())
        || !matches!(
            core[0].to_ascii_uppercase(),
            b'I' | b'W' | b'E' | b'D' | b'T' | b'F' | b'C' | b'N' | b'A' | b'S' | b'V'
        )
    {
        return None;
    }
    let s = known_level(core)?;
    // Lower-case level names are ordinary words (`Link error`) unless marked as a field:
    // `[error]`, `<warn>`, `error:`.
    let marked = a > 0 || z < w.len();
    (marked || !s.as_bytes()[0].is_ascii_lowercase()).then_some((a, s))
}

/// Keys whose string value is the event's level (`"level":"warn"`), as structured loggers
/// write it (logrus and zap `level`, Google Cloud and Bunyan-style `severity`, `lvl`).
pub const LEVEL_KEYS: &[&str] = &["level", "severity", "lvl"];

/// The level name (`INFO`, `WARN`...) a JSON level value stands for. The value is a field of its
/// own, so a lower-case name (`"warn"`, the usual spelling) is a level too, where the header's
/// test refuses bare lower-case names because in a message they are ordinary words.
pub fn level_value(value: &[u8]) -> Option<&'static str> {
    let mut upper = [0u8; 16];
    let v = upper.get_mut(..value.len())?;
    v.copy_from_slice(value);
    v.make_ascii_uppercase();
    level_name(v)
}

/// Fields of a logfmt message looked at for its level: logfmt loggers write it among the first
/// (`time=... level=info msg=...`), and looking further would cost every line of every log.
const LOGFMT_LEVEL_FIELDS: usize = 4;

/// The byte range of the level value of a logfmt message (`level=warn`, `lvl="info"`,
/// `severity=error`) among the first of `words`, when it names a level.
pub fn logfmt_level(b: &[u8], words: &[(u32, u32)]) -> Option<(u32, u32)> {
    for &(s, e) in words.iter().take(LOGFMT_LEVEL_FIELDS) {
        let w = &b[s as usize..e as usize];
        // Every level key starts with one of these letters: most words stop here.
        if !matches!(w.first(), Some(b'l' | b's')) {
            continue;
        }
        let Some(eq) = w.iter().position(|&c| c == b'=') else {
            continue;
        };
        if !LEVEL_KEYS.iter().any(|k| k.as_bytes() == &w[..eq]) {
            continue;
        }
        let (mut a, mut z) = (eq + 1, w.len());
        if z >= a + 2 && w[a] == b'"' && w[z - 1] == b'"' {
            (a, z) = (a + 1, z - 1);
        }
        if level_value(&w[a..z]).is_some() {
            return Some((s + a as u32, s + z as u32));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_values_in_any_case() {
        assert_eq!(level_value(b"warn"), Some("WARN"));
        assert_eq!(level_value(b"Info"), Some("INFO"));
        assert_eq!(level_value(b"notalevel"), None);
        assert_eq!(level_value(&[b'w'; 40]), None);
    }

    #[test]
    fn logfmt_levels_among_the_first_fields() {
        fn level_of(s: &str) -> Option<&str> {
            let words = crate::words::words_of(s);
            logfmt_level(s.as_bytes(), &words).map(|(a, z)| &s[a as usize..z as usize])
        }
        assert_eq!(
            level_of("time=2026-03-02T10:15:01Z level=debug msg=fetched"),
            Some("debug")
        );
        assert_eq!(
            level_of(r#"ts=1 lvl="warn" msg="slow query""#),
            Some("warn")
        );
        assert_eq!(level_of("severity=ERROR code=500"), Some("ERROR"));
        assert_eq!(level_of("level=chatty msg=x"), None);
        assert_eq!(level_of("a=1 b=2 c=3 d=4 level=info"), None);
        assert_eq!(level_of("sleeping level warn"), None);
        assert_eq!(level_of(r#"level=" msg=x"#), None);
    }
}
