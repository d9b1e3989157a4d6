//! Preferences kept between runs in eframe's storage. Never the document text.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The storage key preferences are saved under.
pub const PREFS_KEY: &str = "marginalia-prefs";
/// How many recent files the File menu lists.
pub const MAX_RECENT: usize = 10;
/// How many documents' reading places are remembered (the least recently read are forgotten).
pub const MAX_READING_PLACES: usize = 500;

/// Where a reader left a document: the first character at the top of the view, and the caret.
/// Kept in characters, not pixels, so a new window size or font size still finds the place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingPlace {
    /// The first character of the paragraph at the top of the view.
    pub top: usize,
    /// The keyboard caret.
    pub caret: usize,
}

/// The key a document's reading place is kept under: its id and the start of its text's hash, so
/// a different article with the same id starts at the top.
pub fn reading_key(doc: &crate::model::Document) -> String {
    let hash = doc.sha256();
    format!("{}#{}", doc.id, &hash[..hash.len().min(16)])
}

/// Light, dark, or whatever the desktop uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// What the user chose once and expects to be remembered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recorded as the author of new annotations; asked on first run.
    pub annotator: String,
    /// Colour theme.
    pub theme: Theme,
    /// Body text size in points.
    pub text_size: f32,
    /// Snap selections to whole words (Alt gives character precision).
    pub snap_words: bool,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// Seconds between recovery snapshots while there are unsaved changes.
    pub autosave_seconds: f32,
    /// Where the reader left each document, most recently read first.
    pub reading: Vec<(String, ReadingPlace)>,
    /// The side panel (inspector and annotation list) is shown.
    pub side_panel: bool,
    /// Import saved web pages whole (menus, footers and all) instead of their article.
    pub whole_web_pages: bool,
    /// Count active annotation time per document (the effort clock).
    pub count_time: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            annotator: String::new(),
            theme: Theme::System,
            text_size: 16.0,
            snap_words: true,
            recent: Vec::new(),
            autosave_seconds: 30.0,
            reading: Vec::new(),
            side_panel: true,
            whole_web_pages: false,
            count_time: true,
        }
    }
}

impl Prefs {
    /// Put `path`, a file the user opened or saved as the project, at the top of the recent list,
    /// as an absolute path so it reopens from any folder. Relative entries written by older
    /// versions (which cannot be resolved any more) are dropped.
    pub fn remember(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path)
            .or_else(|_| std::path::absolute(&path))
            .unwrap_or(path);
        self.recent.retain(|p| p != &path && p.is_absolute());
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// Smallest and largest text sizes offered (points).
pub const TEXT_SIZES: std::ops::RangeInclusive<f32> = 10.0..=32.0;

impl Prefs {
    /// Make the text one point larger (`grow`) or smaller, within [`TEXT_SIZES`].
    pub fn step_text_size(&mut self, grow: bool) {
        let step = if grow { 1.0 } else { -1.0 };
        self.text_size =
            (self.text_size.round() + step).clamp(*TEXT_SIZES.start(), *TEXT_SIZES.end());
    }

    /// Where the reader left the document kept under `key`, if it was read before.
    pub fn reading_place(&self, key: &str) -> Option<ReadingPlace> {
        self.reading.iter().find(|(k, _)| k == key).map(|(_, p)| *p)
    }

    /// Remember where the reader is in the document kept under `key`.
    pub fn remember_place(&mut self, key: String, place: ReadingPlace) {
        if self
            .reading
            .first()
            .is_some_and(|(k, p)| *k == key && *p == place)
        {
            return;
        }
        self.reading.retain(|(k, _)| *k != key);
        self.reading.insert(0, (key, place));
        self.reading.truncate(MAX_READING_PLACES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_absolute_and_unique() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.ron");
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let mut prefs = Prefs {
            recent: vec![PathBuf::from("old/relative.ron")],
            ..Prefs::default()
        };
        prefs.remember(PathBuf::from("relative-to-here.ron"));
        prefs.remember(dir.path().join("sub/../notes.ron"));
        prefs.remember(file.clone());
        assert!(
            prefs.recent.iter().all(|p| p.is_absolute()),
            "{:?}",
            prefs.recent
        );
        assert_eq!(prefs.recent[0], std::fs::canonicalize(&file).unwrap());
        assert_eq!(prefs.recent.len(), 2, "{:?}", prefs.recent);
        assert_eq!(
            prefs.recent[1],
            std::env::current_dir()
                .unwrap()
                .join("relative-to-here.ron")
        );
    }
}
