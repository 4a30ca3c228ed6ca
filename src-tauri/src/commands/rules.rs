//! The Rules screen: suppression rules made from the open session's noise decisions, validated
//! against the workspace's events, previewed in every export format and saved to a file.
//!
//! Saving makes and validates the rules again from the session as it is then, so a decision
//! taken after the preview cannot slip into a file unchecked, and conflicts with templates
//! marked keep or signal block the file unless the user forces it, as
//! `lognoise rules generate --force` does.

use super::blocking;
use super::session::current_session;
use crate::dto::{
    DependentConflictView, ExportPreview, NotExpressibleView, RuleConflictView, RuleView,
    RulesView, SavedRules,
};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::validate;
use lognoise_rules::{export, ExportFormat, RuleSet, SessionRules, ValidationReport};
use lognoise_session::Session;
use lognoise_workspace::Workspace;
use tauri::State;

/// The open session's rules with their validation and every export.
#[tauri::command]
pub async fn session_rules(state: State<'_, AppState>) -> ApiResult<RulesView> {
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || rules_view(&open.ws, &session)).await
}

/// Writes the open session's rules in `format` to `path` (chosen in the save dialog), and the
/// files the configuration names beside it (the Fluent Bit lua filter's script), atomically
/// and readable by the user only. Refused while a rule reaches a template marked
/// keep or signal or lines a metric filter or subscription reads, unless `force`.
#[tauri::command]
pub async fn save_rules(
    state: State<'_, AppState>,
    format: String,
    path: String,
    force: bool,
) -> ApiResult<SavedRules> {
    let format = export_format(&format)?;
    let path = validate::absolute_path("rules file", &path)?;
    let open = state.current()?;
    let session = current_session(&state).await?;
    blocking(move || {
        let (set, report) = checked_rules(&open.ws, &session)?;
        refuse_conflicts(&report, force)?;
        let exported = export(&set, format)?;
        let files = exported.write(&path)?;
        Ok(SavedRules {
            path: path.display().to_string(),
            format: format.into(),
            rules: set.rules.len(),
            bytes: exported.text.len(),
            files: files.iter().map(|p| p.display().to_string()).collect(),
            forced: !report.is_clean(),
        })
    })
    .await
}

/// Refuses a save while a rule reaches a template marked keep or signal or lines a metric
/// filter or subscription reads, unless `force` ("export anyway"), as `--force` does.
pub(super) fn refuse_conflicts(report: &ValidationReport, force: bool) -> ApiResult<()> {
    if report.is_clean() || force {
        return Ok(());
    }
    Err(ApiError::invalid(format!(
        "not saved: {} rule(s) match lines of templates marked keep or signal, or lines a metric \
         filter or subscription reads; narrow the decisions or tick \"export anyway\"",
        report
            .conflicts
            .iter()
            .map(|c| c.rule_id.as_str())
            .chain(
                report
                    .dependent_conflicts
                    .iter()
                    .map(|c| c.rule_id.as_str())
            )
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    )))
}

/// The rules of `session` and their report; an error when it marks nothing noise.
pub(super) fn checked_rules(
    ws: &Workspace,
    session: &Session,
) -> ApiResult<(RuleSet, ValidationReport)> {
    match SessionRules::for_writing(ws, session) {
        Ok(r) => Ok((r.set, r.report)),
        Err(e @ lognoise_rules::Error::NoNoise { .. }) => Err(ApiError::invalid(format!(
            "{e}: mark some on the Review screen first"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// What the Rules screen shows; shared with the tests.
pub fn rules_view(ws: &Workspace, session: &Session) -> ApiResult<RulesView> {
    let SessionRules { set, report, cost } = SessionRules::of(ws, session)?;
    let conflict_view = |c: &lognoise_rules::Conflict| {
        let protected = set
            .protected
            .iter()
            .find(|p| p.template_id == c.template_id);
        RuleConflictView {
            rule_id: c.rule_id.clone(),
            template_id: c.template_id.to_string(),
            template: protected.map(|p| p.template.clone()).unwrap_or_default(),
            verdict: protected
                .and_then(|p| p.verdict.parse::<lognoise_session::Verdict>().ok())
                .map(Into::into),
            lines: c.lines,
            examples: c.examples.clone(),
        }
    };
    let rules = set
        .rules
        .iter()
        .zip(&report.rules)
        .map(|(rule, r)| RuleView {
            id: rule.id.clone(),
            template_id: rule.template_id.to_string(),
            template: rule.template.clone(),
            pattern: rule.pattern.clone(),
            log_groups: rule.log_groups.clone(),
            owner: rule.owner.clone(),
            reason: rule.reason.clone(),
            own_lines: r.own_lines,
            matched_own: r.matched_own,
            missed: r.missed,
            missed_examples: r.missed_examples.clone(),
            matched_other: r.matched_other,
            dropped_lines: r.dropped_lines,
            dropped_bytes: r.dropped_bytes,
            conflicts: report
                .conflicts
                .iter()
                .filter(|c| c.rule_id == rule.id)
                .map(conflict_view)
                .collect(),
        })
        .collect();
    let exports = if set.rules.is_empty() {
        Vec::new()
    } else {
        ExportFormat::ALL
            .into_iter()
            .map(|f| {
                let e = export(&set, f)?;
                Ok(ExportPreview {
                    format: f.into(),
                    label: label(f).to_string(),
                    file_name: file_name(f).to_string(),
                    text: e.text,
                    files: e.files.into_iter().map(|f| f.name).collect(),
                    not_expressible: e
                        .not_expressible
                        .into_iter()
                        .map(|n| NotExpressibleView {
                            rule_id: n.rule_id,
                            reason: n.reason,
                        })
                        .collect(),
                })
            })
            .collect::<ApiResult<_>>()?
    };
    let removed = report.removed_volume();
    Ok(RulesView {
        session: session.name.clone(),
        lines: report.lines,
        bytes: report.bytes,
        removed_lines: report.removed_lines,
        removed_bytes: report.removed_bytes,
        removed_share: report.removed_share(),
        removed_monthly_bytes: cost.monthly_bytes_of(&removed),
        removed_monthly_cost_usd: cost.monthly_cost_usd_of(&removed),
        price_per_gb_usd: session.price_per_gb_usd,
        protected: set.protected.len(),
        rules,
        conflicts: report.conflicts.iter().map(conflict_view).collect(),
        dependent_conflicts: report
            .dependent_conflicts
            .iter()
            .map(|c| DependentConflictView {
                rule_id: c.rule_id.clone(),
                kind: c.kind.into(),
                log_group: c.log_group.clone(),
                dependent: c.dependent.clone(),
                breaks: c.breaks.clone(),
                lines: c.lines,
                examples: c.examples.clone(),
            })
            .collect(),
        exports,
    })
}

fn export_format(raw: &str) -> ApiResult<ExportFormat> {
    ExportFormat::from_name(raw).ok_or_else(|| {
        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
        ApiError::invalid(format!(
            "`{raw}` is not an export format: use one of {}",
            names.join(", ")
        ))
    })
}

/// The name the format picker shows.
fn label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Native => "lognoise rules (JSON)",
        ExportFormat::FluentBit => "Fluent Bit (.conf)",
        ExportFormat::FluentBitYaml => "Fluent Bit (YAML)",
        ExportFormat::Vector => "Vector (YAML)",
        ExportFormat::OtelCollector => "OpenTelemetry Collector (YAML)",
        ExportFormat::InsightsQueries => "CloudWatch Logs Insights queries",
        ExportFormat::SubscriptionFilter => "CloudWatch subscription filters (JSON)",
    }
}

/// The file name the save dialog suggests.
fn file_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Native => "rules.json",
        ExportFormat::FluentBit => "lognoise-filters.conf",
        ExportFormat::FluentBitYaml => "lognoise-filters.yaml",
        ExportFormat::Vector => "lognoise-vector.yaml",
        ExportFormat::OtelCollector => "lognoise-otel-collector.yaml",
        ExportFormat::InsightsQueries => "lognoise-insights.txt",
        ExportFormat::SubscriptionFilter => "lognoise-subscription-filters.json",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use lognoise_index::{import, ImportOptions};
    use lognoise_session::{DecisionInput, NewSession, SessionFile, Verdict};
    use std::path::{Path, PathBuf};

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(name)
    }

    fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
        import(
            &mut ws,
            &[fixture("cloudwatch.jsonl")],
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        (dir, ws)
    }

    fn id_of(ws: &Workspace, prefix: &str) -> lognoise_miner::TemplateId {
        ws.templates()
            .templates()
            .iter()
            .find(|t| t.text.starts_with(prefix))
            .unwrap()
            .id
    }

    fn decide(file: &mut SessionFile, id: lognoise_miner::TemplateId, verdict: Verdict) {
        file.decide(
            id,
            DecisionInput {
                verdict: Some(verdict),
                owner: Some("orders".into()),
                decided_by: Some("tester".into()),
                ..Default::default()
            },
        )
        .unwrap();
    }

    #[test]
    fn the_view_validates_and_exports_the_noise_rules() {
        let (_dir, ws) = workspace();
        let mut file = SessionFile::create(
            &ws,
            NewSession {
                name: "weekly".into(),
                price_per_gb_usd: Some(1.0),
                ..Default::default()
            },
        )
        .unwrap();
        let empty = rules_view(&ws, file.session()).unwrap();
        assert!(empty.rules.is_empty() && empty.exports.is_empty());
        assert_eq!(empty.removed_lines, 0);

        let order = id_of(&ws, "Order");
        decide(&mut file, order, Verdict::Noise);
        decide(&mut file, id_of(&ws, "Payment"), Verdict::Keep);
        let v = rules_view(&ws, file.session()).unwrap();
        assert_eq!(v.session, "weekly");
        assert_eq!(v.rules.len(), 1);
        let rule = &v.rules[0];
        assert_eq!(rule.template_id, order.to_string());
        assert_eq!(rule.owner.as_deref(), Some("orders"));
        assert_eq!((rule.own_lines, rule.matched_own, rule.missed), (4, 4, 0));
        assert!(rule.conflicts.is_empty() && v.conflicts.is_empty());
        assert_eq!(v.removed_lines, 4);
        assert_eq!(v.protected, 1);
        assert!(v.removed_share > 0.0 && v.removed_share < 1.0);
        assert_eq!(v.price_per_gb_usd, 1.0);
        assert_eq!(v.exports.len(), ExportFormat::ALL.len());
        let native = v
            .exports
            .iter()
            .find(|e| e.format == crate::dto::ExportFormat::Native)
            .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&native.text).unwrap();
        assert_eq!(parsed["rules"][0]["template_id"], order.to_string());
        let fluent = v
            .exports
            .iter()
            .find(|e| e.format == crate::dto::ExportFormat::FluentBit)
            .unwrap();
        assert!(fluent.text.contains(&rule.id), "{}", fluent.text);
    }

    #[test]
    fn a_rule_reaching_a_kept_part_is_a_conflict_with_examples() {
        let (_dir, ws) = workspace();
        let mut file = SessionFile::create(
            &ws,
            NewSession {
                name: "split".into(),
                fresh: true,
                ..Default::default()
            },
        )
        .unwrap();
        let payment = id_of(&ws, "Payment");
        file.split(payment, 0, &["42".to_string()]).unwrap();
        let part = file.session().split_of(payment).unwrap().parts[0].id;
        decide(&mut file, part, Verdict::Keep);
        decide(&mut file, payment, Verdict::Noise);
        let v = rules_view(&ws, file.session()).unwrap();
        assert_eq!(v.conflicts.len(), 1);
        let c = &v.rules[0].conflicts[0];
        assert_eq!(c.template_id, part.to_string());
        assert_eq!(c.verdict, Some(crate::dto::Verdict::Keep));
        assert!(c.template.contains("42"), "{}", c.template);
        assert!(c.examples[0].contains("42"));
        assert!(checked_rules(&ws, file.session()).is_ok());
    }

    #[test]
    fn formats_and_empty_sessions_get_clear_errors() {
        assert_eq!(export_format("vector").unwrap(), ExportFormat::Vector);
        let e = export_format("splunk").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert!(e.message.contains("fluent-bit"), "{}", e.message);
        let (_dir, ws) = workspace();
        let file = SessionFile::create(
            &ws,
            NewSession {
                name: "none".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let e = checked_rules(&ws, file.session()).unwrap_err();
        assert!(
            e.message.contains("marks no template noise"),
            "{}",
            e.message
        );
    }
}
