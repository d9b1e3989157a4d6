//! Edits the window and the importers compose: drafted annotations and relations, renames and
//! deletions of labels and relation types, fragments normalized.

use super::*;
use crate::timestamp::now_rfc3339;

/// An annotation drafted for an [`Edit::Add`]: its id is [`NEW_ID`], given when the edit is
/// applied. This is how the window makes annotations; [`new_annotation`] allocates at once, for
/// building projects outside the undo history.
pub fn draft_annotation(
    project: &Project,
    document: usize,
    label: &str,
    fragments: &[Fragment],
    author: &str,
) -> Result<Annotation, EditError> {
    let doc = project
        .documents
        .get(document)
        .ok_or(EditError::NoDocument(document))?;
    let fragments = normalize_fragments(fragments);
    let text = doc
        .covered_text(&fragments)
        .ok_or_else(|| EditError::OutsideText(doc.id.clone()))?;
    let now = now_rfc3339();
    Ok(Annotation {
        id: NEW_ID,
        label: label.to_owned(),
        fragments,
        text,
        author: author.to_owned(),
        created: now.clone(),
        modified: now,
        note: None,
        review: Default::default(),
        attributes: Default::default(),
        suggested_by: None,
    })
}

/// A relation drafted for an [`Edit::AddRelation`] (its id is given when the edit is applied).
pub fn draft_relation(kind: &str, from: u64, to: u64) -> Result<Relation, EditError> {
    if from == to {
        return Err(EditError::Refused(
            "a relation needs two different annotations".into(),
        ));
    }
    Ok(Relation {
        id: NEW_ID,
        kind: kind.to_owned(),
        from,
        to,
    })
}

/// A new annotation over `fragments` of document `document`, with a fresh id and its covered
/// text filled in. Fragments are sorted and merged where they touch.
pub fn new_annotation(
    project: &mut Project,
    document: usize,
    label: &str,
    fragments: &[Fragment],
    author: &str,
) -> Result<Annotation, EditError> {
    let mut annotation = draft_annotation(project, document, label, fragments, author)?;
    annotation.id = doc_mut(project, document)?.allocate_id();
    Ok(annotation)
}

/// Rename the relation type `old` to `new` in the schema and in every link of that type, as one
/// edit.
pub fn rename_relation_kind(project: &Project, old: &str, new: &str) -> Result<Edit, EditError> {
    let new = new.trim();
    if new.is_empty() {
        return Err(EditError::Refused("a relation type needs a name".into()));
    }
    if project.schema.relations.iter().any(|k| k.name == new) {
        return Err(EditError::Refused(format!(
            "there is already a relation type \"{new}\""
        )));
    }
    let mut schema = project.schema.clone();
    let kind = schema
        .relations
        .iter_mut()
        .find(|k| k.name == old)
        .ok_or_else(|| EditError::Refused(format!("no relation type \"{old}\"")))?;
    kind.name = new.to_owned();
    let mut edits = vec![Edit::SetSchema { schema }];
    for (document, doc) in project.documents.iter().enumerate() {
        for r in doc.relations.iter().filter(|r| r.kind == old) {
            let mut changed = r.clone();
            changed.kind = new.to_owned();
            edits.push(Edit::RemoveRelation { document, id: r.id });
            edits.push(Edit::AddRelation {
                document,
                relation: changed,
            });
        }
    }
    Ok(Edit::Batch(edits))
}

/// The edit that renames label `old` to `new` in the schema and on every annotation, as one
/// undoable step.
pub fn rename_label(project: &Project, old: &str, new: &str) -> Result<Edit, EditError> {
    let new = new.trim();
    if new.is_empty() {
        return Err(EditError::Refused("a label needs a name".into()));
    }
    if project.schema.label(new).is_some() {
        return Err(EditError::Refused(format!(
            "there is already a label \"{new}\""
        )));
    }
    let mut schema = project.schema.clone();
    let def = schema
        .labels
        .iter_mut()
        .find(|l| l.name == old)
        .ok_or_else(|| EditError::Refused(format!("no label \"{old}\"")))?;
    def.name = new.to_owned();
    for kind in &mut schema.relations {
        if kind.from == old {
            kind.from = new.to_owned();
        }
        if kind.to == old {
            kind.to = new.to_owned();
        }
    }
    let mut edits = vec![Edit::SetSchema { schema }];
    for (document, doc) in project.documents.iter().enumerate() {
        for a in doc.annotations.iter().filter(|a| a.label == old) {
            let mut changed = (**a).clone();
            changed.label = new.to_owned();
            edits.push(Edit::Update {
                document,
                annotation: changed,
            });
        }
    }
    Ok(Edit::Batch(edits))
}

/// The edit that deletes label `name` from the schema, and either deletes its annotations
/// (`replacement == None`) or relabels them, as one undoable step.
pub fn delete_label(
    project: &Project,
    name: &str,
    replacement: Option<&str>,
) -> Result<Edit, EditError> {
    if let Some(r) = replacement {
        if r == name || project.schema.label(r).is_none() {
            return Err(EditError::Refused(format!(
                "\"{r}\" is not another label of the schema"
            )));
        }
    }
    let mut schema = project.schema.clone();
    schema.labels.retain(|l| l.name != name);
    let mut edits = Vec::new();
    for (document, doc) in project.documents.iter().enumerate() {
        for a in doc.annotations.iter().filter(|a| a.label == name) {
            match replacement {
                Some(r) => {
                    let mut changed = (**a).clone();
                    changed.label = r.to_owned();
                    edits.push(Edit::Update {
                        document,
                        annotation: changed,
                    });
                }
                None => edits.push(Edit::Remove { document, id: a.id }),
            }
        }
    }
    // The schema changes last on the way in, so undo restores it first.
    edits.push(Edit::SetSchema { schema });
    Ok(Edit::Batch(edits))
}

/// A new relation of `kind` from annotation `from` to `to`, with a fresh id.
pub fn new_relation(
    project: &mut Project,
    document: usize,
    kind: &str,
    from: u64,
    to: u64,
) -> Result<Relation, EditError> {
    let mut relation = draft_relation(kind, from, to)?;
    relation.id = doc_mut(project, document)?.allocate_id();
    Ok(relation)
}

/// Sort fragments and merge overlapping or touching ones, dropping empty ones.
pub fn normalize_fragments(fragments: &[Fragment]) -> Vec<Fragment> {
    let mut sorted: Vec<Fragment> = fragments
        .iter()
        .copied()
        .filter(|f| !f.is_empty())
        .collect();
    sorted.sort();
    let mut out: Vec<Fragment> = Vec::with_capacity(sorted.len());
    for f in sorted {
        match out.last_mut() {
            Some(last) if f.start <= last.end => last.end = last.end.max(f.end),
            _ => out.push(f),
        }
    }
    out
}

/// A copy of `annotation` with new fragments (and the covered text and modified time to match).
pub fn with_fragments(
    project: &Project,
    document: usize,
    annotation: &Annotation,
    fragments: &[Fragment],
) -> Result<Annotation, EditError> {
    let doc = project
        .documents
        .get(document)
        .ok_or(EditError::NoDocument(document))?;
    let fragments = normalize_fragments(fragments);
    let text = doc
        .covered_text(&fragments)
        .ok_or_else(|| EditError::OutsideText(doc.id.clone()))?;
    if fragments.is_empty() {
        return Err(EditError::Refused(
            "an annotation needs at least one character".into(),
        ));
    }
    let mut changed = annotation.clone();
    changed.fragments = fragments;
    changed.text = text;
    changed.modified = now_rfc3339();
    Ok(changed)
}
