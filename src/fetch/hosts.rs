//! Per-host politeness: one request at a time to a host, with a minimum pause
//! between the end of one and the start of the next.
//!
//! Many researchers' pages live on one university server, and a feed run must
//! not look like a crawler hammering it. Owns only the waiting, as a small
//! object per host (lychee's shape); the global concurrency bound and retries
//! live in the fetcher. The key is the host name without the port: ports on
//! one name almost always mean one machine. A request's turn belongs to the
//! host first asked, redirects included: following a redirect elsewhere is
//! one request from the user's point of view, and rare enough not to matter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;
use tokio::time::Instant;
use url::Url;

/// Which politeness queue a URL joins.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct HostKey(String);

impl HostKey {
    pub(crate) fn of(url: &Url) -> Self {
        HostKey(url.host_str().unwrap_or_default().to_ascii_lowercase())
    }
}

/// The queue for one host: whoever holds the lock may send; the value is when
/// the previous request to this host finished.
type Host = Arc<tokio::sync::Mutex<Option<Instant>>>;

/// All hosts seen so far. Grows with the number of distinct hosts in the
/// configuration, which is small, so entries are never evicted.
#[derive(Debug, Default)]
pub(crate) struct Hosts {
    map: Mutex<HashMap<HostKey, Host>>,
}

impl Hosts {
    /// Waits until it is `key`'s turn and the host has rested `interval`.
    /// The turn lasts until the returned value is dropped, which also stamps
    /// the end time, so every exit path (success, error, cancellation) frees
    /// the host and starts its rest.
    pub(crate) async fn turn(&self, key: HostKey, interval: Duration) -> Turn {
        let host = {
            // A panic while holding this lock cannot leave the map invalid.
            let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(key).or_default())
        };
        let guard = host.lock_owned().await;
        if let Some(finished) = *guard {
            tokio::time::sleep_until(finished + interval).await;
        }
        Turn { guard }
    }
}

/// Exclusive use of one host; see [`Hosts::turn`].
pub(crate) struct Turn {
    guard: OwnedMutexGuard<Option<Instant>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        *self.guard = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_port_and_case() {
        let a = Url::parse("https://CS.Example.edu:8443/~alice/").unwrap();
        let b = Url::parse("http://cs.example.edu/~bob/").unwrap();
        assert_eq!(HostKey::of(&a), HostKey::of(&b));
        let c = Url::parse("http://ee.example.edu/").unwrap();
        assert_ne!(HostKey::of(&a), HostKey::of(&c));
    }

    // These run on tokio's paused clock: a sleep ends the moment nothing
    // else can run, with the clock moved exactly to its deadline, so the
    // waits below are asserted to the millisecond and take no real time.

    #[tokio::test(start_paused = true)]
    async fn the_next_turn_waits_for_the_interval_after_the_last_one_ended() {
        let hosts = Hosts::default();
        let key = HostKey("h".into());
        let interval = Duration::from_millis(100);
        let start = Instant::now();
        let first = hosts.turn(key.clone(), interval).await;
        assert_eq!(start.elapsed(), Duration::ZERO, "a first turn is immediate");
        // The request takes 30 ms: the rest counts from its end.
        tokio::time::advance(Duration::from_millis(30)).await;
        drop(first);
        drop(hosts.turn(key.clone(), interval).await);
        assert_eq!(start.elapsed(), Duration::from_millis(130));
        // A host that has rested long enough does not wait again.
        tokio::time::advance(interval).await;
        let before = Instant::now();
        drop(hosts.turn(key, interval).await);
        assert_eq!(before.elapsed(), Duration::ZERO);
        // Nor does a different host.
        drop(hosts.turn(HostKey("other".into()), interval).await);
        assert_eq!(before.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_host_serves_one_turn_at_a_time() {
        let hosts = Hosts::default();
        let key = HostKey("h".into());
        let held = hosts.turn(key.clone(), Duration::ZERO).await;
        // However long the first request takes (an hour of paused time
        // here), no second one starts on that host meanwhile...
        let second = tokio::time::timeout(
            Duration::from_secs(3600),
            hosts.turn(key.clone(), Duration::ZERO),
        )
        .await;
        assert!(
            second.is_err(),
            "a second turn began while the first was held"
        );
        // ...while other hosts are served.
        drop(hosts.turn(HostKey("other".into()), Duration::ZERO).await);
        // Once it ends, the next turn is granted without any wait.
        drop(held);
        let before = Instant::now();
        drop(hosts.turn(key, Duration::ZERO).await);
        assert_eq!(before.elapsed(), Duration::ZERO);
    }
}
