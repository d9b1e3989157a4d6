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
    /// The state this step leads to, kept when the step moves between the stacks.
    state: u64,
}

/// The undo and redo stacks of one open project.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The last state number handed out.
    last_state: u64,
    /// The state before the oldest step still kept (0 until a step is forgotten).
    floor: u64,
    /// The annotation the last undo or redo put back: (document, id).
    touched: Option<(usize, u64)>,
    /// The annotation the last applied edit added: (document, id).
    added: Option<(usize, u64)>,
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
        self.added = inverse.removed();
        self.last_state += 1;
        self.undo.push(Step {
            description: description.into(),
            inverse,
            state: self.last_state,
        });
        if self.undo.len() > MAX_UNDO_STEPS {
            self.floor = self.undo.remove(0).state;
        }
        self.redo.clear();
        Ok(())
    }

    /// Undo the last step; returns its description, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Option<Result<String, EditError>> {
        let step = self.undo.pop()?;
        self.touched = step.inverse.touched();
        Some(match step.inverse.apply(project) {
            Ok(redo) => {
                let description = step.description.clone();
                self.redo.push(Step {
                    description: step.description,
                    inverse: redo,
                    state: step.state,
                });
                Ok(description)
            }
            Err(err) => Err(err),
        })
    }

    /// Redo the last undone step; returns its description.
    pub fn redo(&mut self, project: &mut Project) -> Option<Result<String, EditError>> {
        let step = self.redo.pop()?;
        self.touched = step.inverse.touched();
        Some(match step.inverse.apply(project) {
            Ok(undo) => {
                let description = step.description.clone();
                self.undo.push(Step {
                    description: step.description,
                    inverse: undo,
                    state: step.state,
                });
                Ok(description)
            }
            Err(err) => Err(err),
        })
    }

    /// A number for the project's current state: the same after undo and redo return to a state,
    /// different after any new change. Compared with the state at the last save, it tells whether
    /// there is unsaved work.
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(self.floor, |s| s.state)
    }

    /// The annotation the last undo or redo put back, (document, id), if it put one back.
    pub fn last_restored(&self) -> Option<(usize, u64)> {
        self.touched
    }

    /// The annotation the last applied edit added (its id was given when it was applied), if it
    /// added one.
    pub fn last_added(&self) -> Option<(usize, u64)> {
        self.added
    }

    /// What Undo would do, for the menu.
    pub fn undo_description(&self) -> Option<&str> {
        self.undo.last().map(|s| s.description.as_str())
    }

    /// What Redo would do, for the menu.
    pub fn redo_description(&self) -> Option<&str> {
        self.redo.last().map(|s| s.description.as_str())
    }

    /// Forget everything, as when the project is replaced (a reload, a merge, a restore).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        // A new state: whatever replaced the project is not the one saved before.
        self.last_state += 1;
        self.floor = self.last_state;
    }
}
