//! doccano JSONL: `{"id", "text", "label": [[start, end, "LABEL"], ...]}` per line, or with
//! `--relations` the `entities` / `relations` form. Import also reads doccano's older shapes.
//! Document fields go to `cats` as `FIELD:VALUE` strings (doccano's intent-and-slot form), or,
//! with `--classification`, to `label` in place of the spans (doccano's text classification
//! form); import reads both, and a category with no colon becomes a value of field `label`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::builder::{ImportReport, ProjectBuilder};
use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::{Fragment, Project};

/// The document field a category without `FIELD:` goes to.
pub const LABEL_FIELD: &str = "label";

/// Write one JSON object per document.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut lines = String::new();
    for doc in &project.documents {
        let selected = options.selected(doc);
        let mut spans = Vec::new();
        // doccano has no discontinuous spans: each fragment becomes its own span.
        let mut first_span_of = BTreeMap::new();
        for ann in &selected {
            if ann.fragments.len() > 1 {
                report.lose("discontinuous spans split into one span per fragment");
            }
            if ann.note.is_some() {
                report.lose("notes (doccano JSONL has no field for them)");
            }
            if !ann.attributes.is_empty() {
                report.lose("annotations with attributes (doccano JSONL has no field for them)");
            }
            for (k, f) in ann.fragments.iter().enumerate() {
                let span_id = spans.len();
                if k == 0 {
                    first_span_of.insert(ann.id, span_id);
                }
                spans.push((span_id, f.start, f.end, ann.label.as_str()));
            }
            report.annotations += 1;
        }
        let cats = super::doc_fields::chosen_categories(project, doc);
        report.field_answers += cats.len();
        let mut object = if options.classification {
            // doccano's text classification form: the categories are the labels.
            for _ in &selected {
                report.lose("spans (the classification form holds only document categories)");
            }
            json!({"id": doc.id, "text": doc.text(), "label": cats})
        } else if options.relations {
            let entities: Vec<Value> = spans
                .iter()
                .map(|(id, s, e, l)| json!({"id": id, "label": l, "start_offset": s, "end_offset": e}))
                .collect();
            let mut relations = Vec::new();
            for rel in &doc.relations {
                match (first_span_of.get(&rel.from), first_span_of.get(&rel.to)) {
                    (Some(from), Some(to)) => relations.push(
                        json!({"id": rel.id, "from_id": from, "to_id": to, "type": rel.kind}),
                    ),
                    _ => report.lose("relations whose ends were filtered out"),
                }
            }
            json!({"id": doc.id, "text": doc.text(), "entities": entities, "relations": relations})
        } else {
            if !doc.relations.is_empty() {
                for _ in &doc.relations {
                    report.lose("relations (use --relations for doccano's relation form)");
                }
            }
            let label: Vec<Value> = spans.iter().map(|(_, s, e, l)| json!([s, e, l])).collect();
            json!({"id": doc.id, "text": doc.text(), "label": label})
        };
        if !options.classification && !cats.is_empty() {
            object["cats"] = json!(cats);
        }
        lines.push_str(&object.to_string());
        lines.push('\n');
    }
    write_file(out, lines.as_bytes(), &mut report)?;
    Ok(report)
}

fn as_offset(v: &Value) -> Option<usize> {
    v.as_u64()
        .map(|n| n as usize)
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn label_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One span read from any of doccano's shapes.
struct Span {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    author: Option<String>,
}

fn parse_span(v: &Value, place: &str) -> Result<Span, String> {
    if let Some(arr) = v.as_array() {
        if arr.len() >= 3 {
            if let (Some(start), Some(end), Some(label)) =
                (as_offset(&arr[0]), as_offset(&arr[1]), label_name(&arr[2]))
            {
                return Ok(Span {
                    id: None,
                    start,
                    end,
                    label,
                    author: None,
                });
            }
        }
        return Err(format!("{place}: expected [start, end, label]"));
    }
    let obj = v
        .as_object()
        .ok_or_else(|| format!("{place}: expected a span object or [start, end, label]"))?;
    let start = obj
        .get("start_offset")
        .or_else(|| obj.get("start"))
        .and_then(as_offset);
    let end = obj
        .get("end_offset")
        .or_else(|| obj.get("end"))
        .and_then(as_offset);
    let label = obj.get("label").and_then(label_name);
    match (start, end, label) {
        (Some(start), Some(end), Some(label)) => Ok(Span {
            id: obj.get("id").map(|i| i.to_string()),
            start,
            end,
            label,
            author: obj.get("user").map(|u| match u {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
        }),
        _ => Err(format!(
            "{place}: span needs start_offset, end_offset and label"
        )),
    }
}

/// Read doccano JSONL files into a project. Accepts `text` or `data`; spans under `label`,
/// `labels`, `annotations` or `entities`, as triples or objects; numeric labels; `user` as the
/// author; and `relations` with `from_id` / `to_id` / `type`. `author` is recorded on every span
/// whose line (and span) names no `user`: a file's own author wins, as in every importer.
pub fn import(
    paths: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, ImportReport), FormatError> {
    let mut builder = ProjectBuilder::new(name);
    for path in paths {
        let content = super::read_input(path)?;
        let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
        let stem = crate::import::document_id_from_path(path);
        for (n, line) in content.lines().enumerate() {
            let line_no = n + 1;
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(line).map_err(|e| {
                FormatError::at(
                    path,
                    format!("{line_no}:{}", e.column()),
                    format!("invalid JSON: {e}"),
                )
            })?;
            import_object(&mut builder, &value, path, line_no, &stem, author)?;
        }
    }
    Ok(builder.finish())
}

fn import_object(
    builder: &mut ProjectBuilder,
    value: &Value,
    path: &Path,
    line_no: usize,
    stem: &str,
    default_author: &str,
) -> Result<(), FormatError> {
    let at = |json_path: &str, msg: String| {
        FormatError::at(path, format!("{line_no}"), format!("{json_path}: {msg}"))
    };
    let obj = value
        .as_object()
        .ok_or_else(|| at("$", "expected a JSON object per line".into()))?;
    let text = obj
        .get("text")
        .or_else(|| obj.get("data"))
        .and_then(Value::as_str)
        .ok_or_else(|| at("$", "no \"text\" (or \"data\") string".into()))?;
    let text = crate::import::normalize_line_ends(text);
    let id = obj
        .get("id")
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .unwrap_or_else(|| format!("{stem}-{line_no}"));
    let user = obj
        .get("user")
        .and_then(label_name)
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| default_author.to_owned());
    let doc = builder.add_text_document(&id, path, "doccano", text);
    let mut span_ids = BTreeMap::new();
    for key in ["cats", "label", "labels", "annotations", "entities"] {
        let Some(list) = obj.get(key) else { continue };
        // A single category, as doccano writes single-label classification.
        if let Value::String(name) = list {
            let (field, value) = super::doc_fields::split_category(name, LABEL_FIELD);
            builder.add_field_value(doc, field, value);
            continue;
        }
        let Some(list) = list.as_array() else {
            return Err(at(&format!("$.{key}"), "expected a list".into()));
        };
        for (i, item) in list.iter().enumerate() {
            let place = format!("$.{key}[{i}]");
            // A string is a document category (doccano's `cats` and classification `label`).
            if let Value::String(name) = item {
                let (field, value) = super::doc_fields::split_category(name, LABEL_FIELD);
                builder.add_field_value(doc, field, value);
                continue;
            }
            let span = parse_span(item, &place).map_err(|m| at(&place, m))?;
            let author = span.author.clone().unwrap_or_else(|| user.clone());
            let new_id = builder
                .add_annotation(
                    doc,
                    &span.label,
                    vec![Fragment::new(span.start, span.end)],
                    None,
                    &author,
                    None,
                    BTreeMap::new(),
                    &format!("{}:{line_no}: {place}", path.display()),
                )
                .map_err(|m| FormatError::at(path, format!("{line_no}"), m))?;
            if let Some(sid) = span.id {
                span_ids.insert(sid, new_id);
            }
        }
    }
    if let Some(relations) = obj.get("relations").and_then(Value::as_array) {
        for (i, rel) in relations.iter().enumerate() {
            let place = format!("$.relations[{i}]");
            let from = rel.get("from_id").map(|v| v.to_string());
            let to = rel.get("to_id").map(|v| v.to_string());
            let kind = rel
                .get("type")
                .and_then(label_name)
                .unwrap_or_else(|| "related".into());
            match (
                from.and_then(|f| span_ids.get(&f).copied()),
                to.and_then(|t| span_ids.get(&t).copied()),
            ) {
                (Some(from), Some(to)) => {
                    builder.add_relation(doc, &kind, from, to);
                }
                _ => {
                    return Err(at(
                        &place,
                        "from_id or to_id names no entity of this line".into(),
                    ))
                }
            }
        }
    }
    Ok(())
}
