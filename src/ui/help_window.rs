//! Help → Keyboard shortcuts: every key in every mode, read from the command table, the label
//! hotkeys of the schema, and the mouse gestures.

use super::commands::{Availability, Command, Mode, GESTURES};
use crate::model::LabelSchema;

/// The sections of the list: a heading and the commands under it.
pub fn sections() -> Vec<(&'static str, Vec<Command>)> {
    let all = Command::all();
    let only = |modes: &[Mode]| -> Vec<Command> {
        all.iter()
            .copied()
            .filter(|c| c.modes() == modes && !c.shortcuts().is_empty())
            .collect()
    };
    vec![
        ("Everywhere", only(&Mode::ALL)),
        (
            "Annotating (and in review mode)",
            only(&[Mode::Annotate, Mode::Review]),
        ),
        ("Review mode (Ctrl+R)", only(&[Mode::Review])),
        ("Comparing", only(&[Mode::Compare])),
    ]
}

/// The keyboard shortcut list.
pub fn help_window_ui(
    ctx: &egui::Context,
    open: &mut bool,
    schema: &LabelSchema,
    now: &Availability,
) {
    super::small_window::small_window(ctx, "Keyboard shortcuts")
        .open(open)
        .default_height(520.0)
        .vscroll(true)
        .show(ctx, |ui| {
            for (n, (heading, commands)) in sections().into_iter().enumerate() {
                ui.strong(heading);
                egui::Grid::new(("shortcuts", n))
                    .striped(true)
                    .show(ui, |ui| {
                        if n == 1 {
                            label_rows(ui, schema);
                        }
                        for command in commands {
                            if let Command::CompareTake(k) = command {
                                // One row per annotator the comparison has (three when there is none).
                                if k as usize >= now.annotators.max(3) {
                                    continue;
                                }
                            }
                            ui.label(egui::RichText::new(command.shortcut_text()).monospace());
                            ui.label(command.text()).on_hover_text(command.tooltip());
                            ui.end_row();
                        }
                    });
                ui.add_space(6.0);
            }
            ui.strong("Mouse");
            egui::Grid::new("gestures").striped(true).show(ui, |ui| {
                for (gesture, what) in GESTURES {
                    ui.label(*gesture);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}

/// The schema's label hotkeys, one row each.
fn label_rows(ui: &mut egui::Ui, schema: &LabelSchema) {
    for label in &schema.labels {
        if let Some(key) = &label.hotkey {
            ui.label(egui::RichText::new(key.to_uppercase()).monospace());
            ui.label(format!(
                "Tag the selection as {}, or relabel the selected annotation",
                label.name
            ));
            ui.end_row();
        }
    }
}
