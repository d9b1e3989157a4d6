//! The status bar (file, counts, the selection or caret) and the review progress bar.

use egui::Ui;

use super::doc_summary::DocSummary;
use super::text_view::TextViewState;
use crate::session::Session;

/// File, unsaved marker, sizes and the offsets of the selection.
pub fn status_bar_ui(
    ui: &mut Ui,
    session: &Session,
    view: &TextViewState,
    summary: &DocSummary,
    review_mode: bool,
) {
    ui.horizontal(|ui| {
        if review_mode {
            ui.label(
                egui::RichText::new("REVIEW")
                    .strong()
                    .color(egui::Color32::from_rgb(0, 158, 115)),
            );
            ui.separator();
        }
        let file = session
            .path
            .as_ref()
            .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
        ui.label(file);
        if session.dirty {
            ui.label(
                egui::RichText::new("unsaved changes").color(egui::Color32::from_rgb(230, 120, 0)),
            );
        } else if session.path.is_some() {
            ui.label("saved");
        }
        ui.separator();
        if let Some(doc) = session.document() {
            ui.label(format!("{} characters", doc.char_len()));
            ui.separator();
            ui.label(format!("{} annotations", doc.annotations.len()));
            ui.separator();
            if let Some(from) = view.linking_from.and_then(|id| summary.find(doc, id)) {
                ui.label(
                    egui::RichText::new(format!(
                        "linking from “{}”: click the target, Esc cancels",
                        from.text.chars().take(30).collect::<String>()
                    ))
                    .strong(),
                );
            } else if let Some((s, e)) = view.selection {
                ui.label(format!("selection [{s}, {e}) · {} characters", e - s));
            } else if let Some(ann) = view.selected.and_then(|id| summary.find(doc, id)) {
                ui.label(format!("annotation {} {}", ann.id, fragments_text(ann)));
            } else {
                ui.label(format!("caret {}", view.caret));
            }
            let at = view
                .selection
                .map(|(s, _)| s)
                .or_else(|| {
                    let ann = view.selected.and_then(|id| doc.annotation(id))?;
                    ann.fragments.first().map(|f| f.start)
                })
                .unwrap_or(view.caret);
            let structure = &doc.source.structure;
            if let Some(page) = structure.page_at(at) {
                ui.separator();
                ui.label(format!("p. {page}"))
                    .on_hover_text("The page of the source this place is on");
            }
            if let Some(chapter) = structure.chapter_at(at) {
                ui.separator();
                ui.label(chapter.chars().take(40).collect::<String>())
                    .on_hover_text("The chapter of the source this place is in");
            }
        }
    });
}

/// Review progress: how many annotations have a decision, and the review keys.
pub fn review_bar_ui(ui: &mut Ui, summary: &DocSummary) {
    let (total, reviewed) = (summary.total, summary.reviewed);
    ui.horizontal(|ui| {
        let fraction = if total == 0 {
            0.0
        } else {
            reviewed as f32 / total as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(220.0)
                .text(format!("reviewed {reviewed} / {total}")),
        );
        if summary.project_total != total {
            ui.label(format!(
                "project: {} / {}",
                summary.project_reviewed, summary.project_total
            ));
        }
        ui.label(crate::ui::commands::hint(
            crate::ui::commands::Mode::Review,
            0,
        ));
    });
}

/// An annotation's fragments as the status bar and list show them: `[596, 603) + [609, 613)`.
pub fn fragments_text(ann: &crate::model::Annotation) -> String {
    ann.fragments
        .iter()
        .map(|f| format!("[{}, {})", f.start, f.end))
        .collect::<Vec<_>>()
        .join(" + ")
}
