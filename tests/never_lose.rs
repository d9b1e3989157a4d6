//! Never lose an annotation: autosave, restore on the next start, conflicts with changes made
//! on disk, failed saves and the emergency copy.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::edit::{new_annotation, Edit};
use marginalia::model::{Fragment, Project};
use marginalia::project_file::{load_project, save_project};
use marginalia::recovery::{fallback_recovery_path, recovery_path};
use marginalia::session::Session;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

mod common;
use common::harness::{app_on, window, window_builder};

/// One data folder for the whole test process: tests run in parallel threads, and the variable
/// is process-wide. Fallback copies are named per project path, so tests never share one.
fn data_dir() -> &'static Path {
    static DATA: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let dir = DATA.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("MARGINALIA_DATA_DIR", dir.path());
        dir
    });
    dir.path()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    data_dir();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ron");
    std::fs::copy("projects/acting-on-xis-vision.ron", &path).unwrap();
    (dir, path)
}

fn app(path: &Path, autosave_seconds: f32) -> Harness<'static, MarginaliaApp> {
    let mut app = app_on(Session::sample(), "tester");
    app.prefs.autosave_seconds = autosave_seconds;
    app.open_now(path);
    window(window_builder(), app)
}

fn tag_first_word(h: &mut Harness<'_, MarginaliaApp>) {
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num1);
    h.run();
}

fn wait_for(what: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if what() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn autosave_writes_a_snapshot_and_saving_removes_it() {
    let (_dir, path) = setup();
    let mut h = app(&path, 1.0);
    h.run();
    tag_first_word(&mut h);
    let snapshot = recovery_path(&path);
    assert!(
        wait_for(|| load_project(&snapshot).is_ok()),
        "a recovery snapshot appears"
    );
    let recovered = load_project(&snapshot).unwrap();
    assert_eq!(recovered.annotation_count(), 51);
    assert_eq!(
        load_project(&path).unwrap().annotation_count(),
        50,
        "the project itself is untouched"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(
        !snapshot.exists(),
        "a normal save removes the recovery file"
    );
    assert_eq!(load_project(&path).unwrap().annotation_count(), 51);
}

/// An earlier session that ended without saving left a snapshot with one more annotation.
fn leave_unsaved_snapshot(path: &Path) {
    let unsaved = with_one_more(path, "quote", 0, "earlier");
    marginalia::recovery::write_snapshot(&unsaved, &recovery_path(path)).unwrap();
}

/// The project at `path` with one more annotation of `label` over two or more characters at
/// `at`, made by `author`.
fn with_one_more(path: &Path, label: &str, at: usize, author: &str) -> Project {
    let mut project = load_project(path).unwrap();
    let a = new_annotation(&mut project, 0, label, &[Fragment::new(at, at + 6)], author).unwrap();
    Edit::Add {
        document: 0,
        annotation: a,
    }
    .apply(&mut project)
    .unwrap();
    project
}

/// A colleague's version with one more claim lands on disk (a `git pull`).
fn colleague_adds(path: &Path, at: usize) {
    save_project(&with_one_more(path, "claim", at, "colleague"), path).unwrap();
}

#[test]
fn the_next_start_offers_restore_or_discard() {
    let (_dir, path) = setup();
    leave_unsaved_snapshot(&path);
    let mut h = app(&path, 30.0);
    h.run();
    h.get_by_label("Unsaved work was found");
    h.get_by_label_contains("1 change(s) to annotations or document fields");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().session.project().annotation_count(), 51);
    assert!(
        h.state().session.dirty,
        "restored work is unsaved until saved"
    );
    // Saving right away keeps the work and leaves no snapshot behind, even though the restored
    // work was just being written to a snapshot in the background.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!recovery_path(&path).exists(), "no stale snapshot remains");
    assert_eq!(load_project(&path).unwrap().annotation_count(), 51);
}

#[test]
fn discarding_the_offer_deletes_the_snapshot() {
    let (_dir, path) = setup();
    leave_unsaved_snapshot(&path);
    let mut h = app(&path, 30.0);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery_path(&path).exists());
    assert_eq!(h.state().session.project().annotation_count(), 50);
    // The next start finds nothing to offer.
    let h = app(&path, 30.0);
    assert!(h.query_by_label("Unsaved work was found").is_none());
}

#[test]
fn a_file_changed_on_disk_is_merged_not_overwritten() {
    let (_dir, path) = setup();
    let mut h = app(&path, 30.0);
    h.run();
    tag_first_word(&mut h);
    // A colleague's version lands on disk meanwhile (a git pull).
    colleague_adds(&path, 10);
    let theirs = load_project(&path).unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("The file changed on disk");
    assert_eq!(
        load_project(&path).unwrap(),
        theirs,
        "nothing was overwritten"
    );
    h.get_by_label("Merge").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let saved = load_project(&path).unwrap();
    let doc = &saved.documents[0];
    assert!(
        doc.annotations.iter().any(|a| a.author == "colleague"),
        "their annotation survives"
    );
    assert!(
        doc.annotations.iter().any(|a| a.author == "tester"),
        "ours survives"
    );
    assert_eq!(saved.annotation_count(), 52);
}

#[test]
fn overwrite_is_a_deliberate_choice() {
    let (_dir, path) = setup();
    let mut h = app(&path, 30.0);
    h.run();
    tag_first_word(&mut h);
    let mut theirs = load_project(&path).unwrap();
    theirs.name = "changed elsewhere".into();
    save_project(&theirs, &path).unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert_eq!(load_project(&path).unwrap().annotation_count(), 51);
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_work() {
    let (dir, path) = setup();
    let mut h = app(&path, 30.0);
    h.run();
    tag_first_word(&mut h);
    let before = std::fs::read(&path).unwrap();
    let bad = dir.path().join("missing-folder").join("x.ron");
    h.state_mut().push(Action::File(FileAction::SaveTo(bad)));
    h.run();
    let err = h.state().notes.last_error().unwrap().to_owned();
    assert!(
        err.contains("missing-folder") && err.contains("Save As"),
        "{err}"
    );
    assert!(h.state().session.dirty);
    assert_eq!(h.state().session.project().annotation_count(), 51);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Save As elsewhere still works.
    let elsewhere = dir.path().join("elsewhere.ron");
    h.state_mut()
        .push(Action::File(FileAction::SaveTo(elsewhere.clone())));
    h.run();
    assert_eq!(load_project(&elsewhere).unwrap().annotation_count(), 51);
}

#[test]
fn the_emergency_copy_holds_the_unsaved_work() {
    let (_dir, path) = setup();
    let mut h = app(&path, 30.0);
    h.run();
    tag_first_word(&mut h);
    let written = h
        .state_mut()
        .emergency_save()
        .expect("dirty work is written");
    assert_eq!(written, recovery_path(&path));
    assert_eq!(load_project(&written).unwrap().annotation_count(), 51);
}

#[test]
fn a_folder_that_refuses_the_snapshot_sends_it_to_the_data_folder() {
    let (_dir, path) = setup();
    // Something that cannot be replaced by a file stands where the snapshot would go, as a
    // read-only folder would refuse it (tests run as root, which ignores permissions).
    std::fs::create_dir(recovery_path(&path)).unwrap();
    let fallback = fallback_recovery_path(&path).unwrap();
    assert!(fallback.starts_with(data_dir()));
    let mut h = app(&path, 1.0);
    h.run();
    tag_first_word(&mut h);
    assert!(
        wait_for(|| load_project(&fallback).is_ok()),
        "the snapshot went to the data folder"
    );
    assert_eq!(load_project(&fallback).unwrap().annotation_count(), 51);
    drop(h);
    // The next start finds it there.
    let mut h = app(&path, 30.0);
    h.run();
    h.get_by_label_contains("1 change(s) to annotations or document fields");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().session.project().annotation_count(), 51);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!fallback.exists(), "a normal save removes it");
    assert_eq!(load_project(&path).unwrap().annotation_count(), 51);
}

#[test]
fn when_no_recovery_copy_can_be_written_the_user_is_told_once() {
    let (_dir, path) = setup();
    std::fs::create_dir(recovery_path(&path)).unwrap();
    std::fs::create_dir_all(fallback_recovery_path(&path).unwrap()).unwrap();
    let mut h = app(&path, 1.0);
    h.run();
    tag_first_word(&mut h);
    let told = |h: &Harness<'_, MarginaliaApp>| {
        h.query_all_by_label_contains("Autosave could not write a recovery copy")
            .count()
    };
    let start = Instant::now();
    while told(&h) == 0 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    assert_eq!(told(&h), 1, "the failure is shown in the window");
    // The next autosave fails the same way: not a second message.
    h.state_mut().view.selection = Some((7, 9));
    h.key_press(egui::Key::Num2);
    h.run_steps(12);
    std::thread::sleep(Duration::from_millis(200));
    h.run_steps(12);
    assert_eq!(told(&h), 1);
    assert_eq!(
        h.state().session.project().annotation_count(),
        52,
        "the work is still open"
    );
    assert!(h.state().session.dirty);
}

#[test]
fn a_file_changed_underneath_the_window_is_reloaded_or_flagged() {
    let (_dir, path) = setup();
    let mut h = app(&path, 30.0);
    h.run();
    // Nothing unsaved here: a `git pull` underneath is simply shown.
    colleague_adds(&path, 10);
    h.run_steps(12);
    assert_eq!(h.state().session.project().annotation_count(), 51);
    assert!(!h.state().session.dirty, "what is shown is what is on disk");
    h.get_by_label_contains(
        "changed on disk and was reloaded (1 change(s) to annotations or document fields)",
    );

    // Unsaved work here: it is kept, the user is told, and Save offers to merge.
    tag_first_word(&mut h);
    colleague_adds(&path, 20);
    h.run_steps(12);
    assert_eq!(
        h.state().session.project().annotation_count(),
        52,
        "our work, not theirs, is shown"
    );
    h.get_by_label_contains("Your unsaved work is kept");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("The file changed on disk");
    assert_eq!(
        load_project(&path).unwrap().annotation_count(),
        52,
        "their file is not overwritten"
    );
}

/// Run frames (the harness clock advances each one) until `what` holds, for up to 30 s.
fn run_until(h: &mut Harness<'_, MarginaliaApp>, what: impl Fn(&MarginaliaApp) -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        h.run();
        if what(h.state()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn save_as_and_discard_leave_no_snapshot_to_offer_again() {
    let (dir, path) = setup();
    let mut h = app(&path, 1.0);
    h.run();
    tag_first_word(&mut h);
    assert!(run_until(&mut h, |_| recovery_path(&path).exists()));
    // Save As another file: the work is saved, so the original has nothing to offer.
    let other = dir.path().join("other.ron");
    h.state_mut()
        .push(Action::File(FileAction::SaveTo(other.clone())));
    h.run();
    assert!(
        !recovery_path(&path).exists(),
        "the old name's snapshot goes"
    );
    assert!(marginalia::recovery::offer_for(&path, None).is_none());
    // Quitting with Discard drops the snapshot of what was discarded.
    tag_first_word(&mut h);
    assert!(run_until(&mut h, |_| recovery_path(&other).exists()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery_path(&other).exists(), "nothing left to offer");
    let h = app(&other, 30.0);
    assert!(h.query_by_label("Unsaved work was found").is_none());
}

#[test]
fn undoing_back_to_the_saved_state_leaves_nothing_unsaved() {
    let (_dir, path) = setup();
    let mut h = app(&path, 1.0);
    h.run();
    tag_first_word(&mut h);
    assert!(h.state().session.dirty);
    assert!(h.state().session.window_title().starts_with("● "));
    assert!(run_until(&mut h, |_| recovery_path(&path).exists()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().session.dirty, "back at what the file holds");
    assert!(!h.state().session.window_title().contains('●'));
    assert!(
        run_until(&mut h, |_| !recovery_path(&path).exists()),
        "the snapshot of the undone change goes"
    );
    // Redo makes it unsaved again; quitting asks.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(h.state().session.dirty);
    // Saved, then undone: the file no longer matches, so that is unsaved too.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().session.dirty);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().session.dirty);
}

#[test]
fn adjudication_decisions_are_asked_about_kept_and_offered_back() {
    use marginalia::adjudication_snapshot::AdjudicationSnapshot;
    use marginalia::comparison::Decision;
    let (dir, path) = setup();
    let mut bob = load_project(&path).unwrap();
    bob.documents[0].annotations[0].label = "claim".into();
    let bob_path = dir.path().join("bob.ron");
    save_project(&bob, &bob_path).unwrap();
    let snapshot = AdjudicationSnapshot::path_for(&[path.clone(), bob_path.clone()]).unwrap();

    let mut h = app(&path, 1.0);
    h.state_mut()
        .push(Action::Comparison(ComparisonAction::CompareWith(vec![
            bob_path.clone(),
        ])));
    h.run();
    h.state_mut().compare.as_mut().unwrap().selected_case = Some(0);
    h.key_press(egui::Key::B);
    h.run();
    // Closing the comparison or quitting asks; Cancel keeps everything.
    h.get_by_label("Close comparison").click();
    h.run();
    h.get_by_label("Save the adjudication?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().compare.is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    h.get_by_label("Save the adjudication?");
    h.get_by_label("Cancel").click();
    h.run();
    // Autosave keeps the decisions in a snapshot.
    assert!(run_until(&mut h, |_| snapshot.exists()));
    drop(h);

    // The next start offers them back.
    let mut h = app(&path, 30.0);
    h.state_mut().check_adjudication_recovery();
    h.run();
    h.get_by_label("An unfinished adjudication was found");
    h.get_by_label("Restore").click();
    h.run();
    let mode = h.state().compare.as_ref().expect("comparing again");
    assert_eq!(mode.comparison.decision(0), Some(Decision::Take(1)));
    assert!(mode.has_unsaved_decisions());
    // Saving the gold project settles them: no snapshot, no question.
    let gold = dir.path().join("gold.ron");
    assert!(h.state_mut().save_gold(&gold));
    assert!(!snapshot.exists());
    h.get_by_label("Close comparison").click();
    h.run();
    assert!(h.state().compare.is_none(), "closed without a question");

    // Decide again, then Discard decisions: closed, and nothing left to offer.
    h.state_mut()
        .push(Action::Comparison(ComparisonAction::CompareWith(vec![
            bob_path,
        ])));
    h.run();
    h.state_mut().compare.as_mut().unwrap().selected_case = Some(0);
    h.key_press(egui::Key::D);
    h.run();
    h.get_by_label("Close comparison").click();
    h.run();
    h.get_by_label("Discard decisions").click();
    h.run();
    assert!(h.state().compare.is_none());
    assert!(!snapshot.exists());
}
