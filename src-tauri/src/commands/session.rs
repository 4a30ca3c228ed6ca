//! Decisions of the Review screen, recorded in a review session file of the workspace
//! (`<workspace>/sessions/<name>.json`, saved atomically at every decision).

use super::blocking;
use crate::dto::{DecisionView, MergeView, SessionView, SplitPartView, SplitView, Verdict};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::validate;
use lognoise_session::{DecisionInput, SessionFile};
use tauri::State;

/// The workspace's newest session, created when there is none.
#[tauri::command]
pub async fn open_session(state: State<'_, AppState>) -> ApiResult<SessionView> {
    with_session(&state, |_| Ok(())).await
}

/// Applies `change` to the open session on a worker thread (session files are written and
/// locked there, never on the async runtime), opening the workspace's newest session or
/// creating the first ([`SessionFile::open_or_create`]) when none is open yet, and returns
/// the session as the front end sees it.
pub(crate) async fn with_session(
    state: &AppState,
    change: impl FnOnce(&mut SessionFile) -> lognoise_session::Result<()> + Send + 'static,
) -> ApiResult<SessionView> {
    let open = state.current()?;
    let slot = state.session.clone();
    blocking(move || {
        let mut slot = slot.lock().map_err(|_| internal())?;
        let file = ensure_open(&open.ws, &mut slot)?;
        change(file)?;
        Ok(view(file))
    })
    .await
}

/// The session in `slot`, opening the workspace's newest one (or creating the first) when
/// none is open yet.
fn ensure_open<'a>(
    ws: &lognoise_workspace::Workspace,
    slot: &'a mut Option<SessionFile>,
) -> ApiResult<&'a mut SessionFile> {
    if slot.is_none() {
        *slot = Some(SessionFile::open_or_create(ws)?);
    }
    slot.as_mut().ok_or_else(internal)
}

/// A copy of the open session (opened as [`open_session`] does, on a worker thread), for
/// commands that only read it: the lock is let go before the engine works on the copy.
pub(crate) async fn current_session(state: &AppState) -> ApiResult<lognoise_session::Session> {
    let open = state.current()?;
    let slot = state.session.clone();
    blocking(move || {
        let mut slot = slot.lock().map_err(|_| internal())?;
        Ok(ensure_open(&open.ws, &mut slot)?.session().clone())
    })
    .await
}

/// Records a verdict (none for undecided), and the owner, note, labels and the share of a
/// noise template kept when given (an empty label value removes the label; `keep_share` is
/// what the person typed, `1 in 100`, `1%` or `all`, read by the engine as the command line
/// reads `--keep-share`), and saves the session. The engine checks all of it, as it does for
/// the command line.
#[tauri::command]
pub async fn decide(
    state: State<'_, AppState>,
    id: String,
    verdict: Option<Verdict>,
    owner: Option<String>,
    note: Option<String>,
    labels: Option<std::collections::BTreeMap<String, String>>,
    keep_share: Option<String>,
) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    let input = DecisionInput {
        verdict: verdict.map(Into::into),
        owner,
        note,
        labels: labels.unwrap_or_default(),
        drop_rate: keep_share.as_deref().map(str::parse).transpose()?,
        ..DecisionInput::default()
    };
    let open = state.current()?;
    with_session(&state, move |file| {
        file.adopt_unseen(&open.ws, &[id])?;
        file.decide(id, input)
    })
    .await
}

pub(crate) fn lock<'a>(
    state: &'a AppState,
) -> ApiResult<std::sync::MutexGuard<'a, Option<SessionFile>>> {
    state.session.lock().map_err(|_| internal())
}

pub(crate) fn internal() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "the review session could not be read: reopen the workspace",
    )
}

/// The session as the front end sees it.
pub(crate) fn view(file: &SessionFile) -> SessionView {
    let s = file.session();
    SessionView {
        name: s.name.clone(),
        path: file.path().display().to_string(),
        decisions: s
            .decisions
            .iter()
            .map(|(id, d)| DecisionView {
                template_id: id.to_string(),
                verdict: d.verdict.map(Into::into),
                owner: d.owner.clone(),
                note: d.note.clone(),
                decided_by: d.decided_by.clone(),
                labels: d.labels.clone(),
                keep_one_in: d.keep_one_in,
            })
            .collect(),
        merges: s
            .merges
            .iter()
            .map(|m| MergeView {
                into: m.into.to_string(),
                members: m.members.iter().map(|x| x.to_string()).collect(),
            })
            .collect(),
        splits: s
            .splits
            .iter()
            .map(|x| SplitView {
                template: x.template.to_string(),
                variable: x.variable,
                parts: x
                    .parts
                    .iter()
                    .map(|p| SplitPartView {
                        value: p.value.clone(),
                        id: p.id.to_string(),
                        text: p.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}
