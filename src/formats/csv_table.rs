//! CSV export: one row per annotation, for spreadsheets and statistics packages; or, with
//! `--table documents`, one row per document with its fields and active time.

use std::path::Path;

use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::Project;

/// The header row.
pub const HEADER: [&str; 10] = [
    "document", "id", "label", "start", "end", "text", "note", "author", "status", "page",
];

/// Quote a field per RFC 4180 when it holds a comma, a quote or a line break.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The source page a span starts on (PDF), empty when the source had no pages.
fn page_of(doc: &crate::model::Document, offset: usize) -> String {
    doc.source
        .structure
        .page_at(offset)
        .unwrap_or_default()
        .to_owned()
}

/// Which table a CSV export writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Table {
    /// One row per annotation.
    #[default]
    Annotations,
    /// One row per document: its size, counts, active time and a column per document field.
    Documents,
}

/// The fixed columns of the documents table; one column per document field follows.
pub const DOCUMENT_HEADER: [&str; 6] = [
    "document",
    "title",
    "characters",
    "annotations",
    "status",
    "seconds",
];

/// One row per document, with each document field's values joined by `; `.
fn export_documents(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut names: Vec<&str> = project
        .schema
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    for doc in &project.documents {
        for name in doc.fields.keys() {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
    }
    let mut header: Vec<String> = DOCUMENT_HEADER.iter().map(|h| (*h).to_owned()).collect();
    header.extend(names.iter().map(|n| field(n)));
    let mut csv = header.join(",");
    csv.push_str("\r\n");
    for doc in &project.documents {
        let selected = options.selected(doc).len();
        let mut row = vec![
            doc.id.clone(),
            doc.title.clone(),
            doc.char_len().to_string(),
            selected.to_string(),
            doc.status.as_str().to_owned(),
            doc.total_seconds().to_string(),
        ];
        row.extend(names.iter().map(|n| doc.field_values(n).join("; ")));
        report.field_answers += super::doc_fields::answer_count(doc);
        let row: Vec<String> = row.iter().map(|v| field(v)).collect();
        csv.push_str(&row.join(","));
        csv.push_str("\r\n");
        report.annotations += selected;
    }
    write_file(out, csv.as_bytes(), &mut report)?;
    Ok(report)
}

/// Write every selected annotation as a row. A discontinuous span gives its first start and last
/// end, with the fragments' text joined by a space; `page` is the source page it starts on.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    if options.table == Table::Documents {
        return export_documents(project, out, options);
    }
    let mut report = ExportReport::default();
    let mut csv = HEADER.join(",");
    csv.push_str("\r\n");
    for doc in &project.documents {
        for _ in doc.fields.values().flatten() {
            report.lose("document field answers (in the documents table: --table documents)");
        }
        for ann in options.selected(doc) {
            if ann.fragments.len() > 1 {
                report.lose("discontinuous spans written as first start to last end");
            }
            if !ann.attributes.is_empty() {
                report.lose("annotations whose attributes CSV has no column for");
            }
            let row = [
                doc.id.clone(),
                ann.id.to_string(),
                ann.label.clone(),
                ann.start().to_string(),
                ann.end().to_string(),
                ann.text.clone(),
                ann.note.clone().unwrap_or_default(),
                ann.author.clone(),
                ann.review.status.as_str().to_owned(),
                page_of(doc, ann.start()),
            ];
            let row: Vec<String> = row.iter().map(|v| field(v)).collect();
            csv.push_str(&row.join(","));
            csv.push_str("\r\n");
            report.annotations += 1;
        }
    }
    write_file(out, csv.as_bytes(), &mut report)?;
    Ok(report)
}
