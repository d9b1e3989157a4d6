//! Opening, importing, adding and exporting files, in the background when they are large.

use super::*;

impl MarginaliaApp {
    /// What a file dialog (or the in-window path prompt) answered: the action it was asked for.
    pub(super) fn file_dialog_answers(&mut self, ctx: &egui::Context) {
        if let Some((purpose, paths)) = self.dialogs.poll().or_else(|| self.dialogs.prompt_ui(ctx))
        {
            let path = paths.first().cloned().unwrap_or_default();
            match purpose {
                Purpose::AddArticles | Purpose::AddFolder => self
                    .actions
                    .push(Action::File(FileAction::AddArticles(paths))),
                Purpose::SaveSchema => {
                    match crate::schema_file::save_schema(&self.session.project().schema, &path) {
                        Ok(()) => self
                            .notes
                            .info(format!("Saved the schema to {}", path.display())),
                        Err(e) => self.notes.error(e.to_string()),
                    }
                }
                Purpose::LoadSchema => self.load_schema(&path),
                Purpose::LoadGazetteer => self.load_gazetteer(&path),
                Purpose::SaveGazetteer => {
                    let text = crate::suggest::gazetteer_text(&crate::suggest::learned(
                        self.session.project(),
                    ));
                    match std::fs::write(&path, text) {
                        Ok(()) => self
                            .notes
                            .info(format!("Saved the names tagged to {}", path.display())),
                        Err(e) => self
                            .notes
                            .error(format!("{}: could not save: {e}", path.display())),
                    }
                }
                Purpose::Open => self.actions.push(Action::File(FileAction::OpenPath(path))),
                Purpose::SaveAs => self.actions.push(Action::File(FileAction::SaveTo(path))),
                Purpose::Export(format) => self
                    .actions
                    .push(Action::File(FileAction::ExportTo(format, path))),
                Purpose::ImportLabeled(format) => self
                    .actions
                    .push(Action::File(FileAction::ImportPath(format, path))),
                Purpose::Compare => self
                    .actions
                    .push(Action::Comparison(ComparisonAction::CompareWith(paths))),
                Purpose::Agreement => self
                    .actions
                    .push(Action::Comparison(ComparisonAction::AgreementWith(paths))),
                Purpose::SaveGold => {
                    if self.save_gold(&path) {
                        if let Some(pending) = self.questions.after_gold.take() {
                            self.unless_work_is_lost(ctx, pending);
                        }
                    }
                }
            }
        }
        // The gold project's file dialog closed without a file: what waited for it is off.
        if self.questions.after_gold.is_some()
            && !self.dialogs.is_open()
            && self.dialogs.prompt.is_none()
        {
            self.questions.after_gold = None;
        }
        if self.dialogs.is_open() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Carry out a file action.
    pub(super) fn handle_file(&mut self, ctx: &egui::Context, action: FileAction) {
        match action {
            FileAction::OpenPath(path) => self.unless_work_is_lost(ctx, Pending::Open(path)),
            FileAction::SaveTo(path) => {
                let path = if path.extension().is_none() {
                    path.with_extension("ron")
                } else {
                    path
                };
                self.save_to(&path);
            }
            FileAction::AddArticles(paths) => self.add_articles(ctx, paths),
            FileAction::ExportTo(format, path) => {
                let size: u64 = self
                    .session
                    .project()
                    .documents
                    .iter()
                    .map(|d| d.text().len() as u64)
                    .sum();
                if size > self.background_bytes {
                    let project = self.session.project().clone();
                    let options = self.transfer.options.clone();
                    let target = path.clone();
                    let task = Task::spawn(
                        format!("Exporting {} as {}…", path.display(), format.name()),
                        waker(ctx),
                        move |_| crate::formats::export(&project, format, &target, &options),
                    );
                    self.task = Some(RunningTask::Export(format, path, task));
                } else {
                    self.export_to(format, &path);
                }
            }
            // As suggestions, the import adds to the open project: nothing is at stake.
            FileAction::ImportPath(format, path) if self.transfer.as_suggestions => {
                self.import_maybe_in_background(ctx, format, &path)
            }
            FileAction::ImportPath(format, path) => {
                self.unless_work_is_lost(ctx, Pending::Import(format, path))
            }
        }
    }

    /// Make `session` the open one and reset everything shown for the previous one.
    pub(super) fn take_session(&mut self, session: Session) {
        self.session = session;
        self.view.reset();
        self.find.searched = None;
        self.drafts.note = NoteDraft::default();
        self.drafts.comment = NoteDraft::default();
        self.compare = None;
        self.safety.snapshot_written = false;
        self.notes.clear_refusals();
        if let Some(p) = &self.session.path {
            self.prefs.remember(p.clone());
        }
    }

    /// How articles are imported now (File → Keep whole web pages).
    pub(super) fn import_options(&self) -> crate::import::ImportOptions {
        crate::import::ImportOptions {
            whole_page: self.prefs.whole_web_pages,
        }
    }

    /// Open a project or article without asking about unsaved changes.
    pub fn open_now(&mut self, path: &Path) {
        match Session::open_with_progress(path, self.import_options(), &Default::default()) {
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

    /// Import articles (expanding folders) as new documents of the open project; many or large
    /// files go to a worker thread with a progress bar.
    pub(super) fn add_articles(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                    .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
                    .unwrap_or_default();
                found.retain(|p| {
                    p.is_file()
                        && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            crate::import::ArticleFormat::EXTENSIONS
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
                .info("No articles (.txt, .md, web pages, .pdf, .docx, .odt, .epub) found there.");
            return;
        }
        let count = files.len();
        let total: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let options = self.import_options();
        let work = move |progress: &crate::background::Progress| {
            let mut documents = Vec::new();
            let mut errors = Vec::new();
            let mut notes = Vec::new();
            let n = files.len();
            for (i, file) in files.iter().enumerate() {
                if progress.is_cancelled() {
                    errors.push("cancelled; the articles imported so far were added".to_owned());
                    break;
                }
                match crate::import::import_article_with(file, options) {
                    Ok(article) => {
                        for note in &article.notes {
                            notes.push(format!("{}: {note}", article.document.title));
                        }
                        documents.push(article.document);
                    }
                    Err(err) => errors.push(err.to_string()),
                }
                progress.set((i + 1) as f32 / n as f32);
            }
            (documents, errors, notes)
        };
        if count > 20 || total > self.background_bytes {
            let label = format!("Importing {count} articles…");
            self.task = Some(RunningTask::AddArticles(Task::spawn(
                label,
                waker(ctx),
                work,
            )));
        } else {
            let (documents, errors, notes) = work(&crate::background::Progress::default());
            self.take_articles(documents, errors, notes);
        }
    }

    pub(super) fn take_articles(
        &mut self,
        documents: Vec<crate::model::Document>,
        errors: Vec<String>,
        notes: Vec<String>,
    ) {
        let n = documents.len();
        let first_new = self.session.project().documents.len();
        if let Err(err) = self.session.add_documents(documents) {
            self.notes
                .error(format!("Could not add the articles: {err}"));
            return;
        }
        let mut text = match n {
            0 => "No article was added.".to_owned(),
            _ => format!("Added {n} article(s) to the project (Ctrl+Z takes them out again)."),
        };
        for note in notes.iter().take(8) {
            text.push_str(&format!("\n{note}"));
        }
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
            self.actions
                .push(Action::Navigation(NavigationAction::ShowDocument(
                    first_new,
                )));
        }
    }

    /// Use a schema file in this project; labels in use that it lacks are kept.
    pub fn load_schema(&mut self, path: &Path) {
        match crate::schema_file::load_schema(path) {
            Ok(mut schema) => {
                for doc in &self.session.project().documents {
                    for a in &doc.annotations {
                        if schema.label(&a.label).is_none() {
                            if let Some(def) = self.session.project().schema.label(&a.label) {
                                schema.labels.push(def.clone());
                            }
                        }
                    }
                    // Likewise a document field the documents answer stays.
                    for field in doc.fields.keys() {
                        if schema.field(field).is_none() {
                            if let Some(def) = self.session.project().schema.field(field) {
                                schema.fields.push(def.clone());
                            }
                        }
                    }
                }
                self.actions.push(Action::Schema(SchemaAction::Set(
                    schema,
                    format!("load schema {}", path.display()),
                )));
            }
            Err(e) => self.notes.error(e.to_string()),
        }
    }

    /// True while work runs on a worker thread.
    pub fn is_busy(&self) -> bool {
        self.task.is_some()
    }

    pub(super) fn large(&self, path: &Path) -> bool {
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

    pub(super) fn open_maybe_in_background(&mut self, ctx: &egui::Context, path: &Path) {
        if !self.large(path) {
            self.open_now(path);
            return;
        }
        self.open_in_background(ctx, path);
    }

    pub(super) fn import_maybe_in_background(
        &mut self,
        ctx: &egui::Context,
        format: Format,
        path: &Path,
    ) {
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
        let task = Task::spawn(
            format!("Importing {}…", path.display()),
            waker(ctx),
            move |_| crate::formats::import(format, &[target.as_path()], &name, &author),
        );
        self.task = Some(RunningTask::Import(path.to_path_buf(), task));
    }

    /// Show progress, offer Cancel, and take the result when the worker is done.
    pub(super) fn poll_task(&mut self, ctx: &egui::Context) {
        let Some(task) = self.task.take() else { return };
        let task = match task {
            RunningTask::Open(open) => return self.poll_open(ctx, open),
            other => other,
        };
        let (label, progress) = match &task {
            RunningTask::Open(open) => (open.label(), open.progress()),
            RunningTask::AddArticles(t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Import(_, t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Export(_, _, t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Agreement(t) => (t.label.clone(), t.progress.clone()),
            RunningTask::Compare(t) => (t.label.clone(), t.progress.clone()),
        };
        if progress_ui(ctx, &label, &progress) {
            progress.set(0.0);
            match &task {
                RunningTask::Open(_) => {}
                RunningTask::AddArticles(t) => t.cancel(),
                RunningTask::Import(_, t) => t.cancel(),
                RunningTask::Export(_, _, t) => t.cancel(),
                RunningTask::Agreement(t) => t.cancel(),
                RunningTask::Compare(t) => t.cancel(),
            }
            self.notes.info(format!("Cancelled: {label}"));
            return;
        }
        match task {
            RunningTask::Open(open) => self.poll_open(ctx, open),
            RunningTask::AddArticles(t) => match t.poll() {
                Some((documents, errors, notes)) => self.take_articles(documents, errors, notes),
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
            RunningTask::Agreement(t) => match t.poll() {
                Some(result) => self.show_agreement_result(result),
                None => self.task = Some(RunningTask::Agreement(t)),
            },
            RunningTask::Compare(t) => match t.poll() {
                Some(result) => self.take_comparison(result),
                None => self.task = Some(RunningTask::Compare(t)),
            },
        }
    }

    /// Export with the export window's settings and say what was written and what was lost.
    pub fn export_to(&mut self, format: Format, path: &Path) {
        let result =
            crate::formats::export(self.session.project(), format, path, &self.transfer.options);
        self.report_export(format, path, result);
    }

    pub(super) fn report_export(
        &mut self,
        format: Format,
        path: &Path,
        result: Result<ExportReport, FormatError>,
    ) {
        match result {
            Ok(report) => {
                let answers = match report.field_answers {
                    0 => String::new(),
                    n => format!(" and {n} document field values"),
                };
                let mut text = format!(
                    "Exported {} annotations{answers} as {} to {} ({} files).",
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

    /// Names from a gazetteer file, found besides the names tagged.
    fn load_gazetteer(&mut self, path: &Path) {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| crate::suggest::parse_gazetteer(&t));
        match parsed {
            Ok(g) => {
                self.notes
                    .info(format!("Loaded {} names from {}", g.len(), path.display()));
                self.suggestions.gazetteer = g;
                self.suggestions.computed = None;
                self.suggestions.show = true;
            }
            Err(e) => self.notes.error(format!("{}: {e}", path.display())),
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

    pub(super) fn take_import(
        &mut self,
        project: crate::model::Project,
        report: ImportReport,
        path: &Path,
    ) {
        if self.transfer.as_suggestions {
            return self.take_import_as_suggestions(&project, path);
        }
        let mut session = Session::unsaved(project);
        session.mark_unsaved();
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

    pub(super) fn save_to(&mut self, path: &Path) {
        self.save_with(path, false);
    }

    /// Save; when the file changed on disk meanwhile, ask instead of overwriting it.
    pub(super) fn save_with(&mut self, path: &Path, force: bool) {
        self.flush_effort();
        self.finish_autosave();
        match self.session.save_to(path, force) {
            Ok(()) => {
                self.prefs.remember(path.to_path_buf());
                self.notes.info(format!("Saved {}", path.display()));
            }
            Err(SaveProblem::ChangedOnDisk) => self.safety.save_conflict = Some(path.to_path_buf()),
            Err(SaveProblem::Failed(err)) => self.notes.error(format!(
                "{err}. The previous file is intact and your work is still open; try Save As elsewhere."
            )),
        }
    }
}
