//! A project: a named set of documents annotated under one label schema.

use super::document::Document;
use super::schema::LabelSchema;

/// What one project file holds in memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// The name shown in the window title and in exports.
    pub name: String,
    /// The labels annotators may use.
    pub schema: LabelSchema,
    /// The documents, in project order.
    pub documents: Vec<Document>,
}

impl Project {
    /// An empty project with the default schema.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            schema: LabelSchema::default(),
            documents: Vec::new(),
        }
    }

    /// Total number of annotations across all documents.
    pub fn annotation_count(&self) -> usize {
        self.documents.iter().map(|d| d.annotations.len()).sum()
    }

    /// The document with id `id`.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}
