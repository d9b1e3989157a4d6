//! Writing a file so that a crash, a full disk or a power cut never leaves a truncated project.
//!
//! The new bytes go to a temporary file in the same folder, which is flushed to disk and then
//! renamed over the old file in one step. The previous version is kept as `NAME.bak`.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The path of the backup kept beside `path`: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// A temporary name beside `path`, unique per process and per call, so two writers (an
/// autosave thread and the UI) never share one.
fn temp_path(path: &Path, what: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{what}-{}-{n}", std::process::id()));
    path.with_file_name(name)
}

/// Replace `path` with `bytes` atomically, keeping the old content as `NAME.bak`.
///
/// On error the old file is untouched and no temporary file is left behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with a hook run after the temporary file is written and before the rename,
/// so tests can inject a failure at the most dangerous moment.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, bytes, true, before_rename)
}

/// [`write_atomic`] without the `.bak` copy, for files that are themselves copies (recovery
/// snapshots).
pub fn write_atomic_no_backup(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_inner(path, bytes, false, |_| Ok(()))
}

fn write_atomic_inner(
    path: &Path,
    bytes: &[u8],
    backup: bool,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_path(path, "tmp");
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        if backup && path.exists() {
            keep_backup(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_folder(path);
        remove_abandoned_temporaries(path);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Point `NAME.bak` at the current content: a hard link is instant; a copy is the fallback
/// on file systems without links.
fn keep_backup(path: &Path) -> io::Result<()> {
    let bak = backup_path(path);
    let bak_tmp = temp_path(path, "bak");
    let _ = fs::remove_file(&bak_tmp);
    if fs::hard_link(path, &bak_tmp).is_err() {
        fs::copy(path, &bak_tmp)?;
    }
    fs::rename(&bak_tmp, &bak)
}

/// How old a temporary file beside a project must be before it counts as left by a writer that
/// was killed mid-save (no save takes this long; a younger one may be another writer's).
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Delete temporary files of `path` left by a process killed while saving, so they do not pile
/// up beside the project.
fn remove_abandoned_temporaries(path: &Path) {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefixes = ["tmp", "bak"].map(|what| format!(".{}.{what}-", name.to_string_lossy()));
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        if age.is_some_and(|age| age > ABANDONED_AFTER) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(dir) = File::open(parent) {
            let _ = dir.sync_all();
        }
    }
}
