//! The document fields part of the schema editor: name, allowed values, single or multiple
//! choice, guideline; add and delete. Renaming a field or dropping a value updates every
//! document's answers in the same undoable step.

use egui::Ui;

use super::actions::*;
use crate::model::{FieldDef, LabelSchema};

/// What is being typed for one field: name, values (`a, b, c`) and guideline.
pub type FieldDraft = (String, String, String);

/// The drafts for `schema`'s fields.
pub fn field_drafts(schema: &LabelSchema) -> Vec<FieldDraft> {
    schema
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.values.join(", "), f.description.clone()))
        .collect()
}

/// Values typed as `a, b, c`: trimmed, empty ones and repeats left out.
pub fn parse_values(text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for v in text.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if !values.iter().any(|x| x == v) {
            values.push(v.to_owned());
        }
    }
    values
}

/// A name for a new field that the schema does not use yet.
fn new_field(schema: &LabelSchema) -> FieldDef {
    let mut n = schema.fields.len() + 1;
    while schema.field(&format!("field{n}")).is_some() {
        n += 1;
    }
    FieldDef {
        name: format!("field{n}"),
        description: String::new(),
        values: vec!["yes".into(), "no".into()],
        multiple: false,
    }
}

/// The section; `answered(field)` counts the documents that answer a field.
pub fn fields_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    drafts: &mut [FieldDraft],
    answered: &dyn Fn(&str) -> usize,
    refresh: &mut bool,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.strong("Document fields")
            .on_hover_text("Questions answered once per document, such as its frame or whether it is relevant; shown in a row above the text (F)");
        if ui.button("Add document field").clicked() {
            actions.push(SchemaAction::edited(schema, "add document field", |s| {
                s.fields.push(new_field(schema))
            }));
        }
    });
    for (i, field) in schema.fields.iter().enumerate() {
        let Some((name, values, description)) = drafts.get_mut(i) else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            let name_label = ui.label("Name");
            let n = ui
                .add(egui::TextEdit::singleline(name).desired_width(110.0))
                .labelled_by(name_label.id);
            if n.lost_focus() {
                *refresh = true;
                if *name != field.name {
                    actions.push(Action::Schema(SchemaAction::RenameField(
                        field.name.clone(),
                        name.clone(),
                    )));
                }
            }
            let values_label = ui.label("Values");
            let v = ui
                .add(
                    egui::TextEdit::singleline(values)
                        .desired_width(220.0)
                        .hint_text("economic, political, social"),
                )
                .labelled_by(values_label.id)
                .on_hover_text("Separated by commas. A value written over in place is renamed on every document; one taken out is taken off every document that had it (Ctrl+Z brings it back)");
            if v.lost_focus() {
                *refresh = true;
                let parsed = parse_values(values);
                if parsed.is_empty() {
                    actions.push(Action::Notify(format!(
                        "The field “{}” needs at least one value",
                        field.name
                    )));
                } else if parsed != field.values {
                    actions.push(Action::Schema(SchemaAction::SetFieldValues(
                        field.name.clone(),
                        parsed,
                    )));
                }
            }
            let mut multiple = field.multiple;
            if ui
                .checkbox(&mut multiple, "several at once")
                .on_hover_text("Multiple choice: a document can take several values. Turning it off keeps one value per document")
                .changed()
            {
                let description = format!("choice of {}", field.name);
                actions.push(SchemaAction::edited(schema, description, |s| {
                    s.fields[i].multiple = multiple
                }));
            }
            ui.label(format!("{} answered", answered(&field.name)));
            if ui
                .small_button("Delete")
                .on_hover_text("Remove this field and every document's answer to it (Ctrl+Z brings them back)")
                .clicked()
            {
                let description = format!("delete document field {}", field.name);
                actions.push(SchemaAction::edited(schema, description, |s| {
                    s.fields.remove(i);
                }));
            }
        });
        let hint = "How to answer it";
        if let Some(text) =
            super::widgets::guideline_line(ui, description, &field.description, hint, refresh)
        {
            let description = format!("guideline of {}", field.name);
            actions.push(SchemaAction::edited(schema, description, |s| {
                s.fields[i].description = text
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_and_deduplicated() {
        assert_eq!(
            parse_values(" yes, no ,, yes,maybe "),
            ["yes", "no", "maybe"]
        );
        assert!(parse_values(" , ").is_empty());
    }
}
