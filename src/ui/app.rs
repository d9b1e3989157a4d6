//! The window: lays out the panels, turns keys into actions, and applies actions to the session.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Ui};

use super::actions::Action;
use super::bars::{
    close_find, find_bar_ui, help_window_ui, label_bar_ui, menu_bar_ui, status_bar_ui, step_match,
    FindBar,
};
use super::file_dialog::{FileDialogs, Purpose};
use super::notifications::{notifications_ui, Notifications};
use super::prefs::{Prefs, Theme, PREFS_KEY};
use super::session::Session;
use super::side_panel::{annotation_list_ui, inspector_ui, ListFilter, NoteDraft};
use super::text_view::{text_view_ui, TextViewState};
use super::transfer_panel::{export_window_ui, import_window_ui, TransferPanel, TransferRequest};
use crate::edit::{new_annotation, with_fragments, Edit};
use crate::formats::Format;
use crate::model::{Fragment, ReviewStatus};
use crate::span_snap::{next_word_boundary, next_word_edge, snap_span, Snap};
use crate::timestamp::now_rfc3339;

/// What to do once the user has answered "save changes?".
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Quit,
    Open(PathBuf),
    OpenDialog,
    Import(Format, PathBuf),
}

/// The whole application state: the open session plus presentation state.
pub struct MarginaliaApp {
    /// The open project.
    pub session: Session,
    /// The text view's state.
    pub view: TextViewState,
    /// Persisted preferences.
    pub prefs: Prefs,
    /// Messages for the user.
    pub notes: Notifications,
    /// Annotation list filters.
    pub filter: ListFilter,
    /// Find bar.
    pub find: FindBar,
    /// File dialogs.
    pub dialogs: FileDialogs,
    /// The Export… and Import… windows.
    pub transfer: TransferPanel,
    note_draft: NoteDraft,
    actions: Vec<Action>,
    unsaved_question: Option<Pending>,
    /// Set once the user confirmed quitting, so the close is let through.
    allow_close: bool,
    show_help: bool,
    name_draft: Option<String>,
    applied_theme: Option<Theme>,
    shown_title: Option<String>,
}

impl MarginaliaApp {
    /// An app over `session` with `prefs`; asks for the annotator's name when it is unknown.
    pub fn new(session: Session, prefs: Prefs) -> Self {
        let name_draft = prefs
            .annotator
            .trim()
            .is_empty()
            .then(|| std::env::var("USER").unwrap_or_default());
        Self {
            session,
            view: TextViewState::default(),
            prefs,
            notes: Notifications::default(),
            filter: ListFilter::default(),
            find: FindBar::default(),
            dialogs: FileDialogs::default(),
            transfer: TransferPanel::default(),
            note_draft: NoteDraft::default(),
            actions: Vec::new(),
            unsaved_question: None,
            allow_close: false,
            show_help: false,
            name_draft,
            applied_theme: None,
            shown_title: None,
        }
    }

    /// Built by eframe: restores preferences and opens `file` (or the sample).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::new(Session::sample(), prefs);
        if let Some(path) = file {
            app.open_now(&path);
        }
        app
    }

    /// Queue an action as if the user had clicked or pressed it (used by tests too).
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// True while the "save changes?" question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        self.unsaved_question.is_some()
    }

    fn author(&self) -> String {
        let name = self.prefs.annotator.trim();
        if !name.is_empty() {
            return name.to_owned();
        }
        std::env::var("USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "anonymous".to_owned())
    }

    /// Draw one frame.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.keyboard(&ctx);
        if let Some((purpose, path)) = self.dialogs.poll().or_else(|| self.dialogs.prompt_ui(&ctx))
        {
            match purpose {
                Purpose::Open => self.actions.push(Action::OpenPath(path)),
                Purpose::SaveAs => self.actions.push(Action::SaveTo(path)),
                Purpose::Export(format) => self.actions.push(Action::ExportTo(format, path)),
                Purpose::ImportLabeled(format) => {
                    self.actions.push(Action::ImportPath(format, path))
                }
            }
        }
        if self.dialogs.is_open() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }

        egui::Panel::top("menu").show(ui, |ui| {
            menu_bar_ui(
                ui,
                &self.session,
                &mut self.prefs,
                &mut self.find,
                &mut self.show_help,
                &mut self.actions,
            );
        });
        egui::Panel::top("labels").show(ui, |ui| {
            label_bar_ui(ui, &self.session, &mut self.view, &mut self.actions);
            if self.find.open {
                ui.separator();
                find_bar_ui(
                    ui,
                    &self.session,
                    &mut self.find,
                    &mut self.view,
                    &mut self.actions,
                );
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| status_bar_ui(ui, &self.session, &self.view));
        egui::Panel::right("side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                if let Some(doc) = self.session.document() {
                    if let Some(id) = self
                        .view
                        .selected
                        .filter(|id| doc.annotation(*id).is_some())
                    {
                        ui.heading("Annotation");
                        inspector_ui(
                            ui,
                            doc,
                            &self.session.project.schema,
                            id,
                            &mut self.note_draft,
                            &mut self.actions,
                        );
                        ui.separator();
                    }
                    ui.heading("Annotations");
                    annotation_list_ui(
                        ui,
                        doc,
                        &self.session.project.schema,
                        &mut self.filter,
                        &self.view,
                        &mut self.actions,
                    );
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            text_view_ui(
                ui,
                &self.session,
                &mut self.view,
                self.prefs.text_size,
                self.prefs.snap_words,
                &mut self.actions,
            );
        });

        help_window_ui(&ctx, &mut self.show_help);
        if let Some(TransferRequest::Export) =
            export_window_ui(&ctx, &mut self.transfer, &self.session.project.schema)
        {
            let format = self.transfer.export_format;
            let suggested = format!(
                "{}.{}",
                self.suggested_file_name().trim_end_matches(".ron"),
                format.extension()
            );
            self.dialogs
                .request(Purpose::Export(format), Some(suggested));
        }
        if let Some(TransferRequest::Import) = import_window_ui(&ctx, &mut self.transfer) {
            self.dialogs
                .request(Purpose::ImportLabeled(self.transfer.import_format), None);
        }
        self.name_prompt(&ctx);
        self.unsaved_prompt(&ctx);
        notifications_ui(&ctx, &mut self.notes);

        let actions = std::mem::take(&mut self.actions);
        if !actions.is_empty() {
            // What an action changed is drawn on the next frame; ask for it now.
            ctx.request_repaint();
        }
        for action in actions {
            self.handle(&ctx, action);
        }
        let title = self.session.window_title();
        if self.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(match self.prefs.theme {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(self.prefs.theme);
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.session.dirty
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved_question = Some(Pending::Quit);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.actions.push(Action::OpenPath(path));
        }
    }

    /// Shortcuts. Global ones (save, undo) work everywhere; editing keys only when no text field
    /// has the keyboard.
    fn keyboard(&mut self, ctx: &egui::Context) {
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let mut push = Vec::new();
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
            if i.consume_key(shift_cmd, Key::Z) || i.consume_key(cmd, Key::Y) {
                push.push(Action::Redo);
            } else if i.consume_key(cmd, Key::Z) {
                push.push(Action::Undo);
            }
            if i.consume_key(cmd, Key::F) {
                self.find.open = true;
                self.find.focus = true;
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
        let has_selection = self.view.selection.is_some();
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
            if i.consume_key(Modifiers::SHIFT, Key::Tab) {
                push.push(Action::Step(false));
            } else if i.consume_key(Modifiers::NONE, Key::Tab) {
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
    fn move_caret(&mut self, dir: i32, word: bool, extend: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        if dir == 0 {
            // Esc
            if self.find.open {
                close_find(&mut self.find, &mut self.view);
            }
            self.view.selection = None;
            self.view.selected = None;
            self.view.key_anchor = None;
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

    fn report<E: std::fmt::Display>(&mut self, result: Result<(), E>) {
        if let Err(err) = result {
            self.notes.error(err.to_string());
        }
    }

    /// Carry out one action.
    fn handle(&mut self, ctx: &egui::Context, action: Action) {
        let doc_index = self.session.document;
        match action {
            Action::TagSelection(label) => {
                let Some((s, e)) = self.view.selection else {
                    self.notes
                        .info("Select some text first, then press a label key.");
                    return;
                };
                let author = self.author();
                let result = new_annotation(
                    &mut self.session.project,
                    doc_index,
                    &label,
                    &[Fragment::new(s, e)],
                    &author,
                )
                .and_then(|ann| {
                    let id = ann.id;
                    self.session.apply(
                        Edit::Add {
                            document: doc_index,
                            annotation: ann,
                        },
                        &format!("tag as {label}"),
                    )?;
                    Ok(id)
                });
                match result {
                    Ok(id) => {
                        self.view.selection = None;
                        self.view.selected = Some(id);
                    }
                    Err(err) => self.notes.error(err.to_string()),
                }
            }
            Action::Relabel(id, label) => {
                self.update_annotation(id, &format!("relabel as {label}"), |a| {
                    a.label = label.clone()
                })
            }
            Action::Delete(id) => {
                let result = self.session.apply(
                    Edit::Remove {
                        document: doc_index,
                        id,
                    },
                    "delete",
                );
                if result.is_ok() && self.view.selected == Some(id) {
                    self.view.selected = None;
                }
                self.report(result);
            }
            Action::AddFragment(id, fragment) => {
                let Some(ann) = self
                    .session
                    .document()
                    .and_then(|d| d.annotation(id))
                    .cloned()
                else {
                    return;
                };
                let mut fragments = ann.fragments.clone();
                fragments.push(fragment);
                let result = with_fragments(&self.session.project, doc_index, &ann, &fragments)
                    .and_then(|changed| {
                        self.session.apply(
                            Edit::Update {
                                document: doc_index,
                                annotation: changed,
                            },
                            "add fragment",
                        )
                    });
                self.report(result);
            }
            Action::SetFragments(id, fragments) => {
                let Some(ann) = self
                    .session
                    .document()
                    .and_then(|d| d.annotation(id))
                    .cloned()
                else {
                    return;
                };
                let result = with_fragments(&self.session.project, doc_index, &ann, &fragments)
                    .and_then(|changed| {
                        self.session.apply(
                            Edit::Update {
                                document: doc_index,
                                annotation: changed,
                            },
                            "adjust boundaries",
                        )
                    });
                self.report(result);
            }
            Action::AdjustEdge {
                start,
                delta,
                by_word,
            } => self.adjust_edge(start, delta, by_word),
            Action::SetNote(id, note) => {
                self.update_annotation(id, "edit note", |a| a.note = note.clone())
            }
            Action::SetStatus(id, status) => {
                let reviewer = self.author();
                self.update_annotation(id, &format!("mark {}", status.as_str()), |a| {
                    a.review.status = status;
                    if status == ReviewStatus::Pending {
                        a.review.reviewer = None;
                        a.review.time = None;
                    } else {
                        a.review.reviewer = Some(reviewer.clone());
                        a.review.time = Some(now_rfc3339());
                    }
                });
            }
            Action::TagAllMatches(label) => self.tag_all_matches(&label),
            Action::Undo => match self.session.undo() {
                Some(Ok(what)) => self.notes.info(format!("Undid {what}")),
                Some(Err(err)) => self.notes.error(err.to_string()),
                None => {}
            },
            Action::Redo => match self.session.redo() {
                Some(Ok(what)) => self.notes.info(format!("Redid {what}")),
                Some(Err(err)) => self.notes.error(err.to_string()),
                None => {}
            },
            Action::Open => {
                if self.session.dirty {
                    self.unsaved_question = Some(Pending::OpenDialog);
                } else {
                    self.dialogs.request(Purpose::Open, None);
                }
            }
            Action::OpenPath(path) => {
                if self.session.dirty {
                    self.unsaved_question = Some(Pending::Open(path));
                } else {
                    self.open_now(&path);
                }
            }
            Action::Save => match self.session.path.clone() {
                Some(path) => self.save_to(&path),
                None => self
                    .dialogs
                    .request(Purpose::SaveAs, Some(self.suggested_file_name())),
            },
            Action::SaveAs => self
                .dialogs
                .request(Purpose::SaveAs, Some(self.suggested_file_name())),
            Action::SaveTo(path) => {
                let path = if path.extension().is_none() {
                    path.with_extension("ron")
                } else {
                    path
                };
                self.save_to(&path);
            }
            Action::Quit => {
                if self.session.dirty {
                    self.unsaved_question = Some(Pending::Quit);
                } else {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Action::ShowDocument(index) => {
                if index < self.session.project.documents.len() {
                    self.session.document = index;
                    self.view.reset();
                    self.find.searched = None;
                    self.note_draft = NoteDraft::default();
                }
            }
            Action::ShowExport => self.transfer.export_open = true,
            Action::ShowImport => self.transfer.import_open = true,
            Action::ExportTo(format, path) => self.export_to(format, &path),
            Action::ImportPath(format, path) => {
                if self.session.dirty {
                    self.unsaved_question = Some(Pending::Import(format, path));
                } else {
                    self.import_now(format, &path);
                }
            }
            Action::Select(id) => {
                if let Some(doc) = self.session.document() {
                    self.view.select_annotation(doc, id);
                }
            }
            Action::Step(forward) => self.step_annotation(forward),
        }
    }

    fn suggested_file_name(&self) -> String {
        let id = self.session.document().map_or("project", |d| d.id.as_str());
        format!("{id}.ron")
    }

    fn update_annotation(
        &mut self,
        id: u64,
        description: &str,
        change: impl FnOnce(&mut crate::model::Annotation),
    ) {
        let doc_index = self.session.document;
        let Some(mut ann) = self
            .session
            .document()
            .and_then(|d| d.annotation(id))
            .cloned()
        else {
            return;
        };
        let before = ann.clone();
        change(&mut ann);
        if ann == before {
            return;
        }
        ann.modified = now_rfc3339();
        let result = self.session.apply(
            Edit::Update {
                document: doc_index,
                annotation: ann,
            },
            description,
        );
        self.report(result);
    }

    /// Move one edge of the selected annotation by a character or a word. Growing skips over
    /// whitespace so an edge never lands on it; no move ever cuts a grapheme cluster.
    fn adjust_edge(&mut self, start: bool, delta: i32, by_word: bool) {
        let Some(id) = self.view.selected else { return };
        let Some(doc) = self.session.document() else {
            return;
        };
        let Some(ann) = doc.annotation(id) else {
            return;
        };
        let mut fragments = ann.fragments.clone();
        let (Some(first), Some(last)) = (fragments.first().copied(), fragments.last().copied())
        else {
            return;
        };
        let (text, offsets, len) = (doc.text(), doc.offsets(), doc.char_len());
        let (lo, hi) = (first.start, last.end);
        let forward = delta > 0;
        let growing = start != forward;
        let span = if by_word {
            let Some(edge) =
                next_word_edge(text, offsets, if start { lo } else { hi }, forward, start)
            else {
                return;
            };
            if start {
                (edge, hi)
            } else {
                (lo, edge)
            }
        } else {
            let mut found = None;
            for step in 1..=64 {
                let (a, b) = if start {
                    (
                        if forward {
                            lo + step
                        } else {
                            lo.saturating_sub(step)
                        },
                        hi,
                    )
                } else {
                    (
                        lo,
                        if forward {
                            (hi + step).min(len)
                        } else {
                            hi.saturating_sub(step)
                        },
                    )
                };
                if a >= b {
                    break;
                }
                let Some((a2, b2)) = snap_span(text, offsets, a, b, Snap::Character) else {
                    break;
                };
                let changed = if growing {
                    a2 < lo || b2 > hi
                } else {
                    a2 > lo || b2 < hi
                };
                if changed {
                    found = Some((a2, b2));
                    break;
                }
                if !growing {
                    break;
                }
            }
            let Some(span) = found else { return };
            span
        };
        if span.0 >= span.1 {
            return;
        }
        fragments[0].start = span.0;
        let n = fragments.len() - 1;
        fragments[n].end = span.1;
        if fragments.iter().any(|f| f.start >= f.end) {
            return;
        }
        self.actions.push(Action::SetFragments(id, fragments));
    }

    fn step_annotation(&mut self, forward: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        if doc.annotations.is_empty() {
            return;
        }
        let current = self.view.selected.and_then(|id| doc.annotation_index(id));
        let n = doc.annotations.len();
        let next = match current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => doc
                .annotations
                .partition_point(|a| a.start() < self.view.caret)
                .min(n - 1),
            None => doc
                .annotations
                .partition_point(|a| a.start() < self.view.caret)
                .saturating_sub(1),
        };
        let id = doc.annotations[next].id;
        self.view.select_annotation(doc, id);
    }

    fn tag_all_matches(&mut self, label: &str) {
        let doc_index = self.session.document;
        let author = self.author();
        let Some(doc) = self.session.document() else {
            return;
        };
        let existing: std::collections::HashSet<(usize, usize)> = doc
            .annotations
            .iter()
            .filter(|a| a.label == label && a.fragments.len() == 1)
            .map(|a| (a.start(), a.end()))
            .collect();
        let matches: Vec<(usize, usize)> = self
            .view
            .find_matches
            .iter()
            .copied()
            .filter(|m| !existing.contains(m))
            .collect();
        let mut edits = Vec::new();
        for (s, e) in &matches {
            match new_annotation(
                &mut self.session.project,
                doc_index,
                label,
                &[Fragment::new(*s, *e)],
                &author,
            ) {
                Ok(annotation) => edits.push(Edit::Add {
                    document: doc_index,
                    annotation,
                }),
                Err(err) => {
                    self.notes.error(err.to_string());
                    return;
                }
            }
        }
        let skipped = self.view.find_matches.len() - matches.len();
        let count = edits.len();
        match self.session.apply(
            Edit::Batch(edits),
            &format!("tag {count} matches as {label}"),
        ) {
            Ok(()) => self.notes.info(format!(
                "Tagged {count} matches as {label}{}",
                if skipped > 0 {
                    format!(" ({skipped} already tagged)")
                } else {
                    String::new()
                }
            )),
            Err(err) => self.notes.error(err.to_string()),
        }
    }

    /// Open a project or article without asking about unsaved changes.
    pub fn open_now(&mut self, path: &Path) {
        match Session::open(path) {
            Ok((session, note)) => {
                self.session = session;
                self.view.reset();
                self.find.searched = None;
                self.note_draft = NoteDraft::default();
                if let Some(p) = &self.session.path {
                    self.prefs.remember(p.clone());
                }
                match note {
                    Some(note) => self.notes.info(note),
                    None => self.notes.info(format!("Opened {}", path.display())),
                }
            }
            Err(err) => self.notes.error(format!("Could not open: {err}")),
        }
    }

    /// Export with the export window's settings and say what was written and what was lost.
    pub fn export_to(&mut self, format: Format, path: &Path) {
        match crate::formats::export(&self.session.project, format, path, &self.transfer.options) {
            Ok(report) => {
                let mut text = format!(
                    "Exported {} annotations as {} to {} ({} files).",
                    report.annotations,
                    format.name(),
                    path.display(),
                    report.files.len()
                );
                for line in report.loss_lines() {
                    text.push_str(&format!("\nNot expressible: {line}"));
                }
                self.notes.info(text);
            }
            Err(err) => self.notes.error(format!("Export failed: {err}")),
        }
    }

    /// Import labeled data as a new, unsaved project.
    pub fn import_now(&mut self, format: Format, path: &Path) {
        let name = path.file_stem().map_or_else(
            || "imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        match crate::formats::import(format, &[path], &name, &self.author()) {
            Ok((project, report)) => {
                self.session = Session::unsaved(project);
                self.session.dirty = true;
                self.view.reset();
                self.find.searched = None;
                self.note_draft = NoteDraft::default();
                let mut text = format!(
                    "Imported {} documents, {} annotations and {} relations from {}. Save to keep them.",
                    report.documents,
                    report.annotations,
                    report.relations,
                    path.display()
                );
                for w in report.warnings.iter().take(5) {
                    text.push_str(&format!("\n{w}"));
                }
                if report.warnings.len() > 5 {
                    text.push_str(&format!(
                        "\n… and {} more warnings",
                        report.warnings.len() - 5
                    ));
                }
                self.notes.info(text);
            }
            Err(err) => self.notes.error(format!("Import failed: {err}")),
        }
    }

    fn save_to(&mut self, path: &Path) {
        match self.session.save_to(path) {
            Ok(()) => {
                self.prefs.remember(path.to_path_buf());
                self.notes.info(format!("Saved {}", path.display()));
            }
            Err(err) => self.notes.error(format!(
                "{err}. Your work is still open; try Save As elsewhere."
            )),
        }
    }

    /// Ask for the annotator's name on first run, without blocking: tagging works meanwhile,
    /// with the login name (or "anonymous") as the author.
    fn name_prompt(&mut self, ctx: &egui::Context) {
        let Some(draft) = self.name_draft.as_mut() else {
            return;
        };
        let mut done = false;
        let mut later = false;
        egui::Window::new("Welcome to Marginalia")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -40.0))
            .show(ctx, |ui| {
                ui.label("Your name is recorded as the author of each annotation you make\nand as the reviewer of each decision.");
                ui.horizontal(|ui| {
                    let edit = ui.add(egui::TextEdit::singleline(draft).hint_text("Your name").desired_width(180.0));
                    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    if (ui.button("Save name").clicked() || enter) && !draft.trim().is_empty() {
                        done = true;
                    }
                    if ui.button("Later").on_hover_text("Ask again next time").clicked() {
                        later = true;
                    }
                });
            });
        if done {
            self.prefs.annotator = draft.trim().to_owned();
        }
        if done || later {
            self.name_draft = None;
        }
    }

    fn unsaved_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.unsaved_question.clone() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has unsaved changes.",
                self.session.project.name
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some("save");
                }
                if ui.button("Discard").clicked() {
                    choice = Some("discard");
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    choice = Some("cancel");
                }
            });
        });
        let Some(choice) = choice else { return };
        self.unsaved_question = None;
        match choice {
            "save" => {
                let Some(path) = self.session.path.clone() else {
                    self.notes
                        .info("Choose where to save first; then repeat what you were doing.");
                    self.dialogs
                        .request(Purpose::SaveAs, Some(self.suggested_file_name()));
                    return;
                };
                self.save_to(&path);
                if self.session.dirty {
                    return;
                }
            }
            "discard" => self.session.dirty = false,
            _ => return,
        }
        match pending {
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::Open(path) => self.open_now(&path),
            Pending::OpenDialog => self.dialogs.request(Purpose::Open, None),
            Pending::Import(format, path) => self.import_now(format, &path),
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
