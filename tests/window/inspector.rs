//! The inspector and the status bar: notes, fragments.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

use super::harness::*;

#[test]
fn the_note_field_shows_the_model_after_undo_and_reselection() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "claim" && a.note.is_none());
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(id)));
    h.run();
    // Type a note, then click away (into the text), which applies it.
    h.get_by_role(Role::MultilineTextInput).click();
    h.run();
    h.event(egui::Event::Text("first thoughts".into()));
    h.run();
    let view = h.state().view.viewport;
    click_at(&mut h, view.center());
    let note = |h: &Harness<'_, MarginaliaApp>| {
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .note
            .clone()
    };
    assert_eq!(note(&h).as_deref(), Some("first thoughts"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(note(&h), None);
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(id)));
    h.run();
    h.run();
    let field = h.get_by_role(Role::MultilineTextInput);
    assert_eq!(
        field.value().unwrap_or_default(),
        "",
        "the undone note is gone from the field"
    );
    // Typing now gives only the new text.
    field.click();
    h.run();
    h.event(egui::Event::Text("second".into()));
    h.run();
    click_at(&mut h, view.center());
    assert_eq!(note(&h).as_deref(), Some("second"));
}

#[test]
fn the_status_bar_shows_every_fragment() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "entity");
    let start = doc.annotation(id).unwrap().start();
    let two = vec![
        marginalia::model::Fragment::new(start, start + 4),
        marginalia::model::Fragment::new(start + 8, start + 11),
    ];
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::SetFragments(id, two)));
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(id)));
    h.run();
    h.run();
    h.get_by_label_contains(&format!(
        "annotation {id} [{start}, {}) + [{}, {})",
        start + 4,
        start + 8,
        start + 11
    ));
}
