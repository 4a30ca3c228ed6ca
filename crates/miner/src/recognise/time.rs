//! Timestamps written over several words (`Fri Jun 17 07:07:00 2005`, `Jun 14 15:16:01`,
//! `2015-10-18 18:01:47,978`, `Tue, 10 Mar 2015 10:00:00 GMT`). One timestamp is one variable:
//! as separate words it would give `<*> <*> <*> <*>`, which no reader (and no benchmark) wants.
//! Single-word timestamps (ISO-8601, epoch, `10/Oct/2000:13:55:36`) are numeric runs.

/// A multi-word timestamp found at the start of a word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRun {
    /// Number of words it spans (at least 2).
    pub tokens: usize,
    /// Bytes of punctuation before it in the first word (`[`).
    pub prefix: usize,
    /// Bytes of punctuation after it in the last word (`]`, `,`, `:`).
    pub suffix: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Weekday,
    Month,
    Day,
    Time,
    Year,
    Zone,
    Date,
    /// Date and time in one word with a month name: Apache/nginx `10/Oct/2000:13:55:36`.
    DateTime,
    Meridiem,
}

const MONTHS: &[&str] = &[
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &[
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn all_digits(w: &[u8]) -> bool {
    !w.is_empty() && w.iter().all(u8::is_ascii_digit)
}

/// `hh:mm`, `hh:mm:ss`, with optional fraction (`.123` or `,123`).
fn is_time(w: &[u8]) -> bool {
    let mut parts = 0;
    let mut i = 0;
    while i < w.len() {
        let s = i;
        while i < w.len() && w[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - s;
        if len == 0 || len > 2 {
            return false;
        }
        parts += 1;
        if i == w.len() {
            break;
        }
        match w[i] {
            b':' if parts < 3 => i += 1,
            b'.' | b',' if parts == 3 => return all_digits(&w[i + 1..]),
            _ => return false,
        }
    }
    parts >= 2
}

/// `yyyy-mm-dd`, `yyyy/mm/dd`, `dd/mm/yyyy`, `yy/mm/dd`, `yyyy.mm.dd` (maybe with a `T` time).
fn is_date(w: &[u8]) -> bool {
    let mut groups = [0usize; 3];
    let mut n = 0;
    let mut i = 0;
    let mut sep = 0u8;
    while i < w.len() && n < 3 {
        let s = i;
        while i < w.len() && w[i].is_ascii_digit() {
            i += 1;
        }
        groups[n] = i - s;
        n += 1;
        if i < w.len() && n < 3 {
            if !matches!(w[i], b'-' | b'/' | b'.') || (sep != 0 && sep != w[i]) {
                return false;
            }
            sep = w[i];
            i += 1;
        }
    }
    if n != 3 || groups.contains(&0) {
        return false;
    }
    let shape_ok = (groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2)
        || (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 4 || groups[2] == 2));
    shape_ok && (i == w.len() || w[i] == b'T')
}

/// Cheap test of the first word: only a month or weekday name or a number can start a run.
#[inline]
fn may_start(mut w: &[u8]) -> bool {
    if let Some(rest) = w.strip_prefix(b"[").or_else(|| w.strip_prefix(b"(")) {
        w = rest;
    }
    let Some(&c) = w.first() else {
        return false;
    };
    if c.is_ascii_uppercase() {
        // Month and weekday names, full or short, start with their three-letter form.
        return w.len() >= 3 && is_short_name(&w[..3]);
    }
    c.is_ascii_digit()
        && (w.len() <= 4 || w.iter().any(|&x| matches!(x, b'-' | b'/' | b'.' | b':')))
}

/// True for the three-letter form of a month or weekday (`Jun`, `Fri`).
#[inline]
pub fn is_short_name(w: &[u8]) -> bool {
    short_name(w).is_some()
}

/// The three bytes of a short name as one integer, so that names are told apart by one
/// integer `match` rather than by comparing slices one after the other.
const fn name_key(s: &[u8; 3]) -> u32 {
    u32::from_le_bytes([s[0], s[1], s[2], 0])
}

const JAN: u32 = name_key(b"Jan");
const FEB: u32 = name_key(b"Feb");
const MAR: u32 = name_key(b"Mar");
const APR: u32 = name_key(b"Apr");
const MAY: u32 = name_key(b"May");
const JUN: u32 = name_key(b"Jun");
const JUL: u32 = name_key(b"Jul");
const AUG: u32 = name_key(b"Aug");
const SEP: u32 = name_key(b"Sep");
const OCT: u32 = name_key(b"Oct");
const NOV: u32 = name_key(b"Nov");
const DEC: u32 = name_key(b"Dec");
const MON: u32 = name_key(b"Mon");
const TUE: u32 = name_key(b"Tue");
const WED: u32 = name_key(b"Wed");
const THU: u32 = name_key(b"Thu");
const FRI: u32 = name_key(b"Fri");
const SAT: u32 = name_key(b"Sat");
const SUN: u32 = name_key(b"Sun");

/// The three-letter form of a month or weekday, and which it is.
#[inline]
fn short_name(w: &[u8]) -> Option<Part> {
    let &[a, b, c] = w else {
        return None;
    };
    match name_key(&[a, b, c]) {
        JAN | FEB | MAR | APR | MAY | JUN | JUL | AUG | SEP | OCT | NOV | DEC => Some(Part::Month),
        MON | TUE | WED | THU | FRI | SAT | SUN => Some(Part::Weekday),
        _ => None,
    }
}

/// Month or weekday name: three-letter forms by a direct match, full names from the tables.
fn name_part(w: &[u8]) -> Option<Part> {
    if w.len() == 3 {
        return short_name(w);
    }
    if w.len() > 3 && w.len() <= 9 && is_short_name(&w[..3]) {
        if MONTHS.iter().any(|m| m.as_bytes() == w) {
            Some(Part::Month)
        } else if WEEKDAYS.iter().any(|d| d.as_bytes() == w) {
            Some(Part::Weekday)
        } else {
            None
        }
    } else {
        None
    }
}

/// What a word of a timestamp is. The first byte picks the only shapes it can have, so a word
/// is read by one family of tests: names and zones for capitals, digit groups for digits.
fn classify(w: &[u8]) -> Option<Part> {
    let first = *w.first()?;
    if first.is_ascii_digit() {
        return classify_numeric(w);
    }
    if first.is_ascii_lowercase() {
        return if matches!(w, b"am" | b"pm") {
            Some(Part::Meridiem)
        } else {
            None
        };
    }
    if first.is_ascii_uppercase() {
        if let Some(p) = name_part(w) {
            return Some(p);
        }
        if matches!(w, b"AM" | b"PM") {
            return Some(Part::Meridiem);
        }
        let zone_abbrev = (3..=4).contains(&w.len())
            && w.iter().all(u8::is_ascii_uppercase)
            && (w.ends_with(b"T") || w == b"UTC");
        return (zone_abbrev || w == b"Z").then_some(Part::Zone);
    }
    let zone_offset = w.len() == 5 && matches!(first, b'+' | b'-') && all_digits(&w[1..]);
    zone_offset.then_some(Part::Zone)
}

/// [`classify`] for a word that starts with a digit. The byte after the first digit group
/// tells which shape to try: all digits (a day or a year), `:` (a time), `-` `/` `.` (a date);
/// each of those shapes fails on any other first separator, so at most one is read.
fn classify_numeric(w: &[u8]) -> Option<Part> {
    let lead = w.iter().position(|c| !c.is_ascii_digit());
    let Some(lead) = lead else {
        return match w.len() {
            1 | 2 => Some(Part::Day),
            4 if (w[0] == b'1' && w[1] == b'9') || (w[0] == b'2' && w[1] == b'0') => {
                Some(Part::Year)
            }
            _ => None,
        };
    };
    match w[lead] {
        b':' if is_time(w) => return Some(Part::Time),
        b'-' | b'/' | b'.' if is_date(w) => return Some(Part::Date),
        _ => {}
    }
    (w[lead..].iter().any(u8::is_ascii_alphabetic) && crate::header::is_time_word(w))
        .then_some(Part::DateTime)
}

/// Looks for a multi-word timestamp at the start of `words` (byte ranges into `b`).
///
/// It is asked at every word of every line, and most words start with a lower-case letter or
/// punctuation, which no timestamp does: that test is inlined, the rest is a call.
#[inline]
pub fn date_run(b: &[u8], words: &[(u32, u32)]) -> Option<DateRun> {
    let &(s0, e0) = words.first()?;
    let (s0, e0) = (s0 as usize, e0 as usize);
    // The first byte after an opening bracket (an empty word is refused by `may_start`).
    let mut start = s0;
    let mut lead = *b.get(s0)?;
    if matches!(lead, b'[' | b'(') && s0 + 1 < e0 {
        start = s0 + 1;
        lead = *b.get(start)?;
    }
    if lead.is_ascii_uppercase() {
        // Capitalised words are common in messages and only month and weekday names start a
        // run: `may_start`'s test for them, done here to save the call for the others.
        let name = b.get(start..e0).and_then(|w| w.get(..3));
        if !name.is_some_and(is_short_name) {
            return None;
        }
    } else if !lead.is_ascii_digit() {
        return None;
    }
    date_run_after_lead(b, words)
}

/// [`date_run`] once the first word's lead byte may start a timestamp.
#[inline(never)]
fn date_run_after_lead(b: &[u8], words: &[(u32, u32)]) -> Option<DateRun> {
    let &(s0, e0) = words.first()?;
    let first = b.get(s0 as usize..e0 as usize)?;
    if !may_start(first) {
        return None;
    }
    // A bare day or year (`14`, `2005`) starts a run only before a month name or a date.
    if first.iter().all(u8::is_ascii_digit) {
        let &(s1, _) = words.get(1)?;
        let c = b[s1 as usize];
        if !(c.is_ascii_uppercase() || c.is_ascii_digit()) {
            return None;
        }
    }
    date_run_from(b, words)
}

#[inline(never)]
fn date_run_from(b: &[u8], words: &[(u32, u32)]) -> Option<DateRun> {
    let mut parts: [Option<Part>; 8] = [None; 8];
    let mut prefix = 0;
    let mut suffix = 0;
    let mut n = 0;
    for (k, &(s, e)) in words.iter().take(8).enumerate() {
        let w = &b[s as usize..e as usize];
        let mut a = 0;
        if k == 0 {
            while a < w.len() && matches!(w[a], b'[' | b'(') {
                a += 1;
            }
        }
        let mut z = w.len();
        while z > a && matches!(w[z - 1], b']' | b')' | b',' | b':' | b'.' | b';') {
            z -= 1;
        }
        let Some(part) = classify(&w[a..z]) else {
            break;
        };
        // A comma may follow a weekday (`Tue, 10 Mar`) or the last word; other punctuation only
        // the last word.
        let trailing = &w[z..];
        let comma_after_weekday = part == Part::Weekday && trailing == b",";
        parts[k] = Some(part);
        n = k + 1;
        prefix = if k == 0 { a } else { prefix };
        suffix = w.len() - z;
        if !trailing.is_empty() && !comma_after_weekday {
            break;
        }
        if k == 0 && a > 0 && trailing.is_empty() {
            continue;
        }
    }
    // Trim trailing words that cannot end a timestamp on their own (a bare small number after a
    // time is a count, not a day: `07:07:00 3 retries`).
    while n >= 2 {
        let last = parts[n - 1];
        let before = parts[n - 2];
        let keep = match last {
            Some(Part::Day) => matches!(before, Some(Part::Month) | Some(Part::Weekday)),
            Some(_) => true,
            None => false,
        };
        if keep {
            break;
        }
        n -= 1;
        let (s, e) = words[n - 1];
        let w = &b[s as usize..e as usize];
        let mut z = w.len();
        while z > 0 && matches!(w[z - 1], b']' | b')' | b',' | b':' | b'.' | b';') {
            z -= 1;
        }
        suffix = w.len() - z;
    }
    if n < 2 {
        return None;
    }
    // One bit per kind of part present, so each question below is a mask test.
    let mask = parts[..n]
        .iter()
        .flatten()
        .fold(0u16, |m, &p| m | 1 << p as u16);
    let seen = |p: Part| mask & (1 << p as u16) != 0;
    let named =
        seen(Part::Month) || seen(Part::Weekday) || seen(Part::Date) || seen(Part::DateTime);
    let timed = seen(Part::Time) || seen(Part::Day) || seen(Part::Year) || seen(Part::DateTime);
    // `Date` alone followed by a small number is not a timestamp run (`2005.06.03 R02`).
    let first = parts[0];
    let starts_well = matches!(
        first,
        Some(Part::Weekday)
            | Some(Part::Month)
            | Some(Part::Date)
            | Some(Part::DateTime)
            | Some(Part::Day)
            | Some(Part::Year)
    );
    if first == Some(Part::DateTime) && parts[1] != Some(Part::Zone) {
        return None;
    }
    if !(named && timed && starts_well) {
        return None;
    }
    if first == Some(Part::Day) && parts[1] != Some(Part::Month) {
        return None;
    }
    if first == Some(Part::Year) && !matches!(parts[1], Some(Part::Month) | Some(Part::Date)) {
        return None;
    }
    if first == Some(Part::Date) && !matches!(parts[1], Some(Part::Time)) {
        return None;
    }
    Some(DateRun {
        tokens: n,
        prefix,
        suffix,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn run(s: &str) -> Option<(usize, usize, usize)> {
        let mut words = Vec::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && b[i] == b' ' {
                i += 1;
            }
            let st = i;
            while i < b.len() && b[i] != b' ' {
                i += 1;
            }
            if i > st {
                words.push((st as u32, i as u32));
            }
        }
        date_run(b, &words).map(|r| (r.tokens, r.prefix, r.suffix))
    }

    #[test]
    fn finds_common_shapes() {
        assert_eq!(run("Fri Jun 17 07:07:00 2005"), Some((5, 0, 0)));
        assert_eq!(run("[Sun Dec 04 04:47:44 2005] [notice]"), Some((5, 1, 1)));
        assert_eq!(run("Jun 14 15:16:01 combo sshd"), Some((3, 0, 0)));
        assert_eq!(run("2015-10-18 18:01:47,978 INFO"), Some((2, 0, 0)));
        assert_eq!(run("Tue, 10 Mar 2015 10:00:00 GMT"), Some((6, 0, 0)));
        assert_eq!(run("Sat May 8 09:04:50 EDT 2004"), Some((6, 0, 0)));
        assert_eq!(run("Jul  1 09:00:55 calvisitor"), Some((3, 0, 0)));
        assert_eq!(run("[02/Mar/2026:00:00:19 +0000] \"GET"), Some((2, 1, 1)));
    }

    #[test]
    fn ignores_lookalikes() {
        assert_eq!(run("May be later"), None);
        assert_eq!(run("2005.06.03 R02-M1"), None);
        assert_eq!(run("12 items"), None);
        assert_eq!(run("10 20"), None);
    }
}
