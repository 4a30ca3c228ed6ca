//! Space-delimited patterns: `[ip, user, ..., status_code = 4*, bytes > 1000]`.
//!
//! Written to "Using filter patterns to match terms in space-delimited log events"
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>):
//! the event is cut at spaces into fields, and the characters between `[` and `]` or between
//! two double quotes are one field. The pattern names the fields in order; `...` stands for
//! any number of them, and without it the event has exactly as many fields as the pattern.
//! A field may carry conditions on itself, joined by `&&` and `||` (`&&` binds tighter):
//! `=`/`!=` with a string (`*` is a wildcard anywhere in it), a number or a `%regex%`, and
//! `<`, `<=`, `>`, `>=` with a number.

use super::cursor::Cursor;
use super::error::{Found, PatternError};
use super::value::{Comparison, Observed, Operator, Wildcards};

/// A field's conditions: any of `any_of` holds when all its comparisons do.
#[derive(Debug, Clone)]
struct Conditions {
    any_of: Vec<Vec<Comparison>>,
}

#[derive(Debug, Clone)]
enum Field {
    /// `...`: any number of fields.
    Ellipsis,
    /// A named field, with the conditions it must meet (none: any value).
    Named { conditions: Option<Conditions> },
}

/// A space-delimited pattern.
#[derive(Debug, Clone)]
pub(crate) struct Delimited {
    fields: Vec<Field>,
}

impl Delimited {
    pub(crate) fn matches(&self, message: &str) -> bool {
        let values = split_fields(message);
        // reachable[j]: the fields so far can consume exactly the first j values.
        let mut reachable = vec![false; values.len() + 1];
        reachable[0] = true;
        for field in &self.fields {
            let mut next = vec![false; values.len() + 1];
            match field {
                Field::Ellipsis => {
                    let mut any = false;
                    for (j, slot) in next.iter_mut().enumerate() {
                        any |= reachable[j];
                        *slot = any;
                    }
                }
                Field::Named { conditions } => {
                    for (j, value) in values.iter().enumerate() {
                        if reachable[j] && conditions.as_ref().is_none_or(|c| c.hold(value)) {
                            next[j + 1] = true;
                        }
                    }
                }
            }
            reachable = next;
            if !reachable.contains(&true) {
                return false;
            }
        }
        reachable[values.len()]
    }
}

impl Conditions {
    fn hold(&self, value: &str) -> bool {
        let observed = match super::value::parse_number(value) {
            Some(number) => Observed::Number(number, value),
            None => Observed::Text(value),
        };
        self.any_of
            .iter()
            .any(|all| all.iter().all(|comparison| comparison.holds(&observed)))
    }
}

/// Cuts an event into its fields: at spaces, keeping `[...]` and `"..."` whole (without
/// their brackets or quotes). An unclosed bracket or quote runs to the end of the event.
pub(crate) fn split_fields(message: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut rest = message;
    loop {
        rest = rest.trim_start_matches(' ');
        let Some(first) = rest.chars().next() else {
            break;
        };
        let closing = match first {
            '[' => Some(']'),
            '"' => Some('"'),
            _ => None,
        };
        match closing {
            Some(closing) => {
                let inner = &rest[1..];
                match inner.find(closing) {
                    Some(end) => {
                        fields.push(&inner[..end]);
                        rest = &inner[end + 1..];
                    }
                    None => {
                        fields.push(inner);
                        rest = "";
                    }
                }
            }
            None => {
                let end = rest.find(' ').unwrap_or(rest.len());
                fields.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    fields
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn ends_value(c: char) -> bool {
    matches!(c, ',' | ']' | '&' | '|')
}

/// Parses `[ ... ]` from its opening bracket to its closing one.
pub(crate) fn parse(cursor: &mut Cursor<'_>) -> Result<Delimited, PatternError> {
    if !cursor.eat("[") {
        return Err(cursor.error("[ opening a space-delimited pattern"));
    }
    let mut fields = Vec::new();
    loop {
        cursor.skip_whitespace();
        if cursor.eat("...") {
            fields.push(Field::Ellipsis);
        } else if matches!(cursor.peek(), Some(',' | ']'))
            && !(fields.is_empty() && cursor.peek() == Some(']'))
        {
            // An empty field is a field of any value with no name: the documentation's
            // `[..., request=*.html*, status_code=4*,]` extracts the event's seventh field
            // as `$7`.
            fields.push(Field::Named { conditions: None });
        } else {
            fields.push(field(cursor)?);
        }
        cursor.skip_whitespace();
        if cursor.eat("]") {
            break;
        }
        if !cursor.eat(",") {
            return Err(cursor.error(", before the next field, or ] closing the pattern"));
        }
    }
    Ok(Delimited { fields })
}

fn field(cursor: &mut Cursor<'_>) -> Result<Field, PatternError> {
    let mut own_name: Option<String> = None;
    let mut any_of = Vec::new();
    let mut all = Vec::new();
    loop {
        cursor.skip_whitespace();
        let start = cursor.pos();
        let mut name = String::new();
        while let Some(c) = cursor.peek().filter(|&c| is_name_char(c)) {
            name.push(c);
            cursor.bump();
        }
        if name.is_empty() {
            return Err(cursor.error("a field name (letters, digits, - and _) or ..."));
        }
        match &own_name {
            None => own_name = Some(name),
            // `[..., status_code = 4* && bytes > 1000]` is in an old edition of the
            // documentation, and CloudWatch rejects it (awsdocs/amazon-cloudwatch-logs-user-guide
            // issue 21): a field's conditions are on that field.
            Some(own) if *own != name => {
                return Err(cursor.error_at(
                    start,
                    format!("a condition on {own}: each field's conditions name that field; put {name}'s in its own field"),
                    Found::Text(name),
                ))
            }
            Some(_) => {}
        }
        cursor.skip_whitespace();
        match Operator::read(cursor)? {
            Some(operator) => all.push(Comparison::read_value(
                cursor,
                operator,
                Wildcards::Anywhere,
                ends_value,
            )?),
            None if all.is_empty() && any_of.is_empty() => {
                return Ok(Field::Named { conditions: None })
            }
            None => {
                return Err(cursor.error("a comparison (=, !=, <, <=, >, >=) after the field name"))
            }
        }
        cursor.skip_whitespace();
        if cursor.eat("&&") {
            continue;
        }
        any_of.push(std::mem::take(&mut all));
        if cursor.eat("||") {
            continue;
        }
        return Ok(Field::Named {
            conditions: Some(Conditions { any_of }),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_cut_at_spaces_keeping_brackets_and_quotes_whole() {
        let line = r#"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#;
        assert_eq!(
            split_fields(line),
            vec![
                "127.0.0.1",
                "-",
                "frank",
                "10/Oct/2000:13:25:15 -0700",
                "GET /apache_pb.gif HTTP/1.0",
                "200",
                "1534"
            ]
        );
        assert_eq!(split_fields("  a   b "), vec!["a", "b"]);
        assert_eq!(split_fields("a [unclosed b"), vec!["a", "unclosed b"]);
        assert!(split_fields("").is_empty());
    }
}
