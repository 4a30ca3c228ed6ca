//! Shaping the review queue in the meeting: merging templates that are one message, splitting
//! a template by the values of a variable. The engine (`lognoise_session`) checks and records
//! all of it in the session file, one save a change; these commands parse the ids, call it on
//! a worker thread and return the session or the queue as the session shapes it.

use super::blocking;
use super::session::{current_session, with_session};
use crate::dto::{
    LevelCount, QueueRowView, ReadByView, ReviewQueueView, SessionView, SuggestionView,
    TemplateRowView,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate;
use lognoise_session::{queue_with_index, CostBasis, QueueOrder, QueueReaders, TemplateId};
use tauri::State;

/// Most ids one call takes (the engine merges at most
/// [`lognoise_session::curate::MAX_MERGE`]; this only bounds the parsing).
const MAX_IDS: usize = 1000;

/// The queue of the open workspace as its review session shapes it: merged templates as one
/// row, split templates as one row per part plus the rest, most events first.
#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> ApiResult<ReviewQueueView> {
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || {
        let Some(index) = &open.index else {
            return Ok(ReviewQueueView {
                events: 0,
                bytes: 0,
                price_per_gb_usd: session.price_per_gb_usd,
                priced: CostBasis::of_session(&session).priced(),
                rows: Vec::new(),
                readers_known: false,
                readers_warning: None,
            });
        };
        let rows = queue_with_index(index, &open.ws, &session, QueueOrder::Volume)?;
        // A damaged record of the readers must not hide the queue: it shows without them.
        let (readers, readers_warning) = match QueueReaders::of_workspace(&open.ws) {
            Ok(r) => (r, None),
            Err(e) => (QueueReaders::default(), Some(e.to_string())),
        };
        let m = open.ws.manifest();
        Ok(ReviewQueueView {
            events: m.events,
            bytes: m.bytes,
            price_per_gb_usd: session.price_per_gb_usd,
            priced: CostBasis::of_session(&session).priced(),
            readers_known: readers.known(),
            readers_warning,
            rows: rows.into_iter().map(|r| row_view(r, &readers)).collect(),
        })
    })
    .await
}

fn row_view(r: lognoise_session::QueueRow, readers: &QueueReaders) -> QueueRowView {
    let headline = lognoise_miner::headline(&r.text).map(|h| h.text);
    let suggested = lognoise_session::suggest(&r, readers.evaluation());
    let suggestion = SuggestionView {
        verdict: suggested.verdict.map(Into::into),
        reasons: suggested.reasons.into_iter().map(|x| x.text).collect(),
    };
    let read_by = readers
        .of_row(&r)
        .into_iter()
        .map(|x| ReadByView {
            kind: x.kind.into(),
            description: x.description,
            log_group: x.log_group,
            lines_matched: x.lines_matched,
            breaks_on_drop: x.breaks_on_drop,
        })
        .collect();
    QueueRowView {
        headline,
        row: TemplateRowView {
            id: r.id.to_string(),
            text: r.text,
            count: r.count,
            bytes: r.bytes,
            share: r.share,
            monthly_bytes: Some(r.monthly_bytes),
            monthly_cost_usd: Some(r.monthly_cost_usd),
            levels: r
                .levels
                .into_iter()
                .map(|v| LevelCount {
                    level: v.value.to_ascii_lowercase(),
                    count: v.count,
                })
                .collect(),
            log_groups: r.log_groups.into_iter().map(|g| g.group).collect(),
            series: r.series,
        },
        kind: r.kind.into(),
        members: r.members.iter().map(|m| m.to_string()).collect(),
        split_of: r.split_of.map(|s| s.to_string()),
        estimated: r.estimated,
        read_by,
        suggestion,
    }
}

/// Accepts the suggested verdict of the queue row `id` (recorded with a note naming it
/// suggested, as `lognoise suggest --accept` does) and saves the session.
#[tauri::command]
pub async fn accept_suggestion(state: State<'_, AppState>, id: String) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    let open = state.current()?;
    let session = current_session(&state).await?;
    with_session(&state, move |file| {
        let Some(index) = &open.index else {
            return Err(lognoise_session::Error::UnknownTemplate(id));
        };
        let rows = queue_with_index(index, &open.ws, &session, QueueOrder::Cost)?;
        let readers = QueueReaders::of_workspace(&open.ws)?;
        let suggestion = lognoise_session::suggestion_for(&rows, &readers, id)?;
        file.accept_suggestion(&suggestion)
    })
    .await
}

/// Records that each of `members` is the same message as `into` (its decision then applies to
/// all of them) and saves the session once.
#[tauri::command]
pub async fn merge_templates(
    state: State<'_, AppState>,
    into: String,
    members: Vec<String>,
) -> ApiResult<SessionView> {
    let into = validate::template_id(&into)?;
    let members = ids(&members)?;
    let open = state.current()?;
    with_session(&state, move |file| {
        file.adopt_unseen(&open.ws, &[&members[..], &[into]].concat())?;
        file.merge_all(into, &members)
    })
    .await
}

/// Undoes a merge: all of it, or only `member` when given (the other members stay merged).
/// Decisions stay where they are.
#[tauri::command]
pub async fn unmerge_template(
    state: State<'_, AppState>,
    into: String,
    member: Option<String>,
) -> ApiResult<SessionView> {
    let into = validate::template_id(&into)?;
    let member = member.as_deref().map(validate::template_id).transpose()?;
    with_session(&state, move |file| match member {
        Some(member) => file.unmerge_member(into, member),
        None => file.unmerge(into),
    })
    .await
}

/// Splits a template by the values of its `variable`-th `<*>` (from 0): each value becomes a
/// part decided apart. Saves the session.
#[tauri::command]
pub async fn split_template(
    state: State<'_, AppState>,
    id: String,
    variable: usize,
    values: Vec<String>,
) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    let open = state.current()?;
    with_session(&state, move |file| {
        file.adopt_unseen(&open.ws, &[id])?;
        file.split(id, variable, &values)
    })
    .await
}

/// Undoes the split of a template (its parts' decisions are dropped) and saves the session.
#[tauri::command]
pub async fn unsplit_template(state: State<'_, AppState>, id: String) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    with_session(&state, move |file| file.unsplit(id)).await
}

/// Template ids as the UI sends them; at most [`MAX_IDS`], so that a bad window cannot make
/// the engine check millions.
fn ids(raw: &[String]) -> ApiResult<Vec<TemplateId>> {
    if raw.len() > MAX_IDS {
        return Err(ApiError::invalid(format!(
            "{} templates at once is too many: pick at most {MAX_IDS}",
            raw.len()
        )));
    }
    raw.iter().map(|m| validate::template_id(m)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::state::OpenWorkspace;
    use lognoise_session::{NewSession, SessionFile};

    /// The queue the app shows folds a merge into one row and expands a split into its parts,
    /// as the engine records them in the session file.
    #[test]
    fn queue_follows_merges_and_splits() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        let mut ws = lognoise_workspace::Workspace::open_or_create(&root).unwrap();
        let lines: String = (0..60)
            .map(|i| {
                format!(
                    "2026-03-02T10:{:02}:00Z GET /api/orders status={} took {}ms\n\
                     2026-03-02T10:{:02}:01Z cache miss for key user:{}\n\
                     2026-03-02T10:{:02}:02Z cache lookup failed for key session:{}\n",
                    i % 60,
                    [200, 404, 500][i % 3],
                    i * 7,
                    i % 60,
                    i * 13,
                    i % 60,
                    i * 17
                )
            })
            .collect();
        let file = dir.path().join("app.log");
        std::fs::write(&file, lines).unwrap();
        lognoise_index::import(
            &mut ws,
            &[file],
            &lognoise_index::ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        let open = OpenWorkspace::open(&root).unwrap();
        let mut session = SessionFile::create(
            &open.ws,
            NewSession {
                name: "review".into(),
                ..NewSession::default()
            },
        )
        .unwrap();
        let queue = |s: &SessionFile| -> Vec<QueueRowView> {
            queue_with_index(
                open.index.as_ref().unwrap(),
                &open.ws,
                s.session(),
                QueueOrder::Volume,
            )
            .unwrap()
            .into_iter()
            .map(|r| row_view(r, &QueueReaders::default()))
            .collect()
        };
        let rows = queue(&session);
        assert_eq!(rows.len(), 3, "{rows:#?}");
        let status = rows
            .iter()
            .find(|r| r.row.text.contains("status="))
            .unwrap()
            .row
            .clone();
        let cache: Vec<_> = rows
            .iter()
            .filter(|r| r.row.text.contains("cache"))
            .map(|r| r.row.id.parse::<TemplateId>().unwrap())
            .collect();

        session.merge(cache[0], cache[1]).unwrap();
        let rows = queue(&session);
        assert_eq!(rows.len(), 2);
        let merged = rows
            .iter()
            .find(|r| r.kind == crate::dto::QueueRowKind::Merged)
            .unwrap();
        assert_eq!(merged.row.count, 120);
        assert_eq!(merged.members, [cache[1].to_string()]);

        let (id, values) = (status.id.parse().unwrap(), ["500".to_string()]);
        let variable = status.text.find("<*>").map(|_| 0).unwrap();
        session.split(id, variable, &values).unwrap();
        let rows = queue(&session);
        let part = rows
            .iter()
            .find(|r| r.kind == crate::dto::QueueRowKind::SplitPart)
            .unwrap();
        assert_eq!(part.split_of.as_deref(), Some(status.id.as_str()));
        assert!(part.row.text.contains("500"), "{}", part.row.text);
        assert_eq!(part.row.count, 20);
        let rest = rows
            .iter()
            .find(|r| r.kind == crate::dto::QueueRowKind::SplitRest)
            .unwrap();
        assert_eq!(rest.row.count, 40);

        let v = super::super::session::view(&session);
        assert_eq!(v.merges.len(), 1);
        assert_eq!(v.splits[0].parts[0].value, "500");
    }
}
