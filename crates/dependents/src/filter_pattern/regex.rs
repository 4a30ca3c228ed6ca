//! CloudWatch's regex dialect (`%...%`), checked against what the documentation allows and
//! translated to the `regex` crate.
//!
//! From "Supported regular expressions (regex) syntax"
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>):
//! a regex may hold ASCII letters and digits, the symbols `: _ # = @ / ; , -`, and the
//! operators `^ $ ? [ ] { } | \ * + .`; no parentheses (so no groups) and no multi-byte
//! characters. The match is a search anywhere in the text (`%AUTHORIZED%` matches
//! `UNAUTHORIZED REQUEST`). `\d \s \w` and their negations are CloudWatch's ASCII classes;
//! `\xHH` names an ASCII character by its code, which is how a pattern matches a character the
//! dialect has no place for (a parenthesis is `\x28`).
//! A space is not in the documentation's list, but the AWS CDK's own example of a JSON regex
//! is `%bind: address already in use%`, so spaces are taken too.

use super::cursor::Cursor;
use super::error::{Found, PatternError};

/// The symbols the documentation lists as allowed in a regex, besides letters and digits.
const SYMBOLS: &str = ":_#=@/;,- ";
/// The operators it lists.
const OPERATORS: &str = "^$?[]{}|\\*+.";

/// A compiled `%...%` regex.
#[derive(Debug, Clone)]
pub(crate) struct CloudWatchRegex {
    compiled: regex::Regex,
}

impl CloudWatchRegex {
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.compiled.is_match(text)
    }
}

/// Compiles `body` (the text between the percent signs), whose first character is character
/// `offset` of the pattern `cursor` reads, so that errors point into the whole pattern.
pub(crate) fn compile(
    cursor: &Cursor<'_>,
    body: &str,
    offset: usize,
) -> Result<CloudWatchRegex, PatternError> {
    let chars: Vec<char> = body.chars().collect();
    let error = |at: usize, expected: &str| {
        let found = chars.get(at).map_or(Found::End, |c| Found::Char(*c));
        cursor.error_at(offset + at, expected, found)
    };
    let mut translated = String::from("(?s)");
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        check_allowed(c).map_err(|expected| error(i, expected))?;
        match c {
            '\\' => {
                let (text, next) =
                    escape(&chars, i, false).map_err(|(at, expected)| error(at, expected))?;
                translated.push_str(&text);
                i = next;
            }
            '[' => {
                let (text, next) =
                    class(&chars, i).map_err(|(at, expected)| error(at, expected))?;
                translated.push_str(&text);
                i = next;
            }
            ']' => return Err(error(i, "a [ before this ] (a literal ] is written \\])")),
            '{' => {
                let close = chars[i..].iter().position(|&c| c == '}').map(|p| p + i);
                let Some(close) = close else {
                    return Err(error(i, "a } closing this repetition {m,n}"));
                };
                let inner: String = chars[i + 1..close].iter().collect();
                if !is_repetition(&inner) {
                    return Err(error(
                        i + 1,
                        "a repetition count {m}, {m,} or {m,n} with m and n numbers",
                    ));
                }
                translated.push('{');
                translated.push_str(&inner);
                translated.push('}');
                i = close + 1;
            }
            '}' => return Err(error(i, "a { before this } (a literal } is written \\})")),
            '^' | '$' | '?' | '|' | '*' | '+' | '.' => {
                translated.push(c);
                i += 1;
            }
            _ => {
                translated.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
                i += 1;
            }
        }
    }
    match regex::RegexBuilder::new(&translated)
        .size_limit(1 << 22)
        .build()
    {
        Ok(compiled) => Ok(CloudWatchRegex { compiled }),
        Err(err) => {
            let reason = first_line(&err.to_string());
            Err(cursor.error_at(
                offset,
                format!("a regex that compiles ({reason})"),
                Found::Text(format!("%{body}%")),
            ))
        }
    }
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|line| line.starts_with("error:"))
        .unwrap_or(message)
        .trim()
        .to_owned()
}

/// Whether `c` may appear in a CloudWatch regex at all.
fn check_allowed(c: char) -> Result<(), &'static str> {
    if c.is_ascii_alphanumeric() || SYMBOLS.contains(c) || OPERATORS.contains(c) {
        return Ok(());
    }
    if c == '(' || c == ')' {
        return Err("no parentheses: CloudWatch regexes have no groups (use [...] or |)");
    }
    if !c.is_ascii() {
        return Err("an ASCII character: CloudWatch regexes take no multi-byte characters");
    }
    Err("a letter, digit, one of : _ # = @ / ; , - or an operator ^ $ ? [ ] { } | \\ * + .")
}

fn is_repetition(inner: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    match inner.split_once(',') {
        None => digits(inner),
        Some((low, high)) => digits(low) && (high.is_empty() || digits(high)),
    }
}

/// An escape at `chars[at]` (a backslash): a class (`\d`), or an operator or symbol taken
/// literally. Inside a class the ASCII classes are written without their outer brackets.
fn escape(
    chars: &[char],
    at: usize,
    in_class: bool,
) -> Result<(String, usize), (usize, &'static str)> {
    let Some(&next) = chars.get(at + 1) else {
        return Err((at + 1, "a character after the backslash"));
    };
    let class = match next {
        'd' => Some("[:digit:]"),
        'D' => Some("[:^digit:]"),
        's' => Some("[:space:]"),
        'S' => Some("[:^space:]"),
        'w' => Some("[:word:]"),
        'W' => Some("[:^word:]"),
        _ => None,
    };
    if let Some(class) = class {
        let text = if in_class {
            class.to_owned()
        } else {
            format!("[{class}]")
        };
        return Ok((text, at + 2));
    }
    if SYMBOLS.contains(next) || OPERATORS.contains(next) {
        return Ok((format!("\\{next}"), at + 2));
    }
    // `\xHH`: a character by its ASCII code, the way to match one the dialect does not take
    // (`\x28` for `(`), which CloudWatch accepts in metric filters.
    if next == 'x' {
        let code: String = chars.iter().skip(at + 2).take(2).collect();
        if code.len() == 2 && code.chars().all(|c| c.is_ascii_hexdigit()) {
            if u8::from_str_radix(&code, 16).is_ok_and(|b| b.is_ascii()) {
                return Ok((format!("\\x{code}"), at + 4));
            }
            return Err((at + 2, "an ASCII code: \\x00 to \\x7F"));
        }
        return Err((
            at + 2,
            "two hexadecimal digits after \\x (\\x28 is a parenthesis)",
        ));
    }
    Err((
        at + 1,
        "an escaped operator or symbol, \\xHH, or one of the classes \\d \\D \\s \\S \\w \\W",
    ))
}

/// A character class starting at `chars[at]` (`[`), up to its `]`.
fn class(chars: &[char], at: usize) -> Result<(String, usize), (usize, &'static str)> {
    let mut text = String::from("[");
    let mut i = at + 1;
    if chars.get(i) == Some(&'^') {
        text.push('^');
        i += 1;
    }
    let mut items = 0;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err((at, "a ] closing the character class that starts here"));
        };
        check_allowed(c).map_err(|expected| (i, expected))?;
        match c {
            ']' if items == 0 => return Err((i, "at least one character in the class")),
            ']' => {
                text.push(']');
                return Ok((text, i + 1));
            }
            '\\' => {
                let (escaped, next) = escape(chars, i, true)?;
                text.push_str(&escaped);
                i = next;
            }
            '[' => {
                text.push_str("\\[");
                i += 1;
            }
            _ => {
                let literal = |c: char| {
                    if c.is_ascii_alphanumeric() {
                        c.to_string()
                    } else {
                        format!("\\{c}")
                    }
                };
                // A range a-z; a `-` first or last in the class stands for itself.
                if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&end| end != ']')
                {
                    let end = chars[i + 2];
                    check_allowed(end).map_err(|expected| (i + 2, expected))?;
                    if end == '\\' || end == '[' || end < c {
                        return Err((i + 2, "the end of a range a-z, not below its start"));
                    }
                    text.push_str(&literal(c));
                    text.push('-');
                    text.push_str(&literal(end));
                    i += 3;
                } else {
                    text.push_str(&literal(c));
                    i += 1;
                }
            }
        }
        items += 1;
    }
}
