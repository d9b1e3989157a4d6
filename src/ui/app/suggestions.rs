//! Suggestions in the window: computed when the project changes (on a worker thread for large
//! projects), drawn on the text, stepped through, accepted and rejected as undoable edits.

use super::*;
use crate::edit::EditError;
use crate::suggest::{accept_all_edit, accept_edit, reject_edit, suggest, SuggestOptions};
use crate::ui::commands::Command;
use crate::ui::suggestion_panel::Computed;

impl MarginaliaApp {
    /// Bring the suggestions up to date with the project, and the text view's marks with them.
    pub(super) fn refresh_suggestions(&mut self, ctx: &egui::Context) {
        if !self.suggestions.show {
            self.return_marks();
            return;
        }
        let revision = self.session.revision;
        self.poll_suggestions();
        let stale = self.suggestions.computed != Some(revision);
        let running = self
            .suggestions
            .task
            .as_ref()
            .is_some_and(|(r, _)| *r == revision);
        if stale && !running {
            let options = SuggestOptions {
                only: None,
                gazetteer: self.suggestions.gazetteer.clone(),
            };
            let size: u64 = self
                .session
                .project()
                .documents
                .iter()
                .map(|d| d.text().len() as u64)
                .sum();
            if size > self.background_bytes {
                let project = self.session.project().clone();
                let task = Task::spawn("Suggesting…", waker(ctx), move |_| {
                    Computed::new(suggest(&project, &options), &project)
                });
                self.suggestions.task = Some((revision, task));
            } else {
                // Small enough to be in the same frame: a name tagged now is suggested now.
                let list = suggest(self.session.project(), &options);
                let computed = Computed::new(list, self.session.project());
                self.take_suggestions(revision, computed);
            }
        }
        self.mark_suggestions();
    }

    fn poll_suggestions(&mut self) {
        let Some((revision, task)) = self.suggestions.task.take() else {
            return;
        };
        match task.poll() {
            Some(list) => self.take_suggestions(revision, list),
            None => self.suggestions.task = Some((revision, task)),
        }
    }

    fn take_suggestions(&mut self, revision: u64, computed: Computed) {
        // The marks the view holds belong to the old list.
        self.view.suggestion_marks.clear();
        self.suggestions.marked = None;
        self.suggestions.counts = computed.counts;
        self.suggestions.records = computed.records;
        self.suggestions.list = computed.list;
        self.suggestions.marks = computed.marks;
        self.suggestions.computed = Some(revision);
        self.suggestions.popup = None;
        if let Some((doc, at)) = self.suggestions.resume_at.take() {
            self.suggestions.current = self
                .suggestions
                .list
                .iter()
                .position(|s| (s.document, s.start) >= (doc, at));
        } else if self
            .suggestions
            .current
            .is_some_and(|i| i >= self.suggestions.list.len())
        {
            self.suggestions.current = None;
        }
    }

    /// Lend the shown document's marks to the text view, and mark the current suggestion. Only
    /// what changed is touched: a document's marks move, they are not copied.
    fn mark_suggestions(&mut self) {
        let doc = self.session.document;
        let current = self.suggestions.current;
        match self.suggestions.marked {
            Some((shown, was)) if shown == doc => {
                if was != current {
                    self.set_current_mark(was, false);
                    self.set_current_mark(current, true);
                    self.suggestions.marked = Some((doc, current));
                }
            }
            _ => {
                self.return_marks();
                if let Some(m) = self.suggestions.marks.get_mut(doc) {
                    self.view.suggestion_marks = std::mem::take(&mut m.marks);
                    self.view.suggestion_reach = m.reach;
                    self.suggestions.mark_of = std::mem::take(&mut m.of);
                }
                self.set_current_mark(current, true);
                self.suggestions.marked = Some((doc, current));
            }
        }
    }

    /// Give the text view's marks back to their document.
    fn return_marks(&mut self) {
        if let Some((shown, was)) = self.suggestions.marked.take() {
            self.set_current_mark(was, false);
            if let Some(m) = self.suggestions.marks.get_mut(shown) {
                m.marks = std::mem::take(&mut self.view.suggestion_marks);
                m.of = std::mem::take(&mut self.suggestions.mark_of);
            }
        }
        self.view.suggestion_marks.clear();
        self.view.painted_suggestions.clear();
    }

    fn set_current_mark(&mut self, suggestion: Option<usize>, on: bool) {
        let Some(i) = suggestion else { return };
        if let Ok(at) = self.suggestions.mark_of.binary_search(&i) {
            if let Some(mark) = self.view.suggestion_marks.get_mut(at) {
                mark.current = on;
            }
        }
    }

    /// A click on a suggestion in the text opens its popup.
    pub(super) fn take_suggestion_click(&mut self) {
        if let Some((mark, pos)) = self.view.clicked_suggestion.take() {
            if let Some(&i) = self.suggestions.mark_of.get(mark) {
                self.suggestions.current = Some(i);
                self.suggestions.popup = Some((i, pos));
            }
        }
    }

    /// The popup, while open.
    pub(super) fn suggestion_popup(&mut self, ctx: &egui::Context) {
        let Some((i, at)) = self.suggestions.popup else {
            return;
        };
        let Some(s) = self.suggestions.list.get(i) else {
            self.suggestions.popup = None;
            return;
        };
        let keep = crate::ui::suggestion_panel::suggestion_popup_ui(
            ctx,
            &self.session.project().schema,
            i,
            at,
            s,
            &mut self.actions,
        );
        if !keep {
            self.suggestions.popup = None;
        }
    }

    /// The keys of suggestions.
    pub(super) fn run_suggestion_command(&mut self, command: Command) {
        match command {
            Command::ToggleSuggestions => {
                self.suggestions.show = !self.suggestions.show;
                self.suggestions.popup = None;
            }
            Command::NextSuggestion | Command::PreviousSuggestion => {
                self.step_suggestion(command == Command::NextSuggestion)
            }
            Command::AcceptSuggestion => {
                if let Some(i) = self.suggestions.current {
                    self.actions.push(SuggestionAction::Accept(i, None).into());
                }
            }
            Command::RejectSuggestion => {
                if let Some(i) = self.suggestions.current {
                    self.actions.push(SuggestionAction::Reject(i).into());
                }
            }
            _ => {}
        }
    }

    /// The next or previous suggestion in document order, across documents.
    fn step_suggestion(&mut self, forward: bool) {
        let n = self.suggestions.list.len();
        if n == 0 {
            return;
        }
        let next = match self.suggestions.current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => {
                // From the caret: the first one after it in this document.
                let here = (self.session.document, self.view.caret);
                let after = self
                    .suggestions
                    .list
                    .iter()
                    .position(|s| (s.document, s.start) >= here);
                match (forward, after) {
                    (true, Some(i)) => i,
                    (true, None) => 0,
                    (false, Some(i)) => (i + n - 1) % n,
                    (false, None) => n - 1,
                }
            }
        };
        self.actions.push(SuggestionAction::Select(next).into());
    }

    /// Carry out a suggestion action.
    pub(super) fn handle_suggestion(&mut self, action: SuggestionAction) {
        match action {
            SuggestionAction::Accept(i, label) => {
                let Some(s) = self.suggestions.list.get(i).cloned() else {
                    return;
                };
                let author = self.author();
                let result = accept_edit(self.session.project(), &s, label.as_deref(), &author)
                    .and_then(|edit| self.session.apply(edit, "accept suggestion"));
                self.after_decision(&s, result);
            }
            SuggestionAction::Reject(i) => {
                let Some(s) = self.suggestions.list.get(i).cloned() else {
                    return;
                };
                let result = self
                    .session
                    .apply(reject_edit(std::slice::from_ref(&s)), "reject suggestion");
                self.after_decision(&s, result);
            }
            SuggestionAction::Select(i) => self.select_suggestion(i),
            SuggestionAction::AcceptAllFrom(source) => {
                let chosen: Vec<_> = self
                    .suggestions
                    .list
                    .iter()
                    .filter(|s| s.source == source)
                    .cloned()
                    .collect();
                self.accept_many(&chosen, &format!("accept {} from {source}", chosen.len()));
            }
            SuggestionAction::AcceptAllIdentical(i) => {
                let Some(s) = self.suggestions.list.get(i).cloned() else {
                    return;
                };
                let chosen: Vec<_> = self
                    .suggestions
                    .list
                    .iter()
                    .filter(|x| x.link.is_none() && x.text == s.text && x.label == s.label)
                    .cloned()
                    .collect();
                self.accept_many(&chosen, &format!("accept {} × “{}”", chosen.len(), s.text));
            }
            SuggestionAction::SetEnabled(source, on) => {
                let mut schema = self.session.project().schema.clone();
                schema.suggest.set_enabled(&source, on);
                let verb = if on { "switch on" } else { "switch off" };
                let result = self
                    .session
                    .apply(Edit::SetSchema { schema }, &format!("{verb} {source}"));
                self.report(result);
            }
            SuggestionAction::SetFloor(source, floor) => {
                let mut schema = self.session.project().schema.clone();
                schema.suggest.set_min_precision(&source, floor);
                let result = self
                    .session
                    .apply(Edit::SetSchema { schema }, &format!("floor of {source}"));
                self.report(result);
            }
            SuggestionAction::LoadGazetteer => self.dialogs.request(Purpose::LoadGazetteer, None),
            SuggestionAction::SaveGazetteer => self
                .dialogs
                .request(Purpose::SaveGazetteer, Some("gazetteer.tsv".into())),
        }
    }

    fn select_suggestion(&mut self, i: usize) {
        let Some(s) = self.suggestions.list.get(i) else {
            return;
        };
        let (doc, start) = (s.document, s.start);
        self.suggestions.current = Some(i);
        if doc != self.session.document {
            self.actions
                .push(NavigationAction::ShowDocument(doc).into());
        }
        self.view.selection = None;
        self.view.selected = None;
        self.view.scroll_to = Some(start);
        self.view.caret = start;
    }

    fn accept_many(&mut self, chosen: &[crate::suggest::Suggestion], description: &str) {
        if chosen.is_empty() {
            return;
        }
        let author = self.author();
        let result = accept_all_edit(self.session.project(), chosen, None, &author)
            .and_then(|edit| self.session.apply(edit, description));
        match result {
            Ok(()) => self.notes.info(format!(
                "{} accepted (Ctrl+Z takes them back).",
                chosen.len()
            )),
            Err(err) => self.notes.error(err.to_string()),
        }
    }

    /// After an accept or reject: go on from where it was, once the list is made again.
    fn after_decision(&mut self, s: &crate::suggest::Suggestion, result: Result<(), EditError>) {
        match result {
            Ok(()) => {
                self.suggestions.resume_at = Some((s.document, s.start));
                self.suggestions.popup = None;
                self.notes.clear_refusals();
            }
            Err(err) => self.notes.error(err.to_string()),
        }
    }

    /// A label key with a suggestion current (and nothing selected): accept it with that label.
    pub(super) fn accept_current_with(&mut self, label: &str) -> bool {
        let free = self.view.selection.is_none() && self.view.selected.is_none();
        match self
            .suggestions
            .current
            .filter(|_| free && self.suggestions.show)
        {
            Some(i) => {
                self.actions
                    .push(SuggestionAction::Accept(i, Some(label.to_owned())).into());
                true
            }
            None => false,
        }
    }

    /// Import labeled data into the open project as suggestions (one undoable step).
    pub(super) fn take_import_as_suggestions(
        &mut self,
        imported: &crate::model::Project,
        path: &Path,
    ) {
        let (edit, report) =
            crate::suggest::predictions_edit(self.session.project(), imported, None);
        match self.session.apply(edit, "import suggestions") {
            Ok(()) => {
                self.suggestions.show = true;
                let mut text = format!(
                    "Imported {} suggestions from {}: G steps through them, Y accepts, X rejects.",
                    report.predictions,
                    path.display()
                );
                if !report.unmatched.is_empty() {
                    text.push_str(&format!(
                        "\nNo document here has the text of: {}",
                        report.unmatched.join(", ")
                    ));
                }
                self.notes.info(text);
            }
            Err(err) => self.notes.error(err.to_string()),
        }
    }
}
