//! What the user asked for, as values. Widgets push actions; the app drains them once per frame,
//! so every change to annotations passes through one place and one undo history. Actions are
//! grouped by what they touch, and each group is carried out in the `app/` file of that concern;
//! requests without data are commands of the command table ([`Action::Run`]).

use std::path::PathBuf;

use super::commands::Command;
use crate::formats::Format;
use crate::model::{DocStatus, Fragment, LabelSchema, ReviewStatus};

/// One request from the user interface.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command of the command table, from a menu, a button or a key.
    Run(Command),
    /// A change to annotations or to a document's status (`app/editing.rs`).
    Annotation(AnnotationAction),
    /// A change to links between annotations (`app/links.rs`).
    Link(LinkAction),
    /// A change to the label schema (`app/schema.rs`).
    Schema(SchemaAction),
    /// Files: open, save, add, import, export (`app/files.rs`).
    File(FileAction),
    /// What is shown and selected (`app/navigation.rs`).
    Navigation(NavigationAction),
    /// Comparison and agreement with other annotators' projects (`app/compare.rs`,
    /// `app/agreement.rs`).
    Comparison(ComparisonAction),
    /// Suggestions: accept, reject, sources (`app/suggestions.rs`).
    Suggestion(SuggestionAction),
    /// Show a message.
    Notify(String),
}

/// Suggestions, by their index in the window's list.
#[derive(Debug, Clone, PartialEq)]
pub enum SuggestionAction {
    /// Accept suggestion `index`, with `label` instead of its own when given.
    Accept(usize, Option<String>),
    /// Reject suggestion `index`; it does not come back.
    Reject(usize),
    /// Make suggestion `index` the current one (and show it).
    Select(usize),
    /// Accept every suggestion of this source, as one step.
    AcceptAllFrom(String),
    /// Accept every suggestion of the same text and label as `index`, as one step.
    AcceptAllIdentical(usize),
    /// Switch a source on or off.
    SetEnabled(String, bool),
    /// Set a source's precision floor, percent.
    SetFloor(String, u32),
    /// Ask for a gazetteer file to load.
    LoadGazetteer,
    /// Ask where to save the learned gazetteer.
    SaveGazetteer,
}

/// A change to annotations.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationAction {
    /// Turn the current text selection into an annotation with this label.
    TagSelection(String),
    /// Tag every find match with this label, as one undo step.
    TagAllMatches(String),
    /// Give annotation `id` another label.
    Relabel(u64, String),
    /// Delete annotation `id`.
    Delete(u64),
    /// Add a fragment to annotation `id` (a discontinuous span).
    AddFragment(u64, Fragment),
    /// Replace the fragments of annotation `id` (boundary adjustment).
    SetFragments(u64, Vec<Fragment>),
    /// Move the start (`true`) or end of the selected annotation by `delta` characters, or by
    /// words when `by_word`.
    AdjustEdge {
        start: bool,
        delta: i32,
        by_word: bool,
    },
    /// Change or clear the note of annotation `id`.
    SetNote(u64, Option<String>),
    /// Set the review status of annotation `id`.
    SetStatus(u64, ReviewStatus),
    /// Change or clear the reviewer's comment on annotation `id`.
    SetReviewComment(u64, Option<String>),
    /// Set or clear an attribute of annotation `id`.
    SetAttribute(u64, String, Option<String>),
    /// Set the progress status of document `index`.
    SetDocStatus(usize, DocStatus),
    /// Answer document field `field` of document `index` with these values (none: clear it).
    SetDocField(usize, String, Vec<String>),
}

/// A change to links.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkAction {
    /// Link annotation `from` to annotation `to` with the kind the schema suggests.
    Add(u64, u64),
    /// Delete relation `id`.
    Remove(u64),
    /// Give relation `id` another kind.
    SetKind(u64, String),
}

/// A change to the label schema.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaAction {
    /// Replace the schema (one undoable step), described for the Edit menu.
    Set(LabelSchema, String),
    /// Rename a label everywhere.
    RenameLabel(String, String),
    /// Rename a document field; every document's answer follows.
    RenameField(String, String),
    /// Give a document field these allowed values (a value replaced in place is renamed on
    /// every document; one taken out leaves them).
    SetFieldValues(String, Vec<String>),
    /// Rename a relation type; every link of that type follows.
    RenameRelationKind(String, String),
    /// Delete a label; its annotations are deleted (`None`) or relabelled.
    DeleteLabel(String, Option<String>),
    /// Ask where to save the schema to its own file.
    Save,
    /// Ask for a schema file to load into the project.
    Load,
}

impl SchemaAction {
    /// `schema` with `change` made, to replace the project's as one undoable step named
    /// `description`.
    pub fn edited(
        schema: &LabelSchema,
        description: impl Into<String>,
        change: impl FnOnce(&mut LabelSchema),
    ) -> Action {
        let mut s = schema.clone();
        change(&mut s);
        Action::Schema(SchemaAction::Set(s, description.into()))
    }
}

/// Files.
#[derive(Debug, Clone, PartialEq)]
pub enum FileAction {
    /// Open this file (after asking about unsaved changes).
    OpenPath(PathBuf),
    /// Save to this file.
    SaveTo(PathBuf),
    /// Add these articles (or every article in these folders) to the project as new documents.
    AddArticles(Vec<PathBuf>),
    /// Import labeled data from this file or folder (after asking about unsaved changes).
    ImportPath(Format, PathBuf),
    /// Export to this file or folder with the export window's settings.
    ExportTo(Format, PathBuf),
}

/// What is shown and selected.
#[derive(Debug, Clone, PartialEq)]
pub enum NavigationAction {
    /// Show document `index` of the project.
    ShowDocument(usize),
    /// Show document `doc` and select the text `[start, end)` (a corpus find result).
    GoToMatch(usize, usize, usize),
    /// Select annotation `id` and scroll to it.
    Select(u64),
    /// Select the first (`true`) or last annotation of the document shown.
    SelectEdge(bool),
    /// Select the next (`true`) or previous annotation in document order.
    Step(bool),
    /// Take keyboard focus away from whatever widget has it, back to the text view.
    ReleaseFocus,
}

/// Comparison and agreement.
#[derive(Debug, Clone, PartialEq)]
pub enum ComparisonAction {
    /// Compare the open project with these (one or more).
    CompareWith(Vec<PathBuf>),
    /// Measure agreement between the open project and these (one or more) projects.
    AgreementWith(Vec<PathBuf>),
}

macro_rules! into_action {
    ($($group:ident => $variant:ident),*) => {
        $(impl From<$group> for Action {
            fn from(action: $group) -> Self {
                Action::$variant(action)
            }
        })*
    };
}

into_action!(
    AnnotationAction => Annotation,
    LinkAction => Link,
    SchemaAction => Schema,
    FileAction => File,
    NavigationAction => Navigation,
    ComparisonAction => Comparison,
    SuggestionAction => Suggestion,
    Command => Run
);
