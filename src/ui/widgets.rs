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
