//! Fixtures shared by several test files.

#![allow(dead_code)]

pub mod app;
pub mod harness;

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

/// A paragraph mixing Latin, Arabic (a quotation), CJK and an emoji, one with Hebrew, and one
/// with a lam-alef ligature and combining marks: where right-to-left runs broke the mapping.
pub const MIXED: &str =
    "Mixed: «مرحبا بالعالم» said Dr. Amal Hassan, then 你好世界 replied Li Wei 👍🏽 happily.\n\
Hebrew: שלום עולם and then Sudan signed the state treaty.\n\
Ligature: لا and marks: بَ and cafe\u{301} end.";

/// An app on a one-document project over [`MIXED`] with the given (label, text) annotations.
pub fn mixed_script_app(spans: &[(&str, &str)]) -> marginalia::ui::MarginaliaApp {
    let mut project = Project::new("mixed");
    project.documents.push(Document::new(
        "mixed",
        "Mixed",
        Default::default(),
        MIXED.into(),
    ));
    for (label, text) in spans {
        let byte = MIXED.find(text).expect("the text has it");
        let start = MIXED[..byte].chars().count();
        let end = start + text.chars().count();
        let a = marginalia::edit::new_annotation(
            &mut project,
            0,
            label,
            &[marginalia::model::Fragment::new(start, end)],
            "t",
        )
        .unwrap();
        project.documents[0].annotations.push(Box::new(a));
    }
    project.documents[0].sort_annotations();
    let prefs = marginalia::ui::prefs::Prefs {
        annotator: "kittest".into(),
        ..Default::default()
    };
    marginalia::ui::MarginaliaApp::new(marginalia::session::Session::unsaved(project), prefs)
}

/// Add a font with Arabic and Hebrew (a subset of DejaVu Sans, tests/fixtures/fonts) after
/// egui's own, as the desktop's fonts are in the real window.
pub fn install_test_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu-subset".into(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../fixtures/fonts/DejaVuSans-ArabicHebrewLatin.ttf"
        ))),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu-subset".into());
    }
    ctx.set_fonts(fonts);
}
