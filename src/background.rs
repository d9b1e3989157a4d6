//! Long work off the window's thread: opening, importing and exporting large files, agreement
//! and comparison. The worker reports how far it is and checks for a cancel; when it is done it
//! wakes whoever waits (the window asks for a repaint).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

/// Shared between the worker and the window.
#[derive(Default)]
pub struct Progress {
    fraction: AtomicU32,
    cancelled: AtomicBool,
}

impl Progress {
    /// Report how far the work is, from 0 to 1.
    pub fn set(&self, fraction: f32) {
        self.fraction
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    /// How far the work is.
    pub fn fraction(&self) -> f32 {
        f32::from_bits(self.fraction.load(Ordering::Relaxed))
    }

    /// True once the user pressed Cancel; workers check it between steps.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// One piece of work running on a worker thread.
pub struct Task<T> {
    /// What the progress window says.
    pub label: String,
    /// Shared progress and cancel flag.
    pub progress: Arc<Progress>,
    rx: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Start `work` on a new thread; `wake` is called when it finishes.
    pub fn spawn(
        label: impl Into<String>,
        wake: impl FnOnce() + Send + 'static,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let worker_progress = progress.clone();
        std::thread::spawn(move || {
            let result = work(&worker_progress);
            let _ = tx.send(result);
            wake();
        });
        Self {
            label: label.into(),
            progress,
            rx,
        }
    }

    /// The result, once the work is done.
    pub fn poll(&self) -> Option<T> {
        self.rx.try_recv().ok()
    }

    /// Ask the worker to stop; its result will be ignored.
    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    /// Wait for the result (tests and benchmarks).
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }
}
