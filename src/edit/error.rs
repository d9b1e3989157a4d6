//! Why an edit could not be applied.

/// Why an edit could not be applied; the model is unchanged when this is returned. Each names the
/// document (by its id) and the annotation or relation concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No document at that position of the project.
    #[error("document #{0} does not exist")]
    NoDocument(usize),
    /// A position outside the project's list of documents.
    #[error("there is no document position {at}; the project has {count}")]
    NoDocumentPosition {
        /// The position asked for.
        at: usize,
        /// How many documents there are.
        count: usize,
    },
    /// A range outside the project's list of documents.
    #[error("documents {at}..{end} do not exist; the project has {count}")]
    NoDocuments {
        /// The first position asked for.
        at: usize,
        /// One past the last.
        end: usize,
        /// How many documents there are.
        count: usize,
    },
    /// A document id that is taken.
    #[error("document \"{0}\" already exists")]
    DocumentExists(String),
    /// The schema has no document field of that name.
    #[error("document \"{document}\": the schema has no document field \"{field}\"")]
    NoField {
        /// The document's id.
        document: String,
        /// The field asked for.
        field: String,
    },
    /// A value the field does not allow.
    #[error("document \"{document}\": field \"{field}\" does not allow the value \"{value}\"")]
    NoFieldValue {
        /// The document's id.
        document: String,
        /// The field.
        field: String,
        /// The value refused.
        value: String,
    },
    /// No annotation with that id in the document.
    #[error("document \"{document}\": annotation {id} does not exist")]
    NoAnnotation {
        /// The document's id.
        document: String,
        /// The annotation's id.
        id: u64,
    },
    /// The annotation's id is taken.
    #[error("document \"{document}\": annotation {id} already exists")]
    AnnotationExists {
        /// The document's id.
        document: String,
        /// The annotation's id.
        id: u64,
    },
    /// No relation with that id in the document.
    #[error("document \"{document}\": relation {id} does not exist")]
    NoRelation {
        /// The document's id.
        document: String,
        /// The relation's id.
        id: u64,
    },
    /// An id already used by an annotation or relation.
    #[error("document \"{document}\": id {id} is already used")]
    IdTaken {
        /// The document's id.
        document: String,
        /// The id.
        id: u64,
    },
    /// A span, or a fragment of it, that is empty or outside the text.
    #[error("document \"{0}\": span is outside the text")]
    OutsideText(String),
    /// Anything else that makes the change impossible (a name that is taken, a link to itself…),
    /// said in words.
    #[error("{0}")]
    Refused(String),
}
