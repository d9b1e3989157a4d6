//! The shared harness of the window tests, snapshots, never-lose and scale tests: the app in a
//! window, real pointer and key input, and lookups of what was painted where.

#![allow(dead_code)]

pub use super::app::*;

use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

/// A window builder of the usual size (1200×800), recovery snapshots of never-saved projects
/// kept out of the user's data folder. Tests add what they need (a theme, wgpu, more steps).
pub fn window_builder() -> egui_kittest::HarnessBuilder<MarginaliaApp> {
    // A test binary that chose its own data folder (process-wide) keeps it.
    if std::env::var_os("MARGINALIA_DATA_DIR").is_none() {
        std::env::set_var(
            "MARGINALIA_DATA_DIR",
            std::env::temp_dir().join("marginalia-window-tests"),
        );
    }
    Harness::builder().with_size(egui::vec2(1200.0, 800.0))
}

/// The window of `app`, built by `builder`.
pub fn window(
    builder: egui_kittest::HarnessBuilder<MarginaliaApp>,
    app: MarginaliaApp,
) -> Harness<'static, MarginaliaApp> {
    builder.build_ui_state(|ui, app: &mut MarginaliaApp| app.show(ui), app)
}

pub fn harness(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    window(window_builder(), app)
}

/// The window on a copy of the sample, after its first frames: most tests start here. Keep the
/// folder while the window is open.
pub fn sample_window() -> (tempfile::TempDir, Harness<'static, MarginaliaApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    (dir, h)
}

/// A harness for texts in scripts the test fonts lack (the real window uses system fonts).
pub fn harness_any_script(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    window(window_builder().allow_missing_glyphs(), app)
}

/// A window that imported the brat corpus `tests/fixtures/brat/NAME` through the File menu's
/// action.
pub fn harness_on_brat_fixture(
    dir: &tempfile::TempDir,
    name: &str,
) -> Harness<'static, MarginaliaApp> {
    let mut h = harness(app_on_copy_of_sample(dir));
    h.state_mut().push(Action::File(FileAction::ImportPath(
        marginalia::formats::Format::Brat,
        std::path::PathBuf::from("tests/fixtures/brat").join(name),
    )));
    h.run();
    h
}

pub fn count(h: &Harness<'_, MarginaliaApp>) -> usize {
    h.state().session.document().unwrap().annotations.len()
}

/// Press and release at `pos`, then let enough time pass that the next click is not a double click.
pub fn click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run_steps(3);
}

/// The id of the first annotation of `doc` that matches.
pub fn id_of(
    doc: &marginalia::model::Document,
    test: impl Fn(&marginalia::model::Annotation) -> bool,
) -> u64 {
    doc.annotations
        .iter()
        .find(|a| test(a))
        .expect("the sample has it")
        .id
}

/// Drag with real pointer events from `a` to `b`.
pub fn drag(h: &mut Harness<'_, MarginaliaApp>, a: egui::Pos2, b: egui::Pos2) {
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(a + (b - a) * 0.5);
    h.run();
    h.hover_at(b);
    h.run();
    h.drop_at(b);
    h.run();
}

/// The screen rect of annotation `text`'s first painted row.
pub fn rect_of(h: &Harness<'_, MarginaliaApp>, text: &str) -> egui::Rect {
    rect_where(h, |a| a.text == text)
}

/// The screen rect of the first painted row of annotation `id`, if it was painted last frame.
pub fn painted_rect(h: &Harness<'_, MarginaliaApp>, id: u64) -> Option<egui::Rect> {
    h.state()
        .view
        .painted
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, r)| *r)
}

/// The screen rect of the first painted row of the first annotation that passes `test`.
pub fn rect_where(
    h: &Harness<'_, MarginaliaApp>,
    test: impl Fn(&marginalia::model::Annotation) -> bool,
) -> egui::Rect {
    let doc = h.state().session.document().unwrap();
    painted_rect(h, id_of(doc, test)).unwrap()
}

/// Press and release at `pos` `times` times in quick succession, a frame apart as a real mouse
/// would (the harness advances its clock by one sixtieth of a second a frame here).
pub fn multi_click(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2, times: usize) {
    h.hover_at(pos);
    h.step();
    for _ in 0..times {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
            h.step();
        }
    }
}

/// How long the window asked to wait before its next frame, after the last one ran.
pub fn repaint_delay(h: &Harness<'_, MarginaliaApp>) -> std::time::Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}
