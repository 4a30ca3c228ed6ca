//! Choosing the review session decisions are recorded in: list the workspace's sessions, open
//! one, or start a new one (which carries earlier decisions over, as `lognoise session new`
//! does).

use super::blocking;
use super::session::{lock, view, with_session};
use crate::dto::{NewSessionArgs, SessionListItem, SessionView};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use lognoise_session::{list_sessions as sessions_of, CostBasis, NewSession, SessionFile, Verdict};
use tauri::State;

/// Longest session name or reviewer name accepted.
const MAX_NAME: usize = 200;
/// Most reviewers one session takes.
const MAX_REVIEWERS: usize = 100;

/// The workspace's sessions, newest first, marking the one decisions go to.
#[tauri::command]
pub async fn list_sessions(state: State<'_, AppState>) -> ApiResult<Vec<SessionListItem>> {
    let open = state.current()?;
    let current = lock(&state)?.as_ref().map(|f| f.path().to_path_buf());
    blocking(move || {
        let mut items: Vec<SessionListItem> = sessions_of(&open.ws)?
            .into_iter()
            .map(|info| {
                let s = &info.session;
                let verdicts = s.decisions.values().filter_map(|d| d.verdict);
                SessionListItem {
                    name: s.name.clone(),
                    path: info.path.display().to_string(),
                    created_at_ms: s.created_at_ms,
                    reviewers: s.reviewers.clone(),
                    price_per_gb_usd: s.price_per_gb_usd,
                    infrequent_access_price_per_gb_usd: s.infrequent_access_price(),
                    storage_price_per_gb_month_usd: s.storage_price(),
                    insights_price_per_gb_usd: s.insights_price(),
                    ingestion_only: s.ingestion_only,
                    priced: CostBasis::of_session(s).priced(),
                    templates: s.templates.len(),
                    decided: verdicts.clone().count(),
                    noise: verdicts.filter(|v| *v == Verdict::Noise).count(),
                    current: current.as_deref() == Some(info.path.as_path()),
                }
            })
            .collect();
        items.reverse();
        Ok(items)
    })
    .await
}

/// Records decisions in the session of this name from now on.
#[tauri::command]
pub async fn switch_session(state: State<'_, AppState>, name: String) -> ApiResult<SessionView> {
    let name = checked_name("session name", &name)?;
    let open = state.current()?;
    let file = blocking(move || Ok(SessionFile::open_named(&open.ws, &name)?)).await?;
    let mut slot = lock(&state)?;
    let shown = view(&file);
    *slot = Some(file);
    Ok(shown)
}

/// Starts a session on the workspace's current sample and records decisions in it from now
/// on. Earlier decisions are carried over unless `fresh`.
#[tauri::command]
pub async fn create_session(
    state: State<'_, AppState>,
    args: NewSessionArgs,
) -> ApiResult<SessionView> {
    let new = new_session(args)?;
    let open = state.current()?;
    let file = blocking(move || Ok(SessionFile::create(&open.ws, new)?)).await?;
    let mut slot = lock(&state)?;
    let shown = view(&file);
    *slot = Some(file);
    Ok(shown)
}

/// Changes the open session's reviewers, prices (per GB ingested into Standard and into
/// Infrequent Access log groups, per GB-month archived, per GB scanned by Logs Insights) and
/// whether it prices ingestion only (as `lognoise session set` does) and saves it; costs and
/// savings follow them.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // one per setting of the form, as the CLI's flags
pub async fn update_session(
    state: State<'_, AppState>,
    reviewers: Vec<String>,
    price_per_gb_usd: f64,
    infrequent_access_price_per_gb_usd: f64,
    storage_price_per_gb_month_usd: f64,
    insights_price_per_gb_usd: f64,
    ingestion_only: bool,
) -> ApiResult<SessionView> {
    let reviewers = checked_reviewers(&reviewers)?;
    with_session(&state, move |file| {
        // The prices are checked by the engine first, so a bad price changes nothing.
        file.set_prices(
            Some(price_per_gb_usd),
            Some(infrequent_access_price_per_gb_usd),
        )?;
        file.set_billed(
            Some(storage_price_per_gb_month_usd),
            Some(insights_price_per_gb_usd),
            Some(ingestion_only),
        )?;
        file.set_reviewers(reviewers)
    })
    .await
}

/// The engine's request for a new session, from what the picker sent.
fn new_session(args: NewSessionArgs) -> ApiResult<NewSession> {
    let name = checked_name("session name", &args.name)?;
    Ok(NewSession {
        name,
        reviewers: checked_reviewers(&args.reviewers)?,
        price_per_gb_usd: args.price_per_gb_usd,
        infrequent_access_price_per_gb_usd: args.infrequent_access_price_per_gb_usd,
        storage_price_per_gb_month_usd: args.storage_price_per_gb_month_usd,
        insights_price_per_gb_usd: args.insights_price_per_gb_usd,
        ingestion_only: args.ingestion_only,
        fresh: args.fresh,
        ..NewSession::default()
    })
}

/// Reviewer names, trimmed, blanks dropped.
fn checked_reviewers(raw: &[String]) -> ApiResult<Vec<String>> {
    if raw.len() > MAX_REVIEWERS {
        return Err(ApiError::invalid(format!(
            "{} reviewers is more than {MAX_REVIEWERS}: list the people in the room",
            raw.len()
        )));
    }
    raw.iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .map(|r| checked_name("reviewer name", r))
        .collect()
}

fn checked_name(what: &str, raw: &str) -> ApiResult<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ApiError::invalid(format!("give a {what}")));
    }
    if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(format!(
            "the {what} must be one line of at most {MAX_NAME} characters: shorten it"
        )));
    }
    Ok(name.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn args(name: &str, reviewers: &[&str]) -> NewSessionArgs {
        NewSessionArgs {
            name: name.into(),
            reviewers: reviewers.iter().map(|r| r.to_string()).collect(),
            price_per_gb_usd: Some(0.25),
            infrequent_access_price_per_gb_usd: Some(0.12),
            storage_price_per_gb_month_usd: Some(0.025),
            insights_price_per_gb_usd: None,
            ingestion_only: true,
            fresh: false,
        }
    }

    #[test]
    fn new_sessions_are_checked() {
        let n = new_session(args("  March club ", &["ana", " ", " bo "])).unwrap();
        assert_eq!(n.name, "March club");
        assert_eq!(n.reviewers, vec!["ana", "bo"]);
        assert_eq!(n.price_per_gb_usd, Some(0.25));
        assert_eq!(n.infrequent_access_price_per_gb_usd, Some(0.12));
        assert_eq!(n.storage_price_per_gb_month_usd, Some(0.025));
        assert_eq!(n.insights_price_per_gb_usd, None);
        assert!(n.ingestion_only);
        assert!(!n.fresh);
        for bad in [
            args(" ", &[]),
            args("a\nb", &[]),
            args(&"x".repeat(201), &[]),
        ] {
            assert_eq!(
                new_session(bad).unwrap_err().code,
                ErrorCode::InvalidArgument
            );
        }
        let many: Vec<String> = (0..101).map(|i| format!("r{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(new_session(args("x", &many)).is_err());
    }
}
