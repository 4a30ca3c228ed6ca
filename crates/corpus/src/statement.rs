//! Log statements: the constant text a program prints and the places its values go.
//!
//! A statement is written as its line with `${kind}` where a value goes, e.g.
//! `Order ${order_id} persisted in ${ms} ms`. A statement of several lines (a slow-query record,
//! an error with its detail line) separates them with `\n`; each physical line is labelled on its
//! own, as the truth of real multi-line records is.

use crate::error::{Error, Result};
use crate::values::Kind;

/// The wildcard the truth templates write for a value.
pub const WILDCARD: &str = "<*>";

/// One piece of a line: constant text or a generated value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text the statement fixes.
    Text(String),
    /// A value filled in at run time.
    Value(Kind),
}

/// One physical line of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineShape {
    segments: Vec<Segment>,
}

impl LineShape {
    /// The pieces of the line, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The truth template: constant text literal, each value `<*>`.
    pub fn template(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Text(t) => t.as_str(),
                Segment::Value(_) => WILDCARD,
            })
            .collect()
    }
}

/// A log statement with its share of the set's volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    weight: u32,
    lines: Vec<LineShape>,
}

impl Statement {
    /// Parses a statement written with `${kind}` placeholders; `set` names it in errors.
    pub fn parse(set: &str, weight: u32, text: &str) -> Result<Statement> {
        let lines = text
            .split('\n')
            .map(|line| parse_line(set, text, line))
            .collect::<Result<Vec<_>>>()?;
        Ok(Statement { weight, lines })
    }

    /// How loud the statement is relative to the others of its set.
    pub fn weight(&self) -> u32 {
        self.weight
    }

    /// Its physical lines.
    pub fn lines(&self) -> &[LineShape] {
        &self.lines
    }
}

fn parse_line(set: &str, statement: &str, line: &str) -> Result<LineShape> {
    let mut segments = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            segments.push(Segment::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| Error::UnclosedValue {
            set: set.to_string(),
            statement: statement.to_string(),
        })?;
        let name = &after[..end];
        let kind = Kind::from_name(name).ok_or_else(|| Error::UnknownValue {
            set: set.to_string(),
            statement: statement.to_string(),
            kind: name.to_string(),
        })?;
        segments.push(Segment::Value(kind));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest.to_string()));
    }
    Ok(LineShape { segments })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_values_and_wildcards() -> Result<()> {
        let s = Statement::parse("t", 1, "Order ${order_id} took ${ms} ms")?;
        assert_eq!(s.lines().len(), 1);
        assert_eq!(s.lines()[0].template(), "Order <*> took <*> ms");
        assert_eq!(s.lines()[0].segments().len(), 5);
        Ok(())
    }

    #[test]
    fn a_record_of_several_lines_is_split() -> Result<()> {
        let s = Statement::parse("t", 1, "ERROR: ${reason}\nDETAIL: constant")?;
        let templates: Vec<_> = s.lines().iter().map(LineShape::template).collect();
        assert_eq!(templates, ["ERROR: <*>", "DETAIL: constant"]);
        Ok(())
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_errors() {
        assert!(matches!(
            Statement::parse("t", 1, "x ${nope} y"),
            Err(Error::UnknownValue { kind, .. }) if kind == "nope"
        ));
        assert!(matches!(
            Statement::parse("t", 1, "x ${order_id"),
            Err(Error::UnclosedValue { .. })
        ));
    }
}
