//! Nothing is lost: unsaved-changes questions, recovery snapshots, conflicts with changes on disk.

use super::*;

impl MarginaliaApp {
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allow_close
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
        if self.has_unsaved_decisions() {
            self.gold_question = Some(pending);
        } else if self.session.dirty && pending != Pending::CloseComparison {
            self.unsaved_question = Some(pending);
        } else {
            self.carry_out(ctx, pending);
        }
    }

    /// Do what was waiting for the user's answer.
    pub(super) fn carry_out(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::Open(path) => self.open_maybe_in_background(ctx, &path),
            Pending::OpenDialog => self.dialogs.request(Purpose::Open, None),
            Pending::Import(format, path) => self.import_maybe_in_background(ctx, format, &path),
            Pending::CloseComparison => {
                self.compare = None;
                self.show_agreement = false;
            }
        }
    }

    /// Ask what happens to adjudication decisions no gold project holds yet.
    pub(super) fn gold_prompt(&mut self, ctx: &egui::Context) {
        let Some(pending) = self.gold_question.clone() else {
            return;
        };
        let Some(mode) = self.compare.as_ref() else {
            self.gold_question = None;
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
        self.gold_question = None;
        match choice {
            "save" => {
                self.after_gold = Some(pending);
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

    /// Someone else changed the file: overwrite, save as, or merge.
    pub(super) fn save_conflict_prompt(&mut self, ctx: &egui::Context) {
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
    pub(super) fn merge_conflicts_ui(&mut self, ctx: &egui::Context) {
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
    pub(super) fn recovery_prompt(&mut self, ctx: &egui::Context) {
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
            self.finish_autosave();
            let _ = std::fs::remove_file(&offer.path);
        }
    }

    /// Drop the unsaved changes the user chose to discard, with every snapshot that holds them.
    pub(super) fn discard_unsaved_work(&mut self) {
        self.finish_autosave();
        self.session.discard_changes();
        self.session.drop_snapshots();
        self.snapshot_written = false;
    }

    /// Write a recovery snapshot in the background while there are unsaved changes. When undo has
    /// taken the project back to what is saved, the snapshot written before holds nothing to
    /// recover and is deleted.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if self
            .autosave_job
            .as_ref()
            .is_some_and(std::thread::JoinHandle::is_finished)
        {
            self.finish_autosave();
        }
        if !self.session.dirty && self.snapshot_written {
            self.finish_autosave();
            self.session.drop_snapshots();
            self.snapshot_written = false;
        }
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
        let project = self.session.project.clone();
        let path = self.session.path.clone();
        self.finish_autosave();
        self.autosave_job = Some(std::thread::spawn(move || {
            crate::recovery::write_recovery(&project, path.as_deref())
        }));
        self.autosaved_revision = self.session.revision;
        self.last_autosave = Some(now);
        self.snapshot_written = true;
    }

    /// Notice a project file changed underneath the window: on focus, and every few seconds.
    /// Clean work is replaced by the new version; unsaved work is kept, and the user told.
    pub(super) fn watch_disk(&mut self, ctx: &egui::Context) {
        let Some(path) = self.session.path.clone() else {
            self.file_watch = None;
            return;
        };
        if self.task.is_some() {
            return;
        }
        if self.file_watch.as_ref().is_none_or(|w| w.path() != path) {
            self.file_watch = Some(crate::ui::file_watch::FileWatch::new(ctx, &path));
        }
        let (now, focused) = ctx.input(|i| {
            let focused = i
                .raw
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)));
            (i.time, focused)
        });
        let Some(watch) = self.file_watch.as_ref() else {
            return;
        };
        // The file watch wakes the window when the file changed, so an idle window does nothing.
        // Where the system gives no watch, look every few seconds instead.
        let changed = watch.take_changed();
        let poll = !watch.is_watching();
        const EVERY: f64 = 2.0;
        let poll_due = poll && self.last_disk_check.is_none_or(|t| now - t >= EVERY);
        if poll {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(EVERY));
        }
        if !(focused || changed || poll_due || self.last_disk_check.is_none()) {
            return;
        }
        self.last_disk_check = Some(now);
        let name = self.session.file_name();
        match self.session.check_disk() {
            DiskCheck::Unchanged => {}
            DiskCheck::Reloaded(differences) => {
                let doc = self.session.document();
                if let Some(id) = self.view.selected {
                    if doc.and_then(|d| d.annotation(id)).is_none() {
                        self.view.selected = None;
                    }
                }
                self.notes.info(format!(
                    "{name} changed on disk and was reloaded ({differences} annotation change(s)). Undo starts afresh."
                ));
            }
            DiskCheck::ChangedUnderUnsavedWork => self.notes.info(format!(
                "{name} changed on disk. Your unsaved work is kept; Save will offer to merge the two."
            )),
            DiskCheck::Unreadable(err) => self.notes.error(format!(
                "{name} changed on disk but cannot be read now ({err}). Your work in the window is untouched."
            )),
        }
    }

    /// Wait for a background snapshot write still in flight, and say so when it failed (once
    /// per reason, not every 30 seconds).
    pub(super) fn finish_autosave(&mut self) {
        let Some(job) = self.autosave_job.take() else {
            return;
        };
        let result = job
            .join()
            .unwrap_or_else(|_| Err("the autosave thread stopped".into()));
        match result {
            Ok(_) => self.autosave_error = None,
            Err(err) if self.autosave_error.as_ref() != Some(&err) => {
                self.notes.error(format!(
                    "Autosave could not write a recovery copy ({err}). Your work is still open; save it, or Save As somewhere writable."
                ));
                self.autosave_error = Some(err);
            }
            Err(_) => {}
        }
    }

    /// Keep a recovery snapshot of the adjudication while it holds decisions no gold project has,
    /// on the autosave cadence; delete it once they are saved, discarded or undone.
    pub(super) fn autosave_decisions(&mut self, ctx: &egui::Context) {
        let interval = f64::from(self.prefs.autosave_seconds.max(1.0));
        let Some(mode) = self.compare.as_mut() else {
            return;
        };
        let revision = mode.comparison.revision();
        if revision == mode.snapshot_revision {
            return;
        }
        if !mode.has_unsaved_decisions() {
            mode.decisions_settled();
            return;
        }
        let now = ctx.input(|i| i.time);
        let due = self.last_decision_snapshot.map_or(0.0, |t| t + interval);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.last_decision_snapshot = Some(now);
        if let Err(err) = write_decision_snapshot(mode) {
            self.notes.error(format!(
                "Could not keep a recovery copy of the adjudication ({err}); save the gold project to keep your decisions."
            ));
        }
    }

    /// Look for an adjudication left unfinished by an earlier run.
    pub fn check_adjudication_recovery(&mut self) {
        self.adjudication_offer = crate::adjudication_snapshot::AdjudicationSnapshot::newest();
    }

    /// Offer to restore an unfinished adjudication: compare the same files again and put the
    /// decisions back.
    pub(super) fn adjudication_recovery_prompt(&mut self, ctx: &egui::Context) {
        if self.recovery_offer.is_some() {
            return; // one question at a time: unsaved annotations first
        }
        let Some((path, snapshot)) = self.adjudication_offer.as_ref() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("adjudication_recovery")).show(ctx, |ui| {
            ui.heading("An unfinished adjudication was found");
            ui.label(format!(
                "Comparing {} — {} decision(s) were never saved in a gold project.",
                snapshot.names.join(" with "),
                snapshot.decisions.len()
            ));
            ui.horizontal(|ui| {
                if ui
                    .button("Restore")
                    .on_hover_text("Compare the same projects again and put the decisions back")
                    .clicked()
                {
                    choice = Some(true);
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Delete the recovery copy of these decisions")
                    .clicked()
                {
                    choice = Some(false);
                }
            });
        });
        let Some(restore) = choice else { return };
        let path = path.clone();
        let Some((_, snapshot)) = self.adjudication_offer.take() else {
            return;
        };
        if restore {
            self.restore_adjudication(&snapshot);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }

    fn restore_adjudication(
        &mut self,
        snapshot: &crate::adjudication_snapshot::AdjudicationSnapshot,
    ) {
        let Some(own) = snapshot.files.first() else {
            return;
        };
        let open_now = self
            .session
            .path
            .as_ref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()));
        if own.exists() && open_now.as_ref() != Some(own) {
            self.open_now(own);
        }
        let project = self.session.project.clone();
        let built = super::compare::build_comparison(
            project,
            &snapshot.files,
            &crate::ui::background::Progress::default(),
        );
        match built {
            Ok(mut mode) if mode.comparison.fingerprint() == snapshot.fingerprint => {
                let n = mode.comparison.restore_decisions(&snapshot.decisions);
                mode.snapshot_revision = mode.comparison.revision();
                let doc = mode.view_session.document;
                mode.rebuild_view(doc);
                self.compare = Some(*mode);
                self.notes.info(format!(
                    "Restored {n} adjudication decision(s). Save the gold project to keep them."
                ));
            }
            Ok(_) => self.notes.error(
                "The compared projects changed since these decisions were made, so they were not restored (the recovery copy is kept).",
            ),
            Err(err) => self
                .notes
                .error(format!("Could not restore the adjudication: {err}")),
        }
    }

    /// Write the open project to its recovery file now, on this thread (crash or signal).
    /// Returns where it went.
    pub fn emergency_save(&mut self) -> Option<PathBuf> {
        if !self.session.dirty {
            if let Some(mode) = self.compare.as_mut().filter(|m| m.has_unsaved_decisions()) {
                return write_decision_snapshot(mode).ok();
            }
            return None;
        }
        // Adjudication decisions are kept too (they are small: written on this thread).
        if let Some(mode) = self.compare.as_mut().filter(|m| m.has_unsaved_decisions()) {
            if let Err(err) = write_decision_snapshot(mode) {
                eprintln!("marginalia: could not keep the adjudication decisions: {err}");
            }
        }
        // A background write of an older state must not land after this one.
        self.finish_autosave();
        match crate::recovery::write_recovery(&self.session.project, self.session.path.as_deref()) {
            Ok(target) => Some(target),
            Err(err) => {
                eprintln!("marginalia: could not write the emergency copy: {err}");
                None
            }
        }
    }

    /// Look for a recovery snapshot of what was just opened.
    pub(super) fn check_recovery(&mut self) {
        self.recovery_offer = match &self.session.path {
            Some(path) => crate::recovery::offer_for(path, Some(&self.session.project)),
            None => crate::recovery::newest_untitled(),
        }
        .filter(|offer| offer.differences > 0);
    }

    pub(super) fn unsaved_prompt(&mut self, ctx: &egui::Context) {
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
            "discard" => self.discard_unsaved_work(),
            _ => return,
        }
        self.carry_out(ctx, pending);
    }
}

/// Write the adjudication's recovery snapshot now; returns where it went.
fn write_decision_snapshot(mode: &mut CompareMode) -> Result<PathBuf, String> {
    let path = mode
        .snapshot_path()
        .ok_or("no data folder (neither $XDG_DATA_HOME nor $HOME is set)")?;
    crate::adjudication_snapshot::AdjudicationSnapshot::of(&mode.comparison, &mode.files)
        .write(&path)?;
    mode.snapshot_revision = mode.comparison.revision();
    Ok(path)
}
