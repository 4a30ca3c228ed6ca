//! Numbers and things made of numbers: integers, decimals, versions, IPv4 addresses with ports,
//! numeric dates and times, ranges. They are read as one run so that `10.0.0.1:443` or
//! `2.6.5-1.358` become one variable rather than a string of small ones.

/// Reads a numeric run starting at `b[i]` (a digit, or a sign before one) and returns its end.
///
/// Digits may be joined by `. : - / , T` when a digit follows, and an ISO `Z` may close it.
pub fn numeric_run(b: &[u8], i: usize, end: usize) -> usize {
    let mut j = i;
    if j < end && matches!(b[j], b'-' | b'+') {
        j += 1;
    }
    while j < end {
        let c = b[j];
        if c.is_ascii_digit() {
            j += 1;
            continue;
        }
        let next_is_digit = j + 1 < end && b[j + 1].is_ascii_digit();
        if next_is_digit && matches!(c, b'.' | b':' | b'-' | b'/' | b',' | b'T' | b'_') {
            j += 1;
            continue;
        }
        if c == b'Z'
            && j > i
            && b[j - 1].is_ascii_digit()
            && (j + 1 == end || !b[j + 1].is_ascii_alphanumeric())
        {
            j += 1;
        }
        break;
    }
    j
}

/// Units that commonly follow a number in logs (`250ms`, `4GB`, `41C`, `3x`, `90%`).
const UNITS: &[&[u8]] = &[
    b"ns", b"us", b"ms", b"s", b"sec", b"secs", b"m", b"min", b"mins", b"h", b"hr", b"hrs", b"d",
    b"b", b"B", b"k", b"K", b"kb", b"KB", b"KiB", b"Kb", b"M", b"MB", b"MiB", b"Mb", b"G", b"GB",
    b"GiB", b"Gb", b"T", b"TB", b"TiB", b"KB/s", b"MB/s", b"C", b"F", b"x", b"X", b"Hz", b"kHz",
    b"MHz", b"GHz", b"rps", b"qps", b"ops", b"px", b"pt", b"em", b"st", b"nd", b"rd", b"th", b"V",
    b"W", b"mV", b"mA", b"bps", b"kbps", b"Mbps", b"Gbps",
];

/// When the letters at `b[i..]` form a unit that ends the word, returns where the unit ends.
pub fn unit_suffix(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    while j < end && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    if j == i || (j < end && super::is_word_byte(b[j])) {
        return None;
    }
    let unit = &b[i..j];
    UNITS.contains(&unit).then_some(j)
}

/// `µs` or `μs` (micro sign or Greek mu) right after a number, ending the word: returns where
/// it ends. Durations print their unit by magnitude (`29.3ms`, `339.5µs`), so the unit is part
/// of the value as an ASCII one is; it needs its own test because it is not ASCII.
pub fn micro_unit(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let rest = &b[i..end];
    let len = if rest.starts_with("µs".as_bytes()) || rest.starts_with("μs".as_bytes()) {
        3
    } else {
        return None;
    };
    let after = i + len;
    (after == end || !super::is_word_byte(b[after])).then_some(after)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn run(s: &str) -> &str {
        &s[..numeric_run(s.as_bytes(), 0, s.len())]
    }

    #[test]
    fn reads_whole_numeric_values() {
        assert_eq!(run("10.251.73.220:50010"), "10.251.73.220:50010");
        assert_eq!(run("-17,"), "-17");
        assert_eq!(run("0.023958297"), "0.023958297");
        assert_eq!(run("2.6.5-1.358"), "2.6.5-1.358");
        assert_eq!(run("2024-01-02T10:11:12.345Z"), "2024-01-02T10:11:12.345Z");
        assert_eq!(run("17/06/09"), "17/06/09");
        assert_eq!(run("12."), "12");
        assert_eq!(run("1-"), "1");
    }

    #[test]
    fn units() {
        let b = b"65020ms)";
        assert_eq!(unit_suffix(b, 5, b.len()), Some(7));
        let b = b"3abc";
        assert_eq!(unit_suffix(b, 1, b.len()), None);
        let b = b"12MBx";
        assert_eq!(unit_suffix(b, 2, b.len()), None);
    }
}
