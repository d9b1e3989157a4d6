//! One article inside a project: its normalized text, where it came from, and its annotations.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::annotation::{Annotation, Fragment, Relation};
use super::structure::Structure;
use crate::offsets::OffsetIndex;

/// Where a document's text came from, so a reader can trace it back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file the text was imported from, as given at import.
    pub path: String,
    /// The character encoding detected when the file was decoded, such as `UTF-8` or `GB18030`.
    pub encoding: String,
    /// The format the text was extracted from: `text`, `markdown`, `html` (the whole page's
    /// visible text), `web-article` (the article a saved page holds), `pdf`, `docx`, `odt` or
    /// `epub`.
    pub format: String,
    /// The address the source gives for itself (a web page's canonical URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who wrote it, as the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// When it was published, as the source says (often RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Pages, chapters and headings as offsets into the text.
    #[serde(default, skip_serializing_if = "Structure::is_empty")]
    pub structure: Structure,
}

/// How far the annotator has come with a document, set by hand in the document list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Not started.
    #[default]
    Todo,
    /// Being annotated.
    InProgress,
    /// Finished.
    Done,
}

impl DocStatus {
    /// Every status, in order.
    pub const ALL: [DocStatus; 3] = [DocStatus::Todo, DocStatus::InProgress, DocStatus::Done];

    /// The name shown and written.
    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Todo => "to do",
            DocStatus::InProgress => "in progress",
            DocStatus::Done => "done",
        }
    }

    /// True for the default, which files leave out.
    pub fn is_todo(&self) -> bool {
        *self == DocStatus::Todo
    }
}

/// An article with its annotations. The text never changes after import: offsets point into it.
#[derive(Debug, Clone)]
pub struct Document {
    /// A short stable name, unique in the project, used in exports and messages.
    pub id: String,
    /// A human-readable title.
    pub title: String,
    /// Provenance of the text.
    pub source: Source,
    /// The next id to hand out for an annotation or relation; ids are never reused.
    pub next_id: u64,
    /// Annotations, kept sorted by [`Annotation::sort_key`]. Boxed so inserting or removing
    /// one in a book with 100,000 annotations moves pointers, not whole annotations.
    pub annotations: Vec<Box<Annotation>>,
    /// Relations between annotations of this document.
    pub relations: Vec<Relation>,
    /// The annotator's progress on this document.
    pub status: DocStatus,
    /// Spans another tool or a model labelled, offered as suggestions.
    pub predictions: Vec<super::suggestion::Prediction>,
    /// Suggestions the user rejected, sorted.
    pub rejections: Vec<super::suggestion::Rejection>,
    /// The document's answers to the schema's document fields: field name to the chosen values,
    /// in the field's order. A field nobody answered has no entry.
    pub fields: BTreeMap<String, Vec<String>>,
    /// Active annotation time in whole seconds, by annotator.
    pub time_seconds: BTreeMap<String, u64>,
    text: String,
    sha256: String,
    offsets: OnceLock<OffsetIndex>,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.title == other.title
            && self.source == other.source
            && self.next_id == other.next_id
            && self.annotations == other.annotations
            && self.relations == other.relations
            && self.status == other.status
            && self.predictions == other.predictions
            && self.rejections == other.rejections
            && self.fields == other.fields
            && self.time_seconds == other.time_seconds
            && self.sha256 == other.sha256
            && self.text == other.text
    }
}

/// SHA-256 of `text` as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

impl Document {
    /// A new document over already normalized `text`, with no annotations.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        source: Source,
        text: String,
    ) -> Self {
        let sha256 = sha256_hex(&text);
        Self::from_parts(id.into(), title.into(), source, text, sha256, 1)
    }

    /// Rebuild a document as read from a file, trusting the stored hash (validation checks it).
    pub(crate) fn from_parts(
        id: String,
        title: String,
        source: Source,
        text: String,
        sha256: String,
        next_id: u64,
    ) -> Self {
        Self {
            id,
            title,
            source,
            next_id,
            annotations: Vec::new(),
            relations: Vec::new(),
            status: DocStatus::Todo,
            predictions: Vec::new(),
            rejections: Vec::new(),
            fields: BTreeMap::new(),
            time_seconds: BTreeMap::new(),
            text,
            sha256,
            offsets: OnceLock::new(),
        }
    }

    /// The normalized text all offsets point into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The stored SHA-256 of the text, which matches documents across annotators' projects.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The offset converter for this text, built on first use.
    pub fn offsets(&self) -> &OffsetIndex {
        self.offsets.get_or_init(|| OffsetIndex::new(&self.text))
    }

    /// Length of the text in code points.
    pub fn char_len(&self) -> usize {
        self.offsets().char_len()
    }

    /// The text of one fragment, or `None` if it is out of range or inverted.
    pub fn fragment_text(&self, fragment: Fragment) -> Option<&str> {
        self.offsets()
            .slice(&self.text, fragment.start, fragment.end)
    }

    /// The covered text of a set of fragments: their texts joined by one space (brat's rule).
    pub fn covered_text(&self, fragments: &[Fragment]) -> Option<String> {
        let mut out = String::new();
        for (i, fragment) in fragments.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.fragment_text(*fragment)?);
        }
        Some(out)
    }

    /// The values this document has for field `name` (empty when unanswered).
    pub fn field_values(&self, name: &str) -> &[String] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }

    /// Set field `name` to `values`, removing the entry when they are empty; returns the values
    /// it had.
    pub fn set_field(&mut self, name: &str, values: Vec<String>) -> Vec<String> {
        if values.is_empty() {
            self.fields.remove(name).unwrap_or_default()
        } else {
            self.fields
                .insert(name.to_owned(), values)
                .unwrap_or_default()
        }
    }

    /// Add `seconds` of active time to `annotator`'s count on this document.
    pub fn add_time(&mut self, annotator: &str, seconds: u64) {
        if seconds > 0 {
            let count = self.time_seconds.entry(annotator.to_owned()).or_insert(0);
            *count = count.saturating_add(seconds);
        }
    }

    /// Active time on this document in seconds, all annotators together.
    pub fn total_seconds(&self) -> u64 {
        self.time_seconds
            .values()
            .fold(0, |sum, s| sum.saturating_add(*s))
    }

    /// Take a fresh id for a new annotation or relation.
    pub fn allocate_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Position of annotation `id` in [`Document::annotations`].
    pub fn annotation_index(&self, id: u64) -> Option<usize> {
        self.annotations.iter().position(|a| a.id == id)
    }

    /// Annotation `id`, if present.
    pub fn annotation(&self, id: u64) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id).map(|a| &**a)
    }

    /// Insert an annotation at its sorted place and return that position.
    pub fn insert_sorted(&mut self, annotation: Annotation) -> usize {
        let key = annotation.sort_key();
        let at = self.annotations.partition_point(|a| a.sort_key() < key);
        self.annotations.insert(at, Box::new(annotation));
        self.next_id = self.next_id.max(self.annotations[at].id + 1);
        at
    }

    /// Remove annotation `id` and return it.
    pub fn remove_annotation(&mut self, id: u64) -> Option<Annotation> {
        let at = self.annotation_index(id)?;
        Some(*self.annotations.remove(at))
    }

    /// Restore sorted order after annotations were edited in place.
    pub fn sort_annotations(&mut self) {
        self.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
}
