//! Tokens of a Logs Insights query.
//!
//! The one subtle point is `/`: it opens a regex literal (`like /Exception|error/`) except
//! where a value has just ended (`a / b` in `fields` or `stats`), the rule JavaScript lexers use.
//! In a `parse` command it always opens one (`parse @message /(?<user>\w+)/`). Knowing where
//! regexes are matters before anything else: a `|` inside one does not end the command.

/// One token, with the character offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    /// A field, command, function or keyword name (`@message`, `level`, `a.b`, `` `x-y` ``).
    Name(String),
    /// `"..."` or `'...'`, escapes resolved.
    Text(String),
    /// `/.../`, the body as written (with `\/` turned into `/`).
    Regex(String),
    /// A number as written.
    Number(String),
    Pipe,
    Open,
    Close,
    OpenList,
    CloseList,
    Comma,
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`, `=~`.
    Operator(&'static str),
    /// Any other character (arithmetic, `*`, `:` ...): only a filter that reaches one fails.
    Other(char),
}

/// Why the query could not be split into tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub(crate) offset: usize,
    pub(crate) message: &'static str,
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '@' || c == '$'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '@' || c == '$'
}

/// Splits a query into tokens; comments (`#` to the end of the line) are dropped.
pub(crate) fn tokenize(query: &str) -> Result<Vec<Token>, LexError> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut at = 0;
    // Whether the current command is `parse`, where `/` always opens a regex.
    let mut command_is_parse = false;
    let mut command_start = true;
    while let Some(&c) = chars.get(at) {
        let offset = at;
        if c.is_whitespace() {
            at += 1;
            continue;
        }
        if c == '#' {
            while chars.get(at).is_some_and(|&c| c != '\n') {
                at += 1;
            }
            continue;
        }
        let kind = match c {
            '|' => {
                at += 1;
                TokenKind::Pipe
            }
            '(' => {
                at += 1;
                TokenKind::Open
            }
            ')' => {
                at += 1;
                TokenKind::Close
            }
            '[' => {
                at += 1;
                TokenKind::OpenList
            }
            ']' => {
                at += 1;
                TokenKind::CloseList
            }
            ',' => {
                at += 1;
                TokenKind::Comma
            }
            '"' | '\'' => {
                let (text, next) = quoted(&chars, at, c)?;
                at = next;
                TokenKind::Text(text)
            }
            '`' => {
                let (text, next) = quoted(&chars, at, '`')?;
                at = next;
                TokenKind::Name(text)
            }
            '/' if command_is_parse || !ends_value(tokens.last()) => {
                let (text, next) = quoted(&chars, at, '/')?;
                at = next;
                TokenKind::Regex(text)
            }
            '=' if chars.get(at + 1) == Some(&'~') => {
                at += 2;
                TokenKind::Operator("=~")
            }
            '!' if chars.get(at + 1) == Some(&'=') => {
                at += 2;
                TokenKind::Operator("!=")
            }
            '<' | '>' if chars.get(at + 1) == Some(&'=') => {
                at += 2;
                TokenKind::Operator(if c == '<' { "<=" } else { ">=" })
            }
            '=' | '<' | '>' => {
                at += 1;
                TokenKind::Operator(match c {
                    '=' => "=",
                    '<' => "<",
                    _ => ">",
                })
            }
            c if c.is_ascii_digit() => {
                let start = at;
                while chars
                    .get(at)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
                {
                    at += 1;
                }
                TokenKind::Number(chars[start..at].iter().collect())
            }
            c if is_name_start(c) => {
                let start = at;
                while chars.get(at).is_some_and(|&c| is_name_char(c)) {
                    at += 1;
                }
                TokenKind::Name(chars[start..at].iter().collect())
            }
            other => {
                at += 1;
                TokenKind::Other(other)
            }
        };
        if command_start {
            command_is_parse =
                matches!(&kind, TokenKind::Name(n) if n.eq_ignore_ascii_case("parse"));
        }
        command_start = kind == TokenKind::Pipe;
        tokens.push(Token { kind, offset });
    }
    Ok(tokens)
}

/// Whether a `/` after this token divides (a value ended) rather than opens a regex.
fn ends_value(previous: Option<&Token>) -> bool {
    match previous.map(|t| &t.kind) {
        Some(TokenKind::Name(name)) => !["like", "in", "and", "or", "not", "filter"]
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k)),
        Some(
            TokenKind::Number(_)
            | TokenKind::Text(_)
            | TokenKind::Regex(_)
            | TokenKind::Close
            | TokenKind::CloseList,
        ) => true,
        _ => false,
    }
}

/// The text between `quote` at `start` and the next unescaped `quote`, and the position after.
fn quoted(chars: &[char], start: usize, quote: char) -> Result<(String, usize), LexError> {
    let mut text = String::new();
    let mut at = start + 1;
    loop {
        match chars.get(at) {
            None => {
                return Err(LexError {
                    offset: start,
                    message: match quote {
                        '/' => "this regex has no closing /",
                        '`' => "this field name has no closing `",
                        _ => "this string has no closing quote",
                    },
                })
            }
            Some(&c) if c == quote => return Ok((text, at + 1)),
            Some('\\') => {
                match chars.get(at + 1) {
                    // In a regex only an escaped `/` loses its backslash: the rest is regex syntax.
                    Some(&next) if next == quote => text.push(next),
                    Some(&next) if quote == '/' => {
                        text.push('\\');
                        text.push(next);
                    }
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some(&next) => text.push(next),
                    // A trailing backslash: kept, and the missing quote reported next round.
                    None => text.push('\\'),
                }
                at += 2;
            }
            Some(&c) => {
                text.push(c);
                at += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(query: &str) -> Vec<TokenKind> {
        tokenize(query)
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn a_pipe_inside_a_regex_does_not_end_the_command() {
        let tokens = kinds("filter @message like /(?i)(Exception|error)/ | limit 5");
        assert_eq!(
            tokens[..4],
            [
                TokenKind::Name("filter".into()),
                TokenKind::Name("@message".into()),
                TokenKind::Name("like".into()),
                TokenKind::Regex("(?i)(Exception|error)".into()),
            ]
        );
        assert_eq!(tokens[4], TokenKind::Pipe);
    }

    #[test]
    fn a_slash_after_a_value_divides() {
        let tokens = kinds("stats sum(bytes)/1024 as kb | filter kb > 1");
        assert!(tokens.contains(&TokenKind::Other('/')));
        assert_eq!(tokens.iter().filter(|t| **t == TokenKind::Pipe).count(), 1);
    }

    #[test]
    fn parse_takes_a_regex_after_its_field() {
        let tokens = kinds(r"parse @message /user=(?<user>\w+)/ | filter user = 'a'");
        assert_eq!(tokens[2], TokenKind::Regex(r"user=(?<user>\w+)".into()));
    }

    #[test]
    fn comments_are_dropped_and_unclosed_literals_are_errors() {
        assert_eq!(
            kinds("# all errors\nfilter level = 'error' # the JSON field"),
            [
                TokenKind::Name("filter".into()),
                TokenKind::Name("level".into()),
                TokenKind::Operator("="),
                TokenKind::Text("error".into()),
            ]
        );
        let error = tokenize("filter @message like /oops").unwrap_err();
        assert_eq!(error.offset, 21);
        assert!(tokenize("filter a = \"x").is_err());
    }
}
