//! Three-way merge of two edited copies of a project against the version both started from, by
//! annotation id, so two annotators (or two machines) can work on one file and lose nothing.
//!
//! Used when the file changed on disk before a save, and by `marginalia merge BASE OURS THEIRS`,
//! which git can run as a merge driver.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Annotation, Document, Project};

/// One annotation both sides changed differently. The merged project holds `ours` (or `theirs`
/// when ours deleted it) until the user chooses.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeConflict {
    /// Index of the document in the merged project.
    pub document: usize,
    /// The document's id, for messages.
    pub document_id: String,
    /// The annotation as it was in the base.
    pub base: Option<Annotation>,
    /// Our version (`None`: we deleted it).
    pub ours: Option<Annotation>,
    /// Their version (`None`: they deleted it).
    pub theirs: Option<Annotation>,
    /// What happened, in words.
    pub what: String,
}

/// A merged project and what needs a decision.
#[derive(Debug, Clone)]
pub struct MergeResult {
    /// The merged project.
    pub project: Project,
    /// Conflicts, each resolved provisionally so that no version is lost.
    pub conflicts: Vec<MergeConflict>,
    /// Document fields both sides answered differently, in words; ours was kept.
    pub field_conflicts: Vec<String>,
}

fn by_id(doc: Option<&Document>) -> BTreeMap<u64, &Annotation> {
    doc.map(|d| d.annotations.iter().map(|a| (a.id, &**a)).collect())
        .unwrap_or_default()
}

/// Why two versions could not be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A document has another text in the other version.
    #[error("document \"{document}\" has different text in the two versions and cannot be merged")]
    TextDiffers { document: String },
}

/// Merge `ours` and `theirs`, both derived from `base`. Documents are matched by id; a document
/// whose text differs between the sides cannot be merged and is an error naming it.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Result<MergeResult, MergeError> {
    let mut merged = ours.clone();
    for label in &theirs.schema.labels {
        if merged.schema.label(&label.name).is_none() {
            merged.schema.labels.push(label.clone());
        }
    }
    for field in &theirs.schema.fields {
        if merged.schema.field(&field.name).is_none() {
            merged.schema.fields.push(field.clone());
        }
    }
    let mut conflicts = Vec::new();
    let mut field_conflicts = Vec::new();
    // Documents they added.
    for doc in &theirs.documents {
        let in_base = base.document(&doc.id).is_some();
        if merged.document(&doc.id).is_none() && !in_base {
            merged.documents.push(doc.clone());
        }
    }
    for di in 0..merged.documents.len() {
        let id = merged.documents[di].id.clone();
        let Some(their_doc) = theirs.document(&id) else {
            continue;
        };
        let our_doc = &merged.documents[di];
        if our_doc.sha256() != their_doc.sha256() {
            return Err(MergeError::TextDiffers { document: id });
        }
        let base_doc = base
            .document(&id)
            .filter(|b| b.sha256() == our_doc.sha256());
        let (b, o, t) = (
            by_id(base_doc),
            by_id(Some(our_doc)),
            by_id(Some(their_doc)),
        );
        let ids: BTreeSet<u64> = b.keys().chain(o.keys()).chain(t.keys()).copied().collect();
        let mut result: Vec<Annotation> = Vec::new();
        let mut next_id = our_doc
            .next_id
            .max(their_doc.next_id)
            .max(base_doc.map_or(1, |d| d.next_id));
        for aid in ids {
            let (bv, ov, tv) = (
                b.get(&aid).copied(),
                o.get(&aid).copied(),
                t.get(&aid).copied(),
            );
            if let Some(what) = merge_one(aid, bv, ov, tv, &mut next_id, &mut result) {
                conflicts.push(MergeConflict {
                    document: di,
                    document_id: id.clone(),
                    base: bv.cloned(),
                    ours: ov.cloned(),
                    theirs: tv.cloned(),
                    what,
                });
            }
        }
        let kept: BTreeSet<u64> = result.iter().map(|a| a.id).collect();
        let mut relations = our_doc.relations.clone();
        for r in &their_doc.relations {
            if !relations.iter().any(|x| x.id == r.id)
                && base_doc.is_none_or(|bd| !bd.relations.iter().any(|x| x.id == r.id))
            {
                relations.push(r.clone());
            }
        }
        relations.retain(|r| kept.contains(&r.from) && kept.contains(&r.to));
        let (fields, clashes) = merge_fields(base_doc, our_doc, their_doc);
        field_conflicts.extend(clashes);
        let time_seconds = merge_time(base_doc, our_doc, their_doc);
        let doc = &mut merged.documents[di];
        doc.fields = fields;
        doc.time_seconds = time_seconds;
        doc.annotations = result.into_iter().map(Box::new).collect();
        doc.relations = relations;
        doc.next_id = next_id.max(doc.annotations.iter().map(|a| a.id + 1).max().unwrap_or(1));
        doc.sort_annotations();
    }
    Ok(MergeResult {
        project: merged,
        conflicts,
        field_conflicts,
    })
}

/// Each document field three ways: a side that changed it wins; both changed it differently,
/// ours is kept and the clash described.
fn merge_fields(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let names: BTreeSet<&String> = ours.fields.keys().chain(theirs.fields.keys()).collect();
    let mut merged = BTreeMap::new();
    let mut clashes = Vec::new();
    for name in names {
        let b = base.map_or(&[][..], |d| d.field_values(name));
        let (o, t) = (ours.field_values(name), theirs.field_values(name));
        let value = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            clashes.push(format!(
                "document \"{}\": field \"{name}\" is {} here and {} there; kept {}",
                ours.id,
                shown(o),
                shown(t),
                shown(o)
            ));
            o
        };
        if !value.is_empty() {
            merged.insert(name.clone(), value.to_vec());
        }
    }
    (merged, clashes)
}

fn shown(values: &[String]) -> String {
    if values.is_empty() {
        "unset".to_owned()
    } else {
        values.join(", ")
    }
}

/// Active time per annotator: what the base had plus what each side added, so time counted on
/// two machines adds up.
fn merge_time(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
) -> BTreeMap<String, u64> {
    let mut merged = ours.time_seconds.clone();
    for (who, &t) in &theirs.time_seconds {
        let b = base
            .and_then(|d| d.time_seconds.get(who))
            .copied()
            .unwrap_or(0);
        let added = t.saturating_sub(b);
        let entry = merged.entry(who.clone()).or_insert(0);
        *entry = entry.saturating_add(added);
    }
    merged
}

/// Merge the three versions of annotation `aid` (base, ours, theirs) into `result`; a conflict
/// keeps the side that still has it and says what happened.
fn merge_one(
    aid: u64,
    base: Option<&Annotation>,
    ours: Option<&Annotation>,
    theirs: Option<&Annotation>,
    next_id: &mut u64,
    result: &mut Vec<Annotation>,
) -> Option<String> {
    let mut keep = |a: &Annotation| result.push(a.clone());
    match (base, ours, theirs) {
        (_, Some(o), Some(t)) if o == t => keep(o),
        (Some(b), Some(o), Some(t)) => {
            if o == b {
                keep(t);
            } else if t == b {
                keep(o);
            } else {
                keep(o);
                return Some(format!("annotation {aid} was changed on both sides"));
            }
        }
        (Some(b), Some(o), None) if o != b => {
            keep(o);
            return Some(format!(
                "annotation {aid} was changed here but deleted there"
            ));
        }
        (Some(b), None, Some(t)) if t != b => {
            keep(t);
            return Some(format!(
                "annotation {aid} was deleted here but changed there"
            ));
        }
        (None, Some(o), None) => keep(o),
        (None, None, Some(t)) => keep(t),
        (None, Some(o), Some(t)) => {
            // Both sides created different annotations under the same new id: keep both.
            keep(o);
            let mut theirs_copy = t.clone();
            theirs_copy.id = *next_id;
            *next_id += 1;
            result.push(theirs_copy);
        }
        // Deleted on one side and unchanged on the other, or gone everywhere.
        _ => {}
    }
    None
}

/// How many changes lie between two versions of a project: annotations added, removed or
/// changed, and document fields answered differently, to tell the user what restoring a
/// recovery file (or a reload) brings.
pub fn count_differences(a: &Project, b: &Project) -> usize {
    let mut n = 0;
    for doc in &a.documents {
        let other = b.document(&doc.id);
        let (x, y) = (by_id(Some(doc)), by_id(other));
        n += x.iter().filter(|(id, ann)| y.get(id) != Some(ann)).count();
        n += y.keys().filter(|id| !x.contains_key(id)).count();
        let empty = BTreeMap::new();
        let theirs = other.map_or(&empty, |d| &d.fields);
        let names: BTreeSet<&String> = doc.fields.keys().chain(theirs.keys()).collect();
        n += names
            .into_iter()
            .filter(|f| doc.fields.get(*f) != theirs.get(*f))
            .count();
    }
    for doc in &b.documents {
        if a.document(&doc.id).is_none() {
            n += doc.annotations.len();
        }
    }
    n
}
