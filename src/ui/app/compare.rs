//! Comparison mode in the window: both annotators on one text, decisions, the gold project.

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
        agreement_window_ui(ui.ctx(), &mut self.show_agreement, &mode.report, false);
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
    pub(super) fn compare_keyboard(&mut self, ctx: &egui::Context) {
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

    /// Start comparing the open project (A) with the project at `path` (B).
    pub fn compare_with(&mut self, path: &Path) {
        let b = match crate::project_file::load_project(path) {
            Ok(b) => b,
            Err(err) => {
                self.notes.error(format!("Could not compare: {err}"));
                return;
            }
        };
        let names =
            crate::agreement::annotator_names(&[self.own_annotator_path(), path.to_path_buf()]);
        let (a_name, b_name) = (names[0].clone(), names[1].clone());
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
}
