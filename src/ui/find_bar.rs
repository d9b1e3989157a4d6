//! The find bar: the query, its matches in this document or in all of them, and "tag all".

use egui::Ui;

use super::actions::*;
use super::text_view::TextViewState;
use crate::session::Session;

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
        if session.project().documents.len() > 1 {
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
                .project()
                .schema
                .labels
                .first()
                .map(|l| l.name.clone())
                .unwrap_or_default();
        }
        super::widgets::labelled_combo(ui, "as", "tag_all_label", find.tag_label.clone(), |ui| {
            for l in &session.project().schema.labels {
                ui.selectable_value(&mut find.tag_label, l.name.clone(), &l.name);
            }
        });
        if ui
            .add_enabled(n > 0, egui::Button::new("Tag all matches"))
            .on_hover_text("One undo step; matches already tagged with this label are skipped")
            .clicked()
        {
            actions.push(Action::Annotation(AnnotationAction::TagAllMatches(
                find.tag_label.clone(),
            )));
        }
        if ui
            .button("Close")
            .on_hover_text("Close the find bar (Esc)")
            .clicked()
        {
            close_find(find, view);
        }
    });
    if find.all_documents && session.project().documents.len() > 1 && !find.query.is_empty() {
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
            .project()
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
                let doc = &session.project().documents[*doc_index];
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
                                actions.push(Action::Navigation(NavigationAction::GoToMatch(
                                    *doc_index, s, e,
                                )));
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
