//! Undo and redo, as stacks of inverse edits: cheap on a book-length document because nothing
//! is snapshotted, only the change.

use crate::edit::{Edit, EditError};
use crate::model::Project;

/// How many steps are kept before the oldest is forgotten.
pub const MAX_UNDO_STEPS: usize = 1000;

#[derive(Debug, Clone)]
struct Step {
    description: String,
    inverse: Edit,
}

/// The undo and redo stacks of one open project.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Apply `edit` to `project` as one undoable step described by `description`.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        description: impl Into<String>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(project)?;
        self.undo.push(Step {
            description: description.into(),
            inverse,
        });
        if self.undo.len() > MAX_UNDO_STEPS {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step; returns its description, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Option<Result<String, EditError>> {
        let step = self.undo.pop()?;
        Some(match step.inverse.apply(project) {
            Ok(redo) => {
                let description = step.description.clone();
                self.redo.push(Step {
                    description: step.description,
                    inverse: redo,
                });
                Ok(description)
            }
            Err(err) => Err(err),
        })
    }

    /// Redo the last undone step; returns its description.
    pub fn redo(&mut self, project: &mut Project) -> Option<Result<String, EditError>> {
        let step = self.redo.pop()?;
        Some(match step.inverse.apply(project) {
            Ok(undo) => {
                let description = step.description.clone();
                self.undo.push(Step {
                    description: step.description,
                    inverse: undo,
                });
                Ok(description)
            }
            Err(err) => Err(err),
        })
    }

    /// What Undo would do, for the menu.
    pub fn undo_description(&self) -> Option<&str> {
        self.undo.last().map(|s| s.description.as_str())
    }

    /// What Redo would do, for the menu.
    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|s| s.description.as_str())
    }

    /// Forget everything, as when another project is opened.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
