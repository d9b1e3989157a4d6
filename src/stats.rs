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
    /// Active annotation time on it, all annotators together, in seconds.
    pub seconds: u64,
    /// The document field answers, by field.
    pub fields: BTreeMap<String, Vec<String>>,
}

/// Active annotation time in whole seconds, as the effort clock counted it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TimeStats {
    /// By document id.
    pub by_document: BTreeMap<String, u64>,
    /// By annotator.
    pub by_author: BTreeMap<String, u64>,
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
    /// Active annotation time.
    pub time_seconds: TimeStats,
}

impl ProjectStats {
    /// Annotations `author` made per hour of their active time; `None` without counted time.
    pub fn annotations_per_hour(&self, author: &str) -> Option<f64> {
        let seconds = *self.time_seconds.by_author.get(author)?;
        let made = self.by_author.get(author).copied().unwrap_or(0);
        (seconds > 0).then(|| made as f64 * 3600.0 / seconds as f64)
    }

    /// Total active time over the whole project, in seconds.
    pub fn total_seconds(&self) -> u64 {
        self.time_seconds.by_author.values().sum()
    }
}

/// Seconds as `1 h 05 min`, `12 min 30 s` or `45 s`.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min {s:02} s")
    } else {
        format!("{s} s")
    }
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
    let mut time = TimeStats::default();
    for doc in &project.documents {
        for (who, secs) in &doc.time_seconds {
            *time.by_author.entry(who.clone()).or_insert(0) += secs;
        }
        if !doc.time_seconds.is_empty() {
            time.by_document.insert(doc.id.clone(), doc.total_seconds());
        }
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
            seconds: doc.total_seconds(),
            fields: doc.fields.clone(),
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
        time_seconds: time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_hours_minutes_or_seconds() {
        assert_eq!(format_duration(45), "45 s");
        assert_eq!(format_duration(750), "12 min 30 s");
        assert_eq!(format_duration(3900), "1 h 05 min");
    }
}
