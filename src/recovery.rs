//! Recovery snapshots: what autosave, the crash handler and the signal handler write, and what the
//! next start offers to restore. A snapshot lives beside its project (`NAME.ron.recovery`), or in
//! the data folder for a project never saved, or whose folder cannot be written (read-only
//! media, a full disk).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::atomic_save::write_atomic_no_backup;
use crate::file_error::FileError;
use crate::model::Project;
use crate::project_file::{project_from_ron, project_to_ron, read_text_limited};

/// The recovery file for the project saved at `project_path`.
pub fn recovery_path(project_path: &Path) -> PathBuf {
    let mut name = project_path.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    project_path.with_file_name(name)
}

/// Where snapshots of never-saved projects go: `$MARGINALIA_DATA_DIR`, else
/// `$XDG_DATA_HOME/marginalia/recovery`, else `~/.local/share/marginalia/recovery`.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("MARGINALIA_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("marginalia").join("recovery"))
}

/// The recovery file for a never-saved project named `name`.
pub fn untitled_recovery_path(name: &str) -> Option<PathBuf> {
    let stem = crate::formats::safe_name::safe_stem(name);
    Some(data_dir()?.join(format!("untitled-{stem}.ron")))
}

/// The data-folder copy of the recovery file for `project_path`, used when its own folder cannot
/// be written; named after the project and a hash of its full path, so two `notes.ron` in
/// different folders never share one.
pub fn fallback_recovery_path(project_path: &Path) -> Option<PathBuf> {
    let full = std::path::absolute(project_path).unwrap_or_else(|_| project_path.to_path_buf());
    let hash = crate::model::sha256_hex(&full.to_string_lossy());
    let stem = project_path
        .file_stem()
        .map(|s| crate::formats::safe_name::safe_stem(&s.to_string_lossy()))
        .unwrap_or_default();
    Some(data_dir()?.join(format!("{stem}-{}.ron.recovery", &hash[..12])))
}

/// Write the recovery snapshot of `project`, saved at `project_path` (or never saved): beside the
/// project, else in the data folder. Returns where it went, or both reasons it could not.
pub fn write_recovery(
    project: &Project,
    project_path: Option<&Path>,
) -> Result<PathBuf, FileError> {
    let Some(project_path) = project_path else {
        let target = untitled_recovery_path(&project.name).ok_or(FileError::NoDataFolder)?;
        return write_snapshot(project, &target)
            .map(|()| target.clone())
            .map_err(|e| FileError::io(&target, e));
    };
    let beside = recovery_path(project_path);
    let first = match write_snapshot(project, &beside) {
        Ok(()) => return Ok(beside),
        Err(e) => FileError::io(&beside, e),
    };
    let Some(fallback) = fallback_recovery_path(project_path) else {
        return Err(first);
    };
    match write_snapshot(project, &fallback) {
        Ok(()) => Ok(fallback),
        Err(e) => Err(FileError::Both {
            first: Box::new(first),
            second: Box::new(FileError::io(&fallback, e)),
        }),
    }
}

/// Delete every recovery file of the project at `project_path` (after a normal save).
pub fn remove_recovery(project_path: &Path) {
    let _ = std::fs::remove_file(recovery_path(project_path));
    if let Some(fallback) = fallback_recovery_path(project_path) {
        let _ = std::fs::remove_file(fallback);
    }
}

/// Delete every snapshot of a project that is saved at `project_path`, or never saved and named
/// `name`: after a save, Save As or Discard nothing unsaved is left for them to hold.
pub fn remove_snapshots(project_path: Option<&Path>, name: &str) {
    match project_path {
        Some(path) => remove_recovery(path),
        None => {
            if let Some(untitled) = untitled_recovery_path(name) {
                let _ = std::fs::remove_file(untitled);
            }
        }
    }
}

/// Write a snapshot of `project` to `path` atomically (creating the folder if needed).
pub fn write_snapshot(project: &Project, path: &Path) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    write_atomic_no_backup(path, project_to_ron(project).as_bytes())
}

/// A snapshot that could be restored.
#[derive(Debug, Clone)]
pub struct Offer {
    /// The snapshot file.
    pub path: PathBuf,
    /// The project it holds.
    pub project: Project,
    /// How many annotations differ from the saved project (all of them when there is none).
    pub differences: usize,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The snapshot of the project at `project_path`, if one exists, is newer than the project, and
/// loads. `saved` is the project as loaded from disk, to count what differs.
pub fn offer_for(project_path: &Path, saved: Option<&Project>) -> Option<Offer> {
    let project_time = modified(project_path);
    let newest = [
        Some(recovery_path(project_path)),
        fallback_recovery_path(project_path),
    ]
    .into_iter()
    .flatten()
    .filter_map(|path| Some((modified(&path)?, path)))
    .filter(|(time, _)| project_time.is_none_or(|p| *time >= p))
    .max_by_key(|(time, _)| *time)?;
    load_offer(&newest.1, saved)
}

/// The newest snapshot of a never-saved project in the data folder.
pub fn newest_untitled() -> Option<Offer> {
    let dir = data_dir()?;
    let newest = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("untitled-"))
        })
        .max_by_key(|p| modified(p))?;
    load_offer(&newest, None)
}

fn load_offer(path: &Path, saved: Option<&Project>) -> Option<Offer> {
    let text = read_text_limited(path).ok()?;
    let project = project_from_ron(&text, path).ok()?;
    let differences = match saved {
        Some(saved) => crate::merge::count_differences(saved, &project),
        None => project.annotation_count(),
    };
    Some(Offer {
        path: path.to_path_buf(),
        project,
        differences,
    })
}
