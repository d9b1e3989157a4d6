//! What is shown and selected: documents, annotations, find results, the caret.

use super::*;

impl MarginaliaApp {
    /// Carry out a change of what is shown or selected.
    pub(super) fn handle_navigation(&mut self, ctx: &egui::Context, action: NavigationAction) {
        match action {
            NavigationAction::ShowDocument(index) => {
                if index < self.session.project().documents.len() {
                    self.session.document = index;
                    self.view.reset();
                    self.find.searched = None;
                    self.drafts.note = NoteDraft::default();
                    self.notes.clear_refusals();
                }
            }
            NavigationAction::GoToMatch(doc, start, end) => {
                if doc != self.session.document {
                    self.actions
                        .push(Action::Navigation(NavigationAction::ShowDocument(doc)));
                    self.actions
                        .push(Action::Navigation(NavigationAction::GoToMatch(
                            doc, start, end,
                        )));
                    return;
                }
                self.view.selection = Some((start, end));
                self.view.selected = None;
                self.view.scroll_to = Some(start);
            }
            NavigationAction::ReleaseFocus => {
                if let Some(id) = ctx.memory(|m| m.focused()) {
                    ctx.memory_mut(|m| m.surrender_focus(id));
                }
            }
            NavigationAction::Select(id) => {
                if let Some(doc) = self.session.document() {
                    self.view.select_annotation(doc, id);
                }
            }
            NavigationAction::Step(forward) => self.step_annotation(forward),
            NavigationAction::SelectEdge(first) => {
                if let Some(doc) = self.session.document() {
                    let edge = if first {
                        doc.annotations.first()
                    } else {
                        doc.annotations.last()
                    };
                    if let Some(id) = edge.map(|a| a.id) {
                        self.view.select_annotation(doc, id);
                    }
                }
            }
        }
    }

    /// Show the next (`true`) or previous document, round the end.
    pub(super) fn step_document(&mut self, forward: bool) {
        let n = self.session.project().documents.len();
        if n > 1 {
            let i = self.session.document;
            let next = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            self.actions
                .push(NavigationAction::ShowDocument(next).into());
        }
    }

    /// Select (and scroll to) what the last undo or redo put back, so the user sees it; when it
    /// only took something away, nothing stays selected that is gone.
    pub(super) fn select_restored(&mut self) {
        match self.session.history.last_restored() {
            Some((doc, id)) => {
                if doc != self.session.document {
                    self.actions
                        .push(Action::Navigation(NavigationAction::ShowDocument(doc)));
                    self.actions
                        .push(Action::Navigation(NavigationAction::Select(id)));
                } else if let Some(d) = self.session.document() {
                    self.view.select_annotation(d, id);
                }
            }
            None => {
                let gone = self.view.selected.is_some_and(|id| {
                    self.session
                        .document()
                        .and_then(|d| d.annotation(id))
                        .is_none()
                });
                if gone {
                    self.view.selected = None;
                }
            }
        }
    }

    /// When another document is about to be shown, remember where the reader left the previous
    /// one and tell the view where to open the new one (its saved place, or the top).
    pub(super) fn sync_reading_place(&mut self) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let key = crate::ui::prefs::reading_key(doc);
        match self.view.place.clone() {
            Some((shown, _)) if shown == key => {}
            previous => {
                if let Some((shown, place)) = previous {
                    self.prefs.remember_place(shown, place);
                }
                self.view.restore = self.prefs.reading_place(&key);
            }
        }
    }

    /// Move the caret left or right; with `extend`, grow the selection from where it started.
    pub(super) fn move_caret(&mut self, dir: i32, word: bool, extend: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        if dir == 0 {
            // Esc
            if self.find.open {
                close_find(&mut self.find, &mut self.view);
            }
            self.view.selection = None;
            self.view.key_anchor = None;
            if self.view.linking_from.take().is_none() {
                self.view.selected = None;
            }
            return;
        }
        let len = doc.char_len();
        let caret = self.view.caret.min(len);
        let vertical = self.view.layout.as_ref().map(|(_, l)| l);
        let next = if dir.abs() == 2 {
            vertical
                .map_or(caret, |l| l.vertical_move(caret, dir > 0))
                .min(len)
        } else {
            crate::caret::step(doc, caret, dir > 0, word)
        };
        self.view.selected = None;
        if extend {
            let anchor = *self.view.key_anchor.get_or_insert(caret);
            self.view.selection =
                snap_span(doc.text(), doc.offsets(), anchor, next, Snap::Character);
        } else {
            self.view.key_anchor = None;
            self.view.selection = None;
        }
        self.view.caret = next;
        self.view.scroll_to = Some(next);
    }
}
