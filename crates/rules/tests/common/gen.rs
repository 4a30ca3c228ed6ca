//! Templates and the lines they describe, generated for property tests, and the lines of real
//! logs (the repository's fixtures and the public Loghub samples when present).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use lognoise_miner::{TemplateId, WILDCARD};
use lognoise_rules::{pattern, Rule, RuleSpec};
use proptest::prelude::*;
use proptest::sample::select;
use regex::Regex;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Templates and the lines they describe
// ---------------------------------------------------------------------------------------------

/// A piece of a template token.
#[derive(Clone, Debug)]
pub enum Piece {
    Const(String),
    Var,
}

pub const WORDS: &[&str] = &[
    "Order",
    "persisted",
    "in",
    "ms",
    "GET",
    "/health",
    "HTTP/1.1",
    "user",
    "session",
    "opened",
    "for",
    "from",
    "port",
    "ssh2",
    "[preauth]",
    "pam_unix(sshd:session):",
    "status=",
    "\"msg\":",
    "{\"level\":\"info\",",
    "uid=",
    "<",
    ">",
    "(",
    ")",
    "[",
    "]",
    "'q'",
    "a|b",
    "$LATEST",
    "x.y",
    "é",
    "日本",
    "a\\b",
    "{x}",
    "*",
    "+",
    "?",
    "^",
    "%",
    "#",
    "~",
    "`",
];

pub fn token() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(
        prop_oneof![
            3 => select(WORDS).prop_map(|w| Piece::Const(w.to_string())),
            2 => Just(Piece::Var),
        ],
        1..4,
    )
    .prop_map(|pieces| {
        // Adjacent variables are one variable in template text.
        let mut out: Vec<Piece> = Vec::new();
        for p in pieces {
            if matches!((out.last(), &p), (Some(Piece::Var), Piece::Var)) {
                continue;
            }
            out.push(p);
        }
        out
    })
}

pub fn template() -> impl Strategy<Value = Vec<Vec<Piece>>> {
    prop::collection::vec(token(), 1..7).prop_filter("a template has constant text", |t| {
        t.iter().flatten().any(|p| matches!(p, Piece::Const(_)))
    })
}

pub fn text_of(t: &[Vec<Piece>]) -> String {
    t.iter()
        .map(|tok| {
            tok.iter()
                .map(|p| match p {
                    Piece::Const(s) => s.as_str(),
                    Piece::Var => WILDCARD,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Raw material for variable values and separators.
#[derive(Clone, Debug)]
pub struct Filling {
    pub values: Vec<String>,
    pub gaps: Vec<String>,
    pub header: Option<String>,
}

pub fn filling() -> impl Strategy<Value = Filling> {
    (
        prop::collection::vec("[A-Za-z0-9_.:/@=,-]{0,12}|[0-9]{1,6}|\\PC{1,6}", 32),
        prop::collection::vec("[ \t]{1,3}", 32),
        prop::option::of(prop_oneof![
            Just(
                "2024-03-05T10:11:26.706Z\tac376f35-2448-4461-a104-b174eb2df7b3\tINFO\t"
                    .to_string()
            ),
            Just("Mar  5 10:11:15 web-1 sshd[21349]: ".to_string()),
            Just("2015-10-18 18:01:47,978 INFO [main] org.x.Y: ".to_string()),
            Just("20171223-22:15:29:606|Step_LSC|30002312|".to_string()),
        ]),
    )
        .prop_map(|(values, gaps, header)| Filling {
            values,
            gaps,
            header,
        })
}

/// What may follow a variable: the first character it must not contain.
pub fn next_char(t: &[Vec<Piece>], ti: usize, pi: usize) -> Option<char> {
    match t[ti].get(pi + 1) {
        Some(Piece::Const(s)) => s.chars().next(),
        _ => None,
    }
}

/// A line of the template: each variable filled with a value that does not contain the
/// constant right after it (and no white space, as a one-word value).
pub fn line_of(t: &[Vec<Piece>], f: &Filling) -> String {
    let mut line = f.header.clone().unwrap_or_default();
    let mut k = 0;
    for (ti, tok) in t.iter().enumerate() {
        if ti > 0 {
            line.push_str(&f.gaps[ti % f.gaps.len()]);
        }
        for (pi, p) in tok.iter().enumerate() {
            match p {
                Piece::Const(s) => line.push_str(s),
                Piece::Var => {
                    let stop = next_char(t, ti, pi);
                    let v: String = f.values[k % f.values.len()]
                        .chars()
                        .filter(|c| !c.is_whitespace() && Some(*c) != stop && !c.is_control())
                        .collect();
                    k += 1;
                    line.push_str(&v);
                }
            }
        }
    }
    line
}

/// The loosest reading of a template: constants in order, any text for variables, white space
/// between tokens, after an optional header. A rule must never match a line outside it.
pub fn loose_regex(text: &str) -> Regex {
    let body = text
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|tok| {
            tok.split(WILDCARD)
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"[\s\S]*?")
        })
        .collect::<Vec<_>>()
        .join(r"[\t-\r ]+");
    let h = pattern::MAX_HEADER_CHARS;
    Regex::new(&format!(r"\A(?:[^\n]{{0,{h}}}[\t |])?{body}[\t-\r ]*\z")).unwrap()
}

pub fn rule_of(text: &str) -> Rule {
    Rule::from_spec(&RuleSpec {
        template_id: TemplateId::of_text(text),
        template_text: text.into(),
        ..RuleSpec::default()
    })
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Real miner output
// ---------------------------------------------------------------------------------------------

/// The log fixtures of the repository, and the Loghub-2k samples when `LOGNOISE_LOGHUB` names
/// their folder (`<dir>/<Name>/<Name>_2k.log`, as `loghub_eval.py` reads them). A fixture
/// folder that is missing or holds no log, or a `LOGNOISE_LOGHUB` folder without samples,
/// fails the test that asked: a check that quietly runs on fewer inputs would pass for the
/// wrong reason.
pub fn fixture_lines() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["crates/miner/tests/fixtures", "tests/fixtures", "demo"] {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("fixture folder {} cannot be read: {e}", dir.display()));
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.retain(|p| p.extension().and_then(|e| e.to_str()) == Some("log"));
        paths.sort();
        assert!(!paths.is_empty(), "no .log fixture in {}", dir.display());
        for p in paths {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("fixture {} cannot be read: {e}", p.display()));
            let lines: Vec<String> = text.lines().map(String::from).collect();
            out.push((p.display().to_string(), lines));
        }
    }
    if let Some(loghub) = std::env::var_os("LOGNOISE_LOGHUB") {
        out.extend(loghub_lines(Path::new(&loghub)));
    }
    out
}

/// Every `<Name>/<Name>_2k.log` under `dir`; panics when there is none.
fn loghub_lines(dir: &Path) -> Vec<(String, Vec<String>)> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("LOGNOISE_LOGHUB={} cannot be read: {e}", dir.display()));
    let mut dirs: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let Some(name) = d.file_name().and_then(|n| n.to_str()).map(String::from) else {
            continue;
        };
        let file = d.join(format!("{name}_2k.log"));
        if let Ok(text) = std::fs::read_to_string(&file) {
            out.push((name, text.lines().map(String::from).collect()));
        }
    }
    assert!(
        !out.is_empty(),
        "LOGNOISE_LOGHUB={} holds no <Name>/<Name>_2k.log sample",
        dir.display()
    );
    out
}

/// Templates of real shapes whose patterns every engine must read (access logs, JSON, syslog,
/// every ASCII punctuation character, tabs and non-ASCII text).
pub const GOLDEN_TEMPLATES: &[&str] = &[
    "Order <*> persisted in <*> ms",
    "<*> - - [<*>] \"GET /health HTTP/<*>\" <*> <*> \"-\" \"ELB-HealthChecker/<*>\"",
    "{\"ts\":\"<*>\",\"level\":\"info\",\"msg\":\"cart updated\",\"items\":<*>}",
    "pam_unix(cron:session): session opened for user root(uid=<*>) by (uid=<*>)",
    "a\\b c$d e^f g|h (i) [j] {k} l*m n+o p?q r.s t/u",
    "tab\there é日本 <*>",
];
