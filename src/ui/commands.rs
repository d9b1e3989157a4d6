//! Every user command once: its menu text, tooltip, keyboard shortcuts in each mode, and whether
//! it can run now. Menus, Help → Keyboard shortcuts, the review and compare hints and the key
//! handling are all read from this table (in the manner of rerun's `UICommand`), so a shortcut
//! is described and bound in one place. What each command does is in
//! `app/command_handling.rs`.

use egui::{Key, KeyboardShortcut, Modifiers};

pub use super::shortcuts::*;

/// What the window is doing, which decides what the keys mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Reading and tagging.
    Annotate,
    /// Review mode: tagging keys plus accept, reject and step.
    Review,
    /// Comparing annotators' projects and adjudicating.
    Compare,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 3] = [Mode::Annotate, Mode::Review, Mode::Compare];
}

/// The largest number of annotators the comparison has take keys for (A–I, 1–9).
pub const MAX_TAKE: u8 = 9;

/// Declares the commands without data once: the enum's variants and the table's order.
macro_rules! commands {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// One user command.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $($(#[$doc])* $name,)*
            /// Take annotator `k`'s span for the selected case.
            CompareTake(u8),
            CompareTakeAll,
            CompareDrop,
            CompareNextCase,
            ComparePreviousCase,
        }

        /// The commands without data, in menu and help order.
        const SIMPLE: &[Command] = &[$(Command::$name),*];
    };
}

commands!(
    Open,
    Save,
    SaveAs,
    AddArticles,
    AddFolder,
    ImportLabeled,
    Export,
    CompareWith,
    AgreementWith,
    Quit,
    Undo,
    Redo,
    Find,
    FindNext,
    FindPrevious,
    PurgeRejected,
    ToggleSidePanel,
    LargerText,
    SmallerText,
    DefaultTextSize,
    ToggleReview,
    ShowSchema,
    ShowStats,
    ShowHelp,
    NextDocument,
    PreviousDocument,
    NextAnnotation,
    PreviousAnnotation,
    DeleteAnnotation,
    StartLinking,
    FinishLink,
    StartLeft,
    StartRight,
    StartWordLeft,
    StartWordRight,
    EndLeft,
    EndRight,
    EndWordLeft,
    EndWordRight,
    CaretLeft,
    CaretRight,
    CaretWordLeft,
    CaretWordRight,
    CaretLineUp,
    CaretLineDown,
    SelectLeft,
    SelectRight,
    SelectWordLeft,
    SelectWordRight,
    SelectLineUp,
    SelectLineDown,
    /// Close the frontmost small window; else close find, cancel linking, clear the selection.
    Escape,
    EditFields,
    ReviewAccept,
    ReviewReject,
    ReviewUndecide,
    ReviewComment,
    ReviewNext,
    ReviewPrevious,
    ToggleSuggestions,
    NextSuggestion,
    PreviousSuggestion,
    AcceptSuggestion,
    RejectSuggestion,
);

/// Where a command belongs, for menus and the sections of the shortcut list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    File,
    Edit,
    View,
    Navigate,
    Annotation,
    Caret,
    Review,
    Suggestion,
    Compare,
}

/// What the window holds now, enough to tell which commands can run.
#[derive(Debug, Clone, Default)]
pub struct Availability {
    pub can_undo: bool,
    pub can_redo: bool,
    /// An annotation is selected.
    pub selected: bool,
    /// Linking has started from an annotation and another one is selected.
    pub link_target: bool,
    /// Documents in the project.
    pub documents: usize,
    /// The comparison's case count (0 outside comparison).
    pub cases: usize,
    /// A comparison case is selected.
    pub selected_case: bool,
    /// Annotators in the comparison.
    pub annotators: usize,
    /// Suggestions shown.
    pub suggestions: usize,
    /// A suggestion is the current one.
    pub suggestion_current: bool,
    /// The schema has document fields and a document is shown.
    pub fields: bool,
    /// In comparison, the keyboard is on a document field (the take keys decide it).
    pub field_cursor: bool,
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const fn cmd_shift() -> Modifiers {
    Modifiers {
        alt: false,
        ctrl: false,
        shift: true,
        mac_cmd: false,
        command: true,
    }
}

const EVERY_MODE: &[Mode] = &Mode::ALL;
const EDITING: &[Mode] = &[Mode::Annotate, Mode::Review];
const REVIEW: &[Mode] = &[Mode::Review];
const COMPARE: &[Mode] = &[Mode::Compare];

impl Command {
    /// Every command, in menu and help order.
    pub fn all() -> Vec<Command> {
        let mut all = SIMPLE.to_vec();
        all.extend((0..MAX_TAKE).map(Command::CompareTake));
        all.extend([
            Command::CompareTakeAll,
            Command::CompareDrop,
            Command::CompareNextCase,
            Command::ComparePreviousCase,
        ]);
        all
    }

    /// The text of its menu entry (and of its row in the shortcut list).
    pub fn text(self) -> String {
        use Command::*;
        let text = match self {
            Open => "Open…",
            Save => "Save",
            SaveAs => "Save as…",
            AddArticles => "Add articles…",
            AddFolder => "Add a folder of articles…",
            ImportLabeled => "Import labeled data…",
            Export => "Export…",
            CompareWith => "Compare with…",
            AgreementWith => "Agreement with…",
            Quit => "Quit",
            Undo => "Undo",
            Redo => "Redo",
            Find => "Find",
            FindNext => "Next match",
            FindPrevious => "Previous match",
            PurgeRejected => "Purge rejected annotations",
            ToggleSidePanel => "Side panel",
            LargerText => "Larger text",
            SmallerText => "Smaller text",
            DefaultTextSize => "Default text size",
            ToggleReview => "Review mode",
            ShowSchema => "Label schema…",
            ShowStats => "Statistics…",
            ShowHelp => "Keyboard shortcuts",
            NextDocument => "Next document",
            PreviousDocument => "Previous document",
            NextAnnotation => "Next annotation",
            PreviousAnnotation => "Previous annotation",
            DeleteAnnotation => "Delete the selected annotation",
            StartLinking => "Link the selected annotation…",
            FinishLink => "Link to the selected annotation",
            StartLeft => "Start one character left",
            StartRight => "Start one character right",
            StartWordLeft => "Start one word left",
            StartWordRight => "Start one word right",
            EndLeft => "End one character left",
            EndRight => "End one character right",
            EndWordLeft => "End one word left",
            EndWordRight => "End one word right",
            CaretLeft => "Caret left",
            CaretRight => "Caret right",
            CaretWordLeft => "Caret a word left",
            CaretWordRight => "Caret a word right",
            CaretLineUp => "Caret a line up",
            CaretLineDown => "Caret a line down",
            SelectLeft => "Select a character left",
            SelectRight => "Select a character right",
            SelectWordLeft => "Select a word left",
            SelectWordRight => "Select a word right",
            SelectLineUp => "Select a line up",
            SelectLineDown => "Select a line down",
            Escape => "Close / cancel / clear",
            EditFields => "Document fields",
            ReviewAccept => "Accept",
            ReviewReject => "Reject",
            ReviewUndecide => "Undecide",
            ReviewComment => "Comment",
            ReviewNext => "Next",
            ReviewPrevious => "Previous",
            ToggleSuggestions => "Suggestions",
            NextSuggestion => "Next suggestion",
            PreviousSuggestion => "Previous suggestion",
            AcceptSuggestion => "Accept the suggestion",
            RejectSuggestion => "Reject the suggestion",
            CompareTake(k) => return format!("Take {}", annotator_letter(k)),
            CompareTakeAll => "Take all",
            CompareDrop => "Drop",
            CompareNextCase => "Next case",
            ComparePreviousCase => "Previous case",
        };
        text.to_owned()
    }

    /// What it does, in a sentence: the menu tooltip and the shortcut list's description.
    pub fn tooltip(self) -> String {
        use Command::*;
        let text = match self {
            Open => "Open a project (.ron) or an article (.txt, .md, a saved web page, .pdf, .docx, .odt, .epub)",
            Save => "Save the project to its file (asks where the first time)",
            SaveAs => "Save the project to another file",
            AddArticles => "Add articles (.txt, .md, saved web pages, .pdf, .docx, .odt, .epub) to this project (or drop them on the window)",
            AddFolder => "Add every article in a folder to this project",
            ImportLabeled => "brat, doccano, CoNLL, spaCy or Label Studio",
            Export => "brat, doccano, CoNLL, spaCy, Label Studio, CSV or W3C",
            CompareWith => "Compare with one or more other annotators' projects of the same article(s) and adjudicate",
            AgreementWith => "Measure agreement (F1, Cohen's κ, Krippendorff's α) between this project and one or more other annotators' projects of the same article(s)",
            Quit => "Close the window (asks about unsaved changes)",
            Undo => "Undo the last change (in comparison: the last decision)",
            Redo => "Redo what was undone",
            Find => "Find text in this document or the whole project",
            FindNext => "Go to the next find match",
            FindPrevious => "Go to the previous find match",
            PurgeRejected => "Delete every rejected annotation of this document (one undo step)",
            ToggleSidePanel => "Show or hide the inspector and the annotation list",
            LargerText => "Make the text larger",
            SmallerText => "Make the text smaller",
            DefaultTextSize => "Text size back to 16",
            ToggleReview => "Step through annotations and accept (A) or reject (R) each",
            ShowSchema => "Add, rename, recolour and delete labels; hotkeys, guidelines and attributes",
            ShowStats => "Counts per label, author, status and document; label density along the text",
            ShowHelp => "Every key, in every mode",
            NextDocument => "Show the next document of the project",
            PreviousDocument => "Show the previous document of the project",
            NextAnnotation => "Select the next annotation in document order",
            PreviousAnnotation => "Select the previous annotation in document order",
            DeleteAnnotation => "Delete the selected annotation (Ctrl+Z brings it back)",
            StartLinking => "Link the selected annotation to another (a quote to its speaker, a claim to its source): then click the target, or Tab to it and press Enter",
            FinishLink => "While linking, link to the annotation Tab selected",
            StartLeft | StartRight => "Move the start of the selected annotation by a character (an edge never rests on a space: it moves past it to the next character)",
            StartWordLeft | StartWordRight => "Move the start of the selected annotation by a word",
            EndLeft | EndRight => "Move the end of the selected annotation by a character (past a space to the next character, so an annotation never ends on whitespace)",
            EndWordLeft | EndWordRight => "Move the end of the selected annotation by a word",
            CaretLeft | CaretRight => "Move the caret by a character",
            CaretWordLeft | CaretWordRight => "Move the caret by a word",
            CaretLineUp | CaretLineDown => "Move the caret by a line",
            SelectLeft | SelectRight | SelectWordLeft | SelectWordRight | SelectLineUp
            | SelectLineDown => "Select with the keyboard, from where the caret was",
            Escape => "Close the frontmost small window; else close find, cancel linking and clear the selection",
            EditFields => "Answer the document's fields (frame, relevance…) with the keyboard: Left/Right value, Up/Down field, Enter choose, Delete clear, Esc close",
            ReviewAccept => "Accept the selected annotation and go to the next",
            ReviewReject => "Reject the selected annotation and go to the next",
            ReviewUndecide => "Make the selected annotation pending again",
            ReviewComment => "Write a comment on the decision",
            ReviewNext => "Next annotation",
            ReviewPrevious => "Previous annotation",
            ToggleSuggestions => "Show or hide suggestions: quotations, speakers, names already tagged, rules, imported predictions",
            NextSuggestion => "Go to the next suggestion (across documents)",
            PreviousSuggestion => "Go to the previous suggestion",
            AcceptSuggestion => "Accept the current suggestion as an annotation (a label key accepts it with that label)",
            RejectSuggestion => "Reject the current suggestion; it does not come back",
            CompareTake(_) => "Take that annotator's span for this case",
            CompareTakeAll => "Take every annotator's span (both, with two)",
            CompareDrop => "Drop the case: no annotation in the gold project",
            CompareNextCase => "Next case",
            ComparePreviousCase => "Previous case",
        };
        text.to_owned()
    }

    /// The modes it works in.
    pub fn modes(self) -> &'static [Mode] {
        use Command::*;
        match self {
            Open | Save | SaveAs | Quit | Undo | Redo | ToggleSidePanel | LargerText
            | SmallerText | DefaultTextSize | ShowHelp | Escape | CompareWith | AgreementWith => {
                EVERY_MODE
            }
            ReviewAccept | ReviewReject | ReviewUndecide | ReviewComment | ReviewNext
            | ReviewPrevious => REVIEW,
            EditFields => EVERY_MODE,
            CompareTake(_) | CompareTakeAll | CompareDrop | CompareNextCase
            | ComparePreviousCase => COMPARE,
            _ => EDITING,
        }
    }

    /// Its shortcuts (the same in every mode it works in).
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        use Command::*;
        let keys: &[KeyboardShortcut] = match self {
            Open => &[key(CMD, Key::O)],
            Save => &[key(CMD, Key::S)],
            SaveAs => &[key(cmd_shift(), Key::S)],
            Quit => &[key(CMD, Key::Q)],
            Undo => &[key(CMD, Key::Z)],
            Redo => &[key(cmd_shift(), Key::Z), key(CMD, Key::Y)],
            Find => &[key(CMD, Key::F)],
            FindNext => &[key(NONE, Key::F3)],
            FindPrevious => &[key(SHIFT, Key::F3)],
            ToggleSidePanel => &[key(CMD, Key::B)],
            LargerText => &[key(CMD, Key::Plus), key(CMD, Key::Equals)],
            SmallerText => &[key(CMD, Key::Minus)],
            DefaultTextSize => &[key(CMD, Key::Num0)],
            ToggleReview => &[key(CMD, Key::R)],
            ShowHelp => &[key(NONE, Key::F1)],
            NextDocument => &[key(CMD, Key::PageDown)],
            PreviousDocument => &[key(CMD, Key::PageUp)],
            NextAnnotation => &[key(NONE, Key::Tab)],
            PreviousAnnotation => &[key(SHIFT, Key::Tab)],
            DeleteAnnotation => &[key(NONE, Key::Delete), key(NONE, Key::Backspace)],
            StartLinking => &[key(NONE, Key::L)],
            FinishLink => &[key(NONE, Key::Enter)],
            StartLeft => &[key(NONE, Key::OpenBracket)],
            StartRight => &[key(NONE, Key::CloseBracket)],
            StartWordLeft => &[key(ALT, Key::OpenBracket)],
            StartWordRight => &[key(ALT, Key::CloseBracket)],
            EndLeft => &[key(NONE, Key::Comma)],
            EndRight => &[key(NONE, Key::Period)],
            EndWordLeft => &[key(ALT, Key::Comma)],
            EndWordRight => &[key(ALT, Key::Period)],
            CaretLeft => &[key(NONE, Key::ArrowLeft)],
            CaretRight => &[key(NONE, Key::ArrowRight)],
            CaretWordLeft => &[key(CMD, Key::ArrowLeft)],
            CaretWordRight => &[key(CMD, Key::ArrowRight)],
            CaretLineUp => &[key(NONE, Key::ArrowUp), key(CMD, Key::ArrowUp)],
            CaretLineDown => &[key(NONE, Key::ArrowDown), key(CMD, Key::ArrowDown)],
            SelectLeft => &[key(SHIFT, Key::ArrowLeft)],
            SelectRight => &[key(SHIFT, Key::ArrowRight)],
            SelectWordLeft => &[key(cmd_shift(), Key::ArrowLeft)],
            SelectWordRight => &[key(cmd_shift(), Key::ArrowRight)],
            SelectLineUp => &[key(SHIFT, Key::ArrowUp), key(cmd_shift(), Key::ArrowUp)],
            SelectLineDown => &[key(SHIFT, Key::ArrowDown), key(cmd_shift(), Key::ArrowDown)],
            Escape => &[key(NONE, Key::Escape)],
            EditFields => &[key(NONE, Key::F)],
            ReviewAccept => &[key(NONE, Key::A)],
            ReviewReject => &[key(NONE, Key::R)],
            ReviewUndecide => &[key(NONE, Key::U)],
            ReviewComment => &[key(NONE, Key::C)],
            ReviewNext => &[key(NONE, Key::N), key(NONE, Key::J)],
            ReviewPrevious => &[key(NONE, Key::P), key(NONE, Key::K)],
            ToggleSuggestions => &[key(CMD, Key::G)],
            NextSuggestion => &[key(NONE, Key::G)],
            PreviousSuggestion => &[key(SHIFT, Key::G)],
            AcceptSuggestion => &[key(NONE, Key::Y)],
            RejectSuggestion => &[key(NONE, Key::X)],
            CompareTake(k) => return take_keys(k).into_iter().map(|k| key(NONE, k)).collect(),
            CompareTakeAll => &[key(NONE, Key::T)],
            CompareDrop => &[key(NONE, Key::D)],
            CompareNextCase => &[key(NONE, Key::N), key(NONE, Key::J), key(NONE, Key::Tab)],
            ComparePreviousCase => &[key(NONE, Key::P), key(NONE, Key::K)],
            AddArticles | AddFolder | ImportLabeled | Export | CompareWith | AgreementWith
            | PurgeRejected | ShowSchema | ShowStats => &[],
        };
        keys.to_vec()
    }

    /// True when its keys work even while a text field has the keyboard: each has Ctrl (and
    /// no arrow, which text fields use), or is a function key no text field uses.
    pub fn works_in_text_fields(self) -> bool {
        let keys = self.shortcuts();
        !keys.is_empty()
            && keys.iter().all(|s| {
                matches!(s.logical_key, Key::F1 | Key::F3)
                    || (!s.modifiers.is_none() && !is_arrow(s.logical_key))
            })
    }

    /// Where it belongs.
    pub fn group(self) -> Group {
        use Command::*;
        match self {
            Open | Save | SaveAs | AddArticles | AddFolder | ImportLabeled | Export
            | CompareWith | AgreementWith | Quit => Group::File,
            Undo | Redo | Find | FindNext | FindPrevious | PurgeRejected => Group::Edit,
            ToggleSidePanel | LargerText | SmallerText | DefaultTextSize | ToggleReview
            | ShowSchema | ShowStats | ShowHelp => Group::View,
            NextDocument | PreviousDocument | NextAnnotation | PreviousAnnotation | Escape => {
                Group::Navigate
            }
            DeleteAnnotation | StartLinking | FinishLink | StartLeft | StartRight
            | StartWordLeft | StartWordRight | EndLeft | EndRight | EndWordLeft | EndWordRight
            | EditFields => Group::Annotation,
            CaretLeft | CaretRight | CaretWordLeft | CaretWordRight | CaretLineUp
            | CaretLineDown | SelectLeft | SelectRight | SelectWordLeft | SelectWordRight
            | SelectLineUp | SelectLineDown => Group::Caret,
            ReviewAccept | ReviewReject | ReviewUndecide | ReviewComment | ReviewNext
            | ReviewPrevious => Group::Review,
            ToggleSuggestions | NextSuggestion | PreviousSuggestion | AcceptSuggestion
            | RejectSuggestion => Group::Suggestion,
            CompareTake(_) | CompareTakeAll | CompareDrop | CompareNextCase
            | ComparePreviousCase => Group::Compare,
        }
    }

    /// Whether it can run now.
    pub fn available(self, a: &Availability) -> bool {
        use Command::*;
        match self {
            Undo => a.can_undo,
            Redo => a.can_redo,
            NextDocument | PreviousDocument => a.documents > 1,
            DeleteAnnotation | StartLinking | StartLeft | StartRight | StartWordLeft
            | StartWordRight | EndLeft | EndRight | EndWordLeft | EndWordRight | ReviewAccept
            | ReviewReject | ReviewUndecide | ReviewComment => a.selected,
            FinishLink => a.link_target,
            EditFields => a.fields,
            NextSuggestion | PreviousSuggestion => a.suggestions > 0,
            AcceptSuggestion | RejectSuggestion => a.suggestion_current,
            CompareTake(k) => {
                (a.selected_case || a.field_cursor) && k < a.annotators.min(MAX_TAKE as usize) as u8
            }
            CompareTakeAll | CompareDrop => a.selected_case,
            CompareNextCase | ComparePreviousCase => a.cases > 0,
            _ => true,
        }
    }

    /// Its shortcuts as the user reads them: `Ctrl+Z / Ctrl+Y`.
    pub fn shortcut_text(self) -> String {
        self.shortcuts()
            .iter()
            .map(format_shortcut)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// The command a key without modifiers runs while annotating or reviewing, if any: label
/// hotkeys must not take such a key.
pub fn command_on_plain_key(key: Key) -> Option<Command> {
    Command::all().into_iter().find(|c| {
        c.modes()
            .iter()
            .any(|m| matches!(m, Mode::Annotate | Mode::Review))
            && c.shortcuts()
                .iter()
                .any(|s| s.modifiers.is_none() && s.logical_key == key)
    })
}
