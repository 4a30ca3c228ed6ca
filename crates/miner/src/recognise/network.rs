//! Network and identity values: URLs, UUIDs (and so AWS request ids), MAC and IPv6 addresses,
//! e-mail addresses, host names (with an optional port, or Java's `host/ip:port`) and ARNs.

use super::is_word_byte;

#[inline]
fn ends_value(c: u8) -> bool {
    matches!(
        c,
        b')' | b']' | b'}' | b'>' | b'"' | b'\'' | b',' | b';' | b'|' | b'`'
    )
}

/// True when the value ending at `j` is not glued to more word characters.
#[inline]
fn at_boundary(b: &[u8], j: usize, end: usize) -> bool {
    j >= end || !is_word_byte(b[j])
}

/// `scheme://...` up to a closing bracket, quote or list separator.
pub fn url(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    while j < end && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'+' | b'.' | b'-')) {
        j += 1;
    }
    if j == i || j + 3 > end || &b[j..j + 3] != b"://" || j - i > 16 {
        return None;
    }
    j += 3;
    while j < end && !ends_value(b[j]) {
        j += 1;
    }
    while matches!(b[j - 1], b'.' | b':') {
        j -= 1;
    }
    Some(j)
}

fn hex_group(b: &[u8], i: usize, end: usize, len: usize) -> bool {
    i + len <= end && b[i..i + len].iter().all(u8::is_ascii_hexdigit)
}

/// `8-4-4-4-12` hexadecimal UUID (AWS request ids, trace ids).
pub fn uuid(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    for (n, len) in [8usize, 4, 4, 4, 12].into_iter().enumerate() {
        if !hex_group(b, j, end, len) {
            return None;
        }
        j += len;
        if n < 4 {
            if j >= end || b[j] != b'-' {
                return None;
            }
            j += 1;
        }
    }
    at_boundary(b, j, end).then_some(j)
}

/// Six or more pairs of hex digits joined by `:` or `-` (MAC addresses, WWNs).
pub fn mac(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    let mut groups = 0;
    let mut sep = 0u8;
    loop {
        if !hex_group(b, j, end, 2) {
            return None;
        }
        j += 2;
        groups += 1;
        if j < end
            && matches!(b[j], b':' | b'-')
            && (sep == 0 || sep == b[j])
            && hex_group(b, j + 1, end, 2)
        {
            sep = b[j];
            j += 1;
            continue;
        }
        break;
    }
    (groups >= 6 && at_boundary(b, j, end)).then_some(j)
}

/// IPv6 addresses (`fe80::1`, `2001:db8:0:0:0:0:2:1`, `::1`), with an optional `%zone`.
pub fn ipv6(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    let mut groups = 0;
    let mut colons = 0;
    let mut double = false;
    let mut has_alpha = false;
    while j < end {
        let c = b[j];
        if c.is_ascii_hexdigit() {
            let s = j;
            while j < end && b[j].is_ascii_hexdigit() && j - s < 5 {
                if b[j].is_ascii_alphabetic() {
                    has_alpha = true;
                }
                j += 1;
            }
            if j - s > 4 {
                return None;
            }
            groups += 1;
        } else if c == b':' {
            if j + 1 < end && b[j + 1] == b':' {
                if double {
                    return None;
                }
                double = true;
                colons += 2;
                j += 2;
            } else {
                colons += 1;
                j += 1;
                if j >= end || !b[j].is_ascii_hexdigit() {
                    j -= 1;
                    colons -= 1;
                    break;
                }
            }
        } else {
            break;
        }
    }
    let _ = has_alpha;
    let enough = (double && groups >= 1 && colons >= 2) || groups >= 6;
    if !enough || !at_boundary(b, j, end) {
        return None;
    }
    if j < end && b[j] == b'%' {
        j += 1;
        while j < end && is_word_byte(b[j]) {
            j += 1;
        }
    }
    Some(j)
}

/// Top-level domains that, as the last label, make a dotted name a host name. File extensions
/// that are also country codes (`.sh`, `.py`, `.rs`, `.md`, `.pl`, `.so`) are left out on purpose,
/// and so are country codes that are also common words or property names (`.id`, `.in`, `.is`,
/// `.to`, `.no`, `.me`): `mapreduce.job.id` is a setting, not a host.
#[rustfmt::skip]
fn is_known_tld(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"com" | b"net" | b"org" | b"edu" | b"gov" | b"mil" | b"int" | b"io" | b"local"
            | b"internal" | b"localdomain" | b"lan" | b"corp" | b"cloud" | b"biz" | b"info"
            | b"uk" | b"de" | b"fr" | b"nl" | b"jp" | b"cn" | b"hk" | b"kr" | b"tw" | b"ru"
            | b"br" | b"au" | b"ca" | b"es" | b"se" | b"fi" | b"dk" | b"ch" | b"cz" | b"eu"
            | b"ie" | b"nz" | b"sg" | b"za" | b"mx" | b"ar" | b"il" | b"tr" | b"ua" | b"ro"
            | b"gr" | b"pt" | b"hu" | b"vn" | b"th" | b"ph"
    )
}

/// The longest name [`is_known_tld`] knows (`localdomain`).
const MAX_TLD: usize = 11;

/// Second-level labels under which any two-letter country code ends a host name
/// (`x.omantel.net.om`, `example.co.id`).
const SECOND_LEVEL: &[&str] = &["com", "net", "org", "edu", "gov", "co", "ac", "or", "ne"];

/// A known top-level domain in any case: the label is lower-cased into a small buffer once,
/// then matched, instead of comparing it case-insensitively with every name.
fn is_tld(label: &[u8]) -> bool {
    let mut lower = [0u8; MAX_TLD];
    if !(2..=MAX_TLD).contains(&label.len()) {
        return false;
    }
    for (d, &c) in lower.iter_mut().zip(label) {
        if !c.is_ascii_alphabetic() {
            return false;
        }
        *d = c.to_ascii_lowercase();
    }
    is_known_tld(&lower[..label.len()])
}

/// `....net.om`: a two-letter last label right after a generic second-level label.
fn country_under_second_level(b: &[u8], i: usize, last_start: usize, j: usize) -> bool {
    let last = &b[last_start..j];
    if last.len() != 2 || !last.iter().all(u8::is_ascii_lowercase) || last_start < i + 2 {
        return false;
    }
    let before = &b[i..last_start - 1];
    let second_start = before.iter().rposition(|&c| c == b'.').map_or(0, |d| d + 1);
    let second = &before[second_start..];
    second_start > 0 && SECOND_LEVEL.iter().any(|s| s.as_bytes() == second)
}

/// Reads `label(.label)*` and returns (end, labels, last label start, the OR of the classes of
/// the labels' bytes). A dot is consumed only before a non-empty label, so the name holds a dot
/// exactly when it has two labels or more; among label bytes, only digits are `NOT_PLAIN` and
/// only `-` is `DASH`, so the classes tell whether the name holds either.
fn dotted(b: &[u8], i: usize, end: usize) -> (usize, usize, usize, u8) {
    use super::class;
    let mut j = i;
    let mut labels = 0;
    let mut last_start = i;
    let mut classes = 0;
    loop {
        let s = j;
        // Letters, digits, `_` and `-`, by one table lookup.
        while j < end {
            let c = class::TABLE[b[j] as usize];
            if c & (class::WORD | class::DASH) == 0 {
                break;
            }
            classes |= c;
            j += 1;
        }
        if j == s {
            // An empty label: step back over the dot we consumed.
            if labels > 0 {
                j -= 1;
            }
            break;
        }
        labels += 1;
        last_start = s;
        if j + 1 < end && b[j] == b'.' && b[j + 1].is_ascii_alphanumeric() {
            j += 1;
            continue;
        }
        break;
    }
    (j, labels, last_start, classes)
}

fn port(b: &[u8], j: usize, end: usize) -> usize {
    if j + 1 < end && b[j] == b':' && b[j + 1].is_ascii_digit() {
        let mut k = j + 1;
        while k < end && b[k].is_ascii_digit() {
            k += 1;
        }
        let continues = k < end && matches!(b[k], b':' | b'.' | b'-' | b'/');
        if (2..=5).contains(&(k - j - 1)) && at_boundary(b, k, end) && !continues {
            return k;
        }
    }
    j
}

/// Host names (`ip-10-0-1-5.ec2.internal`, `api.example.com:443`), Java's `host/1.2.3.4:port`,
/// and `name-with-digits-01:port`.
pub fn hostname(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let (j, labels, last_start, classes) = dotted(b, i, end);
    // The name holds letters, digits, `_`, `-` and dots only; `_` is the one a host name may
    // not hold. The byte scan for it comes last: the cheaper tests refuse most words first.
    if labels == 0 {
        return None;
    }
    let no_underscore = || !b[i..j].contains(&b'_');
    let is_host = labels >= 2
        && (is_tld(&b[last_start..j]) || country_under_second_level(b, i, last_start, j))
        && no_underscore();
    if is_host && at_boundary(b, j, end) {
        let j = java_inet(b, j, end).unwrap_or_else(|| port(b, j, end));
        return Some(path_after_host(b, j, end));
    }
    // `host/1.2.3.4:port` and `host-01:port`, even without a known domain: both need a `/` or
    // a `:` and a byte after the name (a bare `10.0.0.1` stops here).
    if j + 1 < end && matches!(b[j], b'/' | b':') && no_underscore() {
        if let Some(k) = java_inet(b, j, end) {
            return Some(k);
        }
        let has_dash_or_dot = labels >= 2 || classes & super::class::DASH != 0;
        let has_digit = classes & super::class::NOT_PLAIN != 0;
        if has_dash_or_dot && has_digit {
            let k = port(b, j, end);
            if k > j {
                return Some(k);
            }
        }
    }
    None
}

/// Where a path right after a known host name ends (`registry.example.com/team/image:1.2`,
/// `api.example.com/v2/orders`): with no scheme before it, such a value is an image reference
/// or an address whose segments vary with the host, so it is one value as a URL is; `j` when
/// no path follows. A request line's target never gets here: its route is read first.
fn path_after_host(b: &[u8], j: usize, end: usize) -> usize {
    if j + 1 < end && b[j] == b'/' && (b[j + 1].is_ascii_alphanumeric() || b[j + 1] == b'_') {
        let mut k = j + 1;
        // A backslash ends it too: the escaped quote after a value inside a JSON string.
        while k < end && !ends_value(b[k]) && b[k] != b'\\' {
            k += 1;
        }
        k
    } else {
        j
    }
}

/// `/1.2.3.4` or `/1.2.3.4:port` right after a host name (Java's `InetSocketAddress`).
fn java_inet(b: &[u8], j: usize, end: usize) -> Option<usize> {
    if j + 1 < end && b[j] == b'/' && b[j + 1].is_ascii_digit() {
        let k = super::number::numeric_run(b, j + 1, end);
        let dots = b[j + 1..k].iter().filter(|&&c| c == b'.').count();
        if dots == 3 && at_boundary(b, k, end) {
            return Some(k);
        }
    }
    None
}

/// `local@host.tld` e-mail addresses.
pub fn email(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    while j < end
        && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        j += 1;
    }
    if j == i || j >= end || b[j] != b'@' {
        return None;
    }
    let (k, labels, last_start, _) = dotted(b, j + 1, end);
    let tld_ok = b[last_start..k].iter().all(u8::is_ascii_alphabetic) && k - last_start >= 2;
    (labels >= 2 && tld_ok && at_boundary(b, k, end)).then_some(k)
}

/// Amazon Resource Names: `arn:partition:service:region:account:resource`.
pub fn aws_arn(b: &[u8], i: usize, end: usize) -> Option<usize> {
    if !b[i..end].starts_with(b"arn:aws") {
        return None;
    }
    let mut j = i;
    while j < end && !ends_value(b[j]) {
        j += 1;
    }
    Some(j)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names_report_their_bytes() {
        use crate::recognise::class::{DASH, NOT_PLAIN};
        let (end, labels, last, classes) = dotted(b"web-01.example.com:80", 0, 21);
        assert_eq!((end, labels, last), (18, 3, 15));
        assert!(classes & DASH != 0 && classes & NOT_PLAIN != 0);
        let (end, labels, _, classes) = dotted(b"node_a. x", 0, 9);
        assert_eq!((end, labels), (6, 1));
        assert_eq!(classes & (DASH | NOT_PLAIN), 0);
        assert_eq!(hostname(b"host-01:8080", 0, 12), Some(12));
        assert_eq!(hostname(b"host_01:8080", 0, 12), None);
    }

    fn m(f: fn(&[u8], usize, usize) -> Option<usize>, s: &str) -> Option<String> {
        f(s.as_bytes(), 0, s.len()).map(|e| s[..e].to_string())
    }

    #[test]
    fn urls() {
        assert_eq!(
            m(url, "https://example.com/a?b=1)").as_deref(),
            Some("https://example.com/a?b=1")
        );
        assert_eq!(m(url, "hello"), None);
    }

    #[test]
    fn uuids_and_macs() {
        assert!(m(uuid, "3f2504e0-4f89-11d3-9a0c-0305e82c3301").is_some());
        assert!(m(uuid, "3f2504e0-4f89-11d3-9a0c-0305e82c330").is_none());
        assert!(m(mac, "FF:F2:9F:16:E2:23:00:0D:60:E9:1D:DC").is_some());
        assert!(m(mac, "00:1b:44:11:3a:b7").is_some());
        assert!(m(mac, "12:34:56").is_none());
    }

    #[test]
    fn ipv6_addresses() {
        assert_eq!(m(ipv6, "fe80::1%eth0").as_deref(), Some("fe80::1%eth0"));
        assert_eq!(
            m(ipv6, "0:0:0:0:0:0:0:0:2181").as_deref(),
            Some("0:0:0:0:0:0:0:0:2181")
        );
        assert_eq!(m(ipv6, "12:34:56"), None);
        assert_eq!(m(ipv6, "::1").as_deref(), Some("::1"));
    }

    #[test]
    fn hostnames() {
        assert!(m(hostname, "ns.marryaldkfaczcz.com").is_some());
        assert_eq!(
            m(hostname, "04DN8IQ.fareast.corp.microsoft.com:54883").as_deref(),
            Some("04DN8IQ.fareast.corp.microsoft.com:54883")
        );
        assert_eq!(
            m(hostname, "msra-sa-41/10.190.173.170:9000").as_deref(),
            Some("msra-sa-41/10.190.173.170:9000")
        );
        assert_eq!(
            m(hostname, "msra-sa-41:9000").as_deref(),
            Some("msra-sa-41:9000")
        );
        assert_eq!(m(hostname, "org.apache.hadoop.mapreduce.Foo"), None);
        assert_eq!(m(hostname, "hadoop-metrics2.properties"), None);
        assert_eq!(m(hostname, "PendingReds:1"), None);
        assert_eq!(m(hostname, "run.sh"), None);
    }

    #[test]
    fn emails_and_arns() {
        assert!(m(email, "jane.doe@example.com").is_some());
        assert!(m(email, "Foo@7317849d").is_none());
        assert!(m(aws_arn, "arn:aws:lambda:us-east-1:123456789012:function:x").is_some());
    }
}
