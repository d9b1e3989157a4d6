//! Counts that tell a researcher how far an annotation effort has come.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Project;

/// Counts for one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentStats {
    /// The document's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Length in code points.
    pub characters: usize,
    /// Number of annotations.
    pub annotations: usize,
    /// Annotations per label.
    pub by_label: BTreeMap<String, usize>,
    /// Where annotations start along the text: counts in 100 equal slices.
    pub density: Vec<usize>,
}

/// Slices in a density strip.
pub const DENSITY_BINS: usize = 100;

/// Counts for a whole project, as `marginalia stats` prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectStats {
    /// The project's name.
    pub name: String,
    /// Number of documents.
    pub documents: usize,
    /// Total code points over all documents.
    pub characters: usize,
    /// Total annotations.
    pub annotations: usize,
    /// Total relations.
    pub relations: usize,
    /// Annotations per label; every schema label appears, even with zero.
    pub by_label: BTreeMap<String, usize>,
    /// Annotations per author.
    pub by_author: BTreeMap<String, usize>,
    /// Annotations per review status; every status appears.
    pub by_status: BTreeMap<String, usize>,
    /// Per-document counts, in project order.
    pub by_document: Vec<DocumentStats>,
}

/// Count everything in `project`.
pub fn project_stats(project: &Project) -> ProjectStats {
    let mut by_label: BTreeMap<String, usize> = project
        .schema
        .labels
        .iter()
        .map(|l| (l.name.clone(), 0))
        .collect();
    let mut by_author = BTreeMap::new();
    let mut by_status: BTreeMap<String, usize> = crate::model::ReviewStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    let mut by_document = Vec::new();
    for doc in &project.documents {
        let mut doc_labels = BTreeMap::new();
        for ann in &doc.annotations {
            *by_label.entry(ann.label.clone()).or_insert(0) += 1;
            *doc_labels.entry(ann.label.clone()).or_insert(0) += 1;
            *by_author.entry(ann.author.clone()).or_insert(0) += 1;
            *by_status
                .entry(ann.review.status.as_str().to_owned())
                .or_insert(0) += 1;
        }
        let len = doc.char_len().max(1);
        let mut density = vec![0; DENSITY_BINS];
        for ann in &doc.annotations {
            density[(ann.start() * DENSITY_BINS / len).min(DENSITY_BINS - 1)] += 1;
        }
        by_document.push(DocumentStats {
            id: doc.id.clone(),
            title: doc.title.clone(),
            characters: doc.char_len(),
            annotations: doc.annotations.len(),
            by_label: doc_labels,
            density,
        });
    }
    ProjectStats {
        name: project.name.clone(),
        documents: project.documents.len(),
        characters: by_document.iter().map(|d| d.characters).sum(),
        annotations: project.annotation_count(),
        relations: project.documents.iter().map(|d| d.relations.len()).sum(),
        by_label,
        by_author,
        by_status,
        by_document,
    }
}
