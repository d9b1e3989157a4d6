//! Recovery snapshots of an adjudication in progress: which projects were compared and every
//! decision made, so decisions not yet saved into a gold project survive a crash, a kill or a
//! quit, and are offered back on the next start.
//!
//! A snapshot does not copy the projects: it names their files (absolute paths) and carries a
//! fingerprint of the comparison's cases. Restoring compares the same files again and applies the
//! decisions only when the fingerprint still matches, so decisions are never applied to projects
//! that changed meanwhile.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_save::write_atomic_no_backup;
use crate::comparison::{Comparison, Decision};
use crate::recovery::data_dir;

/// What a snapshot holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdjudicationSnapshot {
    /// The project files compared, first annotator first, as absolute paths.
    pub files: Vec<PathBuf>,
    /// The annotators' names as the comparison showed them.
    pub names: Vec<String>,
    /// [`Comparison::fingerprint`] of the comparison the decisions belong to.
    pub fingerprint: String,
    /// Every decision: (case index, decision, when it was made).
    pub decisions: Vec<(usize, Decision, String)>,
    /// Every document field decision: (document, field, the annotator whose answer was taken).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_decisions: Vec<(usize, String, usize)>,
}

impl AdjudicationSnapshot {
    /// The snapshot of `comparison` over `files`.
    pub fn of(comparison: &Comparison, files: &[PathBuf]) -> Self {
        Self {
            files: files
                .iter()
                .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
                .collect(),
            names: comparison.names.clone(),
            fingerprint: comparison.fingerprint(),
            decisions: comparison.decisions(),
            field_decisions: comparison.field_decision_list(),
        }
    }

    /// How many decisions it holds, span cases and document fields together.
    pub fn decision_count(&self) -> usize {
        self.decisions.len() + self.field_decisions.len()
    }

    /// The file a snapshot of a comparison of `files` is kept in: one per set of files, in the
    /// data folder (`None` when there is no data folder).
    pub fn path_for(files: &[PathBuf]) -> Option<PathBuf> {
        let key: Vec<String> = files
            .iter()
            .map(|f| {
                std::path::absolute(f)
                    .unwrap_or_else(|_| f.clone())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let hash = crate::model::sha256_hex(&key.join("\n"));
        Some(data_dir()?.join(format!("adjudication-{}.ron", &hash[..16])))
    }

    /// The snapshot as RON text.
    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().depth_limit(2))
            .unwrap_or_default()
    }

    /// Write it atomically to `path` (creating the data folder if needed).
    pub fn write(&self, path: &Path) -> Result<(), crate::file_error::FileError> {
        use crate::file_error::FileError;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
        }
        write_atomic_no_backup(path, self.to_ron().as_bytes()).map_err(|e| FileError::io(path, e))
    }

    /// Read a snapshot; `None` when it is missing or damaged.
    pub fn read(path: &Path) -> Option<Self> {
        let text = crate::project_file::read_text_limited(path).ok()?;
        ron::Options::default()
            .with_recursion_limit(16)
            .from_str(&text)
            .ok()
    }

    /// The newest adjudication snapshot in the data folder that holds any decision, with its path.
    pub fn newest() -> Option<(PathBuf, Self)> {
        let dir = data_dir()?;
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("adjudication-"))
            })
            .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
            .collect();
        found.sort();
        found.into_iter().rev().find_map(|(_, path)| {
            let snapshot = Self::read(&path)?;
            (snapshot.decision_count() > 0).then_some((path, snapshot))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Fragment, Project};

    fn two_annotators() -> Comparison {
        let mut a = Project::new("a");
        a.documents.push(Document::new(
            "d",
            "D",
            Default::default(),
            "Ana met Bo in Rome.".into(),
        ));
        let mut b = a.clone();
        for (project, spans) in [(&mut a, vec![(0, 3), (8, 10)]), (&mut b, vec![(0, 3)])] {
            for (s, e) in spans {
                let ann =
                    crate::edit::new_annotation(project, 0, "entity", &[Fragment::new(s, e)], "x")
                        .unwrap();
                project.documents[0].annotations.push(Box::new(ann));
            }
            project.documents[0].sort_annotations();
        }
        Comparison::new(vec![a, b], vec!["a".into(), "b".into()]).unwrap()
    }

    #[test]
    fn decisions_round_trip_through_a_snapshot_file() {
        let mut c = two_annotators();
        assert_eq!(c.revision(), 0);
        c.decide(0, Decision::Take(1));
        c.decide(1, Decision::Drop);
        assert_eq!(c.revision(), 2);
        let dir = tempfile::tempdir().unwrap();
        let files = vec![dir.path().join("a.ron"), dir.path().join("b.ron")];
        let snapshot = AdjudicationSnapshot::of(&c, &files);
        let path = dir.path().join("snap.ron");
        snapshot.write(&path).unwrap();
        let back = AdjudicationSnapshot::read(&path).unwrap();
        assert_eq!(back, snapshot);
        let mut fresh = two_annotators();
        assert_eq!(fresh.fingerprint(), back.fingerprint);
        assert_eq!(fresh.restore_decisions(&back.decisions), 2);
        assert_eq!(fresh.decision(0), Some(Decision::Take(1)));
        assert_eq!(fresh.decision(1), Some(Decision::Drop));
        assert!(fresh.undo(), "restoring is one undo step");
        assert_eq!(fresh.undecided(), 2);
    }

    #[test]
    fn a_decision_for_a_case_that_is_not_there_is_skipped() {
        let mut c = two_annotators();
        let skipped = [
            (7, Decision::Drop, String::new()),
            (1, Decision::Take(1), String::new()),
        ];
        assert_eq!(c.restore_decisions(&skipped), 0, "B did not mark case 1");
        assert_eq!(c.revision(), 0);
    }
}
