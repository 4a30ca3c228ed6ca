//! The template queue and the detail pane of the Review screen.

use super::blocking;
use crate::dto::{
    GroupCountView, LevelCount, TemplateDetail, TemplateRowView, TemplatesView, ValueView,
    VariableView,
};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::{AppState, OpenWorkspace};
use crate::validate;
use lognoise_index::SearchRequest;
use lognoise_miner::ValueCount;
use tauri::State;

/// Sparkline buckets.
const SERIES_BUCKETS: usize = 48;
/// Default ingestion price, US dollars per GB (CloudWatch Logs standard class).
pub const DEFAULT_PRICE_PER_GB_USD: f64 = 0.50;
const MONTH_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;
const GB: f64 = 1e9;

/// The templates of the open workspace, most events first, with sparkline series and costs.
#[tauri::command]
pub async fn list_templates(state: State<'_, AppState>) -> ApiResult<TemplatesView> {
    let open = state.current()?;
    blocking(move || templates_view(&open)).await
}

/// What the queue shows; shared with the tests.
pub fn templates_view(open: &OpenWorkspace) -> ApiResult<TemplatesView> {
    let ws = &open.ws;
    let report = match &open.index {
        Some(index) => index.templates(ws, SERIES_BUCKETS)?,
        None => {
            return Ok(TemplatesView {
                events: 0,
                bytes: 0,
                series_start_ms: None,
                series_bucket_ms: None,
                price_per_gb_usd: DEFAULT_PRICE_PER_GB_USD,
                templates: Vec::new(),
            })
        }
    };
    let per_month = month_factor(ws);
    let templates = report
        .templates
        .into_iter()
        .map(|t| {
            let monthly_bytes = per_month.map(|f| t.bytes as f64 * f);
            TemplateRowView {
                id: t.id.to_string(),
                text: t.text,
                count: t.count,
                bytes: t.bytes,
                share: t.share,
                monthly_bytes,
                monthly_cost_usd: monthly_bytes.map(|b| b / GB * DEFAULT_PRICE_PER_GB_USD),
                levels: levels(&t.levels),
                log_groups: Vec::new(),
                series: t.series,
            }
        })
        .collect();
    Ok(TemplatesView {
        events: report.events,
        bytes: report.bytes,
        series_start_ms: report.series_start_ms,
        series_bucket_ms: report.series_bucket_ms,
        price_per_gb_usd: DEFAULT_PRICE_PER_GB_USD,
        templates,
    })
}

/// Factor from sampled bytes to bytes a month: the sample's scale (sampled share of what the
/// log groups stored) over the length of its window. `None` when events carry no time.
fn month_factor(ws: &lognoise_workspace::Workspace) -> Option<f64> {
    let m = ws.manifest();
    let sampled = m.imports.iter().rev().find_map(|i| i.sample.as_ref());
    let (window_ms, scale) = match sampled {
        Some(s) => ((s.window_end_ms - s.window_start_ms) as f64, s.scale()),
        None => {
            let (start, end) = m.time_range?;
            ((end - start) as f64, 1.0)
        }
    };
    (window_ms > 0.0).then(|| scale * MONTH_MS / window_ms)
}

fn levels(values: &[ValueCount]) -> Vec<LevelCount> {
    values
        .iter()
        .map(|v| LevelCount {
            level: v.value.to_ascii_lowercase(),
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
