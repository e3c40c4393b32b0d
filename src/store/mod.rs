//! SQLite persistence: sources with their health and HTTP validators, every
//! item ever seen (removed items are marked, never deleted), and runs.
//!
//! One concrete struct, no trait: there is one backend. The database is in
//! WAL mode so readers (`status`, a web server) never block a crawl, and
//! each source is synced in one transaction so a crash leaves either the old
//! or the new state of that source, never a mix. Migrations are an ordered
//! list keyed on `PRAGMA user_version`, each applied in its own transaction.
//!
//! Times are stored as RFC 3339 UTC text with second precision: sortable,
//! readable in the sqlite3 shell, and exact when read back.

pub mod identity;
mod matching;
mod status;
mod sync;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::model::{PartialDate, SectionKind, Validators};

pub use sync::{ChangeKind, ItemChange, ItemView, SyncMode, SyncOutcome, SyncStats};

/// Each entry upgrades the schema by one version; never edit a shipped one.
const MIGRATIONS: &[&str] = &[
    // 1: initial schema
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE sources (
        id                   INTEGER PRIMARY KEY,
        name                 TEXT NOT NULL UNIQUE,
        url                  TEXT NOT NULL,
        etag                 TEXT,
        last_modified        TEXT,
        body_hash            TEXT,
        last_attempt         TEXT,
        last_success         TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error           TEXT,
        baselined            INTEGER NOT NULL DEFAULT 0,
        created_at           TEXT NOT NULL
    );
    CREATE TABLE items (
        id          INTEGER PRIMARY KEY,
        source_id   INTEGER NOT NULL REFERENCES sources(id),
        section     TEXT NOT NULL,
        key         TEXT NOT NULL,
        match_key   TEXT NOT NULL,
        text        TEXT NOT NULL,
        html        TEXT NOT NULL,
        title       TEXT,
        date_text   TEXT,
        date        TEXT,
        links       TEXT NOT NULL,
        grp         TEXT,
        position    INTEGER NOT NULL,
        announced   INTEGER NOT NULL,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        removed_at  TEXT,
        UNIQUE (source_id, section, key)
    );
    CREATE INDEX items_by_source ON items (source_id, section);
    CREATE INDEX items_announced ON items (announced, first_seen);
    CREATE TABLE runs (
        id             INTEGER PRIMARY KEY,
        started_at     TEXT NOT NULL,
        finished_at    TEXT NOT NULL,
        sources_ok     INTEGER NOT NULL,
        sources_failed INTEGER NOT NULL,
        new_items      INTEGER NOT NULL,
        updated_items  INTEGER NOT NULL,
        removed_items  INTEGER NOT NULL
    );
    "#,
    // 2: status changes (preprint -> accepted) surface as entries of their own
    r#"
    ALTER TABLE items ADD COLUMN status_changed_at TEXT;
    ALTER TABLE items ADD COLUMN status_note TEXT;
    CREATE INDEX items_status ON items (status_changed_at) WHERE status_changed_at IS NOT NULL;
    "#,
    // 3: a live item is seen whenever its source is (`sources.last_success`);
    // keeping a per-item copy rewrote every item row on every unchanged
    // crawl, which was most of a warm run's cost and of the WAL's churn.
    r#"
    ALTER TABLE items DROP COLUMN last_seen;
    "#,
    // 4: the first crawl is legible: how many items a run stored silently
    // (baseline), and when each source was first read, with what was found
    // (the "Now following" entry).
    r#"
    ALTER TABLE runs ADD COLUMN baseline_items INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN followed_at TEXT;
    ALTER TABLE sources ADD COLUMN follow_summary TEXT;
    "#,
    // 5: a source's identity outlives its name. `ident` is what finds the
    // row (an explicit `id`, else the URL), `slug` what entry ids are built
    // from (fixed when the row is made, so a rename keeps every id), and
    // `active` whether the config still lists it (its items then stay out
    // of the feeds, and come back if it is listed again).
    r#"
    ALTER TABLE sources ADD COLUMN ident TEXT;
    ALTER TABLE sources ADD COLUMN slug TEXT;
    ALTER TABLE sources ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
    CREATE UNIQUE INDEX sources_by_ident ON sources (ident);
    "#,
    // 6: each read a feed or the index page makes is answered by an index
    // that holds just the rows it wants, and a baseline item (most rows:
    // what a first crawl stores silently) is in two indexes, not three, so
    // a cold run inserts less. Announced items, by date
    // (`items_announced`) and per source (`items_feed`); a
    // source's status changes (`items_status_by_source`); a source's live
    // items per section (`items_live`, which answers the counts alone:
    // SQLite counts an index as covering only if it holds the columns its
    // WHERE names, hence `removed_at`, always NULL there).
    // `items_by_source` was a prefix of the UNIQUE (source_id, section, key).
    r#"
    DROP INDEX items_by_source;
    DROP INDEX items_announced;
    CREATE INDEX items_announced ON items (first_seen) WHERE announced = 1;
    CREATE INDEX items_feed ON items (source_id, first_seen) WHERE announced = 1;
    CREATE INDEX items_status_by_source ON items (source_id, status_changed_at)
        WHERE status_changed_at IS NOT NULL;
    CREATE INDEX items_live ON items (source_id, section, removed_at) WHERE removed_at IS NULL;
    "#,
    // 7: a source's live item counts, kept by the sync that changes them
    // (items change nowhere else): the index page shows every source's,
    // and counting them from `items` cost a query per source (0.7 s a
    // publish with 100,000 sources, paid by every run of the daemon).
    r#"
    ALTER TABLE sources ADD COLUMN live_news INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN live_publications INTEGER NOT NULL DEFAULT 0;
    UPDATE sources SET
        live_news = (SELECT COUNT(*) FROM items INDEXED BY items_live
                     WHERE source_id = sources.id AND section = 'news' AND removed_at IS NULL),
        live_publications = (SELECT COUNT(*) FROM items INDEXED BY items_live
                     WHERE source_id = sources.id AND section = 'publications' AND removed_at IS NULL);
    "#,
];

/// Every table and column the code reads or writes, as of the last
/// migration; [`Store::check_schema`] holds the database to it.
const SCHEMA: [(&str, &[&str]); 4] = [
    ("meta", &["key", "value"]),
    (
        "sources",
        &[
            "id",
            "name",
            "url",
            "etag",
            "last_modified",
            "body_hash",
            "last_attempt",
            "last_success",
            "consecutive_failures",
            "last_error",
            "baselined",
            "created_at",
            "followed_at",
            "follow_summary",
            "ident",
            "slug",
            "active",
            "live_news",
            "live_publications",
        ],
    ),
    (
        "items",
        &[
            "id",
            "source_id",
            "section",
            "key",
            "match_key",
            "text",
            "html",
            "title",
            "date_text",
            "date",
            "links",
            "grp",
            "position",
            "announced",
            "first_seen",
            "updated_at",
            "removed_at",
            "status_changed_at",
            "status_note",
        ],
    ),
    (
        "runs",
        &[
            "id",
            "started_at",
            "finished_at",
            "sources_ok",
            "sources_failed",
            "new_items",
            "updated_items",
            "removed_items",
            "baseline_items",
        ],
    ),
];

/// Adds what to do to an error that says the database is read-only. The
/// usual cause once the file itself is writable again is a `-shm` or
/// `-wal` file left behind read-only (by another user, or a read-only
/// mount), which SQLite keeps using, so every run fails the same way.
fn explain_read_only(e: anyhow::Error, path: &Path) -> anyhow::Error {
    let read_only = e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
            == Some(rusqlite::ErrorCode::ReadOnly)
    });
    if !read_only {
        return e;
    }
    let p = path.display();
    e.context(format!(
        "{p} cannot be written: make {p}, {p}-wal, {p}-shm and their directory writable \
         by the user running scholarfeed; a read-only {p}-shm left behind keeps every run \
         failing even once {p} is writable: with no scholarfeed running, delete {p}-shm \
         (SQLite recreates it)"
    ))
}

/// The SQLite store: one connection, used from one thread at a time (rusqlite is synchronous; the pipeline lends it to a blocking thread).
pub struct Store {
    conn: Connection,
}

/// The page size of a store created by this release (see `Store::open`).
const PAGE_SIZE: i64 = 16 * 1024;

/// Prepared statements kept per connection (see [`Store::init`]).
const STATEMENT_CACHE: usize = 64;

/// How many run records the store keeps (see [`Store::record_run`]).
const RUNS_KEPT: i64 = 1000;

/// Formats a timestamp the one way the database stores it.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A stored time that does not parse: damage (or a hand edit), reported as
/// such rather than read as 1970, which would reorder feeds and backoffs
/// without a word.
#[derive(Debug, thiserror::Error)]
#[error("unreadable time {value:?} in column `{column}` (the database may be damaged)")]
pub struct BadTimestamp {
    /// Where the bad value is.
    pub column: &'static str,
    /// The value as stored.
    pub value: String,
}

fn parse_ts(s: &str, column: &'static str) -> Result<DateTime<Utc>, BadTimestamp> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| BadTimestamp {
            column,
            value: s.to_string(),
        })
}

/// Column `i` of a row as a time; see [`BadTimestamp`].
fn ts_col(
    r: &rusqlite::Row<'_>,
    i: usize,
    column: &'static str,
) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = r.get(i)?;
    parse_ts(&s, column).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_ts_col(
    r: &rusqlite::Row<'_>,
    i: usize,
    column: &'static str,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => ts_col(r, i, column).map(Some),
    }
}

/// A source's row: its validators and health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// Row id.
    pub id: i64,
    /// The config name it was last crawled under.
    pub name: String,
    /// The URL it was last crawled at.
    pub url: String,
    /// ETag and Last-Modified from the last 200.
    pub validators: Validators,
    /// Hash of the last body, so identical bytes skip extraction.
    pub body_hash: Option<String>,
    /// The last crawl, whatever its result.
    pub last_attempt: Option<DateTime<Utc>>,
    /// The last crawl that ended well (a 304 counts).
    pub last_success: Option<DateTime<Utc>>,
    /// Drives the daemon's backoff; reset by a success.
    pub consecutive_failures: u32,
    /// The last failure or warning, as shown in `status`.
    pub last_error: Option<String>,
    /// Its first crawl has been stored (so later items are news).
    pub baselined: bool,
}

/// Every source row, found by identity or by name (see
/// [`Store::sources_by_ident_and_name`]).
#[derive(Debug, Default)]
pub struct SourceRows {
    records: Vec<(SourceRecord, (usize, usize))>,
    by_ident: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl SourceRows {
    /// The row of a configured source as [`Store::find_source`] finds it
    /// (by identity, else by name), with its live (news, publications)
    /// counts as [`Store::live_counts`] gives them.
    pub fn find(&self, name: &str, ident: &str) -> Option<&(SourceRecord, (usize, usize))> {
        self.by_ident
            .get(ident)
            .or_else(|| self.by_name.get(name))
            .map(|&k| &self.records[k])
    }
}

/// How a source is doing: the one reading of its health row that `status`
/// and the index page both show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// Configured, not yet crawled.
    NeverCrawled,
    /// The last crawl succeeded with nothing to warn about.
    Ok,
    /// Crawled, but something is off (nothing found, a suspect crawl kept out).
    Warning(String),
    /// The last `attempts` crawls failed.
    Failing {
        /// Consecutive failed crawls.
        attempts: u32,
        /// The latest failure.
        error: String,
    },
}

impl SourceRecord {
    /// The record as [`Store::ensure_source`] leaves it for `url`: when the
    /// URL changed, its health and validators start afresh.
    pub fn with_url(self, url: &str) -> SourceRecord {
        if self.url == url {
            return self;
        }
        SourceRecord {
            url: url.to_string(),
            validators: Validators::default(),
            body_hash: None,
            last_attempt: None,
            last_success: None,
            consecutive_failures: 0,
            last_error: None,
            ..self
        }
    }

    /// Failing beats a warning, which beats never crawled.
    pub fn health(&self) -> Health {
        if self.consecutive_failures > 0 {
            Health::Failing {
                attempts: self.consecutive_failures,
                error: self
                    .last_error
                    .clone()
                    .unwrap_or_else(|| "unknown error".into()),
            }
        } else if let Some(w) = &self.last_error {
            Health::Warning(w.clone())
        } else if self.last_success.is_none() {
            Health::NeverCrawled
        } else {
            Health::Ok
        }
    }
}

/// An item as stored, with what publishing and status need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    /// Row id.
    pub id: i64,
    /// The source's config name.
    pub source_name: String,
    /// The source's stable slug (see migration 5), for entry ids.
    pub source_slug: String,
    /// Its homepage.
    pub source_url: String,
    /// Which section it was found in.
    pub section: SectionKind,
    /// Stable identity within the source and section (survives reordering and small edits).
    pub key: String,
    /// The item's text, whitespace collapsed.
    pub text: String,
    /// Sanitised markup, absolute links.
    pub html: String,
    /// A publication's title, when one was found.
    pub title: Option<String>,
    /// The date label as written.
    pub date_text: Option<String>,
    /// The label read as a date.
    pub date: Option<PartialDate>,
    /// Absolute http(s) links, in page order, deduplicated.
    pub links: Vec<String>,
    /// The subheading it sits under ("2024", "Preprints").
    pub group: Option<String>,
    /// Where the item is in its section on the page (0 first).
    pub position: usize,
    /// In the feeds (false for baseline items).
    pub announced: bool,
    /// The run that first found it: the entry's published date.
    pub first_seen: DateTime<Utc>,
    /// The run that last changed its text.
    pub updated_at: DateTime<Utc>,
    /// When it left the page; removed items leave the feeds.
    pub removed_at: Option<DateTime<Utc>>,
    /// When the item last went from pending (preprint, submitted) to
    /// accepted, and a note saying so; see `status`.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// "accepted at …", shown with the entry.
    pub status_note: Option<String>,
}

#[cfg(test)]
impl StoredItem {
    /// A live, announced news item of source "A" with `text`, for the
    /// publishing tests (one fixture instead of a copy per test).
    pub(crate) fn news_fixture(text: &str, date_text: Option<&str>) -> StoredItem {
        StoredItem {
            id: 1,
            source_name: "A".into(),
            source_slug: "a".into(),
            source_url: "https://a.org/".into(),
            section: SectionKind::News,
            key: "k".into(),
            text: text.into(),
            html: String::new(),
            title: None,
            date_text: date_text.map(Into::into),
            date: None,
            links: vec![],
            group: None,
            position: 0,
            announced: true,
            first_seen: DateTime::default(),
            updated_at: DateTime::default(),
            removed_at: None,
            status_changed_at: None,
            status_note: None,
        }
    }
}

/// Totals of one run, recorded for `status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunRecord {
    /// The run's `now`.
    pub started_at: DateTime<Utc>,
    /// When it was recorded.
    pub finished_at: DateTime<Utc>,
    /// Sources crawled without failure.
    pub sources_ok: usize,
    /// Sources that failed.
    pub sources_failed: usize,
    /// Items announced as new.
    pub new_items: usize,
    /// Items whose text changed.
    pub updated_items: usize,
    /// Items gone from their pages.
    pub removed_items: usize,
    /// Items stored silently by first crawls (`on_first_crawl = baseline`).
    pub baseline_items: usize,
}

/// What the first crawl of a source found: the "Now following" entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    /// The source's config name.
    pub source_name: String,
    /// Its slug, for the entry id.
    pub source_slug: String,
    /// Its homepage.
    pub source_url: String,
    /// When the first crawl happened.
    pub at: DateTime<Utc>,
    /// What it found.
    pub summary: FollowSummary,
}

/// The counts and section headings of a source's first crawl, kept as JSON
/// in `sources.follow_summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FollowSummary {
    /// News items found.
    pub news: usize,
    /// Publications found.
    pub publications: usize,
    /// Each section found, in page order.
    pub sections: Vec<FoundSection>,
    /// Whether the items were announced (`on_first_crawl = publish`) or
    /// only stored.
    pub announced: bool,
}

/// A section of a first crawl, for the "Now following" entry's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FoundSection {
    /// News or publications.
    pub kind: SectionKind,
    /// As written on the page.
    pub heading: String,
    /// How many items it held.
    pub items: usize,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let opened = || -> Result<Self> {
            let conn = Connection::open(path)
                .with_context(|| format!("cannot open database {}", path.display()))?;
            conn.busy_timeout(Duration::from_secs(30))?;
            // A new store only (an existing one keeps its page size): an
            // item's row is 1.4 KB on average and a source's items are
            // written together, so 16 KiB pages take a source's sync in a
            // quarter of the writes. A cold run of 1,000 pages: 74,800 ->
            // 31,200 pwrite calls, 16,700 -> 3,700 preads, a 56 MB store
            // instead of 64 MB (BENCHMARKS.md).
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
            conn.pragma_update(None, "journal_mode", "WAL")
                .with_context(|| format!("cannot enable WAL on {}", path.display()))?;
            Self::init(conn, now).with_context(|| format!("database {}", path.display()))
        };
        opened().map_err(|e| explain_read_only(e, path))
    }

    /// Copies the database at `from` to `to` (which must not exist) without
    /// writing to `from`, not even a migration: a consistent snapshot for
    /// `aggregate --dry-run`.
    pub fn copy_database(from: &Path, to: &Path) -> Result<()> {
        use rusqlite::OpenFlags;
        // A read-only open of a WAL database still creates its -shm and
        // -wal files. With no write-ahead log left behind (the last writer
        // checkpointed it on close), the file is the whole database and can
        // be read as immutable, touching nothing; the caller holds the run
        // lock, so no writer starts meanwhile. A log left by a crash holds
        // committed transactions, so then it is read the ordinary way.
        let mut wal = from.as_os_str().to_os_string();
        wal.push("-wal");
        let quiet = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
        let absolute = std::path::absolute(from).unwrap_or_else(|_| from.to_path_buf());
        let conn = match url::Url::from_file_path(&absolute) {
            Ok(u) if quiet => Connection::open_with_flags(
                format!("{u}?immutable=1"),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            ),
            _ => Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY),
        }
        .with_context(|| format!("cannot open database {}", from.display()))?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let target = to
            .to_str()
            .with_context(|| format!("{} is not UTF-8", to.display()))?;
        conn.execute("VACUUM INTO ?1", [target])
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        Ok(())
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory(now: DateTime<Utc>) -> Result<Self> {
        Self::init(Connection::open_in_memory()?, now)
    }

    /// A stand-in with no database behind it (an empty in-memory one, so
    /// every query fails with "no such table"). The pipeline leaves it in
    /// its caller's `&mut Store` while the real store is on a blocking
    /// thread: only an owned store can move there.
    pub(crate) fn vacant() -> Result<Self> {
        Ok(Store {
            conn: Connection::open_in_memory()?,
        })
    }

    fn init(conn: Connection, now: DateTime<Utc>) -> Result<Self> {
        // A run uses about 35 distinct statements (sources, sync, feed
        // windows, index page); rusqlite's default cache holds 16, so
        // each phase of a run evicted the statements of the last.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // NORMAL is durable across application crashes in WAL mode; only an OS
        // crash can lose the last transaction, which the next crawl redoes.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // SQLite's default page cache is 2 MiB. A run touches each page
        // of a source's items about once, so a smaller one reads little
        // more (from the OS's cache): a cold run of 1,000 pages peaked
        // 1.5 MiB lower, and cold and warm runs over 10,000 sources took
        // the same CPU.
        conn.pragma_update(None, "cache_size", -512)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn };
        store.migrate()?;
        store.check_schema()?;
        store.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?1)",
            [ts(now)],
        )?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: usize = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > MIGRATIONS.len() {
            anyhow::bail!(
                "schema version {version} is newer than this scholarfeed understands ({}); upgrade scholarfeed",
                MIGRATIONS.len()
            );
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)
                .with_context(|| format!("migration {}", i + 1))?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Checks that every table and column the code uses is there. A dropped
    /// or altered table otherwise goes unnoticed on runs that do not touch
    /// it (an unchanged run reads no items), and surfaces later as a
    /// confusing failure half-way through a run.
    fn check_schema(&self) -> Result<()> {
        for (table, columns) in SCHEMA {
            let sql = format!("SELECT {} FROM {table} LIMIT 0", columns.join(", "));
            self.conn.prepare(&sql).map_err(|e| {
                anyhow::anyhow!(
                    "the database is damaged: table `{table}` is missing or incomplete ({e}); \
                     restore a backup, or move the file away to start afresh"
                )
            })?;
        }
        Ok(())
    }

    /// When the database was created: the `updated` of an empty feed, so
    /// that an empty feed is byte-identical from run to run.
    pub fn created_at(&self) -> Result<DateTime<Utc>> {
        let s: String =
            self.conn
                .query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| {
                    r.get(0)
                })?;
        Ok(parse_ts(&s, "meta.created_at")?)
    }

    /// The fingerprint of the last publish that put every file in place
    /// (see `pipeline`), or `None` while a publish is owed: cleared before
    /// a run changes anything the feeds show, set only after all files are
    /// written, so a failed or killed publish is redone by the next run.
    pub fn published(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'published'", [], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Records (`Some`) or clears (`None`) the last complete publish.
    pub fn set_published(&self, fingerprint: Option<&str>) -> Result<()> {
        match fingerprint {
            Some(f) => self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('published', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [f],
            )?,
            None => self
                .conn
                .execute("DELETE FROM meta WHERE key = 'published'", [])?,
        };
        Ok(())
    }

    /// [`Store::ensure_source`] for every configured source, `[name, url,
    /// ident, slug]` each, in order. One read of the table answers when
    /// every row already says what the config says (the same identity,
    /// name and URL, a slug, active, and no other row active): the daemon's
    /// every run and every crawl of an unchanged config, where a hundred
    /// thousand sources took nine statements each (1.5 s a run). Otherwise
    /// each source goes through `ensure_source`, in order, since one
    /// source's rename can change another's row. Errors are per source.
    /// The flag says the rows were already as configured: then no other
    /// source is active either, and there is nothing to retire.
    pub fn ensure_sources(
        &mut self,
        wanted: &[[String; 4]],
        now: DateTime<Utc>,
    ) -> (Vec<std::result::Result<SourceRecord, String>>, bool) {
        if let Ok(Some(rows)) = self.sources_as_configured(wanted) {
            return (rows.into_iter().map(Ok).collect(), true);
        }
        // One transaction for them all: committing each new row on its own
        // took 47 µs a source, the first 47 ms of a cold run over 1,000
        // (nothing is fetched before the rows exist), 4.7 s over 100,000.
        // Each source's own changes are a savepoint inside it, so an error
        // still undoes only that source's.
        let batched = self.conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        let mut records: Vec<std::result::Result<SourceRecord, String>> = wanted
            .iter()
            .map(|[name, url, ident, slug]| {
                self.ensure_source(name, url, ident, slug, now)
                    .map_err(|e| format!("store error: {e:#}"))
            })
            .collect();
        if batched && let Err(e) = self.conn.execute_batch("COMMIT") {
            let _ = self.conn.execute_batch("ROLLBACK");
            let error = format!("store error: cannot record the configured sources: {e}");
            records.iter_mut().for_each(|r| *r = Err(error.clone()));
        }
        (records, false)
    }

    /// Every configured source's row, read in one query, if every row is
    /// already as configured and no other source is active; `None` if any
    /// is not.
    fn sources_as_configured(&self, wanted: &[[String; 4]]) -> Result<Option<Vec<SourceRecord>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SOURCE_COLUMNS}, ident, slug, active FROM sources WHERE active = 1 OR ident IN
                 (SELECT value FROM json_each(?1))"
        ))?;
        let idents: Vec<&str> = wanted
            .iter()
            .map(|[_, _, ident, _]| ident.as_str())
            .collect();
        let mut by_ident: HashMap<String, (SourceRecord, Option<String>, bool)> = HashMap::new();
        let mut active = 0;
        for row in stmt.query_map([serde_json::to_string(&idents)?], |r| {
            Ok((
                source_from_row(r)?,
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<String>>(12)?,
                r.get::<_, bool>(13)?,
            ))
        })? {
            let (record, ident, slug, is_active) = row?;
            active += usize::from(is_active);
            if let Some(ident) = ident {
                by_ident.insert(ident, (record, slug, is_active));
            }
        }
        if active != wanted.len() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(wanted.len());
        // The slug is fixed when the row is made (a rename keeps it): set is enough.
        for [name, url, ident, _] in wanted {
            match by_ident.remove(ident) {
                Some((r, Some(_), true)) if r.name == *name && r.url == *url => out.push(r),
                _ => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    /// Every source row with its identity and live counts, by identity and
    /// by name, in one query: what the index page shows for each configured
    /// source, which looked up one by one cost three queries a source.
    pub fn sources_by_ident_and_name(&self) -> Result<SourceRows> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SOURCE_COLUMNS}, ident, live_news, live_publications FROM sources"
        ))?;
        let mut rows = SourceRows::default();
        for row in stmt.query_map([], |r| {
            Ok((
                source_from_row(r)?,
                r.get::<_, Option<String>>(11)?,
                (r.get::<_, usize>(12)?, r.get::<_, usize>(13)?),
            ))
        })? {
            let (record, ident, counts) = row?;
            let k = rows.records.len();
            if let Some(ident) = ident {
                rows.by_ident.insert(ident, k);
            }
            rows.by_name.insert(record.name.clone(), k);
            rows.records.push((record, counts));
        }
        Ok(rows)
    }

    /// Finds or creates the row for a configured source and marks it active.
    ///
    /// A source is found by its identity (`ident`: its explicit `id`, else
    /// its URL), then by its name: so renaming a source renames its row
    /// (keeping its items, health and entry ids, no new baseline), and
    /// changing its URL keeps its items but starts its health and HTTP
    /// validators afresh, since they described the old URL. Only changing
    /// the name and the URL at once (without an `id`) makes a new source.
    pub fn ensure_source(
        &mut self,
        name: &str,
        url: &str,
        ident: &str,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<SourceRecord> {
        let by_ident = self.row_id("ident = ?1", ident)?;
        let by_name = self.row_id("name = ?1", name)?;
        let Some(id) = by_ident.or(by_name) else {
            self.conn
                .prepare_cached(
                    "INSERT INTO sources (name, url, created_at, ident, slug) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![name, url, ts(now), ident, slug])?;
            return self.source(name)?.context("source row vanished");
        };
        // A savepoint, not a transaction: `ensure_sources` runs this inside
        // its own.
        let tx = self.conn.savepoint()?;
        if let (Some(a), Some(b)) = (by_ident, by_name)
            && a != b
        {
            // The name now belongs to the source found by identity; the row
            // that had it is no longer configured under it. It keeps its
            // identity (two sources may have swapped names) and its history
            // under a name that says so, until its own source renames it.
            tx.prepare_cached(
                "UPDATE sources SET name = name || ' (before #' || id || ')' WHERE id = ?1",
            )?
            .execute([b])?;
        }
        // Every statement is guarded by what it changes, so a source that
        // is already as configured writes nothing.
        tx.prepare_cached("UPDATE sources SET name = ?2 WHERE id = ?1 AND name IS NOT ?2")?
            .execute(params![id, name])?;
        tx.prepare_cached(
            "UPDATE sources SET url = ?2, etag = NULL, last_modified = NULL, body_hash = NULL,
                    last_attempt = NULL, last_success = NULL, consecutive_failures = 0, last_error = NULL
             WHERE id = ?1 AND url IS NOT ?2",
        )?
        .execute(params![id, url])?;
        tx.prepare_cached(
            "UPDATE sources SET ident = ?2 WHERE id = ?1 AND ident IS NOT ?2 AND NOT EXISTS
                 (SELECT 1 FROM sources o WHERE o.ident = ?2 AND o.id <> ?1)",
        )?
        .execute(params![id, ident])?;
        tx.prepare_cached("UPDATE sources SET slug = ?2 WHERE id = ?1 AND slug IS NULL")?
            .execute(params![id, slug])?;
        tx.prepare_cached("UPDATE sources SET active = 1 WHERE id = ?1 AND active = 0")?
            .execute([id])?;
        tx.commit()?;
        self.source(name)?.context("source row vanished")
    }

    fn row_id(&self, condition: &str, value: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT id FROM sources WHERE {condition}"))?
            .query_row([value], |r| r.get(0))
            .optional()?)
    }

    /// Marks every source not in `keep` (row ids) as no longer configured,
    /// so the feeds leave it out; returns how many were. Nothing is deleted.
    pub fn retire_sources_except(&mut self, keep: &[i64]) -> Result<usize> {
        let keep = serde_json::to_string(keep)?;
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE sources SET active = 0
                 WHERE active = 1 AND id NOT IN (SELECT value FROM json_each(?1))",
            )?
            .execute([keep])?)
    }

    /// A configured source's row without creating or changing it (for
    /// `status`): by identity, else by name.
    pub fn find_source(&self, name: &str, ident: &str) -> Result<Option<SourceRecord>> {
        match self.row_id("ident = ?1", ident)? {
            Some(id) => Ok(self
                .conn
                .prepare_cached(&format!("{SOURCE_SELECT} WHERE id = ?1"))?
                .query_row([id], source_from_row)
                .optional()?),
            None => self.source(name),
        }
    }

    /// The row of the source configured as `name`, if it was ever crawled.
    pub fn source(&self, name: &str) -> Result<Option<SourceRecord>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SOURCE_SELECT} WHERE name = ?1"))?
            .query_row([name], source_from_row)
            .optional()?)
    }

    /// Every source row, by name.
    pub fn sources(&self) -> Result<Vec<SourceRecord>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SOURCE_SELECT} ORDER BY name"))?;
        let rows = stmt.query_map([], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a failed attempt. Stored items are untouched: a failure is
    /// never evidence that items were removed.
    pub fn record_failure(
        &mut self,
        source_id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE sources SET last_attempt = ?2, last_error = ?3,
                        consecutive_failures = consecutive_failures + 1
                 WHERE id = ?1",
            )?
            .execute(params![source_id, ts(now), error])?;
        Ok(())
    }

    /// Records a fetch that needed no extraction (304, or a body identical
    /// to the last one): the items are as they were, so only the source's
    /// row changes. A warning about the page's content ("no section
    /// found") still holds for the same page, so only a failure's error is
    /// cleared.
    pub fn record_unchanged(
        &mut self,
        source_id: i64,
        validators: Option<&Validators>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // One statement, so no explicit transaction.
        record_unchanged(&self.conn, source_id, validators, now)
    }

    /// [`Store::record_unchanged`] for many sources in one transaction:
    /// a warm run's thousand unchanged sources were a thousand commits,
    /// each a WAL frame of the same `sources` page and a lock round trip.
    pub fn record_unchanged_all(
        &mut self,
        crawls: &[(i64, Option<Validators>)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, validators) in crawls {
            record_unchanged(&tx, *id, validators.as_ref(), now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a run, keeping the newest thousand: only the last is
    /// read (by `status`), and a daemon on a short schedule makes thousands
    /// a day.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO runs (started_at, finished_at, sources_ok, sources_failed, new_items, updated_items, removed_items, baseline_items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                ts(run.started_at),
                ts(run.finished_at),
                run.sources_ok,
                run.sources_failed,
                run.new_items,
                run.updated_items,
                run.removed_items,
                run.baseline_items
            ],
        )?;
        tx.execute(
            "DELETE FROM runs WHERE id <= last_insert_rowid() - ?1",
            [RUNS_KEPT],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The newest recorded run, for `status`.
    pub fn last_run(&self) -> Result<Option<RunRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT started_at, finished_at, sources_ok, sources_failed, new_items, updated_items, removed_items,
                        baseline_items
                 FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(RunRecord {
                        started_at: ts_col(r, 0, "runs.started_at")?,
                        finished_at: ts_col(r, 1, "runs.finished_at")?,
                        sources_ok: r.get(2)?,
                        sources_failed: r.get(3)?,
                        new_items: r.get(4)?,
                        updated_items: r.get(5)?,
                        removed_items: r.get(6)?,
                        baseline_items: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Announced items, newest first, optionally of one source and/or
    /// section: what the feeds are made of. `limit` bounds the window.
    pub fn announced(
        &self,
        source: Option<&str>,
        section: Option<SectionKind>,
        limit: usize,
    ) -> Result<Vec<StoredItem>> {
        self.items_where(Window::Announced, source, section, limit)
    }

    /// Items whose status changed (see `status`), newest change first: each
    /// is published as an entry of its own.
    pub fn status_changes(
        &self,
        source: Option<&str>,
        section: Option<SectionKind>,
        limit: usize,
    ) -> Result<Vec<StoredItem>> {
        self.items_where(Window::StatusChanged, source, section, limit)
    }

    fn items_where(
        &self,
        window: Window,
        source: Option<&str>,
        section: Option<SectionKind>,
        limit: usize,
    ) -> Result<Vec<StoredItem>> {
        let (sql, args) = window.query(source, section, limit);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Live (not removed) items of a source, in page order.
    pub fn live_items(&self, source: &str) -> Result<Vec<StoredItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{}
             WHERE s.name = ?1 AND i.removed_at IS NULL
             ORDER BY i.section, i.position",
            item_select(None)
        ))?;
        let rows = stmt.query_map([source], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every item of a source ever seen, removed ones included, in page order.
    pub fn all_items(&self, source: &str) -> Result<Vec<StoredItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{}
             WHERE s.name = ?1
             ORDER BY i.section, i.removed_at IS NOT NULL, i.position",
            item_select(None)
        ))?;
        let rows = stmt.query_map([source], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The "Now following" record of each of `names` that has one, newest first.
    pub fn followings(&self, names: &[&str]) -> Result<Vec<Following>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, url, followed_at, follow_summary, COALESCE(slug, '') FROM sources
             WHERE name = ?1 AND followed_at IS NOT NULL AND active = 1",
        )?;
        let mut out = Vec::new();
        for name in names {
            let row = stmt
                .query_row([name], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })
                .optional()?;
            if let Some((source_name, source_url, at, summary, source_slug)) = row {
                out.push(Following {
                    source_name,
                    source_slug,
                    source_url,
                    at: parse_ts(&at, "followed_at")?,
                    summary: summary
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or_default(),
                });
            }
        }
        out.sort_by(|a, b| {
            b.at.cmp(&a.at)
                .then_with(|| a.source_name.cmp(&b.source_name))
        });
        Ok(out)
    }

    /// How many rows this connection has inserted, updated or deleted so
    /// far: whether a step wrote anything is the difference around it.
    pub fn writes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// Counts of live items per section for one source.
    pub fn live_counts(&self, source_id: i64) -> Result<(usize, usize)> {
        live_counts(&self.conn, source_id)
    }
}

/// Live (news, publications) counts of a source; also run inside a sync's
/// transaction (a `Transaction` derefs to its `Connection`).
fn live_counts(conn: &Connection, source_id: i64) -> Result<(usize, usize)> {
    let mut stmt = conn.prepare_cached(
        "SELECT section, COUNT(*) FROM items INDEXED BY items_live
         WHERE source_id = ?1 AND removed_at IS NULL GROUP BY section",
    )?;
    let mut counts = (0, 0);
    for row in stmt.query_map([source_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, usize>(1)?))
    })? {
        let (section, n) = row?;
        match SectionKind::parse(&section) {
            Some(SectionKind::News) => counts.0 = n,
            Some(SectionKind::Publications) => counts.1 = n,
            None => {}
        }
    }
    Ok(counts)
}

/// The two kinds of rows feeds are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    /// Announced items, by when they were first seen.
    Announced,
    /// Items whose status changed, by when it changed.
    StatusChanged,
}

impl Window {
    /// One query per filter combination, each pinned with `INDEXED BY` to
    /// the index its filter needs: for one source, the window's index led
    /// by the source (so only its announced or status-changed rows are
    /// read, not all it ever had), otherwise the window's own (over its
    /// condition, in date order). Left
    /// to itself, without ANALYZE statistics, the planner took a full scan
    /// for the merged status-change query (76 ms per run at a million
    /// items), and a catch-all `(?1 IS NULL OR ...)` form made publishing
    /// 1,000 per-source feeds quadratic. A pinned index that stops fitting
    /// its query is an error at prepare time, which the tests catch.
    fn query(
        self,
        source: Option<&str>,
        section: Option<SectionKind>,
        limit: usize,
    ) -> (String, Vec<rusqlite::types::Value>) {
        let (condition, newest, [merged, one_source]) = match self {
            Window::Announced => (
                "i.announced = 1",
                "i.first_seen",
                ["items_announced", "items_feed"],
            ),
            Window::StatusChanged => (
                "i.status_changed_at IS NOT NULL",
                "i.status_changed_at",
                ["items_status", "items_status_by_source"],
            ),
        };
        let index = if source.is_some() { one_source } else { merged };
        let mut sql = format!(
            "{} WHERE {condition} AND s.active = 1",
            item_select(Some(index))
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(name) = source {
            args.push(name.to_string().into());
            sql.push_str(&format!(
                " AND i.source_id = (SELECT id FROM sources WHERE name = ?{})",
                args.len()
            ));
        }
        if let Some(kind) = section {
            args.push(kind.as_str().to_string().into());
            sql.push_str(&format!(" AND i.section = ?{}", args.len()));
        }
        // The limit is written into the text, not bound: SQLite reads a
        // bound LIMIT while planning, so every new binding expired the
        // cached statement and each of the 2,000 per-source queries of a
        // publish was parsed and planned again (62% of their time). There
        // are only two limits (`max_entries` and twice that).
        sql.push_str(&format!(
            " ORDER BY {newest} DESC, s.name, i.section, i.position, i.id LIMIT {}",
            i64::try_from(limit).unwrap_or(i64::MAX)
        ));
        (sql, args)
    }
}

/// The `SELECT ... FROM` that [`item_from_row`] reads, over `items i`
/// (through `index` if given) joined to `sources s`.
fn item_select(index: Option<&str>) -> String {
    let indexed_by = index.map_or(String::new(), |i| format!(" INDEXED BY {i}"));
    format!(
        "SELECT i.id, s.name, s.url, i.section, i.key, i.text, i.html, i.title, i.date_text, i.date,
                i.links, i.grp, i.announced, i.first_seen, i.updated_at, i.removed_at,
                i.status_changed_at, i.status_note, COALESCE(s.slug, ''), i.position
         FROM items i{indexed_by} JOIN sources s ON s.id = i.source_id"
    )
}

/// What [`source_from_row`] reads.
/// The row write of [`Store::record_unchanged`]. Validators are kept
/// unless the server sent new ones. A failure's error is cleared; a
/// warning about the page ("no News or Publications section found") still
/// holds for the same bytes, so it stays, and the index shows the same
/// thing whether or not the body was extracted again.
fn record_unchanged(
    conn: &Connection,
    source_id: i64,
    validators: Option<&Validators>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (etag, last_modified) = validators.map_or((None, None), |v| {
        (v.etag.as_deref(), v.last_modified.as_deref())
    });
    conn.prepare_cached(
        "UPDATE sources SET last_attempt = ?2, last_success = ?2, consecutive_failures = 0,
                last_error = CASE WHEN consecutive_failures > 0 THEN NULL ELSE last_error END,
                etag = CASE WHEN ?3 THEN ?4 ELSE etag END,
                last_modified = CASE WHEN ?3 THEN ?5 ELSE last_modified END
         WHERE id = ?1",
    )?
    .execute(params![
        source_id,
        ts(now),
        validators.is_some(),
        etag,
        last_modified
    ])?;
    Ok(())
}

/// The columns [`source_from_row`] reads, in its order (a macro, so that
/// [`SOURCE_SELECT`] can be built from it at compile time).
macro_rules! source_columns {
    () => {
        "SELECT id, name, url, etag, last_modified, body_hash, last_attempt, last_success,
        consecutive_failures, last_error, baselined"
    };
}
const SOURCE_COLUMNS: &str = source_columns!();
const SOURCE_SELECT: &str = concat!(source_columns!(), " FROM sources");

fn source_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SourceRecord> {
    Ok(SourceRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        validators: Validators {
            etag: r.get(3)?,
            last_modified: r.get(4)?,
        },
        body_hash: r.get(5)?,
        last_attempt: opt_ts_col(r, 6, "sources.last_attempt")?,
        last_success: opt_ts_col(r, 7, "sources.last_success")?,
        consecutive_failures: r.get(8)?,
        last_error: r.get(9)?,
        baselined: r.get(10)?,
    })
}

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredItem> {
    let section: String = r.get(3)?;
    let links: String = r.get(10)?;
    Ok(StoredItem {
        id: r.get(0)?,
        source_name: r.get(1)?,
        source_url: r.get(2)?,
        section: SectionKind::parse(&section).unwrap_or(SectionKind::News),
        key: r.get(4)?,
        text: r.get(5)?,
        html: r.get(6)?,
        title: r.get(7)?,
        date_text: r.get(8)?,
        date: r
            .get::<_, Option<String>>(9)?
            .as_deref()
            .and_then(PartialDate::parse_canonical),
        links: serde_json::from_str(&links).unwrap_or_default(),
        group: r.get(11)?,
        announced: r.get(12)?,
        first_seen: ts_col(r, 13, "items.first_seen")?,
        updated_at: ts_col(r, 14, "items.updated_at")?,
        removed_at: opt_ts_col(r, 15, "items.removed_at")?,
        status_changed_at: opt_ts_col(r, 16, "items.status_changed_at")?,
        status_note: r.get(17)?,
        source_slug: r.get(18)?,
        position: r.get(19)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-01T{h:02}:00:00Z"))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn an_unchanged_crawl_clears_failures_and_keeps_validators_unless_replaced() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let s = ensure(&mut store, "a", "https://a.example/", t(0));
        store.record_failure(s.id, "HTTP 500", t(1)).unwrap();
        let v1 = Validators {
            etag: Some("\"1\"".into()),
            last_modified: Some("Sun, 01 Mar 2026 02:00:00 GMT".into()),
        };
        store.record_unchanged(s.id, Some(&v1), t(2)).unwrap();
        let r = store.source("a").unwrap().unwrap();
        assert_eq!((r.consecutive_failures, r.last_error), (0, None));
        assert_eq!((r.last_attempt, r.last_success), (Some(t(2)), Some(t(2))));
        assert_eq!(r.validators, v1);
        // A 304 without validators keeps the ones we have.
        store.record_unchanged(s.id, None, t(3)).unwrap();
        let r = store.source("a").unwrap().unwrap();
        assert_eq!((r.last_success, &r.validators), (Some(t(3)), &v1));
    }

    /// Regression: the second crawl of an unchanged page where nothing was
    /// found showed "ok" (and rewrote index.html), though the page was as
    /// unreadable as before.
    #[test]
    fn an_unchanged_page_keeps_its_warning() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let s = ensure(&mut store, "a", "https://a.example/", t(0));
        let empty = crate::model::ExtractedPage {
            url: s.url.clone(),
            format: crate::model::Format::Html,
            sections: vec![],
            unrecognised: vec![],
        };
        store
            .sync_source(
                &s,
                &empty,
                &Validators::default(),
                "h",
                SyncMode::for_crawl(s.baselined, false, false),
                t(1),
            )
            .unwrap();
        let warned = store.source("a").unwrap().unwrap().health();
        assert!(matches!(warned, Health::Warning(_)), "{warned:?}");
        store.record_unchanged(s.id, None, t(2)).unwrap();
        assert_eq!(store.source("a").unwrap().unwrap().health(), warned);
    }

    #[test]
    fn only_the_newest_runs_are_kept() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let total = RUNS_KEPT + 5;
        for i in 0..total {
            let at = t(0) + chrono::Duration::seconds(i);
            store
                .record_run(&RunRecord {
                    started_at: at,
                    finished_at: at,
                    sources_ok: usize::try_from(i).unwrap(),
                    sources_failed: 0,
                    new_items: 0,
                    updated_items: 0,
                    removed_items: 0,
                    baseline_items: 0,
                })
                .unwrap();
        }
        let kept: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, RUNS_KEPT);
        let last = store.last_run().unwrap().unwrap();
        assert_eq!(last.sources_ok, usize::try_from(total - 1).unwrap());
    }

    fn wanted(sources: &[(&str, &str)]) -> Vec<[String; 4]> {
        sources
            .iter()
            .map(|(name, url)| {
                [
                    (*name).to_string(),
                    (*url).to_string(),
                    format!("url:{url}"),
                    crate::config::slugify(name),
                ]
            })
            .collect()
    }

    /// All the sources' rows are made and updated in one transaction; a
    /// source whose update fails is undone alone, and the rest are kept.
    #[test]
    fn ensure_sources_undoes_only_the_source_that_fails() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let first = wanted(&[("a", "https://a.example/"), ("b", "https://b.example/")]);
        assert!(
            store
                .ensure_sources(&first, t(0))
                .0
                .iter()
                .all(Result::is_ok)
        );
        store
            .conn
            .execute_batch(
                "CREATE TRIGGER refuse_b BEFORE UPDATE ON sources WHEN OLD.name = 'b'
                 BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
            )
            .unwrap();
        let moved = wanted(&[
            ("a", "https://a2.example/"),
            ("b", "https://b2.example/"),
            ("c", "https://c.example/"),
        ]);
        let (rows, _) = store.ensure_sources(&moved, t(1));
        assert_eq!(rows[0].as_ref().unwrap().url, "https://a2.example/");
        let refused = rows[1].as_ref().unwrap_err();
        assert!(refused.contains("disk says no"), "{refused}");
        assert!(rows[2].is_ok());
        assert!(store.conn.is_autocommit(), "the transaction was committed");
        let url = |name: &str| store.source(name).unwrap().map(|r| r.url);
        assert_eq!(url("a").as_deref(), Some("https://a2.example/"));
        assert_eq!(url("b").as_deref(), Some("https://b.example/"), "undone");
        assert_eq!(url("c").as_deref(), Some("https://c.example/"));
    }

    /// The one-read path of `ensure_sources` answers only when every row is
    /// as configured, and then exactly as the statement-by-statement path.
    #[test]
    fn ensure_sources_reads_once_only_when_nothing_is_to_change() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let both = wanted(&[("a", "https://a.example/"), ("b", "https://b.example/")]);
        let (first, as_configured) = store.ensure_sources(&both, t(0));
        assert!(!as_configured, "new rows were made");
        let (again, as_configured) = store.ensure_sources(&both, t(1));
        assert!(as_configured);
        let ids = |rs: &[std::result::Result<SourceRecord, String>]| -> Vec<(i64, String)> {
            rs.iter()
                .map(|r| r.as_ref().map(|r| (r.id, r.name.clone())).unwrap())
                .collect()
        };
        assert_eq!(ids(&first), ids(&again));
        // A rename, a new URL, a source left out: each goes the long way.
        for changed in [
            wanted(&[("a2", "https://a.example/"), ("b", "https://b.example/")]),
            wanted(&[("a2", "https://a2.example/"), ("b", "https://b.example/")]),
            wanted(&[("b", "https://b.example/")]),
        ] {
            let (_, as_configured) = store.ensure_sources(&changed, t(2));
            assert!(!as_configured, "{changed:?}");
            let keep: Vec<i64> = store
                .ensure_sources(&changed, t(2))
                .0
                .iter()
                .flatten()
                .map(|r| r.id)
                .collect();
            let retired = store.retire_sources_except(&keep).unwrap();
            let (rows, as_configured) = store.ensure_sources(&changed, t(3));
            assert!(as_configured, "{changed:?} (retired {retired})");
            assert_eq!(rows.len(), changed.len());
        }
    }

    /// The live counts kept on a source's row are what counting its items
    /// gives, after syncs and after migration 7 fills them in.
    #[test]
    fn live_counts_on_the_row_follow_the_items() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let s = ensure(&mut store, "a", "https://a.example/", t(0));
        let page = |texts: &[&str]| crate::model::ExtractedPage {
            url: s.url.clone(),
            format: crate::model::Format::Html,
            sections: vec![crate::model::ExtractedSection {
                kind: SectionKind::News,
                heading: "News".into(),
                items: texts
                    .iter()
                    .map(|t| fixtures::news(t, Some("2026-03"), &[]))
                    .collect(),
            }],
            unrecognised: vec![],
        };
        let row_counts = |store: &Store| {
            let rows = store.sources_by_ident_and_name().unwrap();
            rows.find("a", "url:https://a.example/").unwrap().1
        };
        for (h, texts) in [
            (
                1,
                &["one item here", "two items here", "three items here"][..],
            ),
            (2, &["one item here"][..]),
        ] {
            let s = store.source("a").unwrap().unwrap();
            store
                .sync_source(
                    &s,
                    &page(texts),
                    &Validators::default(),
                    &format!("h{h}"),
                    SyncMode::for_crawl(s.baselined, false, false),
                    t(h),
                )
                .unwrap();
            assert_eq!(row_counts(&store), store.live_counts(s.id).unwrap());
            assert_eq!(row_counts(&store), (texts.len(), 0));
        }
        // A store from before migration 7: the counts are filled in.
        store
            .conn
            .execute_batch(
                "ALTER TABLE sources DROP COLUMN live_news;
                 ALTER TABLE sources DROP COLUMN live_publications;
                 PRAGMA user_version = 6;",
            )
            .unwrap();
        store.migrate().unwrap();
        assert_eq!(row_counts(&store), (1, 0));
    }

    /// `ensure_source` as the pipeline calls it for a source without an `id`.
    fn ensure(store: &mut Store, name: &str, url: &str, at: DateTime<Utc>) -> SourceRecord {
        store
            .ensure_source(
                name,
                url,
                &format!("url:{url}"),
                &crate::config::slugify(name),
                at,
            )
            .unwrap()
    }

    #[test]
    fn ensuring_a_known_source_writes_nothing_unless_it_changed() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        ensure(&mut store, "a", "https://a.example/", t(0));
        let before = store.conn.total_changes();
        ensure(&mut store, "a", "https://a.example/", t(1));
        assert_eq!(store.conn.total_changes(), before);
        let r = ensure(&mut store, "a", "https://b.example/", t(2));
        assert_eq!(r.url, "https://b.example/");
        // The URL, and the identity that follows it.
        assert_eq!(store.conn.total_changes(), before + 2);
    }

    fn sync_one_news(store: &mut Store, r: &SourceRecord, text: &str, at: DateTime<Utc>) {
        let page = crate::model::ExtractedPage {
            url: r.url.clone(),
            format: crate::model::Format::Html,
            sections: vec![crate::model::ExtractedSection {
                kind: SectionKind::News,
                heading: "News".into(),
                items: vec![crate::model::ExtractedItem {
                    text: text.into(),
                    date_text: None,
                    date: None,
                    title: None,
                    links: vec![],
                    group: None,
                    html: String::new(),
                }],
            }],
            unrecognised: vec![],
        };
        store
            .sync_source(
                r,
                &page,
                &Validators::default(),
                "h",
                SyncMode::for_crawl(r.baselined, true, false),
                at,
            )
            .unwrap();
    }

    /// Regression: renaming a source made a new one (a new baseline, new
    /// entry ids); the old name's entries stayed in the merged feeds.
    #[test]
    fn a_renamed_source_keeps_its_row_items_and_entry_ids() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let r = ensure(&mut store, "Hao Li", "https://h.example/", t(0));
        sync_one_news(&mut store, &r, "Joined the lab.", t(1));
        let renamed = ensure(&mut store, "Hao Li (UCSD)", "https://h.example/", t(2));
        assert_eq!(renamed.id, r.id);
        assert!(renamed.baselined, "no new baseline");
        let items = store.announced(None, None, 10).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].source_name, "Hao Li (UCSD)");
        assert_eq!(
            items[0].source_slug, "hao-li",
            "entry ids keep the first slug"
        );
        assert!(store.source("Hao Li").unwrap().is_none());
    }

    /// Regression: a new URL showed the old one's "FAILING x6".
    #[test]
    fn a_new_url_keeps_the_items_and_starts_health_and_validators_afresh() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let r = ensure(&mut store, "a", "https://old.example/", t(0));
        sync_one_news(&mut store, &r, "Joined the lab.", t(1));
        store
            .record_unchanged(
                r.id,
                Some(&Validators {
                    etag: Some("\"1\"".into()),
                    last_modified: None,
                }),
                t(2),
            )
            .unwrap();
        for h in 3..9 {
            store.record_failure(r.id, "HTTP 500", t(h)).unwrap();
        }
        // What status shows before the next run, and what the run then does.
        let shown = store
            .source("a")
            .unwrap()
            .unwrap()
            .with_url("https://new.example/");
        let moved = ensure(&mut store, "a", "https://new.example/", t(10));
        assert_eq!(shown, moved);
        assert_eq!(moved.id, r.id);
        assert_eq!(moved.health(), Health::NeverCrawled);
        assert_eq!(moved.validators, Validators::default());
        assert_eq!(moved.body_hash, None);
        assert_eq!(store.live_items("a").unwrap().len(), 1);
    }

    /// Regression: a source removed from feeds.toml kept its entries in the
    /// merged feeds.
    #[test]
    fn an_unconfigured_source_leaves_the_feeds_and_comes_back_when_re_added() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let a = ensure(&mut store, "a", "https://a.example/", t(0));
        let b = ensure(&mut store, "b", "https://b.example/", t(0));
        sync_one_news(&mut store, &a, "A joined a lab.", t(1));
        sync_one_news(&mut store, &b, "B gave a talk.", t(1));
        assert_eq!(store.announced(None, None, 10).unwrap().len(), 2);
        assert_eq!(store.retire_sources_except(&[a.id]).unwrap(), 1);
        assert_eq!(store.retire_sources_except(&[a.id]).unwrap(), 0);
        let names: Vec<String> = store
            .announced(None, None, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.source_name)
            .collect();
        assert_eq!(names, ["a"]);
        assert!(store.announced(Some("b"), None, 10).unwrap().is_empty());
        ensure(&mut store, "b", "https://b.example/", t(2));
        assert_eq!(store.announced(None, None, 10).unwrap().len(), 2);
    }

    #[test]
    fn two_sources_may_swap_names() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let a = ensure(&mut store, "X", "https://a.example/", t(0));
        let b = ensure(&mut store, "Y", "https://b.example/", t(0));
        let a2 = ensure(&mut store, "Y", "https://a.example/", t(1));
        let b2 = ensure(&mut store, "X", "https://b.example/", t(1));
        assert_eq!((a2.id, b2.id), (a.id, b.id));
        assert_eq!((a2.name.as_str(), b2.name.as_str()), ("Y", "X"));
        assert_eq!(store.sources().unwrap().len(), 2);
    }

    /// With an `id`, both the name and the URL may change.
    #[test]
    fn an_explicit_id_survives_a_new_name_and_url_together() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        let r = store
            .ensure_source("Jane", "https://j.example/", "id:jane", "jane", t(0))
            .unwrap();
        let again = store
            .ensure_source("Jane Doe", "https://doe.example/", "id:jane", "jane", t(1))
            .unwrap();
        assert_eq!(again.id, r.id);
        assert_eq!(
            (again.name.as_str(), again.url.as_str()),
            ("Jane Doe", "https://doe.example/")
        );
    }

    /// The per-source feed queries must look a source's items up, never walk
    /// every announced item in date order (see `items_query`).
    #[test]
    fn feed_queries_use_the_index_their_filter_needs() {
        let store = Store::open_in_memory(t(0)).unwrap();
        // No ANALYZE statistics, as in a real store: the planner goes by its
        // default estimates, which is when it chose the date-order walk.
        let plan = |source: Option<&str>, section, window: Window| {
            let (sql, args) = window.query(source, section, 50);
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let news = Some(SectionKind::News);
        for (window, index, by_source) in [
            (
                Window::Announced,
                "items_announced",
                "items_feed (source_id=?)",
            ),
            (
                Window::StatusChanged,
                "items_status",
                "items_status_by_source (source_id=? AND status_changed_at>?)",
            ),
        ] {
            for section in [None, news] {
                let p = plan(Some("a"), section, window);
                assert!(p.contains(by_source), "{p}");
                let p = plan(None, section, window);
                assert!(p.contains(&format!("USING INDEX {index}")), "{p}");
            }
        }
    }

    /// Regression: the feed windows bound their LIMIT, which SQLite reads
    /// while planning, so each new binding expired the cached statement:
    /// every per-source query of a publish was parsed and planned again.
    #[test]
    fn a_feed_window_is_planned_once_for_every_source() {
        let mut store = Store::open_in_memory(t(0)).unwrap();
        for name in ["a", "b", "c"] {
            let r = ensure(&mut store, name, &format!("https://{name}.example/"), t(0));
            sync_one_news(&mut store, &r, "Joined the lab.", t(1));
        }
        for window in [Window::Announced, Window::StatusChanged] {
            for name in ["a", "b", "c"] {
                assert_eq!(
                    store
                        .items_where(window, Some(name), None, 50)
                        .unwrap()
                        .len(),
                    usize::from(window == Window::Announced)
                );
            }
            let (sql, _) = window.query(Some("a"), None, 50);
            let stmt = store.conn.prepare_cached(&sql).unwrap();
            assert_eq!(
                stmt.get_status(rusqlite::StatementStatus::RePrepare),
                0,
                "{window:?}"
            );
        }
        // The index page's counts come from the covering index alone.
        let plan: String = store
            .conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT section, COUNT(*) FROM items INDEXED BY items_live
                 WHERE source_id = 1 AND removed_at IS NULL GROUP BY section",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("COVERING INDEX items_live"), "{plan}");
    }

    #[test]
    fn a_version_2_database_migrates_and_keeps_its_items() {
        let dir = std::env::temp_dir().join(format!("sf-migrate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v2.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&MIGRATIONS[..2].concat()).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute_batch(
                "INSERT INTO sources (name, url, created_at) VALUES ('a', 'https://a.example/', '2026-01-01T00:00:00Z');
                 INSERT INTO items (source_id, section, key, match_key, text, html, links, position, announced,
                                    first_seen, last_seen, updated_at)
                 VALUES (1, 'news', 'k', 'k', 'Joined a lab.', '<p>Joined a lab.</p>', '[]', 0, 1,
                         '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-02T00:00:00Z');",
            )
            .unwrap();
        }
        let store = Store::open(&path, t(0)).unwrap();
        let version: usize = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
        let items = store.live_items("a").unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].text, "Joined a lab.");
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_read_only_database_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(Store::open(&path, t(0)).unwrap());
        // As root, file modes do not stop writes; a read-only connection
        // gives SQLite's own SQLITE_READONLY, which is what a read-only
        // -shm produces.
        let conn =
            Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let e = conn
            .execute("INSERT INTO meta (key, value) VALUES ('k', 'v')", [])
            .unwrap_err();
        let msg = format!("{:#}", explain_read_only(e.into(), &path));
        assert!(msg.contains("x.db-shm") && msg.contains("delete"), "{msg}");
        let other = anyhow::anyhow!("disk I/O error");
        assert_eq!(
            format!("{:#}", explain_read_only(other, &path)),
            "disk I/O error"
        );
    }

    #[test]
    fn a_new_store_has_large_pages_and_an_old_one_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let page_size = |p: &Path| -> i64 {
            Connection::open(p)
                .unwrap()
                .pragma_query_value(None, "page_size", |r| r.get(0))
                .unwrap()
        };
        let new = dir.path().join("new.db");
        drop(Store::open(&new, t(0)).unwrap());
        assert_eq!(page_size(&new), PAGE_SIZE);
        // A store an earlier release made, with SQLite's default pages.
        let old = dir.path().join("old.db");
        Connection::open(&old)
            .unwrap()
            .execute_batch(
                "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);",
            )
            .unwrap();
        drop(Store::open(&old, t(0)).unwrap());
        assert_eq!(page_size(&old), 4096);
    }

    #[test]
    fn a_dropped_table_is_noticed_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        drop(Store::open(&path, t(0)).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("DROP TABLE items")
            .unwrap();
        let e = format!("{:#}", Store::open(&path, t(0)).err().unwrap());
        assert!(e.contains("damaged") && e.contains("`items`"), "{e}");
    }
}

/// Items for the store's unit tests (matching and sync share them).
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::ExtractedItem;

    /// A news item with `text`, an optional date label and `links`.
    pub(crate) fn news(text: &str, date: Option<&str>, links: &[&str]) -> ExtractedItem {
        ExtractedItem {
            text: text.into(),
            date_text: date.map(Into::into),
            date: None,
            title: None,
            links: links.iter().map(|s| s.to_string()).collect(),
            group: None,
            html: format!("<p>{text}</p>"),
        }
    }
}
