//! SIGTERM and SIGINT (Ctrl+C in the terminal, a logout, a `kill`) with unsaved changes write a
//! recovery snapshot before the window closes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

static SHUTDOWN: AtomicBool = AtomicBool::new(false);
static CONTEXT: OnceLock<egui::Context> = OnceLock::new();

/// Route termination signals to the window: the next frame writes a snapshot and closes.
pub fn install(ctx: &egui::Context) {
    if CONTEXT.set(ctx.clone()).is_err() {
        return;
    }
    let _ = ctrlc::set_handler(request_shutdown);
}

/// Ask the window to save a snapshot and close, as a signal does.
pub fn request_shutdown() {
    SHUTDOWN.store(true, Ordering::SeqCst);
    if let Some(ctx) = CONTEXT.get() {
        ctx.request_repaint();
    }
}

/// True once a termination signal arrived.
pub fn shutdown_requested() -> bool {
    SHUTDOWN.load(Ordering::SeqCst)
}
