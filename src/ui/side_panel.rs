//! The annotation list (filterable, in document order) and the inspector for the selected one.

use egui::Ui;

use super::actions::Action;
use super::doc_summary::DocSummary;
use super::text_view::{label_color, TextViewState};
use crate::model::{Document, LabelSchema, ReviewStatus};

/// Filters for the annotation list.
#[derive(Default)]
pub struct ListFilter {
    /// Only this label.
    pub label: Option<String>,
    /// Only annotations whose text or note contains this (case-insensitive).
    pub text: String,
    /// Only this author.
    pub author: Option<String>,
    /// Only this review status.
    pub status: Option<ReviewStatus>,
    /// The filtered list and what it was computed for.
    shown: Option<(FilterKey, Vec<usize>)>,
    /// The annotation the list last scrolled to.
    followed: Option<u64>,
    /// A row to scroll to in the next frame.
    follow_row: Option<usize>,
    /// How far the list could scroll in the last frame.
    list_max: f32,
    /// The rows shown in the last frame.
    rows_in_view: std::ops::Range<usize>,
}

/// What a filtered list depends on: the session revision, the document and the filters.
type FilterKey = (
    u64,
    String,
    Option<String>,
    Option<ReviewStatus>,
    Option<String>,
    String,
);

impl ListFilter {
    fn keeps(&self, ann: &crate::model::Annotation, needle: &str) -> bool {
        self.label.as_ref().is_none_or(|l| *l == ann.label)
            && self.author.as_ref().is_none_or(|a| *a == ann.author)
            && self.status.is_none_or(|s| s == ann.review.status)
            && (needle.is_empty()
                || ann.text.to_lowercase().contains(needle)
                || ann
                    .note
                    .as_ref()
                    .is_some_and(|n| n.to_lowercase().contains(needle)))
    }
}

/// A combo box preceded by a label that names it, for readers and screen readers alike.
pub fn labelled_combo(
    ui: &mut Ui,
    label: &str,
    id: &str,
    selected: String,
    add: impl FnOnce(&mut Ui),
) {
    let name = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .show_ui(ui, add)
        .response
        .labelled_by(name.id);
}

/// The list of annotations with its filters. Clicking an entry selects it and scrolls to it.
#[allow(clippy::too_many_arguments)]
pub fn annotation_list_ui(
    ui: &mut Ui,
    doc: &Document,
    schema: &LabelSchema,
    filter: &mut ListFilter,
    view: &TextViewState,
    summary: &DocSummary,
    revision: u64,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        labelled_combo(
            ui,
            "Show",
            "filter_label",
            filter.label.clone().unwrap_or_else(|| "all labels".into()),
            |ui| {
                ui.selectable_value(&mut filter.label, None, "all labels");
                for l in &schema.labels {
                    ui.selectable_value(&mut filter.label, Some(l.name.clone()), &l.name);
                }
            },
        );
        labelled_combo(
            ui,
            "with",
            "filter_status",
            filter
                .status
                .map_or("any status", |s| s.as_str())
                .to_owned(),
            |ui| {
                ui.selectable_value(&mut filter.status, None, "any status");
                for s in ReviewStatus::ALL {
                    ui.selectable_value(&mut filter.status, Some(s), s.as_str());
                }
            },
        );
    });
    ui.horizontal_wrapped(|ui| {
        labelled_combo(
            ui,
            "by",
            "filter_author",
            filter
                .author
                .clone()
                .unwrap_or_else(|| "all authors".into()),
            |ui| {
                ui.selectable_value(&mut filter.author, None, "all authors");
                for a in &summary.authors {
                    ui.selectable_value(&mut filter.author, Some(a.clone()), a);
                }
            },
        );
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .hint_text("filter text")
                .desired_width(f32::INFINITY),
        )
        .on_hover_text("Show only annotations whose text or note contains this");
    });
    // Filtering 100,000 annotations every frame would cost milliseconds: do it on change only.
    let key = (
        revision,
        doc.id.clone(),
        filter.label.clone(),
        filter.status,
        filter.author.clone(),
        filter.text.clone(),
    );
    if filter.shown.as_ref().is_none_or(|(k, _)| *k != key) {
        let needle = filter.text.to_lowercase();
        let shown = doc
            .annotations
            .iter()
            .enumerate()
            .filter(|(_, a)| filter.keeps(a, &needle))
            .map(|(i, _)| i)
            .collect();
        filter.shown = Some((key, shown));
    }
    let shown: &[usize] = filter.shown.as_ref().map_or(&[], |(_, s)| s.as_slice());
    ui.label(format!(
        "{} of {} annotations",
        shown.len(),
        doc.annotations.len()
    ));
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let spacing = ui.spacing().item_spacing.y;
    let mut list = egui::ScrollArea::vertical()
        .id_salt("annotation_list")
        .auto_shrink(false);
    // The list follows the current annotation (review steps, Tab, a click in the text) when it is
    // not in view. The scroll happens one frame after the selection changed, clamped to the list's
    // bounds measured in that frame (the inspector that appears with a selection makes the list
    // shorter): an offset past the end would make the list spring back over many frames.
    if let Some(row) = filter.follow_row.take() {
        let pitch = row_height + spacing;
        let y = row as f32 * pitch - 3.0 * row_height;
        list = list.vertical_scroll_offset(y.clamp(0.0, filter.list_max));
    }
    if view.selected != filter.followed {
        filter.followed = view.selected;
        let row = view.selected.and_then(|id| {
            shown
                .iter()
                .position(|&i| doc.annotations.get(i).is_some_and(|a| a.id == id))
        });
        if let Some(row) = row.filter(|r| !filter.rows_in_view.contains(r)) {
            filter.follow_row = Some(row);
            ui.ctx().request_repaint();
        }
    }
    let output = list.show_rows(ui, row_height, shown.len(), |ui, rows| {
        filter.rows_in_view = rows.clone();
        for &i in &shown[rows] {
            let ann = &doc.annotations[i];
            let selected = view.selected == Some(ann.id);
            ui.horizontal(|ui| {
                let (swatch, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(swatch, 2.0, label_color(schema, &ann.label));
                // As much of the text as the panel's width holds, so a narrow panel never
                // pushes its rows out of view.
                let fits = ((ui.available_width() - 60.0) / 7.0).clamp(6.0, 48.0) as usize;
                let preview: String = ann.text.chars().take(fits).collect();
                let ellipsis = if ann.text.chars().count() > fits {
                    "…"
                } else {
                    ""
                };
                // The review status at a glance: a tick, a cross, or a small ring.
                let (mark, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                status_mark(
                    ui.painter(),
                    mark,
                    ann.review.status,
                    ui.visuals().text_color(),
                );
                let text = format!("{}  {preview}{ellipsis}", ann.label);
                let text = if ann.review.status == ReviewStatus::Rejected {
                    egui::RichText::new(text).strikethrough().weak()
                } else {
                    egui::RichText::new(text)
                };
                let r = ui.selectable_label(selected, text).on_hover_text(format!(
                    "{} by {}{}",
                    super::bars::fragments_text(ann),
                    ann.author,
                    ann.note
                        .as_ref()
                        .map(|n| format!("\n{n}"))
                        .unwrap_or_default()
                ));
                if r.clicked() {
                    actions.push(Action::Select(ann.id));
                }
            });
        }
    });
    filter.list_max = (output.content_size.y - output.inner_rect.height()).max(0.0);
}

/// A review status drawn as a shape (fonts need not have ✓ and ✗): a green tick for accepted, a
/// vermilion cross for rejected, a ring for undecided.
pub fn status_mark(
    painter: &egui::Painter,
    rect: egui::Rect,
    status: ReviewStatus,
    ink: egui::Color32,
) {
    let c = rect.center();
    let r = rect.width().min(rect.height()) * 0.4;
    match status {
        ReviewStatus::Accepted => {
            let green = egui::Stroke::new(2.0, egui::Color32::from_rgb(0x00, 0x9E, 0x73));
            painter.line_segment(
                [c + egui::vec2(-r, 0.0), c + egui::vec2(-r * 0.3, r * 0.7)],
                green,
            );
            painter.line_segment(
                [
                    c + egui::vec2(-r * 0.3, r * 0.7),
                    c + egui::vec2(r, -r * 0.8),
                ],
                green,
            );
        }
        ReviewStatus::Rejected => {
            let red = egui::Stroke::new(2.0, egui::Color32::from_rgb(0xD5, 0x5E, 0x00));
            painter.line_segment([c + egui::vec2(-r, -r), c + egui::vec2(r, r)], red);
            painter.line_segment([c + egui::vec2(-r, r), c + egui::vec2(r, -r)], red);
        }
        ReviewStatus::Pending => {
            painter.circle_stroke(c, r * 0.6, egui::Stroke::new(1.0, ink.gamma_multiply(0.6)));
        }
    }
}

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
                actions.push(Action::Relabel(ann.id, label));
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
            ui.label(super::bars::fragments_text(ann));
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
                        actions.push(Action::SetStatus(ann.id, s));
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
    // Attributes the label defines, settable with the mouse or by Tab and Space.
    if let Some(def) = schema.label(&ann.label) {
        for attr in &def.attributes {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}:", attr.name));
                let current = ann.attributes.get(&attr.name);
                for value in &attr.values {
                    let on = current == Some(value);
                    if ui.selectable_label(on, value).clicked() {
                        actions.push(Action::SetAttribute(
                            ann.id,
                            attr.name.clone(),
                            if on { None } else { Some(value.clone()) },
                        ));
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
        actions.push(Action::SetNote(ann.id, note));
    }
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
            actions.push(Action::StartLinking);
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
                actions.push(Action::SetRelationKind(rel.id, kind));
            }
            if ui
                .small_button("Go")
                .on_hover_text("Select the linked annotation")
                .clicked()
            {
                actions.push(Action::Select(other));
            }
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this link")
                .clicked()
            {
                actions.push(Action::RemoveRelation(rel.id));
            }
            ui.add(egui::Label::new(other_text).truncate());
        });
    }
    ui.horizontal(|ui| {
        if ui
            .button("Delete")
            .on_hover_text("Delete this annotation (Delete)")
            .clicked()
        {
            actions.push(Action::Delete(ann.id));
        }
    });
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
        actions.push(Action::SetReviewComment(ann.id, comment));
    }
}
