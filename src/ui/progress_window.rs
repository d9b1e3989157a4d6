//! The progress window of work running in the background, and how that work wakes the window.

use crate::background::Progress;

/// What a background task calls when it is done: a repaint of the window, so its result shows.
pub fn waker(ctx: &egui::Context) -> impl FnOnce() + Send + 'static {
    let ctx = ctx.clone();
    move || ctx.request_repaint()
}

/// The progress window; returns true when the user pressed Cancel.
pub fn progress_ui(ctx: &egui::Context, label: &str, progress: &Progress) -> bool {
    let mut cancel = false;
    egui::Window::new("Working")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(label);
            ui.add(
                egui::ProgressBar::new(progress.fraction())
                    .desired_width(320.0)
                    .animate(true)
                    .show_percentage(),
            );
            if ui.button("Cancel").clicked() {
                cancel = true;
            }
        });
    ctx.request_repaint_after(std::time::Duration::from_millis(50));
    cancel
}
