//! Watching the open project's file for changes made elsewhere (a `git pull`, a colleague's
//! copy, a sync folder), so the window wakes only when the file changed and does no polling while
//! it is idle. The folder is watched rather than the file, because a save replaces the file by
//! renaming a new one over it; events for other files in the folder are ignored.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use notify::Watcher as _;

/// A watch on one project file.
pub struct FileWatch {
    path: PathBuf,
    changed: Arc<AtomicBool>,
    /// `None` when the system refused a watch (no inotify, its limit reached): the caller polls.
    watcher: Option<notify::RecommendedWatcher>,
}

impl FileWatch {
    /// Watch `path`; `ctx` is woken (one repaint) whenever it may have changed.
    pub fn new(ctx: &egui::Context, path: &Path) -> Self {
        let changed = Arc::new(AtomicBool::new(false));
        let name = path.file_name().map(std::ffi::OsStr::to_os_string);
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let flag = Arc::clone(&changed);
        let ctx = ctx.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            if event.paths.iter().any(|p| p.file_name() == name.as_deref()) {
                flag.store(true, Ordering::SeqCst);
                ctx.request_repaint();
            }
        })
        .and_then(|mut w| {
            w.watch(&folder, notify::RecursiveMode::NonRecursive)?;
            Ok(w)
        })
        .ok();
        Self {
            path: path.to_path_buf(),
            changed,
            watcher,
        }
    }

    /// The file this watches.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the system gave a watch; otherwise the caller has to look now and then.
    pub fn is_watching(&self) -> bool {
        self.watcher.is_some()
    }

    /// Whether the file may have changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for(what: impl Fn() -> bool) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(10) {
            if what() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_replaced_file_is_noticed_and_its_neighbours_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("work.ron");
        std::fs::write(&path, "one").unwrap();
        let watch = FileWatch::new(&egui::Context::default(), &path);
        assert!(watch.is_watching(), "inotify is available in tests");
        assert!(!watch.take_changed());
        // A snapshot beside it, and a temporary file, are not the project.
        std::fs::write(dir.path().join("work.ron.recovery"), "x").unwrap();
        std::fs::write(dir.path().join("other.ron"), "x").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(
            !watch.take_changed(),
            "other files in the folder are ignored"
        );
        // A save elsewhere replaces the file by renaming a new one over it.
        let tmp = dir.path().join(".work.ron.tmp");
        std::fs::write(&tmp, "two").unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        assert!(
            wait_for(|| watch.take_changed()),
            "the replacement is noticed"
        );
        assert!(!watch.take_changed(), "once");
    }
}
