//! The project open in the window, with its file, unsaved state and undo history.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::atomic_save::write_atomic;
use crate::background::Progress;
use crate::edit::{Edit, EditError};
use crate::history::History;
use crate::import::{import_article_with, ImportOptions};
use crate::merge::{merge, MergeConflict};
use crate::model::sha256_hex;
use crate::model::{Document, Project};
use crate::project_file::{project_from_ron, project_to_ron, read_text_limited};

/// Project files over this size are shown before their annotations are in.
pub const PREVIEW_FROM_BYTES: usize = 1 << 20;
use crate::recovery::remove_recovery;

/// The bundled sample project, opened when Marginalia starts without a file.
pub const SAMPLE_PROJECT: &str = include_str!("../projects/acting-on-xis-vision.ron");

/// A process-wide counter, so no two states of any two sessions share a revision.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// An open project and everything needed to save it and undo changes to it.
pub struct Session {
    /// The model; changed only through [`Session::apply`], undo and redo. Shared, so autosave
    /// hands the writer thread the project itself instead of a copy (a change made while the
    /// writer still holds it copies it once, then).
    project: Arc<Project>,
    /// Where Save writes; `None` until the user picks a file (sample, imported article).
    pub path: Option<PathBuf>,
    /// True when there are changes not yet saved.
    pub dirty: bool,
    /// The history's state when the project was last loaded or saved (`None`: never saved, as an
    /// imported article). Undoing back to it leaves nothing unsaved.
    saved_state: Option<u64>,
    /// Undo and redo stacks.
    pub history: History,
    /// Index of the document shown.
    pub document: usize,
    /// Changes on every edit, and differs between sessions, so caches derived from annotations
    /// know when to rebuild.
    pub revision: u64,
    /// The file as this session last read or wrote it, to notice someone else's changes and to
    /// merge with them.
    disk: Option<DiskState>,
    /// Active time was counted since the last save: the only change that is not an edit (time
    /// is not undone), so it is tracked beside the history.
    time_unsaved: bool,
}

/// The project file's content when this session last loaded or saved it.
struct DiskState {
    text: String,
    hash: String,
    /// Size and modification time then, so a look at the file's metadata tells whether it may
    /// have changed without reading it.
    stamp: Option<(u64, std::time::SystemTime)>,
}

fn file_stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

impl DiskState {
    fn new(text: String, path: &Path) -> Self {
        Self {
            hash: sha256_hex(&text),
            stamp: file_stamp(path),
            text,
        }
    }
}

/// What a look at the project file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskCheck {
    /// Nothing changed (or there is no file).
    Unchanged,
    /// Someone else's version was loaded in place of the unchanged one; how many annotations
    /// differ.
    Reloaded(usize),
    /// The file changed, but this session has unsaved work; Save will offer to merge.
    ChangedUnderUnsavedWork,
    /// The file changed but could not be read or is damaged; nothing was touched.
    Unreadable(String),
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveProblem {
    /// The file changed on disk since it was loaded or saved here.
    ChangedOnDisk,
    /// Writing failed; the message names the file and the reason.
    Failed(String),
}

impl Session {
    /// A session over a project that is not yet tied to a file.
    pub fn unsaved(project: Project) -> Self {
        Self {
            project: Arc::new(project),
            path: None,
            dirty: false,
            saved_state: Some(0),
            history: History::default(),
            document: 0,
            revision: next_revision(),
            disk: None,
            time_unsaved: false,
        }
    }

    /// The bundled sample; saving it asks for a new file so the shipped copy stays pristine.
    pub fn sample() -> Self {
        let project = crate::project_file::project_from_ron(SAMPLE_PROJECT, Path::new("sample"))
            .unwrap_or_else(|_| Project::new("Untitled"));
        Self::unsaved(project)
    }

    /// Open a project file, or import an article (text, a saved web page, PDF, Word,
    /// OpenDocument, EPUB) as a new project.
    pub fn open(path: &Path) -> Result<(Self, Option<String>), String> {
        Self::open_with_progress(path, ImportOptions::default(), &Progress::default())
    }

    /// [`Session::open`], reporting progress and stopping early when cancelled.
    pub fn open_with_progress(
        path: &Path,
        options: ImportOptions,
        progress: &Progress,
    ) -> Result<(Self, Option<String>), String> {
        Self::open_previewing(path, options, progress, &mut |_| {})
    }

    /// [`Session::open_with_progress`], handing `preview` the project's documents without their
    /// annotations as soon as their texts are read, before the annotations are parsed and the
    /// whole is validated (a window shows the text meanwhile, read-only).
    pub fn open_previewing(
        path: &Path,
        options: ImportOptions,
        progress: &Progress,
        preview: &mut dyn FnMut(Project),
    ) -> Result<(Self, Option<String>), String> {
        let is_project = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        if is_project {
            let text = read_text_limited(path).map_err(|e| e.to_string())?;
            progress.set(0.2);
            if progress.is_cancelled() {
                return Err("cancelled".into());
            }
            progress.set(0.3);
            // Small files load in less time than showing a preview would save.
            let project = if text.len() > PREVIEW_FROM_BYTES {
                crate::project_file::project_from_ron_previewing(&text, path, preview)
            } else {
                project_from_ron(&text, path)
            }
            .map_err(|e| e.to_string())?;
            progress.set(0.9);
            // Build the offset tables now, off the UI thread.
            for doc in &project.documents {
                doc.offsets();
            }
            let mut session = Self::unsaved(project);
            session.path = Some(path.to_path_buf());
            session.disk = Some(DiskState::new(text, path));
            return Ok((session, None));
        }
        let imported = import_article_with(path, options).map_err(|e| e.to_string())?;
        let mut note = format!(
            "Imported {} ({} characters, {}{}). Save to choose where the project goes.",
            path.display(),
            imported.document.char_len(),
            imported.document.source.encoding,
            if imported.encoding_guessed {
                ", detected"
            } else {
                ""
            }
        );
        for line in &imported.notes {
            note.push_str(&format!("\n{line}"));
        }
        let mut project = Project::new(imported.document.title.clone());
        project.documents.push(imported.document);
        let mut session = Self::unsaved(project);
        session.mark_unsaved();
        Ok((session, Some(note)))
    }

    /// The open project. It changes only through [`Session::apply`] (and undo, redo, reload),
    /// so every change is in the history.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The open project, shared: what autosave writes from its own thread, at no cost to the
    /// window's.
    pub fn shared_project(&self) -> Arc<Project> {
        Arc::clone(&self.project)
    }

    /// The document shown.
    pub fn document(&self) -> Option<&Document> {
        self.project.documents.get(self.document)
    }

    /// Apply an edit as one undo step.
    pub fn apply(&mut self, edit: Edit, description: &str) -> Result<(), EditError> {
        self.history
            .apply(Arc::make_mut(&mut self.project), edit, description)?;
        self.changed();
        Ok(())
    }

    /// Undo one step; returns what was undone.
    pub fn undo(&mut self) -> Option<Result<String, EditError>> {
        let result = self.history.undo(Arc::make_mut(&mut self.project));
        if matches!(result, Some(Ok(_))) {
            self.changed();
        }
        result
    }

    /// Redo one step; returns what was redone.
    pub fn redo(&mut self) -> Option<Result<String, EditError>> {
        let result = self.history.redo(Arc::make_mut(&mut self.project));
        if matches!(result, Some(Ok(_))) {
            self.changed();
        }
        result
    }

    /// A read-only view project (a comparison's lanes) was updated in place: caches derived from
    /// its annotations rebuild, and nothing becomes unsaved.
    pub fn view_changed(&mut self) {
        self.revision = next_revision();
    }

    fn changed(&mut self) {
        // Undoing an import can take the shown document away.
        self.document = self
            .document
            .min(self.project.documents.len().saturating_sub(1));
        self.dirty = self.edits_unsaved() || self.time_unsaved;
        self.revision = next_revision();
    }

    /// True when edits were made (or undone) since the project was last loaded or saved.
    pub fn edits_unsaved(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// True when the only thing not saved is counted time, which the window writes by itself on
    /// close rather than asking.
    pub fn only_time_unsaved(&self) -> bool {
        self.time_unsaved && !self.edits_unsaved()
    }

    /// Add `seconds` of `annotator`'s active time to the document with id `document` (not an
    /// undoable edit: time spent is not taken back by undo). Nothing happens if the document is
    /// gone (it was removed while the clock ran).
    pub fn add_time(&mut self, document: &str, annotator: &str, seconds: u64) {
        if seconds == 0 {
            return;
        }
        let Some(index) = self.project.documents.iter().position(|d| d.id == document) else {
            return;
        };
        Arc::make_mut(&mut self.project).documents[index].add_time(annotator, seconds);
        self.time_unsaved = true;
        self.changed();
    }

    /// The project exists in no file yet (an import): unsaved whatever is undone.
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
        self.dirty = true;
    }

    /// Delete the recovery snapshots of this project as it is known now (its file, or untitled).
    pub fn drop_snapshots(&self) {
        crate::recovery::remove_snapshots(self.path.as_deref(), &self.project.name);
    }

    /// The user chose to drop the unsaved changes (they stay in memory until the window closes
    /// or another project opens).
    pub fn discard_changes(&mut self) {
        self.saved_state = Some(self.history.state());
        self.time_unsaved = false;
        self.dirty = false;
    }

    /// Save to `path` and make it the file Save writes to from now on. Unless `force`, refuses
    /// when the file changed on disk since this session last read or wrote it.
    pub fn save_to(&mut self, path: &Path, force: bool) -> Result<(), SaveProblem> {
        let same_file = self.path.as_deref() == Some(path);
        if !force && same_file && path.exists() {
            if let Some(disk) = &self.disk {
                let current = std::fs::read(path)
                    .map_err(|e| SaveProblem::Failed(format!("{}: {e}", path.display())))?;
                let current = String::from_utf8_lossy(&current);
                if sha256_hex(&current) != disk.hash {
                    return Err(SaveProblem::ChangedOnDisk);
                }
            }
        }
        let text = project_to_ron(&self.project);
        write_atomic(path, text.as_bytes())
            .map_err(|e| SaveProblem::Failed(format!("{}: could not save: {e}", path.display())))?;
        // The work is in a file now: no snapshot of it, under the new name or the old, is left
        // to offer it again.
        remove_recovery(path);
        self.drop_snapshots();
        self.path = Some(path.to_path_buf());
        self.disk = Some(DiskState::new(text, path));
        self.saved_state = Some(self.history.state());
        self.time_unsaved = false;
        self.dirty = false;
        Ok(())
    }

    /// Look whether the project file changed on disk (a colleague's copy, a `git pull`). With no
    /// unsaved work here, the new version is loaded; with unsaved work, nothing is touched and
    /// the next save offers to merge. Cheap when nothing changed: one metadata call.
    pub fn check_disk(&mut self) -> DiskCheck {
        let (Some(path), Some(disk)) = (self.path.clone(), self.disk.as_mut()) else {
            return DiskCheck::Unchanged;
        };
        let stamp = file_stamp(&path);
        if stamp.is_none() || stamp == disk.stamp {
            return DiskCheck::Unchanged;
        }
        let text = match read_text_limited(&path) {
            Ok(text) => text,
            Err(e) => return DiskCheck::Unreadable(e.to_string()),
        };
        if sha256_hex(&text) == disk.hash {
            disk.stamp = stamp;
            return DiskCheck::Unchanged;
        }
        if self.dirty {
            // Report once per change on disk.
            disk.stamp = stamp;
            return DiskCheck::ChangedUnderUnsavedWork;
        }
        let theirs = match project_from_ron(&text, &path) {
            Ok(project) => project,
            Err(e) => {
                disk.stamp = stamp;
                return DiskCheck::Unreadable(e.to_string());
            }
        };
        let differences = crate::merge::count_differences(&self.project, &theirs);
        self.project = Arc::new(theirs);
        self.disk = Some(DiskState {
            hash: sha256_hex(&text),
            stamp,
            text,
        });
        self.history.clear();
        self.saved_state = Some(self.history.state());
        self.document = self
            .document
            .min(self.project.documents.len().saturating_sub(1));
        self.revision = next_revision();
        DiskCheck::Reloaded(differences)
    }

    /// Merge what is on disk now into this session's work, against the version this session
    /// loaded. The result replaces the project (unsaved); conflicts are returned for the user.
    pub fn merge_from_disk(&mut self) -> Result<(Vec<MergeConflict>, Vec<String>), String> {
        let path = self.path.clone().ok_or("this project has no file yet")?;
        let theirs_text = read_text_limited(&path).map_err(|e| e.to_string())?;
        let theirs = project_from_ron(&theirs_text, &path).map_err(|e| e.to_string())?;
        let base = match &self.disk {
            Some(disk) => project_from_ron(&disk.text, &path).map_err(|e| e.to_string())?,
            None => theirs.clone(),
        };
        let result = merge(&base, &self.project, &theirs).map_err(|e| e.to_string())?;
        self.project = Arc::new(result.project);
        self.disk = Some(DiskState::new(theirs_text, &path));
        self.history.clear();
        // The merged project is in no file yet.
        self.saved_state = None;
        self.document = self
            .document
            .min(self.project.documents.len().saturating_sub(1));
        self.changed();
        Ok((result.conflicts, result.field_conflicts))
    }

    /// Add imported documents at the end of the corpus as one undo step, making their ids
    /// unique in the project.
    pub fn add_documents(&mut self, documents: Vec<Document>) -> Result<(), EditError> {
        if documents.is_empty() {
            return Ok(());
        }
        let mut unique: Vec<Document> = Vec::with_capacity(documents.len());
        for mut doc in documents {
            doc.id = crate::unique::unique_name(&doc.id, |id| {
                self.project.documents.iter().any(|d| d.id == id)
                    || unique.iter().any(|d| d.id == id)
            });
            unique.push(doc);
        }
        let description = match unique.len() {
            1 => format!("add article \"{}\"", unique[0].title),
            n => format!("add {n} articles"),
        };
        let at = self.project.documents.len();
        self.apply(
            Edit::InsertDocuments {
                at,
                documents: unique,
            },
            &description,
        )
    }

    /// Record how far the annotator has come with document `index` (undoable).
    pub fn set_doc_status(&mut self, index: usize, status: crate::model::DocStatus) {
        if self
            .project
            .documents
            .get(index)
            .is_some_and(|doc| doc.status != status)
        {
            let description = format!("mark document {} {}", index + 1, status.as_str());
            let _ = self.apply(
                Edit::SetDocumentStatus {
                    document: index,
                    status,
                },
                &description,
            );
        }
    }

    /// Answer document field `field` of document `index` (undoable); nothing when unchanged.
    pub fn set_doc_field(
        &mut self,
        index: usize,
        field: &str,
        values: Vec<String>,
    ) -> Result<(), EditError> {
        let Some(doc) = self.project.documents.get(index) else {
            return Err(EditError::NoDocument(index));
        };
        if doc.field_values(field) == values.as_slice() {
            return Ok(());
        }
        let description = if values.is_empty() {
            format!("clear {field} of \"{}\"", doc.title)
        } else {
            format!("set {field} of \"{}\" to {}", doc.title, values.join(", "))
        };
        self.apply(
            Edit::SetDocumentField {
                document: index,
                field: field.to_owned(),
                values,
            },
            &description,
        )
    }

    /// Replace the project with a recovered snapshot (unsaved; the file is unchanged).
    pub fn restore(&mut self, project: Project) {
        self.project = Arc::new(project);
        self.history.clear();
        self.document = 0;
        self.changed();
    }

    /// The project file's name for messages and the title, or "not saved".
    pub fn file_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "not saved".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The window title: project name, file name, and a dot while unsaved.
    pub fn window_title(&self) -> String {
        let file = self.file_name();
        let dot = if self.dirty { "● " } else { "" };
        format!("{dot}{} ({file}) — Marginalia", self.project.name)
    }
}
