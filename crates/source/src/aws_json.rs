//! The JSON document `aws logs filter-log-events` and `get-log-events` print, read as a stream:
//! events are handed out as they are parsed, so a large or truncated document costs no memory
//! and loses only what comes after the damage.

use crate::lines::JsonEvent;
use crate::{Event, Format, Problem, Summary};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::Read;

/// Whether a document that starts with `{` starts with a key of the AWS CLI's output.
pub(crate) fn looks_like_aws_output(head: &[u8]) -> bool {
    let rest = head[1..].trim_ascii_start();
    [
        &b"\"events\""[..],
        b"\"searchedLogStreams\"",
        b"\"nextToken\"",
        b"\"nextForwardToken\"",
        b"\"nextBackwardToken\"",
    ]
    .iter()
    .any(|k| rest.starts_with(k))
}

pub(crate) fn read(input: impl Read, on_event: &mut dyn FnMut(Event)) -> Summary {
    let mut state = State {
        on_event,
        events: 0,
        seen: 0,
        problems: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let result = Document(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Err(e) = result {
        state.problems.push(Problem {
            line: e.line() as u64,
            column: Some(e.column() as u64),
            message: format!(
                "the document is damaged or ends early ({e}); the {} events before it were read",
                state.seen
            ),
        });
    }
    Summary {
        format: Format::AwsCliJson,
        events: state.events,
        problems: state.problems,
        text_lines: 0,
        not_text_lines: 0,
    }
}

struct State<'a> {
    on_event: &'a mut dyn FnMut(Event),
    events: u64,
    /// Elements of `events` parsed, good or not.
    seen: u64,
    problems: Vec<Problem>,
}

struct Document<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with an `events` array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "events" {
                map.next_value_seed(Events(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Events<'s, 'a>(&'s mut State<'a>);

impl<'de> DeserializeSeed<'de> for Events<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element::<JsonEvent>()? {
            self.0.seen += 1;
            match e.into_event() {
                Ok(event) => {
                    self.0.events += 1;
                    (self.0.on_event)(event);
                }
                Err(why) => self.0.problems.push(Problem {
                    // The streaming parser does not say where an element was; its place in
                    // the array does.
                    line: 0,
                    column: None,
                    message: format!("event #{} of `events`: {why}", self.0.seen),
                }),
            }
        }
        Ok(())
    }
}
