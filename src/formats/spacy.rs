//! spaCy training JSON: a list of `[text, {"entities": [[start, end, label]], "spans": {"sc": [...]}}]`.
//! `doc.ents` refuses overlap, so `entities` holds a non-overlapping set (outermost first) and
//! every span, overlapping or not, is also listed under `spans["sc"]` for span categorization.
//! Document fields go to `cats` as `FIELD:VALUE` scored 1.0 or 0.0 (see [`super::doc_fields`]);
//! reading, a score of 0.5 or more is a chosen value.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::builder::{ImportReport, ProjectBuilder};
use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::{Fragment, Project};

/// The document field a category without `FIELD:` goes to.
pub const CATS_FIELD: &str = "cats";

/// The span group key, spaCy's default for span categorization.
pub const SPAN_KEY: &str = "sc";

/// Write the training list.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut items = Vec::new();
    for doc in &project.documents {
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        for a in options.selected(doc) {
            if a.fragments.len() > 1 {
                report.lose("discontinuous spans written as one span per fragment");
            }
            spans.extend(
                a.fragments
                    .iter()
                    .map(|f| (f.start, f.end, a.label.as_str())),
            );
            report.annotations += 1;
        }
        // Outermost first, then left to right: keep what does not overlap what is kept.
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(spans[i].1 - spans[i].0), spans[i].0));
        // Kept spans never overlap, so they are ordered by start as well as by end: the one
        // starting before `e` with the largest start is the only one that can overlap.
        let mut kept_by_start: std::collections::BTreeMap<usize, usize> =
            std::collections::BTreeMap::new();
        let mut kept: Vec<(usize, usize, &str)> = Vec::new();
        for i in order {
            let (s, e, _) = spans[i];
            let clash = kept_by_start
                .range(..e)
                .next_back()
                .is_some_and(|(_, &ke)| ke > s);
            if clash {
                report.lose("overlapping spans left out of \"entities\" (they are in \"spans\")");
            } else {
                kept_by_start.insert(s, e);
                kept.push(spans[i]);
            }
        }
        kept.sort();
        let ents: Vec<Value> = kept.iter().map(|(s, e, l)| json!([s, e, l])).collect();
        let all: Vec<Value> = spans.iter().map(|(s, e, l)| json!([s, e, l])).collect();
        let mut annotations = json!({"entities": ents, "spans": {SPAN_KEY: all}});
        let cats = super::doc_fields::spacy_cats(project, doc);
        if !cats.is_empty() {
            annotations["cats"] = Value::Object(cats);
            report.field_answers += super::doc_fields::answer_count(doc);
        }
        items.push(json!([doc.text(), annotations]));
    }
    let text = serde_json::to_string_pretty(&Value::Array(items))
        .map_err(|e| FormatError::new(out, e.to_string()))?;
    write_file(out, text.as_bytes(), &mut report)?;
    Ok(report)
}

/// Read spaCy training JSON (the list form). Spans found both in `entities` and in a span group
/// are imported once.
pub fn import(
    paths: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, ImportReport), FormatError> {
    let mut builder = ProjectBuilder::new(name);
    for path in paths {
        let value: Value = super::read_json(path)?;
        let items = value
            .as_array()
            .ok_or_else(|| FormatError::at(path, "$", "expected a list of [text, annotations]"))?;
        let stem = crate::import::document_id_from_path(path);
        for (i, item) in items.iter().enumerate() {
            let place = format!("$[{i}]");
            let pair = item.as_array().filter(|p| p.len() == 2).ok_or_else(|| {
                FormatError::at(path, &place, "expected [text, {\"entities\": ...}]")
            })?;
            let text = pair[0].as_str().ok_or_else(|| {
                FormatError::at(path, format!("{place}[0]"), "expected the text as a string")
            })?;
            let text = crate::import::normalize_line_ends(text);
            let doc = builder.add_text_document(&format!("{stem}-{}", i + 1), path, "spacy", text);
            if let Some(cats) = pair[1].get("cats") {
                let cats = cats.as_object().ok_or_else(|| {
                    FormatError::at(path, format!("{place}[1].cats"), "expected an object")
                })?;
                for (name, score) in cats {
                    let (field, value) = super::doc_fields::split_category(name, CATS_FIELD);
                    let Some(score) = score.as_f64() else {
                        return Err(FormatError::at(
                            path,
                            format!("{place}[1].cats.{name}"),
                            "expected a number",
                        ));
                    };
                    if score >= 0.5 {
                        builder.add_field_value(doc, field, value);
                    } else {
                        builder.ensure_field_value(field, value);
                    }
                }
            }
            let mut seen = std::collections::HashSet::new();
            let mut lists: Vec<(String, &Value)> = Vec::new();
            if let Some(ents) = pair[1].get("entities") {
                lists.push((format!("{place}[1].entities"), ents));
            }
            if let Some(groups) = pair[1].get("spans").and_then(Value::as_object) {
                for (key, v) in groups {
                    lists.push((format!("{place}[1].spans.{key}"), v));
                }
            }
            for (list_place, list) in lists {
                let list = list
                    .as_array()
                    .ok_or_else(|| FormatError::at(path, &list_place, "expected a list"))?;
                for (k, span) in list.iter().enumerate() {
                    let at = format!("{list_place}[{k}]");
                    let triple = span.as_array().filter(|t| t.len() >= 3);
                    let (Some(s), Some(e), Some(label)) = (
                        triple.and_then(|t| t[0].as_u64()),
                        triple.and_then(|t| t[1].as_u64()),
                        triple.and_then(|t| t[2].as_str()),
                    ) else {
                        return Err(FormatError::at(path, &at, "expected [start, end, label]"));
                    };
                    if seen.insert((s, e, label.to_owned())) {
                        builder
                            .add_annotation(
                                doc,
                                label,
                                vec![Fragment::new(s as usize, e as usize)],
                                None,
                                author,
                                None,
                                BTreeMap::new(),
                                &format!("{}: {at}", path.display()),
                            )
                            .map_err(|m| FormatError::at(path, &at, m))?;
                    }
                }
            }
        }
    }
    Ok(builder.finish())
}
