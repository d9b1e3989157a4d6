//! A 10 MB article with 100,000 annotations in the headless window: opened in the background,
//! scrolled to the end in steps, with exactly the right highlights drawn and the right one
//! selected by a click. Correctness only; speed is measured by the benchmarks.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::session::Session;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

mod common;
use common::harness::{app_on, window, window_builder};

/// Step frames while the worker runs (the progress bar animates, so `run` would not settle).
fn settle(h: &mut Harness<'_, MarginaliaApp>) {
    let start = Instant::now();
    h.run_steps(2);
    while h.state().is_busy() && start.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(50));
        h.step();
    }
    h.run();
}

#[test]
fn ten_megabytes_and_a_hundred_thousand_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let project = corpus::project(10_000_000, 100_000, 7);
    marginalia::project_file::save_project(&project, &path).unwrap();
    drop(project);
    std::env::set_var("MARGINALIA_DATA_DIR", dir.path().join("data"));
    let app = app_on(Session::sample(), "scale");
    // The generated text has emoji and Chinese; the harness has no system fonts to draw them.
    let mut h = window(
        window_builder().allow_missing_glyphs().with_max_steps(64),
        app,
    );
    h.run();

    // Opening a large file runs in the background, with a progress window and Cancel.
    h.state_mut()
        .push(Action::File(FileAction::OpenPath(path.clone())));
    h.run_steps(4);
    assert!(
        h.state().is_busy(),
        "a 40 MB project opens off the UI thread"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().is_busy());
    assert_eq!(
        h.state().session.project().documents[0].id,
        "acting-on-xis-vision",
        "cancel keeps what was open"
    );
    h.state_mut()
        .push(Action::File(FileAction::OpenPath(path.clone())));
    settle(&mut h);
    assert_eq!(h.state().session.project().annotation_count(), 100_000);

    let len = h.state().session.document().unwrap().char_len();
    for step in 0..=25 {
        h.state_mut().view.scroll_to = Some(len * step / 25);
        h.run();
        let app = h.state();
        let (first, last) = app.view.visible_chars().expect("something is visible");
        let doc = app.session.document().unwrap();
        let expected: BTreeSet<u64> = doc
            .annotations
            .iter()
            .filter(|a| a.fragments.iter().any(|f| f.start < last && first < f.end))
            .map(|a| a.id)
            .collect();
        let drawn: BTreeSet<u64> = app.view.painted.iter().map(|(id, _)| *id).collect();
        assert_eq!(drawn, expected, "step {step}: chars [{first}, {last})");
        // The generator spreads annotations up to about 99.6% of the text.
        if step < 25 {
            assert!(
                !drawn.is_empty(),
                "step {step}: nothing drawn in [{first}, {last}) of {len}"
            );
        }
    }

    // Click a highlight near the end that no other highlight overlaps.
    h.state_mut().view.scroll_to = Some(len * 24 / 25);
    h.run();
    let (target, rect) = {
        let painted = &h.state().view.painted;
        painted
            .iter()
            .rev()
            .find(|(id, r)| {
                painted
                    .iter()
                    .filter(|(other, o)| other != id && o.intersects(*r))
                    .count()
                    == 0
            })
            .copied()
            .expect("a lone highlight is visible")
    };
    h.state_mut().view.selected = None;
    h.hover_at(rect.center());
    h.run();
    h.drag_at(rect.center());
    h.run();
    h.drop_at(rect.center());
    h.run();
    assert_eq!(h.state().view.selected, Some(target));
    let doc = h.state().session.document().unwrap();
    let selected = doc.annotation(target).unwrap();
    assert!(
        selected.start() > len * 9 / 10,
        "the highlight is near the end"
    );
}

#[test]
fn a_big_project_shows_its_text_before_its_annotations_are_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.ron");
    let project = corpus::project(4_000_000, 40_000, 3);
    let text = project.documents[0].text().to_owned();
    marginalia::project_file::save_project(&project, &path).unwrap();
    drop(project);
    std::env::set_var("MARGINALIA_DATA_DIR", dir.path().join("data"));
    let mut h = window(
        window_builder().allow_missing_glyphs().with_max_steps(64),
        app_on(Session::sample(), "scale"),
    );
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::OpenPath(path.clone())));
    let start = Instant::now();
    while !h.state().is_loading() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
    // The text is shown, read-only, before any annotation is read.
    assert!(
        h.state().is_loading(),
        "the text showed before the annotations were in"
    );
    assert_eq!(h.state().session.document().unwrap().text(), text);
    assert_eq!(h.state().session.project().annotation_count(), 0);
    h.step(); // a new window is measured on its first frame and drawn on the next
    h.get_by_label_contains("Reading the annotations");
    h.state_mut().view.selection = Some((0, 5));
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::TagSelection(
            "entity".into(),
        )));
    h.step();
    assert_eq!(
        h.state().session.project().annotation_count(),
        0,
        "editing waits"
    );
    assert!(h
        .state()
        .notes
        .items
        .iter()
        .any(|n| n.text.contains("editing waits until they are in")));
    settle(&mut h);
    assert!(!h.state().is_loading());
    assert_eq!(h.state().session.project().annotation_count(), 40_000);
    assert_eq!(h.state().session.document().unwrap().text(), text);
    assert_eq!(h.state().session.path.as_deref(), Some(path.as_path()));
}
