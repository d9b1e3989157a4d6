//! A big project shown while it loads: the worker hands over the documents' texts as soon as
//! they are read, the window shows them (read-only, with a progress line instead of the modal
//! progress window), and the whole project, validated, takes their place when it is in. Editing
//! waits until then; a failed or cancelled load brings back what was shown before.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{MarginaliaApp, RunningTask};
use crate::background::{Progress, Task};
use crate::model::Project;
use crate::session::Session;
use crate::ui::actions::Action;
use crate::ui::commands::Command;
use crate::ui::progress_window::{progress_ui, waker};

/// Opening a project on the worker thread.
pub(crate) struct OpenTask {
    path: PathBuf,
    task: Task<Result<(Session, Option<String>), String>>,
    preview: Arc<Mutex<Option<Project>>>,
    /// What was shown before the preview took its place.
    previous: Option<Session>,
}

impl OpenTask {
    pub(super) fn label(&self) -> String {
        self.task.label.clone()
    }

    pub(super) fn progress(&self) -> Arc<Progress> {
        self.task.progress.clone()
    }
}

/// What can run while a preview is shown: moving about and looking, never a change.
fn allowed_while_loading(action: &Action) -> bool {
    use Command::*;
    match action {
        Action::Navigation(_) | Action::Notify(_) => true,
        Action::Run(command) => matches!(
            command,
            Quit | Find
                | FindNext
                | FindPrevious
                | ToggleSidePanel
                | LargerText
                | SmallerText
                | DefaultTextSize
                | ShowHelp
                | ShowStats
                | NextDocument
                | PreviousDocument
                | CaretLeft
                | CaretRight
                | CaretWordLeft
                | CaretWordRight
                | CaretLineUp
                | CaretLineDown
                | SelectLeft
                | SelectRight
                | SelectWordLeft
                | SelectWordRight
                | SelectLineUp
                | SelectLineDown
                | Escape
        ),
        _ => false,
    }
}

impl MarginaliaApp {
    /// Open `path` on the worker thread, showing its text as soon as it is read.
    pub(super) fn open_in_background(&mut self, ctx: &egui::Context, path: &Path) {
        let target = path.to_path_buf();
        let options = self.import_options();
        let preview = Arc::new(Mutex::new(None));
        let slot = preview.clone();
        let wake_preview = ctx.clone();
        let task = Task::spawn(
            format!("Opening {}…", path.display()),
            waker(ctx),
            move |progress| {
                Session::open_previewing(&target, options, progress, &mut |first| {
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(first);
                    }
                    wake_preview.request_repaint();
                })
            },
        );
        self.task = Some(RunningTask::Open(Box::new(OpenTask {
            path: path.to_path_buf(),
            task,
            preview,
            previous: None,
        })));
    }

    /// True while a project's text is shown before its annotations are in.
    pub fn is_loading(&self) -> bool {
        matches!(&self.task, Some(RunningTask::Open(open)) if open.previous.is_some())
    }

    /// Refuse an action that would change the project while it is still loading.
    pub(super) fn refused_while_loading(&mut self, action: &Action) -> bool {
        if !self.is_loading() || allowed_while_loading(action) {
            return false;
        }
        self.notes
            .refused("Still reading the annotations: editing waits until they are in (a moment).");
        true
    }

    /// Show the open's progress, its preview when it comes, and its result when it is done.
    pub(super) fn poll_open(&mut self, ctx: &egui::Context, mut open: Box<OpenTask>) {
        if open.previous.is_none() {
            let first = open.preview.lock().ok().and_then(|mut p| p.take());
            if let Some(first) = first {
                let shown = Session::unsaved(first);
                open.previous = Some(std::mem::replace(&mut self.session, shown));
                self.view.reset();
            }
        }
        let cancelled = if open.previous.is_some() {
            loading_line_ui(ctx, &open.task.progress)
        } else {
            progress_ui(ctx, &open.label(), &open.task.progress)
        };
        if cancelled {
            open.task.cancel();
            self.restore_previous(&mut open);
            self.notes.info(format!("Cancelled: {}", open.label()));
            return;
        }
        match open.task.poll() {
            Some(Ok((session, note))) => {
                let previewed = open.previous.take().is_some();
                if previewed {
                    // Keep where the reader is: the same documents, now with annotations.
                    let view = std::mem::take(&mut self.view);
                    self.take_session(session);
                    self.view = view;
                } else {
                    self.take_session(session);
                }
                let path = open.path.display().to_string();
                self.notes
                    .info(note.unwrap_or_else(|| format!("Opened {path}")));
                self.check_recovery();
            }
            Some(Err(err)) => {
                self.restore_previous(&mut open);
                self.notes.error(format!("Could not open: {err}"));
            }
            None => self.task = Some(RunningTask::Open(open)),
        }
    }

    fn restore_previous(&mut self, open: &mut OpenTask) {
        if let Some(previous) = open.previous.take() {
            self.session = previous;
            self.view.reset();
        }
    }
}

/// The line that says the annotations are still coming, with Cancel; true when cancelled.
fn loading_line_ui(ctx: &egui::Context, progress: &Progress) -> bool {
    let mut cancel = false;
    egui::Window::new("Loading annotations")
        .title_bar(false)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -36.0))
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    "Reading the annotations… the text is shown; editing waits until they are in.",
                );
                ui.add(
                    egui::ProgressBar::new(progress.fraction())
                        .desired_width(120.0)
                        .animate(true),
                );
                cancel = ui.button("Cancel").clicked();
            });
        });
    ctx.request_repaint_after(std::time::Duration::from_millis(50));
    cancel
}
