//! The window: lays out the panels, turns keys into actions, and applies actions to the session.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Ui};

use super::actions::Action;
use super::background::{progress_ui, Task};
use super::bars::review_bar_ui;
use super::bars::{
    close_find, find_bar_ui, help_window_ui, label_bar_ui, menu_bar_ui, status_bar_ui, step_match,
    FindBar,
};
use super::compare_mode::{
    agreement_window_ui, class_counts_ui, compare_panel_ui, CompareAction, CompareMode,
};
use super::doc_summary::DocSummary;
use super::document_list::document_list_ui;
use super::file_dialog::{FileDialogs, Purpose};
use super::notifications::{notifications_ui, Notifications};
use super::prefs::{Prefs, Theme, PREFS_KEY};
use super::schema_editor::{check_schema, schema_editor_ui, SchemaEditor};
use super::session::{SaveProblem, Session};
use super::side_panel::{
    annotation_list_ui, inspector_ui, review_comment_ui, ListFilter, NoteDraft,
};
use super::signals;
use super::stats_window::stats_window_ui;
use super::text_view::{text_view_ui, TextViewState};
use super::transfer_panel::{export_window_ui, import_window_ui, TransferPanel, TransferRequest};
use crate::comparison::Decision;
use crate::edit::{new_annotation, with_fragments, Edit};
use crate::formats::builder::ImportReport;
use crate::formats::Format;
use crate::formats::{ExportReport, FormatError};
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

/// Work running on a worker thread.
enum RunningTask {
    Open(PathBuf, Task<Result<(Session, Option<String>), String>>),
    AddArticles(Task<(Vec<crate::model::Document>, Vec<String>)>),
    Import(
        PathBuf,
        Task<Result<(crate::model::Project, ImportReport), FormatError>>,
    ),
    Export(Format, PathBuf, Task<Result<ExportReport, FormatError>>),
}

/// Files and projects larger than this are opened, imported and exported in the background.
pub const BACKGROUND_BYTES: u64 = 1024 * 1024;

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
    comment_draft: NoteDraft,
    /// Review mode: letter keys accept, reject and step through annotations.
    pub review_mode: bool,
    focus_comment: bool,
    /// Comparison with a second annotator's project, while active.
    pub compare: Option<CompareMode>,
    show_agreement: bool,
    task: Option<RunningTask>,
    summary: DocSummary,
    /// The label schema editor.
    pub schema_editor: SchemaEditor,
    show_stats: bool,
    stats: Option<(u64, crate::stats::ProjectStats)>,
    /// Size above which work goes to a worker thread (tests lower it).
    pub background_bytes: u64,
    save_conflict: Option<PathBuf>,
    merge_conflicts: Vec<crate::merge::MergeConflict>,
    recovery_offer: Option<crate::recovery::Offer>,
    last_autosave: Option<f64>,
    autosaved_revision: u64,
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
            comment_draft: NoteDraft::default(),
            review_mode: false,
            focus_comment: false,
            compare: None,
            show_agreement: false,
            task: None,
            summary: DocSummary::default(),
            schema_editor: SchemaEditor::default(),
            show_stats: false,
            stats: None,
            background_bytes: BACKGROUND_BYTES,
            save_conflict: None,
            merge_conflicts: Vec::new(),
            recovery_offer: None,
            last_autosave: None,
            autosaved_revision: 0,
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
        match file {
            Some(path) => app.open_now(&path),
            None => app.check_recovery(),
        }
        signals::install(&cc.egui_ctx);
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
        if let Some((purpose, paths)) = self.dialogs.poll().or_else(|| self.dialogs.prompt_ui(&ctx))
        {
            let path = paths.first().cloned().unwrap_or_default();
            match purpose {
                Purpose::AddArticles | Purpose::AddFolder => {
                    self.actions.push(Action::AddArticles(paths))
                }
                Purpose::SaveSchema => {
                    match crate::schema_file::save_schema(&self.session.project.schema, &path) {
                        Ok(()) => self
                            .notes
                            .info(format!("Saved the schema to {}", path.display())),
                        Err(e) => self.notes.error(e),
                    }
                }
                Purpose::LoadSchema => self.load_schema(&path),
                Purpose::Open => self.actions.push(Action::OpenPath(path)),
                Purpose::SaveAs => self.actions.push(Action::SaveTo(path)),
                Purpose::Export(format) => self.actions.push(Action::ExportTo(format, path)),
                Purpose::ImportLabeled(format) => {
                    self.actions.push(Action::ImportPath(format, path))
                }
                Purpose::Compare => self.actions.push(Action::ComparePath(path)),
                Purpose::SaveGold => self.save_gold(&path),
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
        if self.compare.is_some() {
            self.compare_ui(ui);
        } else {
            self.annotate_ui(ui);
        }
        self.poll_task(&ctx);
        self.save_conflict_prompt(&ctx);
        self.merge_conflicts_ui(&ctx);
        self.recovery_prompt(&ctx);
        self.autosave(&ctx);
        if signals::shutdown_requested() && !self.allow_close {
            if let Some(path) = self.emergency_save() {
                eprintln!("marginalia: unsaved work written to {}", path.display());
            }
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        help_window_ui(&ctx, &mut self.show_help);
        {
            let docs = &self.session.project.documents;
            let usage = |label: &str| {
                docs.iter()
                    .map(|d| d.annotations.iter().filter(|a| a.label == label).count())
                    .sum()
            };
            schema_editor_ui(
                &ctx,
                &mut self.schema_editor,
                &self.session.project.schema,
                &usage,
                &mut self.actions,
            );
        }
        if self.show_stats {
            if self
                .stats
                .as_ref()
                .is_none_or(|(rev, _)| *rev != self.session.revision)
            {
                self.stats = Some((
                    self.session.revision,
                    crate::stats::project_stats(&self.session.project),
                ));
            }
            let stats = self
                .stats
                .as_ref()
                .map(|(_, s)| s.clone())
                .unwrap_or_else(|| crate::stats::project_stats(&self.session.project));
            if let Some(fraction) =
                stats_window_ui(&ctx, &mut self.show_stats, &stats, self.session.document)
            {
                let len = self.session.document().map_or(0, |d| d.char_len());
                self.view.scroll_to = Some((fraction * len as f64) as usize);
            }
        }
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
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
        let title = self.session.window_title();
        if self.shown_title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = Some(title);
        }
    }

    /// The normal layout: label bar, status bar, side panel with inspector and list, text.
    fn annotate_ui(&mut self, ui: &mut Ui) {
        self.summary.refresh(&self.session);
        egui::Panel::top("labels").show(ui, |ui| {
            label_bar_ui(
                ui,
                &self.session,
                &mut self.view,
                &self.summary,
                &mut self.actions,
            );
            if self.review_mode {
                review_bar_ui(ui, &self.summary);
            }
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
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar_ui(
                ui,
                &self.session,
                &self.view,
                &self.summary,
                self.review_mode,
            )
        });
        if self.session.project.documents.len() > 1 {
            egui::Panel::left("documents")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| {
                    document_list_ui(ui, &self.session, &mut self.actions);
                });
        }
        egui::Panel::right("side")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| {
                if let Some(doc) = self.session.document() {
                    if let Some(id) = self
                        .view
                        .selected
                        .filter(|id| self.summary.find(doc, *id).is_some())
                    {
                        ui.heading("Annotation");
                        inspector_ui(
                            ui,
                            doc,
                            &self.summary,
                            &self.session.project.schema,
                            id,
                            &mut self.note_draft,
                            &mut self.actions,
                        );
                        review_comment_ui(
                            ui,
                            doc,
                            &self.summary,
                            id,
                            &mut self.comment_draft,
                            std::mem::take(&mut self.focus_comment),
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
                        &self.summary,
                        self.session.revision,
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
    }

    /// The comparison layout: class counts, the case list, and both annotators' spans on the text.
    fn compare_ui(&mut self, ui: &mut Ui) {
        let Some(mode) = self.compare.as_mut() else {
            return;
        };
        let mut requests = Vec::new();
        egui::Panel::top("compare_counts").show(ui, |ui| class_counts_ui(ui, mode));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.label(format!(
                "Comparing {} with {} · {} cases · {} undecided · keys: A, B, T (both), D (drop), N / P",
                mode.comparison.names.0,
                mode.comparison.names.1,
                mode.comparison.cases.len(),
                mode.comparison.undecided()
            ));
        });
        egui::Panel::right("compare_side")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                compare_panel_ui(ui, mode, &mut requests);
            });
        let mut ignored = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            text_view_ui(
                ui,
                &mode.view_session,
                &mut mode.view,
                self.prefs.text_size,
                self.prefs.snap_words,
                &mut ignored,
            );
        });
        // Selecting a span in the text selects its case.
        if let Some(case) = mode.case_of_view_selection() {
            mode.selected_case = Some(case);
        }
        agreement_window_ui(ui.ctx(), &mut self.show_agreement, &mode.report);
        for request in requests {
            self.handle_compare(ui.ctx(), request);
        }
    }

    fn handle_compare(&mut self, ctx: &egui::Context, request: CompareAction) {
        let Some(mode) = self.compare.as_mut() else {
            return;
        };
        let doc = mode.view_session.document;
        match request {
            CompareAction::Decide(i, d) => {
                mode.comparison.decide(i, d);
                mode.rebuild_view(doc);
                mode.selected_case = Some(i);
            }
            CompareAction::AcceptAllExact => {
                let n = mode.comparison.accept_all_exact();
                mode.rebuild_view(doc);
                self.notes.info(format!(
                    "Took A's span for {n} exact matches (one undo step)."
                ));
            }
            CompareAction::Select(i) => {
                mode.selected_case = Some(i);
                if let Some(case) = mode.comparison.cases.get(i) {
                    let start = case.start;
                    let target = case.document;
                    if target != mode.view_session.document {
                        mode.view_session.document = target;
                        mode.view.reset();
                    }
                    let id = mode
                        .span_case
                        .iter()
                        .find(|(_, (c, _))| *c == i)
                        .map(|(id, _)| *id);
                    mode.view.selected = id;
                    mode.view.scroll_to = Some(start);
                }
            }
            CompareAction::SaveGold => {
                let name = format!(
                    "{}-gold.ron",
                    self.suggested_file_name().trim_end_matches(".ron")
                );
                self.dialogs.request(Purpose::SaveGold, Some(name));
            }
            CompareAction::Close => {
                self.compare = None;
                self.show_agreement = false;
            }
            CompareAction::ShowAgreement => self.show_agreement = true,
        }
        ctx.request_repaint();
    }

    /// Keys while comparing: decide the selected case, step through cases, undo decisions.
    fn compare_keyboard(&mut self, ctx: &egui::Context) {
        let Some(mode) = self.compare.as_ref() else {
            return;
        };
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let selected = mode.selected_case;
        let n = mode.comparison.cases.len();
        let mut requests = Vec::new();
        let mut undo = None;
        ctx.input_mut(|i| {
            if i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)
                || i.consume_key(Modifiers::COMMAND, Key::Y)
            {
                undo = Some(false);
            } else if i.consume_key(Modifiers::COMMAND, Key::Z) {
                undo = Some(true);
            }
            if let Some(case) = selected {
                for (key, d) in [
                    (Key::A, Decision::TakeA),
                    (Key::B, Decision::TakeB),
                    (Key::T, Decision::TakeBoth),
                    (Key::D, Decision::Drop),
                ] {
                    if i.consume_key(Modifiers::NONE, key) {
                        requests.push(CompareAction::Decide(case, d));
                        if case + 1 < n {
                            requests.push(CompareAction::Select(case + 1));
                        }
                    }
                }
            }
            if n > 0 {
                if i.consume_key(Modifiers::NONE, Key::N)
                    || i.consume_key(Modifiers::NONE, Key::J)
                    || i.consume_key(Modifiers::NONE, Key::Tab)
                {
                    requests.push(CompareAction::Select(selected.map_or(0, |c| (c + 1) % n)));
                }
                if i.consume_key(Modifiers::NONE, Key::P) || i.consume_key(Modifiers::NONE, Key::K)
                {
                    requests.push(CompareAction::Select(
                        selected.map_or(0, |c| (c + n - 1) % n),
                    ));
                }
            }
        });
        if let Some(is_undo) = undo {
            if let Some(mode) = self.compare.as_mut() {
                let done = if is_undo {
                    mode.comparison.undo()
                } else {
                    mode.comparison.redo()
                };
                if done {
                    let doc = mode.view_session.document;
                    mode.rebuild_view(doc);
                }
            }
        }
        for r in requests {
            self.handle_compare(ctx, r);
        }
    }

    /// Save the adjudicated project built from the comparison's decisions.
    pub fn save_gold(&mut self, path: &Path) {
        let Some(mode) = self.compare.as_ref() else {
            return;
        };
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path.to_path_buf()
        };
        let gold = mode.comparison.gold(&self.author());
        let count = gold.annotation_count();
        match crate::project_file::save_project(&gold, &path) {
            Ok(()) => {
                self.prefs.remember(path.clone());
                self.notes.info(format!(
                    "Saved the adjudicated project ({count} annotations, {} cases undecided) to {}",
                    mode.comparison.undecided(),
                    path.display()
                ));
            }
            Err(err) => self.notes.error(err.to_string()),
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
        let (projects, articles): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")));
        if let Some(path) = projects.into_iter().next() {
            self.actions.push(Action::OpenPath(path));
        } else if !articles.is_empty() {
            // Dropping articles on a project adds them to it; on the bundled sample, the first opens.
            if self.session.path.is_none() && !self.session.dirty && articles.len() == 1 {
                self.actions.push(Action::OpenPath(articles[0].clone()));
            } else {
                self.actions.push(Action::AddArticles(articles));
            }
        }
    }

    /// Shortcuts. Global ones (save, undo) work everywhere; editing keys only when no text field
    /// has the keyboard.
    fn keyboard(&mut self, ctx: &egui::Context) {
        if self.compare.is_some() {
            self.compare_keyboard(ctx);
            return;
        }
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
                let Some(mut fragments) = self
                    .session
                    .document()
                    .and_then(|d| d.annotation(id))
                    .map(|a| a.fragments.clone())
                else {
                    return;
                };
                fragments.push(fragment);
                self.set_fragments(id, &fragments, "add fragment");
            }
            Action::SetFragments(id, fragments) => {
                self.set_fragments(id, &fragments, "adjust boundaries")
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
            Action::SetReviewComment(id, comment) => {
                let reviewer = self.author();
                self.update_annotation(id, "comment", |a| {
                    a.review.comment = comment.clone();
                    a.review.reviewer = Some(reviewer.clone());
                    a.review.time = Some(now_rfc3339());
                });
            }
            Action::AddRelation(from, to) => {
                let Some(doc) = self.session.document() else {
                    return;
                };
                let (Some(a), Some(b)) = (doc.annotation(from), doc.annotation(to)) else {
                    return;
                };
                let kind = self
                    .session
                    .project
                    .schema
                    .relation_kind_for(&a.label, &b.label);
                let description = format!("link {kind}");
                let result = crate::edit::new_relation(
                    &mut self.session.project,
                    doc_index,
                    &kind,
                    from,
                    to,
                )
                .and_then(|relation| {
                    self.session.apply(
                        Edit::AddRelation {
                            document: doc_index,
                            relation,
                        },
                        &description,
                    )
                });
                self.view.linking_from = None;
                self.view.selected = Some(from);
                match result {
                    Ok(()) => self.notes.info(format!(
                        "Linked as {kind}. Change the kind or remove the link in the inspector."
                    )),
                    Err(err) => self.notes.error(err.to_string()),
                }
            }
            Action::RemoveRelation(id) => {
                let result = self.session.apply(
                    Edit::RemoveRelation {
                        document: doc_index,
                        id,
                    },
                    "remove link",
                );
                self.report(result);
            }
            Action::SetRelationKind(id, kind) => {
                let Some(rel) = self
                    .session
                    .document()
                    .and_then(|d| d.relations.iter().find(|r| r.id == id))
                    .cloned()
                else {
                    return;
                };
                let mut changed = rel.clone();
                changed.kind = kind;
                let edit = Edit::Batch(vec![
                    Edit::RemoveRelation {
                        document: doc_index,
                        id,
                    },
                    Edit::AddRelation {
                        document: doc_index,
                        relation: changed,
                    },
                ]);
                let result = self.session.apply(edit, "change link kind");
                self.report(result);
            }
            Action::StartLinking => {
                if let Some(id) = self.view.selected {
                    self.view.linking_from = Some(id);
                    self.notes.info("Linking: click the target annotation (or Tab to it and press Enter). Esc cancels.");
                }
            }
            Action::PurgeRejected => {
                let Some(doc) = self.session.document() else {
                    return;
                };
                let edits: Vec<Edit> = doc
                    .annotations
                    .iter()
                    .filter(|a| a.review.status == ReviewStatus::Rejected)
                    .map(|a| Edit::Remove {
                        document: doc_index,
                        id: a.id,
                    })
                    .collect();
                let n = edits.len();
                if n == 0 {
                    self.notes.info("No rejected annotations to purge.");
                    return;
                }
                match self
                    .session
                    .apply(Edit::Batch(edits), &format!("purge {n} rejected"))
                {
                    Ok(()) => self.notes.info(format!(
                        "Purged {n} rejected annotations (Ctrl+Z brings them back)."
                    )),
                    Err(err) => self.notes.error(err.to_string()),
                }
            }
            Action::CompareWith => self.dialogs.request(Purpose::Compare, None),
            Action::ComparePath(path) => self.compare_with(&path),
            Action::TagAllMatches(label) => self.tag_all_matches(&label),
            Action::Undo | Action::Redo if self.compare.is_some() => {
                if let Some(mode) = self.compare.as_mut() {
                    let done = if action == Action::Undo {
                        mode.comparison.undo()
                    } else {
                        mode.comparison.redo()
                    };
                    if done {
                        let doc = mode.view_session.document;
                        mode.rebuild_view(doc);
                    }
                }
            }
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
                    self.open_maybe_in_background(ctx, &path);
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
            Action::ToggleReview => self.review_mode = !self.review_mode,
            Action::ShowSchema => self.schema_editor.open = true,
            Action::GoToMatch(doc, start, end) => {
                if doc != self.session.document {
                    self.actions.push(Action::ShowDocument(doc));
                    self.actions.push(Action::GoToMatch(doc, start, end));
                    return;
                }
                self.view.selection = Some((start, end));
                self.view.selected = None;
                self.view.scroll_to = Some(start);
            }
            Action::SetSchema(schema, description) => match check_schema(&schema) {
                Ok(()) => {
                    let result = self.session.apply(Edit::SetSchema { schema }, &description);
                    self.report(result);
                }
                Err(e) => self.notes.error(e),
            },
            Action::RenameLabel(old, new) => {
                let result = crate::edit::rename_label(&self.session.project, &old, &new)
                    .and_then(|edit| self.session.apply(edit, &format!("rename {old} to {new}")));
                self.report(result);
            }
            Action::DeleteLabel(name, replacement) => {
                let result =
                    crate::edit::delete_label(&self.session.project, &name, replacement.as_deref())
                        .and_then(|edit| self.session.apply(edit, &format!("delete label {name}")));
                self.report(result);
            }
            Action::SetAttribute(id, name, value) => {
                self.update_annotation(id, &format!("set {name}"), |a| match &value {
                    Some(v) => {
                        a.attributes.insert(name.clone(), v.clone());
                    }
                    None => {
                        a.attributes.remove(&name);
                    }
                })
            }
            Action::SaveSchema => self
                .dialogs
                .request(Purpose::SaveSchema, Some("schema.ron".into())),
            Action::LoadSchema => self.dialogs.request(Purpose::LoadSchema, None),
            Action::Notify(text) => self.notes.error(text),
            Action::ShowStats => self.show_stats = true,
            Action::ChooseArticles => self.dialogs.request(Purpose::AddArticles, None),
            Action::ChooseFolder => self.dialogs.request(Purpose::AddFolder, None),
            Action::AddArticles(paths) => self.add_articles(ctx, paths),
            Action::SetDocStatus(index, status) => self.session.set_doc_status(index, status),
            Action::StepDocument(forward) => {
                let n = self.session.project.documents.len();
                if n > 1 {
                    let i = self.session.document;
                    let next = if forward {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    self.actions.push(Action::ShowDocument(next));
                }
            }
            Action::ShowExport => self.transfer.export_open = true,
            Action::ShowImport => self.transfer.import_open = true,
            Action::ExportTo(format, path) => {
                let size: u64 = self
                    .session
                    .project
                    .documents
                    .iter()
                    .map(|d| d.text().len() as u64)
                    .sum();
                if size > self.background_bytes {
                    let project = self.session.project.clone();
                    let options = self.transfer.options.clone();
                    let target = path.clone();
                    let task = Task::spawn(
                        format!("Exporting {} as {}…", path.display(), format.name()),
                        ctx,
                        move |_| crate::formats::export(&project, format, &target, &options),
                    );
                    self.task = Some(RunningTask::Export(format, path, task));
                } else {
                    self.export_to(format, &path);
                }
            }
            Action::ImportPath(format, path) => {
                if self.session.dirty {
                    self.unsaved_question = Some(Pending::Import(format, path));
                } else {
                    self.import_maybe_in_background(ctx, format, &path);
                }
            }
            Action::Select(id) => {
                if let Some(doc) = self.session.document() {
                    self.view.select_annotation(doc, id);
                }
            }
            Action::Step(forward) => self.step_annotation(forward),
            Action::SelectEdge(first) => {
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

    /// Give annotation `id` new fragments (covered text and modified time follow), as one step.
    fn set_fragments(&mut self, id: u64, fragments: &[Fragment], description: &str) {
        let doc_index = self.session.document;
        let Some(ann) = self
            .session
            .document()
            .and_then(|d| d.annotation(id))
            .cloned()
        else {
            return;
        };
        let result =
            with_fragments(&self.session.project, doc_index, &ann, fragments).and_then(|changed| {
                self.session.apply(
                    Edit::Update {
                        document: doc_index,
                        annotation: changed,
                    },
                    description,
                )
            });
        self.report(result);
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
        let current = self.view.selected.and_then(|id| doc.annotation_index(id));
        let n = doc.annotations.len();
        // In review mode the whole corpus is one sequence: past the last annotation of a
        // document comes the first of the next one that has any.
        let docs = self.session.project.documents.len();
        let at_edge = n == 0 || current.is_some_and(|i| if forward { i + 1 == n } else { i == 0 });
        if self.review_mode && docs > 1 && at_edge {
            let here = self.session.document;
            let candidates: Vec<usize> = if forward {
                (1..docs).map(|k| (here + k) % docs).collect()
            } else {
                (1..docs).map(|k| (here + docs - k) % docs).collect()
            };
            if let Some(&target) = candidates
                .iter()
                .find(|&&d| !self.session.project.documents[d].annotations.is_empty())
            {
                self.actions.push(Action::ShowDocument(target));
                self.actions.push(Action::SelectEdge(forward));
                return;
            }
        }
        if n == 0 {
            return;
        }
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

    /// Make `session` the open one and reset everything shown for the previous one.
    fn take_session(&mut self, session: Session) {
        self.session = session;
        self.view.reset();
        self.find.searched = None;
        self.note_draft = NoteDraft::default();
        self.comment_draft = NoteDraft::default();
        self.compare = None;
        if let Some(p) = &self.session.path {
            self.prefs.remember(p.clone());
        }
    }

    /// Open a project or article without asking about unsaved changes.
    pub fn open_now(&mut self, path: &Path) {
        match Session::open(path) {
            Ok((session, note)) => {
                self.take_session(session);
                match note {
                    Some(note) => self.notes.info(note),
                    None => self.notes.info(format!("Opened {}", path.display())),
                }
                self.check_recovery();
            }
            Err(err) => self.notes.error(format!("Could not open: {err}")),
        }
    }

    /// Start comparing the open project (A) with the project at `path` (B).
    pub fn compare_with(&mut self, path: &Path) {
        let b = match crate::project_file::load_project(path) {
            Ok(b) => b,
            Err(err) => {
                self.notes.error(format!("Could not compare: {err}"));
                return;
            }
        };
        let a_name = self
            .session
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(
                || self.session.project.name.clone(),
                |s| s.to_string_lossy().into_owned(),
            );
        let b_name = path
            .file_stem()
            .map_or_else(|| "B".to_owned(), |s| s.to_string_lossy().into_owned());
        let b_name = if b_name == a_name {
            format!("{b_name} (B)")
        } else {
            b_name
        };
        match CompareMode::new(self.session.project.clone(), b, (a_name, b_name)) {
            Ok(mode) => {
                let n = mode.comparison.cases.len();
                if !mode.comparison.unmatched.is_empty() {
                    self.notes.info(format!(
                        "Not compared: {}",
                        mode.comparison.unmatched.join(", ")
                    ));
                }
                self.compare = Some(mode);
                self.notes.info(format!(
                    "Comparing with {}: {n} cases. Decide each, then Save gold project.",
                    path.display()
                ));
            }
            Err(err) => self.notes.error(format!("Could not compare: {err}")),
        }
    }

    /// Import articles (expanding folders) as new documents of the open project; many or large
    /// files go to a worker thread with a progress bar.
    fn add_articles(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                    .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
                    .unwrap_or_default();
                found.retain(|p| {
                    p.is_file()
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            ["txt", "md", "markdown", "html", "htm"]
                                .contains(&e.to_ascii_lowercase().as_str())
                        })
                });
                found.sort();
                files.extend(found);
            } else {
                files.push(path);
            }
        }
        if files.is_empty() {
            self.notes
                .info("No articles (.txt, .md, .html) found there.");
            return;
        }
        let count = files.len();
        let total: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let work = move |progress: &super::background::Progress| {
            let mut documents = Vec::new();
            let mut errors = Vec::new();
            let n = files.len();
            for (i, file) in files.iter().enumerate() {
                if progress.is_cancelled() {
                    errors.push("cancelled; the articles imported so far were added".to_owned());
                    break;
                }
                match crate::import::import_article(file) {
                    Ok(article) => documents.push(article.document),
                    Err(err) => errors.push(err.to_string()),
                }
                progress.set((i + 1) as f32 / n as f32);
            }
            (documents, errors)
        };
        if count > 20 || total > self.background_bytes {
            let label = format!("Importing {count} articles…");
            self.task = Some(RunningTask::AddArticles(Task::spawn(label, ctx, work)));
        } else {
            let (documents, errors) = work(&super::background::Progress::default());
            self.take_articles(documents, errors);
        }
    }

    fn take_articles(&mut self, documents: Vec<crate::model::Document>, errors: Vec<String>) {
        let n = documents.len();
        let first_new = self.session.project.documents.len();
        self.session.add_documents(documents);
        let mut text = format!("Added {n} article(s) to the project.");
        for e in errors.iter().take(5) {
            text.push_str(&format!("\n{e}"));
        }
        if errors.len() > 5 {
            text.push_str(&format!("\n… and {} more problems", errors.len() - 5));
        }
        if errors.is_empty() {
            self.notes.info(text);
        } else {
            self.notes.error(text);
        }
        if n > 0 {
            self.actions.push(Action::ShowDocument(first_new));
        }
    }

    /// Use a schema file in this project; labels in use that it lacks are kept.
    pub fn load_schema(&mut self, path: &Path) {
        match crate::schema_file::load_schema(path) {
            Ok(mut schema) => {
                for doc in &self.session.project.documents {
                    for a in &doc.annotations {
                        if schema.label(&a.label).is_none() {
                            if let Some(def) = self.session.project.schema.label(&a.label) {
                                schema.labels.push(def.clone());
                            }
                        }
                    }
                }
                self.actions.push(Action::SetSchema(
                    schema,
                    format!("load schema {}", path.display()),
                ));
            }
            Err(e) => self.notes.error(e),
        }
    }

    /// True while work runs on a worker thread.
    pub fn is_busy(&self) -> bool {
        self.task.is_some()
    }

    fn large(&self, path: &Path) -> bool {
        let size = if path.is_dir() {
            std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter_map(|e| e.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0)
        } else {
            std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
        };
        size > self.background_bytes
    }

    fn open_maybe_in_background(&mut self, ctx: &egui::Context, path: &Path) {
        if !self.large(path) {
            self.open_now(path);
            return;
        }
        let target = path.to_path_buf();
        let task = Task::spawn(
            format!("Opening {}…", path.display()),
            ctx,
            move |progress| Session::open_with_progress(&target, progress),
        );
        self.task = Some(RunningTask::Open(path.to_path_buf(), task));
    }

    fn import_maybe_in_background(&mut self, ctx: &egui::Context, format: Format, path: &Path) {
        if !self.large(path) {
            self.import_now(format, path);
            return;
        }
        let target = path.to_path_buf();
        let name = path.file_stem().map_or_else(
            || "imported".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        );
        let author = self.author();
        let task = Task::spawn(format!("Importing {}…", path.display()), ctx, move |_| {
            crate::formats::import(format, &[target.as_path()], &name, &author)
        });
        self.task = Some(RunningTask::Import(path.to_path_buf(), task));
    }

    /// Show progress, offer Cancel, and take the result when the worker is done.
    fn poll_task(&mut self, ctx: &egui::Context) {
        let Some(task) = self.task.take() else { return };
        let (label, progress) = match &task {
            RunningTask::Open(_, t) => (t.label.clone(), t.progress.clone()),
            RunningTask::AddArticles(t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Import(_, t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Export(_, _, t) => (t.label.clone(), t.progress.clone()),
        };
        if progress_ui(ctx, &label, &progress) {
            progress.set(0.0);
            match &task {
                RunningTask::Open(_, t) => t.cancel(),
                RunningTask::AddArticles(t) => t.cancel(),
                RunningTask::Import(_, t) => t.cancel(),
                RunningTask::Export(_, _, t) => t.cancel(),
            }
            self.notes.info(format!("Cancelled: {label}"));
            return;
        }
        match task {
            RunningTask::Open(path, t) => match t.poll() {
                Some(Ok((session, note))) => {
                    self.take_session(session);
                    self.notes
                        .info(note.unwrap_or_else(|| format!("Opened {}", path.display())));
                    self.check_recovery();
                }
                Some(Err(err)) => self.notes.error(format!("Could not open: {err}")),
                None => self.task = Some(RunningTask::Open(path, t)),
            },
            RunningTask::AddArticles(t) => match t.poll() {
                Some((documents, errors)) => self.take_articles(documents, errors),
                None => self.task = Some(RunningTask::AddArticles(t)),
            },
            RunningTask::Import(path, t) => match t.poll() {
                Some(Ok((project, report))) => self.take_import(project, report, &path),
                Some(Err(err)) => self.notes.error(format!("Import failed: {err}")),
                None => self.task = Some(RunningTask::Import(path, t)),
            },
            RunningTask::Export(format, path, t) => match t.poll() {
                Some(result) => self.report_export(format, &path, result),
                None => self.task = Some(RunningTask::Export(format, path, t)),
            },
        }
    }

    /// Export with the export window's settings and say what was written and what was lost.
    pub fn export_to(&mut self, format: Format, path: &Path) {
        let result =
            crate::formats::export(&self.session.project, format, path, &self.transfer.options);
        self.report_export(format, path, result);
    }

    fn report_export(
        &mut self,
        format: Format,
        path: &Path,
        result: Result<ExportReport, FormatError>,
    ) {
        match result {
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
            Ok((project, report)) => self.take_import(project, report, path),
            Err(err) => self.notes.error(format!("Import failed: {err}")),
        }
    }

    fn take_import(&mut self, project: crate::model::Project, report: ImportReport, path: &Path) {
        let mut session = Session::unsaved(project);
        session.dirty = true;
        self.take_session(session);
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

    fn save_to(&mut self, path: &Path) {
        self.save_with(path, false);
    }

    /// Save; when the file changed on disk meanwhile, ask instead of overwriting it.
    fn save_with(&mut self, path: &Path, force: bool) {
        match self.session.save_to(path, force) {
            Ok(()) => {
                self.prefs.remember(path.to_path_buf());
                self.notes.info(format!("Saved {}", path.display()));
            }
            Err(SaveProblem::ChangedOnDisk) => self.save_conflict = Some(path.to_path_buf()),
            Err(SaveProblem::Failed(err)) => self.notes.error(format!(
                "{err}. The previous file is intact and your work is still open; try Save As elsewhere."
            )),
        }
    }

    /// Someone else changed the file: overwrite, save as, or merge.
    fn save_conflict_prompt(&mut self, ctx: &egui::Context) {
        let Some(path) = self.save_conflict.clone() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("save_conflict")).show(ctx, |ui| {
            ui.heading("The file changed on disk");
            ui.label(format!(
                "{} was changed by someone else (another window, a colleague's copy, a git pull) since you opened it.",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Merge").on_hover_text("Combine both versions annotation by annotation; conflicts are listed").clicked() {
                    choice = Some("merge");
                }
                if ui.button("Overwrite").on_hover_text("Replace their version with yours").clicked() {
                    choice = Some("overwrite");
                }
                if ui.button("Save as…").clicked() {
                    choice = Some("save_as");
                }
                if ui.button("Cancel").clicked() {
                    choice = Some("cancel");
                }
            });
        });
        let Some(choice) = choice else { return };
        self.save_conflict = None;
        match choice {
            "merge" => match self.session.merge_from_disk() {
                Ok(conflicts) => {
                    self.view.reset();
                    let n = conflicts.len();
                    self.merge_conflicts = conflicts;
                    self.notes.info(if n == 0 {
                        "Merged their changes with yours without conflicts. Save to write the result.".to_owned()
                    } else {
                        format!("Merged with {n} conflict(s); yours were kept. Review them, then save.")
                    });
                }
                Err(err) => self.notes.error(format!("Could not merge: {err}")),
            },
            "overwrite" => self.save_with(&path, true),
            "save_as" => self
                .dialogs
                .request(Purpose::SaveAs, Some(self.suggested_file_name())),
            _ => {}
        }
    }

    /// Conflicts left by a merge: keep ours (already in place) or take theirs, one by one.
    fn merge_conflicts_ui(&mut self, ctx: &egui::Context) {
        if self.merge_conflicts.is_empty() {
            return;
        }
        let mut take_theirs = None;
        let mut keep_ours = None;
        let mut open = true;
        egui::Window::new("Merge conflicts")
            .open(&mut open)
            .default_width(480.0)
            .show(ctx, |ui| {
                ui.label("Both versions changed these annotations. Yours are in place now.");
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for (i, c) in self.merge_conflicts.iter().enumerate() {
                            ui.separator();
                            ui.label(format!("document \"{}\": {}", c.document_id, c.what));
                            let describe = |a: &Option<crate::model::Annotation>| {
                                a.as_ref().map_or("deleted".to_owned(), |a| {
                                    format!(
                                        "{} “{}”{}",
                                        a.label,
                                        a.text,
                                        a.note
                                            .as_ref()
                                            .map(|n| format!(" — {n}"))
                                            .unwrap_or_default()
                                    )
                                })
                            };
                            ui.label(format!("yours: {}", describe(&c.ours)));
                            ui.label(format!("theirs: {}", describe(&c.theirs)));
                            ui.horizontal(|ui| {
                                if ui.button("Keep yours").clicked() {
                                    keep_ours = Some(i);
                                }
                                if ui.button("Take theirs").clicked() {
                                    take_theirs = Some(i);
                                }
                            });
                        }
                    });
            });
        if let Some(i) = keep_ours {
            self.merge_conflicts.remove(i);
        }
        if let Some(i) = take_theirs {
            let c = self.merge_conflicts.remove(i);
            let doc = c.document;
            let current = c.ours.as_ref().or(c.theirs.as_ref()).and_then(|a| {
                self.session
                    .project
                    .documents
                    .get(doc)
                    .and_then(|d| d.annotation(a.id))
                    .cloned()
            });
            let edit = match (&c.theirs, current) {
                (Some(theirs), Some(_)) => Edit::Update {
                    document: doc,
                    annotation: theirs.clone(),
                },
                (Some(theirs), None) => Edit::Add {
                    document: doc,
                    annotation: theirs.clone(),
                },
                (None, Some(now)) => Edit::Remove {
                    document: doc,
                    id: now.id,
                },
                (None, None) => return,
            };
            let result = self.session.apply(edit, "take their version");
            self.report(result);
        }
        if !open {
            self.merge_conflicts.clear();
        }
    }

    /// Offer to restore unsaved work found from an earlier run.
    fn recovery_prompt(&mut self, ctx: &egui::Context) {
        let Some(offer) = self.recovery_offer.as_ref() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.heading("Unsaved work was found");
            ui.label(format!(
                "A recovery copy from an earlier session ({}) holds {} annotation change(s) that were never saved.",
                offer.path.display(),
                offer.differences
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard").on_hover_text("Delete the recovery copy").clicked() {
                    choice = Some(false);
                }
            });
        });
        let Some(restore) = choice else { return };
        let Some(offer) = self.recovery_offer.take() else {
            return;
        };
        if restore {
            self.session.restore(offer.project);
            self.view.reset();
            self.notes
                .info("Restored the unsaved work. Save to keep it.");
        } else {
            let _ = std::fs::remove_file(&offer.path);
        }
    }

    /// Write a recovery snapshot in the background while there are unsaved changes.
    fn autosave(&mut self, ctx: &egui::Context) {
        if !self.session.dirty || self.session.revision == self.autosaved_revision {
            return;
        }
        let now = ctx.input(|i| i.time);
        let interval = self.prefs.autosave_seconds.max(1.0) as f64;
        let due = self.last_autosave.map_or(0.0, |t| t + interval);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        let Some(target) = self.session.recovery_target() else {
            return;
        };
        let project = self.session.project.clone();
        std::thread::spawn(move || {
            let _ = crate::recovery::write_snapshot(&project, &target);
        });
        self.autosaved_revision = self.session.revision;
        self.last_autosave = Some(now);
    }

    /// Write the open project to its recovery file now, on this thread (crash or signal).
    /// Returns where it went.
    pub fn emergency_save(&self) -> Option<PathBuf> {
        if !self.session.dirty {
            return None;
        }
        let target = self.session.recovery_target()?;
        crate::recovery::write_snapshot(&self.session.project, &target).ok()?;
        Some(target)
    }

    /// Look for a recovery snapshot of what was just opened.
    fn check_recovery(&mut self) {
        self.recovery_offer = match &self.session.path {
            Some(path) => crate::recovery::offer_for(path, Some(&self.session.project)),
            None => crate::recovery::newest_untitled(),
        }
        .filter(|offer| offer.differences > 0);
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
            Pending::Open(path) => self.open_maybe_in_background(ctx, &path),
            Pending::OpenDialog => self.dialogs.request(Purpose::Open, None),
            Pending::Import(format, path) => self.import_maybe_in_background(ctx, format, &path),
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // A bug must not cost the user their work: on a panic, write the emergency copy first.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.show(ui)));
        if let Err(panic) = result {
            if let Some(path) = self.emergency_save() {
                eprintln!("marginalia: crashed; unsaved work written to {}; it will be offered at the next start", path.display());
            }
            std::panic::resume_unwind(panic);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
