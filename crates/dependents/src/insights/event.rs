//! One sampled event as a Logs Insights filter sees it: `@message`, `@logStream`, `@log`, and
//! the fields of a JSON message, flattened with dots the way Logs Insights discovers them.

use super::filter::Field;
use serde_json::Value as Json;
use std::borrow::Cow;
use std::cell::OnceCell;

/// A sampled event, with its JSON parsed at most once however many queries read it.
pub struct QueryEvent<'e> {
    message: &'e str,
    log_group: Option<&'e str>,
    log_stream: Option<&'e str>,
    json: OnceCell<Option<Json>>,
}

impl<'e> QueryEvent<'e> {
    /// An event of `log_group` (and `log_stream`, where known) with this message.
    pub fn new(
        message: &'e str,
        log_group: Option<&'e str>,
        log_stream: Option<&'e str>,
    ) -> QueryEvent<'e> {
        QueryEvent {
            message,
            log_group,
            log_stream,
            json: OnceCell::new(),
        }
    }

    fn json(&self) -> Option<&Json> {
        self.json
            .get_or_init(|| {
                let trimmed = self.message.trim_start();
                if trimmed.starts_with('{') {
                    serde_json::from_str::<Json>(trimmed)
                        .ok()
                        .filter(Json::is_object)
                } else {
                    None
                }
            })
            .as_ref()
    }

    pub(crate) fn field(&self, field: &Field) -> Option<FieldValue<'_>> {
        match field {
            Field::Message => Some(FieldValue::Borrowed(self.message)),
            Field::LogStream => self.log_stream.map(FieldValue::Borrowed),
            Field::Log => self.log_group.map(FieldValue::Log),
            Field::Json(name) => flattened(self.json()?, name).and_then(|node| match node {
                Json::Null => None,
                Json::String(s) => Some(FieldValue::Borrowed(s)),
                Json::Number(n) => n.as_f64().map(FieldValue::Number),
                other => Some(FieldValue::Owned(other.to_string())),
            }),
        }
    }
}

/// The node a flattened name (`a.b.0.c`) names: a key holding dots itself is tried first.
fn flattened<'j>(root: &'j Json, name: &str) -> Option<&'j Json> {
    match root {
        Json::Object(map) => {
            if let Some(node) = map.get(name) {
                return Some(node);
            }
            // Try each split point, longest key first, so `a.b.c` finds {"a.b": {"c": 1}}.
            for (at, _) in name
                .match_indices('.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                if let Some(node) = map.get(&name[..at]) {
                    if let Some(found) = flattened(node, &name[at + 1..]) {
                        return Some(found);
                    }
                }
            }
            None
        }
        Json::Array(items) => {
            let (head, rest) = match name.split_once('.') {
                Some((head, rest)) => (head, Some(rest)),
                None => (name, None),
            };
            let node = items.get(head.parse::<usize>().ok()?)?;
            match rest {
                Some(rest) => flattened(node, rest),
                None => Some(node),
            }
        }
        _ => None,
    }
}

/// A value a condition compares.
#[derive(Debug, Clone)]
pub(crate) enum FieldValue<'e> {
    Borrowed(&'e str),
    Owned(String),
    Number(f64),
    /// The log group of `@log`, which Logs Insights writes `account-id:log-group-name`.
    Log(&'e str),
}

impl FieldValue<'_> {
    pub(crate) fn text(&self) -> Cow<'_, str> {
        match self {
            FieldValue::Borrowed(s) | FieldValue::Log(s) => Cow::Borrowed(s),
            FieldValue::Owned(s) => Cow::Borrowed(s),
            FieldValue::Number(n) => Cow::Owned(n.to_string()),
        }
    }

    pub(crate) fn number(&self) -> Option<f64> {
        match self {
            FieldValue::Number(n) => Some(*n),
            FieldValue::Borrowed(s) | FieldValue::Log(s) => s.trim().parse().ok(),
            FieldValue::Owned(s) => s.trim().parse().ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_names_reach_nested_keys_arrays_and_dotted_keys() {
        let root: Json =
            serde_json::from_str(r#"{"a":{"b":1},"list":[{"c":"x"}],"k.8s":{"ns":"web"}}"#)
                .unwrap();
        assert_eq!(flattened(&root, "a.b"), Some(&Json::from(1)));
        assert_eq!(flattened(&root, "list.0.c"), Some(&Json::from("x")));
        assert_eq!(flattened(&root, "k.8s.ns"), Some(&Json::from("web")));
        assert_eq!(flattened(&root, "a.c"), None);
        assert_eq!(flattened(&root, "list.1"), None);
    }
}
