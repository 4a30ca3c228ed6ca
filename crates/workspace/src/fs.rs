//! Files private to the user, written so that a crash leaves either the old or the new file.

use crate::{Error, Result};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Creates `dir` and its missing parents; folders this creates are readable by the user only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))
}

/// Opens a new file readable by the user only, replacing any file of that name.
pub(crate) fn create_private_file(path: &Path) -> Result<fs::File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| Error::io(path, e))
}

/// Writes `bytes` to `path` through a temporary file that is synced and renamed over it.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = tmp_path(path);
    let mut f = create_private_file(&tmp)?;
    f.write_all(bytes).map_err(|e| Error::io(&tmp, e))?;
    f.sync_all().map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    rename_synced(&tmp, path)
}

/// Renames `from` to `to` and syncs the folder so the rename survives a power cut.
pub(crate) fn rename_synced(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| Error::io(to, e))?;
    #[cfg(unix)]
    if let Some(parent) = to.parent() {
        if let Ok(d) = fs::File::open(parent) {
            // Not every file system supports syncing a folder; the rename is done either way.
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Makes every file under `dir` readable by the user only (0600, folders 0700). Files written by
/// other libraries (the search index) are created with the process umask; sampled logs can hold
/// personal data, so they are narrowed after each write.
///
/// The index's own threads create and delete temporary files meanwhile: a file that is gone by
/// the time it is reached needs no narrowing, so it is passed over rather than failing the import.
pub fn make_tree_private(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::io::ErrorKind::NotFound;
        use std::os::unix::fs::PermissionsExt;
        let gone = |e: &std::io::Error| e.kind() == NotFound;
        let entries = match fs::read_dir(dir) {
            Err(e) if gone(&e) => return Ok(()),
            other => other.map_err(|e| Error::io(dir, e))?,
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let kind = match entry.file_type() {
                Err(e) if gone(&e) => continue,
                other => other.map_err(|e| Error::io(&path, e))?,
            };
            if kind.is_symlink() {
                continue;
            }
            let mode = if kind.is_dir() { 0o700 } else { 0o600 };
            match fs::set_permissions(&path, fs::Permissions::from_mode(mode)) {
                Err(e) if gone(&e) => continue,
                other => other.map_err(|e| Error::io(&path, e))?,
            }
            if kind.is_dir() {
                make_tree_private(&path)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// `name.tmp` next to `path`.
pub(crate) fn tmp_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
