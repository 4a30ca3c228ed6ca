//! Checks on arguments that arrive over IPC. The window is trusted no more than any other
//! input: every path, id, query and count is checked here before an engine call sees it.

use crate::error::{ApiError, ApiResult};
use lognoise_miner::TemplateId;
use std::path::PathBuf;

/// Longest path accepted.
const MAX_PATH: usize = 4096;
/// Longest query accepted (a pasted log line fits; a pasted file does not).
pub const MAX_QUERY: usize = 8192;
/// Most hits one search returns.
pub const MAX_HITS: usize = 1000;
/// Most files one import takes.
pub const MAX_FILES: usize = 1000;

/// An absolute path chosen by the user.
pub fn absolute_path(what: &str, raw: &str) -> ApiResult<PathBuf> {
    if raw.trim().is_empty() {
        return Err(ApiError::invalid(format!("choose a {what} first")));
    }
    if raw.len() > MAX_PATH || raw.contains('\0') {
        return Err(ApiError::invalid(format!(
            "the {what} path is not a usable path: choose another"
        )));
    }
    let path = PathBuf::from(raw);
    if !path.is_absolute() {
        return Err(ApiError::invalid(format!(
            "the {what} path `{raw}` is relative: give a full path starting with /"
        )));
    }
    Ok(path)
}

/// A template id as the UI holds it (16 hex digits).
pub fn template_id(raw: &str) -> ApiResult<TemplateId> {
    raw.parse()
        .map_err(|e: lognoise_miner::ParseTemplateIdError| ApiError::invalid(e.to_string()))
}

/// A search query.
pub fn query(raw: &str) -> ApiResult<&str> {
    if raw.len() > MAX_QUERY {
        return Err(ApiError::invalid(format!(
            "the query is {} bytes long; shorten it to at most {MAX_QUERY}",
            raw.len()
        )));
    }
    Ok(raw)
}

/// A level name from the level facet: a short word of letters (the index matches it in any case).
pub fn level(raw: &str) -> ApiResult<String> {
    if raw.is_empty() || raw.len() > 16 || !raw.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::invalid(format!(
            "`{raw}` is not a level: pick one from the level facet"
        )));
    }
    Ok(lognoise_index::level_name(raw))
}

/// A time window: both ends optional, start before end.
pub fn window(since: Option<i64>, until: Option<i64>) -> ApiResult<()> {
    match (since, until) {
        (Some(s), Some(u)) if s >= u => Err(ApiError::invalid(
            "the time window ends before it starts: pick the start first",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn paths_must_be_absolute_and_sane() {
        assert!(absolute_path("workspace", "/tmp/ws").is_ok());
        for bad in ["", "  ", "ws", "../x", "/tmp/\0x"] {
            let e = absolute_path("workspace", bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad:?}");
        }
        assert!(absolute_path("workspace", &format!("/{}", "a".repeat(5000))).is_err());
    }

    #[test]
    fn ids_levels_and_windows() {
        assert_eq!(template_id("00000000000000ff").unwrap(), TemplateId(255));
        assert!(template_id("ff").is_err());
        assert!(template_id("zzzzzzzzzzzzzzzz").is_err());
        assert_eq!(level("ERROR").unwrap(), "error");
        assert!(level("error OR x").is_err());
        assert!(window(Some(2), Some(1)).is_err());
        assert!(window(Some(1), None).is_ok());
        assert!(query(&"x".repeat(MAX_QUERY + 1)).is_err());
    }
}
