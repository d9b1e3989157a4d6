//! Agreement with other annotators from the window: the open project against one or more
//! project files, computed by the same code as `marginalia agree`.

use super::*;
use crate::agreement::{annotator_names, compute, AgreementReport, Annotator};

impl MarginaliaApp {
    /// What the open project is called in comparisons and reports: its file name, else its name.
    pub(super) fn own_annotator_path(&self) -> PathBuf {
        self.session
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("{}.ron", self.session.project().name)))
    }

    /// Measure agreement between the open project (first annotator) and the projects at
    /// `paths`; large files are read and scored on a worker thread.
    pub fn agreement_with(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let total: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        self.agreement_files.clone_from(&paths);
        let own = self.session.project().clone();
        let mut all_paths = vec![self.own_annotator_path()];
        all_paths.extend(paths.iter().cloned());
        let work =
            move |progress: &crate::background::Progress| agreement_of(own, &all_paths, progress);
        if total > self.background_bytes {
            let label = format!("Measuring agreement with {} project(s)…", paths.len());
            self.task = Some(RunningTask::Agreement(Task::spawn(label, waker(ctx), work)));
        } else {
            let result = work(&crate::background::Progress::default());
            self.show_agreement_result(result);
        }
    }

    pub(super) fn show_agreement_result(&mut self, result: Result<AgreementReport, String>) {
        match &result {
            Ok(report) => {
                if !report.unmatched_documents.is_empty() {
                    self.notes.info(format!(
                        "Left out of the agreement (not in every project): {}",
                        report.unmatched_documents.join(", ")
                    ));
                }
            }
            Err(err) => self
                .notes
                .error(format!("Could not measure agreement: {err}")),
        }
        self.agreement = Some(result);
        self.windows.agreement = true;
    }
}

/// Load the other projects and score all of them against `own` (whose path comes first).
fn agreement_of(
    own: crate::model::Project,
    paths: &[PathBuf],
    progress: &crate::background::Progress,
) -> Result<AgreementReport, String> {
    let mut projects = vec![own];
    for (i, path) in paths.iter().enumerate().skip(1) {
        if progress.is_cancelled() {
            return Err("cancelled".into());
        }
        projects.push(crate::project_file::load_project(path).map_err(|e| e.to_string())?);
        progress.set(i as f32 / paths.len() as f32);
    }
    let names = annotator_names(paths);
    let annotators: Vec<Annotator<'_>> = projects
        .iter()
        .zip(names)
        .map(|(project, name)| Annotator { name, project })
        .collect();
    compute(&annotators).map_err(|e| e.to_string())
}
