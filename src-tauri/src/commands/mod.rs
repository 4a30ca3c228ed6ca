//! Tauri commands: each one checks its arguments, calls the engine on a worker thread (never on
//! the window's thread) and maps the result for the front end.

pub mod cloudwatch;
pub mod curate;
pub mod producers;
pub mod review;
pub mod rules;
pub mod search;
pub mod session;
pub mod sessions;
pub mod summary;
pub mod workspace;

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Runs engine work off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("background task failed: {e}")))?
}
