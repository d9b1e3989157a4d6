//! What the user asked for, as values. Widgets push actions; the app drains them once per frame,
//! so every change to annotations passes through one place and one undo history.

use std::path::PathBuf;

use crate::model::{Fragment, ReviewStatus};

/// One request from the user interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Turn the current text selection into an annotation with this label.
    TagSelection(String),
    /// Give annotation `id` another label.
    Relabel(u64, String),
    /// Delete annotation `id`.
    Delete(u64),
    /// Add a fragment to annotation `id` (a discontinuous span).
    AddFragment(u64, Fragment),
    /// Replace the fragments of annotation `id` (boundary adjustment).
    SetFragments(u64, Vec<Fragment>),
    /// Link annotation `from` to annotation `to` with the kind the schema suggests.
    AddRelation(u64, u64),
    /// Delete relation `id`.
    RemoveRelation(u64),
    /// Give relation `id` another kind.
    SetRelationKind(u64, String),
    /// Start linking from the selected annotation (the next click picks the target).
    StartLinking,
    /// Change or clear the note of annotation `id`.
    SetNote(u64, Option<String>),
    /// Set the review status of annotation `id`.
    SetStatus(u64, ReviewStatus),
    /// Change or clear the reviewer's comment on annotation `id`.
    SetReviewComment(u64, Option<String>),
    /// Delete every rejected annotation of the document, as one undo step.
    PurgeRejected,
    /// Ask for other annotators' projects to compare with.
    CompareWith,
    /// Compare the open project with these (one or more).
    ComparePaths(Vec<PathBuf>),
    /// Ask for other annotators' projects to measure agreement with.
    ChooseAgreement,
    /// Measure agreement between the open project and these (one or more) projects.
    AgreementWith(Vec<PathBuf>),
    /// Tag every find match with this label, as one undo step.
    TagAllMatches(String),
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Ask for a file to open (project or article).
    Open,
    /// Open this file (after asking about unsaved changes).
    OpenPath(PathBuf),
    /// Save to the current file, or ask where.
    Save,
    /// Ask where to save.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Close the window (after asking about unsaved changes).
    Quit,
    /// Turn review mode on or off.
    ToggleReview,
    /// Add these articles (or every article in these folders) to the project as new documents.
    AddArticles(Vec<PathBuf>),
    /// Ask for articles to add.
    ChooseArticles,
    /// Ask for a folder of articles to add.
    ChooseFolder,
    /// Set the progress status of document `index`.
    SetDocStatus(usize, crate::model::DocStatus),
    /// Show the next (`true`) or previous document.
    StepDocument(bool),
    /// Replace the schema (one undoable step), described for the Edit menu.
    SetSchema(crate::model::LabelSchema, String),
    /// Rename a label everywhere.
    RenameLabel(String, String),
    /// Rename a relation type; every link of that type follows.
    RenameRelationKind(String, String),
    /// Delete a label; its annotations are deleted (`None`) or relabelled.
    DeleteLabel(String, Option<String>),
    /// Set or clear an attribute of annotation `id`.
    SetAttribute(u64, String, Option<String>),
    /// Save the schema to its own file.
    SaveSchema,
    /// Load a schema file into the project.
    LoadSchema,
    /// Show a message.
    Notify(String),
    /// Take keyboard focus away from whatever widget has it, back to the text view.
    ReleaseFocus,
    /// Show document `doc` and select the text `[start, end)` (a corpus find result).
    GoToMatch(usize, usize, usize),
    /// Show the label schema editor.
    ShowSchema,
    /// Show the statistics window.
    ShowStats,
    /// Show document `index` of the project.
    ShowDocument(usize),
    /// Show the Export… window.
    ShowExport,
    /// Show the Import labeled data… window.
    ShowImport,
    /// Import labeled data from this file or folder (after asking about unsaved changes).
    ImportPath(crate::formats::Format, PathBuf),
    /// Export to this file or folder with the export window's settings.
    ExportTo(crate::formats::Format, PathBuf),
    /// Select annotation `id` and scroll to it.
    Select(u64),
    /// Select the first (`true`) or last annotation of the document shown.
    SelectEdge(bool),
    /// Select the next (`true`) or previous annotation in document order.
    Step(bool),
    /// Move the start (`true`) or end of the selected annotation by `delta` characters, or by
    /// words when `by_word`.
    AdjustEdge {
        start: bool,
        delta: i32,
        by_word: bool,
    },
}
