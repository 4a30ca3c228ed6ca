//! The condition of one `filter` command, parsed and evaluated on an event.
//!
//! Grammar (lowest precedence first): `or`, `and`, `not`, then a comparison or a parenthesised
//! condition. A comparison is `operand (= | != | < | <= | > | >=) operand`,
//! `operand [not] like "text" | /regex/`, `operand =~ /regex/`, `operand [not] in [v, ...]`,
//! or `ispresent(field)`. Keywords are read in any case.
//!
//! A comparison on a field the event does not have is false (and so its `not` is true): a
//! field Logs Insights did not discover holds no value to compare.

use super::event::{FieldValue, QueryEvent};
use super::lexer::{Token, TokenKind};
use regex::Regex;

/// A field a condition reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    Message,
    LogStream,
    Log,
    /// A field of the JSON message, as Logs Insights flattens it (`a.b`, `list.0`).
    Json(String),
}

#[derive(Debug, Clone)]
pub(crate) enum Operand {
    Field(Field),
    Text(String),
    Number(f64),
}

#[derive(Debug, Clone)]
pub(crate) enum Condition {
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
    Compare(Operand, &'static str, Operand),
    Contains(Operand, String),
    Matches(Operand, Regex),
    In(Operand, Vec<Operand>),
    IsPresent(Field),
}

/// Why a condition cannot be evaluated: a sentence naming what.
pub(crate) type Unevaluable = String;

/// The fields no filter can read because an earlier command made them (`parse`, `fields ...
/// as`), or `None` where any non-`@` field might have been made (after `unnest`, `lookup`).
pub(crate) struct Scope<'s> {
    pub(crate) made: &'s [String],
    pub(crate) fields_uncertain: Option<&'s str>,
}

pub(crate) fn parse(tokens: &[Token], scope: &Scope<'_>) -> Result<Condition, Unevaluable> {
    let mut parser = Parser {
        tokens,
        at: 0,
        scope,
    };
    let condition = parser.or(0)?;
    if let Some(token) = parser.peek() {
        return Err(format!(
            "the filter goes on past a complete condition at character {}",
            token.offset + 1
        ));
    }
    Ok(condition)
}

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

struct Parser<'t, 's> {
    tokens: &'t [Token],
    at: usize,
    scope: &'s Scope<'s>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_kind(&self) -> Option<&TokenKind> {
        self.peek().map(|t| &t.kind)
    }

    fn keyword_at(&self, ahead: usize, keyword: &str) -> bool {
        matches!(self.tokens.get(self.at + ahead).map(|t| &t.kind),
            Some(TokenKind::Name(n)) if n.eq_ignore_ascii_case(keyword))
    }

    fn eat_keyword(&mut self, keyword: &str) -> bool {
        let found = self.keyword_at(0, keyword);
        if found {
            self.at += 1;
        }
        found
    }

    fn where_now(&self) -> String {
        match self.peek() {
            Some(token) => format!("at character {}", token.offset + 1),
            None => "at its end".to_string(),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Condition, Unevaluable> {
        if depth > MAX_DEPTH {
            return Err("the filter nests parentheses too deep to read".into());
        }
        let mut left = self.and(depth)?;
        while self.eat_keyword("or") {
            let right = self.and(depth)?;
            left = Condition::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Condition, Unevaluable> {
        let mut left = self.unary(depth)?;
        while self.eat_keyword("and") {
            let right = self.unary(depth)?;
            left = Condition::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Condition, Unevaluable> {
        if depth > MAX_DEPTH {
            return Err("the filter nests `not` too deep to read".into());
        }
        if self.eat_keyword("not") {
            return Ok(Condition::Not(Box::new(self.unary(depth + 1)?)));
        }
        if self.peek_kind() == Some(&TokenKind::Open) {
            self.at += 1;
            let inner = self.or(depth + 1)?;
            if self.peek_kind() != Some(&TokenKind::Close) {
                return Err(format!("a `)` was expected {}", self.where_now()));
            }
            self.at += 1;
            return Ok(inner);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Condition, Unevaluable> {
        if let Some(condition) = self.function()? {
            return Ok(condition);
        }
        let left = self.operand()?;
        let negated = self.eat_keyword("not");
        let condition = if self.eat_keyword("like") {
            self.pattern(left)?
        } else if self.eat_keyword("in") {
            Condition::In(left, self.list()?)
        } else if negated {
            return Err(format!(
                "`not` after a value is followed by `like` or `in`, not what is {}",
                self.where_now()
            ));
        } else {
            match self.peek_kind() {
                Some(TokenKind::Operator("=~")) => {
                    self.at += 1;
                    match self.peek_kind() {
                        Some(TokenKind::Regex(_)) => self.pattern(left)?,
                        _ => return Err(format!("`=~` takes a /regex/ {}", self.where_now())),
                    }
                }
                Some(TokenKind::Operator(op)) => {
                    let op = *op;
                    self.at += 1;
                    Condition::Compare(left, op, self.operand()?)
                }
                _ => {
                    return Err(format!(
                        "a comparison (`=`, `like`, `in` ...) was expected {}",
                        self.where_now()
                    ))
                }
            }
        };
        if negated {
            Ok(Condition::Not(Box::new(condition)))
        } else {
            Ok(condition)
        }
    }

    /// `ispresent(field)`; any other function makes the filter unevaluable, named.
    fn function(&mut self) -> Result<Option<Condition>, Unevaluable> {
        let Some(TokenKind::Name(name)) = self.peek_kind() else {
            return Ok(None);
        };
        if self.tokens.get(self.at + 1).map(|t| &t.kind) != Some(&TokenKind::Open) {
            return Ok(None);
        }
        if !name.eq_ignore_ascii_case("ispresent") {
            return Err(format!(
                "the function `{name}` is not one the evaluator knows"
            ));
        }
        self.at += 2;
        let Some(TokenKind::Name(field)) = self.peek_kind().cloned() else {
            return Err(format!("ispresent takes a field {}", self.where_now()));
        };
        self.at += 1;
        if self.peek_kind() != Some(&TokenKind::Close) {
            return Err(format!("a `)` was expected {}", self.where_now()));
        }
        self.at += 1;
        Ok(Some(Condition::IsPresent(self.field(&field)?)))
    }

    fn pattern(&mut self, left: Operand) -> Result<Condition, Unevaluable> {
        let token = self.peek().cloned();
        self.at += 1;
        match token.map(|t| t.kind) {
            Some(TokenKind::Text(text)) => Ok(Condition::Contains(left, text)),
            Some(TokenKind::Regex(body)) => match Regex::new(&body) {
                Ok(regex) => Ok(Condition::Matches(left, regex)),
                Err(error) => Err(format!(
                    "the regex /{body}/ is not one the evaluator's engine reads ({})",
                    last_line(&error.to_string())
                )),
            },
            _ => Err(format!(
                "`like` takes a \"string\" or a /regex/ {}",
                self.where_now()
            )),
        }
    }

    fn list(&mut self) -> Result<Vec<Operand>, Unevaluable> {
        if self.peek_kind() != Some(&TokenKind::OpenList) {
            return Err(format!("`in` takes a [list] {}", self.where_now()));
        }
        self.at += 1;
        let mut items = Vec::new();
        if self.peek_kind() == Some(&TokenKind::CloseList) {
            self.at += 1;
            return Ok(items);
        }
        loop {
            items.push(self.operand()?);
            match self.peek_kind() {
                Some(TokenKind::Comma) => self.at += 1,
                Some(TokenKind::CloseList) => {
                    self.at += 1;
                    return Ok(items);
                }
                _ => return Err(format!("a `,` or `]` was expected {}", self.where_now())),
            }
        }
    }

    fn operand(&mut self) -> Result<Operand, Unevaluable> {
        let token = self.peek().cloned();
        let Some(token) = token else {
            return Err("a value was expected at the filter's end".into());
        };
        self.at += 1;
        match token.kind {
            TokenKind::Text(text) => Ok(Operand::Text(text)),
            TokenKind::Number(text) => number(&text),
            TokenKind::Other('-') => match self.peek_kind().cloned() {
                Some(TokenKind::Number(text)) => {
                    self.at += 1;
                    number(&format!("-{text}"))
                }
                _ => Err(format!(
                    "arithmetic at character {} is not evaluated",
                    token.offset + 1
                )),
            },
            TokenKind::Name(name) => {
                if self.peek_kind() == Some(&TokenKind::Open) {
                    return Err(format!(
                        "the function `{name}` is not one the evaluator knows"
                    ));
                }
                let field = self.field(&name)?;
                if let Some(TokenKind::Other(op)) = self.peek_kind() {
                    return Err(format!("arithmetic (`{op}`) on `{name}` is not evaluated"));
                }
                Ok(Operand::Field(field))
            }
            _ => Err(format!(
                "a field, string or number was expected at character {}",
                token.offset + 1
            )),
        }
    }

    fn field(&self, name: &str) -> Result<Field, Unevaluable> {
        match name {
            "@message" => return Ok(Field::Message),
            "@logStream" => return Ok(Field::LogStream),
            "@log" => return Ok(Field::Log),
            _ => {}
        }
        if name.starts_with('@') {
            return Err(format!(
                "`{name}` is a field Logs Insights discovers that the sample does not hold"
            ));
        }
        if self.scope.made.iter().any(|m| m == name) {
            return Err(format!(
                "`{name}` is made by an earlier command of the query, not read from the event"
            ));
        }
        if let Some(command) = self.scope.fields_uncertain {
            return Err(format!(
                "`{name}` may be made by the earlier `{command}` command"
            ));
        }
        Ok(Field::Json(name.to_string()))
    }
}

fn number(text: &str) -> Result<Operand, Unevaluable> {
    text.parse::<f64>()
        .map(Operand::Number)
        .map_err(|_| format!("`{text}` is not a number the evaluator reads"))
}

/// The line of a regex error that says what is wrong (the others repeat the regex).
fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}

impl Condition {
    pub(crate) fn holds(&self, event: &QueryEvent<'_>) -> bool {
        match self {
            Condition::And(a, b) => a.holds(event) && b.holds(event),
            Condition::Or(a, b) => a.holds(event) || b.holds(event),
            Condition::Not(inner) => !inner.holds(event),
            Condition::Compare(left, op, right) => {
                match (value(left, event), value(right, event)) {
                    (Some(l), Some(r)) => compare(&l, op, &r),
                    _ => false,
                }
            }
            Condition::Contains(operand, text) => {
                value(operand, event).is_some_and(|v| v.text().contains(text.as_str()))
            }
            Condition::Matches(operand, regex) => {
                value(operand, event).is_some_and(|v| regex.is_match(&v.text()))
            }
            Condition::In(operand, items) => value(operand, event).is_some_and(|v| {
                items
                    .iter()
                    .filter_map(|item| value(item, event))
                    .any(|item| compare(&v, "=", &item))
            }),
            Condition::IsPresent(field) => event.field(field).is_some(),
        }
    }
}

fn value<'e>(operand: &Operand, event: &'e QueryEvent<'_>) -> Option<FieldValue<'e>> {
    match operand {
        Operand::Field(field) => event.field(field),
        Operand::Text(text) => Some(FieldValue::Owned(text.clone())),
        Operand::Number(n) => Some(FieldValue::Number(*n)),
    }
}

/// Numbers compare as numbers when both sides read as one (`accountId=123456789012` holds for
/// the string `"123456789012"`), otherwise as text.
fn compare(left: &FieldValue<'_>, op: &str, right: &FieldValue<'_>) -> bool {
    use std::cmp::Ordering;
    if op == "=" || op == "!=" {
        if let (FieldValue::Log(group), other) | (other, FieldValue::Log(group)) = (left, right) {
            // `@log` is `account-id:log-group-name`; the sample knows the group alone.
            let text = other.text();
            let equal = text == *group || text.ends_with(&format!(":{group}"));
            return equal == (op == "=");
        }
    }
    let ordering = match (left.number(), right.number()) {
        (Some(l), Some(r)) => l.partial_cmp(&r),
        _ => Some(left.text().as_ref().cmp(right.text().as_ref())),
    };
    let Some(ordering) = ordering else {
        return op == "!=";
    };
    match op {
        "=" => ordering == Ordering::Equal,
        "!=" => ordering != Ordering::Equal,
        "<" => ordering == Ordering::Less,
        "<=" => ordering != Ordering::Greater,
        ">" => ordering == Ordering::Greater,
        ">=" => ordering != Ordering::Less,
        _ => false,
    }
}
