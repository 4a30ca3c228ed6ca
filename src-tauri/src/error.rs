//! The one error type every command returns. It reaches the front end as `{code, message}`:
//! `code` lets the UI decide where to show it (next to the query box, on the Start screen...),
//! `message` is one sentence saying what to do.

use serde::Serialize;
use ts_rs::TS;

/// What kind of problem, for the UI to act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An argument from the UI failed validation.
    InvalidArgument,
    /// A command needs an open workspace and none is open.
    NoWorkspace,
    /// The folder is not a workspace (or not an empty folder to create one in).
    NotAWorkspace,
    /// The workspace was written by a newer lognoise.
    NewerFormat,
    /// The workspace holds no events yet.
    Empty,
    /// Another import is writing to the workspace.
    Busy,
    /// The search query does not parse.
    QuerySyntax,
    /// No template with this id.
    UnknownTemplate,
    /// A file could not be read or written.
    Io,
    /// A workspace file is damaged.
    Damaged,
    /// The user cancelled a long task.
    Cancelled,
    /// Anything else.
    Internal,
    /// AWS credentials are missing, expired or refused.
    AwsCredentials,
    /// The credentials lack a permission.
    AwsAccessDenied,
    /// No region is set, or the region has no reachable endpoint.
    AwsRegion,
    /// CloudWatch Logs kept throttling requests.
    AwsThrottled,
    /// CloudWatch Logs could not be reached or kept failing.
    AwsUnavailable,
    /// CloudWatch Logs refused the request (a bad filter pattern).
    AwsRefused,
    /// The log group does not exist in the account and region.
    MissingLogGroup,
}

/// An error as the front end receives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// What kind of problem.
    pub code: ErrorCode,
    /// What happened and what to do, in one sentence.
    pub message: String,
}

impl ApiError {
    /// An error of kind `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// An argument from the UI that failed validation.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidArgument, message)
    }

    /// A command that needs an open workspace.
    pub fn no_workspace() -> ApiError {
        ApiError::new(
            ErrorCode::NoWorkspace,
            "no workspace is open: open or create one on the Start screen",
        )
    }
}

/// `Result` of the commands.
pub type ApiResult<T> = Result<T, ApiError>;

/// The kind of a workspace error.
fn workspace_code(e: &lognoise_workspace::Error) -> ErrorCode {
    use lognoise_workspace::Error as E;
    match e {
        E::Io { .. } => ErrorCode::Io,
        E::NotAWorkspace { .. } => ErrorCode::NotAWorkspace,
        E::NewerFormat { .. } => ErrorCode::NewerFormat,
        E::Damaged { .. } => ErrorCode::Damaged,
        _ => ErrorCode::Internal,
    }
}

impl From<lognoise_workspace::Error> for ApiError {
    fn from(e: lognoise_workspace::Error) -> ApiError {
        ApiError::new(workspace_code(&e), e.to_string())
    }
}

impl From<lognoise_index::Error> for ApiError {
    fn from(e: lognoise_index::Error) -> ApiError {
        use lognoise_index::Error as E;
        let code = match &e {
            E::Workspace(w) => workspace_code(w),
            E::Source(_) => ErrorCode::Io,
            E::Busy { .. } => ErrorCode::Busy,
            E::Empty { .. } => ErrorCode::Empty,
            E::QuerySyntax { .. } | E::UnknownField { .. } | E::InvalidQuery(_) => {
                ErrorCode::QuerySyntax
            }
            E::UnknownTemplate(_) => ErrorCode::UnknownTemplate,
            _ => ErrorCode::Internal,
        };
        // The query-syntax message draws a caret under the query on extra lines, for terminals;
        // the UI shows the first line next to the query box.
        let message = match &e {
            E::QuerySyntax {
                position, message, ..
            } => format!("invalid query at character {}: {message}", position + 1),
            _ => e.to_string(),
        };
        ApiError::new(code, message)
    }
}

impl From<lognoise_session::Error> for ApiError {
    fn from(e: lognoise_session::Error) -> ApiError {
        use lognoise_session::Error as E;
        let code = match &e {
            E::Workspace(w) => workspace_code(w),
            E::Index(_) => ErrorCode::Internal,
            E::Io { .. } => ErrorCode::Io,
            E::Damaged { .. } => ErrorCode::Damaged,
            E::NewerSchema { .. } => ErrorCode::NewerFormat,
            E::UnknownTemplate(_) => ErrorCode::UnknownTemplate,
            _ => ErrorCode::InvalidArgument,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<lognoise_rules::Error> for ApiError {
    fn from(e: lognoise_rules::Error) -> ApiError {
        use lognoise_rules::Error as E;
        match e {
            E::Workspace(w) => w.into(),
            E::Session(s) => s.into(),
            E::Io { .. } => ApiError::new(ErrorCode::Io, e.to_string()),
            _ => ApiError::new(ErrorCode::InvalidArgument, e.to_string()),
        }
    }
}

impl From<tauri::Error> for ApiError {
    fn from(e: tauri::Error) -> ApiError {
        ApiError::new(ErrorCode::Internal, e.to_string())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_code_and_message() {
        let e = ApiError::new(
            ErrorCode::QuerySyntax,
            "invalid query at character 3: expected a term",
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "query_syntax", "message": "invalid query at character 3: expected a term"})
        );
    }

    #[test]
    fn workspace_errors_keep_their_kind() {
        let e: ApiError = lognoise_workspace::Error::NotAWorkspace {
            path: "/tmp/x".into(),
            non_empty: true,
        }
        .into();
        assert_eq!(e.code, ErrorCode::NotAWorkspace);
        assert!(e.message.starts_with("/tmp/x is not a lognoise workspace"));
        let nested: ApiError =
            lognoise_index::Error::Workspace(lognoise_workspace::Error::Damaged {
                path: "/tmp/x/workspace.json".into(),
                message: "not JSON".into(),
            })
            .into();
        assert_eq!(nested.code, ErrorCode::Damaged);
    }
}
