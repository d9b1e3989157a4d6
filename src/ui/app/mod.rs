//! The window: lays out the panels, turns keys into actions, and applies actions to the session.

mod agreement;
mod command_handling;
mod compare;
mod disk;
mod editing;
mod effort;
mod files;
mod links;
mod loading;
mod navigation;
mod questions;
mod safety;
mod schema;
mod suggestions;
mod welcome;
mod windows;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Ui};

use super::actions::*;
use super::agreement_window::agreement_window_ui;
use super::annotation_list::{annotation_list_ui, ListFilter};
use super::compare_mode::{class_counts_ui, compare_panel_ui, CompareAction, CompareMode};
use super::doc_summary::DocSummary;
use super::document_list::document_list_ui;
use super::file_dialog::{FileDialogs, Purpose};
use super::find_bar::{close_find, find_bar_ui, step_match, FindBar};
use super::help_window::help_window_ui;
use super::inspector::{inspector_ui, review_comment_ui, NoteDraft};
use super::label_bar::label_bar_ui;
use super::menu_bar::menu_bar_ui;
use super::notifications::{notifications_ui, Notifications};
use super::prefs::{Prefs, Theme, PREFS_KEY};
use super::progress_window::{progress_ui, waker};
use super::schema_editor::{check_schema, schema_editor_ui, SchemaEditor};
use super::signals;
use super::stats_window::stats_window_ui;
use super::status_bar::{review_bar_ui, status_bar_ui};
use super::text_view::{text_view_ui, TextViewState};
use super::transfer_windows::{export_window_ui, import_window_ui, TransferPanel, TransferRequest};
use crate::background::Task;
use crate::comparison::Decision;
use crate::edit::{with_fragments, Edit};
use crate::formats::builder::ImportReport;
use crate::formats::Format;
use crate::formats::{ExportReport, FormatError};
use crate::model::{Fragment, ReviewStatus};
use crate::session::{DiskCheck, SaveProblem, Session};
use crate::span_snap::{next_word_edge, snap_span, Snap};
use crate::timestamp::now_rfc3339;

/// What to do once the user has answered "save changes?".
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Quit,
    Open(PathBuf),
    OpenDialog,
    Import(Format, PathBuf),
    /// Leave comparison mode (only adjudication decisions are at stake).
    CloseComparison,
}

/// Work running on a worker thread.
enum RunningTask {
    Open(Box<loading::OpenTask>),
    AddArticles(Task<(Vec<crate::model::Document>, Vec<String>, Vec<String>)>),
    Import(
        PathBuf,
        Task<Result<(crate::model::Project, ImportReport), FormatError>>,
    ),
    Export(Format, PathBuf, Task<Result<ExportReport, FormatError>>),
    Agreement(Task<Result<crate::agreement::AgreementReport, String>>),
    Compare(Task<Result<Box<CompareMode>, String>>),
}

/// Files and projects larger than this are opened, imported and exported in the background.
pub const BACKGROUND_BYTES: u64 = 1024 * 1024;

/// The whole application state: the open session plus presentation state, grouped by the
/// `app/` file that owns each part.
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
    /// Review mode: letter keys accept, reject and step through annotations.
    pub review_mode: bool,
    /// Comparison with a second annotator's project, while active.
    pub compare: Option<CompareMode>,
    /// Agreement between the open project and other annotators' projects (outside comparison).
    pub agreement: Option<Result<crate::agreement::AgreementReport, String>>,
    /// The other projects that agreement was last measured against.
    agreement_files: Vec<PathBuf>,
    /// The label schema editor.
    pub schema_editor: SchemaEditor,
    /// Active time on each document (`effort.rs`).
    pub effort: effort::EffortState,
    /// The row of document fields above the text.
    pub fields: crate::ui::field_bar::FieldBar,
    /// Which documents the document list shows.
    pub doc_filter: crate::ui::document_list::DocFilter,
    /// Size above which work goes to a worker thread (tests lower it).
    pub background_bytes: u64,
    /// For the launch benchmark (`MARGINALIA_EXIT_AFTER_FIRST_TEXT` set): close the window after
    /// the first frame that paints a document's text.
    pub exit_after_first_text: bool,
    /// Work on a worker thread (`background_work.rs`).
    task: Option<RunningTask>,
    /// Counts and lookups of the shown document, for the bars and the list.
    summary: DocSummary,
    /// Text being typed into the inspector, and the welcome's name field.
    drafts: Drafts,
    /// Which small windows are open (`windows.rs`).
    windows: windows::SmallWindows,
    /// Autosave, recovery, the file on disk and its conflicts (`safety.rs`, `disk.rs`).
    safety: safety::Safeguards,
    /// Questions before work could be lost (`questions.rs`).
    questions: questions::Questions,
    /// When the user last pressed a key, clicked or scrolled (egui time), to stop the caret's
    /// blinking, and its repaints, after a while without input.
    last_input: f64,
    /// Suggestions shown, stepped through and decided (`suggestions.rs`).
    pub suggestions: crate::ui::suggestion_panel::Suggestions,
    /// What the widgets asked for this frame.
    actions: Vec<Action>,
    /// The commands keys ran lately (the last 32), for tests of the key table.
    keyed: Vec<crate::ui::commands::Command>,
    applied_theme: Option<Theme>,
    shown_title: Option<String>,
}

/// Text being typed that is not in the model yet.
#[derive(Default)]
struct Drafts {
    /// The inspector's note field.
    note: NoteDraft,
    /// The inspector's review comment field.
    comment: NoteDraft,
    /// Give the review comment field the keyboard next frame (review mode's C).
    focus_comment: bool,
    /// The welcome's name field, while the welcome shows.
    name: Option<String>,
}

impl MarginaliaApp {
    /// An app over `session` with `prefs`; asks for the annotator's name when it is unknown.
    pub fn new(session: Session, prefs: Prefs) -> Self {
        let name = prefs
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
            review_mode: false,
            compare: None,
            agreement: None,
            agreement_files: Vec::new(),
            schema_editor: SchemaEditor::default(),
            fields: Default::default(),
            effort: Default::default(),
            doc_filter: Default::default(),
            background_bytes: BACKGROUND_BYTES,
            task: None,
            summary: DocSummary::default(),
            drafts: Drafts {
                name,
                ..Drafts::default()
            },
            windows: windows::SmallWindows::default(),
            safety: safety::Safeguards::default(),
            questions: questions::Questions::default(),
            last_input: 0.0,
            suggestions: Default::default(),
            actions: Vec::new(),
            keyed: Vec::new(),
            applied_theme: None,
            shown_title: None,
            exit_after_first_text: false,
        }
    }

    /// Built by eframe: restores preferences and opens `file` (or the sample).
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let mut app = Self::new(Session::sample(), prefs);
        app.exit_after_first_text = std::env::var_os("MARGINALIA_EXIT_AFTER_FIRST_TEXT").is_some();
        match file {
            // A big project opens on the worker thread, its text shown as soon as it is read;
            // until then the window shows an empty project, not the sample.
            Some(path) if app.large(&path) => {
                app.session = Session::unsaved(crate::model::Project::new("Opening…"));
                app.open_in_background(&cc.egui_ctx, &path);
            }
            Some(path) => app.open_now(&path),
            None => app.check_recovery(),
        }
        app.check_adjudication_recovery();
        signals::install(&cc.egui_ctx);
        app
    }

    /// Queue an action as if the user had clicked or pressed it (used by tests too).
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// True while the "save changes?" question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        self.questions.unsaved.is_some()
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
        self.calm_caret(&ctx);
        self.track_effort(&ctx);
        self.handle_close_request(&ctx);
        self.handle_dropped_files(&ctx);
        self.keyboard(&ctx);
        self.file_dialog_answers(&ctx);
        let now = self.availability();
        let menu = egui::Panel::top("menu").show(ui, |ui| {
            menu_bar_ui(ui, &self.session, &mut self.prefs, &now, &mut self.actions);
        });
        let screen = ctx.content_rect();
        crate::ui::small_window::set_area(
            &ctx,
            egui::Rect::from_min_max(
                egui::pos2(screen.left(), menu.response.rect.bottom()),
                screen.max,
            ),
        );
        if self.compare.is_some() {
            self.compare_ui(ui);
        } else {
            self.annotate_ui(ui);
            self.suggestion_popup(&ctx);
            if let Some(report) = &self.agreement {
                if agreement_window_ui(&ctx, &mut self.windows.agreement, report, true) {
                    let paths = self.agreement_files.clone();
                    self.agreement_with(&ctx, paths);
                }
            }
        }
        self.poll_task(&ctx);
        self.save_conflict_prompt(&ctx);
        self.merge_conflicts_ui(&ctx);
        self.recovery_prompt(&ctx);
        self.adjudication_recovery_prompt(&ctx);
        self.autosave(&ctx);
        self.autosave_decisions(&ctx);
        self.watch_disk(&ctx);
        if signals::shutdown_requested() && !self.questions.allow_close {
            if let Some(path) = self.emergency_save() {
                eprintln!("marginalia: unsaved work written to {}", path.display());
            }
            self.questions.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.small_windows_ui(&ctx);
        self.name_prompt(&ctx);
        self.unsaved_prompt(&ctx);
        self.gold_prompt(&ctx);
        // Nothing covers the welcome: messages wait until it is answered.
        if self.drafts.name.is_none() {
            notifications_ui(&ctx, &mut self.notes);
        }

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
            if let Some(doc) = self.session.document() {
                let schema = &self.session.project().schema;
                if !schema.fields.is_empty() {
                    ui.separator();
                    crate::ui::field_bar::field_bar_ui(
                        ui,
                        schema,
                        doc,
                        self.session.document,
                        &self.fields,
                        &mut self.actions,
                    );
                }
            }
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
        if self.session.project().documents.len() > 1 {
            egui::Panel::left("documents")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| {
                    document_list_ui(ui, &self.session, &mut self.doc_filter, &mut self.actions);
                });
        }
        // The side panel can be hidden (Ctrl+B) and never takes more than about a third of the
        // window, so the text keeps room at 800×600.
        let side_max = (ui.available_width() * 0.35).max(180.0);
        let side = egui::Panel::right("side")
            .resizable(true)
            .default_size(340.0_f32.min(side_max))
            .min_size(180.0)
            .max_size(side_max);
        let show_side = self.prefs.side_panel;
        if show_side {
            side.show(ui, |ui| {
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
                            &self.session.project().schema,
                            id,
                            &mut self.drafts.note,
                            &mut self.actions,
                        );
                        review_comment_ui(
                            ui,
                            doc,
                            &self.summary,
                            id,
                            &mut self.drafts.comment,
                            std::mem::take(&mut self.drafts.focus_comment),
                            &mut self.actions,
                        );
                        ui.separator();
                    }
                    if self.suggestions.show {
                        egui::CollapsingHeader::new("Suggestions")
                            .default_open(true)
                            .show(ui, |ui| {
                                crate::ui::suggestion_panel::suggestion_list_ui(
                                    ui,
                                    self.session.project(),
                                    &self.suggestions,
                                    &mut self.actions,
                                );
                            });
                        ui.separator();
                    }
                    ui.heading("Annotations");
                    annotation_list_ui(
                        ui,
                        doc,
                        &self.session.project().schema,
                        &mut self.filter,
                        &self.view,
                        &self.summary,
                        self.session.revision,
                        &mut self.actions,
                    );
                }
            });
        }
        self.sync_reading_place();
        self.refresh_suggestions(ui.ctx());
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
        self.take_suggestion_click();
    }

    /// A text field's caret blinks, repainting the whole window twice a second, only for a few
    /// seconds after the last key, click or scroll; then it stays solid and the window sleeps.
    fn calm_caret(&mut self, ctx: &egui::Context) {
        const BLINK_SECONDS: f64 = 5.0;
        let (now, active) = ctx.input(|i| {
            let active = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Paste(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::MouseWheel { .. }
                )
            });
            (i.time, active)
        });
        if active {
            self.last_input = now;
        }
        let blink = now - self.last_input < BLINK_SECONDS;
        if ctx.style_of(ctx.theme()).visuals.text_cursor.blink != blink {
            ctx.all_styles_mut(|s| s.visuals.text_cursor.blink = blink);
            ctx.request_repaint();
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
            self.actions.push(Action::File(FileAction::OpenPath(path)));
        } else if !articles.is_empty() {
            // Dropping articles on a project adds them to it; on the bundled sample, the first opens.
            if self.session.path.is_none() && !self.session.dirty && articles.len() == 1 {
                self.actions
                    .push(Action::File(FileAction::OpenPath(articles[0].clone())));
            } else {
                self.actions
                    .push(Action::File(FileAction::AddArticles(articles)));
            }
        }
    }

    /// Say why a change was refused, or clear an earlier refusal once a change succeeds.
    fn report<E: std::fmt::Display>(&mut self, result: Result<(), E>) {
        match result {
            Ok(()) => self.notes.clear_refusals(),
            Err(err) => self.notes.refused(err.to_string()),
        }
    }

    /// Carry out one action, in the file of its concern.
    fn handle(&mut self, ctx: &egui::Context, action: Action) {
        if self.refused_while_loading(&action) {
            return;
        }
        match action {
            Action::Run(command) => self.run_command(ctx, command),
            Action::Annotation(a) => self.handle_annotation(a),
            Action::Link(a) => self.handle_link(a),
            Action::Schema(a) => self.handle_schema(a),
            Action::File(a) => self.handle_file(ctx, a),
            Action::Navigation(a) => self.handle_navigation(ctx, a),
            Action::Comparison(ComparisonAction::CompareWith(paths)) => {
                self.compare_with(ctx, &paths)
            }
            Action::Comparison(ComparisonAction::AgreementWith(paths)) => {
                self.agreement_with(ctx, paths)
            }
            Action::Suggestion(a) => self.handle_suggestion(a),
            Action::Notify(text) => self.notes.refused(text),
        }
    }

    fn suggested_file_name(&self) -> String {
        let id = self.session.document().map_or("project", |d| d.id.as_str());
        format!("{id}.ron")
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        // A bug must not cost the user their work: on a panic, write the emergency copy first.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.show(ui)));
        if self.exit_after_first_text
            && self.session.document().is_some()
            && self.view.has_painted_text()
        {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if let Err(panic) = result {
            if let Some(path) = self.emergency_save() {
                eprintln!("marginalia: crashed; unsaved work written to {}; it will be offered at the next start", path.display());
            }
            std::panic::resume_unwind(panic);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some((key, place)) = self.view.place.clone() {
            self.prefs.remember_place(key, place);
        }
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
