//! How a session prints: pretty JSON down to the maps of templates and decisions, and each
//! template, decision, merge or split on one line.
//!
//! One entry per line is what makes the file diff well: deciding a template changes one line
//! of `git diff`, and a file of 5,000 decisions is a third smaller than fully indented JSON,
//! which is most of what a save costs.

use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Objects and arrays nested deeper than this are written on one line.
const PRETTY_DEPTH: usize = 2;

/// A `serde_json` formatter: indented by two spaces to [`PRETTY_DEPTH`], `{"a": 1, "b": 2}`
/// below.
#[derive(Debug, Default)]
pub(crate) struct SessionFormatter {
    depth: usize,
    has_value: bool,
}

impl SessionFormatter {
    /// A formatter for a value nested `depth` deep in the file, printed as it is there.
    pub(crate) fn at_depth(depth: usize) -> SessionFormatter {
        SessionFormatter {
            depth,
            has_value: false,
        }
    }

    fn pretty(&self) -> bool {
        self.depth <= PRETTY_DEPTH
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, open: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, close: &[u8]) -> io::Result<()> {
        let pretty = self.pretty();
        self.depth -= 1;
        if pretty && self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(close)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.pretty() {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            self.indent(w)
        } else if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }
}

impl Formatter for SessionFormatter {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde::Serialize;

    fn print(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, SessionFormatter::default());
        v.serialize(&mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pretty_down_to_the_entries_and_one_line_each() {
        let v = serde_json::json!({
            "name": "s",
            "empty": {},
            "list": [],
            "sample": {"groups": ["a", "b"], "ratio": 0.5},
            "decisions": {
                "01": {"verdict": "noise", "labels": {"env": "prod"}},
                "02": {"verdict": null, "labels": {}}
            }
        });
        let text = print(&v);
        assert_eq!(
            text,
            r#"{
  "decisions": {
    "01": {"labels": {"env": "prod"}, "verdict": "noise"},
    "02": {"labels": {}, "verdict": null}
  },
  "empty": {},
  "list": [],
  "name": "s",
  "sample": {
    "groups": ["a", "b"],
    "ratio": 0.5
  }
}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
