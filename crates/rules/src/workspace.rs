//! Rules against a workspace: its stored events are the sample rules are validated on. Removed
//! bytes become money through the one cost model, [`lognoise_session::cost`].

use crate::validate::validate_with_readers;
use crate::{Result, RuleSet, SampleLine, ValidationReport};
use lognoise_dependents::{Dependents, Evaluator};
use lognoise_miner::TemplateId;
use lognoise_workspace::Workspace;
use std::collections::HashSet;

/// Validates `set` against every stored event of `ws`, each with its template, and against
/// what reads the workspace's log groups when a pull recorded it (`dependents.json`).
///
/// Events whose cluster has no template (a workspace written by an interrupted import) are
/// skipped.
pub fn validate_workspace(
    ws: &Workspace,
    set: &RuleSet,
    protected: &HashSet<TemplateId>,
) -> Result<ValidationReport> {
    let mut failure = None;
    let templates = ws.templates();
    let lines = ws
        .events()?
        .map_while(|e| match e {
            Ok(e) => Some(e),
            Err(err) => {
                failure = Some(err);
                None
            }
        })
        .filter_map(|e| {
            let t = templates.template_of(e.cluster)?;
            Some(SampleLine {
                message: e.message,
                log_group: e.log_group,
                template_id: t.id,
            })
        });
    let readers = workspace_readers(ws)?;
    let report = validate_with_readers(set, lines, protected, readers.as_ref())?;
    if let Some(err) = failure {
        return Err(err.into());
    }
    Ok(report)
}

/// The dependents a pull recorded in `ws`, ready to evaluate lines; `None` when none were.
pub(crate) fn workspace_readers(ws: &Workspace) -> Result<Option<Evaluator>> {
    Ok(Dependents::read(ws.root())?.map(|d| Evaluator::new(&d)))
}
