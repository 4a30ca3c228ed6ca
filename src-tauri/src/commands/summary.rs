//! The Summary screen: the meeting summary of the open session, as the engine computes it
//! (`lognoise session summary` prints the same Markdown).

use super::blocking;
use super::session::current_session;
use crate::dto::{OwnerSavingView, SummaryRowView, SummaryView};
use crate::error::ApiResult;
use crate::state::AppState;
use lognoise_session::{summary, Session, SummaryRow};
use lognoise_workspace::Workspace;
use tauri::State;

/// Open questions sent to the screen; the Markdown and `open_total` count them all.
const MAX_OPEN: usize = 100;

/// The open session's meeting summary.
#[tauri::command]
pub async fn meeting_summary(state: State<'_, AppState>) -> ApiResult<SummaryView> {
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || summary_view(&open.ws, &session)).await
}

/// What the Summary screen shows; shared with the tests.
pub fn summary_view(ws: &Workspace, session: &Session) -> ApiResult<SummaryView> {
    let s = summary(ws, session)?;
    let row = |r: &SummaryRow| SummaryRowView {
        id: r.id.to_string(),
        text: r.text.clone(),
        headline: lognoise_miner::headline(&r.text).map(|h| h.text),
        verdict: r.verdict.map(Into::into),
        owner: r.owner.clone(),
        note: r.note.clone(),
        decided_by: r.decided_by.clone(),
        carried_from: r.carried_from.clone(),
        keep_one_in: r.keep_one_in,
        count: r.count,
        monthly_cost_usd: r.monthly_cost_usd,
    };
    Ok(SummaryView {
        markdown: s.to_markdown(),
        session: s.session.clone(),
        created_at_ms: s.created_at_ms,
        reviewers: s.reviewers.clone(),
        price_per_gb_usd: s.price_per_gb_usd,
        templates: s.templates,
        decided: s.decided,
        carried_over: s.carried_over,
        accepted_suggestions: s.accepted_suggestions,
        noise: s.noise,
        keep: s.keep,
        signal: s.signal,
        noise_event_share: s.noise_event_share,
        noise_byte_share: s.noise_byte_share,
        monthly_bytes_saved: s.monthly_bytes_saved,
        monthly_saving_usd: s.monthly_saving_usd,
        window_known: s.sample.window_ms().is_some(),
        saving_by_owner: s
            .saving_by_owner
            .iter()
            .map(|o| OwnerSavingView {
                owner: o.owner.clone(),
                templates: o.templates,
                monthly_bytes: o.monthly_bytes,
                monthly_cost_usd: o.monthly_cost_usd,
            })
            .collect(),
        decisions: s.decisions.iter().map(row).collect(),
        open_questions: s.open_questions.iter().take(MAX_OPEN).map(row).collect(),
        open_total: s.open_questions.len(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use lognoise_index::{import, ImportOptions};
    use lognoise_session::{DecisionInput, NewSession, SessionFile, Verdict};
    use std::path::Path;

    #[test]
    fn the_summary_names_decisions_owners_and_open_questions() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/app.log");
        import(&mut ws, &[fixture], &ImportOptions::default(), &mut |_| {}).unwrap();
        let mut file = SessionFile::create(
            &ws,
            NewSession {
                name: "weekly".into(),
                reviewers: vec!["ana".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let templates = ws.templates().templates();
        let first = &templates[0];
        file.decide(
            first.id,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                owner: Some("platform".into()),
                note: Some("health checks".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let v = summary_view(&ws, file.session()).unwrap();
        assert_eq!(v.session, "weekly");
        assert_eq!(v.reviewers, vec!["ana"]);
        assert_eq!((v.decided, v.noise, v.keep, v.signal), (1, 1, 0, 0));
        assert_eq!(v.decisions[0].id, first.id.to_string());
        assert_eq!(v.decisions[0].verdict, Some(crate::dto::Verdict::Noise));
        assert_eq!(v.saving_by_owner[0].owner.as_deref(), Some("platform"));
        assert_eq!(v.open_total, v.templates - 1);
        assert!(v.open_questions.len() <= MAX_OPEN);
        assert!(v.noise_byte_share > 0.0);
        assert!(v.markdown.starts_with("# Review session: weekly"));
        assert!(v.markdown.contains("health checks"), "{}", v.markdown);
    }
}
