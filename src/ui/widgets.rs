//! Small widgets the panels share.

use egui::Ui;

/// A combo box preceded by a label that names it, for readers and screen readers alike.
pub fn labelled_combo(
    ui: &mut Ui,
    label: &str,
    id: &str,
    selected: String,
    add: impl FnOnce(&mut Ui),
) {
    let name = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .show_ui(ui, add)
        .response
        .labelled_by(name.id);
}

/// A one-line guideline field labelled "Guideline": the new text when the user leaves the field
/// having changed `current`; `left` is set whenever the field is left, so drafts are rebuilt.
pub fn guideline_line(
    ui: &mut Ui,
    draft: &mut String,
    current: &str,
    hint: &str,
    left: &mut bool,
) -> Option<String> {
    let label = ui.label("Guideline");
    let response = ui
        .add(
            egui::TextEdit::singleline(draft)
                .desired_width(f32::INFINITY)
                .hint_text(hint),
        )
        .labelled_by(label.id);
    if !response.lost_focus() {
        return None;
    }
    *left = true;
    (draft != current).then(|| draft.clone())
}
