//! Who writes each log group (guessed from the sample's names, or set by hand), and the open
//! session's rules placed where each group's lines are produced, as `lognoise producers` and
//! `lognoise rules export --deploy` do.

use super::blocking;
use super::rules::{checked_rules, refuse_conflicts};
use super::session::current_session;
use crate::dto::{
    DeployArtefactView, DeployView, NotDeployedView, ProducerKind, ProducerView, SavedDeployView,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate;
use lognoise_rules::deploy::{self, DeployOptions, Sample};
use lognoise_rules::producer::{producer_of_kind, Overrides};
use lognoise_rules::{rules_from_session, CostBasis};
use lognoise_workspace::Workspace;
use std::path::{Path, PathBuf};
use tauri::State;

/// Each log group of the open workspace with its producer and the evidence.
#[tauri::command]
pub async fn log_group_producers(state: State<'_, AppState>) -> ApiResult<Vec<ProducerView>> {
    let open = state.current()?;
    blocking(move || producers_view(&open.ws)).await
}

/// Sets a log group's producer by hand (`kind` null: forget it, so the guess applies again).
#[tauri::command]
pub async fn set_log_group_producer(
    state: State<'_, AppState>,
    log_group: String,
    kind: Option<ProducerKind>,
) -> ApiResult<Vec<ProducerView>> {
    if log_group.trim().is_empty() {
        return Err(ApiError::invalid(
            "name the log group whose producer to set",
        ));
    }
    let open = state.current()?;
    blocking(move || {
        let (mut overrides, _) = Overrides::load(open.ws.root());
        match kind {
            Some(kind) => {
                let producer = producer_of_kind(kind.name(), &log_group).ok_or_else(|| {
                    ApiError::invalid(format!("unknown producer kind {}", kind.name()))
                })?;
                overrides.groups.insert(log_group, producer);
            }
            None => {
                overrides.groups.remove(&log_group);
            }
        }
        overrides.save(open.ws.root())?;
        producers_view(&open.ws)
    })
    .await
}

/// The open session's rules as deploy files, one per producer, with the DEPLOY.md text; with
/// `agent_config` (the user's CloudWatch agent configuration, chosen in the open dialog) that
/// file with the filters merged in among them.
#[tauri::command]
pub async fn session_deploy(
    state: State<'_, AppState>,
    agent_config: Option<String>,
) -> ApiResult<DeployView> {
    let agent_config = agent_config_path(agent_config.as_deref())?;
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || deploy_view(&open.ws, &session, agent_config.as_deref())).await
}

/// Writes the open session's deploy files and DEPLOY.md into `dir` (chosen in the folder
/// picker), as `lognoise rules export --deploy DIR` does: refused while a rule conflicts,
/// unless `force`, and when a file it would write is there and an earlier save did not write it.
#[tauri::command]
pub async fn save_deploy(
    state: State<'_, AppState>,
    dir: String,
    agent_config: Option<String>,
    force: bool,
) -> ApiResult<SavedDeployView> {
    let dir = validate::absolute_path("deploy folder", &dir)?;
    let agent_config = agent_config_path(agent_config.as_deref())?;
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || save_deploy_files(&open.ws, &session, &dir, agent_config.as_deref(), force))
        .await
}

/// The agent configuration's path, when one was chosen.
fn agent_config_path(raw: Option<&str>) -> ApiResult<Option<PathBuf>> {
    raw.map(|p| validate::absolute_path("CloudWatch agent configuration", p))
        .transpose()
}

/// The deploy plan of `set` on the workspace's producers, the agent configuration at
/// `agent_config` merged when given.
fn session_plan(
    ws: &Workspace,
    set: &lognoise_rules::RuleSet,
    agent_config: Option<&Path>,
) -> ApiResult<deploy::DeployPlan> {
    let options = DeployOptions {
        agent_config: agent_config.map(deploy::read_agent_config).transpose()?,
        ..DeployOptions::default()
    };
    Ok(deploy::plan_workspace(ws, set, &options)?.plan)
}

/// Saves the deploy files of `session`'s rules into `dir`; shared with the tests.
fn save_deploy_files(
    ws: &Workspace,
    session: &lognoise_session::Session,
    dir: &Path,
    agent_config: Option<&Path>,
    force: bool,
) -> ApiResult<SavedDeployView> {
    let (set, report) = checked_rules(ws, session)?;
    refuse_conflicts(&report, force)?;
    let plan = session_plan(ws, &set, agent_config)?;
    let saved = deploy::save(&plan, &CostBasis::of_session(session), dir)?;
    let name = |p: &PathBuf| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    Ok(SavedDeployView {
        dir: saved.dir.display().to_string(),
        files: saved.written.iter().map(name).collect(),
        removed: saved.removed.iter().map(name).collect(),
        forced: !report.is_clean(),
    })
}

/// The deploy files of `session`'s rules on the workspace's producers.
fn deploy_view(
    ws: &Workspace,
    session: &lognoise_session::Session,
    agent_config: Option<&Path>,
) -> ApiResult<DeployView> {
    let set = rules_from_session(ws, session)?;
    let plan = session_plan(ws, &set, agent_config)?;
    let cost = CostBasis::of_session(session);
    let text_of = |id: &lognoise_miner::TemplateId| {
        plan.texts
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    Ok(DeployView {
        readme: deploy::markdown(&plan, &cost),
        artefacts: plan
            .artefacts
            .iter()
            .map(|a| DeployArtefactView {
                file_name: a.file_name.clone(),
                producer: ProducerKind::of_name(a.producer),
                log_groups: a.log_groups.clone(),
                where_it_goes: a.where_it_goes.clone(),
                text: a.text.clone(),
                rules: a.rules.clone(),
                removed_lines: a.removes.lines,
                removed_bytes: a.removes.bytes,
                removed_monthly_cost_usd: cost.monthly_cost_usd_in(a.removes.bytes, &a.log_groups),
                protects: a.protects.iter().map(text_of).collect(),
                also_drops: a.also_drops.iter().map(text_of).collect(),
                notes: a.notes.clone(),
            })
            .collect(),
        not_deployed: plan
            .not_deployed
            .iter()
            .map(|n| NotDeployedView {
                rule_id: n.rule_id.clone(),
                template: n.template.clone(),
                owner: n.owner.clone(),
                log_group: n.log_group.clone(),
                producer: ProducerKind::of_name(n.producer),
                lines: n.volume.lines,
                reason: n.reason.clone(),
            })
            .collect(),
    })
}

fn producers_view(ws: &Workspace) -> ApiResult<Vec<ProducerView>> {
    let (overrides, _) = Overrides::load(ws.root());
    let sample = Sample::of_workspace(ws)?;
    let mut names: std::collections::BTreeSet<&str> =
        sample.groups.keys().map(String::as_str).collect();
    names.extend(overrides.groups.keys().map(String::as_str));
    Ok(names
        .into_iter()
        .map(|group| {
            let streams = sample
                .groups
                .get(group)
                .map(|g| g.streams.iter().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            let inference = overrides.resolve(group, streams);
            ProducerView {
                log_group: group.to_string(),
                kind: ProducerKind::of_name(inference.producer.kind()),
                evidence: inference.evidence,
                set_by_hand: overrides.groups.contains_key(group),
            }
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use lognoise_session::{DecisionInput, NewSession, SessionFile, Verdict};

    const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    fn workspace(dir: &std::path::Path) -> Workspace {
        let events = dir.join("events.jsonl");
        let mut lines = Vec::new();
        for i in 0..10 {
            lines.push(serde_json::json!({"timestamp": 1_772_409_600_000i64 + i * 1000, "logGroup": "/ecs/shop", "logStream": format!("web-firelens-{TASK}"), "message": format!("health check ok from 10.0.{i}.1 in {} ms", i % 3 + 1)}).to_string());
            lines.push(serde_json::json!({"timestamp": 1_772_409_600_500i64 + i * 1000, "logGroup": "/ecs/shop", "logStream": format!("web-firelens-{TASK}"), "message": format!("payment pay_{i}x captured for order ord_{i}")}).to_string());
        }
        std::fs::write(&events, lines.join("\n") + "\n").unwrap();
        let mut ws = Workspace::open_or_create(&dir.join("ws")).unwrap();
        lognoise_index::import(&mut ws, &[events], &Default::default(), &mut |_| {}).unwrap();
        ws
    }

    #[test]
    fn producers_are_listed_set_by_hand_and_the_session_deploys_by_producer() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        let rows = producers_view(&ws).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, ProducerKind::EcsFirelens);
        assert!(!rows[0].set_by_hand);

        let id_of = |needle: &str| {
            ws.templates()
                .templates()
                .iter()
                .find(|t| t.text.contains(needle))
                .unwrap()
                .id
        };
        let mut file = SessionFile::create(
            &ws,
            NewSession {
                name: "weekly".into(),
                fresh: true,
                ..Default::default()
            },
        )
        .unwrap();
        for (needle, verdict) in [("health", Verdict::Noise), ("payment", Verdict::Keep)] {
            file.decide(
                id_of(needle),
                DecisionInput {
                    verdict: Some(verdict),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let view = deploy_view(&ws, file.session(), None).unwrap();
        let names: Vec<&str> = view
            .artefacts
            .iter()
            .map(|a| a.file_name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "fluent-bit-ecs-firelens-ecs-shop.conf",
                "fluent-bit-ecs-firelens-ecs-shop.yaml"
            ]
        );
        assert_eq!(view.artefacts[0].producer, ProducerKind::EcsFirelens);
        assert_eq!(view.artefacts[0].removed_lines, 10);
        assert_eq!(view.artefacts[0].protects.len(), 1);
        assert!(view
            .readme
            .contains("fluent-bit-ecs-firelens-ecs-shop.conf"));

        // Saved into a folder: exactly the files shown, and the DEPLOY.md.
        let out = dir.path().join("deploy");
        let saved = save_deploy_files(&ws, file.session(), &out, None, false).unwrap();
        assert_eq!(
            saved.files,
            [
                "fluent-bit-ecs-firelens-ecs-shop.conf",
                "fluent-bit-ecs-firelens-ecs-shop.yaml",
                "DEPLOY.md"
            ]
        );
        assert!(!saved.forced);
        let mut on_disk: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        assert_eq!(
            on_disk,
            [
                "DEPLOY.md",
                "fluent-bit-ecs-firelens-ecs-shop.conf",
                "fluent-bit-ecs-firelens-ecs-shop.yaml"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(out.join("fluent-bit-ecs-firelens-ecs-shop.conf")).unwrap(),
            view.artefacts[0].text
        );
        // Saved again over its own files; a folder holding someone else's is refused.
        save_deploy_files(&ws, file.session(), &out, None, false).unwrap();
        let theirs = dir.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("fluent-bit-ecs-firelens-ecs-shop.yaml"), "mine").unwrap();
        let err = save_deploy_files(&ws, file.session(), &theirs, None, false).unwrap_err();
        assert!(
            err.message.contains("lognoise did not write"),
            "{}",
            err.message
        );
        assert_eq!(
            std::fs::read_to_string(theirs.join("fluent-bit-ecs-firelens-ecs-shop.yaml")).unwrap(),
            "mine"
        );

        // Set by hand to the awslogs driver: no file, the rule listed with why.
        let (mut overrides, _) = Overrides::load(ws.root());
        overrides.groups.insert(
            "/ecs/shop".into(),
            producer_of_kind(ProducerKind::EcsAwslogs.name(), "/ecs/shop").unwrap(),
        );
        overrides.save(ws.root()).unwrap();
        let rows = producers_view(&ws).unwrap();
        assert_eq!(rows[0].kind, ProducerKind::EcsAwslogs);
        assert!(rows[0].set_by_hand);
        let view = deploy_view(&ws, file.session(), None).unwrap();
        assert!(view.artefacts.is_empty());
        assert_eq!(view.not_deployed[0].producer, ProducerKind::EcsAwslogs);
    }

    #[test]
    fn the_agent_configuration_chosen_is_saved_with_the_filters_merged_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        let (mut overrides, _) = Overrides::load(ws.root());
        overrides.groups.insert(
            "/ecs/shop".into(),
            producer_of_kind(ProducerKind::CloudwatchAgent.name(), "/ecs/shop").unwrap(),
        );
        overrides.save(ws.root()).unwrap();
        let health = ws
            .templates()
            .templates()
            .iter()
            .find(|t| t.text.contains("health"))
            .unwrap()
            .id;
        let mut file = SessionFile::create(
            &ws,
            NewSession {
                name: "weekly".into(),
                fresh: true,
                ..Default::default()
            },
        )
        .unwrap();
        file.decide(
            health,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                ..Default::default()
            },
        )
        .unwrap();
        let agent = dir.path().join("agent.json");
        let config = "{\"logs\": {\"logs_collected\": {\"files\": {\"collect_list\": [\n  {\"file_path\": \"/var/log/shop.log\", \"log_group_name\": \"/ecs/shop\"}\n]}}}}\n";
        std::fs::write(&agent, config).unwrap();

        let view = deploy_view(&ws, file.session(), Some(&agent)).unwrap();
        assert!(view
            .artefacts
            .iter()
            .any(|a| a.file_name == deploy::AGENT_MERGED_FILE));
        let out = dir.path().join("deploy");
        let saved = save_deploy_files(&ws, file.session(), &out, Some(&agent), false).unwrap();
        assert!(
            saved.files.iter().any(|f| f == deploy::AGENT_MERGED_FILE),
            "{:?}",
            saved.files
        );
        let merged: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(deploy::AGENT_MERGED_FILE)).unwrap(),
        )
        .unwrap();
        let entry = &merged["logs"]["logs_collected"]["files"]["collect_list"][0];
        assert_eq!(entry["filters"][0]["type"], "exclude", "{merged:#}");
        assert_eq!(std::fs::read_to_string(&agent).unwrap(), config);

        // A file that is not there says which.
        let err =
            deploy_view(&ws, file.session(), Some(&dir.path().join("absent.json"))).unwrap_err();
        assert!(
            err.message
                .contains("cannot read the CloudWatch agent configuration"),
            "{}",
            err.message
        );
    }

    #[test]
    fn every_kind_names_itself() {
        for kind in lognoise_rules::producer::KINDS {
            assert_eq!(ProducerKind::of_name(kind).name(), *kind);
        }
    }
}
