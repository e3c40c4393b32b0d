//! `feeds.toml` -> a validated [`Config`].
//!
//! Parsing and validation happen together and up front: URLs are parsed,
//! CSS selectors compiled and the cron line checked before anything is
//! fetched or written, so a typo fails the run at start-up with the file,
//! line and key instead of half-way through. Reading the file ([`load`]) is
//! apart from parsing its text ([`parse`]), so tests need no files.
//!
//! Relative paths in `[settings]` are resolved against the directory of the
//! config file, not the working directory, so the same file works from cron,
//! systemd and a shell.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use chrono_tz::Tz;
use croner::Cron;
use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::model::{Format, short_hash};

/// Defaults, named so the docs, `feeds.toml` and the code agree.
pub const DEFAULT_DATABASE: &str = "scholarfeed.db";
/// Feeds go beside the config unless `output_dir` says otherwise.
pub const DEFAULT_OUTPUT_DIR: &str = "public";
/// Four crawls a day: homepages change weekly at most, and hosts stay unbothered.
pub const DEFAULT_SCHEDULE: &str = "0 */6 * * *";
/// Entries per feed: enough for a reader that polls daily, small enough to fetch quickly.
pub const DEFAULT_MAX_ENTRIES: usize = 100;
/// Fetches in flight: the pages are on many hosts, so this bounds sockets, not politeness.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// Whole-request timeout: a slow university server still answers in time.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Gap between requests to one host, as polite crawlers keep.
pub const DEFAULT_PER_HOST_DELAY_MS: u64 = 1000;
/// Larger bodies fail the fetch: no homepage needs more, and memory stays bounded.
pub const DEFAULT_MAX_BODY_MIB: u64 = 5;
/// Retries of transient failures before the source counts as failed this run.
pub const DEFAULT_RETRIES: u32 = 2;
/// Spread after each fire time, so many daemons do not hit a host at :00.
pub const DEFAULT_JITTER_SECS: u64 = 300;

/// Allowed ranges of the numeric settings (README and `feeds.toml` quote
/// them): wide enough for any real deployment, narrow enough that no value
/// overflows a timer or asks tokio for an absurd semaphore.
pub const MAX_ENTRIES_RANGE: std::ops::RangeInclusive<u64> = 1..=100_000;
/// `concurrency`.
pub const CONCURRENCY_RANGE: std::ops::RangeInclusive<u64> = 1..=1024;
/// `timeout_secs`.
pub const TIMEOUT_SECS_RANGE: std::ops::RangeInclusive<u64> = 1..=3600;
/// `per_host_delay_ms`.
pub const PER_HOST_DELAY_MS_RANGE: std::ops::RangeInclusive<u64> = 0..=60_000;
/// `max_body_mib`.
pub const MAX_BODY_MIB_RANGE: std::ops::RangeInclusive<u64> = 1..=1024;
/// `retries`.
pub const RETRIES_RANGE: std::ops::RangeInclusive<u64> = 0..=10;
/// `jitter_secs`.
pub const JITTER_SECS_RANGE: std::ops::RangeInclusive<u64> = 0..=86_400;

/// A config the rest of the program can trust.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the config was read from (for messages); `None` for text parsed in tests.
    pub path: Option<PathBuf>,
    /// `[settings]`, defaults filled in.
    pub settings: Settings,
    /// `[[source]]` tables in file order, names and ids unique.
    pub sources: Vec<Source>,
}

/// `[settings]`, validated: every value in its range, paths resolved against the config's directory.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The SQLite store.
    pub database: PathBuf,
    /// Where feeds, OPML and index.html are written.
    pub output_dir: PathBuf,
    /// Where `output_dir` is served: feeds' self links and entry ids are built on it.
    pub site_url: Url,
    /// The daemon's default crawl times.
    pub schedule: Schedule,
    /// Whether a new source's existing items are announced.
    pub on_first_crawl: FirstCrawl,
    /// Whether a source's first crawl puts a "Now following <name>: …
    /// found" entry in its feed and the merged feed.
    pub announce_new_sources: bool,
    /// Entries per feed file.
    pub max_entries: usize,
    /// Fetches in flight at once, over all hosts.
    pub concurrency: usize,
    /// Per request, connect to last byte.
    pub timeout: Duration,
    /// Between two requests to the same host.
    pub per_host_delay: Duration,
    /// A body beyond this is refused, not truncated into a wrong extraction.
    pub max_body_bytes: usize,
    /// Extra attempts after a transient failure.
    pub retries: u32,
    /// Where cron lines are read; `None` is the machine's local zone.
    pub timezone: Option<chrono_tz::Tz>,
    /// Sources are spread over up to this long after each fire time (never
    /// more than half the schedule's interval).
    pub jitter: Duration,
}

/// What to do with the items found the first time a source is crawled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FirstCrawl {
    /// Store them silently: a new subscriber is not flooded with years of
    /// history, and only what appears afterwards is announced.
    Baseline,
    /// Announce everything found, e.g. to seed a public page.
    Publish,
}

/// A cron line in crontab(5) meaning, kept with its text for display.
#[derive(Clone)]
pub struct Schedule {
    /// As written, for `status` and logs.
    pub text: String,
    /// The parsed line the next fire times come from.
    pub cron: Cron,
}

impl fmt::Debug for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Schedule").field(&self.text).finish()
    }
}

impl Schedule {
    /// crontab(5) lines: five fields (minute hour day-of-month month
    /// day-of-week; 0 and 7 are Sunday; day-of-month and day-of-week combine
    /// with OR when both are restricted) or an alias (`@hourly`, `@daily`,
    /// `@weekly`, `@monthly`, `@yearly`). As an extension, six fields mean a
    /// leading seconds field, for tests and demos that need fast schedules.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let fields = trimmed.split_whitespace().count();
        if !trimmed.starts_with('@') && !(5..=6).contains(&fields) {
            return Err(format!(
                "expected 5 fields (minute hour day-of-month month day-of-week) or an @alias, found {fields}"
            ));
        }
        if !trimmed.starts_with('@') {
            check_cron_fields(trimmed)?;
        }
        let cron = Cron::from_str(trimmed).map_err(|e| e.to_string())?;
        Ok(Schedule {
            text: trimmed.to_string(),
            cron,
        })
    }

    /// The next time the schedule fires strictly after `after`.
    pub fn next_fire(&self, tz: Option<Tz>, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.occurrence(tz, after, true)
    }

    /// The last time the schedule fired at or before `at`.
    pub fn previous_fire(&self, tz: Option<Tz>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.occurrence(tz, at, false)
    }

    /// The gap between the next two fire times after `at` (at least a
    /// second). The daemon spaces crawls and backoffs by it and the RSS
    /// `ttl` announces it, so evaluating the cron line belongs to the line
    /// itself, below both `schedule` and `publish`.
    pub fn interval(&self, tz: Option<Tz>, at: DateTime<Utc>) -> Duration {
        let first = self.next_fire(tz, at);
        let second = first.and_then(|f| self.next_fire(tz, f));
        match (first, second) {
            (Some(a), Some(b)) => (b - a)
                .to_std()
                .unwrap_or(Duration::from_secs(1))
                .max(Duration::from_secs(1)),
            _ => Duration::from_secs(3600),
        }
    }

    /// Evaluates the cron line in the configured zone (or local time), where
    /// "09:00" and day boundaries mean what the user meant.
    fn occurrence(
        &self,
        tz: Option<Tz>,
        at: DateTime<Utc>,
        forward: bool,
    ) -> Option<DateTime<Utc>> {
        fn find<Z: chrono::TimeZone>(
            cron: &Cron,
            at: DateTime<Z>,
            forward: bool,
        ) -> Option<DateTime<Utc>>
        where
            DateTime<Z>: croner::CronDateTime,
        {
            let found = if forward {
                cron.find_next_occurrence(&at, false)
            } else {
                cron.find_previous_occurrence(&at, true)
            };
            found.ok().map(|t| t.with_timezone(&Utc))
        }
        match tz {
            Some(tz) => find(&self.cron, at.with_timezone(&tz), forward),
            None => find(&self.cron, at.with_timezone(&Local), forward),
        }
    }
}

/// The fields of a cron line with their allowed numbers, in order; a
/// six-field line starts with seconds.
const CRON_FIELDS: [(&str, u32, u32); 6] = [
    ("second", 0, 59),
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 7),
];

/// Checks every number of a cron line against its field's range, so that a
/// mistake is reported as "hour 25 is out of range (0-23)" rather than
/// croner's "Number out of bounds", which names neither. Names (`MON`,
/// `JAN`) and croner's extensions (`L`, `W`, `#`) are left to croner.
fn check_cron_fields(line: &str) -> Result<(), String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let specs = &CRON_FIELDS[CRON_FIELDS.len() - fields.len()..];
    for (field, &(name, lo, hi)) in fields.iter().zip(specs) {
        for part in field.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (part, None),
            };
            if let Some(step) = step
                && step.parse::<u32>().map_or(true, |n| n == 0)
            {
                return Err(format!(
                    "{name} field {field:?}: the step after '/' must be a whole number of at least 1, not {step:?}"
                ));
            }
            for number in range.split('-') {
                if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let n: u64 = number.parse().unwrap_or(u64::MAX);
                if n < u64::from(lo) || n > u64::from(hi) {
                    return Err(format!(
                        "{name} {number} is out of range: the {name} field allows {lo}-{hi}"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Per-source CSS selectors from `feeds.toml`, compiled when the config
/// loads (so a bad selector is a config error with a line number).
/// When set, the selector's matches are the section's items and the
/// heuristics are not consulted for that section.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// News items: each match is one item.
    pub news: Option<scraper::Selector>,
    /// Publications: each match is one item.
    pub publications: Option<scraper::Selector>,
}

/// One homepage to follow.
#[derive(Debug, Clone)]
pub struct Source {
    /// Unique within the config; feeds and logs show it.
    pub name: String,
    /// A stable identity chosen by the user, for when the URL may change
    /// too: the store finds the source by it, and its feed file is named
    /// after it.
    pub id: Option<String>,
    /// The page to fetch (http, https or file).
    pub url: Url,
    /// `None`: decided per fetch from content type, extension and content.
    pub format: Option<Format>,
    /// Selectors that replace the heuristics for a section.
    pub overrides: Overrides,
    /// Selector texts as written, kept so `preview` and logs can show them.
    pub news_selector: Option<String>,
    /// As `news_selector`, for publications.
    pub publications_selector: Option<String>,
    /// Overrides `settings.schedule` for this source.
    pub schedule: Option<Schedule>,
    /// May reach private address space (loopback, RFC 1918, link-local…)
    /// through redirects and DNS; by default only an address the URL names
    /// literally is reachable (see `fetch::guard`).
    pub allow_private: bool,
}

impl Source {
    /// A filesystem- and URL-safe name for the per-source feed files (and
    /// the entry ids of a new source): from the `id` if given, else the name.
    pub fn slug(&self) -> String {
        slugify(self.id.as_deref().unwrap_or(&self.name))
    }

    /// What the store finds this source by across runs: its `id`, else its
    /// URL. Not the name, so that renaming a source is a rename.
    pub fn ident(&self) -> String {
        match &self.id {
            Some(id) => format!("id:{id}"),
            None => format!("url:{}", self.url),
        }
    }
}

/// Lowercase ASCII letters and digits joined by single dashes; non-ASCII names
/// fall back to a short hash so two Chinese names never collide on "".
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    let ascii_share = name.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let h = || short_hash(name);
    if out.is_empty() {
        return format!("source-{}", h());
    }
    if out.len() > MAX_SLUG_LEN {
        // A file name has at most 255 bytes, and ours gains an extension
        // and a temporary prefix: a 268-character name once failed every
        // run with "File name too long". Cut, and keep it unique by a hash
        // of the whole name.
        let keep = MAX_SLUG_LEN - 17;
        let cut = out[..keep].trim_end_matches('-');
        return format!("{cut}-{}", h());
    }
    if ascii_share * 2 < name.chars().filter(|c| c.is_alphanumeric()).count() {
        return format!("{out}-{}", h());
    }
    out
}

/// Longest slug [`slugify`] makes (ASCII, so also bytes). Names whose slug
/// fits keep the slug (and so the entry ids) they always had.
pub const MAX_SLUG_LEN: usize = 100;

/// A config that could not be used. Every variant names the file; parse and
/// validation errors also name the line and key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read at all.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The config file.
        path: String,
        /// Why the read failed.
        #[source]
        source: std::io::Error,
    },
    /// TOML that does not parse, or a key or value of the wrong shape;
    /// `line` when toml knows where.
    #[error("{path}:{}{message}", line.map(|l| format!("{l}: ")).unwrap_or_else(|| " ".into()))]
    Syntax {
        /// The config file.
        path: String,
        /// Where toml located the error.
        line: Option<usize>,
        /// toml's message.
        message: String,
    },
    /// A value of the right type that is not allowed (out of range, bad URL or selector, duplicate name).
    #[error("{path}:{line}: `{key}`: {message}")]
    Invalid {
        /// The config file.
        path: String,
        /// The key's line.
        line: usize,
        /// The dotted key, e.g. `source.url`.
        key: String,
        /// What is wrong and what is allowed.
        message: String,
    },
}

// ---- raw, as written -------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    settings: RawSettings,
    #[serde(default, rename = "source")]
    sources: Vec<RawSource>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    database: Option<String>,
    output_dir: Option<String>,
    site_url: Option<Spanned<String>>,
    schedule: Option<Spanned<String>>,
    on_first_crawl: Option<FirstCrawl>,
    announce_new_sources: Option<bool>,
    max_entries: Option<Spanned<u64>>,
    concurrency: Option<Spanned<u64>>,
    timeout_secs: Option<Spanned<u64>>,
    per_host_delay_ms: Option<Spanned<u64>>,
    max_body_mib: Option<Spanned<u64>>,
    retries: Option<Spanned<u64>>,
    timezone: Option<Spanned<String>>,
    jitter_secs: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Spanned<String>,
    id: Option<Spanned<String>>,
    url: Spanned<String>,
    format: Option<Format>,
    news: Option<Spanned<String>>,
    publications: Option<Spanned<String>>,
    schedule: Option<Spanned<String>>,
    allow_private: Option<bool>,
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut config = parse(&text, &path.display().to_string(), &base)?;
    config.path = Some(path.to_path_buf());
    Ok(config)
}

/// Parses config text. `origin` names the text in messages; relative paths
/// are resolved against `base_dir`.
pub fn parse(text: &str, origin: &str, base_dir: &Path) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let (line, message) = syntax_message(&e, text);
        ConfigError::Syntax {
            path: origin.to_string(),
            line,
            message,
        }
    })?;
    let invalid = |span: std::ops::Range<usize>, key: &str, message: String| ConfigError::Invalid {
        path: origin.to_string(),
        line: line_of(text, span.start),
        key: key.to_string(),
        message,
    };

    let s = raw.settings;
    let resolve = |p: Option<String>, default: &str| {
        let p = PathBuf::from(p.unwrap_or_else(|| default.to_string()));
        if p.is_absolute() { p } else { base_dir.join(p) }
    };
    let site_url = match s.site_url {
        Some(u) => {
            let span = u.span();
            let mut url = Url::parse(u.get_ref()).map_err(|e| {
                invalid(span.clone(), "settings.site_url", format!("not a URL: {e}"))
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(invalid(
                    span,
                    "settings.site_url",
                    "must be an http(s) URL".into(),
                ));
            }
            // Feed files are joined onto it: without the slash, join() would drop the last segment.
            if !url.path().ends_with('/') {
                url.set_path(&format!("{}/", url.path()));
            }
            url
        }
        None => Url::parse("http://localhost/").expect("constant URL"),
    };
    let schedule = match s.schedule {
        Some(sp) => Schedule::parse(sp.get_ref()).map_err(|m| {
            invalid(
                sp.span(),
                "settings.schedule",
                format!("bad cron line: {m}"),
            )
        })?,
        None => Schedule::parse(DEFAULT_SCHEDULE).expect("default schedule parses"),
    };
    // Every number has a range: `concurrency = 9223372036854775807` once
    // panicked inside tokio and `per_host_delay_ms = 4000000000` hung a run
    // for weeks, so absurd values are refused here with the allowed range.
    let bounded = |v: Option<Spanned<u64>>,
                   key: &str,
                   range: std::ops::RangeInclusive<u64>,
                   default: u64| match v {
        Some(sp) if !range.contains(sp.get_ref()) => Err(invalid(
            sp.span(),
            key,
            format!(
                "must be between {} and {}, found {}",
                range.start(),
                range.end(),
                sp.get_ref()
            ),
        )),
        Some(sp) => Ok(sp.into_inner()),
        None => Ok(default),
    };
    let as_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let max_entries = as_usize(bounded(
        s.max_entries,
        "settings.max_entries",
        MAX_ENTRIES_RANGE,
        DEFAULT_MAX_ENTRIES as u64,
    )?);
    let concurrency = as_usize(bounded(
        s.concurrency,
        "settings.concurrency",
        CONCURRENCY_RANGE,
        DEFAULT_CONCURRENCY as u64,
    )?);
    let timeout_secs = bounded(
        s.timeout_secs,
        "settings.timeout_secs",
        TIMEOUT_SECS_RANGE,
        DEFAULT_TIMEOUT_SECS,
    )?;
    let per_host_delay_ms = bounded(
        s.per_host_delay_ms,
        "settings.per_host_delay_ms",
        PER_HOST_DELAY_MS_RANGE,
        DEFAULT_PER_HOST_DELAY_MS,
    )?;
    let max_body_mib = bounded(
        s.max_body_mib,
        "settings.max_body_mib",
        MAX_BODY_MIB_RANGE,
        DEFAULT_MAX_BODY_MIB,
    )?;
    let retries = bounded(
        s.retries,
        "settings.retries",
        RETRIES_RANGE,
        u64::from(DEFAULT_RETRIES),
    )?;
    let jitter_secs = bounded(
        s.jitter_secs,
        "settings.jitter_secs",
        JITTER_SECS_RANGE,
        DEFAULT_JITTER_SECS,
    )?;
    let timezone = match s.timezone {
        None => None,
        Some(sp) if sp.get_ref().eq_ignore_ascii_case("local") => None,
        Some(sp) => Some(sp.get_ref().parse::<chrono_tz::Tz>().map_err(|_| {
            invalid(
                sp.span(),
                "settings.timezone",
                format!("unknown time zone {:?} (use an IANA name such as \"Europe/Berlin\", or \"local\")", sp.get_ref()),
            )
        })?),
    };
    let settings = Settings {
        database: resolve(s.database, DEFAULT_DATABASE),
        output_dir: resolve(s.output_dir, DEFAULT_OUTPUT_DIR),
        site_url,
        schedule,
        on_first_crawl: s.on_first_crawl.unwrap_or(FirstCrawl::Baseline),
        announce_new_sources: s.announce_new_sources.unwrap_or(true),
        max_entries,
        concurrency,
        timeout: Duration::from_secs(timeout_secs),
        per_host_delay: Duration::from_millis(per_host_delay_ms),
        max_body_bytes: as_usize(max_body_mib * 1024 * 1024),
        retries: u32::try_from(retries).unwrap_or(u32::MAX),
        timezone,
        jitter: Duration::from_secs(jitter_secs),
    };

    let mut sources = Vec::with_capacity(raw.sources.len());
    let mut names = HashSet::new();
    let mut slugs = HashSet::new();
    let mut idents = HashSet::new();
    for (i, rs) in raw.sources.into_iter().enumerate() {
        let key = |k: &str| format!("source[{i}].{k}");
        let name = rs.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(invalid(
                rs.name.span(),
                &key("name"),
                "must not be empty".into(),
            ));
        }
        // The name is written into XML (feeds, OPML), where control
        // characters are illegal: one made every per-source feed unreadable.
        if let Some(c) = name
            .chars()
            .find(|c| c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        {
            return Err(invalid(
                rs.name.span(),
                &key("name"),
                format!(
                    "must not contain control characters (found U+{:04X})",
                    u32::from(c)
                ),
            ));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(invalid(
                rs.name.span(),
                &key("name"),
                format!("duplicate source name {name:?}"),
            ));
        }
        let url = parse_source_url(rs.url.get_ref(), base_dir)
            .map_err(|m| invalid(rs.url.span(), &key("url"), m))?;
        let id = match &rs.id {
            None => None,
            Some(sp) => {
                let id = sp.get_ref().trim();
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                {
                    return Err(invalid(
                        sp.span(),
                        &key("id"),
                        format!(
                            "{id:?}: use ASCII letters, digits, '-', '_' or '.' (it names the source's feed file)"
                        ),
                    ));
                }
                Some(id.to_string())
            }
        };
        let compile = |sel: &Option<Spanned<String>>, k: &str| -> Result<_, ConfigError> {
            match sel {
                None => Ok(None),
                Some(sp) => compile_selector(sp.get_ref())
                    .map(Some)
                    .map_err(|m| invalid(sp.span(), &key(k), m)),
            }
        };
        let overrides = Overrides {
            news: compile(&rs.news, "news")?,
            publications: compile(&rs.publications, "publications")?,
        };
        let schedule = match &rs.schedule {
            None => None,
            Some(sp) => Some(Schedule::parse(sp.get_ref()).map_err(|m| {
                invalid(sp.span(), &key("schedule"), format!("bad cron line: {m}"))
            })?),
        };
        let source = Source {
            name,
            id,
            url,
            format: rs.format,
            overrides,
            news_selector: rs.news.map(Spanned::into_inner),
            publications_selector: rs.publications.map(Spanned::into_inner),
            schedule,
            allow_private: rs.allow_private.unwrap_or(false),
        };
        if !idents.insert(source.ident()) {
            let (span, k, what) = match &rs.id {
                Some(sp) => (sp.span(), "id", "the same id as"),
                None => (rs.url.span(), "url", "the same url as"),
            };
            return Err(invalid(
                span,
                &key(k),
                format!(
                    "{what} another source; sources are told apart by their url, or by an `id` when two share a page"
                ),
            ));
        }
        if !slugs.insert(source.slug()) {
            return Err(invalid(
                rs.name.span(),
                &key("name"),
                format!(
                    "name {:?} gives the same file name as another source",
                    source.name
                ),
            ));
        }
        sources.push(source);
    }
    Ok(Config {
        path: None,
        settings,
        sources,
    })
}

/// Source URLs: http(s), `file://`, or a bare path (relative to the config),
/// which is the natural way to point at a site's built `_site/` directory.
pub fn parse_source_url(text: &str, base_dir: &Path) -> Result<Url, String> {
    let text = text.trim();
    if looks_like_host_and_port(text) {
        return Err(format!(
            "{text:?} has no scheme but starts like host:port; write \"http://{text}\" (or \"./{text}\" for a file path)"
        ));
    }
    match Url::parse(text) {
        Ok(url) => match url.scheme() {
            "http" | "https" if url.host().is_some() => Ok(url),
            "http" | "https" => Err("URL has no host".into()),
            "file" => Ok(url),
            other => Err(format!(
                "unsupported scheme {other:?} (use http, https or file)"
            )),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) if !text.contains("://") => {
            let p = Path::new(text);
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                base_dir.join(p)
            };
            let abs = std::path::absolute(&abs).unwrap_or(abs);
            Url::from_file_path(&abs).map_err(|()| format!("cannot use {text:?} as a file path"))
        }
        Err(e) => Err(format!("not a URL: {e}")),
    }
}

/// `127.0.0.1:8765/x.html`, `localhost:8080`: a URL whose `http://` was
/// forgotten. Taken as written it is either a relative path (fetched from
/// disk and failing at crawl time) or a URL with the scheme "localhost".
fn looks_like_host_and_port(text: &str) -> bool {
    let authority = text.split(['/', '?', '#']).next().unwrap_or_default();
    let Some((host, port)) = authority.rsplit_once(':') else {
        return false;
    };
    !host.is_empty()
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// toml's messages quote the source and point at it with a caret over
/// several lines; ours are one line in the `file:line:` form, and for an
/// unknown key say which table it is in and what was probably meant.
fn syntax_message(e: &toml::de::Error, text: &str) -> (Option<usize>, String) {
    let msg = e.message().trim();
    let Some(span) = e.span() else {
        return (None, msg.to_string());
    };
    let line = line_of(text, span.start);
    if let Some((key, expected)) = unknown_field(msg) {
        let table = table_at(text, span.start);
        let mut m = format!("unknown key '{key}' in {table}");
        match closest(&key, &expected) {
            Some(best) => m.push_str(&format!("; did you mean '{best}'?")),
            None if !expected.is_empty() => {
                m.push_str(&format!("; known keys: {}", expected.join(", ")));
            }
            None => {}
        }
        return (Some(line), m);
    }
    let key = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split('=').next())
        .map(|k| k.trim().trim_matches(['[', ']']).to_string())
        .unwrap_or_default();
    if key.is_empty() {
        (Some(line), msg.to_string())
    } else {
        (Some(line), format!("`{key}`: {msg}"))
    }
}

/// serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`"),
/// as the key and the keys that were expected.
fn unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

/// The table a byte offset of the config sits in, as the user wrote it:
/// `[settings]`, `[[source]] #2`, or the top level.
fn table_at(text: &str, offset: usize) -> String {
    let mut table = "the top level".to_string();
    let mut sources = 0;
    // Whole lines before the one at `offset`: a misspelt table header
    // (`[setings]`) sits in the table before it.
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    for l in text[..line_start].lines() {
        let l = l.trim();
        if l.starts_with("[[") {
            let name = l.trim_matches(['[', ']', ' ']);
            if name == "source" {
                sources += 1;
                table = format!("[[source]] #{sources}");
            } else {
                table = format!("[[{name}]]");
            }
        } else if l.starts_with('[') {
            table = format!("[{}]", l.trim_matches(['[', ']', ' ']));
        }
    }
    table
}

/// The expected key a typo most likely meant: at most a third of its
/// letters (and at least one) different.
fn closest<'a>(key: &str, expected: &'a [String]) -> Option<&'a str> {
    expected
        .iter()
        .map(|e| (edit_distance(key, e), e))
        .filter(|(d, e)| *d <= (e.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e.as_str())
}

/// Edit distance over characters where swapping two neighbours counts as
/// one edit (optimal string alignment): "nwes" is one typo from "news".
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Compiles a `news` / `publications` selector (from the config or the
/// command line), with a readable message when it does not parse.
pub fn compile_selector(text: &str) -> Result<scraper::Selector, String> {
    scraper::Selector::parse(text).map_err(|e| selector_error(text, &e))
}

/// A CSS selector that does not parse, described for a person: what kind of
/// mistake, and from which character on. scraper's own message for many
/// mistakes is "Unexpected error occurred. Please report this to the
/// developer", which is about neither the selector nor scholarfeed.
fn selector_error(selector: &str, e: &scraper::error::SelectorErrorKind<'_>) -> String {
    use scraper::error::SelectorErrorKind as K;
    let what = match e {
        K::UnexpectedSelectorParseError(inner) => {
            // The variant name of selectors' error kind, in words.
            let debug = format!("{inner:?}");
            let name = debug.split(['(', ' ', '{']).next().unwrap_or_default();
            let mut words = String::new();
            for c in name.chars() {
                if c.is_uppercase() && !words.is_empty() {
                    words.push(' ');
                }
                words.push(c.to_ascii_lowercase());
            }
            words
        }
        K::EndOfLine => "it ends too early".to_string(),
        other => {
            let mut m = other.to_string();
            if let Some(first) = m.get_mut(..1) {
                first.make_ascii_lowercase();
            }
            m
        }
    };
    // Where: right after the longest start of the text that is a selector
    // on its own (for "div[[[", "div" is, so the mistake is at "[[[").
    let at = selector
        .char_indices()
        .map(|(i, _)| i)
        .chain([selector.len()])
        .rev()
        .find(|&i| i > 0 && scraper::Selector::parse(&selector[..i]).is_ok())
        .unwrap_or(0);
    let rest = &selector[at..];
    if rest.is_empty() || at == 0 {
        format!("CSS selector syntax error in {selector:?}: {what}")
    } else {
        format!(
            "CSS selector syntax error in {selector:?} at character {} ({rest:?}): {what}",
            selector[..at].chars().count() + 1
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;

    fn sched(s: &str) -> Schedule {
        Schedule::parse(s).unwrap()
    }

    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn fires(s: &str, from: DateTime<Utc>, n: usize) -> Vec<String> {
        let sc = sched(s);
        let mut t = from;
        (0..n)
            .map(|_| {
                t = sc.next_fire(Some(Berlin), t).unwrap();
                t.with_timezone(&Berlin)
                    .format("%a %Y-%m-%d %H:%M")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn weekday_1_is_monday_and_0_and_7_are_sunday() {
        // 2026-03-02 is a Monday.
        let from = berlin(2026, 2, 27, 12, 0);
        assert_eq!(fires("0 9 * * 1", from, 1), ["Mon 2026-03-02 09:00"]);
        assert_eq!(fires("0 9 * * 0", from, 1), ["Sun 2026-03-01 09:00"]);
        assert_eq!(fires("0 9 * * 7", from, 1), ["Sun 2026-03-01 09:00"]);
        assert_eq!(
            fires("0 9 * * 1-5", from, 2),
            ["Mon 2026-03-02 09:00", "Tue 2026-03-03 09:00"]
        );
    }

    #[test]
    fn steps_and_ranges() {
        let from = berlin(2026, 3, 2, 0, 30);
        assert_eq!(
            fires("0 */6 * * *", from, 3),
            [
                "Mon 2026-03-02 06:00",
                "Mon 2026-03-02 12:00",
                "Mon 2026-03-02 18:00"
            ]
        );
        assert_eq!(
            fires("15 8-10 * * *", from, 3),
            [
                "Mon 2026-03-02 08:15",
                "Mon 2026-03-02 09:15",
                "Mon 2026-03-02 10:15"
            ]
        );
        assert_eq!(fires("@daily", from, 1), ["Tue 2026-03-03 00:00"]);
        assert_eq!(fires("@hourly", from, 1), ["Mon 2026-03-02 01:00"]);
    }

    #[test]
    fn day_of_month_and_day_of_week_combine_with_or() {
        // "the 13th, or any Friday": Fri 6th, Fri 13th, Fri 20th (crontab(5)).
        let from = berlin(2026, 3, 1, 0, 0);
        assert_eq!(
            fires("0 12 13 * 5", from, 3),
            [
                "Fri 2026-03-06 12:00",
                "Fri 2026-03-13 12:00",
                "Fri 2026-03-20 12:00"
            ]
        );
        // A restricted DOM with an unrestricted DOW is just the DOM.
        assert_eq!(
            fires("0 12 13 * *", from, 2),
            ["Fri 2026-03-13 12:00", "Mon 2026-04-13 12:00"]
        );
    }

    #[test]
    fn daylight_saving_transitions_fire_once_each_day() {
        // 2026-03-29 02:00 -> 03:00 in Berlin: 02:30 does not exist that day.
        let spring = fires("30 2 * * *", berlin(2026, 3, 28, 12, 0), 2);
        assert!(spring[0].starts_with("Sun 2026-03-29"), "{spring:?}");
        assert!(spring[1].starts_with("Mon 2026-03-30 02:30"), "{spring:?}");
        // 2026-10-25 03:00 -> 02:00: 02:30 happens twice, the job runs once.
        let fall = fires("30 2 * * *", berlin(2026, 10, 24, 12, 0), 2);
        assert_eq!(fall[0], "Sun 2026-10-25 02:30");
        assert_eq!(fall[1], "Mon 2026-10-26 02:30");
        // An hourly job keeps a one-hour spacing in UTC across the change.
        let sc = sched("0 * * * *");
        let a = sc
            .next_fire(Some(Berlin), berlin(2026, 10, 25, 1, 30))
            .unwrap();
        let b = sc.next_fire(Some(Berlin), a).unwrap();
        assert_eq!((b - a).num_minutes(), 60);
    }

    fn parse_ok(text: &str) -> Config {
        parse(text, "feeds.toml", Path::new("/etc/sf")).unwrap()
    }

    fn parse_err(text: &str) -> String {
        parse(text, "feeds.toml", Path::new("/etc/sf"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn defaults_fill_an_almost_empty_file() {
        let c = parse_ok("[[source]]\nname = \"A\"\nurl = \"https://a.github.io/\"\n");
        assert_eq!(c.settings.database, Path::new("/etc/sf/scholarfeed.db"));
        assert_eq!(c.settings.output_dir, Path::new("/etc/sf/public"));
        assert_eq!(c.settings.on_first_crawl, FirstCrawl::Baseline);
        assert_eq!(c.settings.max_entries, DEFAULT_MAX_ENTRIES);
        assert_eq!(c.sources[0].slug(), "a");
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let e = parse_err("[settings]\ndatabase = \"x.db\"\nfrobnicate = 1\n");
        assert!(e.starts_with("feeds.toml:3: "), "{e}");
        assert!(e.contains("frobnicate"), "{e}");
    }

    #[test]
    fn bad_url_names_line_and_key() {
        let e = parse_err("[[source]]\nname = \"A\"\nurl = \"ht!tp://x\"\n");
        assert!(e.starts_with("feeds.toml:3: `source[0].url`"), "{e}");
    }

    #[test]
    fn unsupported_scheme_is_refused() {
        let e = parse_err("[[source]]\nname = \"A\"\nurl = \"ftp://x.org/\"\n");
        assert!(e.contains("unsupported scheme"), "{e}");
    }

    #[test]
    fn bad_cron_is_refused() {
        let e = parse_err("[settings]\nschedule = \"61 * * * *\"\n");
        assert!(e.starts_with("feeds.toml:2: `settings.schedule`"), "{e}");
        let e = parse_err("[settings]\nschedule = \"0 0 0 */6 * * *\"\n");
        assert!(e.contains("expected 5 fields"), "{e}");
        parse_ok("[settings]\nschedule = \"*/2 * * * * *\"\n");
        let e = parse_err("[settings]\ntimezone = \"Mars/Olympus\"\n");
        assert!(e.starts_with("feeds.toml:2: `settings.timezone`"), "{e}");
        let c = parse_ok("[settings]\ntimezone = \"Europe/Berlin\"\n");
        assert_eq!(c.settings.timezone, Some(chrono_tz::Europe::Berlin));
        parse_ok("[settings]\nschedule = \"@daily\"\n");
    }

    #[test]
    fn absurd_numbers_are_refused_with_their_range() {
        // `concurrency` this large once panicked in tokio (exit 101), and
        // this `per_host_delay_ms` hung a run for 46 days.
        for (key, value, range) in [
            ("concurrency", "9223372036854775807", "between 1 and 1024"),
            ("concurrency", "0", "between 1 and 1024"),
            ("per_host_delay_ms", "4000000000", "between 0 and 60000"),
            ("timeout_secs", "0", "between 1 and 3600"),
            ("timeout_secs", "18446744073709", "between 1 and 3600"),
            ("max_entries", "0", "between 1 and 100000"),
            ("max_body_mib", "2048", "between 1 and 1024"),
            ("retries", "4294967296", "between 0 and 10"),
            ("jitter_secs", "9223372036854775807", "between 0 and 86400"),
        ] {
            let e = parse_err(&format!("[settings]\n{key} = {value}\n"));
            assert!(
                e.starts_with(&format!("feeds.toml:2: `settings.{key}`: must be {range}")),
                "{key} = {value}: {e}"
            );
        }
        let c = parse_ok("[settings]\nconcurrency = 1024\nper_host_delay_ms = 0\nretries = 10\n");
        assert_eq!(c.settings.concurrency, 1024);
        assert_eq!(c.settings.retries, 10);
    }

    #[test]
    fn bad_selector_is_refused_at_load() {
        let e =
            parse_err("[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\nnews = \"ul >> li[\"\n");
        assert!(
            e.starts_with("feeds.toml:4: `source[0].news`: CSS selector syntax error"),
            "{e}"
        );
    }

    /// Regression: `div[[[` was refused with scraper's "Unexpected error
    /// occurred. Please report this to the developer".
    #[test]
    fn a_bad_selector_says_it_is_css_and_where() {
        let e =
            parse_err("[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\nnews = \"div[[[\"\n");
        assert_eq!(e.lines().count(), 1, "one line, no debug dump: {e}");
        assert!(
            e.starts_with(
                "feeds.toml:4: `source[0].news`: CSS selector syntax error in \"div[[[\" at character 4 (\"[[[\"):"
            ),
            "{e}"
        );
        assert!(!e.contains("report this to the developer"), "{e}");
    }

    /// Regression: "0 25 * * *" was refused with croner's "Number out of
    /// bounds", naming neither the field nor the value.
    #[test]
    fn a_cron_number_out_of_range_names_field_value_and_range() {
        let e = parse_err("[settings]\nschedule = \"0 25 * * *\"\n");
        assert_eq!(
            e,
            "feeds.toml:2: `settings.schedule`: bad cron line: hour 25 is out of range: the hour field allows 0-23"
        );
        let e = parse_err("[settings]\nschedule = \"0 9 * 13 1-5\"\n");
        assert!(e.contains("month 13 is out of range"), "{e}");
        let e = parse_err("[settings]\nschedule = \"61 0 9 * * 1\"\n");
        assert!(e.contains("second 61 is out of range"), "{e}");
        let e = parse_err("[settings]\nschedule = \"*/0 * * * *\"\n");
        assert!(e.contains("minute field \"*/0\""), "{e}");
        // Names, lists, ranges and steps within range still parse.
        parse_ok("[settings]\nschedule = \"0,30 9-17/2 1 JAN-DEC MON-FRI\"\n");
        parse_ok("[settings]\nschedule = \"0 0 * * 7\"\n");
    }

    #[test]
    fn an_unknown_key_names_file_line_table_and_the_likely_key() {
        let e = parse_err("# feeds\n\n[settings]\ndatabase = \"x.db\"\nshedule = \"0 * * * *\"\n");
        assert_eq!(
            e,
            "feeds.toml:5: unknown key 'shedule' in [settings]; did you mean 'schedule'?"
        );
        let e = parse_err(
            "[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\n[[source]]\nname = \"B\"\nurl = \"https://b.org/\"\nnwes = \"ul\"\n",
        );
        assert_eq!(
            e,
            "feeds.toml:7: unknown key 'nwes' in [[source]] #2; did you mean 'news'?"
        );
        let e = parse_err("[setings]\n");
        assert_eq!(
            e,
            "feeds.toml:1: unknown key 'setings' in the top level; did you mean 'settings'?"
        );
        // Nothing close: the keys that exist.
        let e = parse_err("[settings]\nfrobnicate = 1\n");
        assert!(
            e.starts_with(
                "feeds.toml:2: unknown key 'frobnicate' in [settings]; known keys: database, "
            ),
            "{e}"
        );
    }

    /// Regression: a URL without its `http://` was taken as a relative
    /// path and failed only at crawl time, as a missing file.
    #[test]
    fn a_url_without_a_scheme_is_refused_with_a_hint() {
        for url in [
            "127.0.0.1:8765/x.html",
            "localhost:8080",
            "example.org:80/~me/",
        ] {
            let e = parse_err(&format!("[[source]]\nname = \"A\"\nurl = \"{url}\"\n"));
            assert!(
                e.starts_with("feeds.toml:3: `source[0].url`: ")
                    && e.contains(&format!("write \"http://{url}\"")),
                "{e}"
            );
        }
        // Paths, including ones with a colon later on, stay paths.
        let c = parse_ok("[[source]]\nname = \"A\"\nurl = \"site/a:b.html\"\n");
        assert_eq!(c.sources[0].url.scheme(), "file");
        parse_ok("[[source]]\nname = \"A\"\nurl = \"http://127.0.0.1:8765/x.html\"\n");
    }

    #[test]
    fn duplicate_names_are_refused() {
        let e = parse_err(
            "[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\n[[source]]\nname = \"a\"\nurl = \"https://b.org/\"\n",
        );
        assert!(
            e.starts_with("feeds.toml:5: `source[1].name`: duplicate"),
            "{e}"
        );
    }

    #[test]
    fn sources_are_told_apart_by_url_or_id() {
        let two = |a: &str, b: &str| {
            format!("[[source]]\nname = \"A\"\n{a}\n[[source]]\nname = \"B\"\n{b}\n")
        };
        let e = parse_err(&two("url = \"https://a.org/\"", "url = \"https://a.org/\""));
        assert!(
            e.starts_with("feeds.toml:6: `source[1].url`: the same url as another source"),
            "{e}"
        );
        let c = parse_ok(&two(
            "url = \"https://a.org/\"\nid = \"a-news\"",
            "url = \"https://a.org/\"\nid = \"a-pubs\"",
        ));
        assert_eq!(c.sources[0].ident(), "id:a-news");
        assert_eq!(c.sources[1].slug(), "a-pubs");
        assert_eq!(
            parse_ok("[[source]]\nname = \"Hao Li\"\nurl = \"https://h.org/\"\n").sources[0]
                .ident(),
            "url:https://h.org/"
        );
        let e = parse_err("[[source]]\nname = \"A\"\nurl = \"https://a.org/\"\nid = \"a b\"\n");
        assert!(e.starts_with("feeds.toml:4: `source[0].id`"), "{e}");
    }

    #[test]
    fn bare_paths_become_file_urls_relative_to_the_config() {
        let c = parse_ok("[[source]]\nname = \"A\"\nurl = \"site/_site\"\n");
        assert_eq!(c.sources[0].url.as_str(), "file:///etc/sf/site/_site");
    }

    #[test]
    fn site_url_gets_a_trailing_slash() {
        let c = parse_ok("[settings]\nsite_url = \"https://example.org/feeds\"\n");
        assert_eq!(
            c.settings.site_url.join("feed.atom").unwrap().as_str(),
            "https://example.org/feeds/feed.atom"
        );
    }

    #[test]
    fn long_names_get_bounded_slugs_and_control_characters_are_refused() {
        let long = "Ada Lovelace ".repeat(21);
        assert!(long.len() > 255);
        let slug = slugify(&long);
        assert!(slug.len() <= MAX_SLUG_LEN, "{slug}");
        assert!(slug.starts_with("ada-lovelace-ada"), "{slug}");
        assert_ne!(
            slug,
            slugify(&format!("{long}x")),
            "the hash keeps them apart"
        );
        // Names that already fit keep their slug.
        let fits = "a".repeat(MAX_SLUG_LEN);
        assert_eq!(slugify(&fits), fits);
        // As TOML escapes: U+0001, U+007F, U+FFFE.
        for bad in [r"Ada\u0001Lovelace", r"Ada\u007F", r"Ada\uFFFE"] {
            let e = parse_err(&format!(
                "[[source]]\nname = \"{bad}\"\nurl = \"https://a.org/\"\n"
            ));
            assert!(
                e.starts_with(
                    "feeds.toml:2: `source[0].name`: must not contain control characters"
                ),
                "{e}"
            );
        }
    }

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        assert_eq!(slugify("Hao Li"), "hao-li");
        assert_eq!(slugify("  Ziwei  Liu (MMLab) "), "ziwei-liu-mmlab");
        assert!(slugify("王小明").starts_with("source-"));
        assert_ne!(slugify("王小明"), slugify("李小红"));
    }

    #[test]
    fn every_setting_is_documented_in_the_shipped_feeds_toml() {
        // Keep in step with `RawSettings`: an option missing here is an option users cannot find.
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds.toml"))
                .unwrap();
        for key in [
            "database",
            "output_dir",
            "site_url",
            "schedule",
            "timezone",
            "jitter_secs",
            "on_first_crawl",
            "announce_new_sources",
            "max_entries",
            "concurrency",
            "timeout_secs",
            "per_host_delay_ms",
            "max_body_mib",
            "retries",
        ] {
            assert!(
                text.lines().any(|l| l.starts_with(&format!("{key} = "))),
                "feeds.toml lacks `{key}`"
            );
        }
        for key in [
            "id",
            "format",
            "news",
            "publications",
            "schedule",
            "allow_private",
        ] {
            assert!(
                text.contains(&format!("# {key} = ")),
                "feeds.toml does not show the source option `{key}`"
            );
        }
    }

    #[test]
    fn shipped_feeds_toml_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("feeds.toml");
        let c = load(&path).unwrap();
        assert!(
            c.sources.len() >= 17,
            "the shipped config lists the seeds and the corpus sites"
        );
        assert!(
            c.sources
                .iter()
                .any(|s| s.url.as_str() == "https://nanomaoli.github.io/")
        );
        assert!(
            c.sources
                .iter()
                .any(|s| s.url.as_str() == "https://sizezheng.github.io/")
        );
    }
}
