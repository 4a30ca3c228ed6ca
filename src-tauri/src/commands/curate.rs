//! Shaping the review queue in the meeting: merging templates that are one message, splitting
//! a template by the values of a variable, and the labels saved with a decision. The engine
//! (`lognoise_session`) records all of it in the session file; these commands check the
//! arguments, call it and return the session or the queue as the session shapes it.

use super::blocking;
use super::session::{current_session, internal, opened, view};
use crate::dto::{LevelCount, QueueRowView, ReviewQueueView, SessionView, TemplateRowView};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate;
use lognoise_session::{label_key, queue_with_index, QueueOrder, SessionFile, TemplateId};
use std::collections::BTreeMap;
use tauri::State;

/// Most labels on one decision.
pub const MAX_LABELS: usize = 16;
/// Longest label key.
const MAX_LABEL_KEY: usize = 32;
/// Longest label value.
const MAX_LABEL_VALUE: usize = 200;
/// Most templates merged in one call.
pub const MAX_MERGE: usize = 100;
/// Most values one split takes at once (the detail pane offers the variable's top values).
pub const MAX_SPLIT_VALUES: usize = 32;
/// Longest value to split by.
const MAX_SPLIT_VALUE: usize = 1000;
/// Highest variable position accepted (a template with more `<*>` is not a message).
const MAX_VARIABLE: usize = 255;

/// The queue of the open workspace as its review session shapes it: merged templates as one
/// row, split templates as one row per part plus the rest, most events first.
#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> ApiResult<ReviewQueueView> {
    let open = state.current()?;
    let session = current_session(&state)?;
    blocking(move || {
        let Some(index) = &open.index else {
            return Ok(ReviewQueueView {
                events: 0,
                bytes: 0,
                price_per_gb_usd: session.price_per_gb_usd,
                rows: Vec::new(),
            });
        };
        let rows = queue_with_index(index, &open.ws, &session, QueueOrder::Volume)?;
        let m = open.ws.manifest();
        Ok(ReviewQueueView {
            events: m.events,
            bytes: m.bytes,
            price_per_gb_usd: session.price_per_gb_usd,
            rows: rows.into_iter().map(row_view).collect(),
        })
    })
    .await
}

fn row_view(r: lognoise_session::QueueRow) -> QueueRowView {
    let headline = lognoise_miner::headline::headline(&r.text).map(|h| h.text);
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
    }
}

/// Records that each of `members` is the same message as `into` (its decision then applies to
/// all of them) and saves the session.
#[tauri::command]
pub async fn merge_templates(
    state: State<'_, AppState>,
    into: String,
    members: Vec<String>,
) -> ApiResult<SessionView> {
    let (into, members) = merge_args(&into, &members)?;
    let open = state.current()?;
    let mut slot = opened(&state)?;
    let file = slot.as_mut().ok_or_else(internal)?;
    knows(file, &open.ws, members.iter().chain([&into]))?;
    for member in members {
        file.merge(into, member)?;
    }
    Ok(view(file))
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
    let mut slot = opened(&state)?;
    let file = slot.as_mut().ok_or_else(internal)?;
    let before = file
        .session()
        .merge_of(into)
        .map(|m| m.members.clone())
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "template {into} has nothing merged into it: reload the queue"
            ))
        })?;
    if let Some(member) = member {
        if !before.contains(&member) {
            return Err(ApiError::invalid(format!(
                "template {member} is not merged into {into}: reload the queue"
            )));
        }
    }
    file.unmerge(into)?;
    // The engine undoes a merge as a whole; the members not asked about are merged back.
    if member.is_some() {
        for other in before.into_iter().filter(|m| Some(*m) != member) {
            file.merge(into, other)?;
        }
    }
    Ok(view(file))
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
    let (id, values) = split_args(&id, variable, values)?;
    let open = state.current()?;
    let mut slot = opened(&state)?;
    let file = slot.as_mut().ok_or_else(internal)?;
    knows(file, &open.ws, [&id])?;
    file.split(id, variable, &values)?;
    Ok(view(file))
}

/// Undoes the split of a template (its parts' decisions are dropped) and saves the session.
#[tauri::command]
pub async fn unsplit_template(state: State<'_, AppState>, id: String) -> ApiResult<SessionView> {
    let id = validate::template_id(&id)?;
    let mut slot = opened(&state)?;
    let file = slot.as_mut().ok_or_else(internal)?;
    file.unsplit(id)?;
    Ok(view(file))
}

/// Adds the workspace's templates the session has not seen yet (imported after it was
/// created) when one of `ids` is among them, so that they can be merged or split.
fn knows<'a>(
    file: &mut SessionFile,
    ws: &lognoise_workspace::Workspace,
    ids: impl IntoIterator<Item = &'a TemplateId>,
) -> ApiResult<()> {
    let unseen = ids
        .into_iter()
        .any(|id| !file.session().templates.contains_key(id));
    if unseen {
        file.add_templates(ws)?;
    }
    Ok(())
}

/// Checks the arguments of a merge.
pub fn merge_args(into: &str, members: &[String]) -> ApiResult<(TemplateId, Vec<TemplateId>)> {
    let into = validate::template_id(into)?;
    if members.is_empty() {
        return Err(ApiError::invalid(
            "choose a template to merge: mark it with m first",
        ));
    }
    if members.len() > MAX_MERGE {
        return Err(ApiError::invalid(format!(
            "{} templates at once is too many: merge at most {MAX_MERGE} at a time",
            members.len()
        )));
    }
    let mut ids = Vec::with_capacity(members.len());
    for m in members {
        let id = validate::template_id(m)?;
        if id == into {
            return Err(ApiError::invalid(format!(
                "cannot merge template {into} into itself: pick another template"
            )));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok((into, ids))
}

/// Checks the arguments of a split.
pub fn split_args(
    id: &str,
    variable: usize,
    values: Vec<String>,
) -> ApiResult<(TemplateId, Vec<String>)> {
    let id = validate::template_id(id)?;
    if variable > MAX_VARIABLE {
        return Err(ApiError::invalid(format!(
            "there is no variable {variable}: pick one from the detail pane"
        )));
    }
    let values: Vec<String> = values
        .into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return Err(ApiError::invalid(
            "pick at least one value to split the template by",
        ));
    }
    if values.len() > MAX_SPLIT_VALUES {
        return Err(ApiError::invalid(format!(
            "{} values is too many: split by at most {MAX_SPLIT_VALUES} at a time",
            values.len()
        )));
    }
    if let Some(v) = values
        .iter()
        .find(|v| v.len() > MAX_SPLIT_VALUE || v.chars().any(char::is_control))
    {
        return Err(ApiError::invalid(format!(
            "the value `{}` cannot be split out: values are one line of at most {MAX_SPLIT_VALUE} bytes",
            v.chars().take(40).collect::<String>()
        )));
    }
    Ok((id, values))
}

/// Checks the labels of a decision: keys are short lower-case words (`env` is read as
/// `environment`), values one line; an empty value removes the label.
pub fn labels(raw: BTreeMap<String, String>) -> ApiResult<BTreeMap<String, String>> {
    if raw.len() > MAX_LABELS {
        return Err(ApiError::invalid(format!(
            "{} labels is too many: keep at most {MAX_LABELS}",
            raw.len()
        )));
    }
    let mut out = BTreeMap::new();
    for (k, v) in raw {
        let key = label_key(&k);
        let good_key = !key.is_empty()
            && key.len() <= MAX_LABEL_KEY
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
        if !good_key {
            return Err(ApiError::invalid(format!(
                "`{k}` is not a label name: use a short word such as environment, service, team or version"
            )));
        }
        let value = v.trim().to_string();
        if value.len() > MAX_LABEL_VALUE || value.chars().any(char::is_control) {
            return Err(ApiError::invalid(format!(
                "the {key} label must be one line of at most {MAX_LABEL_VALUE} bytes: shorten it"
            )));
        }
        out.insert(key, value);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::state::OpenWorkspace;
    use lognoise_session::NewSession;

    const A: &str = "00000000000000a1";
    const B: &str = "00000000000000b2";

    #[test]
    fn labels_are_checked_and_normalised() {
        let ok = labels(BTreeMap::from([
            ("Env".to_string(), " prod ".to_string()),
            ("service".to_string(), "checkout".to_string()),
            ("team".to_string(), String::new()),
        ]))
        .unwrap();
        assert_eq!(ok["environment"], "prod");
        assert_eq!(ok["service"], "checkout");
        assert_eq!(
            ok["team"], "",
            "an empty value is kept so that it removes the label"
        );
        for bad in ["", "a b", "9lives", "x=y", &"k".repeat(40)] {
            let e = labels(BTreeMap::from([(bad.to_string(), "v".to_string())])).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad:?}");
        }
        assert!(labels(BTreeMap::from([("team".into(), "a\nb".into())])).is_err());
        assert!(labels(BTreeMap::from([("team".into(), "x".repeat(201))])).is_err());
        let many = (0..17)
            .map(|i| (format!("k{i}"), "v".to_string()))
            .collect();
        assert!(labels(many).is_err());
    }

    #[test]
    fn merge_and_split_arguments() {
        let (into, members) = merge_args(A, &[B.into(), B.into()]).unwrap();
        assert_eq!(into.to_string(), A);
        assert_eq!(members.len(), 1, "a member given twice is merged once");
        assert!(merge_args(A, &[]).is_err());
        assert!(merge_args(A, &[A.into()]).is_err());
        assert!(merge_args(A, &["nope".into()]).is_err());
        assert!(merge_args("x", &[B.into()]).is_err());

        let (_, values) = split_args(A, 0, vec![" 200 ".into(), "".into(), "503".into()]).unwrap();
        assert_eq!(values, ["200", "503"]);
        assert!(split_args(A, 0, vec![" ".into()]).is_err());
        assert!(split_args(A, 300, vec!["x".into()]).is_err());
        assert!(split_args(A, 0, vec!["a\nb".into()]).is_err());
        assert!(split_args(A, 0, (0..40).map(|i| i.to_string()).collect()).is_err());
    }

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
            .map(row_view)
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

        let (id, values) = split_args(&status.id, 0, vec!["500".into()]).unwrap();
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

        let v = view(&session);
        assert_eq!(v.merges.len(), 1);
        assert_eq!(v.splits[0].parts[0].value, "500");
    }
}
