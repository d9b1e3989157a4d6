//! The menu bar: File, Edit, View and Help, each entry a command of the command table (its
//! text, tooltip, shortcut and whether it can run now).

use egui::Ui;

use super::actions::{Action, FileAction};
use super::commands::{Availability, Command};
use super::prefs::{Prefs, Theme};
use crate::session::Session;

/// A menu entry for `command`, showing its shortcut and tooltip, greyed out when it cannot run;
/// `text` replaces the command's own text (Undo names what it undoes).
fn command_button(
    ui: &mut Ui,
    command: Command,
    text: Option<String>,
    now: &Availability,
    actions: &mut Vec<Action>,
) {
    let mut button = egui::Button::new(text.unwrap_or_else(|| command.text()));
    let keys = command.shortcut_text();
    if !keys.is_empty() {
        button = button.shortcut_text(keys);
    }
    if ui
        .add_enabled(command.available(now), button)
        .on_hover_text(command.tooltip())
        .clicked()
    {
        actions.push(Action::Run(command));
    }
}

/// The menu bar.
pub fn menu_bar_ui(
    ui: &mut Ui,
    session: &Session,
    prefs: &mut Prefs,
    now: &Availability,
    actions: &mut Vec<Action>,
) {
    let entry = |ui: &mut Ui, command: Command, actions: &mut Vec<Action>| {
        command_button(ui, command, None, now, actions)
    };
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            entry(ui, Command::Open, actions);
            ui.menu_button("Open recent", |ui| {
                if prefs.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in prefs.recent.clone() {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::File(FileAction::OpenPath(path)));
                    }
                }
            });
            entry(ui, Command::Save, actions);
            entry(ui, Command::SaveAs, actions);
            ui.separator();
            for command in [Command::AddArticles, Command::AddFolder] {
                entry(ui, command, actions);
            }
            ui.checkbox(&mut prefs.whole_web_pages, "Keep whole web pages")
                .on_hover_text(
                    "Import a saved web page's whole visible text, menus and footers included, \
                     instead of only its article (the next imports, until unticked)",
                );
            for command in [Command::ImportLabeled, Command::Export] {
                entry(ui, command, actions);
            }
            ui.separator();
            entry(ui, Command::CompareWith, actions);
            entry(ui, Command::AgreementWith, actions);
            ui.separator();
            entry(ui, Command::Quit, actions);
        });
        ui.menu_button("Edit", |ui| {
            let undo = session
                .history
                .undo_description()
                .map(|d| format!("Undo {d}"));
            command_button(ui, Command::Undo, undo, now, actions);
            let redo = session
                .history
                .redo_description()
                .map(|d| format!("Redo {d}"));
            command_button(ui, Command::Redo, redo, now, actions);
            ui.separator();
            entry(ui, Command::Find, actions);
            ui.separator();
            entry(ui, Command::PurgeRejected, actions);
        });
        ui.menu_button("View", |ui| {
            ui.label("Theme");
            ui.radio_value(&mut prefs.theme, Theme::System, "System");
            ui.radio_value(&mut prefs.theme, Theme::Light, "Light");
            ui.radio_value(&mut prefs.theme, Theme::Dark, "Dark");
            ui.separator();
            ui.add(
                egui::Slider::new(&mut prefs.text_size, super::prefs::TEXT_SIZES).text("Text size"),
            )
            .on_hover_text(format!(
                "{} larger, {} smaller, {} back to 16",
                Command::LargerText.shortcut_text(),
                Command::SmallerText.shortcut_text(),
                Command::DefaultTextSize.shortcut_text()
            ));
            let side = Command::ToggleSidePanel;
            ui.checkbox(
                &mut prefs.side_panel,
                format!("{}  ({})", side.text(), side.shortcut_text()),
            )
            .on_hover_text(side.tooltip());
            ui.checkbox(&mut prefs.snap_words, "Snap selections to words")
                .on_hover_text("Hold Alt while selecting for single characters");
            ui.checkbox(&mut prefs.count_time, "Count active time")
                .on_hover_text(
                    "Record how long you work on each document: while the window has focus and \
                     you press a key, click or scroll at least once a minute. Kept in the project \
                     file per document and annotator; shown in the document list and Statistics",
                );
            ui.separator();
            entry(ui, Command::ToggleReview, actions);
            entry(ui, Command::EditFields, actions);
            entry(ui, Command::ToggleSuggestions, actions);
            entry(ui, Command::ShowSchema, actions);
            entry(ui, Command::ShowStats, actions);
        });
        ui.menu_button("Help", |ui| {
            entry(ui, Command::ShowHelp, actions);
        });
    });
}
