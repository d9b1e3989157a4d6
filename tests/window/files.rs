//! Files from the window: save, reload, errors, export and import, the path prompt, folders.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;
use marginalia::ui::commands::Command;

use super::common;
use super::harness::*;

#[test]
fn save_and_reload_gives_the_same_project() {
    let (dir, mut h) = sample_window();
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num3);
    h.run();
    let out = dir.path().join("saved.ron");
    h.state_mut()
        .push(Action::File(FileAction::SaveTo(out.clone())));
    h.run();
    assert!(!h.state().session.dirty);
    assert_eq!(h.state().session.path.as_deref(), Some(out.as_path()));
    let reloaded = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(&reloaded, h.state().session.project());
    assert!(reloaded.documents[0]
        .annotations
        .iter()
        .any(|a| a.label == "quote" && a.text == "Acting"));
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let (dir, mut h) = sample_window();
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num1);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    assert!(h.state().is_asking_to_save());
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().is_asking_to_save());
    assert!(h.state().session.dirty, "cancel keeps the work");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().session.dirty, "save wrote the file");
    let saved = marginalia::project_file::load_project(&dir.path().join("sample.ron")).unwrap();
    assert_eq!(&saved, h.state().session.project());
}

#[test]
fn a_bad_file_shows_an_error_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: \"marginalia-project\", version: 1, offs").unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::OpenPath(bad.clone())));
    h.run();
    let err = h
        .state()
        .notes
        .last_error()
        .expect("an error is shown")
        .to_owned();
    assert!(err.contains("bad.ron:1:"), "{err}");
    assert!(
        h.state().session.path.as_deref() != Some(bad.as_path()),
        "the open project stays"
    );
}

#[test]
fn export_and_import_from_the_window() {
    let (dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::Export));
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Window, "Export labeled data");
    h.get_by_label("Export…");
    let out = dir.path().join("brat");
    h.state_mut().push(Action::File(FileAction::ExportTo(
        marginalia::formats::Format::Brat,
        out.clone(),
    )));
    h.run();
    assert!(out.join("acting-on-xis-vision.ann").exists());
    assert!(out.join("annotation.conf").exists());
    let shown = h.state().notes.items.last().unwrap().text.clone();
    assert!(
        shown.contains("Exported 50 annotations") && shown.contains("Not expressible"),
        "{shown}"
    );
    // Importing into a window with unsaved changes asks first; this one is saved.
    h.state_mut().push(Action::File(FileAction::ImportPath(
        marginalia::formats::Format::Brat,
        out.clone(),
    )));
    h.run();
    assert_eq!(count(&h), 50);
    assert!(
        h.state().session.path.is_none(),
        "imported data is a new, unsaved project"
    );
    assert!(h.state().session.dirty);
}

#[test]
fn the_path_prompt_takes_several_paths_and_enter() {
    // Where no file dialog exists, the window asks for paths itself; Enter confirms.
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(app.session.project(), dir.path());
    let mut h = harness(app);
    h.run();
    h.state_mut().dialogs.prompt = Some((
        marginalia::ui::file_dialog::Purpose::Agreement,
        String::new(),
    ));
    h.run();
    h.get_by_label_contains("Type one or more paths");
    h.event(egui::Event::Text(format!(
        "{}; {}",
        bob.display(),
        carol.display()
    )));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.state().dialogs.prompt.is_none(),
        "Enter closes the prompt"
    );
    let report = h.state().agreement.clone().expect("measured").unwrap();
    assert_eq!(report.annotators, ["sample", "bob", "carol"]);
}

#[test]
fn adding_a_folder_of_articles() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..30 {
        std::fs::write(
            folder.join(format!("a{i:02}.txt")),
            format!("Article number {i}."),
        )
        .unwrap();
    }
    std::fs::write(folder.join("notes.pdf"), [0u8, 1, 2]).unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::AddArticles(vec![folder])));
    // Thirty files go to a worker thread with a progress bar.
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().is_busy() && start.elapsed() < std::time::Duration::from_secs(300) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    assert_eq!(
        h.state().session.project().documents.len(),
        31,
        "only the articles, not the PDF"
    );
    assert_eq!(h.state().session.document, 1, "the first new one is shown");
    // Added by mistake: one Ctrl+Z takes all thirty out, and redo brings them back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().session.project().documents.len(), 1);
    assert_eq!(h.state().session.document, 0);
    assert!(h.state().session.document().is_some());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().session.project().documents.len(), 31);
    assert_eq!(
        h.state().session.project().documents[30].title,
        "Article number 29.",
        "in the same order"
    );
    // A document's status is undoable too.
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::SetDocStatus(
            3,
            marginalia::model::DocStatus::Done,
        )));
    h.run();
    assert_eq!(
        h.state().session.project().documents[3].status,
        marginalia::model::DocStatus::Done
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project().documents[3].status,
        marginalia::model::DocStatus::Todo
    );
}
