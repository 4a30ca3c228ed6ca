//! A log statement's own source location (`file.go:157]`): constant text of the template, as
//! the statement's identity, never a variable.

use crate::words::{is_close, is_open};

/// File extensions of program sources, as log statements print their own location.
const SOURCE_EXTENSIONS: &[&[u8]] = &[
    b"go", b"py", b"java", b"kt", b"scala", b"rs", b"c", b"cc", b"cpp", b"h", b"hpp", b"js", b"ts",
    b"mjs", b"rb", b"cs", b"php", b"ex", b"exs", b"erl", b"swift", b"m", b"lua",
];

/// `file.go:157]`, `caller=tailer.go:147`, `(Foo.java:42)`: a source file name with a line
/// number, optionally after a `key=` and inside brackets.
pub fn is_source_location(w: &[u8]) -> bool {
    // From the end, which rejects nearly every word in a byte or two: closing punctuation,
    // then up to six digits, then `:`.
    let mut z = w.len();
    while z > 0 && is_close(w[z - 1]) {
        z -= 1;
    }
    let mut d = z;
    while d > 0 && w[d - 1].is_ascii_digit() {
        d -= 1;
    }
    if d == z || z - d > 6 || d == 0 || w[d - 1] != b':' {
        return false;
    }
    let file = &w[..d - 1];
    let file = match file.iter().position(|&c| c == b'=') {
        Some(eq) => &file[eq + 1..],
        None => file,
    };
    let mut a = 0;
    while a < file.len() && is_open(file[a]) {
        a += 1;
    }
    let file = &file[a..];
    let Some(dot) = file.iter().rposition(|&c| c == b'.') else {
        return false;
    };
    let (name, ext) = (&file[..dot], &file[dot + 1..]);
    !name.is_empty()
        && name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'/' | b'.'))
        && SOURCE_EXTENSIONS.contains(&ext)
}
