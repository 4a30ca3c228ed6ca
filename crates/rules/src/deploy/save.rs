//! A deploy plan's files written into a folder: every artefact (the lua scripts some Fluent Bit
//! configurations call among them, so each lands beside the configuration naming it) and the
//! `DEPLOY.md` saying where each goes. The command line (`rules export --deploy DIR`) and the
//! app's "Save all to folder..." both save through [`save`], so the two write the same folder.
//!
//! A folder is the user's: [`save`] overwrites only the files an earlier save wrote there,
//! which it knows from the `DEPLOY.md` that save left (each file it describes has a `` ## `name` ``
//! heading). Any other file in the way stops the save before anything is written, so a
//! hand-edited agent configuration or someone else's `fluent-bit.conf` is never replaced. Files
//! an earlier save wrote that the plan no longer has are removed, so the folder holds exactly
//! the plan's files and no stale rule is deployed from it.

use super::{markdown, DeployPlan};
use crate::{CostBasis, Error, Result};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The deploy folder's description of its files, written last by every save.
pub const README_FILE: &str = "DEPLOY.md";

/// How a `DEPLOY.md` written by lognoise begins (see [`markdown`]).
const README_TITLE: &str = "# Deploying the suppression rules";

/// What [`save`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SavedDeploy {
    /// The folder.
    pub dir: PathBuf,
    /// Files written, in the plan's order, [`README_FILE`] last.
    pub written: Vec<PathBuf>,
    /// Files an earlier save wrote there that this plan no longer has, removed.
    pub removed: Vec<PathBuf>,
}

/// Writes every artefact of `plan` and its `DEPLOY.md` (priced on `cost`) into `dir`, creating
/// it, each file atomically and readable by the user only. Refuses, writing nothing, when a
/// file of the plan's is already there and an earlier save did not write it.
pub fn save(plan: &DeployPlan, cost: &CostBasis, dir: &Path) -> Result<SavedDeploy> {
    let mut names: Vec<&str> = Vec::with_capacity(plan.artefacts.len() + 1);
    for a in &plan.artefacts {
        if !is_plain_file_name(&a.file_name) || a.file_name == README_FILE {
            return Err(Error::DeployFileName {
                name: a.file_name.clone(),
            });
        }
        names.push(&a.file_name);
    }
    names.push(README_FILE);

    std::fs::create_dir_all(dir).map_err(|source| Error::DeployFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    let ours = written_by_earlier_save(dir);
    let in_the_way: Vec<String> = names
        .iter()
        .filter(|name| {
            let path = dir.join(name);
            match std::fs::symlink_metadata(&path) {
                Err(_) => false,
                // A folder cannot be replaced by a file, whoever made it.
                Ok(meta) if meta.is_dir() => true,
                Ok(_) => !ours.contains(**name),
            }
        })
        .map(|name| (*name).to_string())
        .collect();
    if !in_the_way.is_empty() {
        return Err(Error::DeployOverwrite {
            dir: dir.to_path_buf(),
            files: in_the_way,
        });
    }

    let planned: BTreeSet<&str> = names.iter().copied().collect();
    let mut removed = Vec::new();
    for stale in ours.iter().filter(|n| !planned.contains(n.as_str())) {
        let path = dir.join(stale);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() || meta.file_type().is_symlink() => {
                std::fs::remove_file(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                removed.push(path);
            }
            _ => {}
        }
    }

    let mut written = Vec::with_capacity(names.len());
    for a in &plan.artefacts {
        let path = dir.join(&a.file_name);
        lognoise_workspace::write_private_atomic(&path, a.text.as_bytes())?;
        written.push(path);
    }
    // Last, so that a save cut short leaves the earlier DEPLOY.md: the files it names are
    // still recognised as ours by the next save.
    let readme = dir.join(README_FILE);
    lognoise_workspace::write_private_atomic(&readme, markdown(plan, cost).as_bytes())?;
    written.push(readme);
    Ok(SavedDeploy {
        dir: dir.to_path_buf(),
        written,
        removed,
    })
}

/// The files an earlier save wrote into `dir`: `DEPLOY.md` (when lognoise wrote it) and those
/// its headings name. Empty when there is none or it is someone else's.
fn written_by_earlier_save(dir: &Path) -> BTreeSet<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(README_FILE)) else {
        return BTreeSet::new();
    };
    if !text.starts_with(README_TITLE) {
        return BTreeSet::new();
    }
    let mut names: BTreeSet<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("## `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
        .filter(|name| is_plain_file_name(name))
        .map(str::to_string)
        .collect();
    names.insert(README_FILE.to_string());
    names
}

/// Whether `name` names a file inside the folder (no separator, not `.` or `..`).
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{plan, DeployOptions, Sample};
    use super::*;
    use crate::producer::Overrides;
    use crate::{ProtectedTemplate, RuleSet, RuleSpec};
    use lognoise_miner::TemplateId;

    const TASK: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const NOISE: &str = "health check ok from <*>";
    const KEEP: &str = "payment <*> captured for order <*>";

    /// A FireLens group with a noise template dropped at 1 in 10 (so its configuration calls a
    /// lua script), a second noise template dropped entirely and a kept one; and a Lambda group.
    fn sample_plan() -> DeployPlan {
        let sampled = "sampled <*> line";
        let spec = |text: &str, keep_one_in: Option<u32>| RuleSpec {
            template_id: TemplateId::of_text(text),
            template_text: text.into(),
            keep_one_in,
            ..RuleSpec::default()
        };
        let set = RuleSet::from_specs(
            &[spec(NOISE, None), spec(sampled, Some(10))],
            vec![ProtectedTemplate {
                template_id: TemplateId::of_text(KEEP),
                template: KEEP.into(),
                verdict: "keep".into(),
            }],
        )
        .unwrap();
        let mut sample = Sample::default();
        let stream = format!("web-firelens-{TASK}");
        for t in [NOISE, sampled, KEEP] {
            for _ in 0..3 {
                sample.add(
                    "/ecs/shop",
                    Some(&stream),
                    TemplateId::of_text(t),
                    40,
                    Some("info"),
                );
            }
        }
        let producers = sample.producers(&Overrides::default());
        plan(&set, &sample, &producers, &DeployOptions::default()).unwrap()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn writes_exactly_the_plan_files_and_deploy_md_readable_by_the_user_only() {
        let plan = sample_plan();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deploy");
        let saved = save(&plan, &CostBasis::unknown(0.5), &out).unwrap();

        let mut expected: Vec<String> =
            plan.artefacts.iter().map(|a| a.file_name.clone()).collect();
        expected.push(README_FILE.into());
        let mut sorted = expected.clone();
        sorted.sort();
        assert_eq!(listing(&out), sorted);
        assert!(
            expected.iter().any(|n| n.ends_with(".lua")),
            "the sampled rule's script is one of the files: {expected:?}"
        );
        assert_eq!(
            saved.written,
            expected.iter().map(|n| out.join(n)).collect::<Vec<_>>()
        );
        for a in &plan.artefacts {
            assert_eq!(
                std::fs::read_to_string(out.join(&a.file_name)).unwrap(),
                a.text
            );
        }
        let md = std::fs::read_to_string(out.join(README_FILE)).unwrap();
        assert_eq!(md, markdown(&plan, &CostBasis::unknown(0.5)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for n in &expected {
                let mode = std::fs::metadata(out.join(n)).unwrap().permissions().mode();
                assert_eq!(mode & 0o077, 0, "{n} is readable by others: {mode:o}");
            }
        }
    }

    #[test]
    fn saves_again_over_its_own_files_and_removes_those_the_plan_no_longer_has() {
        let plan = sample_plan();
        let dir = tempfile::tempdir().unwrap();
        save(&plan, &CostBasis::unknown(0.5), dir.path()).unwrap();
        let lua = plan
            .artefacts
            .iter()
            .find(|a| a.file_name.ends_with(".lua"))
            .unwrap()
            .file_name
            .clone();
        // The next plan has no sampled rule, so no script: the earlier one goes.
        let mut smaller = plan.clone();
        smaller.artefacts.retain(|a| a.file_name != lua);
        let saved = save(&smaller, &CostBasis::unknown(0.5), dir.path()).unwrap();
        assert_eq!(saved.removed, vec![dir.path().join(&lua)]);
        assert!(!listing(dir.path()).contains(&lua));
        assert_eq!(listing(dir.path()).len(), smaller.artefacts.len() + 1);
    }

    #[test]
    fn refuses_to_overwrite_a_file_it_did_not_write_and_writes_nothing() {
        let plan = sample_plan();
        let dir = tempfile::tempdir().unwrap();
        let theirs = &plan.artefacts[0].file_name;
        std::fs::write(dir.path().join(theirs), "# the team's own\n").unwrap();
        let err = save(&plan, &CostBasis::unknown(0.5), dir.path()).unwrap_err();
        let message = err.to_string();
        assert!(
            matches!(err, Error::DeployOverwrite { ref files, .. } if files == std::slice::from_ref(theirs))
        );
        assert!(message.contains(theirs.as_str()), "{message}");
        assert!(message.contains("choose an empty folder"), "{message}");
        assert_eq!(listing(dir.path()), std::slice::from_ref(theirs));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(theirs)).unwrap(),
            "# the team's own\n"
        );

        // A DEPLOY.md lognoise did not write is no licence either.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(
            other.path().join(README_FILE),
            format!("# Our runbook\n\n## `{theirs}`\n"),
        )
        .unwrap();
        std::fs::write(other.path().join(theirs), "mine").unwrap();
        let err = save(&plan, &CostBasis::unknown(0.5), other.path()).unwrap_err();
        assert!(
            matches!(err, Error::DeployOverwrite { ref files, .. } if files.len() == 2),
            "{err}"
        );
    }

    #[test]
    fn names_outside_the_folder_are_refused() {
        let mut plan = sample_plan();
        plan.artefacts[0].file_name = "../escape.conf".into();
        let dir = tempfile::tempdir().unwrap();
        let err = save(&plan, &CostBasis::unknown(0.5), &dir.path().join("d")).unwrap_err();
        assert!(matches!(err, Error::DeployFileName { .. }), "{err}");
        assert!(!dir.path().join("d").exists());
        assert!(!dir.path().join("escape.conf").exists());
    }
}
