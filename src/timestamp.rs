//! RFC 3339 timestamps for the created, modified and review times of annotations.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The current UTC time as RFC 3339 to the second, e.g. `2026-11-27T04:12:13Z`.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// True if `text` is a valid RFC 3339 timestamp.
pub fn is_rfc3339(text: &str) -> bool {
    OffsetDateTime::parse(text, &Rfc3339).is_ok()
}
