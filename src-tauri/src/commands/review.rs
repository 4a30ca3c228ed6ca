//! The detail pane of the Review screen. The queue itself, with its costs, is the session's
//! (`commands::curate::review_queue`, priced by `lognoise_session::cost`).

use super::blocking;
use crate::dto::{GroupCountView, LevelCount, TemplateDetail, ValueView, VariableView};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::{AppState, OpenWorkspace};
use crate::validate;
use lognoise_index::SearchRequest;
use lognoise_miner::ValueCount;
use tauri::State;

fn levels(values: &[ValueCount]) -> Vec<LevelCount> {
    values
        .iter()
        .map(|v| LevelCount {
            level: lognoise_index::level_name(&v.value),
            count: v.count,
        })
        .collect()
}

/// Examples, variables, levels and log groups of one template.
#[tauri::command]
pub async fn template_detail(state: State<'_, AppState>, id: String) -> ApiResult<TemplateDetail> {
    let id = validate::template_id(&id)?;
    let open = state.current()?;
    blocking(move || detail(&open, id)).await
}

/// The detail pane; shared with the tests.
pub fn detail(open: &OpenWorkspace, id: lognoise_miner::TemplateId) -> ApiResult<TemplateDetail> {
    let ws = &open.ws;
    let t = ws.templates().get(id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownTemplate,
            format!(
                "no template {id} in this workspace: it may have been merged; reload the queue"
            ),
        )
    })?;
    let groups = open
        .index()?
        .search(
            ws,
            &SearchRequest {
                template: Some(id),
                limit: 0,
                buckets: 1,
                ..SearchRequest::default()
            },
        )?
        .groups
        .into_iter()
        .map(|g| GroupCountView {
            group: g.group,
            count: g.count,
        })
        .collect();
    Ok(TemplateDetail {
        id: t.id.to_string(),
        text: t.text.clone(),
        count: t.count,
        bytes: t.bytes,
        examples: t.examples.clone(),
        variables: t
            .variables
            .iter()
            .map(|v| VariableView {
                index: v.index,
                distinct_estimate: v.distinct_estimate,
                top_values: v
                    .top_values
                    .iter()
                    .map(|x| ValueView {
                        value: x.value.clone(),
                        count: x.count,
                    })
                    .collect(),
            })
            .collect(),
        levels: levels(&t.levels),
        groups,
        first_seen: t.first_seen,
        last_seen: t.last_seen,
    })
}
