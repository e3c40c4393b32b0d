//! `run_once`: one crawl of every source, the one place the stages meet.
//! The one-shot command and the daemon both call it.
//!
//! Fetches run concurrently (bounded by `settings.concurrency`; the fetcher
//! adds per-host politeness); each result is then extracted on a blocking
//! thread (scraper's DOM is not `Send`, and parsing is CPU work) and synced
//! into the store in its own transaction as soon as the store is free,
//! while the next pages are fetched and extracted. A source that answered
//! 304 or the same bytes has nothing to sync: its times are written with
//! the other unchanged sources' in one transaction after the crawl. Only fetching is async:
//! extraction runs on threads of its own (one per core), every store step and
//! publishing on the store's own thread, never on a runtime worker. One
//! bad source never stops a run: its error (or its sync's panic) is
//! recorded in its health row and reported, and the feeds are written
//! regardless.

mod workers;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tracing::{debug, info, warn};
use url::Url;

use crate::config::{Config, FirstCrawl, Source};
use crate::extract;
use crate::fetch::{FetchOutcome, FetchSettings, Fetcher};
use crate::model::{ExtractedPage, Format, SectionKind, Validators};
use crate::publish::{self, PublishReport};
use crate::store::{
    ChangeKind, ItemChange, ItemView, RunRecord, SourceRecord, Store, SyncMode, SyncStats,
};

/// Bumped whenever extraction changes what it finds, so that pages whose
/// bytes did not change are extracted again once after an upgrade.
/// 4: item markup is sanitized while extracting; it keeps the text of
/// elements named like SVG ones (`<g>` around authors) and feed entries'
/// links are absolute, so stored markup is rewritten (silently: re-read
/// items are never announced, and edits are judged on text, not markup).
/// 5: card grids whose cards differ by a category class, dates on a
/// metadata line inside a card, label lines ("Selected works:") as
/// headings, card titles that no longer end their section, author-date
/// and corner-bracket citation titles, a headless `#news` block beside a
/// headed one: items newly
/// found on unchanged pages arrive as baseline.
/// 6: pages shaped as no corpus page is (five rounds of held-out probe
/// pages): other languages' section and month names, CMS views behind
/// wrappers, definition lists and year wrappers of papers, dated post
/// streams with no heading, citation styles (GOST, IEEE, APA lists,
/// Vancouver, GB/T, DIN).
/// 7: section names in Turkish, Vietnamese, Arabic, Persian and a dozen
/// more languages, headings whose id names the section, wrappers of
/// `div`/`<p>` runs of papers as groups, weekday-led and Arabic-Indic
/// dates, "(in press)" citations; timelines of lists under year labels,
/// venue badges before citations, paragraphs of `<br><br>`-separated
/// papers (held-out rounds 8 and 9).
/// 8: "Mar 12" labels that cannot be two-digit years read as a month and a
/// day with no year (held-out rounds 12 and 13).
/// 9: a record that opens with an emphasised or linked phrase takes it for
/// its title before the citation is cut (a venue and note after a line
/// break no longer run into it; held-out round 16); season and term dates;
/// citation titles after list numbers, `∗` and `^` marks, bounded by their
/// italics; headline titles without outline numbers and tags (round 17);
/// bold paragraphs inside `<font>` as headings, closing date stamps,
/// biography headings in CJK scripts (round 18).
pub const EXTRACTOR_VERSION: u32 = 9;

/// How one source's crawl ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// Extracted and synced.
    Synced {
        /// News items now on the page.
        news: usize,
        /// Publications now on the page.
        publications: usize,
        /// New, updated, removed and baseline counts.
        stats: SyncStats,
        /// Warnings about the extraction (a section that emptied, a heading with nothing under it), for the log and `status`.
        suspect: Vec<String>,
        /// Each new, updated and removed item (not baseline ones).
        changes: Vec<ItemChange>,
    },
    /// The server said 304 Not Modified.
    NotModified,
    /// The body was byte-identical to the last one: nothing to extract.
    Unchanged,
    /// Fetching, extracting or syncing failed; the error is stored and shown in `status`.
    Failed {
        /// The message, naming the URL.
        error: String,
    },
}

/// One source's part of a run, for the log, the exit code and the daemon's next due time.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// The source's name in the config.
    pub name: String,
    /// The URL crawled (credentials redacted).
    pub url: String,
    /// How it ended.
    pub outcome: SourceOutcome,
    /// The source's own time: fetching, extracting and syncing.
    pub elapsed: Duration,
    /// Time spent waiting before or between its fetches (the host's
    /// politeness interval, a free slot or core, retry delays): with 40
    /// pages on one host, the last waits 40 s for a 50 ms fetch.
    pub queued: Duration,
    /// How long the server asked us to wait (`Retry-After`) or said the page
    /// stays fresh (`Cache-Control: max-age`); the daemon honours it when
    /// longer than the schedule.
    pub server_hint: Option<Duration>,
}

impl SourceReport {
    /// A report for `source`, its URL shown without credentials (the log
    /// and `status` print it).
    fn of(
        source: &crate::config::Source,
        outcome: SourceOutcome,
        elapsed: Duration,
        queued: Duration,
        server_hint: Option<Duration>,
    ) -> SourceReport {
        SourceReport {
            name: source.name.clone(),
            url: crate::model::without_userinfo(&source.url).to_string(),
            outcome,
            elapsed,
            queued,
            server_hint,
        }
    }
}

/// What a run did: its sources in config order, totals, and what publishing wrote.
#[derive(Debug, Clone)]
pub struct Report {
    /// The `now` the run was given.
    pub started_at: DateTime<Utc>,
    /// One per source crawled.
    pub sources: Vec<SourceReport>,
    /// Sums over the sources.
    pub totals: SyncStats,
    /// Files written and left unchanged.
    pub publish: PublishReport,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// Sources that failed: non-zero makes the exit status 1.
    pub fn failed(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, SourceOutcome::Failed { .. }))
            .count()
    }
}

/// The feeds cannot be written to `output_dir`: not a source's failure but
/// the run's (exit status 3), and the same for every run until fixed.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the feeds to output_dir {}: {reason}", dir.display())]
pub struct OutputUnusable {
    /// The configured `output_dir`.
    pub dir: PathBuf,
    /// The OS error, as text.
    pub reason: String,
}

/// Creates `dir` if needed and checks a file can be created in it, so an
/// unwritable `output_dir` stops a run before anything is fetched.
pub fn check_output_dir(dir: &Path) -> Result<(), OutputUnusable> {
    let unusable = |reason: String| OutputUnusable {
        dir: dir.to_path_buf(),
        reason: format!("{reason} (nothing was fetched)"),
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| unusable(format!("cannot create the directory: {e}")))?;
    // One name for every run: a run killed between the write and the
    // removal leaves the file for the next run to remove, where a name of
    // its own (the process id) stayed among the feeds for good. Two runs
    // probing at once both succeed (the second removal finds nothing).
    let probe = dir.join(".scholarfeed-write-test");
    std::fs::write(&probe, b"")
        .map_err(|e| unusable(format!("cannot create a file in it: {e}")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// The fetcher settings a config asks for.
pub fn fetch_settings(config: &Config) -> FetchSettings {
    let s = &config.settings;
    FetchSettings {
        timeout: s.timeout,
        connect_timeout: s.timeout.min(Duration::from_secs(10)),
        max_body_bytes: s.max_body_bytes,
        concurrency: s.concurrency,
        per_host_interval: s.per_host_delay,
        max_retries: s.retries,
        ..FetchSettings::default()
    }
}

/// Crawls every source once, syncs the store and writes the feeds. The
/// config is shared, not copied, with the store's thread, which publishes
/// (a copy cost 5.4 MB at 10,000 sources, at the publish's peak).
pub async fn run_once(
    config: &Arc<Config>,
    fetcher: &Fetcher,
    store: &mut Store,
    now: DateTime<Utc>,
) -> Result<Report> {
    let all: Vec<usize> = (0..config.sources.len()).collect();
    run_sources(config, fetcher, store, now, &all, None).await
}

/// Crawls the sources at `indices` of `config.sources` (the daemon's due
/// ones), syncs the store and writes every feed. When `stop` turns true the
/// fetches still in flight are abandoned (they have written nothing), the
/// sources already synced stay synced, and the feeds are written: a
/// shutdown never waits for a slow host.
pub async fn run_sources(
    config: &Arc<Config>,
    fetcher: &Fetcher,
    store: &mut Store,
    now: DateTime<Utc>,
    indices: &[usize],
    mut stop: Option<tokio::sync::watch::Receiver<bool>>,
) -> Result<Report> {
    let started = Instant::now();
    let wanted: Vec<[String; 4]> = config
        .sources
        .iter()
        .map(|s| {
            // The store (and so every entry's source link) never holds userinfo.
            let url = crate::model::without_userinfo(&s.url);
            [s.name.clone(), url.to_string(), s.ident(), s.slug()]
        })
        .collect();
    let (records, retired, rows_changed, published) = on_store(store, move |store| -> Result<_> {
        let writes = store.writes();
        // A source whose row cannot be read (a damaged timestamp, say) fails
        // alone, with its name, instead of stopping the run.
        let (records, as_configured) = store.ensure_sources(&wanted, now);
        // Sources no longer in the config leave the feeds (their files too);
        // their history stays in the store for when they come back.
        let retired = if as_configured {
            0
        } else {
            let keep: Vec<i64> = records.iter().flatten().map(|r| r.id).collect();
            store.retire_sources_except(&keep)?
        };
        // A source created, renamed, moved or retired changes what other
        // sources' rows or the merged feeds show.
        let rows_changed = store.writes() != writes;
        Ok((records, retired, rows_changed, store.published()))
    })
    .await??;
    if retired > 0 {
        info!("{retired} source(s) no longer in the config: their entries leave the feeds");
    }
    let publish_first = config.settings.on_first_crawl == FirstCrawl::Publish;
    let fingerprint = publish::fingerprint(config);
    // `Some` until this run first changes what the feeds show; cleared in
    // the store before that change commits (see `Store::published`).
    let mut published = match published {
        Ok(p) => p.filter(|p| *p == fingerprint),
        Err(e) => {
            warn!("cannot read the last publish from the store ({e:#}); publishing again");
            None
        }
    };
    // The files on disk are what the store holds now (the last publish of
    // this config completed, and nothing changed since): this run need
    // render only what it changes (`publish::Scope::Changed`).
    let on_disk_is_current = published.is_some() && !rows_changed;
    // Whose own feeds this run's syncs wrote (see `SyncOutcome::feed_changed`).
    let mut feed_changed = vec![false; config.sources.len()];

    let mut reports: Vec<Option<SourceReport>> = vec![None; config.sources.len()];
    let (runnable, broken): (Vec<usize>, Vec<usize>) =
        indices.iter().partition(|&&i| records[i].is_ok());
    let total = indices.len();
    let mut done = 0;
    for &i in &broken {
        let error = records[i].clone().err().unwrap_or_default();
        let report = SourceReport::of(
            &config.sources[i],
            SourceOutcome::Failed { error },
            Duration::ZERO,
            Duration::ZERO,
            None,
        );
        done += 1;
        log_source(&report, done, total);
        reports[i] = Some(report);
    }

    let records = &records;
    // As many extractions at once as there are cores: more only adds memory
    // (each holds a parsed DOM) without finishing sooner.
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let cpu = &Slots::new(cores);
    // Fetch, compare and extract inside each concurrent future: extraction
    // then runs on its own threads (both cores) while other fetches
    // proceed.
    let fetches = runnable.into_iter().filter_map(|i| {
        let record = records[i].as_ref().ok()?;
        Some(async move {
            let source = &config.sources[i];
            let t = Instant::now();
            let mut queued = Duration::ZERO;
            let fetched = fetch_and_extract(
                fetcher,
                cpu,
                source,
                &record.validators,
                record.body_hash.as_deref(),
                &mut queued,
            )
            .await;
            Arrival {
                i,
                record,
                fetched,
                t,
                queued,
                arrived: Instant::now(),
            }
        })
    });
    let mut stream =
        futures_util::stream::iter(fetches).buffer_unordered(config.settings.concurrency.max(1));

    // Each result is synced as soon as the store is free, and the stream
    // is polled meanwhile: its futures hand their core to the next
    // extraction, and start the next fetches, only when polled. Awaiting
    // each sync in turn left both cores idle whenever their extractions
    // ended during one (a cold run of 1,000 pages used 75% of two cores).
    // Results wait in arrival order, at most `STORE_BACKLOG` per core.
    let mut waiting: VecDeque<Arrival<'_>> = VecDeque::new();
    let mut syncing: Option<Syncing<'_>> = None;
    let mut stand_in = Some(Store::vacant()?);
    let (mut fetching, mut stopped) = (true, false);
    let mut totals = SyncStats::default();
    // Sources that answered 304 or the same bytes and were not failing:
    // see `quiet_crawl`.
    let mut deferred: Vec<(i64, Option<Validators>)> = Vec::new();
    loop {
        if syncing.is_none()
            && let Some(arrival) = waiting.pop_front()
        {
            let spare = stand_in.take().map_or_else(Store::vacant, Ok)?;
            syncing = Some(start_sync(
                store,
                spare,
                arrival,
                config,
                published.take(),
                publish_first,
                now,
            )?);
        }
        if syncing.is_none() && !fetching {
            break;
        }
        tokio::select! {
            joined = async { (&mut syncing.as_mut().expect("guarded").handle).await },
                if syncing.is_some() =>
            {
                let step = syncing.take().expect("guarded");
                let source = &config.sources[step.i];
                // Unless the sync said it wrote nothing of them, the
                // source's feeds are rendered again: after a store error or
                // a panic (rolled back) too, which costs one source's files.
                feed_changed[step.i] = true;
                let (joined, spare) = take_back(store, joined)?;
                stand_in = Some(spare);
                let outcome = match joined {
                    Ok((applied, still_published)) => {
                        published = still_published;
                        match applied {
                            Ok((outcome, stats, wrote_feed)) => {
                                totals.add(&stats);
                                feed_changed[step.i] = wrote_feed;
                                outcome
                            }
                            Err(error) => SourceOutcome::Failed { error },
                        }
                    }
                    // `published` stays `None`: the panic may have come after
                    // the store's record of the last publish was cleared.
                    Err(panic) => {
                        let error = format!(
                            "store error: {} (a bug in scholarfeed; please report the page)",
                            panic_message(panic.as_ref())
                        );
                        let (id, name, e) = (step.record.id, source.name.clone(), error.clone());
                        if lend(store, move |s| record_failure(s, id, &name, &e, now))
                            .await?
                            .is_err()
                        {
                            warn!(
                                "{}: cannot record the failure either: it panicked",
                                source.name
                            );
                        }
                        SourceOutcome::Failed { error }
                    }
                };
                let report = SourceReport::of(
                    source,
                    outcome,
                    step.t.elapsed().saturating_sub(step.queued),
                    step.queued,
                    step.server_hint,
                );
                done += 1;
                log_source(&report, done, total);
                reports[step.i] = Some(report);
            }
            next = stream.next(), if fetching && waiting.len() < cores * STORE_BACKLOG => match next {
                Some(arrival) => match quiet_crawl(arrival) {
                    // Nothing to sync: its row is written with the others'
                    // after the crawl, in one transaction.
                    Ok((arrival, validators, outcome)) => {
                        deferred.push((arrival.record.id, validators));
                        let source = &config.sources[arrival.i];
                        let report = SourceReport::of(
                            source,
                            outcome,
                            arrival.t.elapsed().saturating_sub(arrival.queued),
                            arrival.queued,
                            arrival.fetched.as_ref().ok().and_then(Fetched::server_hint),
                        );
                        done += 1;
                        log_source(&report, done, total);
                        reports[arrival.i] = Some(report);
                    }
                    Err(arrival) => waiting.push_back(arrival),
                },
                None => fetching = false,
            },
            () = stop_requested(&mut stop), if fetching => {
                // The fetches in flight and the results not yet synced have
                // written nothing; the sync under way finishes.
                fetching = false;
                stopped = true;
                waiting.clear();
            }
        }
    }
    if stopped {
        warn!(
            "stopping: {} of {total} sources not crawled this run",
            total - done
        );
    }
    drop(stream);
    // The unchanged sources' rows. If this fails (or the run is killed
    // first), their next crawl fetches them again with the validators
    // they had: only the times of this crawl are lost.
    if !deferred.is_empty() {
        let n = deferred.len();
        let written = on_store(store, move |s| s.record_unchanged_all(&deferred, now)).await?;
        if let Err(e) = written {
            warn!("cannot record {n} unchanged sources' crawl times: {e:#}");
        }
    }

    // When every source answered 304 or an identical body and none was in
    // trouble before, and the store says the last publish of this very
    // config completed, nothing the feeds or the index show can differ:
    // skip rendering and comparing thousands of files (the warm-run cost).
    // Whether files merely exist says nothing: a publish that failed half
    // way (ENOSPC) or was killed leaves old files behind.
    let quiet = broken.is_empty()
        && retired == 0
        && reports
            .iter()
            .enumerate()
            .all(|(i, r)| match (r, &records[i]) {
                (None, _) => true,
                (Some(r), Ok(rec)) => !affects_output(&r.outcome, rec),
                (Some(_), Err(_)) => false,
            });
    let may_skip = quiet && published.is_some();
    // Otherwise only the feeds this run's changes touch are rendered, when
    // the others on disk are known to be current; a run after a failed or
    // killed publish (which left `published` cleared), a config change or
    // a source that could not be read renders them all.
    let selective = on_disk_is_current && broken.is_empty();
    let owned = Arc::clone(config);
    let publish = on_store(store, move |store| -> Result<PublishReport> {
        let config = &owned;
        let complete = (may_skip || selective) && publish::is_complete(config);
        if may_skip && complete {
            return Ok(PublishReport::default());
        }
        let scope = if selective && complete {
            publish::Scope::Changed {
                sources: &feed_changed,
            }
        } else {
            publish::Scope::All
        };
        let report = publish::publish_scope(config, store, scope).map_err(|e| OutputUnusable {
            dir: config.settings.output_dir.clone(),
            reason: format!("{e:#}"),
        })?;
        store
            .set_published(Some(&fingerprint))
            .context("recording the publish")?;
        Ok(report)
    })
    .await??;
    let sources: Vec<SourceReport> = reports.into_iter().flatten().collect();
    let failed = sources
        .iter()
        .filter(|s| matches!(s.outcome, SourceOutcome::Failed { .. }))
        .count();
    let elapsed = started.elapsed();
    let run = RunRecord {
        started_at: now,
        finished_at: now + chrono::Duration::from_std(elapsed).unwrap_or_default(),
        sources_ok: sources.len() - failed,
        sources_failed: failed,
        new_items: totals.new,
        updated_items: totals.updated,
        removed_items: totals.removed,
        baseline_items: totals.baseline,
    };
    on_store(store, move |store| store.record_run(&run)).await??;
    Ok(Report {
        started_at: now,
        sources,
        totals,
        publish,
        elapsed,
    })
}

/// Extracted pages that may wait for the store, per core. A page of a few
/// hundred papers takes the store 20-30 ms to sync, in which a core
/// extracts several small pages; with room for one per core the cores
/// idled behind such syncs (a cold run of 1,000 pages used 1.40-1.62 of
/// two cores, 1.52-1.68 with four; peak RSS the same, as a waiting page
/// holds only its items, not its document).
const STORE_BACKLOG: usize = 4;

/// One source's fetch result, waiting for the store.
struct Arrival<'a> {
    i: usize,
    record: &'a SourceRecord,
    fetched: Result<Fetched>,
    /// When its crawl started, and the time it spent waiting since.
    t: Instant,
    queued: Duration,
    /// When the result was ready: the wait for the store counts as queued.
    arrived: Instant,
}

/// A crawl that changes nothing but its source's times and validators:
/// a 304 or the same bytes, from a source that was not failing (one that
/// was changes the index page's health, so it goes through [`apply`]).
/// Its row is written after the crawl with the others' in one transaction
/// (`Store::record_unchanged_all`) instead of a commit of its own on the
/// store's thread. Anything else is given back.
// The arrival itself is given back, on the stack, once per source.
#[allow(clippy::result_large_err)]
fn quiet_crawl(
    arrival: Arrival<'_>,
) -> std::result::Result<(Arrival<'_>, Option<Validators>, SourceOutcome), Arrival<'_>> {
    if arrival.record.consecutive_failures > 0 {
        return Err(arrival);
    }
    match &arrival.fetched {
        Ok(Fetched::NotModified) => Ok((arrival, None, SourceOutcome::NotModified)),
        Ok(Fetched::Unchanged { validators, .. }) => {
            let validators = Some(validators.clone());
            Ok((arrival, validators, SourceOutcome::Unchanged))
        }
        _ => Err(arrival),
    }
}

/// What a sync step gives back: the outcome (or the store's error) with
/// whether the source's feeds changed, and whether the last complete
/// publish still stands (see [`apply`]).
type Applied = (
    Result<(SourceOutcome, SyncStats, bool), String>,
    Option<String>,
);

/// A source's result being written into the store on the store's thread.
struct Syncing<'a> {
    i: usize,
    record: &'a SourceRecord,
    t: Instant,
    queued: Duration,
    server_hint: Option<Duration>,
    handle: Lent<Applied>,
}

/// Lends the store to one source's sync (see [`lend_out`]). One bad source
/// never stops a run, and that includes the store failing or panicking on
/// it: the error is recorded against the source.
fn start_sync<'a>(
    store: &mut Store,
    stand_in: Store,
    arrival: Arrival<'a>,
    config: &Config,
    mut published: Option<String>,
    publish_first: bool,
    now: DateTime<Utc>,
) -> Result<Syncing<'a>> {
    let Arrival {
        i,
        record,
        fetched,
        t,
        queued,
        arrived,
    } = arrival;
    let fetched = fetched.unwrap_or_else(|e| Fetched::Failed {
        error: format!("{e:#}"),
        retry_after: None,
    });
    let server_hint = fetched.server_hint();
    let (owned, name) = (record.clone(), config.sources[i].name.clone());
    let handle = lend_out(store, stand_in, move |store| {
        let applied = apply(store, &owned, fetched, &mut published, publish_first, now);
        let applied = applied.map_err(|e| {
            let error = format!("store error: {e:#}");
            record_failure(store, owned.id, &name, &error, now);
            error
        });
        (applied, published)
    })?;
    Ok(Syncing {
        i,
        record,
        t,
        queued: queued + arrived.elapsed(),
        server_hint,
        handle,
    })
}

/// Resolves when `stop` turns true; never without one (or once its sender
/// is gone). The watch's read guard stays inside, so a future waiting on
/// it is `Send` (the daemon's runs as a task on the runtime's workers).
pub(crate) async fn stop_requested(stop: &mut Option<tokio::sync::watch::Receiver<bool>>) {
    if let Some(rx) = stop
        && rx.wait_for(|s| *s).await.is_ok()
    {
        return;
    }
    std::future::pending::<()>().await;
}

/// Runs `f` on tokio's blocking pool and waits for it without holding a
/// runtime worker. Only fetching is async: SQLite and writing feed files
/// are blocking I/O, and on a worker they stall every task scheduled there
/// (`--serve`, signal handling, other sources' fetches) on a machine with
/// two cores. A panic in `f` resumes here, as if `f` had run inline.
pub(crate) async fn unblock<T, F>(f: F) -> Result<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(anyhow::anyhow!("blocking work abandoned: {e}")),
    }
}

/// Lends `store` to `f` on the store's thread (see [`store_worker`]) and
/// takes it back, also when `f` panics: the panic is returned for the
/// caller to report, and the store is consistent (an open transaction
/// rolled back as it unwound). Only an owned store can move to another
/// thread, so meanwhile the caller's holds a vacant stand-in; should this
/// future be dropped mid-step, the step still finishes on its thread and
/// the caller is left with the stand-in, on which every query fails.
async fn lend<T, F>(store: &mut Store, f: F) -> Result<std::thread::Result<T>>
where
    F: FnOnce(&mut Store) -> T + Send + 'static,
    T: Send + 'static,
{
    let lent = lend_out(store, Store::vacant()?, f)?;
    Ok(take_back(store, lent.await)?.0)
}

/// A store step under way: awaiting it gives the store back (for
/// [`take_back`]) with the step's result or panic.
type Lent<T> = tokio::sync::oneshot::Receiver<(Store, std::thread::Result<T>)>;

/// One store step for the store's thread: the store, and what to do with it.
type StoreJob = (Store, Box<dyn FnOnce(Store) + Send>);

/// The thread every store step runs on, one per process, started on first
/// use. Like the blocking pool it keeps SQLite off the runtime's workers;
/// unlike the pool, where each step lands on whichever thread is free, it
/// keeps the store's allocations (SQLite's page cache, rows, the pages
/// being synced) in one glibc malloc arena. Once syncs overlapped
/// extraction, spreading them over the pool's threads raised the peak
/// memory of a cold run of 1,000 pages from 62-67 MiB to 73-85 MiB; on
/// this thread it stayed at 59-65 MiB.
fn store_worker() -> Result<std::sync::mpsc::Sender<StoreJob>> {
    type Worker = Result<std::sync::Mutex<std::sync::mpsc::Sender<StoreJob>>, String>;
    static WORKER: std::sync::OnceLock<Worker> = std::sync::OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<StoreJob>();
        std::thread::Builder::new()
            .name("scholarfeed-store".into())
            .spawn(move || {
                for (store, job) in rx {
                    job(store);
                }
            })
            .map_err(|e| format!("cannot start the store thread: {e}"))?;
        Ok(std::sync::Mutex::new(tx))
    });
    let worker = worker.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(worker
        .lock()
        .map_err(|_| anyhow::anyhow!("the store thread's queue is poisoned"))?
        .clone())
}

/// The first half of [`lend`]: the store leaves for `f` on the store's
/// thread, and `stand_in` (a [`Store::vacant`]) is left in its place until
/// [`take_back`].
fn lend_out<T, F>(store: &mut Store, stand_in: Store, f: F) -> Result<Lent<T>>
where
    F: FnOnce(&mut Store) -> T + Send + 'static,
    T: Send + 'static,
{
    let worker = store_worker()?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job = Box::new(move |mut lent: Store| {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut lent)));
        // A caller that went away leaves the stand-in (see `lend`).
        let _ = tx.send((lent, out));
    });
    let lent = std::mem::replace(store, stand_in);
    if let Err(std::sync::mpsc::SendError((back, _))) = worker.send((lent, job)) {
        *store = back;
        anyhow::bail!("the store thread is not running");
    }
    Ok(rx)
}

/// The second half of [`lend`]: puts the store back from a finished step,
/// and returns the step's result with the stand-in, for the next step (a
/// stand-in is an SQLite connection: opening and closing one per source
/// cost 3% of a run's CPU).
fn take_back<T>(
    store: &mut Store,
    joined: Result<(Store, std::thread::Result<T>), tokio::sync::oneshot::error::RecvError>,
) -> Result<(std::thread::Result<T>, Store)> {
    let (lent, out) = joined.map_err(|_| anyhow::anyhow!("the store thread stopped"))?;
    Ok((out, std::mem::replace(store, lent)))
}

/// [`lend`] for the steps whose panic is the whole run's bug, not one
/// source's: it resumes here once the store is back, as it did inline.
async fn on_store<T, F>(store: &mut Store, f: F) -> Result<T>
where
    F: FnOnce(&mut Store) -> T + Send + 'static,
    T: Send + 'static,
{
    match lend(store, f).await? {
        Ok(v) => Ok(v),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The message a panic was raised with, for the source's error.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str));
    match text {
        Some(t) => format!("panicked: {t}"),
        None => "panicked".to_string(),
    }
}

/// Records a source's failure; a store that cannot record it either is
/// logged, and the run goes on.
fn record_failure(store: &mut Store, id: i64, name: &str, error: &str, now: DateTime<Utc>) {
    if let Err(e2) = store.record_failure(id, error, now) {
        warn!("{name}: cannot record the failure either: {e2:#}");
    }
}

/// Whether a source's outcome can change what the feeds or index.html
/// show: anything but a 304 or identical body from a source that was not
/// failing (a page warning stays as it was on an identical body).
fn affects_output(outcome: &SourceOutcome, record: &SourceRecord) -> bool {
    !matches!(
        outcome,
        SourceOutcome::NotModified | SourceOutcome::Unchanged
    ) || record.consecutive_failures > 0
}

/// Writes one source's fetch result into the store. Before the first
/// change of a run that the feeds would show, the store's record of the
/// last complete publish is cleared, so a publish that then fails or is
/// killed is redone by the next run.
fn apply(
    store: &mut Store,
    record: &SourceRecord,
    fetched: Fetched,
    published: &mut Option<String>,
    publish_first: bool,
    now: DateTime<Utc>,
) -> Result<(SourceOutcome, SyncStats, bool)> {
    let quiet = matches!(fetched, Fetched::NotModified | Fetched::Unchanged { .. })
        && record.consecutive_failures == 0;
    if !quiet && published.is_some() {
        store.set_published(None)?;
        *published = None;
    }
    let mut stats = SyncStats::default();
    let mut feed_changed = false;
    let outcome = match fetched {
        Fetched::NotModified => {
            store.record_unchanged(record.id, None, now)?;
            SourceOutcome::NotModified
        }
        Fetched::Unchanged { validators, .. } => {
            store.record_unchanged(record.id, Some(&validators), now)?;
            SourceOutcome::Unchanged
        }
        Fetched::Page {
            validators,
            hash,
            page,
            reread,
            ..
        } => {
            for sec in &page.sections {
                debug!(
                    "{}: {} section under {:?}: {} items",
                    record.name,
                    sec.kind,
                    sec.heading,
                    sec.items.len()
                );
            }
            for u in &page.unrecognised {
                warn!("{}: {}", record.name, u.warning(&page.url));
            }
            let o = store.sync_source(
                record,
                &page,
                &validators,
                &hash,
                SyncMode::for_crawl(record.baselined, publish_first, reread),
                now,
            )?;
            stats = o.stats;
            feed_changed = o.feed_changed;
            SourceOutcome::Synced {
                news: o.news,
                publications: o.publications,
                stats: o.stats,
                suspect: o.suspect,
                changes: o.changes,
            }
        }
        Fetched::Failed { error, .. } => {
            store.record_failure(record.id, &error, now)?;
            SourceOutcome::Failed { error }
        }
    };
    Ok((outcome, stats, feed_changed))
}

/// What one source's fetch produced, ready for the store.
enum Fetched {
    NotModified,
    /// Same bytes as last time: nothing to extract.
    Unchanged {
        validators: Validators,
        hint: Option<Duration>,
    },
    Page {
        validators: Validators,
        hash: String,
        page: ExtractedPage,
        hint: Option<Duration>,
        /// The bytes are the ones an older extractor read last time.
        reread: bool,
    },
    /// The fetch failed, or extraction panicked or overran
    /// [`EXTRACT_TIMEOUT`] (a bug of ours, recorded as this source's failure
    /// so the run goes on). `error` is what `status` shows.
    Failed {
        error: String,
        retry_after: Option<Duration>,
    },
}

impl Fetched {
    fn server_hint(&self) -> Option<Duration> {
        match self {
            Fetched::NotModified => None,
            Fetched::Unchanged { hint, .. } | Fetched::Page { hint, .. } => *hint,
            Fetched::Failed { retry_after, .. } => *retry_after,
        }
    }
}

/// Far beyond any real page (the largest corpus page takes 10 ms), so only
/// a bug in extraction reaches it. The thread cannot be stopped; it is left
/// behind, and the run finishes without that source.
const EXTRACT_TIMEOUT: Duration = Duration::from_secs(60);

/// A page at least this long (a list of several hundred papers) holds
/// MiBs while it is extracted: html5ever's tree, our index of it and the
/// items come to about twelve times its length (4.6 MB for the corpus's
/// 396 KB list of papers, heaptrack).
const LARGE_PAGE: usize = 256 * 1024;

/// Who may extract now: as many pages as there are cores, of which at most
/// one large page ([`LARGE_PAGE`]). Two large pages at once made the peak
/// of a cold run (1,000 pages: 34.6-35.4 -> 32.0-32.8 MiB with the bound,
/// wall time unchanged); a large page waits for the other before it takes
/// a core, so the other cores go on with smaller pages meanwhile.
struct Slots {
    cores: tokio::sync::Semaphore,
    large: tokio::sync::Semaphore,
}

impl Slots {
    fn new(cores: usize) -> Slots {
        Slots {
            cores: tokio::sync::Semaphore::new(cores),
            large: tokio::sync::Semaphore::new(1),
        }
    }

    async fn acquire(
        &self,
        len: usize,
    ) -> Result<(
        Option<tokio::sync::SemaphorePermit<'_>>,
        tokio::sync::SemaphorePermit<'_>,
    )> {
        let large = if len >= LARGE_PAGE {
            Some(self.large.acquire().await?)
        } else {
            None
        };
        Ok((large, self.cores.acquire().await?))
    }
}

/// Fetches one source and, when its body changed, extracts it.
async fn fetch_and_extract(
    fetcher: &Fetcher,
    cpu: &Slots,
    source: &Source,
    validators: &Validators,
    last_hash: Option<&str>,
    queued: &mut Duration,
) -> Result<Fetched> {
    // A body last read by an older extractor is fetched unconditionally,
    // once: a server that honours the validators would answer 304 to every
    // crawl, and the upgrade would never read the page.
    let unconditional = Validators::default();
    let validators = match last_hash {
        Some(h) if !read_by_this_extractor(h) => &unconditional,
        _ => validators,
    };
    let (fetched, waited) = fetcher
        .fetch_timed(&source.url, validators, source.allow_private)
        .await;
    *queued += waited;
    let doc = match fetched {
        Ok(FetchOutcome::NotModified) => return Ok(Fetched::NotModified),
        Ok(FetchOutcome::Fetched(doc)) => doc,
        Err(e) => {
            return Ok(Fetched::Failed {
                error: e.to_string(),
                retry_after: e.retry_after(),
            });
        }
    };
    debug!(
        "{}: fetched {} ({} bytes, {})",
        source.name,
        doc.final_url,
        doc.raw.len(),
        doc.content_type.as_deref().unwrap_or("no content type")
    );
    // Only a feed needs the raw bytes (to honour its own encoding
    // declaration); otherwise they would stay alive (doubling the body)
    // while waiting for a core.
    let format = source.format.unwrap_or_else(|| {
        extract::detect_format(doc.content_type.as_deref(), &doc.final_url, &doc.body)
    });
    let raw = (format == Format::Feed).then_some(doc.raw);
    let hash = body_hash(&doc.body);
    let hint = doc.cache_hint;
    // Same bytes, read last time by an older extractor: re-read them, but
    // what the new one finds was on the page all along.
    let reread = last_hash.is_some_and(|h| read_by_an_older_extractor(h, &doc.body));
    if last_hash == Some(hash.as_str()) {
        return Ok(Fetched::Unchanged {
            validators: doc.validators,
            hint,
        });
    }
    let validators = doc.validators;
    let waiting = Instant::now();
    let _permits = cpu.acquire(doc.body.len()).await?;
    *queued += waiting.elapsed();
    let page = match extract_owned(source, format, doc.final_url, raw, doc.body).await {
        Ok(page) => page,
        Err(e) => {
            return Ok(Fetched::Failed {
                error: format!("{e:#}"),
                retry_after: None,
            });
        }
    };
    Ok(Fetched::Page {
        validators,
        hash,
        page,
        hint,
        reread,
    })
}

/// Extraction is synchronous CPU work on a non-`Send` DOM: run it on an
/// extraction thread (see `workers`) with owned inputs and outputs.
async fn extract_owned(
    source: &Source,
    format: Format,
    url: Url,
    raw: Option<bytes::Bytes>,
    body: String,
) -> Result<ExtractedPage> {
    let overrides = source.overrides.clone();
    let ran = workers::run(EXTRACT_TIMEOUT, move || {
        // Before the tree builder, which is quadratic in nesting depth.
        extract::depth::check(&body)?;
        let mut page = extract_document(&body, raw.as_deref(), format, &url, &overrides);
        bound_items(&mut page);
        Ok::<_, extract::depth::TooDeep>(page)
    })
    .await?;
    match ran {
        workers::Ran::Done(Ok(page)) => Ok(page),
        workers::Ran::Done(Err(refused)) => Err(refused.into()),
        workers::Ran::Panicked(panic) => anyhow::bail!(
            "extraction failed (a bug in scholarfeed; please report the page): {}",
            panic_message(panic.as_ref())
        ),
        workers::Ran::Overran => anyhow::bail!(
            "extraction took longer than {} s and was abandoned (a bug in scholarfeed; please report the page)",
            EXTRACT_TIMEOUT.as_secs()
        ),
    }
}

/// [`extract::extract`], except that a feed is parsed from its raw bytes
/// when it declares its own encoding (see `extract::feed::extract_raw`).
pub fn extract_document(
    body: &str,
    raw: Option<&[u8]>,
    format: Format,
    url: &Url,
    overrides: &extract::Overrides,
) -> ExtractedPage {
    match (format, raw) {
        (Format::Feed, Some(raw)) => ExtractedPage {
            url: url.to_string(),
            format,
            sections: extract::feed::extract_raw(raw, body, url)
                .into_iter()
                .collect(),
            unrecognised: Vec::new(),
        },
        _ => extract::extract(body, format, url, overrides),
    }
}

/// Items kept per section. The largest real publication list has a few
/// hundred; a page with more is generated, and each item costs store and
/// matching work on every change.
pub const MAX_ITEMS_PER_SECTION: usize = 5_000;

fn bound_items(page: &mut ExtractedPage) {
    for s in &mut page.sections {
        s.items.truncate(MAX_ITEMS_PER_SECTION);
    }
}

fn body_hash(body: &str) -> String {
    body_hash_with(EXTRACTOR_VERSION, body)
}

/// The stored hash of a body as extractor `version` saw it: the version is
/// part of it, so an upgrade re-reads unchanged pages once, and comparing
/// with older versions' hashes tells an upgrade from a changed page. From
/// version 6 it is also written in front ("6:…"), so a crawl can tell,
/// before fetching, that the stored body was read by an older extractor
/// (hashes of versions 1-5 have no prefix, as those releases stored them).
pub fn body_hash_with(version: u32, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(version.to_le_bytes());
    h.update(body.as_bytes());
    let hex: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if version >= 6 {
        format!("{version}:{hex}")
    } else {
        hex
    }
}

/// Whether `hash` is what an older extractor stored for these very bytes.
/// Only the version the hash names is hashed again (a page of a list of
/// papers is hashed in a third of a millisecond, and trying every older
/// version cost 6 % of a run in which a tenth of 1,000 pages changed);
/// hashes from before version 6 name none, so versions 1-5 are tried.
fn read_by_an_older_extractor(hash: &str, body: &str) -> bool {
    match hash.split_once(':').map(|(v, _)| v.parse::<u32>()) {
        Some(Ok(v)) => v < EXTRACTOR_VERSION && body_hash_with(v, body) == hash,
        Some(Err(_)) => false,
        None => (1..6).any(|v| body_hash_with(v, body) == hash),
    }
}

/// Whether a stored body hash is this extractor's (see [`body_hash_with`]).
fn read_by_this_extractor(hash: &str) -> bool {
    hash.split_once(':')
        .is_some_and(|(v, _)| v.parse() == Ok(EXTRACTOR_VERSION))
}

/// One line per source as it completes: the progress of a run in a
/// terminal, and its record in the journal.
fn log_source(r: &SourceReport, done: usize, total: usize) {
    let ms = took(r.elapsed, r.queued);
    let w = total.to_string().len();
    let who = format!("[{done:>w$}/{total}] {}", r.name);
    match &r.outcome {
        SourceOutcome::Synced {
            news,
            publications,
            stats,
            suspect,
            changes,
        } => {
            if news + publications == 0 {
                warn!(
                    "{who}: no News or Publications section found on {}; try `scholarfeed preview {}` and set `news` / `publications` CSS selectors for this source",
                    r.url, r.url
                );
            }
            for why in suspect {
                warn!("{who}: suspect crawl: {why}");
            }
            let changed = if stats.baseline > 0 && stats.new == 0 {
                format!("{}{}", baseline_note(stats.baseline), extra_stats(stats))
            } else {
                format!(
                    "new {}, updated {}, removed {}{}",
                    stats.new,
                    stats.updated,
                    stats.removed,
                    extra_stats(stats)
                )
            };
            info!("{who}: ok: news {news}, publications {publications}; {changed} ({ms})");
            for (n, c) in changes.iter().enumerate() {
                if n < CHANGES_LOGGED {
                    info!("{who}: {}", describe_change(c));
                } else {
                    debug!("{who}: {}", describe_change(c));
                }
            }
            if changes.len() > CHANGES_LOGGED {
                info!(
                    "{who}: … and {} more changes (-v lists them all)",
                    changes.len() - CHANGES_LOGGED
                );
            }
        }
        SourceOutcome::NotModified => info!("{who}: not modified (304) ({ms})"),
        SourceOutcome::Unchanged => info!("{who}: unchanged since last crawl ({ms})"),
        SourceOutcome::Failed { error } => warn!("{who}: failed: {error} ({ms})"),
    }
}

/// Changed items listed at info level per source and crawl; the rest go to
/// debug. A rewritten page or a first crawl in publish mode changes
/// hundreds of items, and one line each would bury the run's other lines.
const CHANGES_LOGGED: usize = 10;

/// A source's time as its log line shows it: "fetched in 4 ms", and the
/// wait before it when there was one worth mentioning ("4 ms after 9.0 s
/// queued"), so neither is mistaken for the other.
pub fn took(own: Duration, queued: Duration) -> String {
    let fmt = |d: Duration| {
        if d < Duration::from_secs(1) {
            format!("{} ms", d.as_millis())
        } else {
            format!("{:.1} s", d.as_secs_f64())
        }
    };
    if queued >= Duration::from_millis(100) {
        format!("{} after {} queued", fmt(own), fmt(queued))
    } else {
        fmt(own)
    }
}

/// What a first crawl in baseline mode did, in the words the log, the run
/// summary and `status` all use.
pub fn baseline_note(items: usize) -> String {
    format!("baseline: {items} items stored, none announced (on_first_crawl = baseline)")
}

/// A run's changes for the log and `status`: the baseline when there was
/// one (so a first run does not read "new 275" above empty feeds), and the
/// announced counts when anything was announced, updated or removed.
pub fn totals_text(new: usize, updated: usize, removed: usize, baseline: usize) -> String {
    let counts = format!("new {new}, updated {updated}, removed {removed}");
    match (baseline, new + updated + removed) {
        (0, _) => counts,
        (b, 0) => baseline_note(b),
        (b, _) => format!("{}; {counts}", baseline_note(b)),
    }
}

/// One log line per changed item: which item, in which section, and for an
/// update what changed.
pub fn describe_change(c: &ItemChange) -> String {
    let label = |v: &ItemView| match (c.section, &v.title) {
        (SectionKind::Publications, Some(t)) if !t.trim().is_empty() => {
            crate::publish::first_clause(t, 80)
        }
        _ => crate::publish::first_clause(&v.text, 80),
    };
    let what = match c.kind {
        ChangeKind::New => "new",
        ChangeKind::Updated => "updated",
        ChangeKind::Removed => "removed",
    };
    let mut line = format!("{what} {}: \"{}\"", c.section, label(&c.item));
    if let Some(before) = &c.before {
        let (old, new) = if before.title != c.item.title {
            (
                before.title.clone().unwrap_or_default(),
                c.item.title.clone().unwrap_or_default(),
            )
        } else if before.text != c.item.text {
            (before.text.clone(), c.item.text.clone())
        } else {
            // Only the sub-heading it sits under changed.
            let group = |g: &Option<String>| {
                g.as_deref()
                    .map_or("none".to_string(), |g| format!("\"{g}\""))
            };
            line.push_str(&format!(
                ": moved from group {} to {}",
                group(&before.group),
                group(&c.item.group)
            ));
            return line;
        };
        let (old, new) = short_diff(&old, &new, 60);
        line.push_str(&format!(": \"{old}\" → \"{new}\""));
    }
    line
}

/// The words that differ between two texts, with the common start and end
/// left out (shown as "…"), each side at most `max` characters.
pub fn short_diff(before: &str, after: &str, max: usize) -> (String, String) {
    let a: Vec<&str> = before.split_whitespace().collect();
    let b: Vec<&str> = after.split_whitespace().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let side = |w: &[&str]| {
        let middle = &w[prefix..w.len() - suffix];
        let mut text = middle.join(" ");
        if text.chars().count() > max {
            text = format!("{}…", text.chars().take(max).collect::<String>());
        }
        let mut out = String::new();
        if prefix > 0 {
            out.push_str("… ");
        }
        out.push_str(if text.is_empty() { "(nothing)" } else { &text });
        if suffix > 0 {
            out.push_str(" …");
        }
        out
    };
    (side(&a), side(&b))
}

fn extra_stats(stats: &SyncStats) -> String {
    let mut s = String::new();
    if stats.restored > 0 {
        s.push_str(&format!(", restored {}", stats.restored));
    }
    if stats.status_changes > 0 {
        s.push_str(&format!(", newly accepted {}", stats.status_changes));
    }
    s
}

/// Keeps two runs from working on one database at once. The lock is an OS
/// file lock on `<database>.lock`, released by the kernel if the process
/// dies, so a `kill -9` never leaves a stale lock behind.
pub struct RunLock {
    _file: std::fs::File,
    /// The lock file, for the "another run holds it" message.
    pub path: PathBuf,
}

impl RunLock {
    /// Takes the lock, waiting (and saying so) while another run holds it.
    pub async fn acquire(database: &Path) -> Result<RunLock> {
        let path = lock_path(database);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => {
                info!(
                    "another scholarfeed run is using {}; waiting for it to finish",
                    database.display()
                );
                let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
                    .await
                    .context("lock thread panicked")?
                    .with_context(|| format!("cannot lock {}", path.display()))?;
                Ok(RunLock { _file: file, path })
            }
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
    }
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "scholarfeed.db".into());
    name.push(".lock");
    database.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_probe_a_killed_run_left_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".scholarfeed-write-test"), b"").unwrap();
        check_output_dir(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_older_extractors_hash_of_the_same_bytes_is_told_from_a_change() {
        let body = "<p>News</p>";
        for v in 1..EXTRACTOR_VERSION {
            assert!(
                read_by_an_older_extractor(&body_hash_with(v, body), body),
                "{v}"
            );
            assert!(!read_by_an_older_extractor(
                &body_hash_with(v, "<p>Old</p>"),
                body
            ));
        }
        assert!(!read_by_an_older_extractor(&body_hash(body), body));
        assert!(!read_by_an_older_extractor("x:0123", body));
    }

    #[tokio::test]
    async fn one_large_page_at_a_time_while_small_ones_go_on() {
        use futures_util::FutureExt;
        let slots = Slots::new(2);
        let first = slots.acquire(LARGE_PAGE).await.unwrap();
        assert!(slots.acquire(LARGE_PAGE).now_or_never().is_none());
        let small = slots.acquire(LARGE_PAGE - 1).now_or_never();
        assert!(matches!(small, Some(Ok((None, _)))));
        drop(small);
        drop(first);
        assert!(slots.acquire(2 * LARGE_PAGE).now_or_never().is_some());
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[tokio::test]
    async fn store_steps_run_off_the_runtime_thread() {
        let mut store = Store::open_in_memory(t0()).unwrap();
        let runtime = std::thread::current().id();
        let step = lend(&mut store, |_| std::thread::current().id()).await;
        let first = step.unwrap().unwrap();
        assert_ne!(first, runtime);
        // Every store step on the one store thread (one malloc arena).
        let again = lend(&mut store, |_| std::thread::current().id()).await;
        assert_eq!(again.unwrap().unwrap(), first);
        let step = unblock(|| std::thread::current().id()).await;
        assert_ne!(step.unwrap(), runtime);
    }

    /// A panic in one source's store step is that source's failure: the
    /// store comes back (not the stand-in) and the run can go on.
    #[tokio::test]
    async fn a_panicking_store_step_gives_back_the_store_and_the_panic() {
        let mut store = Store::open_in_memory(t0()).unwrap();
        let record = store
            .ensure_source("A", "https://a.org/", "a", "a", t0())
            .unwrap();
        let step: std::thread::Result<()> = lend(&mut store, move |s| {
            s.record_failure(record.id, "first", t0()).unwrap();
            panic!("boom {}", 1)
        })
        .await
        .unwrap();
        let panic = step.unwrap_err();
        assert_eq!(panic_message(panic.as_ref()), "panicked: boom 1");
        let back = store.source("A").unwrap().expect("the real store is back");
        assert_eq!(back.last_error.as_deref(), Some("first"));
        assert!(Store::vacant().unwrap().source("A").is_err());
    }

    #[tokio::test]
    #[should_panic(expected = "whole run")]
    async fn a_panic_in_a_run_wide_step_resumes_as_before() {
        let mut store = Store::open_in_memory(t0()).unwrap();
        let _ = on_store(&mut store, |_| -> () { panic!("whole run") }).await;
    }

    #[test]
    fn a_sources_time_shows_the_wait_apart() {
        let ms = Duration::from_millis;
        assert_eq!(took(ms(4), ms(0)), "4 ms");
        assert_eq!(took(ms(4), ms(99)), "4 ms");
        assert_eq!(took(ms(4), ms(9_000)), "4 ms after 9.0 s queued");
        assert_eq!(took(ms(1_260), ms(300)), "1.3 s after 300 ms queued");
    }

    #[test]
    fn a_change_of_group_is_described_as_a_move() {
        let view = |group: Option<&str>| ItemView {
            title: Some("A Paper".into()),
            text: "A Paper. J. Doe.".into(),
            group: group.map(Into::into),
        };
        let c = ItemChange {
            kind: ChangeKind::Updated,
            section: SectionKind::Publications,
            item: view(Some("Peer-reviewed Publications")),
            before: Some(view(None)),
        };
        assert_eq!(
            describe_change(&c),
            "updated publications: \"A Paper\": moved from group none to \"Peer-reviewed Publications\""
        );
    }

    #[test]
    fn a_diff_keeps_only_the_words_that_changed() {
        assert_eq!(
            short_diff(
                "Paper X accepted at ACL 2025.",
                "Paper X accepted at ACL 2025 as an oral.",
                60
            ),
            ("… 2025.".to_string(), "… 2025 as an oral.".to_string())
        );
        assert_eq!(
            short_diff("A B C D", "A X C D", 60),
            ("… B …".to_string(), "… X …".to_string())
        );
        assert_eq!(
            short_diff("same", "same", 60),
            ("… (nothing)".to_string(), "… (nothing)".to_string())
        );
        let (_, long) = short_diff("a", &"word ".repeat(40), 20);
        assert_eq!(long.chars().count(), 21, "{long}");
    }
}
