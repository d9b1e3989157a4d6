//! Links between annotations: by key, by Alt+click, in the inspector.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;

use super::harness::*;

#[test]
fn link_a_quote_to_its_speaker_with_the_keyboard_and_mouse() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    let quote = id_of(doc, |a| a.text.starts_with("“To us"));
    let ma = id_of(doc, |a| a.text == "Jack Ma");
    let before = doc.relations.len();
    // Remove the sample's link first, so we can make it again.
    let existing = doc.relations.iter().find(|r| r.from == quote).unwrap().id;
    h.state_mut()
        .push(Action::Link(LinkAction::Remove(existing)));
    h.run();
    assert_eq!(
        h.state().session.document().unwrap().relations.len(),
        before - 1
    );
    // Select the quote, press L, click Jack Ma.
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(quote)));
    h.run();
    h.key_press(egui::Key::L);
    h.run();
    assert_eq!(h.state().view.linking_from, Some(quote));
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(ma)));
    h.run();
    h.state_mut().view.selected = None;
    h.state_mut().view.linking_from = Some(quote);
    let rect = painted_rect(&h, ma).unwrap();
    click_at(&mut h, rect.center());
    let doc = h.state().session.document().unwrap();
    let link = doc
        .relations
        .iter()
        .find(|r| r.from == quote && r.to == ma)
        .expect("linked");
    assert_eq!(link.kind, "speaker", "quote → entity is a speaker link");
    assert_eq!(h.state().view.linking_from, None);
    // Undo and redo the link.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.from == quote && r.to == ma));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    let link_id = h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .find(|r| r.from == quote && r.to == ma)
        .unwrap()
        .id;
    // Change its kind from the inspector, as one undo step.
    h.state_mut()
        .push(Action::Link(LinkAction::SetKind(link_id, "source".into())));
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .relations
            .iter()
            .find(|r| r.id == link_id)
            .unwrap()
            .kind,
        "source"
    );
    // Deleting the quote takes its links; undo brings both back.
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::Delete(quote)));
    h.run();
    assert!(!h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.from == quote));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.id == link_id));
    // The inspector lists the link.
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(quote)));
    h.run();
    h.get_by_label("Links");
}

#[test]
fn alt_click_links_the_selected_annotation() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    let claim = id_of(doc, |a| a.text.starts_with("Alibaba and, another"));
    let group = id_of(doc, |a| a.text == "Alibaba Group");
    let group_start = doc.annotation(group).unwrap().start();
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(claim)));
    h.run();
    // Bring the target into the middle of the view, keeping the claim selected.
    h.state_mut().view.scroll_to = Some(group_start);
    h.run();
    let rect = painted_rect(&h, group).expect("Alibaba Group is visible");
    assert!(h.state().view.viewport.contains(rect.center()));
    assert_eq!(h.state().view.selected, Some(claim));
    h.hover_at(rect.center());
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::ALT));
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::ALT,
    });
    h.run();
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::ALT,
    });
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run_steps(3);
    let doc = h.state().session.document().unwrap();
    let link = doc
        .relations
        .iter()
        .find(|r| r.from == claim && r.to == group)
        .expect("Alt+click linked them");
    assert_eq!(link.kind, "source", "claim → entity is a source link");
}

#[test]
fn link_with_the_keyboard_only() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    // "Xi Jinping" is followed by the nested event entity; link it to that entity with L, Tab, Enter.
    let from = id_of(doc, |a| a.text == "Xi Jinping");
    let index = doc.annotation_index(from).unwrap();
    let next = doc.annotations[index + 1].id;
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(from)));
    h.run();
    h.key_press(egui::Key::L);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(h.state().view.selected, Some(next));
    h.key_press(egui::Key::Enter);
    h.run();
    let doc = h.state().session.document().unwrap();
    assert!(
        doc.relations.iter().any(|r| r.from == from && r.to == next),
        "linked with the keyboard"
    );
    h.get_by_label("Guideline");
}

#[test]
fn selecting_an_annotation_with_many_links_keeps_the_text_column_width() {
    let (_dir, mut h) = sample_window();
    let doc = h.state().session.document().unwrap();
    let hub = id_of(doc, |a| a.label == "entity");
    let others: Vec<u64> = doc
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .map(|a| a.id)
        .collect();
    assert!(others.len() >= 8);
    for q in others {
        h.state_mut().push(Action::Link(LinkAction::Add(q, hub)));
    }
    h.run();
    let before = h.state().view.viewport;
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(hub)));
    h.run();
    h.run();
    let after = h.state().view.viewport;
    assert_eq!(
        before.width(),
        after.width(),
        "the side panel did not widen: {before:?} → {after:?}"
    );
}
