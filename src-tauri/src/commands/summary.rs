//! The Summary screen: the meeting summary of the open session, as the engine computes it
//! (`lognoise session summary` prints the same Markdown).

use super::blocking;
use super::session::current_session;
use crate::dto::{
    CheckedRuleView, LastMeetingView, OwnerSavingView, RealisedSavingView, ShrunkView,
    SummaryRowView, SummaryView,
};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::validate;
use lognoise_rules::verify_last_meeting;
use lognoise_session::{summary, Session, SummaryRow};
use lognoise_workspace::Workspace;
use std::path::Path;
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

/// Checks the rules of the earlier meeting's workspace (its newest session) on the open
/// workspace's sample, as `lognoise session summary --previous-workspace` does.
#[tauri::command]
pub async fn last_meeting_rules(
    state: State<'_, AppState>,
    previous_workspace: String,
) -> ApiResult<LastMeetingView> {
    let dir = validate::absolute_path("earlier workspace", &previous_workspace)?;
    let open = state.current()?;
    blocking(move || last_meeting_view(&dir, &open.ws)).await
}

/// The verification the Summary screen shows; shared with the tests.
pub fn last_meeting_view(previous: &Path, ws: &Workspace) -> ApiResult<LastMeetingView> {
    let v = verify_last_meeting(previous, None, ws, None)?;
    Ok(LastMeetingView {
        previous: v.previous.clone(),
        priced: v.priced,
        realised_usd: v.total.realised_usd,
        projected_usd: v.total.projected_usd,
        owners: v
            .owners
            .iter()
            .map(|o| RealisedSavingView {
                owner: o.owner.clone(),
                projected_usd: o.projected_usd,
                realised_usd: o.realised_usd,
            })
            .collect(),
        rules: v
            .rules
            .iter()
            .map(|r| CheckedRuleView {
                rule_id: r.rule_id.clone(),
                template: r.template.clone(),
                owner: r.owner.clone(),
                then_usd: r.then.monthly_cost_usd,
                now_usd: r.now.monthly_cost_usd,
                expected_drop: r.expected_drop,
                observed_drop: r.observed_drop,
                leaks: r.leaks.iter().map(|l| l.place()).collect(),
            })
            .collect(),
        shrunk: v
            .shrunk
            .iter()
            .map(|s| ShrunkView {
                verdict: s.verdict.clone(),
                text: s.text.clone(),
                then_lines: s.then.lines,
                now_lines: s.now.lines,
            })
            .collect(),
        markdown: v.to_markdown(),
    })
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
        read_by: r.read_by.clone(),
    };
    Ok(SummaryView {
        markdown: s.to_markdown(),
        session: s.session.clone(),
        created_at_ms: s.created_at_ms,
        reviewers: s.reviewers.clone(),
        price_per_gb_usd: s.price_per_gb_usd,
        priced: s.priced.clone(),
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
        // The basis the saving is priced on, as the Markdown says it.
        assert!(v.priced.starts_with("priced: "), "{}", v.priced);
        assert!(v.markdown.contains(&v.priced), "{}", v.markdown);
    }

    #[test]
    fn last_meetings_rules_are_checked_on_the_open_sample() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/app.log");
        let mut before = Workspace::open_or_create(&dir.path().join("before")).unwrap();
        import(
            &mut before,
            std::slice::from_ref(&fixture),
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        // The earlier workspace must hold a session.
        let err = last_meeting_view(&dir.path().join("before"), &before).unwrap_err();
        assert!(
            err.message.contains("holds no review session"),
            "{}",
            err.message
        );
        let mut file = SessionFile::create(
            &before,
            NewSession {
                name: "last week".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let noisy = before.templates().templates()[0].id;
        file.decide(
            noisy,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                owner: Some("platform".into()),
                ..Default::default()
            },
        )
        .unwrap();
        // Nothing was deployed: the same lines come again, and the rule leaks.
        let mut now = Workspace::open_or_create(&dir.path().join("now")).unwrap();
        import(&mut now, &[fixture], &ImportOptions::default(), &mut |_| {}).unwrap();
        let v = last_meeting_view(&dir.path().join("before"), &now).unwrap();
        assert_eq!(v.previous, "last week");
        assert_eq!(v.rules.len(), 1);
        assert_eq!(v.rules[0].owner.as_deref(), Some("platform"));
        assert!(!v.rules[0].leaks.is_empty(), "{:?}", v.rules[0]);
        assert!(
            v.markdown.starts_with("## Last meeting's rules"),
            "{}",
            v.markdown
        );
    }
}
