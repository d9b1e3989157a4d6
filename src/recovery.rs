//! Recovery snapshots: what autosave, the crash handler and the signal handler write, and what the
//! next start offers to restore. A snapshot lives beside its project (`NAME.ron.recovery`), or in
//! the data folder for a project never saved.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::atomic_save::write_atomic_no_backup;
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
    let path = recovery_path(project_path);
    let snap_time = modified(&path)?;
    if let Some(project_time) = modified(project_path) {
        if snap_time < project_time {
            return None;
        }
    }
    load_offer(&path, saved)
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
