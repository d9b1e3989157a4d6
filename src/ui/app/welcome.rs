//! The first run: a welcome that asks for the annotator's name and says where to start.

use super::*;

impl MarginaliaApp {
    /// The first run: a centred, modal welcome that asks for the annotator's name (the field has
    /// the keyboard at once) and says where to start.
    pub(super) fn name_prompt(&mut self, ctx: &egui::Context) {
        let Some(draft) = self.drafts.name.as_mut() else {
            return;
        };
        let mut done = false;
        let mut later = false;
        egui::Modal::new(egui::Id::unique("welcome")).show(ctx, |ui| {
            ui.set_max_width(440.0);
            ui.heading("Welcome to Marginalia");
            ui.add_space(4.0);
            ui.add(
                egui::Label::new(
                    "Your name is recorded as the author of each annotation you make and as the reviewer of each decision.",
                )
                .wrap(),
            );
            ui.add_space(6.0);
            let field_id = egui::Id::unique("welcome_name");
            let edit = ui.add(
                egui::TextEdit::singleline(draft)
                    .id(field_id)
                    .hint_text("Your name")
                    .desired_width(f32::INFINITY),
            );
            // The suggested name ($USER) starts selected, so typing replaces it.
            let fresh = ui.memory(|m| m.data.get_temp::<bool>(field_id.with("selected")).is_none());
            if edit.has_focus() && fresh {
                ui.memory_mut(|m| m.data.insert_temp(field_id.with("selected"), true));
                if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), field_id) {
                    state.cursor.set_char_range(Some(egui::text::CCursorRange::select_all_str(draft)));
                    state.store(ui.ctx(), field_id);
                }
            }
            // The field takes the keyboard once, when the welcome appears (asking every frame
            // would keep the window repainting while it is not the focused window).
            let asked = field_id.with("asked");
            if ui.memory(|m| m.data.get_temp::<bool>(asked).is_none()) {
                ui.memory_mut(|m| m.data.insert_temp(asked, true));
                edit.request_focus();
            }
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let named = !draft.trim().is_empty();
                if ui.add_enabled(named, egui::Button::new("Save name")).clicked() || (enter && named) {
                    done = true;
                }
                if ui.button("Later").on_hover_text("Ask again next time").clicked() {
                    later = true;
                }
            });
            ui.separator();
            ui.add(
                egui::Label::new(
                    "To start, open an article with Ctrl+O (or Open… in the File menu: text, Markdown, a saved web page, PDF, Word, OpenDocument or EPUB), or try the sample shown behind: drag across words, then press 1 for an entity, 2 for a claim, 3 for a quote. Keyboard shortcuts in the Help menu lists every key.",
                )
                .wrap(),
            );
        });
        if done {
            self.prefs.annotator = draft.trim().to_owned();
        }
        if done || later {
            self.drafts.name = None;
        }
    }
}
