//! Comparison mode in the window: every annotator on one text, decisions, the gold project.

use super::*;

impl MarginaliaApp {
    /// The comparison layout: class counts, the case list, and both annotators' spans on the text.
    pub(super) fn compare_ui(&mut self, ui: &mut Ui) {
        let Some(mode) = self.compare.as_mut() else {
            return;
        };
        let mut requests = Vec::new();
        egui::Panel::top("compare_counts").show(ui, |ui| class_counts_ui(ui, mode));
        egui::Panel::bottom("status").show(ui, |ui| {
            let names = &mode.comparison.names;
            let keys = crate::ui::commands::hint(crate::ui::commands::Mode::Compare, names.len());
            ui.label(format!(
                "Comparing {} with {} · {} cases · {} undecided · keys: {keys}",
                names[0],
                names[1..].join(" and "),
                mode.comparison.cases.len(),
                mode.comparison.undecided()
            ));
        });
        // Like the side panel: never more than about a third of the window, so the text keeps
        // room at 800×600.
        let side_max = (ui.available_width() * 0.35).max(200.0);
        egui::Panel::right("compare_side")
            .resizable(true)
            .default_size(380.0_f32.min(side_max))
            .min_size(200.0)
            .max_size(side_max)
            .show(ui, |ui| {
                compare_panel_ui(ui, mode, &mut requests);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            text_view_ui(
                ui,
                &mode.view_session,
                &mut mode.view,
                self.prefs.text_size,
                self.prefs.snap_words,
                // Read-only: the comparison's view changes nothing, so no action comes back.
                &mut self.actions,
            );
        });
        // Selecting a span in the text selects its case.
        if let Some(case) = mode.case_of_view_selection() {
            mode.selected_case = Some(case);
        }
        agreement_window_ui(ui.ctx(), &mut self.windows.agreement, &mode.report, false);
        for request in requests {
            self.handle_compare(ui.ctx(), request);
        }
    }

    pub(super) fn handle_compare(&mut self, ctx: &egui::Context, request: CompareAction) {
        let Some(mode) = self.compare.as_mut() else {
            return;
        };
        let doc = mode.view_session.document;
        match request {
            CompareAction::Decide(i, d) => {
                mode.comparison.decide(i, d);
                mode.refresh_case(i);
                mode.selected_case = Some(i);
            }
            CompareAction::TakeField(document, field, k) => {
                mode.comparison.take_field(document, &field, k);
            }
            CompareAction::ShowDocument(index) => {
                if index != mode.view_session.document {
                    mode.view_session.document = index;
                    mode.view.reset();
                    mode.selected_case = None;
                    mode.field_cursor = None;
                }
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
            CompareAction::Close => self.unless_work_is_lost(ctx, Pending::CloseComparison),
            CompareAction::ShowAgreement => self.windows.agreement = true,
        }
        ctx.request_repaint();
    }

    /// Save the adjudicated project built from the comparison's decisions; true when written.
    pub fn save_gold(&mut self, path: &Path) -> bool {
        let author = self.author();
        let Some(mode) = self.compare.as_mut() else {
            return false;
        };
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path.to_path_buf()
        };
        let gold = mode.comparison.gold(&author);
        let count = gold.annotation_count();
        match crate::project_file::save_project(&gold, &path) {
            Ok(()) => {
                mode.decisions_settled();
                // Written, not opened: the gold project does not join the recent files.
                let undecided = mode.comparison.undecided();
                self.notes.info(format!(
                    "Saved the adjudicated project ({count} annotations, {undecided} cases undecided) to {}",
                    path.display()
                ));
                true
            }
            Err(err) => {
                self.notes.error(err.to_string());
                false
            }
        }
    }

    /// Start comparing the open project (A) with the projects at `paths` (B, C…); large files
    /// are read and compared on a worker thread.
    pub fn compare_with(&mut self, ctx: &egui::Context, paths: &[PathBuf]) {
        let own = self.session.project().clone();
        let mut files = vec![self.own_annotator_path()];
        files.extend(paths.iter().cloned());
        let total: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let work =
            move |progress: &crate::background::Progress| build_comparison(own, &files, progress);
        if total > self.background_bytes {
            let label = format!("Comparing with {} project(s)…", paths.len());
            self.task = Some(RunningTask::Compare(Task::spawn(label, waker(ctx), work)));
        } else {
            let result = work(&crate::background::Progress::default());
            self.take_comparison(result);
        }
    }

    /// Enter comparison mode with what [`Self::compare_with`] built, or say why it could not.
    pub(super) fn take_comparison(&mut self, result: Result<Box<CompareMode>, String>) {
        match result {
            Ok(mode) => {
                let n = mode.comparison.cases.len();
                if !mode.comparison.unmatched.is_empty() {
                    self.notes.info(format!(
                        "Not compared: {}",
                        mode.comparison.unmatched.join(", ")
                    ));
                }
                let others = mode.comparison.names[1..].join(", ");
                self.compare = Some(*mode);
                self.notes.info(format!(
                    "Comparing with {others}: {n} cases. Decide each, then Save gold project."
                ));
            }
            Err(err) => self.notes.error(format!("Could not compare: {err}")),
        }
    }
}

/// Load the other projects and compare them with `own`, whose file comes first in `files`.
pub(super) fn build_comparison(
    own: crate::model::Project,
    files: &[PathBuf],
    progress: &crate::background::Progress,
) -> Result<Box<CompareMode>, String> {
    let mut projects = vec![own];
    for (i, path) in files.iter().enumerate().skip(1) {
        if progress.is_cancelled() {
            return Err("cancelled".into());
        }
        projects.push(crate::project_file::load_project(path).map_err(|e| e.to_string())?);
        progress.set(i as f32 / (files.len() + 1) as f32);
    }
    let mut names = crate::agreement::annotator_names(files);
    // The same file name twice (a copy of one's own project): tell them apart by letter.
    for k in 1..names.len() {
        if names[..k].contains(&names[k]) {
            names[k] = format!("{} ({})", names[k], crate::comparison::letter(k));
        }
    }
    let mut mode = CompareMode::new(projects, names)?;
    mode.files = files.to_vec();
    Ok(Box::new(mode))
}
