//! Review mode: stepping, deciding, comments, purging.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;
use marginalia::ui::commands::Command;

use super::harness::*;

#[test]
fn review_mode_accepts_rejects_comments_and_purges() {
    let (_dir, mut h) = sample_window();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    assert!(h.state().review_mode);
    h.get_by_label_contains("reviewed 0 / 50");
    h.key_press(egui::Key::N);
    h.run();
    let first = h
        .state()
        .view
        .selected
        .expect("N selects the first annotation");
    h.key_press(egui::Key::A);
    h.run();
    let second = h.state().view.selected.unwrap();
    assert_ne!(first, second, "deciding moves on");
    h.key_press(egui::Key::R);
    h.run();
    let doc = h.state().session.document().unwrap();
    let a = doc.annotation(first).unwrap();
    assert_eq!(a.review.status, marginalia::model::ReviewStatus::Accepted);
    assert_eq!(a.review.reviewer.as_deref(), Some("kittest"));
    assert!(a.review.time.is_some());
    assert_eq!(
        doc.annotation(second).unwrap().review.status,
        marginalia::model::ReviewStatus::Rejected
    );
    h.get_by_label_contains("reviewed 2 / 50");
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::SetReviewComment(
            second,
            Some("not a claim".into()),
        )));
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(second)
            .unwrap()
            .review
            .comment
            .as_deref(),
        Some("not a claim")
    );
    // Filter the list by status.
    h.state_mut().filter.status = Some(marginalia::model::ReviewStatus::Rejected);
    h.run();
    h.get_by_label("1 of 50 annotations");
    // Rejected annotations stay until purged; purge is one undo step.
    h.state_mut().push(Action::Run(Command::PurgeRejected));
    h.run();
    assert_eq!(count(&h), 49);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(&h), 50);
}

#[test]
fn review_steps_through_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_on_brat_fixture(&dir, "pie-datasets-fixture");
    assert_eq!(h.state().session.project().documents.len(), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    let first_doc_count = h.state().session.project().documents[0].annotations.len();
    for _ in 0..first_doc_count {
        h.key_press(egui::Key::N);
        h.run();
    }
    assert_eq!(h.state().session.document, 0);
    h.key_press(egui::Key::A);
    h.run();
    h.run();
    assert_eq!(
        h.state().session.document,
        1,
        "accepting the last annotation moves on to the next document"
    );
    let selected = h.state().view.selected.unwrap();
    assert_eq!(
        h.state().session.document().unwrap().annotations[0].id,
        selected
    );
    h.get_by_label_contains("project: 1 /");
}

#[test]
fn review_starts_at_the_first_undecided_annotation_and_undo_shows_what_came_back() {
    let dir = tempfile::tempdir().unwrap();
    // The first three are decided already.
    let app = app_on_changed_sample(&dir, |p| {
        for a in p.documents[0].annotations.iter_mut().take(3) {
            a.review.status = marginalia::model::ReviewStatus::Accepted;
        }
    });
    let fourth = app.session.project().documents[0].annotations[3].id;
    let mut h = harness(app);
    h.run();
    // The caret is far down the text; N still starts at the first undecided annotation.
    h.state_mut().view.caret = 3000;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(h.state().view.selected, Some(fourth));
    // Delete it, undo: the annotation that came back is selected again.
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().view.selected, None);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().view.selected, Some(fourth));
}
