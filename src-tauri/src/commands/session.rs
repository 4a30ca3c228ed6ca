//! Decisions of the Review screen, recorded in a review session file of the workspace
//! (`<workspace>/sessions/<name>.json`, saved atomically at every decision).

use crate::dto::{DecisionView, MergeView, SessionView, SplitPartView, SplitView};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::validate;
use lognoise_session::{list_sessions, DecisionInput, NewSession, SessionFile, Verdict};
use tauri::State;

/// Name of the session the app starts when a workspace has none.
const FIRST_SESSION: &str = "review";
/// Longest owner or note accepted.
const MAX_TEXT: usize = 2000;

/// The workspace's newest session, created when there is none.
#[tauri::command]
pub async fn open_session(state: State<'_, AppState>) -> ApiResult<SessionView> {
    let slot = opened(&state)?;
    slot.as_ref().map(view).ok_or_else(internal)
}

/// The session slot with the workspace's newest session in it (created when there is none).
pub(crate) fn opened(
    state: &AppState,
) -> ApiResult<std::sync::MutexGuard<'_, Option<SessionFile>>> {
    let open = state.current()?;
    let mut slot = lock(state)?;
    ensure_open(&open.ws, &mut slot)?;
    Ok(slot)
}

/// The session in `slot`, opening the workspace's newest one (or creating the first) when
/// none is open yet.
fn ensure_open<'a>(
    ws: &lognoise_workspace::Workspace,
    slot: &'a mut Option<SessionFile>,
) -> ApiResult<&'a mut SessionFile> {
    if slot.is_none() {
        let newest = list_sessions(ws)?.pop();
        let file = match newest {
            Some(info) => SessionFile::open(&info.path)?,
            None => SessionFile::create(
                ws,
                NewSession {
                    name: FIRST_SESSION.into(),
                    ..NewSession::default()
                },
            )?,
        };
        *slot = Some(file);
    }
    slot.as_mut().ok_or_else(internal)
}

/// A copy of the open session (opened as [`open_session`] does), for commands that only read
/// it: the lock is let go before the engine works on the copy.
pub(crate) fn current_session(state: &AppState) -> ApiResult<lognoise_session::Session> {
    opened(state)?
        .as_ref()
        .map(|f| f.session().clone())
        .ok_or_else(internal)
}

/// Records a verdict (`noise`, `keep`, `signal`, or none for undecided), and the owner, note
/// and labels when given (an empty label value removes the label), and saves the session.
#[tauri::command]
pub async fn decide(
    state: State<'_, AppState>,
    id: String,
    verdict: Option<String>,
    owner: Option<String>,
    note: Option<String>,
    labels: Option<std::collections::BTreeMap<String, String>>,
) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    let labels = super::curate::labels(labels.unwrap_or_default())?;
    let verdict = verdict.as_deref().map(parse_verdict).transpose()?;
    for (what, text) in [("owner", &owner), ("note", &note)] {
        if text.as_ref().is_some_and(|t| t.len() > MAX_TEXT) {
            return Err(ApiError::invalid(format!(
                "the {what} is longer than {MAX_TEXT} characters: shorten it"
            )));
        }
    }
    let mut slot = lock(&state)?;
    let file = slot.as_mut().ok_or_else(|| {
        ApiError::new(
            ErrorCode::NoWorkspace,
            "no review session is open: open the Review screen first",
        )
    })?;
    file.decide(
        id,
        DecisionInput {
            verdict,
            owner: owner.map(|o| o.trim().to_string()),
            note: note.map(|n| n.trim().to_string()),
            labels,
            ..DecisionInput::default()
        },
    )?;
    Ok(view(file))
}

fn parse_verdict(raw: &str) -> ApiResult<Verdict> {
    match raw {
        "noise" => Ok(Verdict::Noise),
        "keep" => Ok(Verdict::Keep),
        "signal" => Ok(Verdict::Signal),
        other => Err(ApiError::invalid(format!(
            "`{other}` is not a verdict: use noise, keep or signal"
        ))),
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(parse_verdict("noise").unwrap(), Verdict::Noise);
        assert_eq!(parse_verdict("signal").unwrap(), Verdict::Signal);
        assert_eq!(
            parse_verdict("Noise").unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }
}
