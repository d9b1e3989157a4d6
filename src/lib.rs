//! Marginalia's core: the annotation model, exact offsets, project files and article import.
//!
//! Nothing here depends on the window: the command line, the tests and the GUI all call the same
//! functions, so what the window shows and what the CLI prints come from one place.

pub mod adjudication_snapshot;
pub mod agreement;
pub mod atomic_save;
pub mod background;
pub mod caret;
pub mod comparison;
pub mod edit;
pub mod effort;
pub mod file_error;
pub mod find;
pub mod formats;
pub mod history;
pub mod import;
pub mod lanes;
pub mod merge;
pub mod model;
pub mod offsets;
pub mod project_file;
pub mod recovery;
pub mod schema_file;
pub mod session;
pub mod span_index;
pub mod span_snap;
pub mod stats;
pub mod suggest;
pub mod timestamp;
pub mod unique;
pub mod validate;

#[cfg(feature = "gui")]
pub mod ui;
