//! Rules from a review session: every template the room marked noise becomes a rule, every
//! template marked keep or signal is protected, and the session's split parts are told apart
//! from the template they were split from when the rules are validated.

use crate::validate::validate_with_readers;
use crate::workspace::workspace_readers;
use crate::{Matcher, ProtectedTemplate, Result, RuleSet, RuleSpec, SampleLine, ValidationReport};
use lognoise_miner::TemplateId;
use lognoise_session::{CostBasis, Session, Verdict};
use lognoise_workspace::{StoredEvent, Workspace};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What a session's decisions give: the rules, their validation against the workspace's events
/// and the basis their savings are priced on. One call for the CLI's `rules generate --session`
/// and the app's Rules screen, so both show the same rules, conflicts and figures.
#[derive(Clone, Debug)]
pub struct SessionRules {
    /// The rules, noise templates as rules and keep or signal templates protected.
    pub set: RuleSet,
    /// What the rules drop from the workspace's events, and their conflicts.
    pub report: ValidationReport,
    /// The session's sample and price.
    pub cost: CostBasis,
}

impl SessionRules {
    /// Generates the rules of `session` and validates them (an empty set when nothing is noise).
    pub fn of(ws: &Workspace, session: &Session) -> Result<SessionRules> {
        let set = rules_from_session(ws, session)?;
        let report = validate_session(ws, session, &set)?;
        Ok(SessionRules {
            set,
            report,
            cost: CostBasis::of_session(session),
        })
    }

    /// As [`SessionRules::of`], for writing the rules out: [`crate::Error::NoNoise`] when the
    /// session marks no template noise, since an empty rules file drops nothing.
    pub fn for_writing(ws: &Workspace, session: &Session) -> Result<SessionRules> {
        let rules = SessionRules::of(ws, session)?;
        if rules.set.rules.is_empty() {
            return Err(crate::Error::NoNoise {
                session: session.name.clone(),
            });
        }
        Ok(rules)
    }
}

/// The rules a session's decisions give: one rule per concrete template marked noise (merge
/// members and split parts included), with the decision's owner, note, date and the session's
/// name; templates marked keep or signal become the set's protected templates.
///
/// When the session's sample names log groups, each rule is limited to the groups its
/// template's lines were seen in, so a rule never reaches a service nobody looked at; with no
/// groups known the rules apply everywhere.
pub fn rules_from_session(ws: &Workspace, session: &Session) -> Result<RuleSet> {
    let decided = session.decided_templates();
    let groups = if session.sample.log_groups.is_empty() {
        HashMap::new()
    } else {
        log_groups_of_templates(ws)?
    };
    let mut specs = Vec::new();
    let mut protected = Vec::new();
    for d in &decided {
        match d.decision.verdict {
            Some(Verdict::Noise) => {
                // A split part's lines are lines of the template it was split from.
                let seen_as = session.split_part(d.id).map_or(d.id, |(s, _)| s.template);
                specs.push(RuleSpec {
                    template_id: d.id,
                    template_text: d.text.clone(),
                    log_groups: groups
                        .get(&seen_as)
                        .map(|g| g.iter().cloned().collect())
                        .unwrap_or_default(),
                    owner: d.decision.owner.clone(),
                    reason: d.decision.note.clone(),
                    session: Some(session.name.clone()),
                    decided_at_ms: d.decision.decided_at_ms,
                    keep_one_in: d.decision.keep_one_in,
                });
            }
            Some(v @ (Verdict::Keep | Verdict::Signal)) => protected.push(ProtectedTemplate {
                template_id: d.id,
                template: d.text.clone(),
                verdict: v.as_str().into(),
            }),
            None => {}
        }
    }
    RuleSet::from_specs(&specs, protected)
}

/// Validates `set` against the workspace's stored events, protecting every template the
/// session marked keep or signal.
///
/// A line of a split template counts as a line of the split part whose text it matches, so a
/// rule made from the whole template conflicts with a part the room kept.
pub fn validate_session(
    ws: &Workspace,
    session: &Session,
    set: &RuleSet,
) -> Result<ValidationReport> {
    let protected: HashSet<TemplateId> = session
        .decided_templates()
        .iter()
        .filter(|d| matches!(d.decision.verdict, Some(Verdict::Keep | Verdict::Signal)))
        .map(|d| d.id)
        .collect();
    let mut parts: HashMap<TemplateId, (Vec<TemplateId>, Matcher)> = HashMap::new();
    for split in &session.splits {
        let specs: Vec<RuleSpec> = split
            .parts
            .iter()
            .map(|p| RuleSpec {
                template_id: p.id,
                template_text: p.text.clone(),
                ..RuleSpec::default()
            })
            .collect();
        let matcher = Matcher::new(&RuleSet::from_specs(&specs, Vec::new())?)?;
        parts.insert(
            split.template,
            (split.parts.iter().map(|p| p.id).collect(), matcher),
        );
    }
    let templates = ws.templates();
    let mut failure = None;
    let lines = stored_events(ws, &mut failure)?.filter_map(|e| {
        let mut template_id = templates.template_of(e.cluster)?.id;
        if let Some((ids, matcher)) = parts.get(&template_id) {
            if let Some(i) = matcher.first_match(&e.message, e.log_group.as_deref()) {
                template_id = ids[i];
            }
        }
        Some(SampleLine {
            message: e.message,
            log_group: e.log_group,
            template_id,
        })
    });
    let readers = workspace_readers(ws)?;
    let report = validate_with_readers(set, lines, &protected, readers.as_ref())?;
    if let Some(err) = failure {
        return Err(err.into());
    }
    Ok(report)
}

/// The log groups each workspace template's lines were seen in.
fn log_groups_of_templates(ws: &Workspace) -> Result<HashMap<TemplateId, BTreeSet<String>>> {
    let templates = ws.templates();
    let mut groups: HashMap<TemplateId, BTreeSet<String>> = HashMap::new();
    for e in ws.events()? {
        let e = e?;
        if let (Some(t), Some(g)) = (templates.template_of(e.cluster), e.log_group) {
            groups.entry(t.id).or_default().insert(g);
        }
    }
    Ok(groups)
}

/// The workspace's events, stopping at the first unreadable one and leaving its error in
/// `failure`, so that a stream feeding [`validate_with_readers`] never hides a broken file.
fn stored_events<'a>(
    ws: &Workspace,
    failure: &'a mut Option<lognoise_workspace::Error>,
) -> Result<impl Iterator<Item = StoredEvent> + 'a> {
    Ok(ws.events()?.map_while(move |e| match e {
        Ok(e) => Some(e),
        Err(err) => {
            *failure = Some(err);
            None
        }
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use lognoise_index::{import, ImportOptions};
    use lognoise_session::{DecisionInput, NewSession, SessionFile};
    use std::path::PathBuf;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name)
    }

    fn workspace(file: &str) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open_or_create(&dir.path().join("ws")).unwrap();
        import(
            &mut ws,
            &[fixture(file)],
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        (dir, ws)
    }

    fn id_of(ws: &Workspace, prefix: &str) -> TemplateId {
        ws.templates()
            .templates()
            .iter()
            .find(|t| t.text.starts_with(prefix))
            .unwrap_or_else(|| panic!("no template starting {prefix:?}"))
            .id
    }

    fn decide(file: &mut SessionFile, id: TemplateId, verdict: Verdict, owner: &str, note: &str) {
        file.decide(
            id,
            DecisionInput {
                verdict: Some(verdict),
                owner: Some(owner.into()),
                note: Some(note.into()),
                decided_at_ms: Some(1_772_409_700_000),
                ..Default::default()
            },
        )
        .unwrap();
    }

    fn new_session(ws: &Workspace, name: &str) -> SessionFile {
        SessionFile::create(
            ws,
            NewSession {
                name: name.into(),
                fresh: true,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn noise_becomes_rules_and_keep_is_protected() {
        let (_dir, ws) = workspace("cloudwatch.jsonl");
        let order = id_of(&ws, "Order");
        let payment = id_of(&ws, "Payment");
        let mut file = new_session(&ws, "weekly");
        decide(&mut file, order, Verdict::Noise, "orders", "debug left on");
        decide(
            &mut file,
            payment,
            Verdict::Keep,
            "payments",
            "alerts read it",
        );
        let session = file.session();

        let set = rules_from_session(&ws, session).unwrap();
        assert_eq!(set.rules.len(), 1);
        let rule = &set.rules[0];
        assert_eq!(rule.template_id, order);
        assert_eq!(rule.owner.as_deref(), Some("orders"));
        assert_eq!(rule.reason.as_deref(), Some("debug left on"));
        assert_eq!(rule.session.as_deref(), Some("weekly"));
        assert_eq!(rule.decided_at_ms, Some(1_772_409_700_000));
        // The sample names its groups, so the rule is limited to the one its lines came from.
        assert_eq!(rule.log_groups, vec!["/ecs/orders".to_string()]);
        assert_eq!(set.protected.len(), 1);
        assert_eq!(set.protected[0].template_id, payment);
        assert_eq!(set.protected[0].verdict, "keep");

        let report = validate_session(&ws, session, &set).unwrap();
        assert!(report.is_clean());
        assert_eq!(report.rules[0].own_lines, 4);
        assert_eq!(report.rules[0].matched_own, 4);
        assert_eq!(report.removed_lines, 4);
    }

    #[test]
    fn session_rules_are_the_rules_their_report_and_the_sessions_price() {
        let (_dir, ws) = workspace("cloudwatch.jsonl");
        let order = id_of(&ws, "Order");
        let mut file = new_session(&ws, "weekly");
        // Nothing is noise yet: the Rules screen shows an empty set, writing one is refused.
        let empty = SessionRules::of(&ws, file.session()).unwrap();
        assert!(empty.set.rules.is_empty());
        assert_eq!(empty.report.removed_lines, 0);
        let refused = SessionRules::for_writing(&ws, file.session()).unwrap_err();
        assert!(
            matches!(&refused, crate::Error::NoNoise { session } if session == "weekly"),
            "{refused}"
        );

        decide(&mut file, order, Verdict::Noise, "orders", "debug left on");
        let session = file.session();
        let rules = SessionRules::for_writing(&ws, session).unwrap();
        assert_eq!(rules.set.rules.len(), 1);
        assert_eq!(rules.set.rules[0].template_id, order);
        assert_eq!(rules.report.removed_lines, 4);
        assert_eq!(rules.cost.price_per_gb_usd, session.price_per_gb_usd);
        assert_eq!(
            rules.cost,
            CostBasis::of_sample(&session.sample, session.price_per_gb_usd)
        );
    }

    #[test]
    fn a_share_kept_in_the_session_is_kept_by_its_rule() {
        let (_dir, ws) = workspace("cloudwatch.jsonl");
        let order = id_of(&ws, "Order");
        let mut file = new_session(&ws, "rates");
        file.decide(
            order,
            DecisionInput {
                verdict: Some(Verdict::Noise),
                drop_rate: Some(lognoise_session::DropRate::KeepOneIn(2)),
                ..Default::default()
            },
        )
        .unwrap();
        let rules = SessionRules::of(&ws, file.session()).unwrap();
        assert_eq!(rules.set.rules[0].keep_one_in, Some(2));
        // Four lines, one in two kept: two removed.
        assert_eq!(rules.report.removed_lines, 2);
    }

    #[test]
    fn files_without_groups_give_unscoped_rules() {
        let (_dir, ws) = workspace("app.log");
        let order = id_of(&ws, "Order");
        let mut file = new_session(&ws, "local");
        decide(&mut file, order, Verdict::Noise, "orders", "chatty");
        let set = rules_from_session(&ws, file.session()).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert!(set.rules[0].log_groups.is_empty());
        let report = validate_session(&ws, file.session(), &set).unwrap();
        assert!(report.is_clean());
        assert!(report.rules[0].matched_own > 0);
        assert_eq!(report.rules[0].missed, 0);
    }

    #[test]
    fn a_kept_split_part_conflicts_with_a_rule_for_the_whole_template() {
        let (_dir, ws) = workspace("cloudwatch.jsonl");
        let payment = id_of(&ws, "Payment");
        assert_eq!(
            ws.templates().get(payment).unwrap().text,
            "Payment declined for user_id=<*> from <*>"
        );
        let mut file = new_session(&ws, "split");
        // Split on the user id, keep user 42's lines and call the rest noise.
        file.split(payment, 0, &["42".to_string()]).unwrap();
        let part = file.session().split_of(payment).unwrap().parts[0].id;
        decide(
            &mut file,
            part,
            Verdict::Keep,
            "payments",
            "fraud team reads it",
        );
        decide(&mut file, payment, Verdict::Noise, "payments", "retries");

        let set = rules_from_session(&ws, file.session()).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert_eq!(set.protected[0].template_id, part);
        let report = validate_session(&ws, file.session(), &set).unwrap();
        assert!(!report.is_clean());
        assert_eq!(report.conflicts[0].template_id, part);
        assert_eq!(report.conflicts[0].lines, 1);
        assert!(report.conflicts[0].examples[0].contains("42"));
    }
}
