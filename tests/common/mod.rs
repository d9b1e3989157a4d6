//! Fixtures shared by several test files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use marginalia::model::{Document, Project};
use marginalia::project_file::save_project;

/// Two colleagues' versions of `own`, saved in `dir`: Bob relabels the first span, Carol leaves
/// out two spans and every link. Returns (bob.ron, carol.ron).
pub fn save_colleagues(own: &Project, dir: &Path) -> (PathBuf, PathBuf) {
    let mut bob = own.clone();
    bob.documents[0].annotations[0].label = "claim".into();
    let mut carol = own.clone();
    carol.documents[0].annotations.remove(3);
    carol.documents[0].annotations.remove(3);
    carol.documents[0].relations.clear();
    let bob_path = dir.join("bob.ron");
    let carol_path = dir.join("carol.ron");
    save_project(&bob, &bob_path).unwrap();
    save_project(&carol, &carol_path).unwrap();
    (bob_path, carol_path)
}

/// A project of a different article (document id `elsewhere`), saved in `dir`.
pub fn save_unrelated_project(dir: &Path) -> PathBuf {
    let mut other = Project::new("other");
    other.documents.push(Document::new(
        "elsewhere",
        "Elsewhere",
        Default::default(),
        "A different article.".into(),
    ));
    let path = dir.join("other.ron");
    save_project(&other, &path).unwrap();
    path
}
