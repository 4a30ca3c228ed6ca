//! The right-hand side of a JSON or space-delimited condition (`= "x"`, `> 500`, `= 4*`,
//! `= %regex%`) and how it compares with what the event holds.

use super::cursor::Cursor;
use super::error::{Found, PatternError};
use super::regex::{self, CloudWatchRegex};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Operator {
    /// Reads an operator at the cursor, if there is one.
    pub(crate) fn read(cursor: &mut Cursor<'_>) -> Result<Option<Operator>, PatternError> {
        let operator = if cursor.eat("!=") {
            Operator::NotEqual
        } else if cursor.eat("<=") {
            Operator::LessOrEqual
        } else if cursor.eat(">=") {
            Operator::GreaterOrEqual
        } else if cursor.eat("==") {
            return Err(cursor.error_at(
                cursor.pos() - 2,
                "= (CloudWatch compares with a single =)",
                Found::Text("==".into()),
            ));
        } else if cursor.eat("=") {
            Operator::Equal
        } else if cursor.eat("<") {
            Operator::Less
        } else if cursor.eat(">") {
            Operator::Greater
        } else {
            return Ok(None);
        };
        Ok(Some(operator))
    }

    fn is_equality(self) -> bool {
        matches!(self, Operator::Equal | Operator::NotEqual)
    }

    fn compare(self, left: f64, right: f64) -> bool {
        match self {
            Operator::Equal => left == right,
            Operator::NotEqual => left != right,
            Operator::Less => left < right,
            Operator::LessOrEqual => left <= right,
            Operator::Greater => left > right,
            Operator::GreaterOrEqual => left >= right,
        }
    }
}

/// Where the `*` of a string value may stand: in JSON only at its ends (`Ev*ent` matches
/// only the text `Ev*ent`, per the JSON section of the documentation), in space-delimited
/// fields anywhere (`request = *.html*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wildcards {
    AtEnds,
    Anywhere,
}

/// The value a condition compares with.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// A number literal; `text` as written, so that `= 400` also matches the string "400".
    Number {
        value: f64,
        text: String,
    },
    /// A string, possibly with `*` wildcards.
    Text(Glob),
    Regex(CloudWatchRegex),
}

/// What the event holds where a condition looks.
pub(crate) enum Observed<'e> {
    Number(f64, &'e str),
    Text(&'e str),
}

/// A condition: operator and value.
#[derive(Debug, Clone)]
pub(crate) struct Comparison {
    pub(crate) operator: Operator,
    pub(crate) value: Value,
}

impl Comparison {
    /// Reads `VALUE` after an operator already read; `stop` says which characters end an
    /// unquoted value.
    pub(crate) fn read_value(
        cursor: &mut Cursor<'_>,
        operator: Operator,
        wildcards: Wildcards,
        stop: fn(char) -> bool,
    ) -> Result<Comparison, PatternError> {
        cursor.skip_whitespace();
        let start = cursor.pos();
        let value = match cursor.peek() {
            Some('"') => Value::Text(Glob::new(&cursor.quoted()?, wildcards)),
            Some('%') => {
                let (body, offset) = cursor.percent_delimited()?;
                Value::Regex(regex::compile(cursor, &body, offset)?)
            }
            _ => {
                let mut text = String::new();
                while let Some(c) = cursor.peek().filter(|&c| !c.is_whitespace() && !stop(c)) {
                    text.push(c);
                    cursor.bump();
                }
                if text.is_empty() {
                    return Err(cursor.error("a value: a number, a string, or a %regex%"));
                }
                match parse_number(&text) {
                    Some(value) => Value::Number { value, text },
                    None => Value::Text(Glob::new(&text, wildcards)),
                }
            }
        };
        let numeric_only = !operator.is_equality();
        if numeric_only && !matches!(value, Value::Number { .. }) {
            return Err(cursor.error_at(
                start,
                "a number: <, <=, > and >= compare numbers",
                Found::Text("a string".into()),
            ));
        }
        Ok(Comparison { operator, value })
    }

    /// Whether the observed value satisfies the condition.
    pub(crate) fn holds(&self, observed: &Observed<'_>) -> bool {
        let (number, text) = match *observed {
            Observed::Number(number, text) => (Some(number), text),
            Observed::Text(text) => (None, text),
        };
        let equal = match &self.value {
            Value::Number {
                value,
                text: literal,
            } => {
                if !self.operator.is_equality() {
                    return number.is_some_and(|number| self.operator.compare(number, *value));
                }
                match number {
                    Some(number) => number == *value,
                    None => text == literal,
                }
            }
            Value::Text(glob) => glob.matches(text),
            Value::Regex(regex) => regex.is_match(text),
        };
        match self.operator {
            Operator::NotEqual => !equal,
            _ => equal,
        }
    }
}

/// A number as the documentation defines it: an integer or decimal with an optional sign,
/// optionally followed by `e` and a signed integer.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return None;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return None;
        }
    }
    if i != bytes.len() {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

/// A string value with `*` wildcards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    /// The literal pieces between wildcards; `["", "html", ""]` for `*html*`.
    pieces: Vec<String>,
}

impl Glob {
    pub(crate) fn new(text: &str, wildcards: Wildcards) -> Glob {
        let pieces = match wildcards {
            Wildcards::Anywhere => text.split('*').map(str::to_owned).collect(),
            Wildcards::AtEnds => {
                let leading = text.starts_with('*');
                let inner = text.strip_prefix('*').unwrap_or(text);
                let trailing = !inner.is_empty() && inner.ends_with('*');
                let inner = if trailing {
                    &inner[..inner.len() - 1]
                } else {
                    inner
                };
                let mut pieces = Vec::new();
                if leading {
                    pieces.push(String::new());
                }
                pieces.push(inner.to_owned());
                if trailing || (leading && inner.is_empty()) {
                    pieces.push(String::new());
                }
                pieces
            }
        };
        Glob { pieces }
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        let Some((first, rest)) = self.pieces.split_first() else {
            return text.is_empty();
        };
        let Some(mut remaining) = text.strip_prefix(first.as_str()) else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return remaining.is_empty();
        };
        for piece in middle {
            match remaining.find(piece.as_str()) {
                Some(at) => remaining = &remaining[at + piece.len()..],
                None => return false,
            }
        }
        remaining.ends_with(last.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_documented_grammar() {
        assert_eq!(parse_number("500"), Some(500.0));
        assert_eq!(parse_number("+1000"), Some(1000.0));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        assert_eq!(parse_number("10e-3"), Some(0.01));
        assert_eq!(parse_number("55.5"), Some(55.5));
        assert_eq!(parse_number("123.123.*"), None);
        assert_eq!(parse_number("1."), None);
        assert_eq!(parse_number("e3"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn json_wildcards_stand_only_at_the_ends() {
        let glob = |text| Glob::new(text, Wildcards::AtEnds);
        assert!(glob("*Event").matches("PutEvent"));
        assert!(glob("Event*").matches("EventName"));
        assert!(glob("Ev*ent").matches("Ev*ent"));
        assert!(!glob("Ev*ent").matches("Event"));
        assert!(glob("*").matches(""));
        assert!(glob("*").matches("anything"));
        assert!(glob("*html*").matches("index.html?x"));
        assert!(!glob("abc").matches("abcd"));
    }

    #[test]
    fn delimited_wildcards_stand_anywhere() {
        let glob = |text| Glob::new(text, Wildcards::Anywhere);
        assert!(glob("4*").matches("404"));
        assert!(!glob("4*").matches("500"));
        assert!(glob("*.html*").matches("GET /index.html HTTP/1.0"));
        assert!(glob("a*c*e").matches("abcde"));
        assert!(!glob("a*c*e").matches("abcd"));
        assert!(!glob("ab*ba").matches("aba"));
    }
}
