//! Line-based formats: plain text, JSON lines of events, and the lines of S3 exports.

use crate::{parse_rfc3339_ms, Event, Format, Problem, Summary};
use serde::Deserialize;
use std::io::{self, BufRead};

/// One CloudWatch event as JSON, under the key spellings the AWS tools and consoles use.
#[derive(Deserialize)]
pub(crate) struct JsonEvent {
    #[serde(alias = "@message")]
    pub message: Option<serde_json::Value>,
    #[serde(alias = "@timestamp")]
    pub timestamp: Option<serde_json::Value>,
    #[serde(alias = "logGroupName", alias = "@logGroup")]
    #[serde(rename = "logGroup")]
    pub log_group: Option<String>,
    #[serde(alias = "logStreamName", alias = "@logStream")]
    #[serde(rename = "logStream")]
    pub log_stream: Option<String>,
}

impl JsonEvent {
    /// The event, or why it is not one.
    pub fn into_event(self) -> Result<Event, String> {
        let message = match self.message {
            // CloudWatch keeps the newline a program printed; it is not part of the message.
            Some(serde_json::Value::String(mut s)) => {
                let kept = s.trim_end_matches(['\n', '\r']).len();
                s.truncate(kept);
                s
            }
            // A structured message (an object logged as such) is kept as its JSON text.
            Some(v @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => v.to_string(),
            Some(serde_json::Value::Null) | None => return Err("no `message`".to_string()),
            Some(v) => v.to_string(),
        };
        let timestamp_ms = match self.timestamp {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Number(n)) => match n.as_i64() {
                Some(ms) => Some(ms),
                None => return Err(format!("`timestamp` {n} is not milliseconds")),
            },
            Some(serde_json::Value::String(s)) => match parse_rfc3339_ms(&s) {
                Some(ms) => Some(ms),
                None => match s.parse::<i64>() {
                    Ok(ms) => Some(ms),
                    Err(_) => return Err(format!("`timestamp` {s:?} is not a time")),
                },
            },
            Some(v) => return Err(format!("`timestamp` {v} is not a time")),
        };
        Ok(Event {
            timestamp_ms,
            log_group: self.log_group,
            log_stream: self.log_stream,
            message,
        })
    }
}

/// JSON lines of events when the first line is an object with a message; plain otherwise
/// (application logs that are JSON objects of their own are plain lines: the object is the
/// message).
pub(crate) fn sniff_lines(head: &[u8]) -> Format {
    let first = head
        .split(|&b| b == b'\n')
        .map(|l| l.trim_ascii())
        .find(|l| !l.is_empty());
    match first {
        Some(l) if l.starts_with(b"{") => match serde_json::from_slice::<JsonEvent>(l) {
            Ok(e) if e.message.is_some() => Format::JsonLines,
            _ => Format::Plain,
        },
        _ => Format::Plain,
    }
}

/// Reads `format` line by line. A read error (a truncated or corrupt gzip stream) ends the
/// read with a problem at the line it happened on.
pub(crate) fn read_lines(
    input: &mut dyn BufRead,
    format: Format,
    on_event: &mut dyn FnMut(Event),
) -> Summary {
    let mut summary = Summary {
        format,
        events: 0,
        problems: Vec::new(),
        text_lines: 0,
        not_text_lines: 0,
    };
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    loop {
        buf.clear();
        match read_line(input, &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                summary.problems.push(Problem {
                    line: line_no + 1,
                    column: None,
                    message: read_error_message(format, &e),
                });
                break;
            }
        }
        line_no += 1;
        let mut line = buf.as_slice();
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.trim_ascii().is_empty() {
            continue;
        }
        if format != Format::JsonLines {
            summary.text_lines += 1;
            if crate::looks_binary(line) {
                summary.not_text_lines += 1;
            }
        }
        let event = match format {
            Format::JsonLines => match serde_json::from_slice::<JsonEvent>(line) {
                Ok(e) => e.into_event(),
                Err(e) => Err(format!("not a JSON event: {e}")),
            },
            Format::S3Export => Ok(export_line(&String::from_utf8_lossy(line))),
            Format::Plain | Format::AwsCliJson => Ok(plain_line(line)),
        };
        match event {
            Ok(e) => {
                summary.events += 1;
                on_event(e);
            }
            Err(message) => summary.problems.push(Problem {
                line: line_no,
                column: None,
                message,
            }),
        }
    }
    summary
}

fn read_error_message(format: Format, e: &io::Error) -> String {
    match format {
        Format::S3Export => format!(
            "gzip data is corrupt or ends early ({e}); the lines before this one were imported"
        ),
        _ => format!("read failed ({e}); the lines before this one were imported"),
    }
}

/// `read_until` that retries on interruption and keeps the bytes read before an error.
fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    loop {
        match input.read_until(b'\n', buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// A plain line: the whole line is the message; a leading RFC 3339 time is the event time.
fn plain_line(line: &[u8]) -> Event {
    let message = String::from_utf8_lossy(line).into_owned();
    let first_word = message.split_ascii_whitespace().next().unwrap_or("");
    Event {
        timestamp_ms: parse_rfc3339_ms(first_word),
        log_group: None,
        log_stream: None,
        message,
    }
}

/// An S3 export line: `<ISO timestamp> <message>`. The time was added by the export, so it
/// is taken off the message; a line without one is kept whole.
fn export_line(line: &str) -> Event {
    if let Some((time, rest)) = line.split_once(' ') {
        if let Some(ms) = parse_rfc3339_ms(time) {
            return Event {
                timestamp_ms: Some(ms),
                log_group: None,
                log_stream: None,
                message: rest.to_string(),
            };
        }
    }
    Event {
        message: line.to_string(),
        ..Event::default()
    }
}
