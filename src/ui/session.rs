//! The project open in the window, with its file, unsaved state and undo history.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError};
use crate::history::History;
use crate::import::import_article;
use crate::model::{Document, Project};
use crate::project_file::{load_project, save_project};

/// The bundled sample project, opened when Marginalia starts without a file.
pub const SAMPLE_PROJECT: &str = include_str!("../../projects/acting-on-xis-vision.ron");

/// An open project and everything needed to save it and undo changes to it.
pub struct Session {
    /// The model; changed only through [`Session::apply`], undo and redo.
    pub project: Project,
    /// Where Save writes; `None` until the user picks a file (sample, imported article).
    pub path: Option<PathBuf>,
    /// True when there are changes not yet saved.
    pub dirty: bool,
    /// Undo and redo stacks.
    pub history: History,
    /// Index of the document shown.
    pub document: usize,
    /// Bumped on every change, so caches derived from annotations know to rebuild.
    pub revision: u64,
}

impl Session {
    /// A session over a project that is not yet tied to a file.
    pub fn unsaved(project: Project) -> Self {
        Self {
            project,
            path: None,
            dirty: false,
            history: History::default(),
            document: 0,
            revision: 0,
        }
    }

    /// The bundled sample; saving it asks for a new file so the shipped copy stays pristine.
    pub fn sample() -> Self {
        let project = crate::project_file::project_from_ron(SAMPLE_PROJECT, Path::new("sample"))
            .unwrap_or_else(|_| Project::new("Untitled"));
        Self::unsaved(project)
    }

    /// Open a project file, or import an article (`.txt`, `.md`, `.html`) as a new project.
    pub fn open(path: &Path) -> Result<(Self, Option<String>), String> {
        let is_project = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
        if is_project {
            let project = load_project(path).map_err(|e| e.to_string())?;
            let mut session = Self::unsaved(project);
            session.path = Some(path.to_path_buf());
            return Ok((session, None));
        }
        let imported = import_article(path).map_err(|e| e.to_string())?;
        let note = format!(
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
        let mut project = Project::new(imported.document.title.clone());
        project.documents.push(imported.document);
        let mut session = Self::unsaved(project);
        session.dirty = true;
        Ok((session, Some(note)))
    }

    /// The document shown.
    pub fn document(&self) -> Option<&Document> {
        self.project.documents.get(self.document)
    }

    /// Apply an edit as one undo step.
    pub fn apply(&mut self, edit: Edit, description: &str) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, description)?;
        self.changed();
        Ok(())
    }

    /// Undo one step; returns what was undone.
    pub fn undo(&mut self) -> Option<Result<String, EditError>> {
        let result = self.history.undo(&mut self.project);
        if matches!(result, Some(Ok(_))) {
            self.changed();
        }
        result
    }

    /// Redo one step; returns what was redone.
    pub fn redo(&mut self) -> Option<Result<String, EditError>> {
        let result = self.history.redo(&mut self.project);
        if matches!(result, Some(Ok(_))) {
            self.changed();
        }
        result
    }

    fn changed(&mut self) {
        self.dirty = true;
        self.revision += 1;
    }

    /// Save to `path` and make it the file Save writes to from now on.
    pub fn save_to(&mut self, path: &Path) -> Result<(), String> {
        save_project(&self.project, path).map_err(|e| e.to_string())?;
        self.path = Some(path.to_path_buf());
        self.dirty = false;
        Ok(())
    }

    /// The window title: project name, file name, and a dot while unsaved.
    pub fn window_title(&self) -> String {
        let file = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "not saved".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dot = if self.dirty { "● " } else { "" };
        format!("{dot}{} ({file}) — Marginalia", self.project.name)
    }
}
