//! Every change to annotations as a value: applied to the model, and inverted for undo.
//!
//! The window never edits annotations directly. It builds an [`Edit`], applies it through
//! [`crate::history::History`], and so every change can be undone, redone and tested headless.

mod compose;
mod error;
mod fields;

pub use compose::*;
pub use error::EditError;
pub use fields::{change_schema, rename_field, set_field_values};

use crate::model::{Annotation, DocStatus, Document, Fragment, Project, Relation};

/// One reversible change to a project: its annotations, relations, schema or list of articles.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Insert an annotation (its id must be new in the document).
    Add {
        /// Index of the document in the project.
        document: usize,
        /// The annotation to insert.
        annotation: Annotation,
    },
    /// Remove the annotation with this id.
    Remove {
        /// Index of the document in the project.
        document: usize,
        /// The annotation's id.
        id: u64,
    },
    /// Replace the annotation that has the same id with this one.
    Update {
        /// Index of the document in the project.
        document: usize,
        /// The new state of the annotation.
        annotation: Annotation,
    },
    /// Link two annotations of a document (both must exist; the id must be new).
    AddRelation {
        /// Index of the document in the project.
        document: usize,
        /// The relation to add.
        relation: Relation,
    },
    /// Remove the relation with this id.
    RemoveRelation {
        /// Index of the document in the project.
        document: usize,
        /// The relation's id.
        id: u64,
    },
    /// Replace the project's label schema (renaming, recolouring, hotkeys, attributes).
    SetSchema {
        /// The new schema.
        schema: crate::model::LabelSchema,
    },
    /// Insert articles into the corpus at position `at` (their ids must be new), so adding a
    /// folder by mistake is one Ctrl+Z away from undone.
    InsertDocuments {
        /// Where the first one goes in the project's list.
        at: usize,
        /// The documents, in order.
        documents: Vec<Document>,
    },
    /// Take `count` documents out of the corpus starting at `at` (the inverse of an insert).
    RemoveDocuments {
        /// Index of the first one.
        at: usize,
        /// How many.
        count: usize,
    },
    /// Record how far the annotator has come with a document, undoable like any other change.
    SetDocumentStatus {
        /// Index of the document in the project.
        document: usize,
        /// The new status.
        status: DocStatus,
    },
    /// Set a document's next free id (the inverse of an edit that allocated one), so undo gives
    /// back the ids it took.
    SetNextId {
        /// Index of the document in the project.
        document: usize,
        /// The value to restore.
        next_id: u64,
    },
    /// Remember that the user rejected a suggestion (`true`), or forget it (`false`, the
    /// inverse), so it does not come back.
    SetRejected {
        /// Index of the document in the project.
        document: usize,
        /// The suggestion rejected.
        rejection: crate::model::Rejection,
        /// Rejected or not.
        rejected: bool,
    },
    /// Replace a document's imported predictions (an import as suggestions).
    SetPredictions {
        /// Index of the document in the project.
        document: usize,
        /// The predictions.
        predictions: Vec<crate::model::Prediction>,
    },
    /// Answer a document field (empty values: clear it). The values must be the field's own;
    /// they are kept in the schema's order, one at most for a single-choice field.
    SetDocumentField {
        /// Index of the document in the project.
        document: usize,
        /// The field's name from the schema.
        field: String,
        /// The chosen values.
        values: Vec<String>,
    },
    /// Several edits that undo and redo as one step (a bulk tag, a multi-delete).
    Batch(Vec<Edit>),
}

/// The id of an annotation or relation drafted for an edit: the edit gives it the document's next
/// free id when it is applied, so a refused edit uses no id and undo gives it back.
pub const NEW_ID: u64 = u64::MAX;

impl Edit {
    /// The annotation this edit puts (back) into a document, if any: (document, id). Undo and redo
    /// select it, so the user sees what came back.
    pub fn touched(&self) -> Option<(usize, u64)> {
        match self {
            Edit::Add {
                document,
                annotation,
            }
            | Edit::Update {
                document,
                annotation,
            } => Some((*document, annotation.id)),
            // A bulk change (a rename, a tag-all) selects nothing: no one annotation stands for it.
            Edit::Batch(edits) => {
                let mut touched = edits.iter().filter_map(Edit::touched);
                let first = touched.next()?;
                touched.all(|t| t == first).then_some(first)
            }
            _ => None,
        }
    }

    /// Apply the edit and return the edit that reverses it.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        match self {
            Edit::Add {
                document,
                annotation,
            } => add_annotation(project, document, annotation),
            Edit::Remove { document, id } => remove_annotation(project, document, id),
            Edit::SetSchema { schema } => {
                let before = std::mem::replace(&mut project.schema, schema);
                Ok(Edit::SetSchema { schema: before })
            }
            Edit::InsertDocuments { at, documents } => insert_documents(project, at, documents),
            Edit::RemoveDocuments { at, count } => remove_documents(project, at, count),
            Edit::SetDocumentStatus { document, status } => {
                let doc = doc_mut(project, document)?;
                let before = std::mem::replace(&mut doc.status, status);
                Ok(Edit::SetDocumentStatus {
                    document,
                    status: before,
                })
            }
            Edit::AddRelation { document, relation } => add_relation(project, document, relation),
            Edit::RemoveRelation { document, id } => remove_relation(project, document, id),
            Edit::Update {
                document,
                annotation,
            } => update_annotation(project, document, annotation),
            Edit::SetNextId { document, next_id } => {
                let doc = doc_mut(project, document)?;
                let before = std::mem::replace(&mut doc.next_id, next_id);
                Ok(Edit::SetNextId {
                    document,
                    next_id: before,
                })
            }
            Edit::SetRejected {
                document,
                rejection,
                rejected,
            } => {
                let doc = doc_mut(project, document)?;
                let at = doc.rejections.binary_search(&rejection);
                match (at, rejected) {
                    (Err(i), true) => doc.rejections.insert(i, rejection.clone()),
                    (Ok(i), false) => {
                        doc.rejections.remove(i);
                    }
                    // Already so: nothing changes, and the inverse changes nothing either.
                    (Ok(_), true) | (Err(_), false) => {
                        return Ok(Edit::Batch(Vec::new()));
                    }
                }
                Ok(Edit::SetRejected {
                    document,
                    rejection,
                    rejected: !rejected,
                })
            }
            Edit::SetPredictions {
                document,
                predictions,
            } => {
                let doc = doc_mut(project, document)?;
                let before = std::mem::replace(&mut doc.predictions, predictions);
                Ok(Edit::SetPredictions {
                    document,
                    predictions: before,
                })
            }
            Edit::SetDocumentField {
                document,
                field,
                values,
            } => set_document_field(project, document, field, values),
            Edit::Batch(edits) => apply_batch(project, edits),
        }
    }
}

/// Set a document field after checking it and its values against the schema.
fn set_document_field(
    project: &mut Project,
    document: usize,
    field: String,
    values: Vec<String>,
) -> Result<Edit, EditError> {
    // Clearing is always allowed: it is how answers of a field the schema dropped are removed.
    if values.is_empty() {
        let doc = doc_mut(project, document)?;
        let before = doc.set_field(&field, Vec::new());
        return Ok(Edit::SetDocumentField {
            document,
            field,
            values: before,
        });
    }
    let def = project.schema.field(&field);
    let doc_id = || {
        project
            .documents
            .get(document)
            .map_or_else(String::new, |d| d.id.clone())
    };
    let Some(def) = def else {
        return Err(EditError::NoField {
            document: doc_id(),
            field,
        });
    };
    if let Some(bad) = values.iter().find(|v| !def.values.contains(v)) {
        return Err(EditError::NoFieldValue {
            document: doc_id(),
            field,
            value: bad.clone(),
        });
    }
    let values = def.normalize(&values);
    let doc = doc_mut(project, document)?;
    let before = doc.set_field(&field, values);
    Ok(Edit::SetDocumentField {
        document,
        field,
        values: before,
    })
}

/// Add `annotation` (a fresh id when it has none); the inverse removes it and restores `next_id`.
fn add_annotation(
    project: &mut Project,
    document: usize,
    mut annotation: Annotation,
) -> Result<Edit, EditError> {
    let doc = doc_mut(project, document)?;
    if annotation.id == NEW_ID {
        annotation.id = doc.next_id;
    }
    if doc.annotation_index(annotation.id).is_some() {
        return Err(EditError::AnnotationExists {
            document: doc.id.clone(),
            id: annotation.id,
        });
    }
    check_fragments(doc, &annotation)?;
    let id = annotation.id;
    let before = doc.next_id;
    doc.next_id = doc.next_id.max(id.saturating_add(1));
    doc.insert_sorted(annotation);
    Ok(with_next_id(
        Edit::Remove { document, id },
        document,
        before,
        doc.next_id,
    ))
}

/// Remove annotation `id` and its links; the inverse puts them back.
fn remove_annotation(project: &mut Project, document: usize, id: u64) -> Result<Edit, EditError> {
    let doc = doc_mut(project, document)?;
    let annotation = doc
        .remove_annotation(id)
        .ok_or_else(|| EditError::NoAnnotation {
            document: doc.id.clone(),
            id,
        })?;
    // Its relations go with it, and come back with it on undo.
    let (gone, kept): (Vec<Relation>, Vec<Relation>) = doc
        .relations
        .drain(..)
        .partition(|r| r.from == id || r.to == id);
    doc.relations = kept;
    let add = Edit::Add {
        document,
        annotation,
    };
    if gone.is_empty() {
        return Ok(add);
    }
    let mut undo = vec![add];
    undo.extend(
        gone.into_iter()
            .map(|relation| Edit::AddRelation { document, relation }),
    );
    Ok(Edit::Batch(undo))
}

/// Insert `documents` at position `at`, each id unique.
fn insert_documents(
    project: &mut Project,
    at: usize,
    documents: Vec<Document>,
) -> Result<Edit, EditError> {
    if at > project.documents.len() {
        return Err(EditError::NoDocumentPosition {
            at,
            count: project.documents.len(),
        });
    }
    for (i, doc) in documents.iter().enumerate() {
        let taken = project.documents.iter().any(|d| d.id == doc.id)
            || documents[..i].iter().any(|d| d.id == doc.id);
        if taken {
            return Err(EditError::DocumentExists(doc.id.clone()));
        }
    }
    let count = documents.len();
    project.documents.splice(at..at, documents);
    Ok(Edit::RemoveDocuments { at, count })
}

/// Remove `count` documents from position `at`.
fn remove_documents(project: &mut Project, at: usize, count: usize) -> Result<Edit, EditError> {
    let end = at.saturating_add(count);
    if end > project.documents.len() {
        return Err(EditError::NoDocuments {
            at,
            end,
            count: project.documents.len(),
        });
    }
    let documents: Vec<Document> = project.documents.drain(at..end).collect();
    Ok(Edit::InsertDocuments { at, documents })
}

/// Add `relation` between two annotations of the document (a fresh id when it has none).
fn add_relation(
    project: &mut Project,
    document: usize,
    mut relation: Relation,
) -> Result<Edit, EditError> {
    let doc = doc_mut(project, document)?;
    if relation.id == NEW_ID {
        relation.id = doc.next_id;
    }
    for end in [relation.from, relation.to] {
        if doc.annotation(end).is_none() {
            return Err(EditError::NoAnnotation {
                document: doc.id.clone(),
                id: end,
            });
        }
    }
    if doc.relations.iter().any(|r| r.id == relation.id) || doc.annotation(relation.id).is_some() {
        return Err(EditError::IdTaken {
            document: doc.id.clone(),
            id: relation.id,
        });
    }
    let id = relation.id;
    let before = doc.next_id;
    doc.next_id = doc.next_id.max(id.saturating_add(1));
    doc.relations.push(relation);
    doc.relations.sort_by_key(|r| r.id);
    Ok(with_next_id(
        Edit::RemoveRelation { document, id },
        document,
        before,
        doc.next_id,
    ))
}

/// Remove relation `id`.
fn remove_relation(project: &mut Project, document: usize, id: u64) -> Result<Edit, EditError> {
    let doc = doc_mut(project, document)?;
    let at = doc
        .relations
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(|| EditError::NoRelation {
            document: doc.id.clone(),
            id,
        })?;
    let relation = doc.relations.remove(at);
    Ok(Edit::AddRelation { document, relation })
}

/// Replace the annotation with `annotation`'s id by `annotation`.
fn update_annotation(
    project: &mut Project,
    document: usize,
    annotation: Annotation,
) -> Result<Edit, EditError> {
    let doc = doc_mut(project, document)?;
    let at = doc
        .annotation_index(annotation.id)
        .ok_or_else(|| EditError::NoAnnotation {
            document: doc.id.clone(),
            id: annotation.id,
        })?;
    check_fragments(doc, &annotation)?;
    let before = doc.annotations.remove(at);
    doc.insert_sorted(annotation);
    Ok(Edit::Update {
        document,
        annotation: *before,
    })
}

/// Apply `edits` in order, all or none: when one fails, what was applied is taken back, and a
/// failure of that is reported too.
fn apply_batch(project: &mut Project, edits: Vec<Edit>) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(project) {
            Ok(inverse) => inverses.push(inverse),
            Err(err) => {
                // Take back what was applied; should that fail too, say so rather than
                // leave the project half changed without a word.
                let failed: Vec<String> = inverses
                    .into_iter()
                    .rev()
                    .filter_map(|inverse| inverse.apply(project).err())
                    .map(|e| e.to_string())
                    .collect();
                if failed.is_empty() {
                    return Err(err);
                }
                return Err(EditError::Refused(format!(
                    "{err}; undoing the part already applied also failed: {}",
                    failed.join("; ")
                )));
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// `inverse`, and when the edit moved the document's next free id from `before` to `after`, the
/// step that puts it back.
fn with_next_id(inverse: Edit, document: usize, before: u64, after: u64) -> Edit {
    if before == after {
        inverse
    } else {
        Edit::Batch(vec![
            inverse,
            Edit::SetNextId {
                document,
                next_id: before,
            },
        ])
    }
}

impl Edit {
    /// The annotation this edit takes out of a document, (document, id): for the inverse of an
    /// add, which annotation the add made.
    pub fn removed(&self) -> Option<(usize, u64)> {
        match self {
            Edit::Remove { document, id } => Some((*document, *id)),
            Edit::Batch(edits) => {
                let mut removed = edits.iter().filter_map(Edit::removed);
                let first = removed.next()?;
                removed.next().is_none().then_some(first)
            }
            _ => None,
        }
    }
}

fn doc_mut(project: &mut Project, index: usize) -> Result<&mut crate::model::Document, EditError> {
    project
        .documents
        .get_mut(index)
        .ok_or(EditError::NoDocument(index))
}

fn check_fragments(doc: &crate::model::Document, annotation: &Annotation) -> Result<(), EditError> {
    let len = doc.char_len();
    if annotation.fragments.is_empty() {
        return Err(EditError::Refused(format!(
            "annotation {} has no fragments",
            annotation.id
        )));
    }
    for f in &annotation.fragments {
        if f.start >= f.end || f.end > len {
            return Err(EditError::Refused(format!(
                "document \"{}\": fragment [{}, {}) is empty or outside the text ({len} characters)",
                doc.id, f.start, f.end
            )));
        }
    }
    Ok(())
}
