//! Label Studio JSON: a task list with `data.text` and `annotations[].result[]` regions
//! (`type: "labels"`, `value.start/end/text/labels`) and relation results. Document fields are
//! `choices` results (`from_name` is the field) and each annotator's active time is the
//! annotation's `lead_time` in seconds.
//!
//! Label Studio's browser front end has written UTF-16 offsets, so on import each region's unit
//! is decided by which reading makes the text at the offsets equal `value.text`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{json, Value};

use super::builder::{ImportReport, ProjectBuilder};
use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::{Fragment, Project, Source};

/// The unit of exported offsets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Unicode code points (Python string indices).
    #[default]
    Codepoint,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
}

/// Write one task per document; each author's annotations form one Label Studio annotation.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
    unit: OffsetUnit,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut tasks = Vec::new();
    for (ti, doc) in project.documents.iter().enumerate() {
        let offsets = doc.offsets();
        let text = doc.text();
        let conv = |c: usize| match unit {
            OffsetUnit::Codepoint => c,
            OffsetUnit::Utf16 => offsets.char_to_utf16(text, c).unwrap_or(c),
        };
        let mut by_author: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        let mut region_of: HashMap<u64, (String, &str)> = HashMap::new();
        for a in options.selected(doc) {
            if a.fragments.len() > 1 {
                report.lose("discontinuous spans written as one region per fragment");
            }
            if a.note.is_some() {
                report.lose("notes (Label Studio regions have no note field)");
            }
            for (k, f) in a.fragments.iter().enumerate() {
                let id = if k == 0 {
                    format!("m{}", a.id)
                } else {
                    format!("m{}-{k}", a.id)
                };
                if k == 0 {
                    region_of.insert(a.id, (id.clone(), a.author.as_str()));
                }
                by_author.entry(a.author.as_str()).or_default().push(json!({
                    "id": id,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                    "value": {
                        "start": conv(f.start),
                        "end": conv(f.end),
                        "text": doc.fragment_text(*f).unwrap_or_default(),
                        "labels": [a.label],
                    },
                }));
            }
            report.annotations += 1;
        }
        for rel in &doc.relations {
            match (region_of.get(&rel.from), region_of.get(&rel.to)) {
                (Some((from, author)), Some((to, _))) => by_author.entry(author).or_default().push(json!({
                    "from_id": from, "to_id": to, "type": "relation", "direction": "right", "labels": [rel.kind],
                })),
                _ => report.lose("relations whose ends were filtered out"),
            }
        }
        // Everyone who spent time on it has an annotation, spans or not.
        for who in doc.time_seconds.keys() {
            by_author.entry(who.as_str()).or_default();
        }
        // The document fields are one set of answers: they go with whoever spent the most time
        // on the document (else the first author), or an annotation of their own.
        let choices: Vec<Value> = super::doc_fields::answered_fields(project, doc)
            .map(|(field, values)| {
                json!({
                    "id": format!("field-{field}"),
                    "from_name": field,
                    "to_name": "text",
                    "type": "choices",
                    "origin": "manual",
                    "value": {"choices": values},
                })
            })
            .collect();
        report.field_answers += super::doc_fields::answer_count(doc);
        let owner = doc
            .time_seconds
            .iter()
            .max_by_key(|(who, secs)| (**secs, std::cmp::Reverse(who.as_str())))
            .map(|(who, _)| who.as_str())
            .or_else(|| by_author.keys().next().copied());
        let mut annotations: Vec<Value> = by_author
            .into_iter()
            .enumerate()
            .map(|(k, (author, mut result))| {
                if Some(author) == owner {
                    result.extend(choices.iter().cloned());
                }
                let mut annotation = json!({"id": k + 1, "completed_by": author, "result": result});
                if let Some(secs) = doc.time_seconds.get(author) {
                    annotation["lead_time"] = json!(*secs as f64);
                }
                annotation
            })
            .collect();
        if owner.is_none() && !choices.is_empty() {
            annotations.push(json!({"id": 1, "result": choices}));
        }
        tasks.push(json!({"id": ti + 1, "data": {"text": text, "doc_id": doc.id, "title": doc.title}, "annotations": annotations}));
    }
    let body = serde_json::to_string_pretty(&Value::Array(tasks))
        .map_err(|e| FormatError::new(out, e.to_string()))?;
    write_file(out, body.as_bytes(), &mut report)?;
    Ok(report)
}

fn author_of(annotation: &Value, fallback: &str) -> String {
    match annotation.get("completed_by") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => format!("user {n}"),
        Some(Value::Object(o)) => o
            .get("email")
            .or_else(|| o.get("username"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| fallback.to_owned()),
        _ => fallback.to_owned(),
    }
}

/// Read Label Studio task files (a list of tasks or one task). Reads `annotations`, the legacy
/// `completions`, and `predictions` (with the model as author).
pub fn import(
    paths: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, ImportReport), FormatError> {
    let mut builder = ProjectBuilder::new(name);
    for path in paths {
        let value: Value = super::read_json(path)?;
        let tasks: Vec<(String, &Value)> = match &value {
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("$[{i}]"), t))
                .collect(),
            Value::Object(_) => vec![("$".to_owned(), &value)],
            _ => {
                return Err(FormatError::at(
                    path,
                    "$",
                    "expected a task or a list of tasks",
                ))
            }
        };
        let stem = crate::import::document_id_from_path(path);
        let many = tasks.len() > 1;
        for (k, (place, task)) in tasks.into_iter().enumerate() {
            import_task(
                &mut builder,
                path,
                &place,
                task,
                &stem,
                many.then_some(k + 1),
                author,
            )?;
        }
    }
    Ok(builder.finish())
}

/// The attribute holding a prediction's score on its imported annotation.
pub const PREDICTION_SCORE: &str = "score";

fn import_task(
    builder: &mut ProjectBuilder,
    path: &Path,
    place: &str,
    task: &Value,
    stem: &str,
    number: Option<usize>,
    default_author: &str,
) -> Result<(), FormatError> {
    let data = task
        .get("data")
        .ok_or_else(|| FormatError::at(path, place, "task has no \"data\""))?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .or_else(|| {
            data.as_object()
                .and_then(|o| o.values().find_map(Value::as_str))
        })
        .ok_or_else(|| FormatError::at(path, format!("{place}.data"), "no text field"))?;
    let text = text.to_owned();
    let id = data
        .get("doc_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            task.get("id")
                .map(|v| format!("{stem}-{}", v.to_string().trim_matches('"')))
        })
        .unwrap_or_else(|| number.map_or_else(|| stem.to_owned(), |n| format!("{stem}-{n}")));
    let title = data
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            text.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(80)
                .collect()
        });
    let source = Source {
        path: path.display().to_string(),
        encoding: "UTF-8".into(),
        format: "labelstudio".into(),
        ..Source::default()
    };
    if text.contains('\r') {
        builder.report.warnings.push(format!(
            "{}: {place}: the text has carriage returns, kept as they are so offsets stay valid",
            path.display()
        ));
    }
    let doc = builder.add_document(&id, &title, source, text);
    for key in ["annotations", "completions", "predictions"] {
        let Some(list) = task.get(key).and_then(Value::as_array) else {
            continue;
        };
        for (ai, annotation) in list.iter().enumerate() {
            let at = format!("{place}.{key}[{ai}]");
            let author = if key == "predictions" {
                format!(
                    "prediction: {}",
                    annotation
                        .get("model_version")
                        .and_then(Value::as_str)
                        .unwrap_or("model")
                )
            } else {
                author_of(annotation, default_author)
            };
            let Some(results) = annotation.get("result").and_then(Value::as_array) else {
                return Err(FormatError::at(path, &at, "no \"result\" list"));
            };
            // A prediction's confidence, kept so it can be imported as a scored suggestion.
            let score = (key == "predictions")
                .then(|| annotation.get("score").and_then(Value::as_f64))
                .flatten();
            let ids = import_regions(builder, path, doc, &at, &author, score, results)?;
            if key != "predictions" {
                import_choices(builder, doc, results);
                if let Some(secs) = annotation.get("lead_time").and_then(Value::as_f64) {
                    if secs.is_finite() && secs > 0.0 {
                        builder.add_time(doc, &author, secs.round() as u64);
                    }
                }
            }
            import_relations(builder, path, doc, &at, results, &ids)?;
        }
    }
    Ok(())
}

/// `choices` results without a span: document fields named by `from_name`.
fn import_choices(builder: &mut ProjectBuilder, doc: usize, results: &[Value]) {
    for result in results {
        if result.get("type").and_then(Value::as_str) != Some("choices") {
            continue;
        }
        let Some(value) = result.get("value") else {
            continue;
        };
        if value.get("start").is_some() {
            continue; // a choice about a span, not the document
        }
        let field = result
            .get("from_name")
            .and_then(Value::as_str)
            .unwrap_or("choice");
        let choices = value.get("choices").and_then(Value::as_array);
        for choice in choices.into_iter().flatten().filter_map(Value::as_str) {
            builder.add_field_value(doc, field, choice);
        }
    }
}

/// The labeled regions of one annotation, each label an annotation; returns region id →
/// annotation id for the relations.
fn import_regions(
    builder: &mut ProjectBuilder,
    path: &Path,
    doc: usize,
    at: &str,
    author: &str,
    score: Option<f64>,
    results: &[Value],
) -> Result<HashMap<String, u64>, FormatError> {
    let mut ids: HashMap<String, u64> = HashMap::new();
    for (ri, result) in results.iter().enumerate() {
        let rat = format!("{at}.result[{ri}]");
        if result.get("type").and_then(Value::as_str) == Some("relation") {
            continue;
        }
        let Some(value) = result.get("value") else {
            continue;
        };
        let (Some(start), Some(end)) = (
            value.get("start").and_then(Value::as_u64),
            value.get("end").and_then(Value::as_u64),
        ) else {
            continue; // not a text span (a choice, a rating…)
        };
        let labels: Vec<String> = ["labels", "hypertextlabels"]
            .iter()
            .filter_map(|k| value.get(*k).and_then(Value::as_array))
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect();
        if labels.is_empty() {
            builder.report.warnings.push(format!(
                "{}: {rat}: region without a label skipped",
                path.display()
            ));
            continue;
        }
        let recorded = value.get("text").and_then(Value::as_str);
        let mut warnings = Vec::new();
        let (s, e) = resolve_unit(
            builder.document(doc),
            start as usize,
            end as usize,
            recorded,
            &mut warnings,
            &format!("{}: {rat}", path.display()),
        );
        // A mismatch is reported once, by resolve_unit.
        let recorded = if warnings.is_empty() { recorded } else { None };
        builder.report.warnings.extend(warnings);
        for label in labels {
            let new_id = builder
                .add_annotation(
                    doc,
                    &label,
                    vec![Fragment::new(s, e)],
                    recorded,
                    author,
                    None,
                    result
                        .get("score")
                        .and_then(Value::as_f64)
                        .or(score)
                        .map(|x| BTreeMap::from([(PREDICTION_SCORE.to_owned(), x.to_string())]))
                        .unwrap_or_default(),
                    &format!("{}: {rat}", path.display()),
                )
                .map_err(|m| FormatError::at(path, &rat, m))?;
            if let Some(rid) = result.get("id").and_then(Value::as_str) {
                ids.entry(rid.to_owned()).or_insert(new_id);
            }
        }
    }
    Ok(ids)
}

/// The relations among the regions of one annotation (`ids`: region id → annotation id).
fn import_relations(
    builder: &mut ProjectBuilder,
    path: &Path,
    doc: usize,
    at: &str,
    results: &[Value],
    ids: &HashMap<String, u64>,
) -> Result<(), FormatError> {
    for (ri, result) in results.iter().enumerate() {
        if result.get("type").and_then(Value::as_str) != Some("relation") {
            continue;
        }
        let rat = format!("{at}.result[{ri}]");
        let from = result
            .get("from_id")
            .and_then(Value::as_str)
            .and_then(|i| ids.get(i).copied());
        let to = result
            .get("to_id")
            .and_then(Value::as_str)
            .and_then(|i| ids.get(i).copied());
        let kind = result
            .get("labels")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(Value::as_str)
            .unwrap_or("related");
        match (from, to) {
            (Some(from), Some(to)) => {
                let (from, to) = if result.get("direction").and_then(Value::as_str) == Some("left")
                {
                    (to, from)
                } else {
                    (from, to)
                };
                builder.add_relation(doc, kind, from, to);
            }
            _ => {
                return Err(FormatError::at(
                    path,
                    &rat,
                    "relation from_id or to_id names no region of this annotation",
                ))
            }
        }
    }
    Ok(())
}

/// Pick code points or UTF-16 units for one region: whichever makes the text at the offsets
/// equal the recorded text. With neither matching, keep code points and warn.
fn resolve_unit(
    doc: &crate::model::Document,
    start: usize,
    end: usize,
    recorded: Option<&str>,
    warnings: &mut Vec<String>,
    place: &str,
) -> (usize, usize) {
    let text = doc.text();
    let offsets = doc.offsets();
    let as_chars = offsets.slice(text, start, end);
    let Some(recorded) = recorded else {
        return (start, end);
    };
    if as_chars == Some(recorded) {
        return (start, end);
    }
    if let (Some(s), Some(e)) = (
        offsets.utf16_to_char(text, start),
        offsets.utf16_to_char(text, end),
    ) {
        if offsets.slice(text, s, e) == Some(recorded) {
            return (s, e);
        }
    }
    warnings.push(format!(
        "{place}: neither code point nor UTF-16 offsets [{start}, {end}) give the recorded text {recorded:?}; kept as code points"
    ));
    (start, end)
}
