//! The inspector: the selected annotation's label, guideline, text, offsets, status, attributes,
//! note, links and review comment, each editable as one undoable action.

use egui::Ui;

use super::actions::*;
use super::commands::Command;
use super::doc_summary::DocSummary;
use super::widgets::labelled_combo;
use crate::model::{Document, LabelSchema, ReviewStatus};

/// Draft state of the note editor, so typing does not create one undo step per key.
#[derive(Default)]
pub struct NoteDraft {
    /// The annotation whose note is being edited.
    pub id: Option<u64>,
    /// The text being typed.
    pub text: String,
    /// The field had keyboard focus in the last frame (its text may still be on its way to the model).
    pub was_focused: bool,
}

impl NoteDraft {
    /// Show the model's `value` for annotation `id` unless the user is typing in the field: after
    /// undo, redo, a reload or another selection the field never keeps text the model no longer has.
    /// In the frame the field loses focus its text is kept, so it can still be applied.
    pub fn sync(&mut self, id: u64, value: Option<&str>, focused: bool) {
        if self.id != Some(id) || !(focused || self.was_focused) {
            self.id = Some(id);
            value.unwrap_or_default().clone_into(&mut self.text);
        }
    }
}

/// Details of the selected annotation, with its label, note and status editable.
#[allow(clippy::too_many_arguments)]
pub fn inspector_ui(
    ui: &mut Ui,
    doc: &Document,
    summary: &DocSummary,
    schema: &LabelSchema,
    selected: u64,
    draft: &mut NoteDraft,
    actions: &mut Vec<Action>,
) {
    let Some(ann) = summary.find(doc, selected) else {
        return;
    };
    let note_id = egui::Id::unique("inspector_note");
    draft.sync(
        ann.id,
        ann.note.as_deref(),
        ui.memory(|m| m.has_focus(note_id)),
    );
    details_ui(ui, schema, ann, actions);
    attributes_ui(ui, schema, ann, actions);
    ui.label("Note");
    let edit = ui.add(
        egui::TextEdit::multiline(&mut draft.text)
            .id(note_id)
            .desired_rows(3)
            .desired_width(f32::INFINITY)
            .hint_text("Add a note…"),
    );
    draft.was_focused = edit.has_focus();
    let current = ann.note.clone().unwrap_or_default();
    if edit.lost_focus() && draft.text != current {
        let note = if draft.text.trim().is_empty() {
            None
        } else {
            Some(draft.text.clone())
        };
        actions.push(Action::Annotation(AnnotationAction::SetNote(ann.id, note)));
    }
    links_ui(ui, doc, summary, schema, ann, actions);
    ui.horizontal(|ui| {
        if ui
            .button("Delete")
            .on_hover_text("Delete this annotation (Delete)")
            .clicked()
        {
            actions.push(Action::Annotation(AnnotationAction::Delete(ann.id)));
        }
    });
}

/// Label, guideline, text, offsets, author, times, status and reviewer, in a grid.
fn details_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    ann: &crate::model::Annotation,
    actions: &mut Vec<Action>,
) {
    egui::Grid::new("inspector")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let mut label = ann.label.clone();
            labelled_combo(ui, "Label", "inspector_label", label.clone(), |ui| {
                for l in &schema.labels {
                    ui.selectable_value(&mut label, l.name.clone(), &l.name)
                        .on_hover_text(&l.description);
                }
            });
            if label != ann.label {
                actions.push(Action::Annotation(AnnotationAction::Relabel(ann.id, label)));
            }
            ui.end_row();
            if let Some(guideline) = schema
                .label(&ann.label)
                .map(|l| l.description.as_str())
                .filter(|d| !d.is_empty())
            {
                ui.label("Guideline");
                ui.add(egui::Label::new(egui::RichText::new(guideline).italics()).wrap());
                ui.end_row();
            }
            ui.label("Text");
            ui.add(egui::Label::new(&ann.text).wrap());
            ui.end_row();
            ui.label("Offsets");
            ui.label(super::status_bar::fragments_text(ann));
            ui.end_row();
            ui.label("Author");
            ui.label(&ann.author);
            ui.end_row();
            ui.label("Created");
            ui.label(&ann.created);
            ui.end_row();
            ui.label("Modified");
            ui.label(&ann.modified);
            ui.end_row();
            ui.label("Status");
            ui.horizontal(|ui| {
                for s in ReviewStatus::ALL {
                    if ui
                        .selectable_label(ann.review.status == s, s.as_str())
                        .clicked()
                        && ann.review.status != s
                    {
                        actions.push(Action::Annotation(AnnotationAction::SetStatus(ann.id, s)));
                    }
                }
            });
            ui.end_row();
            if let Some(reviewer) = &ann.review.reviewer {
                ui.label("Reviewer");
                ui.label(format!(
                    "{reviewer} {}",
                    ann.review.time.as_deref().unwrap_or("")
                ));
                ui.end_row();
            }
        });
}

/// The attributes the label defines, settable by mouse or by Tab and Space, and any others.
fn attributes_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    ann: &crate::model::Annotation,
    actions: &mut Vec<Action>,
) {
    // Attributes the label defines, settable with the mouse or by Tab and Space.
    if let Some(def) = schema.label(&ann.label) {
        for attr in &def.attributes {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", attr.name));
                let current = ann.attributes.get(&attr.name);
                for value in &attr.values {
                    let on = current == Some(value);
                    if ui.selectable_label(on, value).clicked() {
                        actions.push(Action::Annotation(AnnotationAction::SetAttribute(
                            ann.id,
                            attr.name.clone(),
                            if on { None } else { Some(value.clone()) },
                        )));
                    }
                }
            });
        }
    }
    for (name, value) in ann.attributes.iter().filter(|(n, _)| {
        schema
            .label(&ann.label)
            .is_none_or(|d| !d.attributes.iter().any(|a| &a.name == *n))
    }) {
        ui.label(format!("{name}: {value}"));
    }
}

/// The links of `ann`, each with its kind, a way to it and a way to remove it.
fn links_ui(
    ui: &mut Ui,
    doc: &Document,
    summary: &DocSummary,
    schema: &LabelSchema,
    ann: &crate::model::Annotation,
    actions: &mut Vec<Action>,
) {
    let links: Vec<&crate::model::Relation> = doc
        .relations
        .iter()
        .filter(|r| r.from == ann.id || r.to == ann.id)
        .collect();
    ui.horizontal(|ui| {
        ui.label("Links");
        if ui
            .small_button("Link…")
            .on_hover_text("Link to another annotation (L, then click it)")
            .clicked()
        {
            actions.push(Action::Run(Command::StartLinking));
        }
    });
    for rel in links {
        let (arrow, other) = if rel.from == ann.id {
            ("to", rel.to)
        } else {
            ("from", rel.from)
        };
        let other_text = summary.find(doc, other).map_or_else(
            || format!("#{other}"),
            |o| o.text.chars().take(32).collect(),
        );
        // Wrapped, with the other end's text truncated: a long link list never widens the panel
        // (and so never re-wraps the text under the pointer).
        ui.horizontal_wrapped(|ui| {
            let mut kind = rel.kind.clone();
            labelled_combo(
                ui,
                arrow,
                &format!("relation_kind_{}", rel.id),
                kind.clone(),
                |ui| {
                    for k in &schema.relations {
                        ui.selectable_value(&mut kind, k.name.clone(), &k.name)
                            .on_hover_text(&k.description);
                    }
                    ui.selectable_value(&mut kind, "related".to_owned(), "related");
                },
            );
            if kind != rel.kind {
                actions.push(Action::Link(LinkAction::SetKind(rel.id, kind)));
            }
            if ui
                .small_button("Go")
                .on_hover_text("Select the linked annotation")
                .clicked()
            {
                actions.push(Action::Navigation(NavigationAction::Select(other)));
            }
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this link")
                .clicked()
            {
                actions.push(Action::Link(LinkAction::Remove(rel.id)));
            }
            ui.add(egui::Label::new(other_text).truncate());
        });
    }
}

/// The reviewer's comment on the selected annotation; `C` in review mode puts the cursor here.
pub fn review_comment_ui(
    ui: &mut Ui,
    doc: &Document,
    summary: &DocSummary,
    selected: u64,
    draft: &mut NoteDraft,
    focus: bool,
    actions: &mut Vec<Action>,
) {
    let Some(ann) = summary.find(doc, selected) else {
        return;
    };
    let comment_id = egui::Id::unique("review_comment");
    draft.sync(
        ann.id,
        ann.review.comment.as_deref(),
        ui.memory(|m| m.has_focus(comment_id)),
    );
    ui.label("Review comment");
    let edit = ui.add(
        egui::TextEdit::singleline(&mut draft.text)
            .id(comment_id)
            .desired_width(f32::INFINITY)
            .hint_text("Why accepted or rejected (C)"),
    );
    if focus {
        edit.request_focus();
    }
    draft.was_focused = edit.has_focus();
    let current = ann.review.comment.clone().unwrap_or_default();
    if edit.lost_focus() && draft.text != current {
        let comment = if draft.text.trim().is_empty() {
            None
        } else {
            Some(draft.text.clone())
        };
        actions.push(Action::Annotation(AnnotationAction::SetReviewComment(
            ann.id, comment,
        )));
    }
}
