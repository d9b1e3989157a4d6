//! The real window run headless for benchmarks: the app as a user would open it, and one
//! 1280×820 frame of input.

use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;

/// The app as the tests open it (tests/common/app.rs), so benchmarks measure the same window.
#[path = "../tests/common/app.rs"]
mod app;

/// The window's app on `session`, with an annotator set so no first-run prompt shows.
pub fn app_on(session: Session) -> MarginaliaApp {
    app::app_on(session, "bench")
}

/// The input of one frame of a 1280×820 window at `time` seconds (`None`: egui's own clock).
pub fn window_input(time: Option<f64>) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 820.0),
        )),
        time,
        ..Default::default()
    }
}
