//! The small windows (keyboard shortcuts, label schema, statistics, agreement, export, import):
//! they open below the menu bar and can never be dragged over it, keep the size and place the
//! user gave them (egui remembers a window by its title), and close with Esc (the app's keys).

use egui::{Context, Id, Rect};

fn area_id() -> Id {
    Id::unique("small_window_area")
}

/// Where small windows may go this frame: the window below the menu bar.
pub fn set_area(ctx: &Context, area: Rect) {
    ctx.data_mut(|d| d.insert_temp(area_id(), area));
}

/// The area small windows are kept in (the whole window until the menu bar was laid out).
pub fn area(ctx: &Context) -> Rect {
    ctx.data(|d| d.get_temp(area_id()))
        .unwrap_or_else(|| ctx.content_rect())
}

/// A small window titled `title`, placed in [`area`] and kept there.
pub fn small_window(ctx: &Context, title: &str) -> egui::Window<'static> {
    let area = area(ctx);
    egui::Window::new(title.to_owned())
        .constrain_to(area)
        .default_pos(area.min + egui::vec2(48.0, 24.0))
        .collapsible(false)
        .resizable(true)
}
