//! The desktop window. It owns only presentation state; every change to annotations is an
//! [`crate::edit::Edit`] applied through the session's undo history.

pub mod actions;
pub mod agreement_window;
pub mod annotation_list;
pub mod app;
pub mod commands;
pub mod compare_mode;
pub mod doc_summary;
pub mod document_list;
pub mod field_bar;
pub mod field_editor;
pub mod file_dialog;
pub mod file_watch;
pub mod find_bar;
pub mod glyph_map;
pub mod help_window;
pub mod inspector;
pub mod label_bar;
pub mod menu_bar;
pub mod notifications;
pub mod palette;
pub mod paragraph_layout;
pub mod prefs;
pub mod progress_window;
pub mod rules_editor;
pub mod schema_editor;
pub mod section_marks;
pub mod shortcuts;
pub mod signals;
pub mod small_window;
pub mod stats_window;
pub mod status_bar;
pub mod suggestion_panel;
pub mod text_paint;
pub mod text_pointer;
pub mod text_view;
pub mod transfer_windows;
pub mod widgets;

use std::path::PathBuf;

pub use app::MarginaliaApp;

/// How the window is made: also used by the launch benchmark's empty window, so the two are
/// built the same way.
pub fn native_options() -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    }
}

/// Open the window on `file`, or on the bundled sample project.
pub fn run_window(file: Option<PathBuf>) -> Result<(), String> {
    eframe::run_native(
        "marginalia",
        native_options(),
        Box::new(move |cc| Ok(Box::new(MarginaliaApp::from_creation_context(cc, file)))),
    )
    .map_err(|e| e.to_string())
}
