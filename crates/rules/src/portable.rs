//! The regex subset that Rust `regex`, RE2 and Onigmo read the same, and that a backtracking
//! engine runs without catastrophic backtracking.
//!
//! Rules are written once and run by different shippers, so a rules file (generated or edited
//! by hand) is checked against this subset before it is used or exported:
//!
//! - anchors only `\A` and `\z` (`^`/`$` match at line breaks in Onigmo); no word boundaries
//!   (`\b` is Unicode-aware in Rust, ASCII in RE2), no look-around or back-references (RE2 and
//!   Rust refuse them; the Rust parser used here rejects them);
//! - no inline flags (`(?s)` means "dot matches newline" in Rust and RE2 but not in Onigmo's
//!   Ruby syntax), no named groups (`(?P<n>..)` and `(?<n>..)` differ);
//! - no Unicode classes `\pL`, no Perl classes (`\d`, `\w`, `\s` differ between ASCII and
//!   Unicode), except `[\s\S]` where the two halves make "any character" in every engine;
//! - classes without nested brackets or set operations (`&&` is Onigmo and Rust only);
//! - no octal or `\ ` escapes; escaped punctuation, `\xHH`, `\x{H..}`, `\t \n \r \f \v \a`;
//! - every repetition bounded, at most 1000 (RE2's limit); a repetition may hold another only
//!   when it is an optional `?`/`{0,1}`, so nothing like `(a{0,9}){0,9}` can make a
//!   backtracking engine try every split of a run.

use regex_syntax::ast::{
    self, AssertionKind, Ast, ClassSet, ClassSetItem, GroupKind, LiteralKind, RepetitionKind,
    RepetitionRange,
};

/// Largest repetition count RE2 accepts.
pub const MAX_REPEAT: u32 = 1000;

/// Why a pattern falls outside the portable subset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NotPortable(pub String);

/// Checks that `pattern` keeps to the portable subset (see the module documentation).
pub fn check(pattern: &str) -> Result<(), NotPortable> {
    let ast = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| NotPortable(format!("not a valid regex: {e}")))?;
    walk(&ast, 0)
}

/// `depth` counts enclosing repetitions that may repeat more than once.
fn walk(ast: &Ast, depth: u32) -> Result<(), NotPortable> {
    match ast {
        Ast::Empty(_) | Ast::Dot(_) => Ok(()),
        Ast::Flags(_) => Err(NotPortable(
            "inline flags such as (?i) or (?s) mean different things in Onigmo".into(),
        )),
        Ast::Literal(l) => literal(l),
        Ast::Assertion(a) => match a.kind {
            AssertionKind::StartText | AssertionKind::EndText => Ok(()),
            AssertionKind::StartLine | AssertionKind::EndLine => Err(NotPortable(
                "^ and $ match at line breaks in Onigmo: use \\A and \\z".into(),
            )),
            _ => Err(NotPortable(
                "word boundaries differ between engines (Unicode in Rust, ASCII in RE2)".into(),
            )),
        },
        Ast::ClassUnicode(_) => Err(NotPortable(
            "Unicode classes (\\p{..}) are not read the same by every engine".into(),
        )),
        Ast::ClassPerl(_) => Err(NotPortable(
            "\\d, \\s and \\w are ASCII in RE2 and Unicode in Rust: write the class out".into(),
        )),
        Ast::ClassBracketed(c) => class(&c.kind),
        Ast::Repetition(r) => {
            let max = match &r.op.kind {
                RepetitionKind::ZeroOrOne => Some(1),
                RepetitionKind::ZeroOrMore
                | RepetitionKind::OneOrMore
                | RepetitionKind::Range(RepetitionRange::AtLeast(_)) => None,
                RepetitionKind::Range(RepetitionRange::Exactly(n))
                | RepetitionKind::Range(RepetitionRange::Bounded(_, n)) => Some(*n),
            };
            let Some(max) = max else {
                return Err(NotPortable(
                    "unbounded repetition (*, + or {n,}): give it a bound such as {0,256}".into(),
                ));
            };
            if max > MAX_REPEAT {
                return Err(NotPortable(format!(
                    "repetition bound {max} is over RE2's limit of {MAX_REPEAT}"
                )));
            }
            if max > 1 && depth > 0 {
                return Err(NotPortable(
                    "a repetition inside another repetition can make a backtracking engine \
                     (Fluent Bit's Onigmo) try every split of a run"
                        .into(),
                ));
            }
            walk(&r.ast, if max > 1 { depth + 1 } else { depth })
        }
        Ast::Group(g) => match &g.kind {
            GroupKind::CaptureIndex(_) => walk(&g.ast, depth),
            GroupKind::NonCapturing(flags) if flags.items.is_empty() => walk(&g.ast, depth),
            GroupKind::NonCapturing(_) => Err(NotPortable(
                "inline flags such as (?i:..) mean different things in Onigmo".into(),
            )),
            GroupKind::CaptureName { .. } => Err(NotPortable(
                "named groups are written differently in each engine".into(),
            )),
        },
        Ast::Alternation(a) => a.asts.iter().try_for_each(|x| walk(x, depth)),
        Ast::Concat(c) => c.asts.iter().try_for_each(|x| walk(x, depth)),
    }
}

fn literal(l: &ast::Literal) -> Result<(), NotPortable> {
    match &l.kind {
        LiteralKind::Verbatim | LiteralKind::HexFixed(_) | LiteralKind::HexBrace(_) => Ok(()),
        LiteralKind::Meta | LiteralKind::Superfluous => {
            if l.c.is_ascii_punctuation() && l.c != '<' && l.c != '>' {
                Ok(())
            } else {
                Err(NotPortable(format!("the escape \\{} is not portable", l.c)))
            }
        }
        LiteralKind::Octal => Err(NotPortable(
            "octal escapes are not portable: write \\xHH".into(),
        )),
        LiteralKind::Special(ast::SpecialLiteralKind::Space) => Err(NotPortable(
            "the escape `\\ ` is not portable: write a plain space".into(),
        )),
        LiteralKind::Special(_) => Ok(()),
    }
}

fn class(set: &ClassSet) -> Result<(), NotPortable> {
    match set {
        ClassSet::BinaryOp(_) => Err(NotPortable(
            "class set operations (&&, --, ~~) are not portable".into(),
        )),
        ClassSet::Item(item) => {
            let items: Vec<&ClassSetItem> = match item {
                ClassSetItem::Union(u) => u.items.iter().collect(),
                other => vec![other],
            };
            // `[\s\S]` means any character in every engine, whatever each takes \s to be.
            let perl: Vec<_> = items
                .iter()
                .filter_map(|i| match i {
                    ClassSetItem::Perl(p) => Some(p),
                    _ => None,
                })
                .collect();
            let any_char = perl.len() == 2
                && perl[0].kind == perl[1].kind
                && perl[0].negated != perl[1].negated;
            for i in &items {
                match i {
                    ClassSetItem::Empty(_) | ClassSetItem::Range(_) | ClassSetItem::Ascii(_) => {}
                    ClassSetItem::Literal(l) => literal(l)?,
                    ClassSetItem::Perl(_) if any_char => {}
                    ClassSetItem::Perl(_) => {
                        return Err(NotPortable(
                            "\\d, \\s and \\w are ASCII in RE2 and Unicode in Rust: write the \
                             class out"
                                .into(),
                        ))
                    }
                    ClassSetItem::Unicode(_) => {
                        return Err(NotPortable(
                            "Unicode classes (\\p{..}) are not read the same by every engine"
                                .into(),
                        ))
                    }
                    ClassSetItem::Bracketed(_) | ClassSetItem::Union(_) => {
                        return Err(NotPortable(
                            "nested classes are not portable (RE2 refuses them)".into(),
                        ))
                    }
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_generated_shapes() {
        for p in [
            r"\A(?:[^\n]{0,200}[\t |])?a\:[^\:]{0,256}b[\t-\r ]{1,64}c[\s\S]{0,1000}\z",
            r"\Ax(?:[^\t-\r ]|[\t-\r ][^p\t-\r ]){0,256}y\z",
            r"\Aa\x01<b>\z",
        ] {
            check(p).unwrap();
        }
    }

    #[test]
    fn refuses_what_engines_read_differently_or_backtrack_on() {
        for p in [
            "^a$",
            r"\ba",
            r"(?i)a",
            r"(?P<x>a)",
            r"\d{1,3}",
            r"\pL",
            r"[a&&b]",
            r"[a[b]]",
            r"a*",
            r"a+",
            r"a{2,}",
            r"(?:a{0,3}){0,3}",
            r"a{0,1001}",
            r"\<a",
            r"(",
        ] {
            assert!(check(p).is_err(), "{p} should be refused");
        }
    }
}
