//! Renders stored items into feed files: merged, per section and per source,
//! as Atom 1.0 and RSS 2.0.
//!
//! Rendering reads only the store, never the clock: every date comes from
//! when an item was first seen or last changed, and an empty feed is dated by
//! the database's creation. So a run that changed nothing produces
//! byte-identical files, and [`write_if_changed`] then leaves them (and
//! their mtimes, and HTTP caches) alone. Writes go to a temporary file that
//! is renamed over the old one, so a reader never sees half a feed.
//!
//! When the files on disk are known to be what the store held before a
//! run, the run renders only what its changes touch ([`Scope::Changed`]):
//! with a tenth of 1,000 sources changed, 300 feed files instead of 3,000.
//! What it leaves is byte for byte what rendering everything would write;
//! `tests/pipeline.rs` checks that file by file.
//!
//! We keep our own [`Entry`] type and write two small render functions
//! rather than converting between the rss and atom crates' models.

mod atom;
mod html;
mod json;
pub mod merge;
mod opml;
mod rss;

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use url::Url;

use crate::config::{Config, slugify};
use crate::model::{SectionKind, redact_url, safe_link, short_hash, without_userinfo};
use crate::store::{Following, Health, Store, StoredItem};

/// The feeds' `<generator>`: readers' bug reports can name the version.
pub const GENERATOR: &str = concat!("scholarfeed ", env!("CARGO_PKG_VERSION"));

/// One feed entry, with every field resolved once for both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `tag:` URI built from source slug, section and the item's stable key.
    pub id: String,
    /// The paper title, or the news line's first clause.
    pub title: String,
    /// The item's first link, else the homepage.
    pub link: String,
    /// Everyone who announced the item: one person, or several co-authors
    /// whose homepages announce the same event (merged feeds only).
    pub authors: Vec<Author>,
    /// "news", "publications", or "following" for a source's first crawl.
    pub category: &'static str,
    /// When the item was first seen (never the clock at render time).
    pub published: DateTime<Utc>,
    /// When its text last changed.
    pub updated: DateTime<Utc>,
    /// Sanitized HTML with absolute links.
    pub content_html: String,
}

/// A researcher as a feed author: name and homepage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// As in the config.
    pub name: String,
    /// The homepage, credentials removed.
    pub uri: String,
}

/// One feed file pair (`<stem>.atom`, `<stem>.rss`).
#[derive(Debug, Clone)]
pub struct FeedDoc {
    /// File name without extension, e.g. `feed`, `news`, `sources/ada-lovelace`.
    pub stem: String,
    /// The feed's title.
    pub title: String,
    /// The feed's subtitle / description.
    pub description: String,
    /// Atom feed id: stable across runs.
    pub id: String,
    /// Where the Atom file is served, for `rel="self"`.
    pub self_atom: Url,
    /// Where the RSS file is served.
    pub self_rss: Url,
    /// Where the JSON Feed is served.
    pub self_json: Url,
    /// The page the feed is about (the homepage, or the index).
    pub home: Url,
    /// The newest entry's time, or the store's creation for an empty feed.
    pub updated: DateTime<Utc>,
    /// RSS `<ttl>`: the schedule's interval, so readers poll no more often.
    pub ttl_minutes: u32,
    /// Newest first, at most `max_entries`.
    pub entries: Vec<Entry>,
}

/// What a publish wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishReport {
    /// Files whose bytes changed, in render order.
    pub written: Vec<PathBuf>,
    /// Files rendered to the same bytes and left alone (mtime kept).
    pub unchanged: usize,
    /// Feed files of sources no longer configured (or renamed), deleted.
    pub removed: Vec<PathBuf>,
    /// Files not rendered at all: nothing they are made of changed (see
    /// [`Scope::Changed`]).
    pub skipped: usize,
}

impl PublishReport {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        if write_if_changed(path, bytes)? {
            self.written.push(path.to_path_buf());
        } else {
            self.unchanged += 1;
        }
        Ok(())
    }
}

/// Whether every file `publish` writes for `config` exists (a run that
/// changed nothing may then skip publishing). The sources' files are
/// counted in one listing of their directory instead of looked up one by
/// one: over 10,000 sources the 30,000 lookups were 3 % of a run where
/// nothing changed, and every run of a daemon that publishes only what
/// changed makes them.
pub fn is_complete(config: &Config) -> bool {
    let out = &config.settings.output_dir;
    let mut merged = std::iter::once("feed")
        .chain(SectionKind::ALL.map(SectionKind::as_str))
        .flat_map(|st| FORMATS.iter().map(move |(ext, _)| format!("{st}.{ext}")));
    PAGES
        .iter()
        .chain(opml::LISTS.iter().map(|l| &l.file))
        .all(|f| out.join(f).is_file())
        && merged.all(|f| out.join(f).is_file())
        && sources_complete(config)
}

/// The configured sources' names in `sources/`, before the extension.
fn source_slugs(config: &Config) -> std::collections::HashSet<String> {
    config.sources.iter().map(|s| s.slug()).collect()
}

/// The slug a file in `sources/` is a feed of, if it is named as one
/// (a slug is never empty: a file named `.atom` is no feed of ours).
fn feed_slug(name: &str) -> Option<&str> {
    let (slug, ext) = name.rsplit_once('.')?;
    (!slug.is_empty() && FORMATS.iter().any(|(e, _)| *e == ext)).then_some(slug)
}

/// Whether `sources/` holds every format of every configured source's
/// feed as a file (or a link to one, as `Path::is_file` would see it).
fn sources_complete(config: &Config) -> bool {
    let slugs = source_slugs(config);
    let dir = config.settings.output_dir.join(SOURCES_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return slugs.is_empty();
    };
    let mut found = 0;
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        if !name
            .to_str()
            .and_then(feed_slug)
            .is_some_and(|slug| slugs.contains(slug))
        {
            continue;
        }
        let is_file = match entry.file_type() {
            Ok(t) if t.is_file() => true,
            Ok(t) if t.is_dir() => false,
            // A link (followed) or a file system that does not say.
            _ => entry.path().is_file(),
        };
        if !is_file {
            return false;
        }
        found += 1;
    }
    found == slugs.len() * FORMATS.len()
}

/// Bumped whenever rendering changes what a file holds for the same store
/// and config, so that the next run renders every file again: a publish of
/// [`Scope::Changed`] leaves the others as the last version wrote them.
const RENDER_VERSION: u32 = 1;

/// What, besides the store, decides the bytes `publish` writes: the
/// version, the settings and the sources it renders. Recorded with a
/// complete publish; a different value (a new version, another site_url or
/// source list) means the files on disk are not what this config renders.
pub fn fingerprint(config: &Config) -> String {
    let s = &config.settings;
    let mut text = format!(
        "{GENERATOR}/{RENDER_VERSION}\n{}\n{}\n{}\n{}\n{}\n",
        s.output_dir.display(),
        s.site_url,
        s.max_entries,
        ttl_minutes(config),
        s.announce_new_sources
    );
    for src in &config.sources {
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            src.name,
            source_stem(src),
            without_userinfo(&src.url)
        ));
    }
    short_hash(&text)
}

type Render = fn(&FeedDoc) -> Vec<u8>;

/// Every feed is written in each of these formats, as `<stem>.<ext>`.
const FORMATS: [(&str, Render); 3] = [
    ("atom", atom::render),
    ("rss", rss::render),
    ("json", json::render),
];

/// Written beside the feeds on every publish (with the OPML lists).
const PAGES: [&str; 1] = ["index.html"];

/// The directory of `output_dir` that holds each source's own feeds.
const SOURCES_DIR: &str = "sources";

/// Where a source's own feeds go (without extension), relative to `output_dir`.
pub fn source_stem(source: &crate::config::Source) -> String {
    format!("{SOURCES_DIR}/{}", source.slug())
}

/// Which files a publish renders.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every file.
    All,
    /// The files on disk are what the store held before this run's changes
    /// (the last publish completed, for the same [`fingerprint`], and no
    /// source row was created, renamed or retired since), so only what
    /// those changes touch is rendered. `sources[i]` says whether a sync
    /// wrote items (or the "Now following" record) of `config.sources[i]`:
    /// its own feeds are rendered, and the merged and section feeds if any
    /// source's were. `index.html` is always rendered (it also shows each
    /// source's health); the OPML lists hold only the config.
    Changed {
        /// Indexed like `config.sources`: whether that source's items changed.
        sources: &'a [bool],
    },
}

impl Scope<'_> {
    fn source(&self, i: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed { sources } => sources.get(i).copied().unwrap_or(true),
        }
    }

    fn merged(&self) -> bool {
        match self {
            Scope::All => true,
            Scope::Changed { sources } => sources.iter().any(|&c| c),
        }
    }
}

/// Writes every feed for `config` from `store`.
pub fn publish(config: &Config, store: &Store) -> Result<PublishReport> {
    publish_scope(config, store, Scope::All)
}

/// Writes the files of `scope` for `config` from `store`; every other file
/// is left as it is (see [`Scope::Changed`]). Given the files a complete
/// publish left, the result is byte for byte what [`publish`] would write.
pub fn publish_scope(config: &Config, store: &Store, scope: Scope<'_>) -> Result<PublishReport> {
    let out = &config.settings.output_dir;
    std::fs::create_dir_all(out.join(SOURCES_DIR))
        .with_context(|| format!("cannot create output directory {}", out.display()))?;
    let empty_updated = store.created_at()?;
    let ttl = ttl_minutes(config);
    let max = config.settings.max_entries;
    let site = &config.settings.site_url;
    let mut report = PublishReport::default();

    let mut docs = Vec::new();
    let merged_items = feed_items(store, None, None, max * 2)?;
    let events = newest_events(&merged_items, max);
    let followings = if config.settings.announce_new_sources {
        let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
        store.followings(&names)?
    } else {
        Vec::new()
    };
    let mut merged: Vec<Entry> = events.iter().map(|g| entry(g, true)).collect();
    merged.extend(followings.iter().map(following_entry));
    newest_first(&mut merged, max);
    docs.push(doc(
        site,
        "feed",
        "scholarfeed: all researchers",
        "News and publications from every followed homepage",
        merged,
        empty_updated,
        ttl,
    ));
    for kind in SectionKind::ALL {
        let items = feed_items(store, None, Some(kind), max * 2)?;
        let entries: Vec<Entry> = newest_events(&items, max)
            .iter()
            .map(|g| entry(g, true))
            .collect();
        let title = match kind {
            SectionKind::News => "scholarfeed: news",
            SectionKind::Publications => "scholarfeed: publications",
        };
        docs.push(doc(
            site,
            kind.as_str(),
            title,
            &format!("{kind} from every followed homepage"),
            entries,
            empty_updated,
            ttl,
        ));
    }
    // A source has at most one; looking it up in the list for each source
    // took time quadratic in the number of sources.
    let following_of: std::collections::HashMap<&str, &Following> = followings
        .iter()
        .map(|f| (f.source_name.as_str(), f))
        .collect();
    // Every list is written only with every feed (the lists hold only the
    // config, and `Scope::Changed` renders some feeds).
    let listing = matches!(scope, Scope::All);
    let mut outlines = opml::Outlines::default();
    if listing {
        docs.iter().for_each(|d| outlines.add(d));
    }
    let merged_changed = scope.merged();
    if !merged_changed {
        report.skipped += docs.len() * FORMATS.len();
    }
    report.skipped += (0..config.sources.len())
        .filter(|&i| !scope.source(i))
        .count()
        * FORMATS.len();
    // Merged and section feeds, then each source's, each written as soon
    // as it is read from the store and dropped once written.
    write_streamed(out, &mut report, |feed| {
        if merged_changed {
            for d in &docs {
                if !feed.send(Cow::Borrowed(d)) {
                    return Ok(());
                }
            }
        }
        for (i, source) in config.sources.iter().enumerate() {
            if !scope.source(i) {
                continue;
            }
            let mut entries: Vec<Entry> = feed_items(store, Some(&source.name), None, max)?
                .iter()
                .map(|i| entry(&[i], false))
                .collect();
            entries.extend(
                following_of
                    .get(source.name.as_str())
                    .map(|f| following_entry(f)),
            );
            newest_first(&mut entries, max);
            let mut d = doc(
                site,
                &source_stem(source),
                &source.name,
                &format!(
                    "News and publications from {}",
                    without_userinfo(&source.url)
                ),
                entries,
                empty_updated,
                ttl,
            );
            d.home = without_userinfo(&source.url);
            if listing {
                outlines.add(&d);
            }
            if !feed.send(Cow::Owned(d)) {
                return Ok(());
            }
        }
        Ok(())
    })?;
    remove_leftover_temps(out);
    // Files of sources no longer configured, and temporary files a killed
    // publish left among the sources', exist only after a config change or
    // an unfinished publish, and both make the next publish `Scope::All`:
    // a selective one need not list 300,000 files twice.
    if listing {
        remove_stale_source_files(out, &source_slugs(config), &mut report)?;
        remove_leftover_temps(&out.join(SOURCES_DIR));
        for (file, bytes) in outlines.render() {
            report.write(&out.join(file), &bytes)?;
        }
    } else {
        report.skipped += opml::LISTS.len();
    }
    let [index_file] = PAGES;
    let page_sources = page_sources(config, store)?;
    report.write(
        &out.join(index_file),
        &html::render("scholarfeed", &docs, &events, &page_sources),
    )?;
    Ok(report)
}

/// Hands feeds to [`write_streamed`]'s threads.
struct Feed<'d, 'f> {
    tx: std::sync::mpsc::SyncSender<(usize, Cow<'d, FeedDoc>)>,
    sent: usize,
    failed: &'f AtomicBool,
}

impl<'d> Feed<'d, '_> {
    /// Queues `doc` for writing, waiting while the threads are busy; false
    /// once they have stopped on an error (returned by `write_streamed`).
    fn send(&mut self, doc: Cow<'d, FeedDoc>) -> bool {
        if self.failed.load(Ordering::Relaxed) || self.tx.send((self.sent, doc)).is_err() {
            return false;
        }
        self.sent += 1;
        true
    }
}

/// Renders and writes, in every format, each feed `produce` hands over, on
/// one thread per core while `produce` reads the next from the store. At
/// most a few feeds are held at once: building every source's feed first
/// made a publish's memory grow with the number of sources (a cold run
/// over 10,000 sources peaked at 55-60 MiB in its publish against 33-38
/// MiB while crawling). The files' order in the report stays the order
/// they were handed over in.
fn write_streamed<'d>(
    out: &Path,
    report: &mut PublishReport,
    produce: impl FnOnce(&mut Feed<'d, '_>) -> Result<()>,
) -> Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let failed = &AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Cow<'d, FeedDoc>)>(threads * 2);
    // Shared by the threads; dropped with the last one, so that `send`
    // stops waiting should they all stop.
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let (produced, parts) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let rx = std::sync::Arc::clone(&rx);
                scope.spawn(move || -> Result<(Vec<(usize, PathBuf)>, usize)> {
                    let (mut written, mut unchanged) = (Vec::new(), 0);
                    loop {
                        // Held only while waiting: another thread may then
                        // render.
                        let next = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok((i, d)) = next else { break };
                        for (ext, render) in FORMATS {
                            let path = out.join(format!("{}.{ext}", d.stem));
                            match write_if_changed(&path, &render(&d)) {
                                Ok(true) => written.push((i, path)),
                                Ok(false) => unchanged += 1,
                                Err(e) => {
                                    failed.store(true, Ordering::Relaxed);
                                    return Err(e);
                                }
                            }
                        }
                    }
                    Ok((written, unchanged))
                })
            })
            .collect();
        drop(rx);
        let mut feed = Feed {
            tx,
            sent: 0,
            failed,
        };
        let produced = produce(&mut feed);
        drop(feed);
        let parts: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        (produced, parts)
    });
    let mut written = Vec::new();
    for part in parts {
        let (w, unchanged) = part?;
        written.extend(w);
        report.unchanged += unchanged;
    }
    // Each feed's files are in one thread's list, in format order: a
    // stable sort by feed keeps that order.
    written.sort_by_key(|&(i, _)| i);
    report.written.extend(written.into_iter().map(|(_, p)| p));
    produced
}

/// Deletes the feed files in `sources/` that no configured source writes
/// any more (a source removed from the config, or renamed), so a reader
/// subscribed to one sees it stop rather than freeze, and the directory
/// lists only what is followed. Only our own extensions are touched.
/// Whether `name` is one of [`write_if_changed`]'s temporary files.
fn is_leftover_temp(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Deletes the temporary files of a publish that was killed mid-write
/// (`kill -9`, a power cut): each run then leaves exactly the files it
/// renders, and none accumulate. Runs are serialised by the run lock, so
/// no other publish is writing them. Best effort: a file that cannot be
/// removed is left for the next run.
fn remove_leftover_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_str().is_some_and(is_leftover_temp)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn remove_stale_source_files(
    out: &Path,
    live: &std::collections::HashSet<String>,
    report: &mut PublishReport,
) -> Result<()> {
    let dir = out.join(SOURCES_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let Some(slug) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(feed_slug)
        else {
            continue;
        };
        if !live.contains(slug) && path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            report.removed.push(path);
        }
    }
    Ok(())
}

fn doc(
    site: &Url,
    stem: &str,
    title: &str,
    description: &str,
    entries: Vec<Entry>,
    empty_updated: DateTime<Utc>,
    ttl_minutes: u32,
) -> FeedDoc {
    let join = |ext: &str| {
        site.join(&format!("{stem}.{ext}"))
            .unwrap_or_else(|_| site.clone())
    };
    FeedDoc {
        stem: stem.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        id: join("atom").to_string(),
        self_atom: join("atom"),
        self_rss: join("rss"),
        self_json: join("json"),
        home: site.clone(),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(empty_updated),
        ttl_minutes,
        entries,
    }
}

/// RSS `ttl`: how often the feed can change, i.e. the schedule's interval
/// (measured from a fixed instant, so the bytes do not change run to run).
fn ttl_minutes(config: &Config) -> u32 {
    let base = DateTime::parse_from_rfc3339("2026-01-05T00:00:00Z")
        .expect("constant")
        .with_timezone(&Utc);
    let iv = config
        .settings
        .schedule
        .interval(config.settings.timezone, base);
    u32::try_from(iv.as_secs() / 60).unwrap_or(u32::MAX).max(1)
}

/// What a feed is made of, newest first: announced items, plus one entry
/// per status change (a preprint accepted), which is an event of its own
/// dated when it was seen. In the returned rows `status_note` is set only
/// on those status entries.
fn feed_items(
    store: &Store,
    source: Option<&str>,
    section: Option<SectionKind>,
    limit: usize,
) -> Result<Vec<StoredItem>> {
    let mut items = store.announced(source, section, limit)?;
    for i in &mut items {
        i.status_note = None;
    }
    for mut i in store.status_changes(source, section, limit)? {
        let (Some(at), Some(note)) = (i.status_changed_at, i.status_note.as_deref()) else {
            continue;
        };
        i.key = format!(
            "{}/status-{}",
            i.key,
            short_hash(&format!("{note}@{}", crate::store::ts(at)))
        );
        i.first_seen = at;
        i.updated_at = at;
        items.push(i);
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.first_seen));
    items.truncate(limit);
    // Rows stored by older versions may hold what is no longer let in:
    // every URL a feed or index.html shows passes the same check here.
    for i in &mut items {
        i.source_url = redact_url(&i.source_url);
        i.links = i.links.iter().filter_map(|l| safe_link(l)).collect();
    }
    Ok(items)
}

/// The newest `max` events of a merged feed (see [`merge`]), newest first
/// by when their first announcer was seen. The store is asked for more rows
/// than `max` so that merging does not leave the window short.
fn newest_events(items: &[StoredItem], max: usize) -> Vec<Vec<&StoredItem>> {
    let mut events = merge::group_events(items);
    events.sort_by_key(|g| std::cmp::Reverse(g[0].first_seen));
    events.truncate(max);
    events
}

fn page_sources(config: &Config, store: &Store) -> Result<Vec<html::PageSource>> {
    let mut out = Vec::with_capacity(config.sources.len());
    // All rows in one read; a table that cannot be read that way (a damaged
    // row) is read one source at a time, so only that source shows failing.
    let rows = store.sources_by_ident_and_name().ok();
    for s in &config.sources {
        let ident = s.ident();
        let found = match &rows {
            Some(rows) => Ok(rows.find(&s.name, &ident).cloned()),
            None => store
                .find_source(&s.name, &ident)
                .and_then(|r| r.map(|r| Ok((store.live_counts(r.id)?, r))).transpose())
                .map(|found| found.map(|(counts, r)| (r, counts))),
        };
        // A source whose row cannot be read is shown as failing, with why;
        // it must not keep every other source's feeds from being written.
        let (health, news, publications) = match found {
            Ok(Some((r, (news, publications)))) => (r.health(), news, publications),
            Ok(None) => (Health::NeverCrawled, 0, 0),
            Err(e) => (
                Health::Failing {
                    attempts: 1,
                    error: format!("store error: {e:#}"),
                },
                0,
                0,
            ),
        };
        out.push(html::PageSource {
            name: s.name.clone(),
            url: without_userinfo(&s.url).to_string(),
            feed: source_stem(s),
            health,
            news,
            publications,
        });
    }
    Ok(out)
}

/// Builds the feed entry for an event: one stored item, or several of
/// different sources (the first is the primary: its id, link and text are
/// used). In merged feeds titles carry the people's names, since entries of
/// many people are interleaved.
pub fn entry(event: &[&StoredItem], merged: bool) -> Entry {
    let item = event[0];
    // The slug fixed when the source was first stored, so a renamed
    // source keeps its entry ids (rows from before it was kept: the name).
    let slug = if item.source_slug.is_empty() {
        slugify(&item.source_name)
    } else {
        item.source_slug.clone()
    };
    let headline = match &item.status_note {
        Some(note) => format!("{} — {note}", headline(item)),
        None => headline(item),
    };
    let names: Vec<&str> = event.iter().map(|i| i.source_name.as_str()).collect();
    let title = if merged {
        format!("{}: {headline}", names.join(", "))
    } else {
        headline
    };
    let link = match item.section {
        SectionKind::Publications => item
            .links
            .first()
            .cloned()
            .unwrap_or_else(|| item.source_url.clone()),
        SectionKind::News => item.source_url.clone(),
    };
    let mut content = without_leading_title(&item.html, item.title.as_deref());
    if content.trim().is_empty() {
        content = escape(&item.text);
    }
    let attribution: Vec<String> = event
        .iter()
        .map(|i| {
            format!(
                "<a href=\"{}\">{}</a>",
                escape(&i.source_url),
                escape(&i.source_name)
            )
        })
        .collect();
    let mut footer = format!("<p>— {}", attribution.join(", "));
    if let Some(d) = &item.date_text {
        footer.push_str(&format!(" · {}", escape(d)));
    }
    if let Some(g) = &item.group {
        footer.push_str(&format!(" · {}", escape(g)));
    }
    footer.push_str("</p>");
    content.push_str(&footer);
    Entry {
        id: format!("tag:scholarfeed,2026:{slug}/{}/{}", item.section, item.key),
        title,
        link,
        authors: event
            .iter()
            .map(|i| Author {
                name: i.source_name.clone(),
                uri: i.source_url.clone(),
            })
            .collect(),
        category: item.section.as_str(),
        published: item.first_seen + page_order(item.position),
        updated: event
            .iter()
            .map(|i| i.updated_at.max(i.first_seen))
            .max()
            .unwrap_or(item.first_seen)
            + page_order(item.position),
        content_html: strip_xml_illegal(&content),
    }
}

/// The milliseconds added to a timestamp of an item `position` on its
/// page. One crawl stores all its new items in one second, and readers
/// given equal dates order them arbitrarily (the W3C validator warns about
/// it too), so within that second an item higher on the page is a little
/// later: readers sort a crawl's entries in page order. The second itself,
/// the only precision the store keeps, is never changed; RSS dates have no
/// fractions, so this helps Atom and JSON Feed readers.
fn page_order(position: usize) -> chrono::Duration {
    let position = i64::try_from(position).unwrap_or(i64::MAX);
    chrono::Duration::milliseconds(FOLLOWING_MS - 1 - position.min(FOLLOWING_MS - 1))
}

/// A "Now following" entry sits at this millisecond of its second, just
/// above the items its crawl found.
const FOLLOWING_MS: i64 = 999;

/// Keeps the newest `max` entries, newest first. The sort is stable, so
/// entries of one instant keep the order they were given in.
fn newest_first(entries: &mut Vec<Entry>, max: usize) {
    entries.sort_by_key(|e| std::cmp::Reverse(e.published));
    entries.truncate(max);
}

/// The entry a source's first crawl makes: proof that the page was read,
/// what was found under which heading, and what was not found, so a
/// subscriber does not wait for news from a page scholarfeed cannot read.
pub fn following_entry(f: &Following) -> Entry {
    let s = &f.summary;
    let title = format!(
        "Now following {}: {} news, {} publications found",
        f.source_name, s.news, s.publications
    );
    let mut html = format!(
        "<p>scholarfeed read <a href=\"{u}\">{u}</a> for the first time and found {}</p>\n<ul>",
        if s.sections.is_empty() {
            "no News or Publications section."
        } else {
            "these sections:"
        },
        u = escape(&f.source_url)
    );
    for sec in &s.sections {
        html.push_str(&format!(
            "<li>{}: {} items under “{}”</li>",
            match sec.kind {
                SectionKind::News => "News",
                SectionKind::Publications => "Publications",
            },
            sec.items,
            escape(&sec.heading)
        ));
    }
    html.push_str("</ul>\n");
    if s.sections.is_empty() {
        html = html.replace("\n<ul></ul>\n", "\n");
    }
    for kind in SectionKind::ALL {
        if !s.sections.iter().any(|sec| sec.kind == kind) {
            html.push_str(&format!(
                "<p>No {kind} section was found: its items will not be followed. \
                 <code>scholarfeed preview {}</code> shows what is read; a <code>{kind}</code> \
                 CSS selector for this source in feeds.toml points at the right part of the page.</p>\n",
                escape(&f.source_url)
            ));
        }
    }
    let found = s.news + s.publications > 0;
    html.push_str(if !found {
        "<p>Nothing from this page will appear until scholarfeed finds its items; \
         when it does, a new entry like this one says so.</p>"
    } else if s.announced {
        "<p>Everything found was announced (on_first_crawl = publish).</p>"
    } else {
        "<p>What is on the page now was stored, not announced (on_first_crawl = baseline): \
         items added from now on will appear here.</p>"
    });
    Entry {
        // Dated, so that the entry made when items are first found after a
        // crawl that found none is new to readers, not an edit.
        id: format!(
            "tag:scholarfeed,2026:{}/following/{}",
            if f.source_slug.is_empty() {
                slugify(&f.source_name)
            } else {
                f.source_slug.clone()
            },
            f.at.format("%Y%m%dT%H%M%SZ")
        ),
        title: strip_xml_illegal(&title),
        link: f.source_url.clone(),
        authors: vec![Author {
            name: f.source_name.clone(),
            uri: f.source_url.clone(),
        }],
        category: "following",
        published: f.at + chrono::Duration::milliseconds(FOLLOWING_MS),
        updated: f.at + chrono::Duration::milliseconds(FOLLOWING_MS),
        content_html: strip_xml_illegal(&html),
    }
}

/// Publications are titled by the paper; news by their first clause, which
/// is what reads well in a reader's list.
fn headline(item: &StoredItem) -> String {
    if item.section == SectionKind::Publications
        && let Some(t) = item.title.as_deref().filter(|t| !t.trim().is_empty())
    {
        return strip_xml_illegal(t.trim());
    }
    let mut text = item.text.trim();
    // The date label is shown apart; it may sit behind a bullet or inside
    // brackets ("∙ [2026-03] Invited talk ...").
    if let Some(d) = item.date_text.as_deref()
        && opens_with_date(text, d)
        && let Some(i) = text.find(d)
    {
        text = &text[i + d.len()..];
    }
    let text = text.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !matches!(c, '"' | '“' | '‘' | '\'' | '(' | '《' | '「')
    });
    // Up to a whole sentence: the venue often comes late ("Our paper on
    // ... was accepted at ICML 2026.").
    strip_xml_illegal(&first_clause(text, NEWS_TITLE_MAX))
}

/// Longest news title, in characters (a long sentence; readers wrap it).
const NEWS_TITLE_MAX: usize = 200;

/// Whether `text` starts with the date label `date` (behind bullets or
/// brackets at most), so showing the label again beside it would repeat it.
pub fn opens_with_date(text: &str, date: &str) -> bool {
    !date.is_empty()
        && text
            .find(date)
            .is_some_and(|i| text[..i].chars().all(|c| !c.is_alphanumeric()))
}

/// The item's markup without a heading that only repeats its title: some
/// Markdown pages give each paper a `### Title` heading, which a reader
/// would show under the entry's title in a bigger font. Only a leading
/// `<h1>`-`<h6>` (possibly inside the item's wrapping `<div>`) whose text is
/// the title is removed.
pub fn without_leading_title(html: &str, title: Option<&str>) -> String {
    let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
        return html.to_string();
    };
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let trimmed = html.trim_start();
    let (prefix, rest) = match trimmed.strip_prefix("<div>") {
        Some(inner) => ("<div>", inner.trim_start()),
        None => ("", trimmed),
    };
    let level = rest.as_bytes();
    if level.len() < 4 || level[0] != b'<' || level[1] != b'h' || !(b'1'..=b'6').contains(&level[2])
    {
        return html.to_string();
    }
    let close = format!("</h{}>", char::from(level[2]));
    let Some(end) = rest.find(&close) else {
        return html.to_string();
    };
    let Some(open_end) = rest.find('>') else {
        return html.to_string();
    };
    let inner = &rest[open_end + 1..end];
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    if fold(&text) != fold(title) {
        return html.to_string();
    }
    format!("{prefix}{}", rest[end + close.len()..].trim_start())
}

/// The first sentence, or the first `max` characters cut at a word boundary.
pub fn first_clause(text: &str, max: usize) -> String {
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let ends = match c {
            // CJK full stops need no space after them.
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => {
                // "arXiv.2411" is not a sentence end, nor is "et al. (2024)"
                // or "Ph.D. student": a sentence goes on with a capital.
                let next_word = rest.trim_start().chars().next();
                rest.chars().next().is_none_or(char::is_whitespace)
                    && i > 20
                    && next_word.is_none_or(|n| !n.is_lowercase() && n != '(')
                    && !(c == '.' && is_abbreviation(&text[..i]))
            }
            _ => false,
        };
        if ends {
            end = i + c.len_utf8();
            break;
        }
    }
    let sentence = text[..end].trim();
    if sentence.chars().count() <= max {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Whether the word ending `before` (whose '.' follows) is an abbreviation
/// rather than the end of a sentence: dotted ("Ph.D", "U.S", "e.g"), an
/// initial ("J"), or a common short form ("Prof", "Dr", "Sept", "Univ").
fn is_abbreviation(before: &str) -> bool {
    const SHORT_FORMS: [&str; 34] = [
        "al", "approx", "co", "corp", "dept", "dr", "eq", "etc", "fig", "inc", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jr", "ltd", "mr", "mrs",
        "ms", "no", "prof", "sr", "st", "univ", "vol", "vs",
    ];
    let word = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || SHORT_FORMS.contains(&word.to_lowercase().as_str())
}

/// Exactly one XML declaration, whether or not the serializer wrote one,
/// and a final newline.
fn with_declaration(body: String) -> Vec<u8> {
    let mut out = String::with_capacity(body.len() + 48);
    if !body.starts_with("<?xml") {
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    }
    out.push_str(&body);
    out.push('\n');
    out.into_bytes()
}

/// Escapes text and attribute values for the hand-written XML and HTML renderers (quotes included, so one function serves both).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0 forbids most C0 controls even when escaped; real pages contain them.
pub fn strip_xml_illegal(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect()
}

/// Atomically replaces `path` with `bytes` unless it already holds exactly
/// them. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("feed");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        // No fsync: the rename alone keeps readers from ever seeing half a
        // file, and a file lost to a power cut differs from what the store
        // renders, so the next run writes it again. (3,000 fsyncs cost
        // about a second per 1,000 sources.)
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        std::fs::rename(&tmp, path)
    };
    write()
        .with_context(|| format!("cannot write {}", path.display()))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_clause_stops_at_a_sentence_end_not_an_abbreviation() {
        assert_eq!(
            first_clause(
                "Our paper on U.S. census data was accepted to ICML. See you in Vienna!",
                140
            ),
            "Our paper on U.S. census data was accepted to ICML."
        );
        let long = "word ".repeat(60);
        let c = first_clause(&long, 50);
        assert!(c.ends_with('…') && c.chars().count() <= 51, "{c}");
    }

    /// Regression: "I defended my Ph.D. thesis" was cut after "Ph.D.", and
    /// news titles stopped at 140 characters, before the venue.
    #[test]
    fn first_clause_keeps_abbreviations_initials_and_the_venue() {
        for text in [
            "I defended my Ph.D. thesis on efficient inference at CMU.",
            "Gave a talk with Prof. Smith and J. Doe at the MIT NLP seminar.",
            "Our paper with Zhang et al. was accepted at ACL 2025 (oral).",
            "Joined the Dept. of Computer Science at Example Univ. as a postdoc.",
            "Received the best paper award at the workshop in Sept. 2025 in Rome.",
        ] {
            assert_eq!(first_clause(text, 200), text);
        }
        assert_eq!(
            first_clause("Started my Ph.D. at CMU. Excited to work on NLP!", 200),
            "Started my Ph.D. at CMU."
        );
        assert_eq!(
            first_clause("我们的论文被ACL 2025接收。欢迎交流！", 200),
            "我们的论文被ACL 2025接收。"
        );
        let venue = "Our paper on key-value cache management for long-context inference on consumer GPUs was accepted to the Findings of the Association for Computational Linguistics (ACL 2025).";
        assert!(venue.chars().count() > 140 && venue.chars().count() <= NEWS_TITLE_MAX);
        let item = StoredItem::news_fixture(venue, None);
        assert_eq!(headline(&item), venue);
        // A cut too long a sentence ends at a word, never inside one.
        let long = format!("{} and then it goes on.", "Ph.D. work ".repeat(30));
        let c = first_clause(&long, 60);
        assert!(
            c.ends_with('…') && !c.contains("Ph…") && !c.contains("Ph.…"),
            "{c}"
        );
    }

    #[test]
    fn news_headlines_drop_bullets_and_bracketed_date_labels() {
        let item = StoredItem::news_fixture;
        assert_eq!(
            headline(&item("∙ [2026-03] Awarded a fellowship", Some("2026-03"))),
            "Awarded a fellowship"
        );
        assert_eq!(
            headline(&item(
                "**05/19/2025**: Joined Microsoft.",
                Some("05/19/2025")
            )),
            "Joined Microsoft."
        );
        assert_eq!(
            headline(&item("• \"KVPR\" accepted at ACL", None)),
            "\"KVPR\" accepted at ACL"
        );
        assert_eq!(
            headline(&item("Met with 2025 interns", Some("2025"))),
            "Met with 2025 interns"
        );
    }

    /// Regression: Markdown publications showed their title twice, the
    /// second time as a bigger heading.
    #[test]
    fn a_heading_that_repeats_the_title_is_left_out() {
        let t = Some("Sparse Attention at Scale");
        assert_eq!(
            without_leading_title(
                "<h3>Sparse Attention at <em>Scale</em></h3>\n<p>J. Doe. ICML 2026.</p>",
                t
            ),
            "<p>J. Doe. ICML 2026.</p>"
        );
        assert_eq!(
            without_leading_title(
                "<div><h4><a href=\"https://x.org/\">Sparse attention at scale.</a></h4><p>J. Doe.</p></div>",
                t
            ),
            "<div><p>J. Doe.</p></div>"
        );
        // Anything else stays: another heading, the title in running text, no title.
        for html in [
            "<h3>Another Paper</h3><p>x</p>",
            "<p><b>Sparse Attention at Scale</b>. J. Doe.</p>",
        ] {
            assert_eq!(without_leading_title(html, t), html);
        }
        assert_eq!(without_leading_title("<h3>x</h3>", None), "<h3>x</h3>");
    }

    #[test]
    fn a_following_entry_for_a_page_not_understood_says_so() {
        let f = Following {
            source_name: "Ke Sun".into(),
            source_slug: "ke-sun".into(),
            source_url: "https://ke.example/".into(),
            at: DateTime::default(),
            summary: crate::store::FollowSummary::default(),
        };
        let e = following_entry(&f);
        assert_eq!(
            e.title,
            "Now following Ke Sun: 0 news, 0 publications found"
        );
        assert!(
            e.content_html
                .contains("found no News or Publications section."),
            "{}",
            e.content_html
        );
        assert!(!e.content_html.contains("<ul>"), "{}", e.content_html);
        assert!(e.content_html.contains("No publications section was found"));
        assert!(
            e.id.starts_with("tag:scholarfeed,2026:ke-sun/following/19700101T"),
            "{}",
            e.id
        );
    }

    #[test]
    fn a_date_label_is_recognised_only_at_the_start() {
        assert!(opens_with_date("**2026.03**: Paper accepted.", "2026.03"));
        assert!(opens_with_date("∙ [2026-03] Talk", "2026-03"));
        assert!(!opens_with_date("Paper accepted (2026.03).", "2026.03"));
        assert!(!opens_with_date("Paper accepted.", ""));
    }

    #[test]
    fn illegal_xml_characters_are_removed() {
        assert_eq!(strip_xml_illegal("a\u{0}b\u{8}c\td"), "abc\td");
    }

    /// Regression: with every page unchanged, turning
    /// `announce_new_sources` off left the "Now following" entries in the
    /// feeds: the fingerprint of the last complete publish, which lets a
    /// run skip rendering, did not cover that setting.
    #[test]
    fn the_publish_fingerprint_covers_the_settings_rendering_reads() {
        let config = |settings: &str| {
            let text = format!(
                "[settings]\n{settings}\n[[source]]\nname = \"A\"\nurl = \"https://a.example/\"\n"
            );
            crate::config::parse(&text, "test", Path::new(".")).unwrap()
        };
        let base = fingerprint(&config(""));
        assert_eq!(fingerprint(&config("")), base);
        for changed in [
            "announce_new_sources = false",
            "max_entries = 7",
            "site_url = \"https://elsewhere.example/\"",
        ] {
            assert_ne!(fingerprint(&config(changed)), base, "{changed}");
        }
    }

    #[test]
    fn a_killed_publishs_temporary_files_are_removed_by_the_next() {
        assert!(is_leftover_temp(".feed.atom.tmp-23576"));
        for keep in [
            "feed.atom",
            ".feed.atom.tmp-",
            ".feed.atom.tmp-x1",
            "a.tmp-1",
            ".hidden",
        ] {
            assert!(!is_leftover_temp(keep), "{keep}");
        }
        let dir = tempfile::tempdir().unwrap();
        let left = dir.path().join(".feed.atom.tmp-1");
        std::fs::write(&left, "half a fe").unwrap();
        std::fs::write(dir.path().join(".keep"), "x").unwrap();
        remove_leftover_temps(dir.path());
        assert!(!left.exists());
        assert!(dir.path().join(".keep").exists());
    }

    #[test]
    fn write_if_changed_leaves_identical_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.atom");
        assert!(write_if_changed(&p, b"one").unwrap());
        assert!(!write_if_changed(&p, b"one").unwrap());
        assert!(write_if_changed(&p, b"two").unwrap());
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }

    fn feeds(n: usize) -> Vec<FeedDoc> {
        let site = Url::parse("https://feeds.example/").unwrap();
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        (0..n)
            .map(|i| {
                doc(
                    &site,
                    &format!("sources/s{i}"),
                    &format!("S{i}"),
                    "d",
                    Vec::new(),
                    at,
                    60,
                )
            })
            .collect()
    }

    /// An output directory with its `sources/`.
    fn output_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sources")).unwrap();
        dir
    }

    fn send_all<'d>(feed: &mut Feed<'d, '_>, docs: &'d [FeedDoc]) {
        for d in docs {
            assert!(feed.send(Cow::Borrowed(d)));
        }
    }

    #[test]
    fn streamed_feeds_are_reported_in_the_order_handed_over() {
        let dir = output_dir();
        let docs = feeds(40);
        let mut report = PublishReport::default();
        write_streamed(dir.path(), &mut report, |feed| {
            send_all(feed, &docs);
            Ok(())
        })
        .unwrap();
        let expected: Vec<PathBuf> = docs
            .iter()
            .flat_map(|d| FORMATS.map(|(ext, _)| dir.path().join(format!("{}.{ext}", d.stem))))
            .collect();
        assert_eq!(report.written, expected);
        // Again: the same bytes, so every file is left alone.
        let mut again = PublishReport::default();
        write_streamed(dir.path(), &mut again, |feed| {
            send_all(feed, &docs);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            (again.written.len(), again.unchanged),
            (0, 40 * FORMATS.len())
        );
    }

    #[test]
    fn a_write_error_stops_the_stream_and_is_returned() {
        // `sources` is a file: every write fails. Far more feeds than the
        // channel holds, so a producer left waiting would hang here.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sources"), "not a directory").unwrap();
        let docs = feeds(500);
        let mut report = PublishReport::default();
        let mut sent = 0;
        let result = write_streamed(dir.path(), &mut report, |feed| {
            for d in &docs {
                if !feed.send(Cow::Borrowed(d)) {
                    break;
                }
                sent += 1;
            }
            Ok(())
        });
        assert!(result.is_err());
        assert!(
            sent < docs.len(),
            "the producer was told to stop ({sent} sent)"
        );
        assert!(report.written.is_empty());
    }

    #[test]
    fn a_producers_error_is_returned_after_what_it_handed_over_is_written() {
        let dir = output_dir();
        let docs = feeds(3);
        let mut report = PublishReport::default();
        let result = write_streamed(dir.path(), &mut report, |feed| {
            send_all(feed, &docs);
            anyhow::bail!("the store went away")
        });
        assert_eq!(result.unwrap_err().to_string(), "the store went away");
        assert_eq!(report.written.len(), 3 * FORMATS.len());
    }

    /// The listing of `sources/` answers as looking up each file did.
    #[test]
    fn is_complete_notices_a_missing_feed_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "[settings]\noutput_dir = {:?}\n\n[[source]]\nname = \"Ada\"\nurl = \"https://ada.example/\"\n\n[[source]]\nname = \"Bo\"\nurl = \"https://bo.example/\"\n",
            dir.path().join("public").to_str().unwrap()
        );
        let config = crate::config::parse(&text, "feeds.toml", dir.path()).unwrap();
        let store = Store::open_in_memory(Utc::now()).unwrap();
        assert!(!is_complete(&config), "nothing written yet");
        publish(&config, &store).unwrap();
        assert!(is_complete(&config));

        let sources = config.settings.output_dir.join("sources");
        let stem = source_stem(&config.sources[1]);
        let json = config.settings.output_dir.join(format!("{stem}.json"));
        let kept = std::fs::read(&json).unwrap();
        // Files nobody asked for do not make up for one that is missing.
        std::fs::write(sources.join("someone-else.json"), b"{}").unwrap();
        std::fs::write(sources.join(".leftover.json.tmp-1"), b"{}").unwrap();
        assert!(is_complete(&config), "extra files change nothing");
        std::fs::remove_file(&json).unwrap();
        assert!(!is_complete(&config), "a source's file is missing");
        std::fs::create_dir(&json).unwrap();
        assert!(!is_complete(&config), "a directory is not a file");
        std::fs::remove_dir(&json).unwrap();
        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("kept.json");
            std::fs::write(&elsewhere, &kept).unwrap();
            std::os::unix::fs::symlink(&elsewhere, &json).unwrap();
            assert!(
                is_complete(&config),
                "a link to a file counts, as is_file sees it"
            );
            std::fs::remove_file(&elsewhere).unwrap();
            assert!(!is_complete(&config), "a dangling link does not");
            std::fs::remove_file(&json).unwrap();
        }
        std::fs::write(&json, &kept).unwrap();
        assert!(is_complete(&config));
        std::fs::remove_file(config.settings.output_dir.join("news.rss")).unwrap();
        assert!(!is_complete(&config), "a merged feed is missing");
    }

    #[test]
    fn a_feed_file_is_named_by_its_slug_and_one_of_our_formats() {
        assert_eq!(feed_slug("jane-doe.atom"), Some("jane-doe"));
        assert_eq!(feed_slug("jane-doe.json"), Some("jane-doe"));
        for other in ["jane-doe.html", ".atom", "jane-doe", ".jane-doe.atom.tmp-7"] {
            assert_eq!(feed_slug(other), None, "{other}");
        }
    }
}
