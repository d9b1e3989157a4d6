//! Counts the panels show every frame (per label, authors, reviewed), computed once per change
//! rather than once per frame, so a frame costs the same on a book as on a tweet.

use std::collections::HashMap;

use crate::model::ReviewStatus;
use crate::session::Session;

/// Derived figures of the shown document, valid for one session revision.
#[derive(Default)]
pub struct DocSummary {
    key: Option<(u64, usize)>,
    /// Annotations per label.
    pub per_label: HashMap<String, usize>,
    /// Distinct authors, sorted.
    pub authors: Vec<String>,
    /// Annotations with a review decision.
    pub reviewed: usize,
    /// All annotations.
    pub total: usize,
    /// Annotations with a review decision in the whole project.
    pub project_reviewed: usize,
    /// All annotations of the project.
    pub project_total: usize,
    /// Position of each annotation id in the document's list.
    positions: HashMap<u64, usize>,
}

impl DocSummary {
    /// Recompute if the session changed since the last call.
    pub fn refresh(&mut self, session: &Session) {
        let len = session.document().map_or(0, |d| d.annotations.len());
        let key = (session.revision, session.document);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.per_label.clear();
        self.positions.clear();
        self.reviewed = 0;
        let mut authors = Vec::new();
        if let Some(doc) = session.document() {
            for (i, a) in doc.annotations.iter().enumerate() {
                self.positions.insert(a.id, i);
                *self.per_label.entry(a.label.clone()).or_insert(0) += 1;
                if a.review.status != ReviewStatus::Pending {
                    self.reviewed += 1;
                }
                authors.push(a.author.as_str());
            }
        }
        self.project_total = session.project().annotation_count();
        self.project_reviewed = session
            .project()
            .documents
            .iter()
            .map(|d| {
                d.annotations
                    .iter()
                    .filter(|a| a.review.status != ReviewStatus::Pending)
                    .count()
            })
            .sum();
        authors.sort_unstable();
        authors.dedup();
        self.authors = authors.into_iter().map(str::to_owned).collect();
        self.total = len;
    }

    /// Annotation `id` of `doc` in constant time (the summary must be fresh for `doc`).
    pub fn find<'d>(
        &self,
        doc: &'d crate::model::Document,
        id: u64,
    ) -> Option<&'d crate::model::Annotation> {
        let a = doc.annotations.get(*self.positions.get(&id)?)?;
        (a.id == id).then_some(&**a)
    }

    /// How many annotations carry `label`.
    pub fn count(&self, label: &str) -> usize {
        self.per_label.get(label).copied().unwrap_or(0)
    }
}
