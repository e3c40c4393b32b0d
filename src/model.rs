//! The words every stage shares: what a source is, which sections we watch,
//! and what an extracted item looks like.
//!
//! Extraction produces [`ExtractedPage`]s; the store turns their items into
//! stored rows with identities; publishing renders stored rows. Nothing here
//! does I/O, so every stage can be tested with values built by hand.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The two parts of a homepage we follow. Everything else on a page
/// (teaching, awards, service, projects) is deliberately ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    News,
    Publications,
}

impl SectionKind {
    pub const ALL: [SectionKind; 2] = [SectionKind::News, SectionKind::Publications];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::News => "news",
            SectionKind::Publications => "publications",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "news" => Some(SectionKind::News),
            "publications" => Some(SectionKind::Publications),
            _ => None,
        }
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a fetched document is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Markdown,
    Feed,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Feed => "feed",
        }
    }
}

/// A calendar date known to year, month or day precision.
///
/// Homepages write "2024", "July 2024" or "05/19/2025"; inventing a day or
/// month we were not given would make sorting and display lie, so the
/// precision travels with the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    pub fn month(year: i32, month: u32) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    pub fn day(year: i32, month: u32, day: u32) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// Parses the canonical form produced by `Display` ("2025", "2025-05", "2025-05-19").
    pub fn parse_canonical(s: &str) -> Option<Self> {
        let mut parts = s.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u32> = match parts.next() {
            Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day: Option<u32> = match parts.next() {
            Some(d) => Some(d.parse().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if parts.next().is_some() || (day.is_some() && month.is_none()) {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The first instant the date can denote, for ordering against timestamps.
    pub fn earliest(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse_canonical(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid partial date {s:?}")))
    }
}

/// One news line or one publication, as a reader of the page would see it.
///
/// The serialized form (without `html`) is the `preview --json` contract
/// documented in README.md; add fields, never rename them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedItem {
    /// The whole visible text, date label included, whitespace collapsed.
    pub text: String,
    /// The date label exactly as written ("05/19/2025", "Sept. 2025"), without brackets or `:`.
    pub date_text: Option<String>,
    /// `date_text` parsed, at the precision the page gave.
    pub date: Option<PartialDate>,
    /// For publications: the paper title. For news: `None`.
    pub title: Option<String>,
    /// Absolute link targets in page order, duplicates removed: http, https
    /// and mailto only, without userinfo ([`safe_link`]).
    pub links: Vec<String>,
    /// The sub-heading the item sits under ("2024", "Preprints", "Journal").
    pub group: Option<String>,
    /// The item's markup with links made absolute, sanitized as it was
    /// serialised (`extract::sanitize`): safe to store and publish.
    #[serde(skip)]
    pub html: String,
}

/// A News or Publications section found on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedSection {
    pub kind: SectionKind,
    /// The heading as written on the page (or the selector, for overrides).
    pub heading: String,
    pub items: Vec<ExtractedItem>,
}

/// Everything extracted from one document. This is the `preview --json` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedPage {
    pub url: String,
    pub format: Format,
    pub sections: Vec<ExtractedSection>,
    /// Headings named like a News or Publications section under which no
    /// item was recognised. The worst failure a page can have, so it is
    /// reported (log, `status`, index page), never silent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unrecognised: Vec<Unrecognised>,
}

/// A section heading with nothing recognised under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrecognised {
    pub kind: SectionKind,
    pub heading: String,
    /// A CSS selector for the largest run of similar records under the
    /// heading, to paste into `feeds.toml` (`publications = "…"`).
    pub suggestion: Option<String>,
}

impl Unrecognised {
    /// The one-line warning the log, `status` and the index page show.
    pub fn warning(&self, url: &str) -> String {
        let mut w = format!(
            "{} section heading '{}' found but no items recognised; see `scholarfeed preview --explain {url}`",
            self.kind, self.heading
        );
        if let Some(s) = &self.suggestion {
            w.push_str(&format!(" (or try {} = \"{s}\" in feeds.toml)", self.kind));
        }
        w
    }
}

impl ExtractedPage {
    /// Items of one kind across all sections of that kind, in page order.
    pub fn items(&self, kind: SectionKind) -> impl Iterator<Item = &ExtractedItem> {
        self.sections
            .iter()
            .filter(move |s| s.kind == kind)
            .flat_map(|s| s.items.iter())
    }

    pub fn has_section(&self, kind: SectionKind) -> bool {
        self.sections.iter().any(|s| s.kind == kind)
    }
}

/// Conditional-GET validators remembered from the last successful fetch.
/// Fetching sends them and the store keeps them between runs; they live
/// here so that neither stage has to import the other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// 16 hex digits of SHA-256: short enough for ids, stable forever. Item
/// identities (store), entry ids (publish) and the slugs of non-ASCII
/// names (config) all depend on it, so it sits below all three.
pub fn short_hash(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A link as it may be written into a feed, `index.html` or a log line, or
/// `None` when it must not be written at all.
///
/// Pages are hostile input: `java&#9;script:`, `&#1;javascript:`,
/// `data:text/html,…` and `vbscript:` all reached readers' link lists once,
/// and a click on the `serve` origin ran script. The scheme is judged after
/// WHATWG URL parsing (which drops the tabs, newlines and control
/// characters a browser drops too), so no spelling gets past it; only
/// http, https and mailto pass. Userinfo is removed: a source configured as
/// `https://user:secret@host/` lends its password to every relative link
/// on the page. A link that is already clean comes back byte-identical.
pub fn safe_link(link: &str) -> Option<String> {
    safe_parsed_link(link, &url::Url::parse(link).ok()?)
}

/// [`safe_link`] for a link already parsed as `url` (the extractor parses
/// each link once, for its markup and its link list).
pub fn safe_parsed_link(link: &str, url: &url::Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https" | "mailto") {
        return None;
    }
    if url.username().is_empty() && url.password().is_none() && link == url.as_str() {
        return Some(link.to_string());
    }
    Some(without_userinfo(url).to_string())
}

/// `url` without user name and password, for everything we write or log.
pub fn without_userinfo(url: &url::Url) -> url::Url {
    let mut url = url.clone();
    // Both fail only for URLs that cannot carry userinfo at all.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

/// [`without_userinfo`] for a URL held as text; text that is not a URL is
/// returned as it is (it has no userinfo to hide).
pub fn redact_url(text: &str) -> String {
    match url::Url::parse(text) {
        Ok(u) if !u.username().is_empty() || u.password().is_some() => {
            without_userinfo(&u).to_string()
        }
        _ => text.to_string(),
    }
}

/// How a command ended, mapped to the process exit code by `main`. Exit
/// codes are a contract (README.md); the type lives here, below `cli` and
/// `schedule`, because the daemon ends a command too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Ok = 0,
    SourcesFailed = 1,
    Usage = 2,
    /// The command could not do its job at all: the database cannot be
    /// opened or is damaged, the feeds cannot be written, the address
    /// cannot be bound. Apart from 1 so that cron and systemd can tell "a
    /// homepage is down" from "scholarfeed itself is broken".
    Fatal = 3,
}

impl ExitStatus {
    /// The status for a command that ended in an error. Everything that
    /// reaches `main` stopped the command itself (a source's failure is
    /// reported inside the run): the output cannot be written
    /// (`pipeline::OutputUnusable`), the store cannot be used, the
    /// address cannot be bound. Apart from 1 so that cron and systemd can
    /// tell "a homepage is down" from "scholarfeed itself is broken".
    pub fn of_error(_e: &anyhow::Error) -> ExitStatus {
        ExitStatus::Fatal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_across_builds() {
        // A changed constant here would re-announce every stored item.
        assert_eq!(short_hash("x:hello"), "7041b1b6fe4fecd1");
    }

    #[test]
    fn partial_date_round_trips_at_every_precision() {
        for s in ["2025", "2025-05", "2025-05-19"] {
            assert_eq!(PartialDate::parse_canonical(s).unwrap().to_string(), s);
        }
        assert!(PartialDate::parse_canonical("2025-13").is_none());
        assert!(PartialDate::parse_canonical("2025-01-01-01").is_none());
        assert!(PartialDate::parse_canonical("x").is_none());
    }

    #[test]
    fn partial_dates_order_by_year_then_month_then_day() {
        assert!(PartialDate::year(2024) < PartialDate::month(2024, 1));
        assert!(PartialDate::month(2024, 12) < PartialDate::day(2025, 1, 1));
    }

    #[test]
    fn only_web_and_mail_links_pass_whatever_their_spelling() {
        for bad in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "not a url",
            "",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
        for good in [
            "https://arxiv.org/abs/2411.17089",
            "http://example.org/a?b=c#d",
            "mailto:ada@example.org",
        ] {
            assert_eq!(safe_link(good).as_deref(), Some(good));
        }
    }

    #[test]
    fn userinfo_never_survives() {
        assert_eq!(
            safe_link("https://user:secret@host.example/paper.pdf").as_deref(),
            Some("https://host.example/paper.pdf")
        );
        assert_eq!(
            redact_url("https://user:secret@host.example/"),
            "https://host.example/"
        );
        assert_eq!(redact_url("file:///srv/site/"), "file:///srv/site/");
    }
}
