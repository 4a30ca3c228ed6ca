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

/// Multiplier of the perfect hash of the short names: the top five bits of `key * NAME_HASH`
/// differ for all nineteen names, so a name is found with one multiplication and one compare
/// (this is asked of every capitalised word of every line).
const NAME_HASH: u32 = 0xc69d_4bd9;

const fn name_slot(key: u32) -> usize {
    (key.wrapping_mul(NAME_HASH) >> 27) as usize
}

/// The short names by [`name_slot`]; empty slots hold key 0, which no three-letter word has
/// but `"\0\0\0"`, and that finds no part.
static SHORT_NAMES: [(u32, Option<Part>); 32] = short_name_table();

const fn short_name_table() -> [(u32, Option<Part>); 32] {
    let names: [(u32, Part); 19] = [
        (JAN, Part::Month),
        (FEB, Part::Month),
        (MAR, Part::Month),
        (APR, Part::Month),
        (MAY, Part::Month),
        (JUN, Part::Month),
        (JUL, Part::Month),
        (AUG, Part::Month),
        (SEP, Part::Month),
        (OCT, Part::Month),
        (NOV, Part::Month),
        (DEC, Part::Month),
        (MON, Part::Weekday),
        (TUE, Part::Weekday),
        (WED, Part::Weekday),
        (THU, Part::Weekday),
        (FRI, Part::Weekday),
        (SAT, Part::Weekday),
        (SUN, Part::Weekday),
    ];
    let mut table = [(0u32, None); 32];
    let mut k = 0;
    while k < names.len() {
        let (key, part) = names[k];
        let slot = name_slot(key);
        // Two names in one slot would be a wrong multiplier: refuse to compile.
        assert!(table[slot].1.is_none());
        table[slot] = (key, Some(part));
        k += 1;
    }
    table
}

/// The three-letter form of a month or weekday, and which it is.
#[inline]
fn short_name(w: &[u8]) -> Option<Part> {
    let &[a, b, c] = w else {
        return None;
    };
    let key = name_key(&[a, b, c]);
    let (found, part) = SHORT_NAMES[name_slot(key)];
    if found == key {
        part
    } else {
        None
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
    // The common shapes (`2015-10-18`, `17/06/09`, `18:01:47`, `18:01:47,978`) are told by
    // where their digits are, from one pass over the word; the others take the general tests,
    // which agree with these on every word the shortcuts accept.
    if matches!(w.len(), 8 | 10 | 12) {
        if let Some(part) = digit_mask(w).and_then(|mask| common_shape(w, mask)) {
            return Some(part);
        }
    }
    classify_numeric_general(w)
}

/// [`classify_numeric`] without its shortcuts.
fn classify_numeric_general(w: &[u8]) -> Option<Part> {
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
    (w[lead..].iter().any(u8::is_ascii_alphabetic) && is_time_word(w)).then_some(Part::DateTime)
}

/// Bit `k` is set when byte `k` of `w` is an ASCII digit; `None` for words longer than 16
/// bytes, which no shortcut of [`common_shape`] fits. The bytes are read eight at a time.
#[inline]
fn digit_mask(w: &[u8]) -> Option<u32> {
    if w.len() > 16 {
        return None;
    }
    let len = w.len();
    let (Some(first), Some(last)) = (w.first_chunk::<8>(), w.last_chunk::<8>()) else {
        // Shorter than eight bytes.
        let mut padded = [0u8; 8];
        padded[..len].copy_from_slice(w);
        return Some(u32::from(digits_of_8(u64::from_le_bytes(padded))));
    };
    // The last eight bytes overlap the first eight; their flags are moved to their offsets.
    let low = u32::from(digits_of_8(u64::from_le_bytes(*first)));
    let high = u32::from(digits_of_8(u64::from_le_bytes(*last))) >> (16 - len);
    Some(low | high << 8)
}

/// One bit per byte of `x` (little-endian): set when the byte is an ASCII digit, for eight
/// bytes at once. On the low seven bits of each byte, adding `0x50` sets the high bit from
/// `0x30` up and adding `0x46` from `0x3a` up; no carry crosses a byte, and bytes with the high
/// bit set (non-ASCII) are dropped. The eight flags are then gathered into one byte.
#[inline]
fn digits_of_8(x: u64) -> u8 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let lo = x & LOW7;
    let from_0 = lo.wrapping_add(0x5050_5050_5050_5050);
    let past_9 = lo.wrapping_add(0x4646_4646_4646_4646);
    let digits = from_0 & !past_9 & !x & HIGH;
    ((digits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The part a digit-led word of a common shape is, from its digit mask (see [`digit_mask`]);
/// `None` when the word has another shape (the general tests then decide).
#[inline]
fn common_shape(w: &[u8], mask: u32) -> Option<Part> {
    match w.len() {
        // `dd:dd:dd`, `dd/dd/dd`
        8 if mask == 0b1101_1011 => {
            let (s1, s2) = (w[2], w[5]);
            if s1 == b':' && s2 == b':' {
                Some(Part::Time)
            } else if s1 == s2 && matches!(s1, b'-' | b'/' | b'.') {
                Some(Part::Date)
            } else {
                None
            }
        }
        // `yyyy-mm-dd`
        10 if mask == 0b11_0110_1111 => {
            let s = w[4];
            (s == w[7] && matches!(s, b'-' | b'/' | b'.')).then_some(Part::Date)
        }
        // `dd:dd:dd,fff`, `dd:dd:dd.fff`
        12 if mask == 0b1110_1101_1011 => {
            (w[2] == b':' && w[5] == b':' && matches!(w[8], b'.' | b',')).then_some(Part::Time)
        }
        _ => None,
    }
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
    // A run spans two words at least, and its second word is a part: a number, a capitalised
    // name or zone, `am`/`pm` or a zone offset. Any other first byte (most words after a
    // number in a message: `10.0.0.1:80 is added`) ends the search before the first word is
    // read. Only trailing punctuation is trimmed from a word after the first, so its first byte
    // is the first byte of the part.
    let &(s1, _) = words.get(1)?;
    let second = *b.get(s1 as usize)?;
    if !(second.is_ascii_digit()
        || second.is_ascii_uppercase()
        || matches!(second, b'a' | b'p' | b'+' | b'-'))
    {
        return None;
    }
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

/// A small fixed list of (digit count, separator) pairs.
#[derive(Default)]
struct Groups {
    items: [(usize, u8); 10],
    len: usize,
}

impl Groups {
    fn push(&mut self, g: (usize, u8)) -> bool {
        if self.len == self.items.len() {
            return false;
        }
        self.items[self.len] = g;
        self.len += 1;
        true
    }
}

impl std::ops::Deref for Groups {
    type Target = [(usize, u8)];
    fn deref(&self) -> &[(usize, u8)] {
        &self.items[..self.len]
    }
}

/// A date, a time or both in one word: `2015-10-18`, `18:01:47,978`, `2005.06.03`,
/// `2005-06-03-15.42.50.675872`, `17/06/09`, `10/Oct/2000:13:55:36`, `2024-01-02T10:11:12Z`,
/// `20171223-22:15:29:606`. Not an address (`10.0.0.1:80`) nor a version (`2.6.5`).
pub fn is_time_word(t: &[u8]) -> bool {
    if t.len() < 5 || !t[0].is_ascii_digit() {
        return false;
    }
    // Digit groups and what separates them (a timestamp has few; more is something else).
    let mut groups = Groups::default();
    let mut i = 0;
    while i < t.len() {
        let s = i;
        while i < t.len() && t[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - s;
        if len == 0 {
            // Apache's `10/Oct/2000`: a month name in the middle.
            let s = i;
            while i < t.len() && t[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i - s != 3 && !(i - s == 1 && matches!(t[s], b'T' | b'Z')) {
                return false;
            }
            if !groups.push((2, if i < t.len() { t[i] } else { 0 })) {
                return false;
            }
            if i < t.len() {
                i += 1;
            }
            continue;
        }
        let sep = if i < t.len() { t[i] } else { 0 };
        if !groups.push((len, sep)) {
            return false;
        }
        if i < t.len() {
            if !matches!(
                sep,
                b'-' | b'/' | b'.' | b':' | b',' | b'T' | b'_' | b'+' | b'Z'
            ) {
                return false;
            }
            i += 1;
        }
    }
    if groups.len() < 2 {
        return false;
    }
    let ipv4_like = groups.len() >= 4 && groups[..3].iter().all(|&(l, s)| l <= 3 && s == b'.');
    if ipv4_like {
        return false;
    }
    // `16:49:06`, or unpadded `3:7:6` (three colon-joined groups of one or two digits).
    let has_time = groups
        .windows(2)
        .any(|w| w[0].1 == b':' && w[0].0 <= 2 && w[1].0 == 2)
        || groups
            .windows(3)
            .any(|w| w[0].1 == b':' && w[1].1 == b':' && w.iter().all(|g| g.0 <= 2));
    let year_first = groups.len() >= 3
        && groups[0].0 == 4
        && matches!(groups[0].1, b'-' | b'/' | b'.')
        && groups[1].0 <= 2
        && groups[2].0 <= 2;
    let day_first = groups.len() >= 3
        && groups[0].0 <= 2
        && matches!(groups[0].1, b'-' | b'/' | b'.')
        && groups[1].0 <= 2
        && groups[1].1 == groups[0].1
        && matches!(groups[2].0, 2 | 4);
    let compact_date_time = groups[0].0 == 8 && groups[0].1 == b'-' && has_time;
    year_first || day_first || compact_date_time || (has_time && groups[0].0 <= 2)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The cheap tests in front of [`date_run_from`] only refuse what it refuses itself.
    #[test]
    fn gates_refuse_only_what_the_full_search_refuses() {
        let vocabulary = [
            "Jun",
            "[Sun",
            "Tue,",
            "Dec",
            "December",
            "14",
            "04",
            "2005",
            "2005]",
            "15:16:01",
            "18:01:47,978",
            "2015-10-18",
            "17/06/09",
            "10/Oct/2000:13:55:36",
            "GMT",
            "UTC",
            "Z",
            "+0200",
            "-0700",
            "am",
            "PM",
            "2015-10-18T18:01:47Z",
            "10.0.0.1:80",
            "is",
            "added",
            "a",
            "p",
            "(pid",
            "3",
            "]",
            "-",
            "x1",
        ];
        let mut checked = 0;
        for a in vocabulary {
            for b in vocabulary {
                for c in ["", " 2005", " INFO", " foo", " 06:04:15"] {
                    let line = format!("{a} {b}{c} tail");
                    let words = crate::words::words_of(&line);
                    let full = date_run_from(line.as_bytes(), &words);
                    let gated = date_run(line.as_bytes(), &words);
                    if full.is_some() {
                        checked += 1;
                        assert_eq!(gated, full, "{line}");
                    } else {
                        assert_eq!(gated, None, "{line}");
                    }
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn digit_masks_match_a_byte_by_byte_test() {
        let alphabet = b"0129:/.-,T/x \x00\x2f\x3a\x7f\x80\xb0\xb9\xff";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..=17 {
            for _ in 0..500 {
                let w: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let expected = (len <= 16).then(|| {
                    w.iter()
                        .enumerate()
                        .fold(0u32, |m, (k, c)| m | u32::from(c.is_ascii_digit()) << k)
                });
                assert_eq!(digit_mask(&w), expected, "{w:?}");
            }
        }
    }

    /// The shortcuts only answer where the general tests give the same answer.
    #[test]
    fn common_shapes_agree_with_the_general_tests() {
        let seps = b":/.-,Tx";
        let mut checked = 0;
        for len in [8usize, 10, 12] {
            // Every placement of up to three separators among digits, with every choice of
            // separator at each place.
            for bits in 0u32..(1 << len) {
                let places: Vec<usize> = (0..len).filter(|i| bits & (1 << i) != 0).collect();
                if places.len() > 3 {
                    continue;
                }
                for choice in 0..seps.len().pow(places.len() as u32) {
                    let mut w = vec![b'1'; len];
                    let mut c = choice;
                    for &p in &places {
                        w[p] = seps[c % seps.len()];
                        c /= seps.len();
                    }
                    let mask = digit_mask(&w).unwrap();
                    if let Some(part) = common_shape(&w, mask) {
                        checked += 1;
                        let general = classify_numeric_general(&w);
                        assert_eq!(Some(part), general, "{}", String::from_utf8_lossy(&w));
                    }
                }
            }
        }
        assert!(checked > 0);
        for w in [
            "18:01:47",
            "17/06/09",
            "2015-10-18",
            "18:01:47,978",
            "04:30:30.123",
        ] {
            let w = w.as_bytes();
            assert!(common_shape(w, digit_mask(w).unwrap()).is_some());
        }
    }

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
