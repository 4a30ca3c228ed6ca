//! Finds the header of a raw log line (timestamp, level, host, process, thread, logger) so that
//! templates describe the message, not the envelope.
//!
//! No format is asked of the user, so the header is recognised by a small grammar that covers
//! the common envelopes: syslog (`Jun 14 15:16:01 host sshd[42]:`), log4j/logback/Python
//! (`2015-10-18 18:01:47,978 INFO [main] org.x.Y:`), Apache (`[Sun Dec 04 ...] [notice]`),
//! klog/Android (`... 1702 2395 D Tag:`), Lambda (`<ISO> <request id> INFO`) and columnar
//! machine logs with an epoch time (`134681 node-246 unix.hw state 1077804742 1`).
//! A header must start with a timestamp or a number; a line that does not is all message, which
//! keeps plain messages (`ERROR IN CONTACTING RM.`) whole.
//!
//! Header fields vary independently of the message (a thread name, the level of one event
//! logged at INFO and at FATAL), so leaving them in would split one event into many templates.

use crate::level::{level_in_word, level_name};
use crate::recognise::time::is_time_word;
use crate::recognise::{self, time};

/// What [`detect`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Number of words the header spans (0: no header).
    pub words: usize,
    /// Index of the word holding the level, when one was found.
    pub level_word: Option<usize>,
    /// Byte range of the level name in the line (`INFO` in `[INFO]`), when that word names
    /// one: found while the header is read, so the scanner need not read the word again.
    pub level: Option<(u32, u32)>,
}

/// The message part of a raw line: what its template describes, after any header. Rules and
/// tests that match lines against templates match this part.
pub fn message_part(line: &str) -> &str {
    let words = crate::words::words_of(line);
    let h = detect(line.as_bytes(), &words);
    match words.get(h.words) {
        Some(&(s, _)) if h.words > 0 => &line[s as usize..],
        _ => line,
    }
}

/// The level a text line names, as the miner reads it: in its header (`INFO`, `[notice]` as
/// `notice`...), or else in a logfmt field of its message (`level=warn`, see
/// [`crate::level::logfmt_level`]); `None` when it names none.
pub fn level_of_line(line: &str) -> Option<&'static str> {
    let b = line.as_bytes();
    let words = crate::words::words_of(line);
    let h = detect(b, &words);
    if let Some(k) = h.level_word {
        let (s, e) = *words.get(k)?;
        return level_name(&b[s as usize..e as usize]);
    }
    let message = words.get(h.words..).unwrap_or_default();
    let (a, z) = crate::level::logfmt_level(b, message)?;
    crate::level::level_value(&b[a as usize..z as usize])
}

/// `20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579`: a header whose fields
/// are joined by `|` into the first word. When the first field is a timestamp, the first word
/// is cut after its last `|` (dropped if nothing follows) and the message start is returned.
pub fn pipe_header(b: &[u8], words: &mut Vec<(u32, u32)>) -> Option<u32> {
    let &(s, e) = words.first()?;
    let w = &b[s as usize..e as usize];
    let first_pipe = w.iter().position(|&c| c == b'|')?;
    let last_pipe = w.iter().rposition(|&c| c == b'|')?;
    if first_pipe == last_pipe || !is_time_word(&w[..first_pipe]) {
        return None;
    }
    let cut = s + last_pipe as u32 + 1;
    if cut < e {
        words[0].0 = cut;
        Some(cut)
    } else {
        words.remove(0);
        words.first().map(|w| w.0)
    }
}

/// Most words a header may span before the message must have started.
const MAX_HEADER_WORDS: usize = 14;

fn all_digits(w: &[u8]) -> bool {
    !w.is_empty() && w.iter().all(u8::is_ascii_digit)
}

/// Epoch seconds (10 digits, 2001-2033) or milliseconds (13 digits).
fn is_epoch(w: &[u8]) -> bool {
    // The length and the first digit first: they refuse nearly every word without a scan.
    (w.len() == 10 || w.len() == 13) && w[0] == b'1' && all_digits(w)
}

/// A word made of numbers and punctuation only (`148`, `081109`, `16:13:38.811`, `2005.06.03`,
/// `10.30`), or a UUID (request ids in Lambda headers).
fn is_numeric_word(w: &[u8]) -> bool {
    let w = trim_punct(w);
    if w.is_empty() {
        return false;
    }
    if recognise::network::uuid(w, 0, w.len()) == Some(w.len()) {
        return true;
    }
    if !(w[0].is_ascii_digit() || (w[0] == b'-' && w.len() > 1)) {
        return false;
    }
    recognise::number::numeric_run(w, 0, w.len()) == w.len()
}

fn trim_punct(w: &[u8]) -> &[u8] {
    let mut a = 0;
    let mut z = w.len();
    while a < z && matches!(w[a], b'[' | b'(' | b'<' | b'"') {
        a += 1;
    }
    while z > a && matches!(w[z - 1], b']' | b')' | b'>' | b',' | b':' | b'"' | b';') {
        z -= 1;
    }
    &w[a..z]
}

/// `sshd[24200]:`, `sshd(pam_unix)[19939]:`, `kernel[0]:`, `crond(pam_unix)[2915]:`.
fn is_syslog_tag(w: &[u8]) -> bool {
    let Some(body) = w.strip_suffix(b":") else {
        return false;
    };
    let Some(inner) = body.strip_suffix(b"]") else {
        return false;
    };
    let Some(open) = inner.iter().rposition(|&c| c == b'[') else {
        return false;
    };
    open > 0 && all_digits(&inner[open + 1..]) && body[0].is_ascii_alphabetic()
}

/// A logger or component that ends the header: `dfs.DataNode$PacketResponder:`,
/// `org.apache.hadoop.X:`, `UTC:10.0.3.17(52344):app@db:[1]:LOG:`. Plain words with a colon
/// (`declined:`) are message text.
fn is_logger(w: &[u8]) -> bool {
    w.len() > 1
        && w.ends_with(b":")
        && w[0] != b':'
        && w[..w.len() - 1]
            .iter()
            .any(|&c| matches!(c, b'.' | b'$' | b'[' | b'(' | b'_' | b'@' | b'/'))
}

/// `31#31:` (nginx error log: process and thread ids).
fn is_pid_tid(w: &[u8]) -> bool {
    let Some(body) = w.strip_suffix(b":") else {
        return false;
    };
    let mut parts = body.split(|&c| c == b'#');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if all_digits(a) && all_digits(b))
}

/// A plain `name:` (a tag after a level or a syslog host).
fn is_tag(w: &[u8]) -> bool {
    w.len() > 1
        && w.ends_with(b":")
        && w[0].is_ascii_alphabetic()
        && !w[..w.len() - 1].contains(&b':')
}

/// A label before the timestamp (`-`, `KERNDTLB`): a dash or one upper-case word.
fn is_label(w: &[u8]) -> bool {
    w == b"-"
        || (w.len() <= 16
            && w.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
            && w[0].is_ascii_uppercase())
}

/// The timestamp at the start of `words`, as the number of words it takes (0 if none).
fn timestamp_words(b: &[u8], words: &[(u32, u32)]) -> usize {
    if let Some(run) = time::date_run(b, words) {
        return run.tokens;
    }
    let (s, e) = words[0];
    let w = &b[s as usize..e as usize];
    // A bracketed timestamp over several words: `[10.30 16:49:06]`.
    if w.starts_with(b"[") && !w.ends_with(b"]") {
        for (k, &(s2, e2)) in words.iter().enumerate().take(4) {
            let part = &b[s2 as usize..e2 as usize];
            if !is_numeric_word(part) {
                return 0;
            }
            if part.ends_with(b"]") {
                return k + 1;
            }
        }
        return 0;
    }
    let t = trim_punct(w);
    if is_time_word(t) {
        return 1;
    }
    // Compact dates and `mm-dd` need a time next to them: `081109 203615`, `03-17 16:13:38.811`.
    let compact = all_digits(t) && (t.len() == 6 || t.len() == 8);
    let month_day = t.len() == 5 && t[2] == b'-' && all_digits(&t[..2]) && all_digits(&t[3..]);
    if (compact || month_day) && words.len() > 1 {
        let (s2, e2) = words[1];
        let next = trim_punct(&b[s2 as usize..e2 as usize]);
        if is_time_word(next) || (all_digits(next) && next.len() == 6) {
            return 2;
        }
    }
    0
}

/// Finds the header of the line whose words are `words` (byte ranges into `b`).
pub fn detect(b: &[u8], words: &[(u32, u32)]) -> Header {
    let none = Header::default();
    if words.len() < 2 {
        return none;
    }
    let word = |k: usize| -> &[u8] {
        let (s, e) = words[k];
        &b[s as usize..e as usize]
    };
    // 1. A timestamp (or a number) first, maybe after a label.
    let mut i = 0;
    let mut ts = timestamp_words(b, words);
    if ts == 0 && is_label(word(0)) && words.len() > 2 {
        ts = timestamp_words(b, &words[1..]);
        if ts > 0 {
            i = 1;
        }
    }
    if ts == 0 && is_label(word(0)) && words.len() > 2 && is_epoch(word(1)) {
        ts = 1;
        i = 1;
    }
    let starts_with_number = ts == 0 && is_numeric_word(word(0));
    if ts == 0 && !starts_with_number {
        // A leading file or source name, then a timestamp (`nova-api.log.1.2017-05-16 ...`).
        if words.len() > 3 && !is_label(word(0)) {
            // The cheap test first: a file name carries digits (a date, a rotation number).
            if word(0).iter().any(u8::is_ascii_digit) {
                let after = timestamp_words(b, &words[1..]);
                if after > 0 {
                    i = 1;
                    ts = after;
                }
            }
        }
        if ts == 0 {
            return none;
        }
    }
    // A run of words that starts with a month name is a syslog timestamp (`Jun 14 15:16:01`).
    let syslog_date = ts >= 2 && {
        let (s, e) = words[i];
        let w = &b[s as usize..e as usize];
        w.len() >= 3 && time::is_short_name(&w[..3])
    };
    i += ts;
    let after_timestamp = i;
    // 2. Scan for what ends a header: a level, a syslog tag, a logger, an epoch column.
    let limit = words.len().min(MAX_HEADER_WORDS);
    let mut epoch_end = None;
    let mut k = i;
    while k < limit {
        if epoch_end.is_some_and(|e| k >= e) {
            break;
        }
        let w = word(k);
        // Quoted text, a `key=value` field or the statement's own `file.go:N]` is message:
        // a header holds none, so a word of the message that looks like a logger
        // (`docker.io/x:1.5:`, `(PLEG):`) is not taken for one.
        if w.iter().any(|&c| c == b'"' || c == b'=') || crate::recognise::is_source_location(w) {
            break;
        }
        if let Some((offset, name)) = level_in_word(w) {
            let end = after_level(b, words, k + 1, limit);
            let start = words[k].0 + offset as u32;
            let mut h = finish(words, end, Some(k));
            if h.level_word.is_some() {
                h.level = Some((start, start + name.len() as u32));
            }
            return h;
        }
        if is_single_letter_level(w)
            && k > 0
            && is_numeric_word(word(k - 1))
            && k + 1 < words.len()
            && is_tag(word(k + 1))
        {
            return finish(words, k + 2, Some(k));
        }
        if is_syslog_tag(w) || (ts > 0 && is_logger(w)) {
            return finish(words, k + 1, None);
        }
        if syslog_date && k == after_timestamp + 1 && is_tag(w) {
            return finish(words, k + 1, None);
        }
        // Trimming only shortens a word, and an epoch has ten digits or more.
        // Only in a header without a time of its own: after one, a long number is a value
        // of the message (a connection id), not a time column.
        if starts_with_number && k > 0 && k < 8 && w.len() >= 10 && is_epoch(trim_punct(w)) {
            let mut e = k + 1;
            let small_number = |w: &[u8]| {
                let w = w.strip_prefix(b"-").unwrap_or(w);
                all_digits(w) && w.len() <= 4
            };
            while e < limit && small_number(word(e)) {
                e += 1;
            }
            epoch_end = Some(e);
        }
        k += 1;
    }
    if let Some(e) = epoch_end {
        return finish(words, e, None);
    }
    if ts == 0 {
        return none;
    }
    // 3. Only a timestamp: strip it with the numbers right after it (milliseconds, pids).
    let mut e = after_timestamp;
    while e < words.len() && is_numeric_word(word(e)) && e < MAX_HEADER_WORDS {
        e += 1;
    }
    finish(words, e, None)
}

/// Opening minus closing square brackets in `w`. Only the depth at the end of a word is
/// looked at, so a word's brackets are counted in one branch-free sum.
fn bracket_balance(w: &[u8]) -> i32 {
    w.iter()
        .map(|&c| i32::from(c == b'[') - i32::from(c == b']'))
        .sum()
}

/// `D`, `I`, `W`, `E`, `V`, `F`: Android and klog levels, only trusted between a number and a tag.
fn is_single_letter_level(w: &[u8]) -> bool {
    w.len() == 1 && matches!(w[0], b'V' | b'D' | b'I' | b'W' | b'E' | b'F')
}

/// After a level: an optional bracketed thread (which may hold spaces), `-` separators, and a
/// logger (`org.x.Y:` or a dotted name before a bracketed context).
fn after_level(b: &[u8], words: &[(u32, u32)], mut k: usize, limit: usize) -> usize {
    let word = |k: usize| -> &[u8] {
        let (s, e) = words[k];
        &b[s as usize..e as usize]
    };
    let n = words.len();
    let skip_dash = |k: usize| if k < n && word(k) == b"-" { k + 1 } else { k };
    k = skip_dash(k);
    // [thread name with spaces]
    if k < n && word(k).starts_with(b"[") {
        let mut depth = 0i32;
        let mut j = k;
        while j < n.min(k + 10) {
            depth += bracket_balance(word(j));
            j += 1;
            if depth <= 0 {
                break;
            }
        }
        if depth <= 0 {
            k = j;
        }
    }
    k = skip_dash(k);
    // nginx's `pid#tid:` after the level.
    if k < n && is_pid_tid(word(k)) {
        k += 1;
    }
    if k < n && (is_logger(word(k)) || is_tag(word(k))) {
        k += 1;
    } else if k + 1 < n
        && word(k).contains(&b'.')
        && word(k)
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$'))
    {
        // `nova.osapi_compute.wsgi.server [req-... - - -] message`, `myapp.module - message`
        let next = word(k + 1);
        if next == b"-" {
            k += 2;
        } else if next.starts_with(b"[") {
            let mut j = k + 1;
            while j < n.min(k + 12) {
                let done = word(j).ends_with(b"]");
                j += 1;
                if done {
                    k = j;
                    break;
                }
            }
        }
    }
    let _ = limit;
    skip_dash(k)
}

fn finish(words: &[(u32, u32)], end: usize, level_word: Option<usize>) -> Header {
    // A header never takes the whole line: with nothing left it is the message.
    if end == 0 || end >= words.len() {
        return Header::default();
    }
    Header {
        words: end,
        level_word,
        level: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn body(line: &str) -> &str {
        let b = line.as_bytes();
        let words = crate::words::words_of(line);
        let h = detect(b, &words);
        if h.words == 0 {
            return line;
        }
        &line[words[h.words].0 as usize..]
    }

    #[test]
    fn common_envelopes() {
        assert_eq!(body("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating"), "PacketResponder 1 for block blk_1 terminating");
        assert_eq!(
            body("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown"),
            "check pass; user unknown"
        );
        assert_eq!(
            body("Jun  9 06:06:20 combo kernel: Linux version 2.6.5"),
            "Linux version 2.6.5"
        );
        assert_eq!(body("2015-10-18 18:01:47,978 INFO [RMCommunicator Allocator] org.apache.hadoop.X: ERROR IN CONTACTING RM."), "ERROR IN CONTACTING RM.");
        assert_eq!(
            body("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/x"),
            "workerEnv.init() ok /etc/x"
        );
        assert_eq!(body("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected"), "instruction cache parity error corrected");
        assert_eq!(body("134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component x"), "Component State Change: Component x");
        assert_eq!(body("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200"), "Notification time out: 3200");
        assert_eq!(
            body("17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi"),
            "Changing view acls to: yarn,curi"
        );
        assert_eq!(
            body("03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs"),
            "printFreezingDisplayLogs"
        );
        assert_eq!(body("2026-03-02T10:15:01.123Z\t3f2504e0-4f89-11d3-9a0c-0305e82c3301\tINFO\tOrder ord_1 persisted"), "Order ord_1 persisted");
        assert_eq!(body("20171223-22:15:29:606 x INFO y"), "y");
        assert_eq!(
            body("2026/03/02 10:15:01 [error] 31#31: *12 upstream timed out"),
            "*12 upstream timed out"
        );
        assert_eq!(
            body("2016-09-28 04:30:31, Info                  CBS    Loaded Servicing Stack"),
            "CBS    Loaded Servicing Stack"
        );
    }

    /// A line's level comes from its header, else from a logfmt field of the message after it.
    #[test]
    fn level_of_a_line_from_its_header_or_its_logfmt_fields() {
        for (line, level) in [
            (
                "2015-10-18 18:01:47,978 INFO [main] org.x.Y: started",
                Some("INFO"),
            ),
            (
                "time=2026-03-02T10:15:01Z level=debug msg=fetched",
                Some("DEBUG"),
            ),
            ("2026-03-02 10:15:01 a=1 b=2 c=3 lvl=\"warn\"", Some("WARN")),
            ("2026-03-02 10:15:01 a=1 b=2 c=3 d=4 level=warn", None),
            ("Order 17 persisted in 12 ms", None),
        ] {
            assert_eq!(level_of_line(line), level, "{line}");
        }
    }

    /// The level's byte range found with the header is the name inside its word.
    #[test]
    fn level_range_is_the_name() {
        for (line, name) in [
            (
                "2015-10-18 18:01:47,978 INFO [main] org.x.Y: started",
                Some("INFO"),
            ),
            (
                "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok",
                Some("notice"),
            ),
            (
                "2026/03/02 10:15:01 [error] 31#31: *12 upstream timed out",
                Some("error"),
            ),
            ("03-17 16:13:38.811  1702  2395 D WindowManager: x", None),
            (
                "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass",
                None,
            ),
        ] {
            let words = crate::words::words_of(line);
            let h = detect(line.as_bytes(), &words);
            let got = h.level.map(|(a, z)| &line[a as usize..z as usize]);
            assert_eq!(got, name, "{line}");
        }
    }

    #[test]
    fn plain_messages_have_no_header() {
        for line in [
            "ERROR IN CONTACTING RM.",
            "10.251.194.213:50010 Served block blk_-7724713468912166542 to /10.251.203.80",
            "5 items processed in 12 ms",
            "203.0.113.5 - - [02/Mar/2026:10:15:01 +0000] \"GET /health HTTP/1.1\" 200 2",
            "2024-01-01T10:00:00Z",
            "running",
            "1 ddr errors(s) detected and corrected on rank 0, symbol 25, bit 1",
            "10.0.0.1:8080 refused",
            "2.6.5 is the version",
        ] {
            assert_eq!(body(line), line, "{line}");
        }
    }
}
