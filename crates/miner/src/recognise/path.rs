//! File system paths and HTTP request targets. A file path is one variable: its segments are
//! not meaningful apart, and a template that keeps them would split one event per file.

use crate::scan::PieceKind;

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

/// The target of an HTTP request (`/health`, `/api/orders/12345?expand=items`). A static route
/// stays in the template: `GET /health` and `GET /metrics` are different traffic, and health
/// checks are the first thing a team wants to tell apart. A route with an id in it, or a query
/// string, is one variable like any other path (`GET <*>`), so that one endpoint does not turn
/// into one template per id. Emits pieces through `emit`; false when the word is not a target.
pub fn http_target(
    b: &[u8],
    s: usize,
    e: usize,
    emit: &mut dyn FnMut(PieceKind, usize, usize),
) -> bool {
    if s >= e || b[s] != b'/' {
        return false;
    }
    // A closing quote (`/health"`) is punctuation after the target.
    let mut end = e;
    while end > s + 1 && matches!(b[end - 1], b'"' | b',' | b';') {
        end -= 1;
    }
    let target = &b[s..end];
    let generated = target.contains(&b'?')
        || target.split(|&c| c == b'/').any(|seg| {
            seg.iter().any(u8::is_ascii_digit)
                || seg.len() > 32
                || super::network::uuid(seg, 0, seg.len()).is_some()
        });
    let kind = if generated {
        PieceKind::Variable
    } else {
        PieceKind::Literal
    };
    emit(kind, s, end);
    emit(PieceKind::Literal, end, e);
    true
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
        assert_eq!(p("//"), None);
        assert_eq!(
            p("/D:/hadoop/x.jar!/webapps"),
            Some("/D:/hadoop/x.jar!/webapps")
        );
    }
}
