//! Nothing is lost: autosave and recovery snapshots, of projects and of adjudications, and the
//! emergency copy on a crash or a signal.

use super::*;

/// Autosave, recovery and the watch on the project file.
#[derive(Default)]
pub(super) struct Safeguards {
    pub save_conflict: Option<PathBuf>,
    pub merge_conflicts: Vec<crate::merge::MergeConflict>,
    pub recovery_offer: Option<crate::recovery::Offer>,
    /// An adjudication an earlier run left with decisions no gold project holds.
    pub adjudication_offer: Option<(PathBuf, crate::adjudication_snapshot::AdjudicationSnapshot)>,
    /// When the adjudication's recovery snapshot was last written.
    pub last_decision_snapshot: Option<f64>,
    pub last_autosave: Option<f64>,
    /// The snapshot being written in the background, joined before a save or discard removes
    /// the snapshot so a late write cannot bring a stale copy back.
    pub autosave_job:
        Option<std::thread::JoinHandle<Result<PathBuf, crate::file_error::FileError>>>,
    /// The last reason autosave failed, so the same failure is reported once.
    pub autosave_error: Option<String>,
    /// When the project file was last compared with what this session read or wrote.
    pub last_disk_check: Option<f64>,
    /// Wakes the window when the project file changes on disk.
    pub file_watch: Option<crate::ui::file_watch::FileWatch>,
    pub autosaved_revision: u64,
    /// A recovery snapshot of the open project may exist (autosave wrote one since the last save).
    pub snapshot_written: bool,
}

impl MarginaliaApp {
    /// Offer to restore unsaved work found from an earlier run.
    pub(super) fn recovery_prompt(&mut self, ctx: &egui::Context) {
        let Some(offer) = self.safety.recovery_offer.as_ref() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.heading("Unsaved work was found");
            ui.label(format!(
                "A recovery copy from an earlier session ({}) holds {} change(s) to annotations or document fields that were never saved.",
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
        let Some(offer) = self.safety.recovery_offer.take() else {
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
        self.safety.snapshot_written = false;
    }

    /// Write a recovery snapshot in the background while there are unsaved changes. When undo has
    /// taken the project back to what is saved, the snapshot written before holds nothing to
    /// recover and is deleted.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if self
            .safety
            .autosave_job
            .as_ref()
            .is_some_and(std::thread::JoinHandle::is_finished)
        {
            self.finish_autosave();
        }
        if !self.session.dirty && self.safety.snapshot_written {
            self.finish_autosave();
            self.session.drop_snapshots();
            self.safety.snapshot_written = false;
        }
        // Counted time alone is no work to recover: it goes to the file on close.
        if !self.session.dirty
            || self.session.only_time_unsaved()
            || self.session.revision == self.safety.autosaved_revision
        {
            return;
        }
        let now = ctx.input(|i| i.time);
        let interval = self.prefs.autosave_seconds.max(1.0) as f64;
        let due = self.safety.last_autosave.map_or(0.0, |t| t + interval);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        let project = self.session.shared_project();
        let path = self.session.path.clone();
        self.finish_autosave();
        self.safety.autosave_job = Some(std::thread::spawn(move || {
            crate::recovery::write_recovery(&project, path.as_deref())
        }));
        self.safety.autosaved_revision = self.session.revision;
        self.safety.last_autosave = Some(now);
        self.safety.snapshot_written = true;
    }

    /// Wait for a background snapshot write still in flight, and say so when it failed (once
    /// per reason, not every 30 seconds).
    pub(super) fn finish_autosave(&mut self) {
        let Some(job) = self.safety.autosave_job.take() else {
            return;
        };
        let result = job
            .join()
            .map_err(|_| "the autosave thread stopped".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()));
        match result {
            Ok(_) => self.safety.autosave_error = None,
            Err(err) if self.safety.autosave_error.as_ref() != Some(&err) => {
                self.notes.error(format!(
                    "Autosave could not write a recovery copy ({err}). Your work is still open; save it, or Save As somewhere writable."
                ));
                self.safety.autosave_error = Some(err);
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
        let due = self
            .safety
            .last_decision_snapshot
            .map_or(0.0, |t| t + interval);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.safety.last_decision_snapshot = Some(now);
        if let Err(err) = write_decision_snapshot(mode) {
            self.notes.error(format!(
                "Could not keep a recovery copy of the adjudication ({err}); save the gold project to keep your decisions."
            ));
        }
    }

    /// Look for an adjudication left unfinished by an earlier run.
    pub fn check_adjudication_recovery(&mut self) {
        self.safety.adjudication_offer =
            crate::adjudication_snapshot::AdjudicationSnapshot::newest();
    }

    /// Offer to restore an unfinished adjudication: compare the same files again and put the
    /// decisions back.
    pub(super) fn adjudication_recovery_prompt(&mut self, ctx: &egui::Context) {
        if self.safety.recovery_offer.is_some() {
            return; // one question at a time: unsaved annotations first
        }
        let Some((path, snapshot)) = self.safety.adjudication_offer.as_ref() else {
            return;
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("adjudication_recovery")).show(ctx, |ui| {
            ui.heading("An unfinished adjudication was found");
            ui.label(format!(
                "Comparing {} — {} decision(s) were never saved in a gold project.",
                snapshot.names.join(" with "),
                snapshot.decision_count()
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
        let Some((_, snapshot)) = self.safety.adjudication_offer.take() else {
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
        let project = self.session.project().clone();
        let built = super::compare::build_comparison(
            project,
            &snapshot.files,
            &crate::background::Progress::default(),
        );
        match built {
            Ok(mut mode) if mode.comparison.fingerprint() == snapshot.fingerprint => {
                let n = mode.comparison.restore_decisions(&snapshot.decisions)
                    + mode
                        .comparison
                        .restore_field_decisions(&snapshot.field_decisions);
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
        self.flush_effort();
        if self.session.only_time_unsaved() && !self.has_unsaved_decisions() {
            let path = self.session.path.clone()?;
            return self.session.save_to(&path, false).is_ok().then_some(path);
        }
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
        match crate::recovery::write_recovery(self.session.project(), self.session.path.as_deref())
        {
            Ok(target) => Some(target),
            Err(err) => {
                eprintln!("marginalia: could not write the emergency copy: {err}");
                None
            }
        }
    }

    /// Look for a recovery snapshot of what was just opened.
    pub(super) fn check_recovery(&mut self) {
        self.safety.recovery_offer = match &self.session.path {
            Some(path) => crate::recovery::offer_for(path, Some(self.session.project())),
            None => crate::recovery::newest_untitled(),
        }
        .filter(|offer| offer.differences > 0);
    }
}

/// Write the adjudication's recovery snapshot now; returns where it went.
fn write_decision_snapshot(
    mode: &mut CompareMode,
) -> Result<PathBuf, crate::file_error::FileError> {
    let path = mode
        .snapshot_path()
        .ok_or(crate::file_error::FileError::NoDataFolder)?;
    crate::adjudication_snapshot::AdjudicationSnapshot::of(&mode.comparison, &mode.files)
        .write(&path)?;
    mode.snapshot_revision = mode.comparison.revision();
    Ok(path)
}
