//! The document's fields (its frame, its relevance…) as a compact row above the text: each
//! field's values as small toggles, the chosen ones filled. Click a value to choose it (again to
//! clear it); or press F, move with the arrows (left and right: values; up and down: fields), choose with Enter or
//! Space, clear a field with Delete, close with Esc or F.

use egui::{Key, Modifiers, Ui};

use super::actions::*;
use crate::model::{Document, FieldDef, LabelSchema};

/// Where the keyboard is in the row, while it has the keyboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldCursor {
    /// The field (index into the schema's fields).
    pub field: usize,
    /// The value (index into that field's values).
    pub value: usize,
}

/// The row's presentation state.
#[derive(Debug, Clone, Default)]
pub struct FieldBar {
    /// `Some` while the row has the keyboard.
    pub cursor: Option<FieldCursor>,
}

/// The values `field` takes when the user picks `value` on a document that has `current`: a
/// single-choice field switches to it (or clears when it was chosen), a multiple-choice field
/// toggles it.
pub fn toggled(field: &FieldDef, current: &[String], value: &str) -> Vec<String> {
    let chosen = current.iter().any(|v| v == value);
    if field.multiple {
        let mut values: Vec<String> = current.iter().filter(|v| *v != value).cloned().collect();
        if !chosen {
            values.push(value.to_owned());
        }
        field.normalize(&values)
    } else if chosen {
        Vec::new()
    } else {
        vec![value.to_owned()]
    }
}

impl FieldBar {
    /// Give the row the keyboard (or take it back), starting at the first field's chosen value.
    pub fn toggle(&mut self, schema: &LabelSchema, doc: Option<&Document>) {
        if self.cursor.is_some() || schema.fields.is_empty() {
            self.cursor = None;
            return;
        }
        let value = doc.map_or(0, |d| first_chosen(&schema.fields[0], d));
        self.cursor = Some(FieldCursor { field: 0, value });
    }

    /// Handle the row's keys while it has the keyboard, consuming them so they do not also move
    /// the caret; returns the change to make, if any.
    pub fn keys(
        &mut self,
        ctx: &egui::Context,
        schema: &LabelSchema,
        doc: &Document,
        document: usize,
    ) -> Option<Action> {
        let mut cursor = self.cursor?;
        if schema.fields.is_empty() {
            self.cursor = None;
            return None;
        }
        cursor.field = cursor.field.min(schema.fields.len() - 1);
        let mut action = None;
        let mut close = false;
        ctx.input_mut(|i| {
            let mut press = |key: Key| i.consume_key(Modifiers::NONE, key);
            let field = &schema.fields[cursor.field];
            let count = field.values.len().max(1);
            if press(Key::ArrowRight) {
                cursor.value = (cursor.value + 1) % count;
            }
            if press(Key::ArrowLeft) {
                cursor.value = (cursor.value + count - 1) % count;
            }
            let fields = schema.fields.len();
            let moved_field = if press(Key::ArrowDown) {
                cursor.field = (cursor.field + 1) % fields;
                true
            } else if press(Key::ArrowUp) {
                cursor.field = (cursor.field + fields - 1) % fields;
                true
            } else {
                false
            };
            if moved_field {
                cursor.value = first_chosen(&schema.fields[cursor.field], doc);
            }
            let field = &schema.fields[cursor.field];
            cursor.value = cursor.value.min(field.values.len().saturating_sub(1));
            if press(Key::Enter) || press(Key::Space) {
                if let Some(value) = field.values.get(cursor.value) {
                    let values = toggled(field, doc.field_values(&field.name), value);
                    action = Some(set_field(document, field, values));
                }
            }
            let clear = press(Key::Delete) || press(Key::Backspace);
            if clear && !doc.field_values(&field.name).is_empty() {
                action = Some(set_field(document, field, Vec::new()));
            }
            if press(Key::Escape) || press(Key::F) {
                close = true;
            }
        });
        self.cursor = (!close).then_some(cursor);
        action
    }
}

/// Where the keyboard starts in `field`: its first chosen value on `doc`, else its first value.
fn first_chosen(field: &FieldDef, doc: &Document) -> usize {
    doc.field_values(&field.name)
        .first()
        .and_then(|v| field.values.iter().position(|x| x == v))
        .unwrap_or(0)
}

fn set_field(document: usize, field: &FieldDef, values: Vec<String>) -> Action {
    Action::Annotation(AnnotationAction::SetDocField(
        document,
        field.name.clone(),
        values,
    ))
}

/// The row: one group per field, its guideline as the tooltip of its name.
pub fn field_bar_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    doc: &Document,
    document: usize,
    bar: &FieldBar,
    actions: &mut Vec<Action>,
) {
    if schema.fields.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let hint = if bar.cursor.is_some() {
            "Left/Right value · Up/Down field · Enter choose · Delete clear · Esc close"
        } else {
            "F: choose with the keyboard"
        };
        ui.label("This document:").on_hover_text(hint);
        for (fi, field) in schema.fields.iter().enumerate() {
            let name = if field.multiple {
                format!("{} (several)", field.name)
            } else {
                field.name.clone()
            };
            let guideline = if field.description.is_empty() {
                "No guideline yet (Label schema… to write one)".to_owned()
            } else {
                field.description.clone()
            };
            ui.label(egui::RichText::new(name).strong())
                .on_hover_text(guideline);
            let current = doc.field_values(&field.name);
            for (vi, value) in field.values.iter().enumerate() {
                let chosen = current.contains(value);
                let focused = bar.cursor
                    == Some(FieldCursor {
                        field: fi,
                        value: vi,
                    });
                let mut button = egui::Button::new(value.as_str()).small().selected(chosen);
                if focused {
                    button = button.stroke(ui.visuals().selection.stroke);
                }
                let tip = match (chosen, field.multiple) {
                    (true, _) => "Chosen; click to take it back",
                    (false, true) => "Click to add this value",
                    (false, false) => "Click to choose this value",
                };
                if ui.add(button).on_hover_text(tip).clicked() {
                    let values = toggled(field, current, value);
                    actions.push(set_field(document, field, values));
                }
            }
            ui.separator();
        }
        if bar.cursor.is_some() {
            ui.weak(hint);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(multiple: bool) -> FieldDef {
        FieldDef {
            name: "frame".into(),
            description: String::new(),
            values: vec!["a".into(), "b".into(), "c".into()],
            multiple,
        }
    }

    fn v(values: &[&str]) -> Vec<String> {
        values.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn single_choice_switches_or_clears() {
        assert_eq!(toggled(&field(false), &v(&["a"]), "b"), v(&["b"]));
        assert_eq!(toggled(&field(false), &v(&["a"]), "a"), v(&[]));
    }

    #[test]
    fn multiple_choice_toggles_in_schema_order() {
        assert_eq!(toggled(&field(true), &v(&["c"]), "a"), v(&["a", "c"]));
        assert_eq!(toggled(&field(true), &v(&["a", "c"]), "c"), v(&["a"]));
    }
}
