//! The label schema editor: labels, hotkeys, attributes, relation types.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::commands::Command;
use marginalia::ui::MarginaliaApp;

use super::harness::*;

#[test]
fn the_schema_editor_renames_recolours_refuses_conflicts_and_deletes() {
    let (dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowSchema));
    h.run();
    h.get_by_role_and_label(Role::Window, "Label schema");
    h.state_mut().push(Action::Schema(SchemaAction::RenameLabel(
        "entity".into(),
        "actor".into(),
    )));
    h.run();
    let p = h.state().session.project();
    assert!(p.schema.label("actor").is_some() && p.schema.label("entity").is_none());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "actor")
            .count(),
        29
    );
    assert_eq!(
        p.schema.relations[0].to, "actor",
        "relation kinds follow the rename"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let p = h.state().session.project();
    assert!(p.schema.label("entity").is_some());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "entity")
            .count(),
        29,
        "one undo reverts both"
    );
    // A hotkey already taken is refused.
    let mut s = h.state().session.project().schema.clone();
    s.labels[1].hotkey = Some("1".into());
    h.state_mut()
        .push(Action::Schema(SchemaAction::Set(s, "hotkey".into())));
    h.run();
    assert!(h
        .state()
        .notes
        .last_error()
        .unwrap()
        .contains("hotkey 1 is already used"));
    assert_eq!(
        h.state().session.project().schema.labels[1]
            .hotkey
            .as_deref(),
        Some("2")
    );
    // So is a key a command takes (L starts a link; A accepts in review mode).
    for (key, what) in [("l", "Link the selected annotation"), ("a", "Accept")] {
        let mut s = h.state().session.project().schema.clone();
        s.labels[1].hotkey = Some(key.into());
        h.state_mut()
            .push(Action::Schema(SchemaAction::Set(s, "hotkey".into())));
        h.run();
        let error = h.state().notes.last_error().unwrap().to_owned();
        assert!(
            error.contains(&format!("hotkey {key} is already {what}")),
            "{error}"
        );
        assert_eq!(
            h.state().session.project().schema.labels[1]
                .hotkey
                .as_deref(),
            Some("2")
        );
    }
    // Attributes with allowed values, set from the inspector.
    let mut s = h.state().session.project().schema.clone();
    s.labels[0].attributes =
        marginalia::ui::schema_editor::parse_attributes("type: person, organization, place, other")
            .unwrap();
    h.state_mut()
        .push(Action::Schema(SchemaAction::Set(s, "attributes".into())));
    h.run();
    let ma = h
        .state()
        .session
        .document()
        .unwrap()
        .annotations
        .iter()
        .find(|a| a.text == "Jack Ma")
        .unwrap()
        .id;
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(ma)));
    h.run();
    h.get_by_label("person").click();
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(ma)
            .unwrap()
            .attributes
            .get("type")
            .map(String::as_str),
        Some("person")
    );
    // Deleting a label relabels its annotations when asked to.
    h.state_mut().push(Action::Schema(SchemaAction::DeleteLabel(
        "claim".into(),
        Some("quote".into()),
    )));
    h.run();
    let p = h.state().session.project();
    assert!(p.schema.label("claim").is_none());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "quote")
            .count(),
        21
    );
    assert!(marginalia::validate::validate_project(p).is_empty());
    // The schema saves and loads as its own file.
    let path = dir.path().join("team-schema.ron");
    marginalia::schema_file::save_schema(&p.schema, &path).unwrap();
    assert_eq!(
        marginalia::schema_file::load_schema(&path).unwrap(),
        p.schema
    );
}

#[test]
fn a_refused_hotkey_leaves_no_trace_and_is_said_once() {
    let (_dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowSchema));
    h.run();
    // The second label's key field: type the first label's key and leave the field.
    let key_fields: Vec<_> = h.query_all_by_label("Key").collect();
    assert!(key_fields.len() >= 2);
    key_fields[1].click();
    h.run();
    h.key_press(egui::Key::Backspace);
    h.event(egui::Event::Text("1".into()));
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    h.run();
    let errors: Vec<String> = h
        .state()
        .notes
        .items
        .iter()
        .map(|n| n.text.clone())
        .filter(|t| t.contains("already used"))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        h.state().session.project().schema.labels[1]
            .hotkey
            .as_deref(),
        Some("2")
    );
    let key_fields: Vec<_> = h.query_all_by_label("Key").collect();
    assert_eq!(
        key_fields[1].value().unwrap_or_default(),
        "2",
        "the field shows the schema's key again"
    );
    // The refusal goes once a change succeeds, or another document is shown.
    let mut s = h.state().session.project().schema.clone();
    s.labels[1].hotkey = Some("7".into());
    h.state_mut()
        .push(Action::Schema(SchemaAction::Set(s, "hotkey".into())));
    h.run();
    assert!(h.state().notes.last_error().is_none(), "the cause is gone");
}

#[test]
fn relation_types_are_edited_in_the_schema_editor_and_links_follow_a_rename() {
    let (_dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowSchema));
    h.run();
    h.get_by_label("Relation types");
    h.get_by_label("Add relation type").click();
    h.run();
    let kinds = |h: &Harness<'_, MarginaliaApp>| -> Vec<String> {
        h.state()
            .session
            .project()
            .schema
            .relations
            .iter()
            .map(|k| k.name.clone())
            .collect()
    };
    assert_eq!(kinds(&h), ["speaker", "source", "relation3"]);
    let speakers = |h: &Harness<'_, MarginaliaApp>, kind: &str| {
        h.state()
            .session
            .document()
            .unwrap()
            .relations
            .iter()
            .filter(|r| r.kind == kind)
            .count()
    };
    let before = speakers(&h, "speaker");
    assert!(before >= 8);
    h.state_mut()
        .push(Action::Schema(SchemaAction::RenameRelationKind(
            "speaker".into(),
            "said by".into(),
        )));
    h.run();
    assert_eq!(kinds(&h)[0], "said by");
    assert_eq!(
        speakers(&h, "said by"),
        before,
        "every link follows the rename"
    );
    assert_eq!(speakers(&h, "speaker"), 0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        speakers(&h, "speaker"),
        before,
        "one undo brings the old name back"
    );
}

#[test]
fn suggestion_rules_are_added_and_deleted_in_the_schema_editor_as_undoable_steps() {
    let (_dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowSchema));
    h.run();
    let before = h.state().session.project().schema.suggest.rules.len();
    // The rules are below the labels and relation types: scroll to them first.
    h.get_by_label("Add rule").scroll_to_me();
    h.run();
    h.get_by_label("Add rule").click();
    h.run();
    let rules = &h.state().session.project().schema.suggest.rules;
    assert_eq!(rules.len(), before + 1);
    assert_eq!(rules.last().unwrap().name, "rule");
    h.get_all_by_label("Delete").last().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label("Delete").last().unwrap().click();
    h.run();
    assert_eq!(
        h.state().session.project().schema.suggest.rules.len(),
        before
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project().schema.suggest.rules.len(),
        before + 1,
        "undo brings it back"
    );
}
