//! Keys: shortcuts that work everywhere, and the editing and caret keys of the text view.

use super::*;

impl MarginaliaApp {
    /// Shortcuts. Global ones (save, undo) work everywhere; editing keys only when no text field
    /// has the keyboard.
    pub(super) fn keyboard(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let mut push = Vec::new();
        // File shortcuts work in every mode, comparison included.
        ctx.input_mut(|i| {
            if i.consume_key(shift_cmd, Key::S) {
                push.push(Action::SaveAs);
            } else if i.consume_key(cmd, Key::S) {
                push.push(Action::Save);
            }
            if i.consume_key(cmd, Key::O) {
                push.push(Action::Open);
            }
            if i.consume_key(cmd, Key::Q) {
                push.push(Action::Quit);
            }
            if i.consume_key(cmd, Key::B) {
                self.prefs.side_panel = !self.prefs.side_panel;
            }
            if i.consume_key(cmd, Key::Plus) || i.consume_key(cmd, Key::Equals) {
                self.prefs.step_text_size(true);
            }
            if i.consume_key(cmd, Key::Minus) {
                self.prefs.step_text_size(false);
            }
            if i.consume_key(cmd, Key::Num0) {
                self.prefs.text_size = Prefs::default().text_size;
            }
        });
        // Esc closes the small windows first, one at a time, before it means anything else.
        if !ctx.egui_wants_keyboard_input() && self.close_a_small_window_on_escape(ctx) {
            self.actions.append(&mut push);
            return;
        }
        if self.compare.is_some() {
            self.actions.append(&mut push);
            self.compare_keyboard(ctx);
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_key(shift_cmd, Key::Z) || i.consume_key(cmd, Key::Y) {
                push.push(Action::Redo);
            } else if i.consume_key(cmd, Key::Z) {
                push.push(Action::Undo);
            }
            if i.consume_key(cmd, Key::F) {
                self.find.open = true;
                self.find.focus = true;
            }
            if i.consume_key(cmd, Key::R) {
                self.review_mode = !self.review_mode;
            }
            if i.consume_key(cmd, Key::PageDown) {
                push.push(Action::StepDocument(true));
            }
            if i.consume_key(cmd, Key::PageUp) {
                push.push(Action::StepDocument(false));
            }
            if i.consume_key(Modifiers::SHIFT, Key::F3) {
                step_match(&mut self.view, false);
            } else if i.consume_key(Modifiers::NONE, Key::F3) {
                step_match(&mut self.view, true);
            }
        });
        self.actions.append(&mut push);
        if ctx.egui_wants_keyboard_input() || self.unsaved_question.is_some() {
            if self.find.open && ctx.input(|i| i.key_pressed(Key::Escape)) {
                close_find(&mut self.find, &mut self.view);
            }
            return;
        }
        let labels: Vec<(Key, String)> = self
            .session
            .project
            .schema
            .labels
            .iter()
            .filter_map(|l| Some((Key::from_name(l.hotkey.as_deref()?)?, l.name.clone())))
            .collect();
        let selected = self.view.selected;
        let linking_from = self.view.linking_from;
        let has_selection = self.view.selection.is_some();
        if self.review_mode {
            let mut focus_comment = false;
            ctx.input_mut(|i| {
                if i.consume_key(Modifiers::NONE, Key::N) || i.consume_key(Modifiers::NONE, Key::J)
                {
                    push.push(Action::Step(true));
                }
                if i.consume_key(Modifiers::NONE, Key::P) || i.consume_key(Modifiers::NONE, Key::K)
                {
                    push.push(Action::Step(false));
                }
                if let Some(id) = selected {
                    if i.consume_key(Modifiers::NONE, Key::A) {
                        push.push(Action::SetStatus(id, ReviewStatus::Accepted));
                        push.push(Action::Step(true));
                    }
                    if i.consume_key(Modifiers::NONE, Key::R) {
                        push.push(Action::SetStatus(id, ReviewStatus::Rejected));
                        push.push(Action::Step(true));
                    }
                    if i.consume_key(Modifiers::NONE, Key::U) {
                        push.push(Action::SetStatus(id, ReviewStatus::Pending));
                    }
                    if i.consume_key(Modifiers::NONE, Key::C) {
                        focus_comment = true;
                    }
                }
            });
            self.focus_comment |= focus_comment;
        }
        let mut caret_moves: Vec<(i32, bool, bool)> = Vec::new(); // (direction, by word, extend)
        ctx.input_mut(|i| {
            for (key, label) in &labels {
                if i.consume_key(Modifiers::NONE, *key) {
                    match selected {
                        Some(id) if !has_selection => push.push(Action::Relabel(id, label.clone())),
                        _ => push.push(Action::TagSelection(label.clone())),
                    }
                }
            }
            if let Some(id) = selected {
                if i.consume_key(Modifiers::NONE, Key::Delete)
                    || i.consume_key(Modifiers::NONE, Key::Backspace)
                {
                    push.push(Action::Delete(id));
                }
                if i.consume_key(Modifiers::NONE, Key::L) {
                    push.push(Action::StartLinking);
                }
                if let Some(from) = linking_from {
                    if from != id && i.consume_key(Modifiers::NONE, Key::Enter) {
                        push.push(Action::AddRelation(from, id));
                    }
                }
                for (key, start, delta) in [
                    (Key::OpenBracket, true, -1),
                    (Key::CloseBracket, true, 1),
                    (Key::Comma, false, -1),
                    (Key::Period, false, 1),
                ] {
                    if i.consume_key(Modifiers::ALT, key) {
                        push.push(Action::AdjustEdge {
                            start,
                            delta,
                            by_word: true,
                        });
                    } else if i.consume_key(Modifiers::NONE, key) {
                        push.push(Action::AdjustEdge {
                            start,
                            delta,
                            by_word: false,
                        });
                    }
                }
            }
            // Tab steps through annotations; egui also moved keyboard focus on it this frame,
            // which is given back below so the next keys still reach the text view.
            if i.consume_key(Modifiers::SHIFT, Key::Tab) {
                push.push(Action::ReleaseFocus);
                push.push(Action::Step(false));
            } else if i.consume_key(Modifiers::NONE, Key::Tab) {
                push.push(Action::ReleaseFocus);
                push.push(Action::Step(true));
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                caret_moves.push((0, false, false));
            }
            for (key, dir) in [
                (Key::ArrowLeft, -1),
                (Key::ArrowRight, 1),
                (Key::ArrowUp, -2),
                (Key::ArrowDown, 2),
            ] {
                for (mods, word, extend) in [
                    (Modifiers::COMMAND | Modifiers::SHIFT, true, true),
                    (Modifiers::SHIFT, false, true),
                    (Modifiers::COMMAND, true, false),
                    (Modifiers::NONE, false, false),
                ] {
                    if i.consume_key(mods, key) {
                        caret_moves.push((dir, word, extend));
                        break;
                    }
                }
            }
        });
        self.actions.extend(push);
        for (dir, word, extend) in caret_moves {
            self.move_caret(dir, word, extend);
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
        } else if word {
            next_word_boundary(doc.text(), doc.offsets(), caret, dir > 0)
        } else if dir > 0 {
            (caret + 1).min(len)
        } else {
            caret.saturating_sub(1)
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

impl MarginaliaApp {
    /// When Esc is pressed and a small window is open, close the frontmost of them (in a fixed
    /// order: help, statistics, agreement, export, import, schema) and take the key.
    fn close_a_small_window_on_escape(&mut self, ctx: &egui::Context) -> bool {
        let open = [
            &mut self.show_help,
            &mut self.show_stats,
            &mut self.show_agreement,
            &mut self.transfer.export_open,
            &mut self.transfer.import_open,
            &mut self.schema_editor.open,
        ];
        let Some(flag) = open.into_iter().find(|f| **f) else {
            return false;
        };
        if !ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            return false;
        }
        *flag = false;
        true
    }
}
