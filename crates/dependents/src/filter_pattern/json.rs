//! JSON patterns: `{ $.eventType = "UpdateTrail" && ($.latency > 500 || $.error IS TRUE) }`.
//!
//! Written to "Using filter patterns to match terms in JSON log events"
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html>):
//! a selector starts at `$` and names properties (`.name`, letters, digits, `-` and `_`) and
//! array elements (`[0]`); `*` stands for any property or element. A comparison holds when
//! the selected node is a value node (string, number or boolean) and compares as asked: if
//! the selector points at an object or an array, neither `=` nor `!=` holds. `IS NULL`,
//! `IS TRUE`, `IS FALSE` and `NOT EXISTS` test the node itself. `&&` binds tighter than `||`,
//! and parentheses group. An event that is not a JSON document matches no JSON pattern.

use serde_json::Value as Json;

use super::cursor::Cursor;
use super::error::PatternError;
use super::value::{Comparison, Observed, Operator, Wildcards};

/// One step of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Property(String),
    AnyProperty,
    Index(usize),
    AnyIndex,
}

/// `$.a.b[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selector {
    steps: Vec<Step>,
}

impl Selector {
    /// Every node the selector reaches in `root` (more than one through wildcards).
    fn select<'j>(&self, root: &'j Json) -> Vec<&'j Json> {
        let mut nodes = vec![root];
        for step in &self.steps {
            let mut next = Vec::new();
            for node in nodes {
                match (step, node) {
                    (Step::Property(name), Json::Object(map)) => next.extend(map.get(name)),
                    (Step::AnyProperty, Json::Object(map)) => next.extend(map.values()),
                    (Step::Index(index), Json::Array(items)) => next.extend(items.get(*index)),
                    (Step::AnyIndex, Json::Array(items)) => next.extend(items.iter()),
                    _ => {}
                }
            }
            nodes = next;
            if nodes.is_empty() {
                break;
            }
        }
        nodes
    }
}

/// What a condition asks of the selected node.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    Compare(Comparison),
    IsNull,
    IsBoolean(bool),
    NotExists,
}

/// A JSON pattern's expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Condition { selector: Selector, test: Test },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub(crate) fn matches(&self, message: &str) -> bool {
        let trimmed = message.trim();
        if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
            return false;
        }
        match serde_json::from_str::<Json>(trimmed) {
            Ok(document) => self.holds(&document),
            Err(_) => false,
        }
    }

    fn holds(&self, document: &Json) -> bool {
        match self {
            Expr::And(left, right) => left.holds(document) && right.holds(document),
            Expr::Or(left, right) => left.holds(document) || right.holds(document),
            Expr::Condition { selector, test } => {
                let nodes = selector.select(document);
                match test {
                    Test::NotExists => nodes.is_empty(),
                    Test::IsNull => nodes.iter().any(|node| node.is_null()),
                    Test::IsBoolean(wanted) => {
                        nodes.iter().any(|node| node.as_bool() == Some(*wanted))
                    }
                    Test::Compare(comparison) => nodes.iter().any(|node| compare(comparison, node)),
                }
            }
        }
    }
}

fn compare(comparison: &Comparison, node: &Json) -> bool {
    match node {
        Json::String(text) => comparison.holds(&Observed::Text(text)),
        Json::Number(number) => {
            let text = number.to_string();
            match number.as_f64() {
                Some(value) => comparison.holds(&Observed::Number(value, &text)),
                None => comparison.holds(&Observed::Text(&text)),
            }
        }
        Json::Bool(value) => {
            comparison.holds(&Observed::Text(if *value { "true" } else { "false" }))
        }
        Json::Null | Json::Array(_) | Json::Object(_) => false,
    }
}

/// Parses `{ ... }` from its opening brace to its closing one.
pub(crate) fn parse(cursor: &mut Cursor<'_>) -> Result<Expr, PatternError> {
    if !cursor.eat("{") {
        return Err(cursor.error("{ opening a JSON pattern"));
    }
    let expr = or_expr(cursor, 0)?;
    cursor.skip_whitespace();
    if !cursor.eat("}") {
        return Err(cursor.error("&&, || or the } closing the JSON pattern"));
    }
    Ok(expr)
}

/// Deep enough for any pattern CloudWatch takes (1,024 characters), shallow enough for the
/// stack.
const MAX_DEPTH: usize = 64;

fn or_expr(cursor: &mut Cursor<'_>, depth: usize) -> Result<Expr, PatternError> {
    let mut left = and_expr(cursor, depth)?;
    loop {
        cursor.skip_whitespace();
        if !cursor.eat("||") {
            return Ok(left);
        }
        let right = and_expr(cursor, depth)?;
        left = Expr::Or(Box::new(left), Box::new(right));
    }
}

fn and_expr(cursor: &mut Cursor<'_>, depth: usize) -> Result<Expr, PatternError> {
    let mut left = primary(cursor, depth)?;
    loop {
        cursor.skip_whitespace();
        if !cursor.eat("&&") {
            return Ok(left);
        }
        let right = primary(cursor, depth)?;
        left = Expr::And(Box::new(left), Box::new(right));
    }
}

fn primary(cursor: &mut Cursor<'_>, depth: usize) -> Result<Expr, PatternError> {
    cursor.skip_whitespace();
    if cursor.peek() == Some('(') {
        if depth >= MAX_DEPTH {
            return Err(cursor.error(format!("at most {MAX_DEPTH} nested parentheses")));
        }
        cursor.bump();
        let inner = or_expr(cursor, depth + 1)?;
        cursor.skip_whitespace();
        if !cursor.eat(")") {
            return Err(cursor.error("&&, || or the ) closing this group"));
        }
        return Ok(inner);
    }
    let selector = selector(cursor)?;
    cursor.skip_whitespace();
    let test = if cursor.eat_keyword("IS") {
        cursor.skip_whitespace();
        if cursor.eat_keyword("NULL") {
            Test::IsNull
        } else if cursor.eat_keyword("TRUE") {
            Test::IsBoolean(true)
        } else if cursor.eat_keyword("FALSE") {
            Test::IsBoolean(false)
        } else {
            return Err(cursor.error("NULL, TRUE or FALSE after IS"));
        }
    } else if cursor.eat_keyword("NOT") {
        cursor.skip_whitespace();
        if !cursor.eat_keyword("EXISTS") {
            return Err(cursor.error("EXISTS after NOT"));
        }
        Test::NotExists
    } else {
        let Some(operator) = Operator::read(cursor)? else {
            return Err(cursor.error(
                "a comparison (=, !=, <, <=, >, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS",
            ));
        };
        Test::Compare(Comparison::read_value(
            cursor,
            operator,
            Wildcards::AtEnds,
            |c| matches!(c, ')' | '}' | '&' | '|'),
        )?)
    };
    Ok(Expr::Condition { selector, test })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn selector(cursor: &mut Cursor<'_>) -> Result<Selector, PatternError> {
    if !cursor.eat("$") {
        return Err(
            cursor.error("a selector starting with $ (such as $.eventType), or ( opening a group")
        );
    }
    let mut steps = Vec::new();
    loop {
        match cursor.peek() {
            Some('.') => {
                cursor.bump();
                if cursor.eat("*") {
                    steps.push(Step::AnyProperty);
                    continue;
                }
                let mut name = String::new();
                while let Some(c) = cursor.peek().filter(|&c| is_name_char(c)) {
                    name.push(c);
                    cursor.bump();
                }
                if name.is_empty() {
                    return Err(
                        cursor.error("a property name (letters, digits, - and _) or * after .")
                    );
                }
                steps.push(Step::Property(name));
            }
            Some('[') => {
                let open = cursor.pos();
                cursor.bump();
                if cursor.eat("*]") {
                    steps.push(Step::AnyIndex);
                    continue;
                }
                let mut digits = String::new();
                while let Some(c) = cursor.peek().filter(char::is_ascii_digit) {
                    digits.push(c);
                    cursor.bump();
                }
                let index = digits.parse::<usize>().ok().filter(|_| digits.len() <= 9);
                let Some(index) = index else {
                    return Err(cursor.error("an array index (a number) or * after ["));
                };
                if !cursor.eat("]") {
                    return Err(cursor.error_at(
                        cursor.pos(),
                        format!("the ] closing the index opened at character {}", open + 1),
                        cursor.found(),
                    ));
                }
                steps.push(Step::Index(index));
            }
            _ => break,
        }
    }
    if steps.is_empty() {
        return Err(cursor.error_at(
            cursor.pos(),
            "a property (.name) or an element ([0]) after $",
            cursor.found(),
        ));
    }
    Ok(Selector { steps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_reach_every_node_a_wildcard_covers() {
        let mut cursor = Cursor::new("$.users[*].id");
        let selector = selector(&mut cursor).unwrap_or_else(|e| panic!("{e}"));
        let document: Json = serde_json::json!({"users": [{"id": 1}, {"id": 2}, {"name": "x"}]});
        assert_eq!(selector.select(&document).len(), 2);
    }
}
