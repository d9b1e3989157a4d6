//! Checks a loaded project for every inconsistency at once, so a user fixes a damaged file in
//! one pass instead of one error per run.

use std::collections::HashSet;
use std::fmt;

use crate::model::{parse_hex_color, sha256_hex, Document, Project};
use crate::timestamp::is_rfc3339;

/// One inconsistency, located by document and annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The document's id, when the problem is inside one.
    pub document: Option<String>,
    /// The annotation or relation id, when the problem is about one.
    pub annotation: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.document, self.annotation) {
            (Some(doc), Some(id)) => {
                write!(f, "document \"{doc}\", annotation {id}: {}", self.message)
            }
            (Some(doc), None) => write!(f, "document \"{doc}\": {}", self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

struct Problems(Vec<Problem>);

impl Problems {
    fn project(&mut self, message: String) {
        self.0.push(Problem {
            document: None,
            annotation: None,
            message,
        });
    }
    fn document(&mut self, doc: &Document, message: String) {
        self.0.push(Problem {
            document: Some(doc.id.clone()),
            annotation: None,
            message,
        });
    }
    fn annotation(&mut self, doc: &Document, id: u64, message: String) {
        self.0.push(Problem {
            document: Some(doc.id.clone()),
            annotation: Some(id),
            message,
        });
    }
}

/// Every problem in `project`; empty when it is consistent.
pub fn validate_project(project: &Project) -> Vec<Problem> {
    let mut problems = Problems(Vec::new());
    validate_schema(project, &mut problems);
    validate_fields(project, &mut problems);
    let mut doc_ids = HashSet::new();
    for doc in &project.documents {
        if doc.id.trim().is_empty() {
            problems.document(doc, "document id is empty".into());
        }
        if !doc_ids.insert(doc.id.as_str()) {
            problems.document(doc, "duplicate document id".into());
        }
        validate_document(project, doc, &mut problems);
    }
    problems.0
}

fn validate_schema(project: &Project, problems: &mut Problems) {
    let mut names = HashSet::new();
    let mut keys = HashSet::new();
    for label in &project.schema.labels {
        if label.name.trim().is_empty() {
            problems.project("schema: a label has an empty name".into());
        }
        if !names.insert(label.name.as_str()) {
            problems.project(format!("schema: label \"{}\" is defined twice", label.name));
        }
        if let Some(key) = &label.hotkey {
            if !keys.insert(key.as_str()) {
                problems.project(format!(
                    "schema: hotkey \"{key}\" of label \"{}\" is already used by another label",
                    label.name
                ));
            }
        }
        if parse_hex_color(&label.color).is_none() {
            problems.project(format!(
                "schema: label \"{}\" has colour \"{}\", expected #RRGGBB",
                label.name, label.color
            ));
        }
    }
}

/// A list of values for a message: all of a short one, the count and the first few of a long one.
fn shown_values(values: &[String]) -> String {
    if values.len() <= 5 {
        format!("{values:?}")
    } else {
        format!("{:?}… ({} in all)", &values[..3], values.len())
    }
}

fn validate_fields(project: &Project, problems: &mut Problems) {
    let mut names = HashSet::new();
    for field in &project.schema.fields {
        if field.name.trim().is_empty() {
            problems.project("schema: a document field has an empty name".into());
        }
        if !names.insert(field.name.as_str()) {
            problems.project(format!(
                "schema: document field \"{}\" is defined twice",
                field.name
            ));
        }
        let mut values = HashSet::new();
        for value in &field.values {
            if value.trim().is_empty() {
                problems.project(format!(
                    "schema: document field \"{}\" has an empty value",
                    field.name
                ));
            } else if !values.insert(value.as_str()) {
                problems.project(format!(
                    "schema: document field \"{}\" lists value \"{value}\" twice",
                    field.name
                ));
            }
        }
    }
}

fn validate_document(project: &Project, doc: &Document, problems: &mut Problems) {
    let actual = sha256_hex(doc.text());
    if actual != doc.sha256() {
        problems.document(
            doc,
            format!(
                "text does not match its SHA-256 (stored {}, actual {actual})",
                doc.sha256()
            ),
        );
    }
    let len = doc.char_len();
    for problem in doc.source.structure.problems(len) {
        problems.document(doc, format!("source structure: {problem}"));
    }
    for (name, values) in &doc.fields {
        match project.schema.field(name) {
            None => problems.document(doc, format!("unknown document field \"{name}\"")),
            Some(field) => {
                let allowed: HashSet<&str> = field.values.iter().map(String::as_str).collect();
                for value in values {
                    if !allowed.contains(value.as_str()) {
                        problems.document(
                            doc,
                            format!("field \"{name}\" has value \"{value}\", which the schema does not allow"),
                        );
                    }
                }
                let known = values.iter().all(|v| allowed.contains(v.as_str()));
                if known && field.normalize(values) != *values {
                    problems.document(
                        doc,
                        format!(
                            "field \"{name}\" has values {}: repeated, out of the schema's order, or more than its single choice allows",
                            shown_values(values)
                        ),
                    );
                }
            }
        }
    }
    let mut ids = HashSet::new();
    for ann in &doc.annotations {
        let id = ann.id;
        if !ids.insert(id) {
            problems.annotation(doc, id, "duplicate annotation id".into());
        }
        if id >= doc.next_id {
            problems.annotation(doc, id, format!("id is not below next_id {}", doc.next_id));
        }
        if project.schema.label(&ann.label).is_none() {
            problems.annotation(doc, id, format!("unknown label \"{}\"", ann.label));
        }
        if ann.fragments.is_empty() {
            problems.annotation(doc, id, "has no fragments".into());
        }
        let mut ranges_ok = true;
        for (i, f) in ann.fragments.iter().enumerate() {
            if f.start > f.end {
                problems.annotation(
                    doc,
                    id,
                    format!("fragment {i} [{}, {}) is inverted", f.start, f.end),
                );
                ranges_ok = false;
            } else if f.start == f.end {
                problems.annotation(
                    doc,
                    id,
                    format!("fragment {i} [{}, {}) is empty", f.start, f.end),
                );
            }
            if f.end > len {
                problems.annotation(
                    doc,
                    id,
                    format!(
                        "fragment {i} [{}, {}) is beyond the end of the text ({len} characters)",
                        f.start, f.end
                    ),
                );
                ranges_ok = false;
            }
            if i > 0 && ann.fragments[i - 1].end > f.start {
                problems.annotation(
                    doc,
                    id,
                    format!("fragment {i} overlaps or precedes fragment {}", i - 1),
                );
            }
        }
        if ranges_ok {
            if let Some(text) = doc.covered_text(&ann.fragments) {
                if text != ann.text {
                    problems.annotation(
                        doc,
                        id,
                        format!(
                            "covered text {:?} differs from the text at its offsets {:?}",
                            ann.text, text
                        ),
                    );
                }
            }
        }
        for (what, value) in [("created", &ann.created), ("modified", &ann.modified)] {
            if !is_rfc3339(value) {
                problems.annotation(doc, id, format!("{what} time {value:?} is not RFC 3339"));
            }
        }
        if let Some(time) = &ann.review.time {
            if !is_rfc3339(time) {
                problems.annotation(doc, id, format!("review time {time:?} is not RFC 3339"));
            }
        }
    }
    for rel in &doc.relations {
        if !ids.insert(rel.id) {
            problems.annotation(doc, rel.id, "relation id is already used".into());
        }
        if rel.id >= doc.next_id {
            problems.annotation(
                doc,
                rel.id,
                format!("relation id is not below next_id {}", doc.next_id),
            );
        }
        for (end, target) in [("from", rel.from), ("to", rel.to)] {
            if doc.annotation(target).is_none() {
                problems.annotation(
                    doc,
                    rel.id,
                    format!(
                        "relation \"{}\" {end} annotation {target}, which does not exist",
                        rel.kind
                    ),
                );
            }
        }
    }
}
