//! File system paths and HTTP request targets. A file path is one variable: its segments are
//! not meaningful apart, and a template that keeps them would split one event per file.

use crate::recognise::PieceKind;

/// Bytes that end a path inside a token: closing brackets, quotes, separators of lists.
#[inline]
fn ends_path(c: u8) -> bool {
    matches!(
        c,
        b')' | b']' | b'}' | b'>' | b'"' | b'\'' | b',' | b';' | b'|' | b'`'
    )
}

/// A Unix path starting at `b[i]`: `/x...`, `~/x`, `./x`, `../x`. A lone `/` is not a path.
pub fn unix_path(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let rest = &b[i..end];
    let body_start = if rest.starts_with(b"/") {
        1
    } else if rest.starts_with(b"~/") || rest.starts_with(b"./") {
        2
    } else if rest.starts_with(b"../") {
        3
    } else {
        return None;
    };
    if rest.len() <= body_start {
        return None;
    }
    let first = rest[body_start];
    if !(first.is_ascii_alphanumeric()
        || matches!(first, b'_' | b'.' | b'-' | b'~' | b'$' | b'@' | b'%')
        || first >= 0x80)
    {
        return None;
    }
    let mut j = i + body_start;
    while j < end && !ends_path(b[j]) {
        j += 1;
    }
    // A trailing `:` is punctuation after the path (`loading /x/y: failed`).
    while j > i + body_start && matches!(b[j - 1], b':' | b'.') {
        j -= 1;
    }
    Some(j)
}

/// A relative path with at least two separators (`share/hadoop/yarn`, `a/b/c.txt`): one
/// separator is too common in words (`TCP/IP`, `read/write`) to tell.
pub fn relative_path(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut j = i;
    let mut slashes = 0;
    while j < end {
        let c = b[j];
        if c == b'/' {
            if j + 1 >= end || b[j + 1] == b'/' {
                break;
            }
            slashes += 1;
        } else if !(c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'.' | b'-' | b'$' | b'@' | b'%' | b'+' | b'~'))
        {
            break;
        }
        j += 1;
    }
    (slashes >= 2 && b[j - 1] != b'/').then_some(j)
}

/// A Windows path: `C:\...` or a UNC path `\\server\share`.
pub fn windows_path(b: &[u8], i: usize, end: usize) -> Option<usize> {
    let rest = &b[i..end];
    if rest.len() > 3 && rest[0] == b'\\' && rest[1] == b'\\' && rest[2] != b'\\' {
        // UNC (`\\server\share`) and device (`\\?\GLOBALROOT\...`) paths.
        let mut j = i + 2;
        while j < end && !ends_path(b[j]) {
            j += 1;
        }
        return Some(j);
    }
    let is_drive = rest.len() > 3
        && rest[0].is_ascii_alphabetic()
        && rest[1] == b':'
        && (rest[2] == b'\\' || rest[2] == b'/');
    if !is_drive {
        return None;
    }
    let mut j = i + 3;
    while j < end && !ends_path(b[j]) {
        j += 1;
    }
    while j > i + 3 && matches!(b[j - 1], b':' | b'.') {
        j -= 1;
    }
    Some(j)
}

/// `GET`, `"POST` and the other HTTP methods that start a request line.
pub fn is_http_method(w: &[u8]) -> bool {
    // `msg="POST`, `method=GET`: a method as the start of a field's value.
    let w = match w.iter().position(|&c| c == b'=') {
        Some(eq)
            if w[..eq]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'_') =>
        {
            &w[eq + 1..]
        }
        _ => w,
    };
    let w = w.strip_prefix(b"\\").unwrap_or(w);
    let w = w.strip_prefix(b"\"").unwrap_or(w);
    if w.len() < 3 || w.len() > 7 || !w[0].is_ascii_uppercase() {
        return false;
    }
    matches!(
        w,
        b"GET"
            | b"POST"
            | b"PUT"
            | b"DELETE"
            | b"PATCH"
            | b"HEAD"
            | b"OPTIONS"
            | b"CONNECT"
            | b"TRACE"
    )
}

/// The target of an HTTP request (`/health`, `/api/orders/12345?expand=items`). The route
/// stays in the template: `GET /health` and `GET /metrics` are different traffic, and a team
/// reviews each route on its own. Ids in the path (`12345`, a UUID, a long token) are
/// variables and the query string is one (`/api/orders/<*>?<*>`), so that one endpoint does
/// not turn into one template per id. Emits pieces through `emit`; false when the word is not
/// a target.
pub fn http_target(
    b: &[u8],
    s: usize,
    e: usize,
    emit: &mut dyn FnMut(PieceKind, usize, usize),
) -> bool {
    if s >= e {
        return false;
    }
    // `https://shop.example.com:443/v2/x`: the scheme and host are one value, the path a route.
    let s = if b[s] != b'/' {
        let Some(path) = absolute_url_path(b, s, e) else {
            return false;
        };
        emit(PieceKind::Variable, s, path);
        path
    } else {
        s
    };
    // A closing quote (`/health"`) is punctuation after the target.
    let mut end = e;
    while end > s + 1 && matches!(b[end - 1], b'"' | b',' | b';' | b'}' | b']') {
        end -= 1;
    }
    let path_end = b[s..end]
        .iter()
        .position(|&c| c == b'?')
        .map_or(end, |q| s + q);
    let mut i = s;
    while i < path_end {
        // `/` then one segment.
        emit(PieceKind::Literal, i, i + 1);
        let seg_start = i + 1;
        let seg_end = b[seg_start..path_end]
            .iter()
            .position(|&c| c == b'/')
            .map_or(path_end, |k| seg_start + k);
        let kind = if is_id_segment(&b[seg_start..seg_end]) {
            PieceKind::Variable
        } else {
            PieceKind::Literal
        };
        emit(kind, seg_start, seg_end);
        i = seg_end;
    }
    if path_end < end {
        emit(PieceKind::Literal, path_end, path_end + 1);
        emit(PieceKind::Variable, path_end + 1, end);
    }
    emit(PieceKind::Literal, end, e);
    true
}

/// Where the path of `http://host[:port]/path` starts, when `b[s..e]` is such a URL.
fn absolute_url_path(b: &[u8], s: usize, e: usize) -> Option<usize> {
    let w = &b[s..e];
    let rest = w
        .strip_prefix(b"https://")
        .or_else(|| w.strip_prefix(b"http://"))?;
    let host_len = rest.iter().position(|&c| c == b'/')?;
    (host_len > 0).then_some(e - rest.len() + host_len)
}

/// Digits a path segment may hold and still name a route (`v2`, `oauth2`).
const MAX_ROUTE_DIGITS: usize = 2;

/// A segment of a request path that is an id rather than part of the route: it starts with a
/// digit, holds more than a couple of digits, is a UUID, is too long to be a route name, or
/// is a prefixed id (`usr_4mjdu4`, `ord-9x2kq`).
fn is_id_segment(seg: &[u8]) -> bool {
    let digits = seg.iter().filter(|c| c.is_ascii_digit()).count();
    seg.first().is_some_and(u8::is_ascii_digit)
        || digits > MAX_ROUTE_DIGITS
        || seg.len() > 32
        || super::network::uuid(seg, 0, seg.len()).is_some()
        || (digits > 0 && is_prefixed_id(seg))
}

/// Letters a generated part must have, besides its digits, to be told from a version (`v2`).
const MIN_GENERATED_PART: usize = 4;

/// `usr_4mjdu4`, `ord-x9k2`: a word, a joiner, then a part that mixes letters and digits, as
/// generated ids are written. A route name with a digit carries it in its first part
/// (`oauth2-callback`) or in a short part (`api-v2`).
pub fn is_prefixed_id(seg: &[u8]) -> bool {
    let mut parts = seg.split(|&c| c == b'_' || c == b'-');
    let Some(first) = parts.next() else {
        return false;
    };
    !first.is_empty()
        && first.iter().all(u8::is_ascii_alphabetic)
        && parts.any(|part| {
            part.len() >= MIN_GENERATED_PART
                && part.iter().all(u8::is_ascii_alphanumeric)
                && part.iter().any(u8::is_ascii_digit)
                && part.iter().any(u8::is_ascii_alphabetic)
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<&str> {
        unix_path(s.as_bytes(), 0, s.len())
            .or_else(|| windows_path(s.as_bytes(), 0, s.len()))
            .map(|e| &s[..e])
    }

    #[test]
    fn paths() {
        assert_eq!(
            p("/etc/httpd/conf/workers2.properties"),
            Some("/etc/httpd/conf/workers2.properties")
        );
        assert_eq!(
            p("/p/gb2/glosli/8M_5000K/t800)"),
            Some("/p/gb2/glosli/8M_5000K/t800")
        );
        assert_eq!(p("/home/x/y:"), Some("/home/x/y"));
        assert_eq!(
            p("C:\\Windows\\winsxs\\a.dll"),
            Some("C:\\Windows\\winsxs\\a.dll")
        );
        assert_eq!(p("/"), None);
        assert!(is_id_segment(b"usr_zciwp4"));
        assert!(is_id_segment(b"ord-4mjdu"));
        assert!(!is_id_segment(b"oauth2-callback"));
        assert!(!is_id_segment(b"api-v2"));
        assert!(!is_id_segment(b"v2"));
        assert_eq!(p("//"), None);
        assert_eq!(
            p("/D:/hadoop/x.jar!/webapps"),
            Some("/D:/hadoop/x.jar!/webapps")
        );
    }
}
