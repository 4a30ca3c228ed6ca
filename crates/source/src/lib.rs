//! Reads log events from the files people have at hand, whatever their format, without being
//! told which format it is:
//!
//! - plain text, one event per line (a leading RFC 3339 timestamp becomes the event time);
//! - JSON lines of CloudWatch events (`{"timestamp":..,"logGroup":..,"logStream":..,"message":..}`,
//!   as in `demo/events.jsonl`);
//! - the JSON document `aws logs filter-log-events` and `get-log-events` print
//!   (`{"events":[{"timestamp":..,"message":..,"logStreamName":..}]}`);
//! - gzip files of CloudWatch S3 exports (`<ISO timestamp> <message>` per line).
//!
//! Damaged input never stops a read: what can be read is handed out, and each part that cannot
//! is reported as a [`Problem`] with its line number.
//!
//! ```
//! use lognoise_source::{read, Format};
//! let input = b"{\"timestamp\":1772409619606,\"logGroup\":\"/app\",\"message\":\"started\"}\n";
//! let mut events = Vec::new();
//! let summary = read(&input[..], &mut |e| events.push(e)).unwrap();
//! assert_eq!(summary.format, Format::JsonLines);
//! assert_eq!(events[0].message, "started");
//! assert_eq!(events[0].log_group.as_deref(), Some("/app"));
//! ```

mod aws_json;
mod event;
mod lines;
mod split;
mod time;

pub use event::Event;
pub use split::{for_each_line, for_each_text_chunk, for_each_text_line, LineCounts};
pub use time::parse_rfc3339_ms;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The formats [`read`] recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// One event per line, the whole line is the message.
    Plain,
    /// One JSON object per line with a `message` key and CloudWatch metadata.
    JsonLines,
    /// The JSON document printed by `aws logs filter-log-events` / `get-log-events`.
    AwsCliJson,
    /// A gzip file of a CloudWatch S3 export: `<ISO timestamp> <message>` per line.
    S3Export,
}

/// A part of the input that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Line of the input (counting from 1) where the problem is.
    pub line: u64,
    /// Column, when known.
    pub column: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// What one read found.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// The format recognised.
    pub format: Format,
    /// Events handed out.
    pub events: u64,
    /// Parts that could not be read; reading went on past each (or stopped at the end of
    /// readable data, for truncated files).
    pub problems: Vec<Problem>,
    /// Lines read as plain text (plain files and S3 exports; 0 for JSON formats).
    pub text_lines: u64,
    /// Of [`Summary::text_lines`], those holding bytes that text does not hold: invalid UTF-8 or
    /// control characters other than tab and escape. They are imported as read (invalid bytes as
    /// U+FFFD), so nothing is lost, but a file made mostly of them is not a log.
    pub not_text_lines: u64,
}

/// Share of a file's lines that must look binary before an import warns: a stray byte in a
/// long log is not worth a warning, a file that is mostly binary is.
const NOT_TEXT_WARN_SHARE: f64 = 0.01;

impl Summary {
    /// One sentence saying that the input does not look like text, when enough of its lines
    /// hold bytes that text does not, so that a user who picked the wrong file learns it
    /// instead of reviewing thousands of templates of noise.
    pub fn not_text_warning(&self) -> Option<String> {
        if self.not_text_lines == 0 || self.text_lines == 0 {
            return None;
        }
        let share = self.not_text_lines as f64 / self.text_lines as f64;
        if share < NOT_TEXT_WARN_SHARE {
            return None;
        }
        Some(format!(
            "does not look like text: {} of {} lines ({:.1}%) hold bytes that text does not \
             (binary data, or an encoding other than UTF-8); they were imported as read, with \
             unreadable bytes shown as U+FFFD. Import the log file itself (unpack archives \
             other than gzip first).",
            self.not_text_lines,
            self.text_lines,
            share * 100.0
        ))
    }
}

/// Whether a line holds bytes that no text log holds: invalid UTF-8, or a control character
/// other than tab and escape (escape starts the colour codes many terminals' logs carry).
pub(crate) fn looks_binary(line: &[u8]) -> bool {
    line.iter()
        .any(|&b| (b < 0x20 && b != b'\t' && b != 0x1b) || b == 0x7f)
        || simdutf8::basic::from_utf8(line).is_err()
}

/// Error of the input as a whole (it cannot be opened or read at all).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file cannot be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path given.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// Reading failed before anything could be recognised.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
}

/// `Result` of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Reads the file at `path` (`-` is standard input), calling `on_event` with each event.
/// `bytes_read` counts the bytes taken from the file so far (compressed bytes for gzip), for
/// progress bars.
pub fn read_path(
    path: &Path,
    bytes_read: Arc<AtomicU64>,
    on_event: &mut dyn FnMut(Event),
) -> Result<Summary> {
    if path.as_os_str() == "-" {
        let stdin = io::stdin().lock();
        return read(Counting::new(stdin, bytes_read), on_event);
    }
    let file = File::open(path).map_err(|source| Error::Open {
        path: path.display().to_string(),
        source,
    })?;
    read(Counting::new(file, bytes_read), on_event)
}

/// Reads events from `input`, recognising its format from its first bytes.
pub fn read(input: impl Read, on_event: &mut dyn FnMut(Event)) -> Result<Summary> {
    let mut input = BufReader::with_capacity(1 << 20, input);
    let head = fill_head(&mut input)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::bufread::MultiGzDecoder::new(input);
        let mut decoded = BufReader::with_capacity(1 << 20, decoder);
        return Ok(lines::read_lines(&mut decoded, Format::S3Export, on_event));
    }
    let first = head.iter().position(|b| !b.is_ascii_whitespace());
    if let Some(i) = first {
        if head[i] == b'{' && aws_json::looks_like_aws_output(&head[i..]) {
            return Ok(aws_json::read(input, on_event));
        }
    }
    let format = lines::sniff_lines(&head);
    Ok(lines::read_lines(&mut input, format, on_event))
}

/// Returns the buffered start of the input (at least a few KB when the input has them).
fn fill_head<R: Read>(input: &mut BufReader<R>) -> io::Result<Vec<u8>> {
    // One fill_buf may return little (a pipe); what it returns is enough to sniff a format,
    // since every format is recognisable from its first line or first bytes.
    loop {
        match input.fill_buf() {
            Ok(b) => return Ok(b.to_vec()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::Write;

    fn read_all(input: &[u8]) -> (Summary, Vec<Event>) {
        let mut events = Vec::new();
        let s = read(input, &mut |e| events.push(e)).unwrap();
        (s, events)
    }

    #[test]
    fn plain_lines_keep_the_whole_line_and_take_a_leading_time() {
        let (s, e) = read_all(b"hello world\n\n2026-03-02T00:00:19.606Z GET /health 200\r\nlast");
        assert_eq!(s.format, Format::Plain);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].message, "hello world");
        assert_eq!(e[0].timestamp_ms, None);
        assert_eq!(e[1].message, "2026-03-02T00:00:19.606Z GET /health 200");
        assert_eq!(e[1].timestamp_ms, Some(1_772_409_619_606));
        assert_eq!(e[2].message, "last");
    }

    /// Bytes of a simple deterministic generator (xorshift), standing for a file that is not a
    /// log: an image, an archive, random data.
    fn noise(n: usize) -> Vec<u8> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn a_file_of_random_bytes_is_read_whole_and_said_not_to_look_like_text() {
        let bytes = noise(300_000);
        let (s, e) = read_all(&bytes);
        assert_eq!(s.format, Format::Plain);
        assert_eq!(s.events as usize, e.len());
        assert!(s.text_lines > 500, "{}", s.text_lines);
        assert!(s.not_text_lines * 10 > s.text_lines * 9, "{s:?}");
        let warning = s.not_text_warning().unwrap();
        assert!(
            warning.starts_with("does not look like text: "),
            "{warning}"
        );
        assert!(
            warning.contains(&format!("of {} lines", s.text_lines)),
            "{warning}"
        );
    }

    #[test]
    fn text_with_colour_codes_tabs_and_a_stray_byte_is_text() {
        let mut input = Vec::new();
        for i in 0..200 {
            input.extend_from_slice(format!("\x1b[32mINFO\x1b[0m\trequest {i} done\n").as_bytes());
        }
        input.extend_from_slice(b"one bad byte \xff here\n");
        let (s, e) = read_all(&input);
        assert_eq!(e.len(), 201);
        assert_eq!((s.text_lines, s.not_text_lines), (201, 1));
        assert_eq!(s.not_text_warning(), None);
        // JSON events are judged by their parser, not as text lines.
        let (s, _) = read_all(b"{\"timestamp\":5,\"message\":\"a\\u0001\"}\n");
        assert_eq!((s.text_lines, s.not_text_warning()), (0, None));
    }

    #[test]
    fn json_objects_without_a_message_key_are_plain_lines() {
        let (s, e) = read_all(b"{\"level\":\"info\",\"msg\":\"ok\"}\n");
        assert_eq!(s.format, Format::Plain);
        assert_eq!(e[0].message, "{\"level\":\"info\",\"msg\":\"ok\"}");
    }

    #[test]
    fn json_lines_report_bad_lines_and_go_on() {
        let input = b"{\"timestamp\":5,\"logGroup\":\"g\",\"logStream\":\"s\",\"message\":\"a\"}\n\
{\"timestamp\":6,\"message\":\n\
{\"timestamp\":\"2026-03-02T00:00:00Z\",\"@message\":\"b\"}\n\
{\"timestamp\":7}\n\
{\"timestamp\":8,\"message\":{\"k\":1}}\n";
        let (s, e) = read_all(input);
        assert_eq!(s.format, Format::JsonLines);
        assert_eq!(s.events, 3);
        assert_eq!(e[0].log_stream.as_deref(), Some("s"));
        assert_eq!(e[1].timestamp_ms, Some(1_772_409_600_000));
        assert_eq!(e[2].message, "{\"k\":1}");
        let lines: Vec<u64> = s.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn aws_cli_output_is_streamed_and_a_truncated_document_keeps_what_came_first() {
        let doc = br#"{
    "events": [
        {"logStreamName": "s1", "timestamp": 10, "message": "one", "ingestionTime": 11, "eventId": "1"},
        {"logStreamName": "s2", "timestamp": 20, "message": "two", "ingestionTime": 21, "eventId": "2"}
    ],
    "searchedLogStreams": []
}"#;
        let (s, e) = read_all(doc);
        assert_eq!(s.format, Format::AwsCliJson);
        assert_eq!(e.len(), 2);
        assert!(s.problems.is_empty());
        assert_eq!(e[1].log_stream.as_deref(), Some("s2"));
        let cut = &doc[..doc.len() - 60];
        let (s, e) = read_all(cut);
        assert_eq!(e.len(), 1);
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].line, 4);
    }

    #[test]
    fn gzip_exports_strip_the_export_time_and_report_truncation() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..2000 {
            writeln!(gz, "2026-03-02T00:00:{:02}.000Z request {i} done", i % 60).unwrap();
        }
        let bytes = gz.finish().unwrap();
        let (s, e) = read_all(&bytes);
        assert_eq!(s.format, Format::S3Export);
        assert_eq!(e.len(), 2000);
        assert_eq!(e[1].message, "request 1 done");
        assert_eq!(e[1].timestamp_ms, Some(1_772_409_601_000));
        let (s, e) = read_all(&bytes[..bytes.len() / 2]);
        assert!(e.len() < 2000);
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(s.problems[0].message.contains("gzip"));
    }
}
