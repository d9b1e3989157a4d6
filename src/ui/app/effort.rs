//! The effort clock in the window: what counts as an act, which document and annotator the
//! time goes to, and when counted seconds move into the project (see [`crate::effort`]).

use super::*;
use crate::effort::EffortClock;

/// Seconds counted before they are written into the project between other occasions (a switch
/// of document, a focus loss, a save, closing).
const FLUSH_SECONDS: f64 = 30.0;

/// The clock and what the window last told it.
#[derive(Debug, Default)]
pub struct EffortState {
    /// The clock itself.
    pub clock: EffortClock,
    /// Tests set the time here (seconds) instead of egui's.
    pub fake_now: Option<f64>,
}

impl MarginaliaApp {
    /// Feed this frame's focus and input to the clock; move whole seconds into the project when
    /// enough have gathered or the work moved elsewhere. Runs only when egui runs a frame, which
    /// it does on input and focus changes: an idle window does nothing for it.
    pub(super) fn track_effort(&mut self, ctx: &egui::Context) {
        let (egui_now, focused, acted) = ctx.input(|i| {
            let acted = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Paste(_)
                        | egui::Event::PointerButton { pressed: true, .. }
                        | egui::Event::MouseWheel { .. }
                )
            });
            (i.time, i.focused, acted)
        });
        let now = self.effort.fake_now.unwrap_or(egui_now);
        let key = self.effort_key();
        let clock = &mut self.effort.clock;
        let moved = key.as_ref() != clock.current();
        clock.set_focus(focused && self.prefs.count_time, now);
        clock.work_on(key, now);
        if acted {
            clock.act(now);
        }
        if moved || !focused || clock.pending_seconds() >= FLUSH_SECONDS {
            self.flush_effort();
        }
    }

    /// The document and annotator time goes to now: none in comparison, while a project loads,
    /// or with counting turned off.
    fn effort_key(&self) -> Option<crate::effort::Key> {
        if self.compare.is_some() || self.is_loading() || !self.prefs.count_time {
            return None;
        }
        let doc = self.session.document()?;
        Some((doc.id.clone(), self.author()))
    }

    /// Write the whole seconds counted so far into the project.
    pub(super) fn flush_effort(&mut self) {
        for ((document, annotator), seconds) in self.effort.clock.take_whole_seconds() {
            self.session.add_time(&document, &annotator, seconds);
        }
    }
}
