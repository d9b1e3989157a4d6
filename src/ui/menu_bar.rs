//! The menu bar: File, Edit, View and Help.

use egui::Ui;

use super::actions::Action;
use super::find_bar::FindBar;
use super::prefs::{Prefs, Theme};
use super::session::Session;

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
