//! The annotation list: filterable by label, status, author and text, in document order, with
//! each row's review status; it follows the current annotation.

use egui::Ui;

use super::actions::*;
use super::doc_summary::DocSummary;
use super::text_view::{label_color, TextViewState};
use super::widgets::labelled_combo;
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
    filters_ui(ui, schema, filter, summary);
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
                row_ui(ui, schema, ann, selected, actions);
            });
        }
    });
    filter.list_max = (output.content_size.y - output.inner_rect.height()).max(0.0);
}

/// Label, status, author and text filters.
fn filters_ui(ui: &mut Ui, schema: &LabelSchema, filter: &mut ListFilter, summary: &DocSummary) {
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
}

/// One entry: colour, status mark, label and as much of the text as fits; a click selects it.
fn row_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    ann: &crate::model::Annotation,
    selected: bool,
    actions: &mut Vec<Action>,
) {
    let (swatch, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
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
    let (mark, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
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
        super::status_bar::fragments_text(ann),
        ann.author,
        ann.note
            .as_ref()
            .map(|n| format!("\n{n}"))
            .unwrap_or_default()
    ));
    if r.clicked() {
        actions.push(Action::Navigation(NavigationAction::Select(ann.id)));
    }
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
