//! Questions asked before work could be lost: unsaved changes, adjudication decisions not in
//! a gold project, closing the window.

use super::*;

/// The questions being asked, and what waits on them.
#[derive(Default)]
pub(super) struct Questions {
    /// "Save changes?", and what to do once it is answered.
    pub unsaved: Option<Pending>,
    /// Adjudication decisions not yet in a gold project would be lost by this: ask first.
    pub gold: Option<Pending>,
    /// What to carry on with once the gold project asked for by that question is saved.
    pub after_gold: Option<Pending>,
    /// Set once the user confirmed quitting, so the close is let through.
    pub allow_close: bool,
}

impl MarginaliaApp {
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            self.flush_effort();
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.questions.allow_close
            && (self.session.dirty || self.has_unsaved_decisions())
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unless_work_is_lost(ctx, Pending::Quit);
        }
    }

    /// Adjudication decisions exist that no gold project holds yet.
    pub fn has_unsaved_decisions(&self) -> bool {
        self.compare
            .as_ref()
            .is_some_and(CompareMode::has_unsaved_decisions)
    }

    /// Do `pending` now, or first ask about the work it would drop: undecided adjudication
    /// decisions (save the gold project?), then unsaved annotations (save the project?).
    pub(super) fn unless_work_is_lost(&mut self, ctx: &egui::Context, pending: Pending) {
        self.flush_effort();
        // Counted time is no reason to ask: it goes into the file it belongs to, unless that
        // file changed on disk meanwhile (then the question below comes as for any change).
        if self.session.only_time_unsaved() {
            match self.session.path.clone() {
                Some(path) => {
                    self.finish_autosave();
                    if self.session.save_to(&path, false).is_ok() {
                        self.session.drop_snapshots();
                    }
                }
                // A project in no file (the sample): there is nowhere to keep the time, and
                // asking to save a project only read would surprise.
                None => self.session.discard_changes(),
            }
        }
        if self.has_unsaved_decisions() {
            self.questions.gold = Some(pending);
        } else if self.session.dirty && pending != Pending::CloseComparison {
            self.questions.unsaved = Some(pending);
        } else {
            self.carry_out(ctx, pending);
        }
    }

    /// Do what was waiting for the user's answer.
    pub(super) fn carry_out(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::Quit => {
                self.questions.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::Open(path) => self.open_maybe_in_background(ctx, &path),
            Pending::OpenDialog => self.dialogs.request(Purpose::Open, None),
            Pending::Import(format, path) => self.import_maybe_in_background(ctx, format, &path),
            Pending::CloseComparison => {
                self.compare = None;
                self.windows.agreement = false;
            }
        }
    }

    /// Ask what happens to adjudication decisions no gold project holds yet.
    pub(super) fn gold_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.questions.gold.clone() else {
            return;
        };
        let Some(mode) = self.compare.as_ref() else {
            self.questions.gold = None;
            return;
        };
        let decided = mode.comparison.cases.len() - mode.comparison.undecided();
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved_decisions")).show(ctx, |ui| {
            ui.heading("Save the adjudication?");
            ui.label(format!(
                "{decided} decided case(s) are not in a gold project yet ({} undecided).",
                mode.comparison.undecided()
            ));
            ui.horizontal(|ui| {
                if ui
                    .button("Save gold project…")
                    .on_hover_text("Write the decided annotations as a new project, then go on")
                    .clicked()
                {
                    choice = Some("save");
                }
                if ui
                    .button("Discard decisions")
                    .on_hover_text("Forget these decisions and their recovery copy")
                    .clicked()
                {
                    choice = Some("discard");
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    choice = Some("cancel");
                }
            });
        });
        let Some(choice) = choice else { return };
        self.questions.gold = None;
        match choice {
            "save" => {
                self.questions.after_gold = Some(pending);
                self.handle_compare(ctx, CompareAction::SaveGold);
            }
            "discard" => {
                if let Some(mode) = self.compare.as_mut() {
                    mode.discard_decisions();
                }
                self.unless_work_is_lost(ctx, pending);
            }
            _ => {}
        }
    }

    pub(super) fn unsaved_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.questions.unsaved.clone() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has unsaved changes.",
                self.session.project().name
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
        self.questions.unsaved = None;
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
            "discard" => self.discard_unsaved_work(),
            _ => return,
        }
        self.carry_out(ctx, pending);
    }
}
