//! Properties the miner must keep on any input: every line is described by its template, ids are
//! deterministic and stable, no input makes it panic, and memory stays bounded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lognoise_miner::{message_part, ClusterId, Miner, MinerConfig, Snapshot, TemplateId, WILDCARD};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use regex::Regex;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// Generators of log-like lines
// ---------------------------------------------------------------------------------------------

const WORDS: &[&str] = &[
    "INFO",
    "WARN",
    "ERROR",
    "DEBUG",
    "user",
    "session",
    "opened",
    "closed",
    "for",
    "by",
    "connection",
    "from",
    "to",
    "Order",
    "persisted",
    "in",
    "ms",
    "GET",
    "POST",
    "HTTP/1.1",
    "request",
    "failed",
    "retrying",
    "after",
    "timeout",
    "cache",
    "hit",
    "miss",
    "worker",
    "started",
    "stopped",
    "Accepted",
    "password",
    "port",
    "ssh2",
    "pam_unix(sshd:session):",
    "kernel:",
    "eth0",
    "x86_64",
    "v2",
    "Link",
    "ok",
    "error",
    "the",
    "is",
    "not",
    "Invoice",
    "queued",
    "payment-service",
    "CONTAINER_REMOTE_LAUNCH",
    "deadbeef",
    "-",
    "[main]",
    "(uid=0)",
];

const UNITS: &[&str] = &["ms", "s", "KB", "MB", "%", "us", "GiB"];

const UNICODE: &[&str] = &[
    "é",
    "日本語",
    "Grüße",
    "🚀",
    "naïve",
    "Привет",
    "ü:",
    "«quoted»",
    "\u{a0}",
    "\u{2003}",
    "\u{200b}",
    "\u{fffd}",
    "a\u{301}",
];

const PUNCT: &[&str] = &[
    "-", "|", ":", "(", ")", "[", "]", "\"", "'", ",", "...", "->", "=>", "{", "}", "<", ">", "*",
    "<*>", "#", "@", "=", "/", "\\", ";", "!", "?", "()", "[]", "{}",
];

fn word() -> impl Strategy<Value = String> {
    select(WORDS).prop_map(String::from)
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u32>().prop_map(|n| n.to_string()),
        any::<i16>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u32..100_000, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b:03}")),
        (0u32..5000, select(UNITS)).prop_map(|(n, u)| format!("{n}{u}")),
    ]
}

fn hex_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{6,16}",
        "0x[0-9a-fA-F]{1,8}",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "(ord|req|usr|blk)_[0-9a-f]{6,10}",
        "blk_-?[0-9]{10,19}",
        "[a-z]{2,6}[0-9]{1,2}",
        "i-[0-9a-f]{17}",
    ]
}

fn ip() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<[u8; 4]>(), proptest::option::of(1u16..)).prop_map(|(o, port)| {
            let ip = format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3]);
            match port {
                Some(p) => format!("{ip}:{p}"),
                None => ip,
            }
        }),
        "fe80::[0-9a-f]{1,4}:[0-9a-f]{1,4}",
        "\\[2001:db8::[0-9a-f]{1,4}\\]:[0-9]{2,5}",
        "([0-9a-f]{2}:){5}[0-9a-f]{2}",
        "ip-10-0-[0-9]{1,3}-[0-9]{1,3}\\.ec2\\.internal",
        "[a-z]{3,8}@example\\.(com|org)",
    ]
}

fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z]{1,8}(/[a-z0-9_.-]{1,8}){0,4}",
        "https?://[a-z]{3,8}\\.(com|io)(/[a-z0-9]{1,6}){0,3}(\\?[a-z]=[0-9]{1,3})?",
        "C:\\\\[A-Za-z]{1,8}\\\\[a-z]{1,8}\\.(exe|log)",
        "\\./[a-z]{1,6}\\.(rs|py|log)",
        "arn:aws:lambda:us-east-1:[0-9]{12}:function:[a-z-]{3,12}",
    ]
}

fn key_value() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        number(),
        hex_id(),
        word(),
        "\"[a-z ]{0,10}\"",
        Just(String::new()),
    ];
    ("[a-z_]{1,10}", select(&["=", ":", "=\""][..]), value).prop_map(|(k, sep, v)| {
        if sep == "=\"" {
            format!("{k}=\"{v}\"")
        } else {
            format!("{k}{sep}{v}")
        }
    })
}

fn timestamp() -> impl Strategy<Value = String> {
    prop_oneof![
        "2024-0[1-9]-[0-2][1-9]T[01][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{3})?Z",
        "(Jan|Feb|Mar|Jun|Dec) {1,2}[1-2]?[0-9] [01][0-9]:[0-5][0-9]:[0-5][0-9]",
        "\\[(Sun|Mon|Fri) (Dec|Jan|Jun) 0[1-9] [01][0-9]:[0-5][0-9]:[0-5][0-9] 20[0-2][0-9]\\]",
        "20[0-2][0-9]-[01][0-9]-[0-3][0-9] [01][0-9]:[0-5][0-9]:[0-5][0-9],[0-9]{3}",
        "[0-3][0-9]/(Oct|Nov)/2000:[01][0-9]:[0-5][0-9]:[0-5][0-9] \\+0000",
        "Tue, 10 Mar 2015 [01][0-9]:[0-5][0-9]:[0-5][0-9] GMT",
        "1[67][0-9]{11}",
    ]
}

fn json_fragment() -> impl Strategy<Value = String> {
    (word(), number(), hex_id(), any::<bool>()).prop_map(|(w, n, h, b)| {
        format!(r#"{{"level":"info","msg":"{w} {n}","id":"{h}","ok":{b},"tags":[1,2]}}"#)
    })
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => word(),
        3 => number(),
        2 => hex_id(),
        1 => ip(),
        1 => path(),
        2 => key_value(),
        1 => timestamp(),
        1 => json_fragment(),
        1 => select(PUNCT).prop_map(String::from),
        1 => select(UNICODE).prop_map(String::from),
        1 => "\\PC{1,12}",
        // Words glued to punctuation the way messages write them.
        1 => (select(PUNCT), word(), select(PUNCT)).prop_map(|(a, w, b)| format!("{a}{w}{b}")),
    ]
}

const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "  ", "\t", " \t "];

/// A line as tokens plus the white space around and between them, so variants of one line can
/// swap a token and keep the layout.
#[derive(Clone, Debug)]
struct LineParts {
    lead: &'static str,
    tokens: Vec<String>,
    seps: Vec<&'static str>,
    trail: &'static str,
}

impl LineParts {
    fn render(&self) -> String {
        let mut s = String::from(self.lead);
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                s.push_str(self.seps[i % self.seps.len()]);
            }
            s.push_str(t);
        }
        s.push_str(self.trail);
        s
    }
}

fn line_parts(max_tokens: usize) -> impl Strategy<Value = LineParts> {
    (
        select(&["", "", "", " ", "\t"][..]),
        prop::collection::vec(token(), 0..max_tokens),
        prop::collection::vec(select(SEPARATORS), 1..4),
        select(&["", "", "", " ", "\r", "  "][..]),
    )
        .prop_map(|(lead, tokens, seps, trail)| LineParts {
            lead,
            tokens,
            seps,
            trail,
        })
}

/// A batch of lines: a few base lines, plus variants of them with one token replaced (which is
/// what makes the miner join clusters), shuffled.
fn batch() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(line_parts(14), 1..8),
        prop::collection::vec((any::<Index>(), any::<Index>(), token()), 0..40),
    )
        .prop_flat_map(|(bases, edits)| {
            let mut lines: Vec<String> = bases.iter().map(LineParts::render).collect();
            for (b, t, tok) in edits {
                let mut v = b.get(&bases).clone();
                if !v.tokens.is_empty() {
                    let i = t.index(v.tokens.len());
                    v.tokens[i] = tok;
                }
                lines.push(v.render());
            }
            Just(lines).prop_shuffle()
        })
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The white space that separates tokens for the miner (ASCII only: U+00A0 is part of a word).
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The regex a template stands for: constant text literally, `<*>` as any text, one or more
/// white-space characters between tokens, anchored at both ends.
fn template_regex(text: &str) -> Regex {
    let tokens: Vec<String> = text
        .split(' ')
        .map(|tok| {
            tok.split(WILDCARD)
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(".*?")
        })
        .collect();
    let pattern = format!(r"(?s)^{}$", tokens.join(r"\s+"));
    regex::RegexBuilder::new(&pattern)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("template {text:?} gives a bad regex: {e}"))
}

fn mine(lines: &[String]) -> (Vec<ClusterId>, Snapshot) {
    let mut miner = Miner::new(MinerConfig::default());
    let ids = lines.iter().map(|l| miner.ingest(l)).collect();
    (ids, miner.snapshot())
}

/// Checks that every line (its message part) matches the template its cluster maps to; returns
/// the first offender.
fn first_mismatch(lines: &[String], ids: &[ClusterId], snapshot: &Snapshot) -> Option<String> {
    let mut cache: HashMap<String, Regex> = HashMap::new();
    for (line, &id) in lines.iter().zip(ids) {
        let Some(t) = snapshot.template_of(id) else {
            return Some(format!("line {line:?}: cluster {id:?} has no template"));
        };
        let re = cache
            .entry(t.text.clone())
            .or_insert_with(|| template_regex(&t.text));
        // A template describes the message, after any header (timestamp, level, host...).
        let trimmed = message_part(line).trim_matches(is_separator);
        if !re.is_match(trimmed) {
            return Some(format!(
                "line {:?} does not match its template {:?}",
                clip(line),
                clip(&t.text)
            ));
        }
    }
    None
}

/// Long lines cut for messages.
fn clip(s: &str) -> String {
    if s.len() <= 160 {
        return s.to_string();
    }
    let mut end = 160;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &s[..end], s.len())
}

fn total_count(snapshot: &Snapshot) -> u64 {
    snapshot.templates().iter().map(|t| t.count).sum()
}

/// A small deterministic generator for bulk input, where proptest's string strategies would be
/// slow (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0 | 1;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn line(&mut self) -> String {
        // Word counts up to 90, past the 64 words the overflow clusters distinguish.
        let words = if self.below(10) == 0 {
            self.below(91)
        } else {
            self.below(12)
        };
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            match self.below(6) {
                0 => s.push_str(&self.next().to_string()),
                1 => s.push_str(&format!("{:x}", self.next())),
                2 => s.push_str(&format!("k{}={}", self.below(50), self.below(1000))),
                3 => s.push_str(PUNCT[self.below(PUNCT.len())]),
                // Random plain letters: a new constant word, hence a new shape.
                4 => {
                    for _ in 0..1 + self.below(8) {
                        s.push((b'a' + self.below(26) as u8) as char);
                    }
                }
                _ => s.push_str(WORDS[self.below(WORDS.len())]),
            }
        }
        s
    }
}

/// Longest word count the overflow clusters tell apart (see `OVERFLOW_MAX_WORDS` in the miner):
/// past `max_clusters`, a line of a new shape goes to the catch-all cluster of its word count,
/// 0 to 64 words, so at most 65 clusters are added over the limit.
const OVERFLOW_MAX_WORDS: usize = 64;
const OVERFLOW_CLUSTERS: usize = OVERFLOW_MAX_WORDS + 1;

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    // 256 cases unless PROPTEST_CASES says otherwise.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_line_matches_its_own_template(lines in batch()) {
        let (ids, snapshot) = mine(&lines);
        if let Some(problem) = first_mismatch(&lines, &ids, &snapshot) {
            let templates: Vec<&str> =
                snapshot.templates().iter().map(|t| t.text.as_str()).collect();
            prop_assert!(false, "{problem}\nall templates: {templates:#?}");
        }
        prop_assert_eq!(total_count(&snapshot), lines.len() as u64);
    }

    #[test]
    fn mining_is_deterministic(lines in batch()) {
        let (ids_a, snap_a) = mine(&lines);
        let (ids_b, snap_b) = mine(&lines);
        prop_assert_eq!(&ids_a, &ids_b);
        prop_assert_eq!(snap_a.templates(), snap_b.templates());
        for (&a, &b) in ids_a.iter().zip(&ids_b) {
            let (ta, tb) = (snap_a.template_id_of(a), snap_b.template_id_of(b));
            prop_assert!(ta.is_some());
            prop_assert_eq!(ta, tb);
        }
        // Every template id is the id of its text.
        for t in snap_a.templates() {
            prop_assert_eq!(t.id, TemplateId::of_text(&t.text));
        }
        // A snapshot does not disturb the miner: taking one mid-stream changes nothing after.
        let mut miner = Miner::new(MinerConfig::default());
        let half = lines.len() / 2;
        let mut ids_c: Vec<ClusterId> = lines[..half].iter().map(|l| miner.ingest(l)).collect();
        let _ = miner.snapshot();
        ids_c.extend(lines[half..].iter().map(|l| miner.ingest(l)));
        prop_assert_eq!(&ids_a, &ids_c);
        let snap_c = miner.snapshot();
        prop_assert_eq!(snap_a.templates(), snap_c.templates());
    }

    #[test]
    fn template_id_display_and_parse_round_trip(raw in any::<u64>()) {
        let id = TemplateId(raw);
        let text = id.to_string();
        prop_assert_eq!(text.len(), 16);
        prop_assert!(text.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        prop_assert_eq!(text.parse::<TemplateId>(), Ok(id));
        prop_assert_eq!(text.to_uppercase().parse::<TemplateId>(), Ok(id));
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        lines in prop::collection::vec(
            prop_oneof![
                4 => prop::collection::vec(any::<u8>(), 0..120),
                1 => prop::collection::vec(
                    select(&[0u8, b'\t', b'\r', 0x0b, 0x0c, 0x7f, 0x1b, 0xff, 0xc3, 0x80, b' ', b'a'][..]),
                    0..40,
                ),
                1 => Just(Vec::new()),
            ],
            0..60,
        ),
    ) {
        let mut miner = Miner::new(MinerConfig::default());
        let ids: Vec<ClusterId> = lines.iter().map(|l| miner.ingest_bytes(l, None)).collect();
        let snapshot = miner.snapshot();
        prop_assert_eq!(snapshot.lines(), lines.len() as u64);
        prop_assert_eq!(total_count(&snapshot), lines.len() as u64);
        // Invalid bytes are replaced, and the decoded line still matches its template.
        let decoded: Vec<String> =
            lines.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect();
        if let Some(problem) = first_mismatch(&decoded, &ids, &snapshot) {
            prop_assert!(false, "{problem}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn clusters_stay_bounded_and_every_line_is_counted(seed in any::<u64>()) {
        const LIMIT: usize = 50;
        const LINES: usize = 5_000;
        let mut rng = Rng(seed);
        let mut miner = Miner::new(MinerConfig { max_clusters: LIMIT, ..Default::default() });
        let mut ids = Vec::with_capacity(LINES);
        for _ in 0..LINES {
            let line = rng.line();
            ids.push(miner.ingest(&line));
        }
        // The input has far more shapes than the limit, so the limit is what bounds the count.
        prop_assert!(miner.cluster_count() >= LIMIT, "only {} clusters", miner.cluster_count());
        prop_assert!(
            miner.cluster_count() <= LIMIT + OVERFLOW_CLUSTERS,
            "{} clusters for a limit of {LIMIT}",
            miner.cluster_count()
        );
        prop_assert!(ids.iter().all(|id| (id.0 as usize) < miner.cluster_count()));
        let snapshot = miner.snapshot();
        prop_assert_eq!(miner.lines(), LINES as u64);
        prop_assert_eq!(snapshot.lines(), LINES as u64);
        prop_assert_eq!(total_count(&snapshot), LINES as u64);
        prop_assert!(ids.iter().all(|&id| snapshot.template_of(id).is_some()));
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed cases
// ---------------------------------------------------------------------------------------------

/// Ids are XXH3-64 of the text: pinned here so that a change of hash, seed or formatting (which
/// would orphan every review decision already taken) cannot go unnoticed.
#[test]
fn template_ids_are_pinned() {
    let pinned = [
        ("Order <*> persisted in <*> ms", "f96905e21109974f"),
        ("session closed for user <*>", "767e6016b3a292bc"),
        ("GET /health <*>", "99573db1bfe23b71"),
    ];
    for (text, hex) in pinned {
        let id = TemplateId::of_text(text);
        assert_eq!(id.to_string(), hex, "id of {text:?}");
        assert_eq!(hex.parse::<TemplateId>(), Ok(id));
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{hex}\""));
        assert_eq!(serde_json::from_str::<TemplateId>(&json).unwrap(), id);
    }
    // The miner gives a mined template the id of its text.
    let mut miner = Miner::new(MinerConfig::default());
    for user in ["cyrus", "root", "news", "alice"] {
        miner.ingest(&format!("session closed for user {user}"));
    }
    let snapshot = miner.snapshot();
    assert_eq!(snapshot.templates()[0].text, "session closed for user <*>");
    assert_eq!(snapshot.templates()[0].id.to_string(), "767e6016b3a292bc");
}

#[test]
fn template_id_rejects_what_is_not_16_hex_digits() {
    for bad in [
        "",
        "f96905e21109974",
        "f96905e21109974f0",
        "f96905e21109974g",
        " f96905e21109974",
        "0xf96905e2110997",
        "-0000000000000001",
    ] {
        assert!(bad.parse::<TemplateId>().is_err(), "{bad:?} parsed");
    }
    assert!(serde_json::from_str::<TemplateId>("\"nope\"").is_err());
}

#[test]
fn huge_and_odd_lines_never_panic_and_are_counted() {
    let big = 256 * 1024;
    let mut words = String::new();
    while words.len() < big {
        words.push_str("Request ord_8f3a91c2 took 42 ms from 10.0.0.1 ");
    }
    let lines: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\n".to_vec(),
        b"   \t  ".to_vec(),
        vec![0u8; 10],
        b"\xff\xfe\xfd invalid \xc3 utf8 \xe2\x82".to_vec(),
        b"\x1b[31mERROR\x1b[0m colour codes".to_vec(),
        words.into_bytes(),
        vec![b'x'; big],
        vec![b' '; big],
        "é".repeat(big / 2).into_bytes(),
        {
            // A multi-byte character straddling the point where the scanner stops reading.
            let mut v = vec![b'a'; 16 * 1024 - 1];
            v.extend_from_slice("日本語 tail".as_bytes());
            v
        },
        Vec::new(),
    ];
    let mut miner = Miner::new(MinerConfig::default());
    let ids: Vec<ClusterId> = lines
        .iter()
        .map(|l| miner.ingest_bytes(l, Some(7)))
        .collect();
    let snapshot = miner.snapshot();
    assert_eq!(snapshot.lines(), lines.len() as u64);
    assert_eq!(total_count(&snapshot), lines.len() as u64);
    for &id in &ids {
        let t = snapshot.template_of(id).expect("every line has a template");
        assert_eq!(t.first_seen, Some(7));
        // Examples of huge lines are cut: a template must not carry a 256 KB line around.
        assert!(t.examples.iter().all(|e| e.len() < 64 * 1024));
    }
    // The two empty lines are one template.
    assert_eq!(
        snapshot.template_id_of(ids[0]),
        snapshot.template_id_of(ids[11])
    );
}

#[test]
fn overflow_adds_one_cluster_per_word_count_and_no_more() {
    const LIMIT: usize = 50;
    let mut miner = Miner::new(MinerConfig {
        max_clusters: LIMIT,
        ..Default::default()
    });
    // Fill the limit with distinct shapes (a constant word each).
    let letters = |mut n: usize| {
        let mut s = String::new();
        loop {
            s.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                return s;
            }
        }
    };
    for i in 0..LIMIT {
        miner.ingest(&format!("event kind{} happened", letters(i)));
    }
    assert_eq!(miner.cluster_count(), LIMIT);
    // New shapes of every word count from 0 to 100, twice over.
    for round in 0..2 {
        for words in 0..=100usize {
            let line: Vec<String> = (0..words)
                .map(|w| format!("new{}", letters(1000 + round * 10_000 + words * 101 + w)))
                .collect();
            miner.ingest(&line.join(" "));
        }
    }
    assert_eq!(miner.cluster_count(), LIMIT + OVERFLOW_CLUSTERS);
    // Lines of known shapes still go to their own cluster.
    let id = miner.ingest("event kindb happened");
    assert_eq!(id, ClusterId(1));
    let snapshot = miner.snapshot();
    assert_eq!(total_count(&snapshot), miner.lines());
    assert_eq!(miner.lines(), (LIMIT + 2 * 101 + 1) as u64);
}

// ---------------------------------------------------------------------------------------------
// Regressions: inputs that once broke a property.
// ---------------------------------------------------------------------------------------------

/// A word that straddles the point where the scanner stops reading (16 KB) is cut in two, and
/// the template then showed a space the line does not have (`aaaa…a <*>`), so the line no
/// longer matched its template.
#[test]
fn regression_line_longer_than_scan_limit_matches_its_template() {
    let lines = vec!["a".repeat(20_000), format!("GET /{}", "b".repeat(20_000))];
    let (ids, snapshot) = mine(&lines);
    assert_eq!(first_mismatch(&lines, &ids, &snapshot), None);
}

/// Past `max_clusters`, the catch-all cluster of one-word lines had the key of the ordinary
/// line `<number>\u{4}overflow`: when that line came first, new one-word lines were counted in
/// its template (`<*>\u{4}overflow`), which they do not match.
#[test]
fn regression_overflow_cluster_does_not_collide_with_line_text() {
    let mut miner = Miner::new(MinerConfig {
        max_clusters: 3,
        ..Default::default()
    });
    miner.ingest("7\u{4}overflow");
    miner.ingest("a b c");
    miner.ingest("d e f g");
    let lines = vec!["hello".to_string()];
    let ids = vec![miner.ingest(&lines[0])];
    let snapshot = miner.snapshot();
    assert_eq!(first_mismatch(&lines, &ids, &snapshot), None);
}

/// `TemplateId::from_str` took a leading `+` (`u64::from_str_radix` accepts one), so
/// `+00000000000000f` parsed to an id that prints as `000000000000000f`.
#[test]
fn regression_template_id_rejects_a_plus_sign() {
    assert!("+00000000000000f".parse::<TemplateId>().is_err());
}

/// A variable and a word ending in `>` (or starting with `<`) at one position are joined (the
/// variable subsumes the word), and the template read `job <*>> failed`: the affixes shared by
/// the members were computed on texts where the variable is written `<*>`, so its `>` looked
/// like shared punctuation. `job 42 failed` does not match `job <*>> failed`.
#[test]
fn regression_variable_and_word_ending_in_angle_bracket_merge_into_matching_template() {
    for pair in [
        ["job 42 failed", "job ok> failed"],
        ["job 42 failed on host", "job <ok failed on host"],
        ["job 42 failed on host", "job ok-> failed on host"],
    ] {
        let lines: Vec<String> = pair.iter().map(|s| s.to_string()).collect();
        let (ids, snapshot) = mine(&lines);
        assert_eq!(first_mismatch(&lines, &ids, &snapshot), None);
    }
}
