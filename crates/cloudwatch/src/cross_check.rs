//! Filter patterns run by CloudWatch's own engine (`TestMetricFilter`) on sampled lines, so that
//! lognoise's matcher is checked against the real one wherever the account can be reached.
//!
//! A disagreement on any line overrules the matcher for that pattern: the evaluation then
//! takes it to read every line of its group (see `lognoise_dependents::Evaluator`). A call that
//! fails (the permission missing, a pattern CloudWatch no longer accepts) leaves the pattern as
//! lognoise reads it, with a warning, since the matcher was written to the AWS documentation
//! and the read of dependents must not fail for want of a cross-check.

use crate::client::CloudWatch;
use crate::error::Result;
use lognoise_dependents::{CrossCheck, Dependents, Disagreement, FilterPattern, CROSS_CHECK_LINES};
use std::collections::{HashMap, HashSet};

impl CloudWatch {
    /// The dependents of `groups` ([`CloudWatch::dependents`]), their filter patterns
    /// cross-checked on the workspace's sampled lines of each group; with one sentence per
    /// pattern that could not be checked. What the app and the CLI call after a pull.
    pub fn dependents_cross_checked(
        &self,
        groups: &[String],
        ws: &lognoise_workspace::Workspace,
    ) -> (Dependents, Vec<String>) {
        let mut dependents = self.dependents(groups);
        let warnings = match lognoise_dependents::cross_check_lines(ws, groups) {
            Ok(lines) => self.cross_check(&mut dependents, &lines),
            Err(e) => vec![format!(
                "the sample could not be read to cross-check filter patterns with CloudWatch: {e}"
            )],
        };
        (dependents, warnings)
    }

    /// Reads what reads `groups` after a pull ([`CloudWatch::dependents_cross_checked`]) and
    /// keeps it in the workspace. Never an error, since the events are in already: what could
    /// not be read, cross-checked or kept is one sentence each in the answer's warnings. What
    /// the CLI's `pull` and the app's pull both call.
    pub fn read_dependents_into(
        &self,
        groups: &[String],
        ws: &lognoise_workspace::Workspace,
    ) -> DependentsRead {
        let (dependents, mut warnings) = self.dependents_cross_checked(groups, ws);
        for (group, unread) in dependents.unread() {
            warnings.push(format!(
                "could not read the {} of {group}: {}",
                unread.what, unread.reason
            ));
        }
        let kept = match dependents.write(ws.root()) {
            Ok(()) => true,
            Err(e) => {
                warnings.push(format!("what reads the log groups was not kept: {e}"));
                false
            }
        };
        DependentsRead {
            counts: dependents.counts(),
            warnings,
            kept,
        }
    }

    /// Cross-checks the metric and subscription filter patterns of `dependents` on `lines`
    /// (sampled lines by log group), recording each outcome on its filter. Returns one
    /// sentence per pattern that could not be checked.
    pub fn cross_check(
        &self,
        dependents: &mut Dependents,
        lines: &HashMap<String, Vec<String>>,
    ) -> Vec<String> {
        self.runtime
            .block_on(self.cross_check_async(dependents, lines))
    }

    async fn cross_check_async(
        &self,
        dependents: &mut Dependents,
        lines: &HashMap<String, Vec<String>>,
    ) -> Vec<String> {
        let mut warnings = Vec::new();
        for group in &mut dependents.groups {
            let Some(sample) = lines.get(&group.log_group).filter(|l| !l.is_empty()) else {
                continue;
            };
            let sample = &sample[..sample.len().min(CROSS_CHECK_LINES)];
            let filters = group
                .metric_filters
                .iter_mut()
                .map(|f| (&f.name, &f.pattern, &mut f.cross_check))
                .chain(
                    group
                        .subscription_filters
                        .iter_mut()
                        .map(|f| (&f.name, &f.pattern, &mut f.cross_check)),
                );
            for (name, pattern, check) in filters {
                // A pattern the matcher cannot read already reads every line.
                let Ok(parsed) = FilterPattern::parse(pattern) else {
                    continue;
                };
                match self.selected_by_cloudwatch(pattern, sample).await {
                    Ok(selected) => *check = Some(compare(&parsed, sample, &selected)),
                    Err(e) => warnings.push(format!(
                        "the pattern of filter {name} of {} was not cross-checked with \
                         CloudWatch: {e}",
                        group.log_group
                    )),
                }
            }
        }
        warnings
    }

    /// Positions (0-based) of the lines CloudWatch's engine selects.
    async fn selected_by_cloudwatch(
        &self,
        pattern: &str,
        lines: &[String],
    ) -> Result<HashSet<usize>> {
        // A cross-check left undone is a warning, as a dependent left unread.
        let cx = self
            .caller
            .dependent_context("logs", "TestMetricFilter", None);
        let out = self
            .caller
            .call(&cx, || {
                self.client
                    .test_metric_filter()
                    .filter_pattern(pattern)
                    .set_log_event_messages(Some(lines.to_vec()))
                    .send()
            })
            .await?;
        // `eventNumber` counts the messages sent from 1; the message itself is the check.
        Ok(out
            .matches()
            .iter()
            .filter_map(|m| {
                let i = usize::try_from(m.event_number()).ok()?.checked_sub(1)?;
                let same = m
                    .event_message()
                    .is_none_or(|text| lines.get(i).is_some_and(|l| l == text));
                same.then_some(i)
            })
            .collect())
    }
}

/// The lines on which `pattern` and CloudWatch's answer differ.
fn compare(pattern: &FilterPattern, lines: &[String], selected: &HashSet<usize>) -> CrossCheck {
    CrossCheck {
        lines: lines.len() as u32,
        disagreements: lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let cloudwatch_selects = selected.contains(&i);
                (pattern.matches(line) != cloudwatch_selects).then(|| Disagreement {
                    message: line.clone(),
                    cloudwatch_selects,
                })
            })
            .collect(),
    }
}

/// What [`CloudWatch::read_dependents_into`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependentsRead {
    /// How many readers of each kind the groups have.
    pub counts: lognoise_dependents::ReaderCounts,
    /// One sentence per part that could not be read, cross-checked or kept.
    pub warnings: Vec<String>,
    /// Whether `dependents.json` was written.
    pub kept: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_answered_differently_are_disagreements() {
        let Ok(pattern) = FilterPattern::parse("ERROR") else {
            panic!("the pattern parses");
        };
        let lines: Vec<String> = ["ERROR a", "INFO b", "error c"].map(String::from).to_vec();
        // CloudWatch selects the first and (say) the third: the third is a disagreement.
        let check = compare(&pattern, &lines, &HashSet::from([0, 2]));
        assert_eq!(check.lines, 3);
        assert_eq!(
            check.disagreements,
            [Disagreement {
                message: "error c".into(),
                cloudwatch_selects: true
            }]
        );
        // Missing the first line is one too.
        let check = compare(&pattern, &lines, &HashSet::new());
        assert_eq!(check.disagreements.len(), 1);
        assert!(!check.disagreements[0].cloudwatch_selects);
    }
}
