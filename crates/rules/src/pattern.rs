//! The regex of a rule, built from its template text.
//!
//! A rule runs inside log shippers whose regex engines differ: Rust `regex` (Vector), RE2 (Go:
//! the OpenTelemetry Collector, Datadog Agent) and Onigmo (Fluent Bit), a backtracking engine.
//! The pattern therefore keeps to what all three read the same (see [`crate::portable`]) and is
//! shaped so that a backtracking engine does little work:
//!
//! - **Constants** are escaped character by character: `[A-Za-z0-9_]`, `<`, `>` and non-ASCII
//!   characters stand for themselves (`\<` is a word boundary in Rust), other ASCII
//!   punctuation is preceded by `\`, control characters are written `\xHH`.
//! - **White space between tokens** is `[\t-\r ]{1,64}`, the miner's separators.
//! - **A variable** never runs over the constant that follows it, so each variable has one
//!   place where it can end and a failed match costs a bounded, linear amount of work. Each is
//!   a bounded repetition of alternatives that begin with disjoint classes:
//!   - before a one-character constant ending a token (`to <*>: Link`), any character, the
//!     constant's only when more than white space follows (`10.0.0.1:4221`):
//!     `(?:[^:]|:[^\t-\r ]){0,256}`;
//!   - before a longer constant in the same token (`"<*>","level"`), any character, the
//!     constant's first only when its second does not follow: `(?:[^"]|"[^,]){0,256}`;
//!   - before a one-character constant and another variable (`<*>:<*>`): `[^:]{0,256}`;
//!   - before white space and a constant word (`Size: <*> Max Memory`), words joined by single
//!     white-space characters, none of which after the first begins with the constant's first
//!     two characters (`512 MB` matches, `1 Maximum` does not):
//!     `(?:[^\t-\r ]|[\t-\r ][^M\t-\r ]|[\t-\r ]M[^a\t-\r ]){0,256}`;
//!   - before white space and another variable, one word: `[^\t-\r ]{0,256}`;
//!   - at the end of the template, anything up to 1000 characters: `[\s\S]{0,1000}`.
//! - **The header.** Templates describe the message after a line's header (timestamp, level,
//!   host, see `lognoise_miner::message_part`), but shippers see the whole line. A rule
//!   therefore allows an optional header before the message: up to [`MAX_HEADER_CHARS`]
//!   characters on the line's first line, ending with white space or `|`:
//!   `\A(?:[^\n]{0,400}[\t |])?`. The message itself must then match the template to the end of
//!   the line (`\z`), with trailing white space allowed. A message that matches a template
//!   after some other short prefix is matched too: validation against the sample is what
//!   catches a rule that reaches lines it should not.
//!
//! Anchors are `\A` and `\z` because `^` and `$` match at line breaks in Onigmo.

use lognoise_miner::WILDCARD;

/// Most characters a variable in the middle of a template may span.
pub const MAX_VARIABLE_CHARS: usize = 256;
/// Most characters the variable ending a template may span (RE2 allows repetitions up to 1000).
pub const MAX_TAIL_CHARS: usize = 1000;
/// Most characters of the header allowed before the message.
pub const MAX_HEADER_CHARS: usize = 400;
/// Most white-space characters between two tokens.
pub const MAX_GAP_CHARS: usize = 64;
/// Most white-space characters after the last constant of a template.
pub const MAX_TRAILING_SPACE: usize = 16;

/// White space as the miner reads it: tab, line feed, vertical tab, form feed, carriage return
/// and space.
const SPACE_CLASS_BODY: &str = r"\t-\r ";

/// The header allowed before the message; shared by every rule so that exports can name it.
pub fn header_prefix() -> String {
    format!(r"\A(?:[^\n]{{0,{MAX_HEADER_CHARS}}}[\t |])?")
}

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Element<'a> {
    Const(&'a str),
    Var,
    Gap,
}

/// Splits template text into constants, variables and gaps between tokens.
fn elements(text: &str) -> Vec<Element<'_>> {
    let mut out: Vec<Element<'_>> = Vec::new();
    for token in text.split(' ').filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(Element::Gap);
        }
        let mut first = true;
        for piece in token.split(WILDCARD) {
            if !first && out.last() != Some(&Element::Var) {
                // Two `<*>` side by side are one variable.
                out.push(Element::Var);
            }
            first = false;
            if !piece.is_empty() {
                out.push(Element::Const(piece));
            }
        }
    }
    out
}

/// The constant pieces of a template, in order: every line a rule matches contains each of
/// them, so the matcher's prefilter looks for the longest.
pub fn literals(text: &str) -> Vec<&str> {
    elements(text)
        .into_iter()
        .filter_map(|e| match e {
            Element::Const(s) => Some(s),
            _ => None,
        })
        .collect()
}

/// Whether the template's text begins with a constant (not a variable).
pub fn starts_with_constant(text: &str) -> bool {
    matches!(elements(text).first(), Some(Element::Const(_)))
}

/// Why a template cannot give a rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("template {0:?} has no constant text, so a rule made from it would drop every line")]
pub struct UnboundedTemplate(pub String);

/// How far a variable may run, as its regex says: each shape is one of the repetitions in the
/// module documentation. Public so that an export into an engine without regexes (the Fluent
/// Bit lua filter) can walk the same shapes instead of re-deriving them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarShape {
    /// At the end of the template: anything, up to [`MAX_TAIL_CHARS`] characters.
    Tail,
    /// Before a one-character constant and another variable: `[^c]`.
    Not(char),
    /// Before a one-character constant ending a token: `(?:[^c]|c[^\t-\r ])`.
    NotBeforeSpace(char),
    /// Before a longer constant in the same token: `(?:[^c1]|c1[^c2])`.
    NotPair(char, char),
    /// Before white space and a constant word starting with `c1` (then `c2`, when the word
    /// has a second character): words joined by single white-space characters, none after
    /// the first beginning like the constant.
    Words(char, Option<char>),
    /// Before white space and another variable: one word, `[^\t-\r ]`.
    Word,
}

/// One piece of a template's pattern, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text that stands for itself.
    Const(&'a str),
    /// White space between tokens: 1 to [`MAX_GAP_CHARS`] characters.
    Gap,
    /// A variable: up to [`MAX_VARIABLE_CHARS`] repetitions of its shape ([`VarShape::Tail`]:
    /// up to [`MAX_TAIL_CHARS`] characters).
    Var(VarShape),
}

/// The pieces of a template's pattern, the structure [`template_pattern`] writes as a regex.
///
/// Refuses a template made only of variables: its rule would drop everything.
pub fn parts(text: &str) -> Result<Vec<Part<'_>>, UnboundedTemplate> {
    let els = elements(text);
    if !els.iter().any(|e| matches!(e, Element::Const(_))) {
        return Err(UnboundedTemplate(text.to_string()));
    }
    Ok(els
        .iter()
        .enumerate()
        .map(|(i, e)| match e {
            Element::Const(s) => Part::Const(s),
            Element::Gap => Part::Gap,
            Element::Var => Part::Var(shape(&els[i + 1..])),
        })
        .collect())
}

/// The anchored regex of a template (see the module documentation for its shape).
///
/// Refuses a template made only of variables: its rule would drop everything.
pub fn template_pattern(text: &str) -> Result<String, UnboundedTemplate> {
    let parts = parts(text)?;
    let mut out = header_prefix();
    for p in &parts {
        match p {
            Part::Const(s) => push_escaped(&mut out, s),
            Part::Gap => out.push_str(&format!("[{SPACE_CLASS_BODY}]{{1,{MAX_GAP_CHARS}}}")),
            Part::Var(shape) => out.push_str(&variable(shape)),
        }
    }
    if !matches!(parts.last(), Some(Part::Var(_))) {
        out.push_str(&format!("[{SPACE_CLASS_BODY}]{{0,{MAX_TRAILING_SPACE}}}"));
    }
    out.push_str(r"\z");
    Ok(out)
}

/// The shape of a variable followed by `rest`: it stops at the first place where what follows
/// it in the template can begin.
fn shape(rest: &[Element<'_>]) -> VarShape {
    match rest {
        [] => VarShape::Tail,
        // `<*>:<*>`: the constant's one character is all that separates the two.
        [Element::Const(s), Element::Var, ..] if s.chars().count() == 1 => {
            VarShape::Not(first_char(s))
        }
        // `<*>:` ending a token: the value may hold `:` when more than white space follows.
        [Element::Const(s), ..] if s.chars().count() == 1 => {
            VarShape::NotBeforeSpace(first_char(s))
        }
        // `<*>","level"`: the value may hold `"` when not followed by `,`.
        [Element::Const(s), ..] => {
            let mut chars = s.chars();
            let c1 = chars.next().unwrap_or(' ');
            let c2 = chars.next().unwrap_or(' ');
            VarShape::NotPair(c1, c2)
        }
        // `<*> persisted`: words, none of which after the first begins with the constant's
        // first two characters (`MB` may come before `Max`, but not `Maximum`).
        [Element::Gap, Element::Const(s), ..] => {
            let mut chars = s.chars();
            VarShape::Words(chars.next().unwrap_or(' '), chars.next())
        }
        _ => VarShape::Word,
    }
}

/// The regex of a variable's shape.
///
/// Each alternative of a repeated group begins with a class disjoint from the others', so an
/// engine never has two ways to read the same character.
fn variable(shape: &VarShape) -> String {
    let n = MAX_VARIABLE_CHARS;
    let sp = SPACE_CLASS_BODY;
    match shape {
        VarShape::Tail => format!(r"[\s\S]{{0,{MAX_TAIL_CHARS}}}"),
        VarShape::Not(c) => format!("[^{}]{{0,{n}}}", class_char(*c)),
        VarShape::NotBeforeSpace(c) => {
            let c = class_char(*c);
            format!("(?:[^{c}]|{c}[^{sp}]){{0,{n}}}")
        }
        VarShape::NotPair(c1, c2) => {
            let (c1, c2) = (class_char(*c1), class_char(*c2));
            format!("(?:[^{c1}]|{c1}[^{c2}]){{0,{n}}}")
        }
        VarShape::Words(c1, c2) => {
            let c1 = class_char(*c1);
            match c2.map(class_char) {
                Some(c2) => format!("(?:[^{sp}]|[{sp}][^{c1}{sp}]|[{sp}]{c1}[^{c2}{sp}]){{0,{n}}}"),
                None => format!("(?:[^{sp}]|[{sp}][^{c1}{sp}]){{0,{n}}}"),
            }
        }
        VarShape::Word => format!("[^{sp}]{{0,{n}}}"),
    }
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// Appends `s` escaped for use outside a class.
pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        push_char(out, c);
    }
}

/// `s` escaped for use outside a class.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    push_escaped(&mut out, s);
    out
}

fn push_char(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == '_' || c == ' ' || c == '<' || c == '>' || !c.is_ascii() {
        out.push(c);
    } else if c.is_ascii_punctuation() {
        out.push('\\');
        out.push(c);
    } else {
        out.push_str(&format!(r"\x{:02X}", c as u32));
    }
}

/// `c` written for use inside a class.
fn class_char(c: char) -> String {
    let mut out = String::new();
    push_char(&mut out, c);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_escaped_and_variables_stop_at_the_next_constant() {
        let p = template_pattern("user:<*>:profile hit=<*>").unwrap();
        assert_eq!(
            p,
            r"\A(?:[^\n]{0,400}[\t |])?user\:(?:[^\:]|\:[^p]){0,256}\:profile[\t-\r ]{1,64}hit\=[\s\S]{0,1000}\z"
        );
    }

    #[test]
    fn a_variable_before_a_word_may_hold_words_not_starting_like_it() {
        let p = template_pattern("Order <*> persisted in <*> ms").unwrap();
        assert!(p.contains(
            r"(?:[^\t-\r ]|[\t-\r ][^p\t-\r ]|[\t-\r ]p[^e\t-\r ]){0,256}[\t-\r ]{1,64}persisted"
        ));
        let re = regex::Regex::new(&p).unwrap();
        assert!(re.is_match("Order a b pizza persisted in 1 2 ms"));
        assert!(!re.is_match("Order a persisted b persisted in 1 ms"));
        assert!(p.ends_with(r"ms[\t-\r ]{0,16}\z"));
    }

    #[test]
    fn a_variable_before_a_constant_in_its_token_may_hold_that_constant_inside() {
        let re = regex::Regex::new(&template_pattern("to <*>: Link").unwrap()).unwrap();
        assert!(re.is_match("to 10.0.0.1:4221: Link"));
        assert!(!re.is_match("to 10.0.0.1: x: Link"));
        let re = regex::Regex::new(&template_pattern(r#"{"a":"<*>","b":1}"#).unwrap()).unwrap();
        assert!(re.is_match(r#"{"a":"say "hi" twice","b":1}"#));
        let re = regex::Regex::new(&template_pattern("<*>:<*> up").unwrap()).unwrap();
        assert!(re.is_match("host:80 up"));
    }

    #[test]
    fn templates_without_constants_are_refused() {
        assert!(template_pattern("<*>").is_err());
        assert!(template_pattern("<*> <*>").is_err());
        assert!(template_pattern("").is_err());
    }

    #[test]
    fn control_characters_and_angle_brackets() {
        assert_eq!(escape("a\u{1}<b>\"é"), "a\\x01<b>\\\"é");
    }
}
