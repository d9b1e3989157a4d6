//! Building a project from imported data: documents, labels added to the schema as they appear,
//! and warnings for spans that do not match their recorded text or cut a character cluster.

use std::collections::{BTreeMap, HashSet};

use unicode_segmentation::UnicodeSegmentation;

use crate::model::{
    Annotation, Document, FieldDef, Fragment, LabelSchema, Project, Relation, Source,
};
use crate::timestamp::now_rfc3339;

/// What an import found, for the CLI and the window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Documents imported.
    pub documents: usize,
    /// Annotations imported.
    pub annotations: usize,
    /// Relations imported.
    pub relations: usize,
    /// Everything worth a look: mismatched text, cut clusters, things kept as attributes.
    pub warnings: Vec<String>,
}

/// Accumulates an imported project.
pub struct ProjectBuilder {
    project: Project,
    /// The report so far.
    pub report: ImportReport,
    doc_ids: HashSet<String>,
    /// The values each document field of the schema has so far, to add each once in linear time.
    field_values: BTreeMap<String, HashSet<String>>,
    now: String,
}

impl ProjectBuilder {
    /// An empty project named `name` with no labels yet.
    pub fn new(name: &str) -> Self {
        let mut project = Project::new(name);
        project.schema = LabelSchema {
            labels: Vec::new(),
            relations: Vec::new(),
            fields: Vec::new(),
            suggest: Default::default(),
        };
        Self {
            project,
            report: ImportReport::default(),
            doc_ids: HashSet::new(),
            field_values: BTreeMap::new(),
            now: now_rfc3339(),
        }
    }

    /// Add a document (its id made unique) and return its index.
    pub fn add_document(&mut self, id: &str, title: &str, source: Source, text: String) -> usize {
        let base = if id.trim().is_empty() { "document" } else { id };
        let unique = crate::unique::unique_name(base, |c| self.doc_ids.contains(c));
        self.doc_ids.insert(unique.clone());
        self.project
            .documents
            .push(Document::new(unique, title, source, text));
        self.report.documents += 1;
        self.project.documents.len() - 1
    }

    /// Add a document read from `path` in `format` (UTF-8 interchange files), titled by its
    /// first line.
    pub fn add_text_document(
        &mut self,
        id: &str,
        path: &std::path::Path,
        format: &str,
        text: String,
    ) -> usize {
        let source = Source {
            path: path.display().to_string(),
            encoding: "UTF-8".into(),
            format: format.into(),
            ..Source::default()
        };
        let title: String = text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect();
        self.add_document(id, &title, source, text)
    }

    /// The document at `index`.
    pub fn document(&self, index: usize) -> &Document {
        &self.project.documents[index]
    }

    /// Make sure the schema has `label`, adding it with the next colour and hotkey.
    pub fn ensure_label(&mut self, label: &str) {
        if self.project.schema.label(label).is_some() {
            return;
        }
        let def = self.project.schema.new_label(label);
        self.project.schema.labels.push(def);
    }

    /// Add an annotation. `recorded` is the text the source file says the span covers; a mismatch
    /// or a span that cuts a grapheme cluster is kept but reported. Out-of-range spans are refused
    /// with an error message.
    #[allow(clippy::too_many_arguments)]
    pub fn add_annotation(
        &mut self,
        doc: usize,
        label: &str,
        fragments: Vec<Fragment>,
        recorded: Option<&str>,
        author: &str,
        note: Option<String>,
        attributes: BTreeMap<String, String>,
        place: &str,
    ) -> Result<u64, String> {
        let document = &self.project.documents[doc];
        let len = document.char_len();
        if fragments.is_empty() {
            return Err(format!("{place}: span has no fragments"));
        }
        for f in &fragments {
            if f.start >= f.end || f.end > len {
                return Err(format!(
                    "{place}: span [{}, {}) is empty, inverted or beyond the end of the text ({len} characters)",
                    f.start, f.end
                ));
            }
        }
        let mut fragments = fragments;
        fragments.sort();
        let text = document.covered_text(&fragments).unwrap_or_default();
        if let Some(recorded) = recorded {
            if recorded != text {
                self.report
                    .warnings
                    .push(format!("{place}: recorded text {recorded:?} differs from the text at the offsets {text:?}"));
            }
        }
        if fragments.iter().any(|f| cuts_grapheme(document, *f)) {
            self.report
                .warnings
                .push(format!("{place}: span {text:?} cuts a character cluster"));
        }
        self.ensure_label(label);
        let document = &mut self.project.documents[doc];
        let id = document.allocate_id();
        document.annotations.push(Box::new(Annotation {
            id,
            label: label.to_owned(),
            fragments,
            text,
            author: if author.is_empty() {
                "imported".to_owned()
            } else {
                author.to_owned()
            },
            created: self.now.clone(),
            modified: self.now.clone(),
            note,
            review: Default::default(),
            attributes,
            suggested_by: None,
        }));
        self.report.annotations += 1;
        Ok(id)
    }

    /// Attach a note to an annotation already added.
    pub fn set_note(&mut self, doc: usize, id: u64, note: String) {
        if let Some(a) = self.project.documents[doc]
            .annotations
            .iter_mut()
            .find(|a| a.id == id)
        {
            a.note = Some(match a.note.take() {
                Some(old) => format!("{old}\n{note}"),
                None => note,
            });
        }
    }

    /// Set an attribute on an annotation already added.
    pub fn set_attribute(&mut self, doc: usize, id: u64, name: &str, value: String) {
        if let Some(a) = self.project.documents[doc]
            .annotations
            .iter_mut()
            .find(|a| a.id == id)
        {
            a.attributes.insert(name.to_owned(), value);
        }
    }

    /// Add a relation between two annotations already added.
    pub fn add_relation(&mut self, doc: usize, kind: &str, from: u64, to: u64) -> u64 {
        if !self.project.schema.relations.iter().any(|k| k.name == kind) {
            self.project
                .schema
                .relations
                .push(crate::model::RelationKind {
                    name: kind.to_owned(),
                    from: String::new(),
                    to: String::new(),
                    description: String::new(),
                });
        }
        let document = &mut self.project.documents[doc];
        let id = document.allocate_id();
        document.relations.push(Relation {
            id,
            kind: kind.to_owned(),
            from,
            to,
        });
        self.report.relations += 1;
        id
    }

    /// Make sure the schema has document field `field` with `value` among its values.
    pub fn ensure_field_value(&mut self, field: &str, value: &str) {
        let known = self.field_values.entry(field.to_owned()).or_default();
        if !known.insert(value.to_owned()) {
            return;
        }
        let fields = &mut self.project.schema.fields;
        match fields.iter_mut().find(|f| f.name == field) {
            Some(def) => def.values.push(value.to_owned()),
            None => fields.push(FieldDef {
                name: field.to_owned(),
                description: String::new(),
                values: vec![value.to_owned()],
                multiple: false,
            }),
        }
    }

    /// Give document `doc` the value `value` for field `field` (besides any it has: a second
    /// value makes the field multiple choice), adding both to the schema as needed. Answers are
    /// put in the schema's order, each value once, when the project is finished.
    pub fn add_field_value(&mut self, doc: usize, field: &str, value: &str) {
        self.ensure_field_value(field, value);
        let document = &mut self.project.documents[doc];
        document
            .fields
            .entry(field.to_owned())
            .or_default()
            .push(value.to_owned());
    }

    /// Add `seconds` of active time by `annotator` to document `doc`.
    pub fn add_time(&mut self, doc: usize, annotator: &str, seconds: u64) {
        self.project.documents[doc].add_time(annotator, seconds);
    }

    /// The finished project, annotations sorted, and the report.
    pub fn finish(mut self) -> (Project, ImportReport) {
        for doc in &mut self.project.documents {
            doc.sort_annotations();
        }
        self.settle_field_answers();
        if self.project.schema.labels.is_empty() {
            let fields = std::mem::take(&mut self.project.schema.fields);
            self.project.schema = LabelSchema {
                fields,
                ..LabelSchema::default()
            };
        }
        (self.project, self.report)
    }
}

impl ProjectBuilder {
    /// A field some document answered with several values is multiple choice; then every
    /// answer is put in the schema's order, each value once.
    fn settle_field_answers(&mut self) {
        let schema = &mut self.project.schema;
        for doc in &self.project.documents {
            for (field, values) in &doc.fields {
                let distinct: HashSet<&String> = values.iter().collect();
                if distinct.len() > 1 {
                    if let Some(def) = schema.fields.iter_mut().find(|f| &f.name == field) {
                        def.multiple = true;
                    }
                }
            }
        }
        for doc in &mut self.project.documents {
            for (field, values) in doc.fields.iter_mut() {
                if let Some(def) = schema.field(field) {
                    *values = def.normalize(values);
                }
            }
        }
    }
}

/// True when a fragment starts or ends inside a grapheme cluster.
fn cuts_grapheme(doc: &Document, f: Fragment) -> bool {
    let text = doc.text();
    let offsets = doc.offsets();
    let (Some(a), Some(b)) = (
        offsets.char_to_byte(text, f.start),
        offsets.char_to_byte(text, f.end),
    ) else {
        return false;
    };
    let is_boundary = |byte: usize| {
        if byte == 0 || byte == text.len() {
            return true;
        }
        // Look at the cluster around `byte` within its line.
        let line_start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[byte..].find('\n').map_or(text.len(), |i| byte + i);
        text[line_start..line_end]
            .grapheme_indices(true)
            .any(|(i, _)| line_start + i == byte)
            || byte == line_end
    };
    !is_boundary(a) || !is_boundary(b)
}
