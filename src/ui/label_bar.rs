//! The label bar: one button per label with its hotkey and count, above the text.

use egui::Ui;

use super::actions::*;
use super::doc_summary::DocSummary;
use super::text_view::{label_color, TextViewState};
use crate::session::Session;

/// One button per label, with its hotkey and count; stays visible above the text.
pub fn label_bar_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut TextViewState,
    summary: &DocSummary,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = session.document() else {
        return;
    };
    let schema = &&session.project().schema;
    ui.horizontal_wrapped(|ui| {
        if session.project().documents.len() > 1 {
            let current = session.document;
            super::widgets::labelled_combo(ui, "Document", "document_picker", doc.title.clone(), |ui| {
                for (i, d) in session.project().documents.iter().enumerate() {
                    if ui.selectable_label(i == current, format!("{} ({} annotations)", d.title, d.annotations.len())).clicked() && i != current {
                        actions.push(Action::Navigation(NavigationAction::ShowDocument(i)));
                    }
                }
            });
            ui.separator();
        }
        ui.label("Labels:");
        for label in &schema.labels {
            let count = summary.count(&label.name);
            let key = label.hotkey.as_deref().map(|k| format!("{k} ")).unwrap_or_default();
            let color = label_color(schema, &label.name);
            let sticky = view.sticky_label.as_deref() == Some(label.name.as_str());
            let text = egui::RichText::new(format!("{key}{}  ({count})", label.name)).strong();
            let button = egui::Button::new(text).fill(color.gamma_multiply(0.35)).stroke(egui::Stroke::new(if sticky { 3.0 } else { 1.0 }, color)).selected(sticky);
            let r = ui.add(button).on_hover_text(format!(
                "{}\n\nClick: tag the selection (or relabel the selected annotation).\nRight-click: sticky mode, tag every selection as you release it.",
                label.description
            ));
            if r.clicked() {
                match view.selected {
                    Some(id) if view.selection.is_none() => actions.push(Action::Annotation(AnnotationAction::Relabel(id, label.name.clone()))),
                    _ => actions.push(Action::Annotation(AnnotationAction::TagSelection(label.name.clone()))),
                }
            }
            if r.secondary_clicked() {
                view.sticky_label = if sticky { None } else { Some(label.name.clone()) };
            }
        }
        if let Some(sticky) = &view.sticky_label {
            ui.label(egui::RichText::new(format!("sticky: {sticky}")).italics()).on_hover_text("Right-click the label again to stop");
        }
    });
}
