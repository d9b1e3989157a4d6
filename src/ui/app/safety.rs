//! Nothing is lost: unsaved-changes questions, recovery snapshots, conflicts with changes on disk.

use super::*;

impl MarginaliaApp {
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.session.dirty
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.unsaved_question = Some(Pending::Quit);
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

    /// Write a recovery snapshot in the background while there are unsaved changes.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if self
            .autosave_job
            .as_ref()
            .is_some_and(std::thread::JoinHandle::is_finished)
        {
            self.finish_autosave();
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
    }

    /// Notice a project file changed underneath the window: on focus, and every few seconds.
    /// Clean work is replaced by the new version; unsaved work is kept, and the user told.
    pub(super) fn watch_disk(&mut self, ctx: &egui::Context) {
        if self.task.is_some() || self.session.path.is_none() {
            return;
        }
        const EVERY: f64 = 2.0;
        let (now, focused) = ctx.input(|i| {
            let focused = i
                .raw
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)));
            (i.time, focused)
        });
        if !focused && self.last_disk_check.is_some_and(|t| now - t < EVERY) {
            return;
        }
        self.last_disk_check = Some(now);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(EVERY * 2.5));
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

    /// Write the open project to its recovery file now, on this thread (crash or signal).
    /// Returns where it went.
    pub fn emergency_save(&mut self) -> Option<PathBuf> {
        if !self.session.dirty {
            return None;
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
