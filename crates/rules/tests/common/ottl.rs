//! The OTTL the OpenTelemetry export writes, read and evaluated as the Collector would: string
//! literals, `IsMatch(value, "regex")` (RE2 there; the tests run the regex in Rust's engine and
//! in RE2 separately), `value == "text"`, `and`, `or` and parentheses, over a record's `body`
//! and `resource.attributes["..."]`. Anything else panics, so the export cannot drift into
//! OTTL these tests do not read.

use regex::Regex;
use std::collections::HashMap;

/// Reads an OTTL string literal at the start of `s`: its value and the rest of `s`.
pub fn string(s: &str) -> (String, &str) {
    let mut chars = s.char_indices();
    assert_eq!(chars.next().map(|c| c.1), Some('"'), "not a string: {s:?}");
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => out.push(chars.next().unwrap().1),
            '"' => return (out, &s[i + 1..]),
            c => out.push(c),
        }
    }
    panic!("unterminated OTTL string in {s:?}");
}

/// The regexes of every `IsMatch` in a condition, with the value each reads (`body` or the
/// attribute's name).
pub fn is_match_regexes(condition: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = condition;
    while let Some(at) = rest.find("IsMatch(") {
        rest = &rest[at + "IsMatch(".len()..];
        let (value, after) = value(rest);
        let after = after.strip_prefix(", ").expect("IsMatch's second argument");
        let (re, after) = string(after);
        assert!(after.starts_with(')'), "{condition}");
        out.push((value, re));
        rest = after;
    }
    out
}

/// `body`, or `resource.attributes["name"]` read as the name.
fn value(s: &str) -> (String, &str) {
    if let Some(rest) = s.strip_prefix("body") {
        return ("body".into(), rest);
    }
    let rest = s
        .strip_prefix("resource.attributes[")
        .unwrap_or_else(|| panic!("unexpected OTTL value at {s:?}"));
    let (name, rest) = string(rest);
    (name, rest.strip_prefix(']').expect("]"))
}

/// A record: its body and resource attributes.
pub struct Record<'a> {
    pub body: &'a str,
    pub resource: HashMap<String, String>,
}

/// Evaluates a condition on a record (regexes compiled as needed, cached by text).
pub fn eval(condition: &str, record: &Record, cache: &mut HashMap<String, Regex>) -> bool {
    let mut p = Parser {
        s: condition,
        record,
        cache,
    };
    let v = p.or();
    assert!(
        p.s.trim().is_empty(),
        "trailing OTTL {:?} in {condition}",
        p.s
    );
    v
}

struct Parser<'a, 'r> {
    s: &'a str,
    record: &'r Record<'r>,
    cache: &'r mut HashMap<String, Regex>,
}

impl<'a> Parser<'a, '_> {
    fn eat(&mut self, token: &str) -> bool {
        let t = self.s.trim_start();
        match t.strip_prefix(token) {
            Some(rest) => {
                self.s = rest;
                true
            }
            None => false,
        }
    }

    fn or(&mut self) -> bool {
        let mut v = self.and();
        while self.eat("or ") {
            v |= self.and();
        }
        v
    }

    fn and(&mut self) -> bool {
        let mut v = self.factor();
        while self.eat("and ") {
            v &= self.factor();
        }
        v
    }

    fn read(&self, name: &str) -> Option<&str> {
        if name == "body" {
            Some(self.record.body)
        } else {
            self.record.resource.get(name).map(String::as_str)
        }
    }

    fn factor(&mut self) -> bool {
        if self.eat("(") {
            let v = self.or();
            assert!(self.eat(")"), "unbalanced parentheses at {:?}", self.s);
            return v;
        }
        if self.eat("IsMatch(") {
            let (name, rest) = value(self.s.trim_start());
            let rest = rest.strip_prefix(", ").expect("IsMatch's second argument");
            let (re, rest) = string(rest);
            self.s = rest.strip_prefix(')').expect(")");
            let value = self.read(&name).map(str::to_string);
            let regex = self
                .cache
                .entry(re.clone())
                .or_insert_with(|| Regex::new(&re).unwrap());
            // IsMatch on a missing attribute is false (nil is not a string).
            return value.is_some_and(|v| regex.is_match(&v));
        }
        let (name, rest) = value(self.s.trim_start());
        let rest = rest
            .strip_prefix(" == ")
            .unwrap_or_else(|| panic!("== at {rest:?}"));
        let (text, rest) = string(rest);
        self.s = rest;
        self.read(&name) == Some(text.as_str())
    }
}
