//! Keys and commands: the keys pressed this frame become commands through the command table
//! (`ui/commands.rs`), and each command is carried out here, one small function per group.

use super::*;
use crate::ui::commands::{pressed, Availability, Command, Group, Mode};

impl MarginaliaApp {
    /// What the keys mean now.
    pub fn mode(&self) -> Mode {
        if self.compare.is_some() {
            Mode::Compare
        } else if self.review_mode {
            Mode::Review
        } else {
            Mode::Annotate
        }
    }

    /// Which commands can run now.
    pub fn availability(&self) -> Availability {
        let compare = self.compare.as_ref();
        let (can_undo, can_redo) = match compare {
            Some(mode) => (mode.comparison.can_undo(), mode.comparison.can_redo()),
            None => (
                self.session.history.undo_description().is_some(),
                self.session.history.redo_description().is_some(),
            ),
        };
        let selected = self.view.selected.filter(|id| {
            self.session
                .document()
                .is_some_and(|d| d.annotation(*id).is_some())
        });
        Availability {
            can_undo,
            can_redo,
            selected: selected.is_some(),
            link_target: matches!((self.view.linking_from, selected), (Some(f), Some(s)) if f != s),
            documents: self.session.project().documents.len(),
            cases: compare.map_or(0, |m| m.comparison.cases.len()),
            selected_case: compare.is_some_and(|m| m.selected_case.is_some()),
            annotators: compare.map_or(0, |m| m.comparison.annotators()),
            suggestions: if self.suggestions.show {
                self.suggestions.list.len()
            } else {
                0
            },
            suggestion_current: self.suggestions.show && self.suggestions.current().is_some(),
            fields: match compare {
                Some(mode) => !mode.comparison.field_names().is_empty(),
                None => {
                    !self.session.project().schema.fields.is_empty()
                        && self.session.document().is_some()
                }
            },
            field_cursor: compare.is_some_and(|m| m.field_cursor.is_some()),
        }
    }

    /// The commands whose keys were pressed this frame, carried out; then the label hotkeys.
    /// While a text field has the keyboard (or a question is asked) only Ctrl and function keys
    /// count.
    pub(super) fn keyboard(&mut self, ctx: &egui::Context) {
        let in_text_field = ctx.egui_wants_keyboard_input() || self.questions.unsaved.is_some();
        let mode = self.mode();
        let now = self.availability();
        // The field row, while it has the keyboard, takes the arrows, Enter, Delete and Esc.
        if !in_text_field && mode != Mode::Compare {
            if let Some(doc) = self.session.document() {
                let index = self.session.document;
                let schema = &self.session.project().schema;
                if let Some(action) = self.fields.keys(ctx, schema, doc, index) {
                    self.actions.push(action);
                }
            }
        }
        if !in_text_field && mode == Mode::Compare {
            if let Some(compare) = self.compare.as_mut().filter(|m| m.field_cursor.is_some()) {
                let (up, down, close) = ctx.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                        i.consume_key(Modifiers::NONE, Key::Escape),
                    )
                });
                if up || down {
                    compare.step_field_cursor(down);
                }
                if close {
                    compare.field_cursor = None;
                }
            }
        }
        let commands = ctx.input_mut(|i| pressed(i, mode, &now, in_text_field));
        self.keyed.extend(commands.iter().copied());
        let over = self.keyed.len().saturating_sub(32);
        self.keyed.drain(..over);
        for command in commands {
            self.run_command(ctx, command);
        }
        if in_text_field {
            if self.find.open && ctx.input(|i| i.key_pressed(Key::Escape)) {
                close_find(&mut self.find, &mut self.view);
            }
            return;
        }
        if mode != Mode::Compare {
            self.label_keys(ctx);
        }
    }

    /// A label's hotkey tags the selection, or relabels the selected annotation.
    fn label_keys(&mut self, ctx: &egui::Context) {
        let labels: Vec<(Key, String)> = self
            .session
            .project()
            .schema
            .labels
            .iter()
            .filter_map(|l| Some((Key::from_name(l.hotkey.as_deref()?)?, l.name.clone())))
            .collect();
        let relabel = self.view.selected.filter(|_| self.view.selection.is_none());
        let mut pressed = Vec::new();
        ctx.input_mut(|i| {
            for (key, label) in labels {
                if i.consume_key(Modifiers::NONE, key) {
                    pressed.push(label);
                }
            }
        });
        for label in pressed {
            // With a suggestion current and nothing selected, the key accepts it as that label.
            if relabel.is_none()
                && self.view.selection.is_none()
                && self.accept_current_with(&label)
            {
                continue;
            }
            self.actions.push(match relabel {
                Some(id) => AnnotationAction::Relabel(id, label).into(),
                None => AnnotationAction::TagSelection(label).into(),
            });
        }
    }

    /// Carry out `command`.
    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command.group() {
            Group::File => self.run_file_command(ctx, command),
            Group::Edit | Group::View => self.run_view_command(ctx, command),
            Group::Navigate | Group::Caret => self.run_navigation_command(ctx, command),
            Group::Annotation | Group::Review => self.run_annotation_command(command),
            Group::Suggestion => self.run_suggestion_command(command),
            Group::Compare => self.run_compare_command(ctx, command),
        }
    }

    fn run_file_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open => self.unless_work_is_lost(ctx, Pending::OpenDialog),
            Command::Save => match self.session.path.clone() {
                Some(path) => self.save_to(&path),
                None => self
                    .dialogs
                    .request(Purpose::SaveAs, Some(self.suggested_file_name())),
            },
            Command::SaveAs => self
                .dialogs
                .request(Purpose::SaveAs, Some(self.suggested_file_name())),
            Command::AddArticles => self.dialogs.request(Purpose::AddArticles, None),
            Command::AddFolder => self.dialogs.request(Purpose::AddFolder, None),
            Command::ImportLabeled => self.transfer.import_open = true,
            Command::Export => self.transfer.export_open = true,
            Command::CompareWith => self.dialogs.request(Purpose::Compare, None),
            Command::AgreementWith => self.dialogs.request(Purpose::Agreement, None),
            Command::Quit => self.unless_work_is_lost(ctx, Pending::Quit),
            _ => {}
        }
    }

    fn run_view_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::Find => {
                self.find.open = true;
                self.find.focus = true;
            }
            Command::FindNext => step_match(&mut self.view, true),
            Command::FindPrevious => step_match(&mut self.view, false),
            Command::PurgeRejected => self.purge_rejected(),
            Command::ToggleSidePanel => self.prefs.side_panel = !self.prefs.side_panel,
            Command::LargerText => self.prefs.step_text_size(true),
            Command::SmallerText => self.prefs.step_text_size(false),
            Command::DefaultTextSize => self.prefs.text_size = Prefs::default().text_size,
            Command::ToggleReview => self.review_mode = !self.review_mode,
            Command::ShowSchema => self.schema_editor.open = true,
            Command::ShowStats => self.windows.stats = true,
            Command::ShowHelp => self.windows.help = true,
            _ => {}
        }
        ctx.request_repaint();
    }

    fn run_navigation_command(&mut self, ctx: &egui::Context, command: Command) {
        let caret = |dir, word, extend| Some((dir, word, extend));
        let caret_move = match command {
            Command::NextDocument | Command::PreviousDocument => {
                self.step_document(command == Command::NextDocument);
                None
            }
            Command::NextAnnotation | Command::PreviousAnnotation => {
                // egui also moved keyboard focus on Tab this frame; give it back so the next
                // keys still reach the text view.
                self.actions.push(NavigationAction::ReleaseFocus.into());
                let forward = command == Command::NextAnnotation;
                self.actions.push(NavigationAction::Step(forward).into());
                None
            }
            Command::Escape => {
                if !self.close_a_small_window() {
                    self.move_caret(0, false, false);
                }
                None
            }
            Command::CaretLeft => caret(-1, false, false),
            Command::CaretRight => caret(1, false, false),
            Command::CaretWordLeft => caret(-1, true, false),
            Command::CaretWordRight => caret(1, true, false),
            Command::CaretLineUp => caret(-2, false, false),
            Command::CaretLineDown => caret(2, false, false),
            Command::SelectLeft => caret(-1, false, true),
            Command::SelectRight => caret(1, false, true),
            Command::SelectWordLeft => caret(-1, true, true),
            Command::SelectWordRight => caret(1, true, true),
            Command::SelectLineUp => caret(-2, false, true),
            Command::SelectLineDown => caret(2, false, true),
            _ => None,
        };
        if let Some((dir, word, extend)) = caret_move {
            self.move_caret(dir, word, extend);
        }
        ctx.request_repaint();
    }

    fn run_annotation_command(&mut self, command: Command) {
        if let Command::ReviewNext | Command::ReviewPrevious = command {
            let forward = command == Command::ReviewNext;
            self.actions.push(NavigationAction::Step(forward).into());
            return;
        }
        if command == Command::EditFields {
            if let Some(mode) = self.compare.as_mut() {
                if !mode.toggle_field_cursor() {
                    self.notes
                        .info("The annotators answered every field of this document alike.");
                }
                return;
            }
            let project = self.session.project();
            self.fields.toggle(&project.schema, self.session.document());
            return;
        }
        let Some(id) = self.view.selected else {
            return;
        };
        let edge = |start, delta, by_word| {
            Some(AnnotationAction::AdjustEdge {
                start,
                delta,
                by_word,
            })
        };
        let review = |status| Some(AnnotationAction::SetStatus(id, status));
        let action = match command {
            Command::DeleteAnnotation => Some(AnnotationAction::Delete(id)),
            Command::StartLinking => {
                self.view.linking_from = Some(id);
                self.notes.info("Linking: click the target annotation (or Tab to it and press Enter). Esc cancels.");
                None
            }
            Command::FinishLink => {
                if let Some(from) = self.view.linking_from.filter(|f| *f != id) {
                    self.actions.push(LinkAction::Add(from, id).into());
                }
                None
            }
            Command::StartLeft => edge(true, -1, false),
            Command::StartRight => edge(true, 1, false),
            Command::StartWordLeft => edge(true, -1, true),
            Command::StartWordRight => edge(true, 1, true),
            Command::EndLeft => edge(false, -1, false),
            Command::EndRight => edge(false, 1, false),
            Command::EndWordLeft => edge(false, -1, true),
            Command::EndWordRight => edge(false, 1, true),
            Command::ReviewAccept => review(ReviewStatus::Accepted),
            Command::ReviewReject => review(ReviewStatus::Rejected),
            Command::ReviewUndecide => review(ReviewStatus::Pending),
            Command::ReviewComment => {
                self.drafts.focus_comment = true;
                None
            }
            _ => None,
        };
        if let Some(action) = action {
            self.actions.push(action.into());
        }
        // A decision moves on to the next annotation.
        if matches!(command, Command::ReviewAccept | Command::ReviewReject) {
            self.actions.push(NavigationAction::Step(true).into());
        }
    }

    fn run_compare_command(&mut self, ctx: &egui::Context, command: Command) {
        let Some(mode) = self.compare.as_ref() else {
            return;
        };
        if let (Command::CompareTake(k), true) = (command, mode.field_cursor.is_some()) {
            if let Some(mode) = self.compare.as_mut() {
                mode.take_at_field_cursor(k as usize);
            }
            return;
        }
        let selected = mode.selected_case;
        let decision = match command {
            Command::CompareTake(k) => Some(Decision::Take(k as usize)),
            Command::CompareTakeAll => Some(Decision::TakeAll),
            Command::CompareDrop => Some(Decision::Drop),
            _ => None,
        };
        let mut requests = Vec::new();
        match (decision, selected) {
            (Some(d), Some(case)) => {
                requests.push(CompareAction::Decide(case, d));
                // A decision moves on to the next undecided case after it.
                if let Some(next) = mode.step_case(Some(case), true, Some(case)) {
                    if next > case {
                        requests.push(CompareAction::Select(next));
                    }
                }
            }
            _ => {
                let forward = command == Command::CompareNextCase;
                if matches!(
                    command,
                    Command::CompareNextCase | Command::ComparePreviousCase
                ) {
                    requests.extend(
                        mode.step_case(selected, forward, None)
                            .map(CompareAction::Select),
                    );
                }
            }
        }
        for r in requests {
            self.handle_compare(ctx, r);
        }
    }

    /// Undo (`true`) or redo the last change; in comparison, the last decision.
    fn undo_or_redo(&mut self, undo: bool) {
        if let Some(mode) = self.compare.as_mut() {
            let done = if undo {
                mode.comparison.undo()
            } else {
                mode.comparison.redo()
            };
            if done {
                let doc = mode.view_session.document;
                mode.rebuild_view(doc);
            }
            return;
        }
        let (result, verb) = if undo {
            (self.session.undo(), "Undid")
        } else {
            (self.session.redo(), "Redid")
        };
        match result {
            Some(Ok(what)) => {
                self.notes.info(format!("{verb} {what}"));
                self.select_restored();
            }
            Some(Err(err)) => self.notes.error(err.to_string()),
            None => {}
        }
    }

    /// The commands keys ran since the last call (the last 32 at most), for tests of the key
    /// table.
    pub fn take_keyed_commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.keyed)
    }
}
