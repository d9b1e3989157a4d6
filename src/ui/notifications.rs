//! Messages for the user (saved, imported, failed), shown in the corner of the window.

use std::time::Duration;

/// How long an informational message stays; errors stay until dismissed.
const INFO_SECONDS: f64 = 6.0;

/// How serious a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something worked.
    Info,
    /// Something failed; the message names the file and the reason.
    Error,
    /// A change the user asked for was refused (a taken hotkey, an overlapping edit). It lasts until
    /// dismissed, until the next refusal replaces it, or until its cause is gone: the next change
    /// that succeeds, or another document.
    Refused,
}

/// One message.
#[derive(Debug, Clone)]
pub struct Notification {
    /// Severity.
    pub level: Level,
    /// What happened.
    pub text: String,
    /// When it was posted, in egui time; set when first shown.
    pub shown_at: Option<f64>,
}

/// The messages currently visible.
#[derive(Debug, Default)]
pub struct Notifications {
    /// Oldest first.
    pub items: Vec<Notification>,
}

impl Notifications {
    /// Post an informational message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.items.push(Notification {
            level: Level::Info,
            text: text.into(),
            shown_at: None,
        });
    }

    /// Post an error; it stays until the user closes it. The same error is shown once.
    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self
            .items
            .iter()
            .any(|n| n.level == Level::Error && n.text == text)
        {
            return;
        }
        self.items.push(Notification {
            level: Level::Error,
            text,
            shown_at: None,
        });
    }

    /// Say that a change was refused, replacing an earlier refusal.
    pub fn refused(&mut self, text: impl Into<String>) {
        self.clear_refusals();
        self.items.push(Notification {
            level: Level::Refused,
            text: text.into(),
            shown_at: None,
        });
    }

    /// The cause of a refusal is gone (a change succeeded, another document is shown).
    pub fn clear_refusals(&mut self) {
        self.items.retain(|n| n.level != Level::Refused);
    }

    /// The latest error, if any is showing (for tests and the status bar).
    pub fn last_error(&self) -> Option<&str> {
        self.items
            .iter()
            .rev()
            .find(|n| n.level != Level::Info)
            .map(|n| n.text.as_str())
    }
}

/// Draw the messages in the bottom-right corner and expire old ones.
pub fn notifications_ui(ctx: &egui::Context, notes: &mut Notifications) {
    if notes.items.is_empty() {
        return;
    }
    let now = ctx.input(|i| i.time);
    notes
        .items
        .retain(|n| n.level != Level::Info || n.shown_at.is_none_or(|t| now - t < INFO_SECONDS));
    let mut dismiss = None;
    egui::Area::new(egui::Id::unique("notifications"))
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -36.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            for (i, note) in notes.items.iter_mut().enumerate() {
                note.shown_at.get_or_insert(now);
                let error = note.level != Level::Info;
                let fill = if error {
                    egui::Color32::from_rgb(120, 20, 20)
                } else {
                    ui.visuals().extreme_bg_color
                };
                egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let text = egui::RichText::new(&note.text);
                        let text = if error {
                            text.color(egui::Color32::WHITE)
                        } else {
                            text
                        };
                        ui.add(egui::Label::new(text).wrap());
                        if ui.small_button("×").on_hover_text("Dismiss").clicked() {
                            dismiss = Some(i);
                        }
                    });
                });
            }
        });
    if let Some(i) = dismiss {
        notes.items.remove(i);
    }
    // Wake up only when the next informational message is due to go; errors wait for the user.
    let next_expiry = notes
        .items
        .iter()
        .filter(|n| n.level == Level::Info)
        .filter_map(|n| n.shown_at)
        .map(|t| (t + INFO_SECONDS - now).max(0.0))
        .min_by(f64::total_cmp);
    if let Some(seconds) = next_expiry {
        ctx.request_repaint_after(Duration::from_secs_f64(seconds + 0.05));
    }
}
