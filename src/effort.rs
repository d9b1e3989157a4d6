//! The effort clock: active annotation time per document and annotator.
//!
//! Time counts while the window has focus and the user acts (a key, a click, a scroll) at least
//! once a minute: the span between two acts counts when it is at most [`IDLE_LIMIT`] long, so
//! reading between scrolls counts and a coffee break does not. Losing focus ends the span at that
//! moment. The clock takes the time as a number of seconds from any fixed start, so tests drive it
//! with a fake clock; it keeps fractions to itself and hands out whole seconds, which is what the
//! project file stores.

use std::collections::BTreeMap;

/// The longest gap between two acts that still counts as working.
pub const IDLE_LIMIT: f64 = 60.0;

/// What the clock is counting for: a document (by id) and an annotator.
pub type Key = (String, String);

/// Counts active seconds; see the module documentation for the rules.
#[derive(Debug, Clone, Default)]
pub struct EffortClock {
    /// The document and annotator being worked on, if any.
    current: Option<Key>,
    /// When the user last acted while focused (seconds); `None` when idle or unfocused.
    last_act: Option<f64>,
    /// True while the window has focus.
    focused: bool,
    /// Counted time not yet handed out, fractions included.
    pending: BTreeMap<Key, f64>,
}

impl EffortClock {
    /// A clock counting nothing until it is told the focus and the document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Credit the span from the last act to `now` when it is short enough to be work.
    fn close_span(&mut self, now: f64) {
        if let (Some(last), Some(key)) = (self.last_act, &self.current) {
            let gap = now - last;
            if gap > 0.0 && gap <= IDLE_LIMIT {
                *self.pending.entry(key.clone()).or_insert(0.0) += gap;
            }
        }
    }

    /// The user acted at `now` (a key, a click, a scroll, a drag).
    pub fn act(&mut self, now: f64) {
        if !self.focused || self.current.is_none() {
            return;
        }
        self.close_span(now);
        self.last_act = Some(now);
    }

    /// The window gained or lost focus at `now`. Losing it counts the time up to that moment (if
    /// the user was active) and stops the clock; gaining it counts nothing until the next act.
    pub fn set_focus(&mut self, focused: bool, now: f64) {
        if focused == self.focused {
            return;
        }
        if !focused {
            self.close_span(now);
        }
        self.focused = focused;
        self.last_act = None;
    }

    /// From `now` on, time goes to `key` (`None`: to nothing, as when no document is open). The
    /// time up to `now` stays with the previous document; a switch is an act on the new one.
    pub fn work_on(&mut self, key: Option<Key>, now: f64) {
        if key == self.current {
            return;
        }
        self.close_span(now);
        let was_active = self.last_act.is_some();
        self.current = key;
        self.last_act = (was_active && self.focused && self.current.is_some()).then_some(now);
    }

    /// The whole seconds counted so far, by (document, annotator), leaving fractions behind.
    pub fn take_whole_seconds(&mut self) -> Vec<(Key, u64)> {
        let mut out = Vec::new();
        for (key, secs) in &mut self.pending {
            let whole = secs.floor();
            if whole >= 1.0 {
                *secs -= whole;
                out.push((key.clone(), whole as u64));
            }
        }
        self.pending.retain(|_, s| *s > 0.0);
        out
    }

    /// The document and annotator time goes to now.
    pub fn current(&self) -> Option<&Key> {
        self.current.as_ref()
    }

    /// Counted seconds not yet handed out, all keys together.
    pub fn pending_seconds(&self) -> f64 {
        self.pending.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(doc: &str) -> Option<Key> {
        Some((doc.to_owned(), "ann".to_owned()))
    }

    fn clock_on(doc: &str) -> EffortClock {
        let mut c = EffortClock::new();
        c.set_focus(true, 0.0);
        c.work_on(key(doc), 0.0);
        c.act(0.0);
        c
    }

    fn seconds(c: &mut EffortClock) -> Vec<(String, u64)> {
        c.take_whole_seconds()
            .into_iter()
            .map(|((d, _), s)| (d, s))
            .collect()
    }

    #[test]
    fn acts_within_a_minute_count_the_time_between_them() {
        let mut c = clock_on("a");
        for t in [10.0, 40.0, 95.0, 100.5] {
            c.act(t);
        }
        assert_eq!(seconds(&mut c), vec![("a".into(), 100)]);
        assert!(
            (c.pending_seconds() - 0.5).abs() < 1e-9,
            "the fraction waits"
        );
    }

    #[test]
    fn a_gap_over_a_minute_is_a_break_and_counts_nothing() {
        let mut c = clock_on("a");
        c.act(30.0);
        c.act(30.0 + 600.0); // a coffee break
        c.act(30.0 + 600.0 + 20.0);
        assert_eq!(seconds(&mut c), vec![("a".into(), 50)]);
    }

    #[test]
    fn losing_focus_stops_the_clock_and_regaining_it_waits_for_an_act() {
        let mut c = clock_on("a");
        c.act(20.0);
        c.set_focus(false, 25.0);
        c.act(26.0); // events while unfocused do not count
        c.set_focus(true, 50.0);
        c.act(55.0);
        c.act(60.0);
        assert_eq!(seconds(&mut c), vec![("a".into(), 30)]);
    }

    #[test]
    fn time_goes_to_the_document_being_worked_on() {
        let mut c = clock_on("a");
        c.act(10.0);
        c.work_on(key("b"), 15.0);
        c.act(45.0);
        c.work_on(None, 50.0);
        c.act(55.0);
        assert_eq!(seconds(&mut c), vec![("a".into(), 15), ("b".into(), 35)]);
    }

    #[test]
    fn a_new_annotator_name_starts_a_new_count() {
        let mut c = clock_on("a");
        c.act(10.0);
        c.work_on(Some(("a".into(), "bob".into())), 10.0);
        c.act(30.0);
        let got = c.take_whole_seconds();
        assert_eq!(
            got,
            vec![
                (("a".into(), "ann".into()), 10),
                (("a".into(), "bob".into()), 20)
            ]
        );
    }
}
