//! `--workspace DIR`, shared by the commands that open a workspace.

use anyhow::{Context, Result};
use clap::Args;
use lognoise_workspace::Workspace;
use std::path::PathBuf;

/// Where the workspace is.
#[derive(Args, Debug, Clone)]
pub struct WorkspaceArg {
    /// Workspace folder [default: `default` in the user's data folder, e.g.
    /// ~/.local/share/lognoise/default]
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

impl WorkspaceArg {
    /// The folder given, or the default one.
    pub fn path(&self) -> Result<PathBuf> {
        match &self.workspace {
            Some(p) => Ok(p.clone()),
            None => Ok(Workspace::default_location()?),
        }
    }

    /// Opens the workspace, which must exist.
    pub fn open(&self) -> Result<Workspace> {
        let path = self.path()?;
        Workspace::open(&path).with_context(|| format!("opening workspace {}", path.display()))
    }
}
