//! Preferences kept between runs in eframe's storage. Never the document text.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The storage key preferences are saved under.
pub const PREFS_KEY: &str = "marginalia-prefs";
/// How many recent files the File menu lists.
pub const MAX_RECENT: usize = 10;

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
        }
    }
}

impl Prefs {
    /// Put `path` at the top of the recent list.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}
