//! The project file on disk: changes made by another program, save conflicts, merging.

use super::*;

impl MarginaliaApp {
    /// Someone else changed the file: overwrite, save as, or merge.
    pub(super) fn save_conflict_prompt(&mut self, ctx: &egui::Context) {
        let Some(path) = self.safety.save_conflict.clone() else {
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
        self.safety.save_conflict = None;
        match choice {
            "merge" => match self.session.merge_from_disk() {
                Ok((conflicts, field_clashes)) => {
                    self.view.reset();
                    for clash in field_clashes {
                        self.notes.error(format!("Merge conflict: {clash}"));
                    }
                    let n = conflicts.len();
                    self.safety.merge_conflicts = conflicts;
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
        if self.safety.merge_conflicts.is_empty() {
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
                        for (i, c) in self.safety.merge_conflicts.iter().enumerate() {
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
            self.safety.merge_conflicts.remove(i);
        }
        if let Some(i) = take_theirs {
            let c = self.safety.merge_conflicts.remove(i);
            let doc = c.document;
            let current = c.ours.as_ref().or(c.theirs.as_ref()).and_then(|a| {
                self.session
                    .project()
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
            self.safety.merge_conflicts.clear();
        }
    }

    /// Notice a project file changed underneath the window: on focus, and every few seconds.
    /// Clean work is replaced by the new version; unsaved work is kept, and the user told.
    pub(super) fn watch_disk(&mut self, ctx: &egui::Context) {
        let Some(path) = self.session.path.clone() else {
            self.safety.file_watch = None;
            return;
        };
        if self.task.is_some() {
            return;
        }
        if self
            .safety
            .file_watch
            .as_ref()
            .is_none_or(|w| w.path() != path)
        {
            self.safety.file_watch = Some(crate::ui::file_watch::FileWatch::new(ctx, &path));
        }
        let (now, focused) = ctx.input(|i| {
            let focused = i
                .raw
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)));
            (i.time, focused)
        });
        let Some(watch) = self.safety.file_watch.as_ref() else {
            return;
        };
        // The file watch wakes the window when the file changed, so an idle window does nothing.
        // Where the system gives no watch, look every few seconds instead.
        let changed = watch.take_changed();
        let poll = !watch.is_watching();
        const EVERY: f64 = 2.0;
        let poll_due = poll && self.safety.last_disk_check.is_none_or(|t| now - t >= EVERY);
        if poll {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(EVERY));
        }
        if !(focused || changed || poll_due || self.safety.last_disk_check.is_none()) {
            return;
        }
        self.safety.last_disk_check = Some(now);
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
                    "{name} changed on disk and was reloaded ({differences} change(s) to annotations or document fields). Undo starts afresh."
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
}
