//! W3C Web Annotation (export only): JSON-LD with a TextPositionSelector (code points, as the
//! model specifies) and a TextQuoteSelector with 32 characters of context on each side, and for
//! a PDF source a FragmentSelector naming the page (`page=12`). Each answered document field is
//! an annotation of its own, motivated `classifying`, whose target is the whole source and whose
//! bodies are `field=value`.

use std::path::Path;

use serde_json::{json, Value};

use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::{Document, Fragment, Project};

/// Characters of context in the TextQuoteSelector.
pub const CONTEXT: usize = 32;

fn selectors(doc: &Document, f: Fragment) -> Value {
    let text = doc.text();
    let offsets = doc.offsets();
    let len = doc.char_len();
    let slice = |a: usize, b: usize| offsets.slice(text, a, b).unwrap_or_default().to_owned();
    let mut selectors = vec![
        json!({"type": "TextPositionSelector", "start": f.start, "end": f.end}),
        json!({
            "type": "TextQuoteSelector",
            "exact": slice(f.start, f.end),
            "prefix": slice(f.start.saturating_sub(CONTEXT), f.start),
            "suffix": slice(f.end, (f.end + CONTEXT).min(len)),
        }),
    ];
    // The page of a PDF source, as a PDF fragment identifier (RFC 3778).
    if let Some(page) = doc.source.structure.page_at(f.start) {
        selectors.push(json!({
            "type": "FragmentSelector",
            "conformsTo": "http://tools.ietf.org/rfc/rfc3778",
            "value": format!("page={page}"),
        }));
    }
    Value::Array(selectors)
}

/// Write an AnnotationCollection with every selected annotation.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut items = Vec::new();
    for doc in &project.documents {
        let source = format!("urn:marginalia:document:{}", doc.sha256());
        // Each answered document field: an annotation whose target is the whole source.
        for (field, values) in super::doc_fields::answered_fields(project, doc) {
            report.field_answers += values.len();
            let body: Vec<Value> = values
                .iter()
                .map(|v| json!({"type": "TextualBody", "purpose": "classifying", "value": format!("{field}={v}")}))
                .collect();
            items.push(json!({
                "id": format!("urn:marginalia:{}:field:{field}", doc.id),
                "type": "Annotation",
                "motivation": "classifying",
                "body": body,
                "target": source,
            }));
        }
        for a in options.selected(doc) {
            let mut body =
                vec![json!({"type": "TextualBody", "purpose": "tagging", "value": a.label})];
            if let Some(note) = &a.note {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": note}));
            }
            for (k, v) in &a.attributes {
                body.push(json!({"type": "TextualBody", "purpose": "classifying", "value": format!("{k}={v}")}));
            }
            let targets: Vec<Value> = a
                .fragments
                .iter()
                .map(|f| json!({"source": source, "selector": selectors(doc, *f)}))
                .collect();
            let target = if targets.len() == 1 {
                targets[0].clone()
            } else {
                Value::Array(targets)
            };
            items.push(json!({
                "id": format!("urn:marginalia:{}:{}", doc.id, a.id),
                "type": "Annotation",
                "motivation": "tagging",
                "creator": {"type": "Person", "name": a.author},
                "created": a.created,
                "modified": a.modified,
                "body": body,
                "target": target,
            }));
            if a.review.status != crate::model::ReviewStatus::Pending {
                report.lose("review decisions (Web Annotation has no standard field; status is not exported)");
            }
            report.annotations += 1;
        }
    }
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": project.name,
        "total": items.len(),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    let text = serde_json::to_string_pretty(&collection)
        .map_err(|e| FormatError::new(out, e.to_string()))?;
    write_file(out, text.as_bytes(), &mut report)?;
    Ok(report)
}
