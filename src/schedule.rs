//! The daemon: crawls each source on its schedule until a signal, calling
//! the same `pipeline::run_sources` as the one-shot command.
//!
//! Every source has a due time, computed after each of its crawls from the
//! wall clock (never from the previous due time):
//!
//! - the next fire time of its cron line (the source's own `schedule`, else
//!   the global one) in `settings.timezone` (default: the machine's zone),
//!   with crontab(5) meaning: 0 and 7 are Sunday, day-of-month and
//!   day-of-week combine with OR, a time skipped by a DST change still fires
//!   that day and a repeated one fires once (croner does this);
//! - plus a jitter that spreads sources over a window after the fire time
//!   (`jitter_secs`, at most half the interval), derived from the source's
//!   name so a department's 40 homepages on one host are not hit in the
//!   same second, and `status` can say when each will be crawled;
//! - after consecutive failures, no earlier than an exponential backoff
//!   (one interval, doubling per failure, ±20 %, capped at 24 hours or the
//!   interval if longer), reset by the next success;
//! - no earlier than a server's `Retry-After` / `Cache-Control: max-age`
//!   when that is longer than the interval.
//!
//! Sources due within a second of each other are crawled in one run; runs
//! never overlap. After a suspend or a run longer than the interval every
//! late source is crawled once (one catch-up run), then rescheduled from
//! now: no burst. Sleeps are cut into short slices so a suspended machine
//! notices the wall clock on wake-up.
//!
//! SIGINT / SIGTERM: a sleeping daemon exits at once; a running crawl
//! abandons its in-flight fetches (they have written nothing), keeps what
//! was synced (one transaction per source) and writes the feeds, then the
//! process exits 0. SIGHUP re-reads the config; a broken one is reported
//! and the running one kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, Local, Utc};
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, watch};
use tracing::{error, info};

use crate::config::{self, Config, Schedule, Settings, Source};
use crate::fetch::{Fetcher, MAX_SERVER_HINT};
use crate::model::ExitStatus;
use crate::pipeline::{self, RunLock};
use crate::store::{SourceRecord, Store};

/// Sources due this close together are crawled in one run (at most a
/// tenth of the jitter window, so batching never moves a crawl far ahead of
/// its slot).
const BATCH_SLACK: Duration = Duration::from_secs(1);
/// After a run, the next starts no sooner than this many times its length
/// later (and never more than a tenth of the jitter window later than its
/// sources fell due). A run's cost grows with the config as well as with
/// the sources it crawls (reading every source's row, checking the output,
/// the index page: about 1.4 s with 100,000 sources); with sources spread
/// over the jitter window, back-to-back runs each took the few hundred that
/// fell due during the last, so that cost was paid 50 times a cycle.
const RUN_SPACING: u32 = 3;
/// Longest single sleep, so wall-clock jumps (suspend) are noticed.
const MAX_SLEEP_SLICE: Duration = Duration::from_secs(30);
/// Backoff never exceeds this (or the interval, if longer).
const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

/// `t + d`, saturating at the latest representable time: every due-time
/// computation goes through here, so no input (a server hint, a backoff, a
/// clock far in the future) can panic the daemon on overflow.
pub fn later(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(d)
        .ok()
        .and_then(|d| t.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A stable pseudo-random fraction in [0, 1) for a source and a salt.
#[allow(
    clippy::cast_precision_loss,
    reason = "the top 53 bits are exact in an f64's mantissa"
)]
fn unit(name: &str, salt: &str) -> f64 {
    let d = Sha256::digest(format!("{name}\u{0}{salt}").as_bytes());
    let n = u64::from_le_bytes(d[..8].try_into().expect("8 bytes"));
    (n >> 11) as f64 / (1u64 << 53) as f64
}

/// Offset of a source inside the jitter window after a fire time.
pub fn jitter(name: &str, fire: DateTime<Utc>, window: Duration) -> Duration {
    window.mul_f64(unit(name, &fire.timestamp().to_string()))
}

/// Wait after `failures` consecutive failures: one interval, doubling.
pub fn backoff(name: &str, failures: u32, interval: Duration) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let cap = MAX_BACKOFF.max(interval);
    let base = interval
        .saturating_mul(1u32 << (failures - 1).min(20))
        .min(cap);
    let spread = 0.8 + 0.4 * unit(name, &format!("backoff{failures}"));
    base.mul_f64(spread).min(cap)
}

fn schedule_of<'a>(source: &'a Source, settings: &'a Settings) -> &'a Schedule {
    source.schedule.as_ref().unwrap_or(&settings.schedule)
}

/// When a source should next be crawled, given its health and any server hint.
pub fn next_due(
    source: &Source,
    record: Option<&SourceRecord>,
    settings: &Settings,
    now: DateTime<Utc>,
    server_hint: Option<Duration>,
) -> DateTime<Utc> {
    let sched = schedule_of(source, settings);
    let tz = settings.timezone;
    let iv = sched.interval(tz, now);
    let window = settings.jitter.min(iv / 2);
    let fire = sched
        .next_fire(tz, now)
        .unwrap_or_else(|| later(now, Duration::from_secs(3600)));
    let mut due = later(fire, jitter(&source.name, fire, window));
    if let Some(r) = record.filter(|r| r.consecutive_failures > 0) {
        let from = r.last_attempt.unwrap_or(now);
        let wait = backoff(&source.name, r.consecutive_failures, iv);
        due = due.max(later(from, wait));
    }
    // The fetcher clamps hints already; clamping again keeps this function
    // safe for any caller.
    if let Some(h) = server_hint.filter(|h| *h > iv) {
        due = due.max(later(now, h.min(MAX_SERVER_HINT)));
    }
    due
}

/// Due time when the daemon starts (or a source is added): at once if the
/// source was never crawled or missed a fire time while we were not
/// running (one catch-up), else its next due time.
pub fn initial_due(
    source: &Source,
    record: Option<&SourceRecord>,
    settings: &Settings,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let Some(last) = record.and_then(|r| r.last_attempt) else {
        return now;
    };
    let sched = schedule_of(source, settings);
    let missed = sched
        .previous_fire(settings.timezone, now)
        .is_some_and(|p| p > last);
    let due = next_due(
        source,
        record,
        settings,
        last.max(
            now.checked_sub_signed(chrono::TimeDelta::seconds(1))
                .unwrap_or(now),
        ),
        None,
    );
    if missed {
        // Still honour a backoff that has not run out.
        let backoff_end = record.filter(|r| r.consecutive_failures > 0).map(|r| {
            let iv = sched.interval(settings.timezone, now);
            later(last, backoff(&source.name, r.consecutive_failures, iv))
        });
        return backoff_end.map_or(now, |b| b.max(now));
    }
    due
}

struct Daemon {
    config_path: PathBuf,
    config: Arc<Config>,
    fetcher: Fetcher,
    due: HashMap<String, DateTime<Utc>>,
    /// No run starts before this (see [`RUN_SPACING`]).
    rested: Option<DateTime<Utc>>,
}

impl Daemon {
    async fn new(config_path: PathBuf, config: Arc<Config>) -> Result<Daemon> {
        let fetcher = Fetcher::new(pipeline::fetch_settings(&config))?;
        let mut d = Daemon {
            config_path,
            config,
            fetcher,
            due: HashMap::new(),
            rested: None,
        };
        d.plan_new_sources(Utc::now()).await?;
        Ok(d)
    }

    /// Gives every source without a due time one, from the store's record.
    async fn plan_new_sources(&mut self, now: DateTime<Utc>) -> Result<()> {
        let database = self.config.settings.database.clone();
        let records = pipeline::unblock(move || read_records(&database)).await??;
        let names: Vec<String> = self.config.sources.iter().map(|s| s.name.clone()).collect();
        self.due.retain(|k, _| names.contains(k));
        for s in &self.config.sources {
            if !self.due.contains_key(&s.name) {
                let due = initial_due(s, records.get(&s.name), &self.config.settings, now);
                self.due.insert(s.name.clone(), due);
            }
        }
        Ok(())
    }

    async fn reload(&mut self) {
        match config::load(&self.config_path) {
            Ok(new) => match Fetcher::new(pipeline::fetch_settings(&new)) {
                Ok(fetcher) => {
                    let before = self.config.sources.len();
                    self.config = Arc::new(new);
                    self.fetcher = fetcher;
                    if let Err(e) = self.plan_new_sources(Utc::now()).await {
                        error!("reloaded config, but cannot read the store: {e:#}");
                    }
                    info!(
                        "reloaded {}: {} sources (was {before})",
                        self.config_path.display(),
                        self.config.sources.len()
                    );
                }
                Err(e) => error!("reload failed: {e:#}; keeping the running config"),
            },
            Err(e) => error!("reload failed: {e}; keeping the running config"),
        }
    }

    /// When the next run starts: the earliest due time, or later if the
    /// last run's spacing says so.
    fn earliest(&self) -> Option<DateTime<Utc>> {
        let due = self.due.values().min().copied()?;
        Some(self.rested.map_or(due, |r| due.max(r)))
    }

    async fn crawl_due(&mut self, stop: watch::Receiver<bool>) -> Result<()> {
        let started = std::time::Instant::now();
        let result = self.crawl_due_now(stop, started).await;
        if result.is_err() {
            self.rest(started);
        }
        result
    }

    /// Sets and returns when the next run may start, after a run that
    /// began at `started` (see [`RUN_SPACING`]).
    fn rest(&mut self, started: std::time::Instant) -> DateTime<Utc> {
        let until = later(
            Utc::now(),
            rest_after(started.elapsed(), self.config.settings.jitter),
        );
        self.rested = Some(until);
        until
    }

    async fn crawl_due_now(
        &mut self,
        stop: watch::Receiver<bool>,
        started: std::time::Instant,
    ) -> Result<()> {
        let now = Utc::now();
        let slack = BATCH_SLACK.min(self.config.settings.jitter / 10);
        let horizon = later(now, slack);
        let indices: Vec<usize> = self
            .config
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| self.due.get(&s.name).is_some_and(|d| *d <= horizon))
            .map(|(i, _)| i)
            .collect();
        if indices.is_empty() {
            return Ok(());
        }
        let _lock = RunLock::acquire(&self.config.settings.database).await?;
        let now = Utc::now();
        let database = self.config.settings.database.clone();
        let mut store = pipeline::unblock(move || Store::open(&database, now)).await??;
        let report = pipeline::run_sources(
            &self.config,
            &self.fetcher,
            &mut store,
            now,
            &indices,
            Some(stop),
        )
        .await;
        let after = Utc::now();
        let hints: HashMap<&str, Option<Duration>> = match &report {
            Ok(r) => r
                .sources
                .iter()
                .map(|s| (s.name.as_str(), s.server_hint))
                .collect(),
            Err(_) => HashMap::new(),
        };
        let names: Vec<String> = indices
            .iter()
            .map(|&i| self.config.sources[i].name.clone())
            .collect();
        // Read, then closed and its memory returned, off the runtime.
        let records = pipeline::unblock(move || {
            let records: Vec<_> = names.iter().map(|n| store.source(n)).collect();
            drop(store);
            crate::memory::release_free_memory();
            records
        })
        .await?;
        for (&i, record) in indices.iter().zip(records) {
            let s = &self.config.sources[i];
            let record = record?;
            let hint = hints.get(s.name.as_str()).copied().flatten();
            let due = next_due(s, record.as_ref(), &self.config.settings, after, hint);
            self.due.insert(s.name.clone(), due);
        }
        let resume = self.rest(started);
        match report {
            Ok(r) => info!(
                "run finished: {} sources ({} failed); {}; {}",
                r.sources.len(),
                r.failed(),
                pipeline::totals_text(
                    r.totals.new,
                    r.totals.updated,
                    r.totals.removed,
                    r.totals.baseline
                ),
                next_crawl_text(self.due.values().copied(), Utc::now(), resume)
            ),
            Err(e) => error!("run failed: {e:#}"),
        }
        Ok(())
    }
}

/// How long the daemon waits after a run of `took` before the next (see
/// [`RUN_SPACING`]).
fn rest_after(took: Duration, jitter: Duration) -> Duration {
    took.saturating_mul(RUN_SPACING).min(jitter / 10)
}

/// "next crawl at <local time>", or, when sources fell due while the run
/// was going (a long run, a short schedule), "next crawl now (3 sources
/// due)": the daemon starts that crawl at once, and a time already past
/// would read like a missed schedule.
/// The daemon rests after a run until `resume` ([`RUN_SPACING`]): sources
/// that fell due are then crawled at that time, which is said instead.
fn next_crawl_text(
    due: impl Iterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
    resume: DateTime<Utc>,
) -> String {
    let at = |t: DateTime<Utc>| t.with_timezone(&Local).format("%Y-%m-%d %H:%M:%S %Z");
    let due: Vec<DateTime<Utc>> = due.collect();
    let late = due.iter().filter(|d| **d <= now).count();
    if late > 0 {
        let s = if late == 1 { "" } else { "s" };
        let when = if resume > now {
            format!("at {}", at(resume))
        } else {
            "now".to_string()
        };
        return format!("next crawl {when} ({late} source{s} fell due during this run)");
    }
    match due.iter().min() {
        Some(&t) => format!("next crawl at {}", at(t.max(resume))),
        None => "no sources to crawl".to_string(),
    }
}

/// Reads every source's health row, if the database exists yet.
fn read_records(database: &Path) -> Result<HashMap<String, SourceRecord>> {
    if !database.exists() {
        return Ok(HashMap::new());
    }
    let store = Store::open(database, Utc::now())?;
    Ok(store
        .sources()?
        .into_iter()
        .map(|r| (r.name.clone(), r))
        .collect())
}

/// Runs until SIGINT or SIGTERM.
pub async fn run_daemon(config_path: PathBuf, config: Arc<Config>) -> Result<ExitStatus> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let hup = Arc::new(Notify::new());
    pipeline::check_output_dir(&config.settings.output_dir)?;
    spawn_signal_listener(stop_tx, hup.clone())?;
    let mut daemon = Daemon::new(config_path, config).await?;
    info!(
        "daemon started: {} sources, schedule {:?} ({}), feeds in {}",
        daemon.config.sources.len(),
        daemon.config.settings.schedule.text,
        daemon
            .config
            .settings
            .timezone
            .map_or("local time".to_string(), |t| t.name().to_string()),
        daemon.config.settings.output_dir.display()
    );
    let mut stop_wait = Some(stop_rx.clone());
    loop {
        if *stop_rx.borrow() {
            break;
        }
        let now = Utc::now();
        let next = daemon
            .earliest()
            .unwrap_or_else(|| later(now, Duration::from_secs(3600)));
        let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
        if wait > Duration::ZERO {
            tokio::select! {
                () = tokio::time::sleep(wait.min(MAX_SLEEP_SLICE)) => {}
                () = pipeline::stop_requested(&mut stop_wait) => break,
                () = hup.notified() => { daemon.reload().await; continue; }
            }
            if Utc::now() < next {
                continue;
            }
        }
        if let Err(e) = daemon.crawl_due(stop_rx.clone()).await {
            error!("run failed: {e:#}");
            // Do not spin on a persistent error (e.g. an unwritable database).
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(5)) => {}
                () = pipeline::stop_requested(&mut stop_wait) => break,
            }
        }
    }
    info!("stopped");
    Ok(ExitStatus::Ok)
}

fn spawn_signal_listener(stop: watch::Sender<bool>, hup: Arc<Notify>) -> Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        let mut hangup = signal(SignalKind::hangup())?;
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = term.recv() => { info!("SIGTERM: stopping"); let _ = stop.send(true); }
                    _ = int.recv() => { info!("SIGINT: stopping"); let _ = stop.send(true); }
                    _ = hangup.recv() => { info!("SIGHUP: reloading config"); hup.notify_one(); }
                }
            }
        });
    }
    #[cfg(not(unix))]
    {
        let _ = hup;
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = stop.send(true);
            }
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the daemon logged "next crawl at" a time already past
    /// when sources fell due during a long run.
    #[test]
    fn the_next_crawl_is_never_announced_in_the_past() {
        let now = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let s = chrono::Duration::seconds;
        let at = |t: DateTime<Utc>| {
            t.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S %Z")
                .to_string()
        };
        let late = [now - s(3), now + s(60), now - s(1)];
        let text = next_crawl_text(late.into_iter(), now, now);
        assert_eq!(text, "next crawl now (2 sources fell due during this run)");
        // Resting after the run: the sources that fell due wait for it.
        let text = next_crawl_text(late.into_iter(), now, now + s(4));
        assert_eq!(
            text,
            format!(
                "next crawl at {} (2 sources fell due during this run)",
                at(now + s(4))
            )
        );
        let text = next_crawl_text([now + s(60), now + s(30)].into_iter(), now, now);
        assert_eq!(text, format!("next crawl at {}", at(now + s(30))));
        let text = next_crawl_text([now + s(60), now + s(30)].into_iter(), now, now + s(45));
        assert_eq!(text, format!("next crawl at {}", at(now + s(45))));
        assert_eq!(
            next_crawl_text(std::iter::empty(), now, now),
            "no sources to crawl"
        );
    }
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;

    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn jitter_stays_inside_its_window_and_spreads_sources() {
        let fire = berlin(2026, 3, 2, 6, 0);
        let w = Duration::from_secs(300);
        let offsets: Vec<Duration> = (0..40)
            .map(|i| jitter(&format!("prof{i}"), fire, w))
            .collect();
        assert!(offsets.iter().all(|o| *o < w));
        let distinct: std::collections::HashSet<u64> =
            offsets.iter().map(|o| o.as_secs()).collect();
        assert!(
            distinct.len() > 30,
            "40 sources should land on many different seconds"
        );
        assert_eq!(
            jitter("a", fire, w),
            jitter("a", fire, w),
            "stable, so status can predict it"
        );
        assert_eq!(jitter("a", fire, Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn runs_rest_three_times_their_length_within_a_tenth_of_the_jitter() {
        let s = Duration::from_secs;
        assert_eq!(
            rest_after(Duration::from_millis(1400), s(300)),
            Duration::from_millis(4200)
        );
        assert_eq!(rest_after(s(100), s(300)), s(30));
        assert_eq!(rest_after(s(2), Duration::ZERO), Duration::ZERO);
        assert_eq!(rest_after(Duration::MAX, s(300)), s(30));
    }

    #[test]
    fn backoff_doubles_with_spread_and_is_capped() {
        let iv = Duration::from_secs(3600);
        assert_eq!(backoff("a", 0, iv), Duration::ZERO);
        let b1 = backoff("a", 1, iv).as_secs_f64();
        let b3 = backoff("a", 3, iv).as_secs_f64();
        assert!((0.8 * 3600.0..=1.2 * 3600.0).contains(&b1), "{b1}");
        assert!(
            (0.8 * 4.0 * 3600.0..=1.2 * 4.0 * 3600.0).contains(&b3),
            "{b3}"
        );
        assert!(backoff("a", 30, iv) <= MAX_BACKOFF);
        // A weekly schedule is never backed off to less than its interval's cap.
        let week = Duration::from_secs(7 * 24 * 3600);
        assert!(backoff("a", 5, week) <= week);
    }

    fn cfg(extra: &str) -> Config {
        config::parse(
            &format!("[settings]\nschedule = \"0 */6 * * *\"\ntimezone = \"Europe/Berlin\"\njitter_secs = 600\n{extra}[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\n"),
            "feeds.toml",
            Path::new("/tmp"),
        )
        .unwrap()
    }

    fn record(failures: u32, last: DateTime<Utc>) -> SourceRecord {
        SourceRecord {
            id: 1,
            name: "A".into(),
            url: "https://a.org/".into(),
            validators: Default::default(),
            body_hash: None,
            last_attempt: Some(last),
            last_success: None,
            consecutive_failures: failures,
            last_error: None,
            baselined: true,
        }
    }

    #[test]
    fn due_times_follow_schedule_jitter_backoff_and_hints() {
        let c = cfg("");
        let s = &c.sources[0];
        let now = berlin(2026, 3, 2, 7, 0);
        let due = next_due(s, None, &c.settings, now, None);
        assert!(
            due >= berlin(2026, 3, 2, 12, 0) && due < berlin(2026, 3, 2, 12, 10),
            "{due}"
        );
        // Three failures: about four intervals (24 h) after the last attempt.
        let due = next_due(s, Some(&record(3, now)), &c.settings, now, None);
        assert!(due > now + chrono::Duration::hours(19), "{due}");
        // A server asking for a day is honoured; one asking for a minute is not needed.
        let due = next_due(s, None, &c.settings, now, Some(Duration::from_secs(86400)));
        assert!(due >= now + chrono::Duration::days(1));
        let due = next_due(s, None, &c.settings, now, Some(Duration::from_secs(60)));
        assert!(due < berlin(2026, 3, 2, 12, 10));
    }

    #[test]
    fn absurd_hints_and_clocks_saturate_instead_of_panicking() {
        // `retry-after: 9000000000000` once panicked here (`DateTime +
        // TimeDelta overflowed`), taking the daemon and `--serve` with it.
        let c = cfg("");
        let s = &c.sources[0];
        let now = berlin(2026, 3, 2, 7, 0);
        for secs in [9_000_000_000_000, u64::MAX] {
            let due = next_due(s, None, &c.settings, now, Some(Duration::from_secs(secs)));
            assert!(due <= now + chrono::Duration::days(1), "{due}");
            assert!(due >= now + chrono::Duration::hours(23), "{due}");
        }
        // A backoff from a last attempt at the end of time, and a huge addition.
        let end = DateTime::<Utc>::MAX_UTC;
        let due = next_due(s, Some(&record(30, end)), &c.settings, now, None);
        assert_eq!(due, end);
        assert_eq!(later(now, Duration::MAX), end);
    }

    #[test]
    fn a_missed_fire_time_gives_one_catch_up_crawl() {
        let c = cfg("");
        let s = &c.sources[0];
        let now = berlin(2026, 3, 2, 19, 0);
        // Never crawled: now.
        assert_eq!(initial_due(s, None, &c.settings, now), now);
        // Last crawled before the 18:00 fire: missed, so now.
        assert_eq!(
            initial_due(
                s,
                Some(&record(0, berlin(2026, 3, 2, 12, 3))),
                &c.settings,
                now
            ),
            now
        );
        // Crawled after 18:00: wait for midnight.
        let due = initial_due(
            s,
            Some(&record(0, berlin(2026, 3, 2, 18, 4))),
            &c.settings,
            now,
        );
        assert!(due >= berlin(2026, 3, 3, 0, 0), "{due}");
    }
}
