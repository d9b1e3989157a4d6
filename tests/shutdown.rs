//! A termination signal (SIGTERM, SIGINT) with unsaved changes writes a recovery snapshot and
//! closes. Its own test binary: the signal flag is process-wide.

use marginalia::session::Session;

mod common;
use common::harness::*;

#[test]
fn a_termination_signal_writes_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ron");
    std::fs::copy("projects/acting-on-xis-vision.ron", &path).unwrap();
    let mut app = app_on(Session::sample(), "t");
    app.open_now(&path);
    let mut h = window(window_builder(), app);
    h.run();
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num2);
    h.run();
    marginalia::ui::signals::request_shutdown();
    h.run();
    let snapshot = marginalia::recovery::recovery_path(&path);
    let recovered =
        marginalia::project_file::load_project(&snapshot).expect("snapshot written on the signal");
    assert_eq!(recovered.annotation_count(), 51);
}
