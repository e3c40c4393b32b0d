//! Timing advice, from servers and our own: `Retry-After`, `Cache-Control:
//! max-age`, and the backoff between attempts.
//!
//! Owns only the arithmetic and header parsing, as pure functions of their
//! inputs (the clock is passed in), so they are tested without a server or a
//! sleep. Whether an error is worth retrying at all is decided elsewhere, in
//! one place: `FetchError::is_transient`.

use std::time::{Duration, SystemTime};

/// The longest a server's `Retry-After` or `max-age` may push a source's next
/// crawl back. A hint is input from the network, not a duration to trust:
/// `retry-after: 9000000000000` once overflowed the scheduler's date
/// arithmetic and killed the daemon. A day is as long as any real server
/// means, and a source is still checked daily whatever it says.
pub const MAX_SERVER_HINT: Duration = Duration::from_secs(24 * 3600);

/// Reads a `Retry-After` value, either delay-seconds or an HTTP-date, as a
/// delay from `now`. A date in the past means "now"; anything unreadable is
/// `None`, so the caller falls back to its own backoff.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate rather than fail.
        let secs = value.parse().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_SERVER_HINT));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(now)
            .unwrap_or(Duration::ZERO)
            .min(MAX_SERVER_HINT),
    )
}

/// Reads the freshness lifetime from a `Cache-Control` value: how long the
/// server says the document stays current, so a scheduler may skip polling it
/// sooner. `no-store` and `no-cache` promise nothing, so they yield `None`.
pub(crate) fn parse_max_age(value: &str) -> Option<Duration> {
    let mut max_age = None;
    for directive in value.split(',') {
        let directive = directive.trim();
        let (name, arg) = directive.split_once('=').unwrap_or((directive, ""));
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "no-store" | "no-cache" => return None,
            "max-age" => {
                let arg = arg.trim().trim_matches('"');
                if arg.is_empty() || !arg.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let secs = arg.parse().unwrap_or(u64::MAX);
                max_age = Some(Duration::from_secs(secs).min(MAX_SERVER_HINT));
            }
            _ => {}
        }
    }
    max_age
}

/// The pause before retry number `retry` (1 for the first retry): the base
/// doubled each time, capped, with "equal jitter" (half fixed, half random) so
/// that many sources failing together do not come back in lockstep.
pub(crate) fn backoff(base: Duration, retry: u32, cap: Duration) -> Duration {
    let factor = 1u32
        .checked_shl(retry.saturating_sub(1))
        .unwrap_or(u32::MAX);
    let ceiling = base.saturating_mul(factor).min(cap);
    let half = ceiling / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after("1", at(0)), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", at(0)),
            Some(Duration::from_secs(120))
        );
    }

    #[test]
    fn huge_hints_are_clamped_to_a_day() {
        // These once overflowed `DateTime + TimeDelta` in the daemon.
        for v in ["9000000000000", "99999999999999999999999"] {
            assert_eq!(parse_retry_after(v, at(0)), Some(MAX_SERVER_HINT), "{v}");
        }
        assert_eq!(
            parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", at(0)),
            Some(MAX_SERVER_HINT)
        );
        assert_eq!(
            parse_max_age("max-age=9000000000000"),
            Some(MAX_SERVER_HINT)
        );
        assert_eq!(
            parse_max_age("max-age=99999999999999999999999"),
            Some(MAX_SERVER_HINT)
        );
        assert_eq!(parse_max_age("max-age=-1"), None);
    }

    #[test]
    fn retry_after_http_date() {
        // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch.
        let now = at(784_111_777 - 30);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(30))
        );
        // The two obsolete formats HTTP still requires recipients to accept.
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:37 1994", now),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn retry_after_in_the_past_is_now() {
        let now = at(784_111_777 + 60);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_garbage() {
        assert_eq!(parse_retry_after("", at(0)), None);
        assert_eq!(parse_retry_after("-5", at(0)), None);
        assert_eq!(parse_retry_after("1.5", at(0)), None);
        assert_eq!(parse_retry_after("soon", at(0)), None);
    }

    #[test]
    fn max_age() {
        assert_eq!(
            parse_max_age("public, max-age=600"),
            Some(Duration::from_secs(600))
        );
        assert_eq!(
            parse_max_age("Max-Age = 60 , must-revalidate"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_max_age("max-age=600, no-cache"), None);
        assert_eq!(parse_max_age("no-store"), None);
        assert_eq!(parse_max_age("private"), None);
        assert_eq!(parse_max_age("max-age=soon"), None);
    }

    #[test]
    fn backoff_doubles_within_jitter_and_cap() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for _ in 0..50 {
            let first = backoff(base, 1, cap);
            assert!(
                first >= Duration::from_millis(50) && first <= base,
                "{first:?}"
            );
            let third = backoff(base, 3, cap);
            assert!(
                third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
                "{third:?}"
            );
            assert!(backoff(base, 40, cap) <= cap);
        }
    }
}
