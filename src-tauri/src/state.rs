//! What the app keeps between commands: the open workspace with its index (searches run on
//! every keystroke, so the index stays open), and where the app's own files live.

use crate::error::{ApiError, ApiResult};
use lognoise_index::SearchIndex;
use lognoise_workspace::Workspace;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// A workspace with its index, shared by the commands that read it.
pub struct OpenWorkspace {
    /// The workspace as last committed.
    pub ws: Workspace,
    /// Its index; `None` while nothing was imported.
    pub index: Option<SearchIndex>,
}

impl OpenWorkspace {
    /// Opens the workspace at `path` and its index.
    pub fn open(path: &std::path::Path) -> ApiResult<OpenWorkspace> {
        let ws = Workspace::open(path)?;
        let index = if ws.manifest().events > 0 {
            Some(SearchIndex::open(&ws)?)
        } else {
            None
        };
        Ok(OpenWorkspace { ws, index })
    }

    /// The index, or the error that says to import first.
    pub fn index(&self) -> ApiResult<&SearchIndex> {
        self.index.as_ref().ok_or_else(|| {
            lognoise_index::Error::Empty {
                path: self.ws.root().to_path_buf(),
            }
            .into()
        })
    }
}

/// Folders of the app's own files.
#[derive(Clone, Debug)]
pub struct AppDirs {
    /// Settings: the recent workspaces list.
    pub config: PathBuf,
    /// Caches: the demo workspace.
    pub cache: PathBuf,
}

impl AppDirs {
    /// The per-user folders (`~/.config/lognoise`, `~/.cache/lognoise` on Linux, following
    /// `XDG_CONFIG_HOME` / `XDG_CACHE_HOME`).
    pub fn for_user() -> anyhow::Result<AppDirs> {
        let dirs = directories::ProjectDirs::from("", "", "lognoise")
            .ok_or_else(|| anyhow::anyhow!("no home folder found for the app's settings"))?;
        Ok(AppDirs {
            config: dirs.config_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// The demo workspace, the same folder `scripts/demo` imports into.
    pub fn demo_workspace(&self) -> PathBuf {
        self.cache.join("demo-workspace")
    }
}

/// State managed by Tauri.
pub struct AppState {
    /// The open workspace. Readers clone the `Arc` and let go of the lock at once, so a long
    /// search never blocks opening another workspace.
    open: Mutex<Option<Arc<OpenWorkspace>>>,
    /// The app's folders.
    pub dirs: AppDirs,
    /// The review session of the open workspace, once the Review screen asked for it. Shared
    /// (`Arc`) so that commands change it on a worker thread.
    pub session: Arc<Mutex<Option<lognoise_session::SessionFile>>>,
    /// Workspace given on the command line.
    pub initial_workspace: Option<PathBuf>,
}

impl AppState {
    /// State with nothing open.
    pub fn new(dirs: AppDirs, initial_workspace: Option<PathBuf>) -> AppState {
        AppState {
            open: Mutex::new(None),
            session: Arc::new(Mutex::new(None)),
            dirs,
            initial_workspace,
        }
    }

    /// The open workspace.
    pub fn current(&self) -> ApiResult<Arc<OpenWorkspace>> {
        self.open
            .lock()
            .map_err(|_| ApiError::new(crate::error::ErrorCode::Internal, "app state poisoned"))?
            .clone()
            .ok_or_else(ApiError::no_workspace)
    }

    /// Makes `open` the open workspace.
    pub fn set(&self, open: OpenWorkspace) -> ApiResult<Arc<OpenWorkspace>> {
        let open = Arc::new(open);
        if let Ok(mut session) = self.session.lock() {
            *session = None;
        }
        *self.open.lock().map_err(|_| {
            ApiError::new(crate::error::ErrorCode::Internal, "app state poisoned")
        })? = Some(open.clone());
        Ok(open)
    }
}
