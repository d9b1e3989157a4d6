//! The app as the tests and benchmarks open it: a known annotator, so the first-run welcome
//! does not show, on the sample or on a copy of it.

#![allow(dead_code)]

use marginalia::session::Session;
use marginalia::ui::prefs::Prefs;
use marginalia::ui::MarginaliaApp;

/// The sample project, as it is in the repository.
pub const SAMPLE: &str = "projects/acting-on-xis-vision.ron";

/// Preferences with `annotator` set (everything else as a new user has it).
pub fn prefs(annotator: &str) -> Prefs {
    Prefs {
        annotator: annotator.into(),
        ..Prefs::default()
    }
}

/// The window's app on `session`, the user named `annotator`.
pub fn app_on(session: Session, annotator: &str) -> MarginaliaApp {
    MarginaliaApp::new(session, prefs(annotator))
}

/// The app on a copy of the sample in `dir` (`dir/sample.ron`), so saving is safe.
pub fn app_on_copy_of_sample(dir: &tempfile::TempDir) -> MarginaliaApp {
    app_on_changed_sample(dir, |_| {})
}

/// A copy of the sample, changed by `change` before the window opens it (tests set up what the
/// sample lacks this way; the window itself changes a project only through its edits).
pub fn app_on_changed_sample(
    dir: &tempfile::TempDir,
    change: impl FnOnce(&mut marginalia::model::Project),
) -> MarginaliaApp {
    let path = dir.path().join("sample.ron");
    let mut project = marginalia::project_file::load_project(std::path::Path::new(SAMPLE)).unwrap();
    change(&mut project);
    marginalia::project_file::save_project(&project, &path).unwrap();
    let (session, _) = Session::open(&path).unwrap();
    app_on(session, "kittest")
}

/// Take out every annotation of `label`, and the links to and from them.
pub fn remove_label(project: &mut marginalia::model::Project, label: &str) {
    for doc in &mut project.documents {
        let gone: Vec<u64> = doc
            .annotations
            .iter()
            .filter(|a| a.label == label)
            .map(|a| a.id)
            .collect();
        doc.annotations.retain(|a| a.label != label);
        doc.relations
            .retain(|r| !gone.contains(&r.from) && !gone.contains(&r.to));
    }
}
