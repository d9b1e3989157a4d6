//! The documents of a corpus project: title, size, annotation count and the annotator's status.

use egui::Ui;

use super::actions::*;
use crate::model::DocStatus;
use crate::session::Session;

/// The list; clicking a document shows it, the status is set per document.
pub fn document_list_ui(ui: &mut Ui, session: &Session, actions: &mut Vec<Action>) {
    let docs = &session.project().documents;
    ui.heading("Documents");
    let done = docs.iter().filter(|d| d.status == DocStatus::Done).count();
    ui.label(format!(
        "{} documents · {done} done · Ctrl+PgDn / PgUp",
        docs.len()
    ));
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 14.0;
    egui::ScrollArea::vertical()
        .id_salt("document_list")
        .auto_shrink(false)
        .show_rows(ui, row_height, docs.len(), |ui, rows| {
            for i in rows {
                let doc = &docs[i];
                let current = i == session.document;
                let title: String = doc.title.chars().take(40).collect();
                let r = ui.selectable_label(
                    current,
                    format!(
                        "{title}\n{} characters · {} annotations",
                        doc.char_len(),
                        doc.annotations.len()
                    ),
                );
                if r.clicked() && !current {
                    actions.push(Action::Navigation(NavigationAction::ShowDocument(i)));
                }
                ui.horizontal(|ui| {
                    for status in DocStatus::ALL {
                        if ui
                            .add(
                                egui::Button::new(status.as_str())
                                    .small()
                                    .selected(doc.status == status),
                            )
                            .clicked()
                            && doc.status != status
                        {
                            actions.push(Action::Annotation(AnnotationAction::SetDocStatus(
                                i, status,
                            )));
                        }
                    }
                });
            }
        });
}
