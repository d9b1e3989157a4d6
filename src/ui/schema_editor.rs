//! The label schema editor: add, rename, recolour and delete labels, set hotkeys (conflicts
//! refused), write guidelines, define attributes with their allowed values, relation types,
//! suggestion rules and document fields.

use egui::Ui;

use super::actions::*;
use crate::model::{parse_hex_color, AttributeDef, LabelSchema};

/// Drafts being typed, so a change is applied when the field is left, not on every key.
#[derive(Default)]
pub struct SchemaEditor {
    /// The window is open.
    pub open: bool,
    /// Per label index: name, hotkey, description and attributes (`name: v1, v2` per line).
    drafts: Vec<(String, String, String, String)>,
    /// Per relation type: name and guideline.
    relation_drafts: Vec<(String, String)>,
    /// Per suggestion rule: its pattern as typed.
    rule_drafts: Vec<String>,
    /// Per document field: name, values and guideline as typed.
    field_drafts: Vec<super::field_editor::FieldDraft>,
    /// The schema the drafts were made from.
    source: Option<LabelSchema>,
    /// A label whose deletion waits for the user's choice.
    pub deleting: Option<String>,
    /// Where the annotations of the deleted label go (`None`: deleted with it).
    replacement: Option<String>,
}

fn attributes_text(defs: &[AttributeDef]) -> String {
    defs.iter()
        .map(|a| format!("{}: {}", a.name, a.values.join(", ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse `name: v1, v2` lines into attribute definitions.
pub fn parse_attributes(text: &str) -> Result<Vec<AttributeDef>, String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, values) = line
            .split_once(':')
            .ok_or_else(|| format!("“{line}”: write an attribute as name: value, value"))?;
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if name.trim().is_empty() || values.is_empty() {
            return Err(format!(
                "“{line}”: an attribute needs a name and at least one value"
            ));
        }
        out.push(AttributeDef {
            name: name.trim().to_owned(),
            values,
        });
    }
    Ok(out)
}

/// Check a schema before it replaces the project's: names and hotkeys unique, colours valid.
pub fn check_schema(schema: &LabelSchema) -> Result<(), String> {
    let mut names = std::collections::HashSet::new();
    let mut keys = std::collections::HashMap::new();
    for l in &schema.labels {
        if l.name.trim().is_empty() {
            return Err("a label needs a name".into());
        }
        if !names.insert(l.name.as_str()) {
            return Err(format!("there are two labels named “{}”", l.name));
        }
        if let Some(k) = &l.hotkey {
            let Some(key) = egui::Key::from_name(k) else {
                return Err(format!("“{k}” is not a key; use a single letter or digit"));
            };
            if let Some(command) = super::commands::command_on_plain_key(key) {
                return Err(format!(
                    "hotkey {k} is already {} ({})",
                    command.text(),
                    command.shortcut_text()
                ));
            }
            if let Some(other) = keys.insert(k.as_str(), l.name.as_str()) {
                return Err(format!("hotkey {k} is already used by “{other}”"));
            }
        }
        if parse_hex_color(&l.color).is_none() {
            return Err(format!("colour of “{}” must be #RRGGBB", l.name));
        }
    }
    let mut fields = std::collections::HashSet::new();
    for f in &schema.fields {
        if f.name.trim().is_empty() {
            return Err("a document field needs a name".into());
        }
        if !fields.insert(f.name.as_str()) {
            return Err(format!("there are two document fields named “{}”", f.name));
        }
        if f.values.is_empty() {
            return Err(format!(
                "the document field “{}” needs at least one value",
                f.name
            ));
        }
    }
    Ok(())
}

/// The editor window. Every change is pushed as an action, applied as one undoable edit.
pub fn schema_editor_ui(
    ctx: &egui::Context,
    editor: &mut SchemaEditor,
    schema: &LabelSchema,
    usage: &dyn Fn(&str) -> usize,
    answered: &dyn Fn(&str) -> usize,
    actions: &mut Vec<Action>,
) {
    if !editor.open {
        return;
    }
    if editor.source.as_ref() != Some(schema) {
        editor.drafts = schema
            .labels
            .iter()
            .map(|l| {
                (
                    l.name.clone(),
                    l.hotkey.clone().unwrap_or_default(),
                    l.description.clone(),
                    attributes_text(&l.attributes),
                )
            })
            .collect();
        editor.relation_drafts = schema
            .relations
            .iter()
            .map(|k| (k.name.clone(), k.description.clone()))
            .collect();
        editor.rule_drafts = schema
            .suggest
            .rules
            .iter()
            .map(|r| r.pattern.clone())
            .collect();
        editor.field_drafts = super::field_editor::field_drafts(schema);
        editor.source = Some(schema.clone());
    }
    let mut open = editor.open;
    let mut refresh = false;
    super::small_window::small_window(ctx, "Label schema").open(&mut open).default_width(640.0).show(ctx, |ui: &mut Ui| {
        ui.label("Changes apply when you leave a field, as one undoable step each. Renaming updates every annotation.");
        // The actions come first, so they are in view however many labels there are.
        schema_buttons_ui(ui, schema, actions);
        ui.separator();
        egui::ScrollArea::vertical().max_height(460.0).show(ui, |ui| {
            for i in 0..schema.labels.len() {
                let Some(draft) = editor.drafts.get_mut(i) else { continue };
                refresh |= label_row_ui(ui, schema, i, draft, usage, &mut editor.deleting, actions);
            }
            ui.add_space(8.0);
            ui.separator();
            relation_kinds_ui(ui, schema, &mut editor.relation_drafts, &mut refresh, actions);
            ui.add_space(8.0);
            ui.separator();
            super::field_editor::fields_ui(ui, schema, &mut editor.field_drafts, answered, &mut refresh, actions);
            ui.add_space(8.0);
            ui.separator();
            super::rules_editor::rules_ui(ui, schema, &mut editor.rule_drafts, &mut refresh, actions);
        });
    });
    editor.open = open;
    if refresh {
        editor.source = None;
    }
    delete_label_ui(ctx, editor, schema, usage, actions);
}

/// One label: colour, name, hotkey, use count, delete; guideline; attributes. True when the
/// drafts should be rebuilt from the schema next frame.
#[allow(clippy::ptr_arg)]
fn label_row_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    i: usize,
    draft: &mut (String, String, String, String),
    usage: &dyn Fn(&str) -> usize,
    deleting: &mut Option<String>,
    actions: &mut Vec<Action>,
) -> bool {
    let Some(label) = schema.labels.get(i) else {
        return false;
    };
    let (name, key, description, attributes) = draft;
    let mut refresh = false;
    ui.separator();
    ui.horizontal(|ui| {
        let mut rgb = parse_hex_color(&label.color).unwrap_or([128, 128, 128]);
        if ui
            .color_edit_button_srgb(&mut rgb)
            .on_hover_text("Colour")
            .changed()
        {
            let mut s = schema.clone();
            s.labels[i].color = format!("#{:02X}{:02X}{:02X}", rgb[0], rgb[1], rgb[2]);
            actions.push(Action::Schema(SchemaAction::Set(
                s,
                format!("recolour {}", label.name),
            )));
        }
        let name_label = ui.label("Name");
        let n = ui
            .add(
                egui::TextEdit::singleline(name)
                    .desired_width(140.0)
                    .hint_text("name"),
            )
            .labelled_by(name_label.id);
        if n.lost_focus() {
            // Rebuilt from the schema next frame: a refused change leaves no trace.
            refresh = true;
        }
        if n.lost_focus() && *name != label.name {
            actions.push(Action::Schema(SchemaAction::RenameLabel(
                label.name.clone(),
                name.clone(),
            )));
        }
        let key_label = ui.label("Key");
        let k = ui
            .add(
                egui::TextEdit::singleline(key)
                    .desired_width(28.0)
                    .char_limit(1),
            )
            .labelled_by(key_label.id);
        if k.lost_focus() {
            // Rebuilt from the schema next frame: a refused change leaves no trace.
            refresh = true;
        }
        if k.lost_focus() && Some(key.as_str()) != label.hotkey.as_deref() {
            let mut s = schema.clone();
            s.labels[i].hotkey = (!key.trim().is_empty()).then(|| key.trim().to_owned());
            actions.push(Action::Schema(SchemaAction::Set(
                s,
                format!("hotkey of {}", label.name),
            )));
        }
        let used = usage(&label.name);
        ui.label(format!("{used} annotations"));
        if ui.button("Delete…").clicked() {
            *deleting = Some(label.name.clone());
        }
    });
    let guideline = ui.label("Guideline");
    let d = ui
        .add(
            egui::TextEdit::multiline(description)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(guideline.id);
    if d.lost_focus() {
        // Rebuilt from the schema next frame: a refused change leaves no trace.
        refresh = true;
    }
    if d.lost_focus() && *description != label.description {
        let mut s = schema.clone();
        s.labels[i].description = description.clone();
        actions.push(Action::Schema(SchemaAction::Set(
            s,
            format!("guideline of {}", label.name),
        )));
    }
    let attr_label = ui.label("Attributes, one per line: name: value, value, …");
    let a = ui
        .add(
            egui::TextEdit::multiline(attributes)
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("type: person, organization, place, other"),
        )
        .labelled_by(attr_label.id);
    // Text that does not parse stays in the field to be corrected; anything else is
    // rebuilt from the schema next frame.
    if a.lost_focus() && *attributes != attributes_text(&label.attributes) {
        match parse_attributes(attributes) {
            Ok(defs) => {
                refresh = true;
                let mut s = schema.clone();
                s.labels[i].attributes = defs;
                actions.push(Action::Schema(SchemaAction::Set(
                    s,
                    format!("attributes of {}", label.name),
                )));
            }
            Err(e) => actions.push(Action::Notify(e)),
        }
    }
    refresh
}

/// Add label, add relation type, save and load the schema.
fn schema_buttons_ui(ui: &mut Ui, schema: &LabelSchema, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if ui.button("Add label").clicked() {
            let mut s = schema.clone();
            let mut n = s.labels.len() + 1;
            while s.label(&format!("label{n}")).is_some() {
                n += 1;
            }
            let def = s.new_label(&format!("label{n}"));
            s.labels.push(def);
            actions.push(Action::Schema(SchemaAction::Set(s, "add label".into())));
        }
        if ui
            .button("Add relation type")
            .on_hover_text("A new kind of link between two annotations")
            .clicked()
        {
            let mut s = schema.clone();
            let mut n = s.relations.len() + 1;
            while s.relations.iter().any(|k| k.name == format!("relation{n}")) {
                n += 1;
            }
            s.relations.push(crate::model::RelationKind {
                name: format!("relation{n}"),
                from: String::new(),
                to: String::new(),
                description: String::new(),
            });
            actions.push(Action::Schema(SchemaAction::Set(
                s,
                "add relation type".into(),
            )));
        }
        if ui
            .button("Save schema…")
            .on_hover_text("Save this schema as its own file to share with the team")
            .clicked()
        {
            actions.push(Action::Schema(SchemaAction::Save));
        }
        if ui
            .button("Load schema…")
            .on_hover_text("Use a team's schema file in this project")
            .clicked()
        {
            actions.push(Action::Schema(SchemaAction::Load));
        }
    });
}

/// Deleting a label asks what happens to its annotations.
fn delete_label_ui(
    ctx: &egui::Context,
    editor: &mut SchemaEditor,
    schema: &LabelSchema,
    usage: &dyn Fn(&str) -> usize,
    actions: &mut Vec<Action>,
) {
    // Deleting a label asks what happens to its annotations.
    if let Some(name) = editor.deleting.clone() {
        let used = usage(&name);
        let mut done = false;
        egui::Modal::new(egui::Id::unique("delete_label")).show(ctx, |ui| {
            ui.heading(format!("Delete the label “{name}”?"));
            ui.label(format!("{used} annotations use it."));
            ui.radio_value(
                &mut editor.replacement,
                None,
                "Delete those annotations too",
            );
            for l in schema.labels.iter().filter(|l| l.name != name) {
                ui.radio_value(
                    &mut editor.replacement,
                    Some(l.name.clone()),
                    format!("Relabel them as “{}”", l.name),
                );
            }
            ui.horizontal(|ui| {
                if ui.button("Delete label").clicked() {
                    actions.push(Action::Schema(SchemaAction::DeleteLabel(
                        name.clone(),
                        editor.replacement.clone(),
                    )));
                    done = true;
                }
                if ui.button("Cancel").clicked() {
                    done = true;
                }
            });
        });
        if done {
            editor.deleting = None;
            // The next deletion starts from "delete those annotations too".
            editor.replacement = None;
        }
    }
}

/// The relation types: name, which labels a link of that type goes from and to (or any), and
/// its guideline; add and delete. Renaming a type renames every link of it.
fn relation_kinds_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    drafts: &mut [(String, String)],
    refresh: &mut bool,
    actions: &mut Vec<Action>,
) {
    ui.strong("Relation types");
    let label_names: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
    for (i, kind) in schema.relations.iter().enumerate() {
        let Some((name, description)) = drafts.get_mut(i) else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            let name_label = ui.label("Name");
            let n = ui
                .add(egui::TextEdit::singleline(name).desired_width(110.0))
                .labelled_by(name_label.id);
            if n.lost_focus() {
                *refresh = true;
                if *name != kind.name {
                    actions.push(Action::Schema(SchemaAction::RenameRelationKind(
                        kind.name.clone(),
                        name.clone(),
                    )));
                }
            }
            for (end, current) in [("from", &kind.from), ("to", &kind.to)] {
                let shown = if current.is_empty() {
                    "any label"
                } else {
                    current.as_str()
                };
                let mut chosen = current.clone();
                super::widgets::labelled_combo(
                    ui,
                    end,
                    &format!("relation_{end}_{i}"),
                    shown.to_owned(),
                    |ui| {
                        ui.selectable_value(&mut chosen, String::new(), "any label");
                        for l in &label_names {
                            ui.selectable_value(&mut chosen, (*l).to_owned(), *l);
                        }
                    },
                );
                if chosen != *current {
                    let description = format!("{end} of {}", kind.name);
                    actions.push(SchemaAction::edited(schema, description, |s| {
                        if end == "from" {
                            s.relations[i].from = chosen;
                        } else {
                            s.relations[i].to = chosen;
                        }
                    }));
                }
            }
            if ui
                .small_button("Delete")
                .on_hover_text("Remove this type from the schema (existing links keep their kind)")
                .clicked()
            {
                let description = format!("delete relation type {}", kind.name);
                actions.push(SchemaAction::edited(schema, description, |s| {
                    s.relations.remove(i);
                }));
            }
        });
        let hint = "What a link of this type means";
        if let Some(text) =
            super::widgets::guideline_line(ui, description, &kind.description, hint, refresh)
        {
            let description = format!("guideline of {}", kind.name);
            actions.push(SchemaAction::edited(schema, description, |s| {
                s.relations[i].description = text
            }));
        }
    }
}
