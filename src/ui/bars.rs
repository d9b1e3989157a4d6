//! The menu bar, the label bar, the find bar and the status bar.

use egui::Ui;

use super::actions::Action;
use super::doc_summary::DocSummary;
use super::prefs::{Prefs, Theme};
use super::session::Session;
use super::text_view::{label_color, TextViewState};

/// Keyboard shortcuts, as listed in Help.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "1 / 2 / 3 …",
        "Tag the selection with that label, or relabel the selected annotation",
    ),
    (
        "Drag",
        "Select text (snaps to words; hold Alt for single characters)",
    ),
    ("Double / triple click", "Select a word / a paragraph"),
    (
        "Ctrl + drag",
        "Add a fragment to the selected annotation (discontinuous span)",
    ),
    (
        "Click a highlight",
        "Select it; click again to cycle through stacked highlights",
    ),
    ("← → / Ctrl+← →", "Move the caret by a character / a word"),
    ("↑ ↓", "Move the caret by a line"),
    ("Shift + arrows", "Select with the keyboard"),
    ("Tab / Shift+Tab", "Next / previous annotation"),
    (
        "[ / ]",
        "Move the start of the selected annotation left / right by a character (an edge never rests on a space: it moves past it to the next character)",
    ),
    ("Alt+[ / Alt+]", "Move the start by a word"),
    (
        ", / .",
        "Move the end of the selected annotation left / right by a character (past a space to the next character, so an annotation never ends on whitespace)",
    ),
    ("Alt+, / Alt+.", "Move the end by a word"),
    ("Delete / Backspace", "Delete the selected annotation"),
    (
        "L, then click (or Tab + Enter)",
        "Link the selected annotation to another (a quote to its speaker, a claim to its source)",
    ),
    (
        "Alt + click",
        "Link the selected annotation to the clicked one",
    ),
    ("Esc", "Clear the selection"),
    ("Ctrl+F, F3 / Shift+F3", "Find, next / previous match"),
    ("Ctrl+B", "Show or hide the side panel"),
    ("Ctrl++ / Ctrl+− / Ctrl+0", "Larger / smaller / default text"),
    ("Esc (a small window open)", "Close it"),
    ("Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y", "Undo / redo"),
    ("Ctrl+O / Ctrl+S / Ctrl+Shift+S", "Open / save / save as"),
    (
        "Right-click a label",
        "Sticky mode: tag each selection as soon as you release it",
    ),
    (
        "Ctrl+R",
        "Review mode: A accept, R reject, U undecide, C comment, N/J next, P/K previous",
    ),
    (
        "Comparing",
        "A, B, C (or 1–9) take that annotator's span, T take both / all, D drop, N/P next/previous case",
    ),
    ("Ctrl+PgDn / Ctrl+PgUp", "Next / previous document"),
    ("Ctrl+Q", "Quit"),
];

/// Presentation state of the find bar.
#[derive(Default)]
pub struct FindBar {
    /// Whether the bar is showing.
    pub open: bool,
    /// The query.
    pub query: String,
    /// Case-sensitive search.
    pub match_case: bool,
    /// The query and case setting the matches were computed for, and the session revision.
    pub searched: Option<(String, bool, usize)>,
    /// Label for "tag all".
    pub tag_label: String,
    /// Ask the query field for focus next frame.
    pub focus: bool,
    /// Search every document of the project, results grouped by document.
    pub all_documents: bool,
    /// Matches per document for the corpus search, and what they were computed for.
    pub corpus: Option<(CorpusKey, Vec<DocumentMatches>)>,
}

/// What a corpus search was computed for: query, case sensitivity, session revision.
pub type CorpusKey = (String, bool, u64);
/// A document's index and its matches.
pub type DocumentMatches = (usize, Vec<(usize, usize)>);

/// The menu bar.
pub fn menu_bar_ui(
    ui: &mut Ui,
    session: &Session,
    prefs: &mut Prefs,
    find: &mut FindBar,
    show_help: &mut bool,
    actions: &mut Vec<Action>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui
                .button("Open…  (Ctrl+O)")
                .on_hover_text("Open a project (.ron) or an article (.txt, .md, .html)")
                .clicked()
            {
                actions.push(Action::Open);
            }
            ui.menu_button("Open recent", |ui| {
                if prefs.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in prefs.recent.clone() {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::OpenPath(path));
                    }
                }
            });
            if ui.button("Save  (Ctrl+S)").clicked() {
                actions.push(Action::Save);
            }
            if ui.button("Save as…  (Ctrl+Shift+S)").clicked() {
                actions.push(Action::SaveAs);
            }
            ui.separator();
            if ui
                .button("Import article…")
                .on_hover_text("Start a project from a .txt, .md or .html article")
                .clicked()
            {
                actions.push(Action::Open);
            }
            if ui.button("Add articles…").on_hover_text("Add .txt, .md or .html articles to this project (or drop them on the window)").clicked() {
                actions.push(Action::ChooseArticles);
            }
            if ui.button("Add a folder of articles…").clicked() {
                actions.push(Action::ChooseFolder);
            }
            if ui.button("Import labeled data…").on_hover_text("brat, doccano, CoNLL, spaCy or Label Studio").clicked() {
                actions.push(Action::ShowImport);
            }
            if ui.button("Export…").on_hover_text("brat, doccano, CoNLL, spaCy, Label Studio, CSV or W3C").clicked() {
                actions.push(Action::ShowExport);
            }
            ui.separator();
            if ui.button("Compare with…").on_hover_text("Compare with one or more other annotators' projects of the same article(s) and adjudicate").clicked() {
                actions.push(Action::CompareWith);
            }
            if ui
                .button("Agreement with…")
                .on_hover_text("Measure agreement (F1, Cohen's κ, Krippendorff's α) between this project and one or more other annotators' projects of the same article(s)")
                .clicked()
            {
                actions.push(Action::ChooseAgreement);
            }
            ui.separator();
            if ui.button("Quit  (Ctrl+Q)").clicked() {
                actions.push(Action::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo = session
                .history
                .undo_description()
                .map_or("Undo".to_owned(), |d| format!("Undo {d}"));
            if ui
                .add_enabled(
                    session.history.undo_description().is_some(),
                    egui::Button::new(format!("{undo}  (Ctrl+Z)")),
                )
                .clicked()
            {
                actions.push(Action::Undo);
            }
            let redo = session
                .history
                .redo_description()
                .map_or("Redo".to_owned(), |d| format!("Redo {d}"));
            if ui
                .add_enabled(
                    session.history.redo_description().is_some(),
                    egui::Button::new(format!("{redo}  (Ctrl+Shift+Z)")),
                )
                .clicked()
            {
                actions.push(Action::Redo);
            }
            ui.separator();
            if ui.button("Find  (Ctrl+F)").clicked() {
                find.open = true;
                find.focus = true;
            }
            ui.separator();
            if ui
                .button("Purge rejected annotations")
                .on_hover_text("Delete every rejected annotation of this document (one undo step)")
                .clicked()
            {
                actions.push(Action::PurgeRejected);
            }
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            ui.radio_value(&mut prefs.theme, Theme::System, "System");
            ui.radio_value(&mut prefs.theme, Theme::Light, "Light");
            ui.radio_value(&mut prefs.theme, Theme::Dark, "Dark");
            ui.separator();
            ui.add(egui::Slider::new(&mut prefs.text_size, super::prefs::TEXT_SIZES).text("Text size"))
                .on_hover_text("Ctrl++ larger, Ctrl+− smaller, Ctrl+0 back to 16");
            ui.checkbox(&mut prefs.side_panel, "Side panel  (Ctrl+B)")
                .on_hover_text("Show or hide the inspector and the annotation list");
            ui.checkbox(&mut prefs.snap_words, "Snap selections to words")
                .on_hover_text("Hold Alt while selecting for single characters");
            ui.separator();
            if ui.button("Review mode  (Ctrl+R)").on_hover_text("Step through annotations and accept (A) or reject (R) each").clicked() {
                actions.push(Action::ToggleReview);
            }
            if ui.button("Label schema…").on_hover_text("Add, rename, recolour and delete labels; hotkeys, guidelines and attributes").clicked() {
                actions.push(Action::ShowSchema);
            }
            if ui.button("Statistics…").on_hover_text("Counts per label, author, status and document; label density along the text").clicked() {
                actions.push(Action::ShowStats);
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts").clicked() {
                *show_help = true;
            }
        });
    });
}

/// One button per label, with its hotkey and count; stays visible above the text.
pub fn label_bar_ui(
    ui: &mut Ui,
    session: &Session,
    view: &mut TextViewState,
    summary: &DocSummary,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = session.document() else {
        return;
    };
    let schema = &session.project.schema;
    ui.horizontal_wrapped(|ui| {
        if session.project.documents.len() > 1 {
            let current = session.document;
            super::side_panel::labelled_combo(ui, "Document", "document_picker", doc.title.clone(), |ui| {
                for (i, d) in session.project.documents.iter().enumerate() {
                    if ui.selectable_label(i == current, format!("{} ({} annotations)", d.title, d.annotations.len())).clicked() && i != current {
                        actions.push(Action::ShowDocument(i));
                    }
                }
            });
            ui.separator();
        }
        ui.label("Labels:");
        for label in &schema.labels {
            let count = summary.count(&label.name);
            let key = label.hotkey.as_deref().map(|k| format!("{k} ")).unwrap_or_default();
            let color = label_color(schema, &label.name);
            let sticky = view.sticky_label.as_deref() == Some(label.name.as_str());
            let text = egui::RichText::new(format!("{key}{}  ({count})", label.name)).strong();
            let button = egui::Button::new(text).fill(color.gamma_multiply(0.35)).stroke(egui::Stroke::new(if sticky { 3.0 } else { 1.0 }, color)).selected(sticky);
            let r = ui.add(button).on_hover_text(format!(
                "{}\n\nClick: tag the selection (or relabel the selected annotation).\nRight-click: sticky mode, tag every selection as you release it.",
                label.description
            ));
            if r.clicked() {
                match view.selected {
                    Some(id) if view.selection.is_none() => actions.push(Action::Relabel(id, label.name.clone())),
                    _ => actions.push(Action::TagSelection(label.name.clone())),
                }
            }
            if r.secondary_clicked() {
                view.sticky_label = if sticky { None } else { Some(label.name.clone()) };
            }
        }
        if let Some(sticky) = &view.sticky_label {
            ui.label(egui::RichText::new(format!("sticky: {sticky}")).italics()).on_hover_text("Right-click the label again to stop");
        }
    });
}

/// The find bar: the query, match count, next/previous and "tag all matches".
pub fn find_bar_ui(
    ui: &mut Ui,
    session: &Session,
    find: &mut FindBar,
    view: &mut TextViewState,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = session.document() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label("Find:");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut find.query)
                .desired_width(240.0)
                .hint_text("text to find"),
        );
        if find.focus {
            edit.request_focus();
            find.focus = false;
        }
        ui.checkbox(&mut find.match_case, "Match case");
        if session.project.documents.len() > 1 {
            ui.checkbox(&mut find.all_documents, "All documents");
        }
        let key = (find.query.clone(), find.match_case, session.document);
        if find.searched.as_ref() != Some(&key) {
            view.find_matches = crate::find::find_all(doc.text(), &find.query, find.match_case);
            view.find_current = if view.find_matches.is_empty() {
                None
            } else {
                Some(0)
            };
            if let Some(&(s, _)) = view.find_matches.first() {
                view.scroll_to = Some(s);
            }
            find.searched = Some(key);
        }
        let n = view.find_matches.len();
        ui.label(match view.find_current {
            Some(i) => format!("{} of {n}", i + 1),
            None if find.query.is_empty() => String::new(),
            None => "no matches".into(),
        });
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui
            .button("Previous")
            .on_hover_text("Previous match (Shift+F3)")
            .clicked())
            && n > 0
        {
            step_match(view, false);
        }
        if (ui
            .button("Next")
            .on_hover_text("Next match (F3, Enter)")
            .clicked()
            || enter)
            && n > 0
        {
            step_match(view, true);
        }
        if find.tag_label.is_empty() {
            find.tag_label = session
                .project
                .schema
                .labels
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default();
        }
        super::side_panel::labelled_combo(
            ui,
            "as",
            "tag_all_label",
            find.tag_label.clone(),
            |ui| {
                for l in &session.project.schema.labels {
                    ui.selectable_value(&mut find.tag_label, l.name.clone(), &l.name);
                }
            },
        );
        if ui
            .add_enabled(n > 0, egui::Button::new("Tag all matches"))
            .on_hover_text("One undo step; matches already tagged with this label are skipped")
            .clicked()
        {
            actions.push(Action::TagAllMatches(find.tag_label.clone()));
        }
        if ui
            .button("Close")
            .on_hover_text("Close the find bar (Esc)")
            .clicked()
        {
            close_find(find, view);
        }
    });
    if find.all_documents && session.project.documents.len() > 1 && !find.query.is_empty() {
        corpus_results_ui(ui, session, find, actions);
    }
}

/// Matches in every document, grouped by document; a click shows the match.
fn corpus_results_ui(
    ui: &mut Ui,
    session: &Session,
    find: &mut FindBar,
    actions: &mut Vec<Action>,
) {
    let key = (find.query.clone(), find.match_case, session.revision);
    if find.corpus.as_ref().is_none_or(|(k, _)| *k != key) {
        let results = session
            .project
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    i,
                    crate::find::find_all(d.text(), &find.query, find.match_case),
                )
            })
            .filter(|(_, m)| !m.is_empty())
            .collect();
        find.corpus = Some((key, results));
    }
    let Some((_, results)) = &find.corpus else {
        return;
    };
    let total: usize = results.iter().map(|(_, m)| m.len()).sum();
    let plural = |n: usize, word: &str, many: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {many}")
        }
    };
    ui.label(format!(
        "{} in {}",
        plural(total, "match", "matches"),
        plural(results.len(), "document", "documents")
    ));
    egui::ScrollArea::vertical()
        .id_salt("corpus_find")
        .max_height(160.0)
        .show(ui, |ui| {
            for (doc_index, matches) in results {
                let doc = &session.project.documents[*doc_index];
                egui::CollapsingHeader::new(format!("{} ({} matches)", doc.title, matches.len()))
                    .id_salt(("corpus_find_doc", doc_index))
                    .default_open(results.len() <= 5)
                    .show(ui, |ui| {
                        for &(s, e) in matches.iter().take(50) {
                            let before = doc
                                .offsets()
                                .slice(doc.text(), s.saturating_sub(30), s)
                                .unwrap_or_default();
                            let hit = doc.offsets().slice(doc.text(), s, e).unwrap_or_default();
                            let after = doc
                                .offsets()
                                .slice(doc.text(), e, (e + 30).min(doc.char_len()))
                                .unwrap_or_default();
                            let line = format!(
                                "…{}[{hit}]{}…",
                                before.replace('\n', " "),
                                after.replace('\n', " ")
                            );
                            if ui.selectable_label(false, line).clicked() {
                                actions.push(Action::GoToMatch(*doc_index, s, e));
                            }
                        }
                        if matches.len() > 50 {
                            ui.label(format!("… and {} more", matches.len() - 50));
                        }
                    });
            }
        });
}

/// Move to the next or previous find match and scroll to it.
pub fn step_match(view: &mut TextViewState, forward: bool) {
    let n = view.find_matches.len();
    if n == 0 {
        return;
    }
    let i = match view.find_current {
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
        None => 0,
    };
    view.find_current = Some(i);
    let (s, e) = view.find_matches[i];
    view.scroll_to = Some(s);
    view.selection = Some((s, e));
    view.selected = None;
}

/// Close the find bar and drop its highlights.
pub fn close_find(find: &mut FindBar, view: &mut TextViewState) {
    find.open = false;
    find.searched = None;
    view.find_matches.clear();
    view.find_current = None;
}

/// File, unsaved marker, sizes and the offsets of the selection.
pub fn status_bar_ui(
    ui: &mut Ui,
    session: &Session,
    view: &TextViewState,
    summary: &DocSummary,
    review_mode: bool,
) {
    ui.horizontal(|ui| {
        if review_mode {
            ui.label(
                egui::RichText::new("REVIEW")
                    .strong()
                    .color(egui::Color32::from_rgb(0, 158, 115)),
            );
            ui.separator();
        }
        let file = session
            .path
            .as_ref()
            .map_or_else(|| "not saved yet".to_owned(), |p| p.display().to_string());
        ui.label(file);
        if session.dirty {
            ui.label(
                egui::RichText::new("unsaved changes").color(egui::Color32::from_rgb(230, 120, 0)),
            );
        } else if session.path.is_some() {
            ui.label("saved");
        }
        ui.separator();
        if let Some(doc) = session.document() {
            ui.label(format!("{} characters", doc.char_len()));
            ui.separator();
            ui.label(format!("{} annotations", doc.annotations.len()));
            ui.separator();
            if let Some(from) = view.linking_from.and_then(|id| summary.find(doc, id)) {
                ui.label(
                    egui::RichText::new(format!(
                        "linking from “{}”: click the target, Esc cancels",
                        from.text.chars().take(30).collect::<String>()
                    ))
                    .strong(),
                );
            } else if let Some((s, e)) = view.selection {
                ui.label(format!("selection [{s}, {e}) · {} characters", e - s));
            } else if let Some(ann) = view.selected.and_then(|id| summary.find(doc, id)) {
                ui.label(format!("annotation {} {}", ann.id, fragments_text(ann)));
            } else {
                ui.label(format!("caret {}", view.caret));
            }
        }
    });
}

/// Review progress: how many annotations have a decision, and the review keys.
pub fn review_bar_ui(ui: &mut Ui, summary: &DocSummary) {
    let (total, reviewed) = (summary.total, summary.reviewed);
    ui.horizontal(|ui| {
        let fraction = if total == 0 { 0.0 } else { reviewed as f32 / total as f32 };
        ui.add(egui::ProgressBar::new(fraction).desired_width(220.0).text(format!("reviewed {reviewed} / {total}")));
        if summary.project_total != total {
            ui.label(format!("project: {} / {}", summary.project_reviewed, summary.project_total));
        }
        ui.label("A accept · R reject · U undecide · C comment · N / P next / previous · 1-9 relabel · Ctrl+R leave review");
    });
}

/// The keyboard shortcut list.
pub fn help_window_ui(ctx: &egui::Context, open: &mut bool) {
    super::small_window::small_window(ctx, "Keyboard shortcuts")
        .open(open)
        .default_height(520.0)
        .vscroll(true)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}

/// An annotation's fragments as the status bar and list show them: `[596, 603) + [609, 613)`.
pub fn fragments_text(ann: &crate::model::Annotation) -> String {
    ann.fragments
        .iter()
        .map(|f| format!("[{}, {})", f.start, f.end))
        .collect::<Vec<_>>()
        .join(" + ")
}
