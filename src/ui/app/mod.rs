//! The window: lays out the panels, turns keys into actions, and applies actions to the session.

mod agreement;
mod compare;
mod editing;
mod files;
mod keyboard;
mod safety;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, Ui};

use super::actions::Action;
use super::agreement_window::agreement_window_ui;
use super::annotation_list::{annotation_list_ui, ListFilter};
use super::background::{progress_ui, Task};
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
use super::schema_editor::{check_schema, schema_editor_ui, SchemaEditor};
use super::session::{DiskCheck, SaveProblem, Session};
use super::signals;
use super::stats_window::stats_window_ui;
use super::status_bar::{review_bar_ui, status_bar_ui};
use super::text_view::{text_view_ui, TextViewState};
use super::transfer_windows::{export_window_ui, import_window_ui, TransferPanel, TransferRequest};
use crate::comparison::Decision;
use crate::edit::{with_fragments, Edit};
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
    /// Leave comparison mode (only adjudication decisions are at stake).
    CloseComparison,
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
    Agreement(Task<Result<crate::agreement::AgreementReport, String>>),
    Compare(Task<Result<Box<CompareMode>, String>>),
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
    /// Agreement between the open project and other annotators' projects (outside comparison).
    pub agreement: Option<Result<crate::agreement::AgreementReport, String>>,
    /// The other projects that agreement was last measured against.
    agreement_files: Vec<PathBuf>,
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
    /// An adjudication an earlier run left with decisions no gold project holds.
    adjudication_offer: Option<(PathBuf, crate::adjudication_snapshot::AdjudicationSnapshot)>,
    /// When the adjudication's recovery snapshot was last written.
    last_decision_snapshot: Option<f64>,
    last_autosave: Option<f64>,
    /// The snapshot being written in the background, joined before a save or discard removes
    /// the snapshot so a late write cannot bring a stale copy back.
    autosave_job: Option<std::thread::JoinHandle<Result<PathBuf, String>>>,
    /// The last reason autosave failed, so the same failure is reported once.
    autosave_error: Option<String>,
    /// When the project file was last compared with what this session read or wrote.
    last_disk_check: Option<f64>,
    /// Wakes the window when the project file changes on disk.
    file_watch: Option<crate::ui::file_watch::FileWatch>,
    /// When the user last pressed a key, clicked or scrolled (egui time), to stop the caret's
    /// blinking, and its repaints, after a while without input.
    last_input: f64,
    autosaved_revision: u64,
    /// A recovery snapshot of the open project may exist (autosave wrote one since the last save).
    snapshot_written: bool,
    actions: Vec<Action>,
    unsaved_question: Option<Pending>,
    /// Adjudication decisions not yet in a gold project would be lost by this: ask first.
    gold_question: Option<Pending>,
    /// What to carry on with once the gold project asked for by that question is saved.
    after_gold: Option<Pending>,
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
            agreement: None,
            agreement_files: Vec::new(),
            task: None,
            summary: DocSummary::default(),
            schema_editor: SchemaEditor::default(),
            show_stats: false,
            stats: None,
            background_bytes: BACKGROUND_BYTES,
            save_conflict: None,
            merge_conflicts: Vec::new(),
            recovery_offer: None,
            adjudication_offer: None,
            last_decision_snapshot: None,
            last_autosave: None,
            autosave_job: None,
            autosave_error: None,
            last_disk_check: None,
            file_watch: None,
            last_input: 0.0,
            autosaved_revision: 0,
            snapshot_written: false,
            actions: Vec::new(),
            unsaved_question: None,
            gold_question: None,
            after_gold: None,
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
        self.calm_caret(&ctx);
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
                Purpose::Compare => self.actions.push(Action::ComparePaths(paths)),
                Purpose::Agreement => self.actions.push(Action::AgreementWith(paths)),
                Purpose::SaveGold => {
                    if self.save_gold(&path) {
                        if let Some(pending) = self.after_gold.take() {
                            self.unless_work_is_lost(&ctx, pending);
                        }
                    }
                }
            }
        }
        // The gold project's file dialog closed without a file: what waited for it is off.
        if self.after_gold.is_some() && !self.dialogs.is_open() && self.dialogs.prompt.is_none() {
            self.after_gold = None;
        }
        if self.dialogs.is_open() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }

        let menu = egui::Panel::top("menu").show(ui, |ui| {
            menu_bar_ui(
                ui,
                &self.session,
                &mut self.prefs,
                &mut self.find,
                &mut self.show_help,
                &mut self.actions,
            );
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
            if let Some(report) = &self.agreement {
                if agreement_window_ui(&ctx, &mut self.show_agreement, report, true) {
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
            if let Some(fraction) = stats_window_ui(
                &ctx,
                &mut self.show_stats,
                &stats,
                &self.session.project.schema,
                self.session.document,
            ) {
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
        self.gold_prompt(&ctx);
        // Nothing covers the welcome: messages wait until it is answered.
        if self.name_draft.is_none() {
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
        }
        self.sync_reading_place();
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

    /// Select (and scroll to) what the last undo or redo put back, so the user sees it; when it
    /// only took something away, nothing stays selected that is gone.
    fn select_restored(&mut self) {
        match self.session.history.last_restored() {
            Some((doc, id)) => {
                if doc != self.session.document {
                    self.actions.push(Action::ShowDocument(doc));
                    self.actions.push(Action::Select(id));
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
    fn sync_reading_place(&mut self) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let key = super::prefs::reading_key(doc);
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

    /// Say why a change was refused, or clear an earlier refusal once a change succeeds.
    fn report<E: std::fmt::Display>(&mut self, result: Result<(), E>) {
        match result {
            Ok(()) => self.notes.clear_refusals(),
            Err(err) => self.notes.refused(err.to_string()),
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
                let result = crate::edit::draft_annotation(
                    &self.session.project,
                    doc_index,
                    &label,
                    &[Fragment::new(s, e)],
                    &author,
                )
                .and_then(|ann| {
                    self.session.apply(
                        Edit::Add {
                            document: doc_index,
                            annotation: ann,
                        },
                        &format!("tag as {label}"),
                    )
                });
                match result {
                    Ok(()) => {
                        self.view.selection = None;
                        self.view.selected = self.session.history.last_added().map(|(_, id)| id);
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
                let result = crate::edit::draft_relation(&kind, from, to).and_then(|relation| {
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
            Action::ComparePaths(paths) => self.compare_with(ctx, &paths),
            Action::ChooseAgreement => self.dialogs.request(Purpose::Agreement, None),
            Action::AgreementWith(paths) => self.agreement_with(ctx, paths),
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
                Some(Ok(what)) => {
                    self.notes.info(format!("Undid {what}"));
                    self.select_restored();
                }
                Some(Err(err)) => self.notes.error(err.to_string()),
                None => {}
            },
            Action::Redo => match self.session.redo() {
                Some(Ok(what)) => {
                    self.notes.info(format!("Redid {what}"));
                    self.select_restored();
                }
                Some(Err(err)) => self.notes.error(err.to_string()),
                None => {}
            },
            Action::Open => self.unless_work_is_lost(ctx, Pending::OpenDialog),
            Action::OpenPath(path) => self.unless_work_is_lost(ctx, Pending::Open(path)),
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
            Action::Quit => self.unless_work_is_lost(ctx, Pending::Quit),
            Action::ShowDocument(index) => {
                if index < self.session.project.documents.len() {
                    self.session.document = index;
                    self.view.reset();
                    self.find.searched = None;
                    self.note_draft = NoteDraft::default();
                    self.notes.clear_refusals();
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
                Err(e) => self.notes.refused(e),
            },
            Action::RenameLabel(old, new) => {
                let result = crate::edit::rename_label(&self.session.project, &old, &new)
                    .and_then(|edit| self.session.apply(edit, &format!("rename {old} to {new}")));
                self.report(result);
            }
            Action::RenameRelationKind(old, new) => {
                let result = crate::edit::rename_relation_kind(&self.session.project, &old, &new)
                    .and_then(|edit| {
                        self.session
                            .apply(edit, &format!("rename relation type {old} to {new}"))
                    });
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
            Action::Notify(text) => self.notes.refused(text),
            Action::ReleaseFocus => {
                if let Some(id) = ctx.memory(|m| m.focused()) {
                    ctx.memory_mut(|m| m.surrender_focus(id));
                }
            }
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
                self.unless_work_is_lost(ctx, Pending::Import(format, path))
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

    fn suggested_file_name(&self) -> String {
        let id = self.session.document().map_or("project", |d| d.id.as_str());
        format!("{id}.ron")
    }

    /// Ask for the annotator's name on first run, without blocking: tagging works meanwhile,
    /// with the login name (or "anonymous") as the author.
    /// The first run: a centred, modal welcome that asks for the annotator's name (the field has
    /// the keyboard at once) and says where to start.
    fn name_prompt(&mut self, ctx: &egui::Context) {
        let Some(draft) = self.name_draft.as_mut() else {
            return;
        };
        let mut done = false;
        let mut later = false;
        egui::Modal::new(egui::Id::unique("welcome")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Welcome to Marginalia");
            ui.add_space(4.0);
            ui.add(
                egui::Label::new(
                    "Your name is recorded as the author of each annotation you make and as the reviewer of each decision.",
                )
                .wrap(),
            );
            ui.add_space(6.0);
            let field_id = egui::Id::unique("welcome_name");
            let edit = ui.add(
                egui::TextEdit::singleline(draft)
                    .id(field_id)
                    .hint_text("Your name")
                    .desired_width(f32::INFINITY),
            );
            // The suggested name ($USER) starts selected, so typing replaces it.
            let fresh = ui.memory(|m| m.data.get_temp::<bool>(field_id.with("selected")).is_none());
            if edit.has_focus() && fresh {
                ui.memory_mut(|m| m.data.insert_temp(field_id.with("selected"), true));
                if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), field_id) {
                    state.cursor.set_char_range(Some(egui::text::CCursorRange::select_all_str(draft)));
                    state.store(ui.ctx(), field_id);
                }
            }
            // The field takes the keyboard once, when the welcome appears (asking every frame
            // would keep the window repainting while it is not the focused window).
            let asked = field_id.with("asked");
            if ui.memory(|m| m.data.get_temp::<bool>(asked).is_none()) {
                ui.memory_mut(|m| m.data.insert_temp(asked, true));
                edit.request_focus();
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let named = !draft.trim().is_empty();
                if ui.add_enabled(named, egui::Button::new("Save name")).clicked() || (enter && named) {
                    done = true;
                }
                if ui.button("Later").on_hover_text("Ask again next time").clicked() {
                    later = true;
                }
            });
            ui.separator();
            ui.add(
                egui::Label::new(
                    "To start, open an article with Ctrl+O (or Open… in the File menu: .txt, .md or .html), or try the sample shown behind: drag across words, then press 1 for an entity, 2 for a claim, 3 for a quote. Keyboard shortcuts in the Help menu lists every key.",
                )
                .wrap(),
            );
        });
        if done {
            self.prefs.annotator = draft.trim().to_owned();
        }
        if done || later {
            self.name_draft = None;
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
        if let Some((key, place)) = self.view.place.clone() {
            self.prefs.remember_place(key, place);
        }
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
