//! The list of recently opened workspaces (`recent.json` in the app's settings folder).
//! Losing it loses nothing but convenience, so read and write problems are not reported.

use crate::dto::RecentWorkspace;
use std::path::Path;

/// Entries kept.
const KEEP: usize = 12;
const FILE: &str = "recent.json";

/// The list, most recent first, without folders that no longer hold a workspace.
pub fn read(config: &Path) -> Vec<RecentWorkspace> {
    let Ok(bytes) = std::fs::read(config.join(FILE)) else {
        return Vec::new();
    };
    let list: Vec<RecentWorkspace> = serde_json::from_slice(&bytes).unwrap_or_default();
    list.into_iter()
        .filter(|r| {
            Path::new(&r.path)
                .join(lognoise_workspace::MANIFEST)
                .exists()
        })
        .collect()
}

/// Puts `root` first in the list.
pub fn add(config: &Path, root: &Path) {
    let path = root.display().to_string();
    let mut list = read(config);
    list.retain(|r| r.path != path);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    list.insert(
        0,
        RecentWorkspace {
            path,
            opened_at_ms: now,
        },
    );
    list.truncate(KEEP);
    if lognoise_workspace::create_private_dir(config).is_ok() {
        if let Ok(bytes) = serde_json::to_vec_pretty(&list) {
            let _ = lognoise_workspace::write_private_atomic(&config.join(FILE), &bytes);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates_or_gone_folders() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        lognoise_workspace::Workspace::open_or_create(&a).unwrap();
        lognoise_workspace::Workspace::open_or_create(&b).unwrap();
        add(&config, &a);
        add(&config, &b);
        add(&config, &a);
        let paths: Vec<String> = read(&config).into_iter().map(|r| r.path).collect();
        assert_eq!(paths, [a.display().to_string(), b.display().to_string()]);
        std::fs::remove_dir_all(&b).unwrap();
        assert_eq!(read(&config).len(), 1);
    }
}
