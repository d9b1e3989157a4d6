//! Running an extractor that parses untrusted files (PDF object graphs, zip containers, page
//! trees) on a thread of its own, with a deep stack, a time limit, and a panic turned into an
//! error, so a hostile file is refused with a message instead of taking the program down.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Once;
use std::time::{Duration, Instant};

/// The name of the extraction threads; their panics are not printed, they are reported.
const THREAD_NAME: &str = "marginalia-extract";

/// How long one article's extraction may take.
pub const EXTRACTION_TIME_LIMIT: Duration = Duration::from_secs(120);

/// Why a guarded extraction gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardError {
    /// It ran past the time limit; it is left to finish on its own and its result dropped.
    TimedOut(Duration),
    /// It panicked; the message says where.
    Crashed(String),
}

/// Run `work` on an extraction thread and wait at most `limit` for it. `work` gets the instant
/// it should stop by, for extractors that can check it as they go.
pub fn guarded<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce(Instant) -> T + Send + 'static,
) -> Result<T, GuardError> {
    quiet_extraction_panics();
    let deadline = Instant::now() + limit;
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(deadline)));
            let _ = send.send(outcome.map_err(|payload| panic_message(payload.as_ref())));
        });
    if let Err(err) = spawned {
        return Err(GuardError::Crashed(format!(
            "could not start a thread ({err})"
        )));
    }
    match receive.recv_timeout(limit) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(message)) => Err(GuardError::Crashed(message)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(GuardError::TimedOut(limit)),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(GuardError::Crashed(
            "the extractor stopped without an answer".into(),
        )),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an internal error".into())
}

/// Keep the default panic report for every thread but the extraction threads, whose panics
/// become import errors.
fn quiet_extraction_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(THREAD_NAME) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_an_error_and_a_hang_times_out() {
        assert_eq!(guarded(Duration::from_secs(5), |_| 2 + 2), Ok(4));
        let crashed = guarded(Duration::from_secs(5), |_| -> u8 { panic!("bad object") });
        assert_eq!(crashed, Err(GuardError::Crashed("bad object".into())));
        let slow = guarded(Duration::from_millis(50), |_| {
            std::thread::sleep(Duration::from_millis(400));
        });
        assert_eq!(slow, Err(GuardError::TimedOut(Duration::from_millis(50))));
    }
}
