//! The documents of a corpus project: title, size, annotation count, active time, the document
//! fields' answers and the annotator's status; filtered by a field's answer.

use egui::Ui;

use super::actions::*;
use crate::model::{DocStatus, Document};
use crate::session::Session;
use crate::stats::format_duration;

/// Which documents the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DocFilter {
    /// Every document.
    #[default]
    All,
    /// Documents whose field (first) has the value (second) among its answers.
    Value(String, String),
    /// Documents that have not answered the field yet.
    Unanswered(String),
}

impl DocFilter {
    /// True when `doc` passes.
    pub fn keeps(&self, doc: &Document) -> bool {
        match self {
            DocFilter::All => true,
            DocFilter::Value(field, value) => doc.field_values(field).contains(value),
            DocFilter::Unanswered(field) => doc.field_values(field).is_empty(),
        }
    }

    /// The field it filters by, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            DocFilter::All => None,
            DocFilter::Value(field, _) | DocFilter::Unanswered(field) => Some(field),
        }
    }

    /// How the filter reads in its menu.
    pub fn text(&self) -> String {
        match self {
            DocFilter::All => "all documents".to_owned(),
            DocFilter::Value(field, value) => format!("{field} = {value}"),
            DocFilter::Unanswered(field) => format!("{field} unanswered"),
        }
    }
}

/// The answers of `doc` as one line: `frame: economic · relevant: yes`.
pub fn fields_line(session: &Session, doc: &Document) -> String {
    crate::formats::doc_fields::answered_fields(session.project(), doc)
        .map(|(field, values)| format!("{field}: {}", values.join(", ")))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The list; clicking a document shows it, the status is set per document.
pub fn document_list_ui(
    ui: &mut Ui,
    session: &Session,
    filter: &mut DocFilter,
    actions: &mut Vec<Action>,
) {
    let project = session.project();
    let docs = &project.documents;
    ui.heading("Documents");
    let done = docs.iter().filter(|d| d.status == DocStatus::Done).count();
    ui.label(format!(
        "{} documents · {done} done · Ctrl+PgDn / PgUp",
        docs.len()
    ));
    let fields = &project.schema.fields;
    // A filter by a field this project does not have (another project was opened, the field
    // was deleted) would hide every document with no menu to undo it.
    if filter
        .field()
        .is_some_and(|f| project.schema.field(f).is_none())
    {
        *filter = DocFilter::All;
    }
    if !fields.is_empty() {
        super::widgets::labelled_combo(ui, "Show", "document_filter", filter.text(), |ui| {
            let mut choose = |ui: &mut Ui, f: DocFilter| {
                let text = f.text();
                if ui.selectable_label(*filter == f, text).clicked() {
                    *filter = f;
                }
            };
            choose(ui, DocFilter::All);
            for field in fields {
                ui.separator();
                for value in &field.values {
                    choose(ui, DocFilter::Value(field.name.clone(), value.clone()));
                }
                choose(ui, DocFilter::Unanswered(field.name.clone()));
            }
        });
    }
    let shown: Vec<usize> = (0..docs.len())
        .filter(|&i| filter.keeps(&docs[i]))
        .collect();
    if shown.len() < docs.len() {
        ui.label(format!("{} of {} shown", shown.len(), docs.len()));
    }
    ui.separator();
    let timed = docs.iter().any(|d| !d.time_seconds.is_empty());
    let lines = if fields.is_empty() && !timed {
        2.0
    } else {
        4.0
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * lines + 14.0;
    egui::ScrollArea::vertical()
        .id_salt("document_list")
        .auto_shrink(false)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for i in rows.map(|r| shown[r]) {
                let doc = &docs[i];
                let current = i == session.document;
                let title: String = doc.title.chars().take(40).collect();
                let mut text = format!(
                    "{title}\n{} characters · {} annotations",
                    doc.char_len(),
                    doc.annotations.len()
                );
                // Time and answers on a line of their own, so neither splits the counts.
                let seconds = doc.total_seconds();
                let mut extra: Vec<String> = Vec::new();
                if seconds > 0 {
                    extra.push(format_duration(seconds));
                }
                if !fields.is_empty() {
                    let answers = fields_line(session, doc);
                    extra.push(if answers.is_empty() {
                        "no fields answered".to_owned()
                    } else {
                        answers
                    });
                }
                if !extra.is_empty() {
                    text.push('\n');
                    text.push_str(&extra.join(" · "));
                }
                let r = ui.selectable_label(current, text);
                let r = if seconds > 0 {
                    let by: Vec<String> = doc
                        .time_seconds
                        .iter()
                        .map(|(who, s)| format!("{who}: {}", format_duration(*s)))
                        .collect();
                    r.on_hover_text(format!("Active annotation time\n{}", by.join("\n")))
                } else {
                    r
                };
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
