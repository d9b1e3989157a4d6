//! Suggestions in the window: shown with Ctrl+G, stepped with G, accepted with Y or a label key,
//! rejected with X, a popup on click, bulk accepts from the side list; all undoable.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;
use marginalia::ui::commands::Command;

use super::harness::*;

/// The sample without its quotes and their links, suggestions shown.
fn window_without_quotes() -> (
    tempfile::TempDir,
    egui_kittest::Harness<'static, marginalia::ui::MarginaliaApp>,
) {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_changed_sample(&dir, |p| {
        let doc = &mut p.documents[0];
        let quotes: Vec<u64> = doc
            .annotations
            .iter()
            .filter(|a| a.label == "quote")
            .map(|a| a.id)
            .collect();
        doc.annotations.retain(|a| a.label != "quote");
        doc.relations
            .retain(|r| !quotes.contains(&r.from) && !quotes.contains(&r.to));
    });
    let mut h = harness(app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::G);
    h.run();
    (dir, h)
}

fn quotes_suggested(h: &egui_kittest::Harness<'_, marginalia::ui::MarginaliaApp>) -> usize {
    h.state()
        .suggestions
        .list
        .iter()
        .filter(|s| s.source == "quotes")
        .count()
}

#[test]
fn ctrl_g_shows_them_drawn_apart_from_annotations() {
    let (_dir, mut h) = window_without_quotes();
    assert!(h.state().suggestions.show);
    assert_eq!(quotes_suggested(&h), 10);
    assert!(
        !h.state().view.painted_suggestions.is_empty(),
        "drawn on the text"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::G);
    h.run();
    assert!(!h.state().suggestions.show);
    assert!(
        h.state().view.painted_suggestions.is_empty(),
        "hidden again"
    );
}

#[test]
fn g_steps_y_accepts_x_rejects_and_undo_brings_a_rejected_one_back() {
    let (_dir, mut h) = window_without_quotes();
    let before = count(&h);
    h.key_press(egui::Key::G);
    h.run();
    let first = h.state().suggestions.current().unwrap().clone();
    assert_eq!(first.source, "quotes");
    assert_eq!(first.start, 495, "the first suggestion in the text");
    h.key_press(egui::Key::Y);
    h.run();
    assert_eq!(count(&h), before + 1);
    let doc = h.state().session.document().unwrap();
    let made = doc
        .annotations
        .iter()
        .find(|a| a.start() == 495 && a.label == "quote")
        .unwrap();
    assert_eq!(made.suggested_by.as_deref(), Some("quotes"));
    assert_eq!(made.author, "kittest");
    // The keyboard is on the next one now: reject it.
    let next = h.state().suggestions.current().unwrap().clone();
    assert!(next.start >= first.start && next != first, "{next:?}");
    h.key_press(egui::Key::X);
    h.run();
    assert_eq!(h.state().session.document().unwrap().rejections.len(), 1);
    assert!(
        !h.state().suggestions.list.contains(&next),
        "a rejected one is gone"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        h.state().suggestions.list.contains(&next),
        "undo brings it back"
    );
}

#[test]
fn a_label_key_accepts_the_current_suggestion_with_that_label() {
    let (_dir, mut h) = window_without_quotes();
    h.key_press(egui::Key::G);
    h.run();
    let s = h.state().suggestions.current().unwrap().clone();
    h.key_press(egui::Key::Num2);
    h.run();
    let doc = h.state().session.document().unwrap();
    let made = doc
        .annotations
        .iter()
        .find(|a| a.start() == s.start && a.end() == s.end)
        .unwrap();
    assert_eq!(made.label, "claim");
}

#[test]
fn a_click_opens_a_popup_that_rejects_and_the_side_list_accepts_a_whole_source() {
    let (_dir, mut h) = window_without_quotes();
    let rect = h.state().view.painted_suggestions[0].1;
    click_at(&mut h, rect.center());
    assert!(h.state().suggestions.popup.is_some(), "the popup is open");
    h.get_all_by_label("Reject").next().unwrap().click();
    h.run();
    assert_eq!(h.state().session.document().unwrap().rejections.len(), 1);
    assert!(h.state().suggestions.popup.is_none());
    let before = count(&h);
    let left = quotes_suggested(&h);
    let quotes_row = h
        .get_all_by_label("Accept all")
        .next()
        .expect("an Accept all per source");
    quotes_row.click();
    h.run();
    assert_eq!(count(&h), before + left, "every quote accepted");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(&h), before, "as one undo step");
}

#[test]
fn a_source_switched_off_in_the_list_stops_suggesting_and_the_file_keeps_it() {
    let (_dir, mut h) = window_without_quotes();
    h.state_mut()
        .push(Action::Suggestion(SuggestionAction::SetEnabled(
            "quotes".into(),
            false,
        )));
    h.run();
    assert_eq!(quotes_suggested(&h), 0);
    assert!(!h.state().session.project().schema.suggest.enabled("quotes"));
    h.state_mut().push(Action::Run(Command::Undo));
    h.run();
    assert_eq!(quotes_suggested(&h), 10);
}

#[test]
fn labeled_data_imported_as_suggestions_joins_the_open_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    // A colleague's copy of the sample, in doccano's format, with one extra span.
    let mut other = h.state().session.project().clone();
    let doc = &mut other.documents[0];
    doc.annotations.clear();
    let ann = marginalia::edit::new_annotation(
        &mut other,
        0,
        "claim",
        &[marginalia::model::Fragment::new(0, 6)],
        "bob",
    )
    .unwrap();
    other.documents[0].insert_sorted(ann);
    let path = dir.path().join("bob.jsonl");
    marginalia::formats::export(
        &other,
        marginalia::formats::Format::Doccano,
        &path,
        &Default::default(),
    )
    .unwrap();
    let before = count(&h);
    h.state_mut().transfer.as_suggestions = true;
    h.state_mut().push(Action::File(FileAction::ImportPath(
        marginalia::formats::Format::Doccano,
        path,
    )));
    h.run();
    assert_eq!(
        count(&h),
        before,
        "no annotation is added, and the project stays open"
    );
    let doc = h.state().session.document().unwrap();
    assert_eq!(doc.predictions.len(), 1);
    assert!(h.state().suggestions.show);
    assert!(h
        .state()
        .suggestions
        .list
        .iter()
        .any(|s| s.start == 0 && s.end == 6 && s.label == "claim"));
}
