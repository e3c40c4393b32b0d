//! Sync: one crawl of a source written into the store, in one transaction:
//! its items inserted, rewritten, marked removed or restored, the
//! source's health and validators, and the counts and changes a run
//! reports.
//!
//! This file holds the SQL and the rules about what a crawl may change;
//! which fresh item continues which stored one is decided apart, without
//! a database, in `matching` (and what makes two texts the same in
//! `identity`). A sync loads a section's stored items, asks `matching`
//! for the pairs, and writes the difference: a row is rewritten only when
//! something in it changed, so an unchanged page writes no item row.
//!
//! Removed items (including ones scrolled out of an al-folio "latest 3"
//! window) stay in the table with `removed_at`, and are matched like the
//! others: when they come back they are restored, not announced again.
//!
//! A crawl that looks broken (a section vanished or shrank drastically)
//! changes nothing for that section: a 200 error page must not wipe a source.

use std::collections::HashSet;

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::identity::normalize_text;
use super::matching::{Known, fresh_items, match_items};
use super::status::status_change;
use super::{SourceRecord, Store, ts};
use crate::model::{ExtractedItem, ExtractedPage, SectionKind, Validators};

/// A section is suspect when it vanished (any size; removed only when it
/// is still missing on the next successful crawl), or when it had at least
/// `GUARD_SHRINK_MIN_PREVIOUS` live items and keeps less than
/// `1 / GUARD_SHRINK_FACTOR` of them. The corpus's
/// largest real curation keeps 29% (34 -> 10 publications); an al-folio news
/// window keeps its size.
const GUARD_SHRINK_MIN_PREVIOUS: usize = 8;
const GUARD_SHRINK_FACTOR: usize = 4;

/// Whether items found now are announced in the feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    /// First crawl of a source: store silently.
    Baseline,
    /// A later crawl: what is new is announced.
    Announce,
    /// The same bytes as the last crawl, read again by a newer extractor:
    /// whatever it finds that the old one missed was on the page all
    /// along, so it is stored silently, and nothing it reads differently
    /// counts as an edit or a change of status (upgrades never flood
    /// readers).
    Reread,
}

impl SyncMode {
    /// How a crawl of a source is stored: silently on its first crawl
    /// (unless `publish_first_crawl`) and when its bytes were last read by
    /// an older extractor (`reread`), announced otherwise.
    pub fn for_crawl(baselined: bool, publish_first_crawl: bool, reread: bool) -> SyncMode {
        if reread {
            SyncMode::Reread
        } else if baselined || publish_first_crawl {
            SyncMode::Announce
        } else {
            SyncMode::Baseline
        }
    }
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Items never seen before (announced unless baselining).
    pub new: usize,
    /// Items whose text, date, title or group changed in a way a reader would notice.
    pub updated: usize,
    /// Items no longer on the page.
    pub removed: usize,
    /// Previously removed items that are back (not announced again).
    pub restored: usize,
    /// Items that went from pending to accepted (announced as entries of their own).
    pub status_changes: usize,
    /// Items never seen before, stored silently by a first crawl
    /// (`on_first_crawl = baseline`); not counted in `new`.
    pub baseline: usize,
}

impl SyncStats {
    /// Adds another source's counts, for a run's totals.
    pub fn add(&mut self, o: &SyncStats) {
        self.new += o.new;
        self.updated += o.updated;
        self.removed += o.removed;
        self.restored += o.restored;
        self.status_changes += o.status_changes;
        self.baseline += o.baseline;
    }
}

/// An item as a log line shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    /// A publication's title.
    pub title: Option<String>,
    /// The item's text.
    pub text: String,
    /// Its subheading.
    pub group: Option<String>,
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// First seen (and announced).
    New,
    /// Its text changed noticeably.
    Updated,
    /// It left the page.
    Removed,
}

/// One announced change, so the log can say which item it was (counts
/// alone leave "updated 1" a riddle). Baseline items are not listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// What happened.
    pub kind: ChangeKind,
    /// Where.
    pub section: SectionKind,
    /// The item now (for a removal: as it was last seen).
    pub item: ItemView,
    /// For an update: the item before it.
    pub before: Option<ItemView>,
}

/// What syncing one page did: counts for the report, the changes for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncOutcome {
    /// Counts.
    pub stats: SyncStats,
    /// Sections left unchanged because the crawl looked broken, with why.
    pub suspect: Vec<String>,
    /// Live items per section after the sync.
    pub news: usize,
    /// Live publications after the sync.
    pub publications: usize,
    /// Each new, updated and removed item, in page order per section.
    pub changes: Vec<ItemChange>,
    /// Whether the sync wrote anything a feed of the source is made of
    /// (an item row, or the "Now following" record): if not, its feeds
    /// are as the last publish wrote them.
    pub feed_changed: bool,
}

/// A stored item's row, with what matching reads of it.
struct Stored {
    id: i64,
    key: String,
    title: Option<String>,
    group: Option<String>,
    /// The stored row as written, to skip rewriting an item that is unchanged.
    html: String,
    date: Option<String>,
    links_json: String,
    position: i64,
    removed: bool,
    known: Known,
}

impl Store {
    /// Applies one successful crawl of `source` in a single transaction.
    /// Item markup must already be sanitized: extraction does it
    /// (`extract::sanitize`).
    pub fn sync_source(
        &mut self,
        source: &SourceRecord,
        page: &ExtractedPage,
        validators: &Validators,
        body_hash: &str,
        mode: SyncMode,
        now: DateTime<Utc>,
    ) -> Result<SyncOutcome> {
        let tx = self.conn.transaction()?;
        let mut outcome = SyncOutcome::default();
        let writes_before = tx.total_changes();
        for kind in SectionKind::ALL {
            let items: Vec<&ExtractedItem> = page.items(kind).collect();
            let stats = sync_section(
                &tx,
                source.id,
                kind,
                &items,
                mode,
                now,
                &mut outcome.suspect,
                &mut outcome.changes,
            )?;
            outcome.stats.add(&stats);
        }
        // Rows of `items` (and the vanished-section markers in `meta`).
        let items_written = tx.total_changes() != writes_before;
        (outcome.news, outcome.publications) = super::live_counts(&tx, source.id)?;
        // Until a source's baseline is taken, what each crawl found is kept
        // for the "Now following" entry: the first crawl's (even when it
        // found nothing: the reader should see that page was not
        // understood), then the crawl that first finds items replaces it.
        let follow_summary = if !source.baselined {
            let summary = super::FollowSummary {
                news: outcome.news,
                publications: outcome.publications,
                sections: page
                    .sections
                    .iter()
                    .map(|sec| super::FoundSection {
                        kind: sec.kind,
                        heading: sec.heading.clone(),
                        items: sec.items.len(),
                    })
                    .collect(),
                announced: mode == SyncMode::Announce,
            };
            Some(serde_json::to_string(&summary)?)
        } else {
            None
        };
        outcome.feed_changed = items_written || follow_summary.is_some();
        // A suspect crawl keeps no validators or body hash: the next crawl
        // must fetch and look again rather than trust this one.
        let trusted = outcome.suspect.is_empty();
        let has_items = outcome.news + outcome.publications > 0;
        // Shown by `status` and the index page; not a failure (no backoff).
        let warning = if !trusted {
            Some(outcome.suspect.join("; "))
        } else if let Some(u) = page.unrecognised.first() {
            Some(u.warning(&page.url))
        } else if !has_items {
            Some("no News or Publications section found on the page".to_string())
        } else {
            None
        };
        tx.prepare_cached(
            "UPDATE sources SET last_attempt = ?2, last_success = ?2, consecutive_failures = 0,
                    last_error = ?3,
                    etag = CASE WHEN ?4 THEN ?5 ELSE NULL END,
                    last_modified = CASE WHEN ?4 THEN ?6 ELSE NULL END,
                    body_hash = CASE WHEN ?4 THEN ?7 ELSE NULL END,
                    baselined = baselined OR ?8,
                    followed_at = CASE WHEN ?9 IS NOT NULL AND (followed_at IS NULL OR ?8)
                                       THEN ?2 ELSE followed_at END,
                    follow_summary = CASE WHEN ?9 IS NOT NULL AND (followed_at IS NULL OR ?8)
                                          THEN ?9 ELSE follow_summary END,
                    live_news = ?10, live_publications = ?11
             WHERE id = ?1",
        )?
        .execute(params![
            source.id,
            ts(now),
            warning,
            trusted,
            validators.etag,
            validators.last_modified,
            body_hash,
            has_items,
            follow_summary,
            outcome.news,
            outcome.publications,
        ])?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// A matched item's row, rewritten when anything about it changed.
const UPDATE_ITEM: &str =
    "UPDATE items SET match_key = ?2, text = ?3, html = ?4, title = ?5, date_text = ?6, date = ?7,
    links = ?8, grp = ?9, position = ?10, removed_at = NULL,
    updated_at = CASE WHEN ?12 THEN ?11 ELSE updated_at END,
    status_changed_at = CASE WHEN ?13 IS NULL THEN status_changed_at ELSE ?11 END,
    status_note = COALESCE(?13, status_note)
    WHERE id = ?1";

/// A new item's row; `first_seen` and `updated_at` are both `now` (?14).
const INSERT_ITEM: &str = "INSERT INTO items (source_id, section, key, match_key, text, html, title, date_text, date, links,
    grp, position, announced, first_seen, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)";

#[allow(clippy::too_many_arguments)]
fn sync_section(
    tx: &Connection,
    source_id: i64,
    kind: SectionKind,
    items: &[&ExtractedItem],
    mode: SyncMode,
    now: DateTime<Utc>,
    suspect: &mut Vec<String>,
    changes: &mut Vec<ItemChange>,
) -> Result<SyncStats> {
    let view = |title: &Option<String>, text: &str, group: &Option<String>| ItemView {
        title: title.clone(),
        text: text.to_string(),
        group: group.clone(),
    };
    let stored = load_stored(tx, source_id, kind)?;
    let live_before = stored.iter().filter(|s| !s.removed).count();
    let marker = format!("vanished/{source_id}/{kind}");
    let vanished_before = tx
        .prepare_cached("SELECT 1 FROM meta WHERE key = ?1")?
        .exists([&marker])?;
    if live_before > 0 && items.is_empty() && !vanished_before {
        // Whatever its size, a section that disappears is kept once: an
        // error page served with status 200 has no sections at all, and
        // used to remove a source's two publications in one crawl. Still
        // gone on the next successful crawl, it is removed.
        tx.prepare_cached("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute(params![marker, ts(now)])?;
        suspect.push(format!(
            "{kind} section vanished (had {live_before} items); kept as it was \
             (its items are removed if it is still missing on the next crawl)"
        ));
        return Ok(SyncStats::default());
    }
    if vanished_before {
        tx.prepare_cached("DELETE FROM meta WHERE key = ?1")?
            .execute([&marker])?;
    }
    // Still gone after a crawl that kept it: removed, not "shrank to 0".
    let confirmed_gone = vanished_before && items.is_empty();
    if !confirmed_gone && let Some(why) = guard(kind, live_before, items.len()) {
        suspect.push(why);
        return Ok(SyncStats::default());
    }

    let fresh = fresh_items(kind, items, !stored.is_empty());
    let known: Vec<&Known> = stored.iter().map(|s| &s.known).collect();
    let pairs = match_items(kind, &fresh, &known);
    let now_s = ts(now);
    let mut stats = SyncStats::default();
    let mut paired_stored = vec![false; stored.len()];
    let mut used_keys: HashSet<String> = stored.iter().map(|s| s.key.clone()).collect();

    for (pos, f) in fresh.iter().enumerate() {
        let it = f.item;
        let links = serde_json::to_string(&it.links)?;
        let date = it.date.map(|d| d.to_string());
        let html = &it.html;
        match pairs[pos] {
            Some(si) => {
                paired_stored[si] = true;
                let s = &stored[si];
                // Not the date label: it is read from the text, so it changes
                // with the text, or when a new version reads dates better,
                // which is not an edit of the page.
                let noticeable = mode != SyncMode::Reread
                    && (normalize_text(&s.known.text) != normalize_text(&it.text)
                        || s.title.as_deref().map(normalize_text)
                            != it.title.as_deref().map(normalize_text)
                        || s.group != it.group);
                if s.removed {
                    stats.restored += 1;
                } else if noticeable {
                    stats.updated += 1;
                    changes.push(ItemChange {
                        kind: ChangeKind::Updated,
                        section: kind,
                        item: view(&it.title, &it.text, &it.group),
                        before: Some(view(&s.title, &s.known.text, &s.group)),
                    });
                }
                let status = if s.removed || mode == SyncMode::Reread {
                    None
                } else {
                    status_change(
                        kind,
                        &s.known.text,
                        s.group.as_deref(),
                        &it.text,
                        it.group.as_deref(),
                    )
                };
                if status.is_some() {
                    stats.status_changes += 1;
                }
                let identical = !s.removed
                    && status.is_none()
                    && s.known.match_key == f.match_key
                    && s.known.text == it.text
                    && s.html == *html
                    && s.title == it.title
                    && s.known.date_text == it.date_text
                    && s.date == date
                    && s.links_json == links
                    && s.group == it.group
                    && usize::try_from(s.position).is_ok_and(|p| p == pos);
                if identical {
                    continue;
                }
                tx.prepare_cached(UPDATE_ITEM)?.execute(params![
                    s.id,
                    f.match_key,
                    it.text,
                    html,
                    it.title,
                    it.date_text,
                    date,
                    links,
                    it.group,
                    pos,
                    now_s,
                    noticeable && !s.removed,
                    status,
                ])?;
            }
            None => {
                let mut key = f.match_key.clone();
                let mut n = 1;
                while used_keys.contains(&key) {
                    n += 1;
                    key = format!("{}~{n}", f.match_key);
                }
                used_keys.insert(key.clone());
                tx.prepare_cached(INSERT_ITEM)?.execute(params![
                    source_id,
                    kind.as_str(),
                    key,
                    f.match_key,
                    it.text,
                    html,
                    it.title,
                    it.date_text,
                    date,
                    links,
                    it.group,
                    pos,
                    mode == SyncMode::Announce,
                    now_s,
                ])?;
                if mode == SyncMode::Announce {
                    stats.new += 1;
                    changes.push(ItemChange {
                        kind: ChangeKind::New,
                        section: kind,
                        item: view(&it.title, &it.text, &it.group),
                        before: None,
                    });
                } else {
                    stats.baseline += 1;
                }
            }
        }
    }
    for (s, paired) in stored.iter().zip(&paired_stored) {
        if !paired && !s.removed {
            tx.prepare_cached("UPDATE items SET removed_at = ?2 WHERE id = ?1")?
                .execute(params![s.id, now_s])?;
            // The same bytes read again: an old reading the new one does not
            // pair with (a title cut differently) is still on the page, under
            // the new reading stored above; it went nowhere.
            if mode == SyncMode::Reread {
                continue;
            }
            stats.removed += 1;
            changes.push(ItemChange {
                kind: ChangeKind::Removed,
                section: kind,
                item: view(&s.title, &s.known.text, &s.group),
                before: None,
            });
        }
    }
    Ok(stats)
}

/// The shrink rule; a section that vanished entirely is handled before,
/// by the two-crawl rule in `sync_section`.
fn guard(kind: SectionKind, before: usize, now: usize) -> Option<String> {
    if before >= GUARD_SHRINK_MIN_PREVIOUS && now * GUARD_SHRINK_FACTOR < before {
        return Some(format!(
            "{kind} section shrank from {before} to {now} items; kept as it was"
        ));
    }
    None
}

fn load_stored(tx: &Connection, source_id: i64, kind: SectionKind) -> Result<Vec<Stored>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, key, match_key, text, title, date_text, grp, links, removed_at IS NOT NULL,
                html, date, position
         FROM items WHERE source_id = ?1 AND section = ?2 ORDER BY removed_at IS NOT NULL, position",
    )?;
    let rows = stmt.query_map(params![source_id, kind.as_str()], |r| {
        let text: String = r.get(3)?;
        let title: Option<String> = r.get(4)?;
        let date_text: Option<String> = r.get(5)?;
        let links_json: String = r.get(7)?;
        let links: Vec<String> = serde_json::from_str(&links_json).unwrap_or_default();
        Ok(Stored {
            id: r.get(0)?,
            key: r.get(1)?,
            known: Known::new(r.get(2)?, text, title.as_deref(), date_text, &links),
            title,
            group: r.get(6)?,
            removed: r.get(8)?,
            html: r.get(9)?,
            date: r.get(10)?,
            position: r.get(11)?,
            links_json,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    use crate::store::fixtures::news;

    fn paper(title: &str, rest: &str, links: &[&str]) -> ExtractedItem {
        ExtractedItem {
            text: format!("{title}. {rest}"),
            title: Some(title.into()),
            ..news("", None, links)
        }
    }

    fn page(news_items: Vec<ExtractedItem>, pubs: Vec<ExtractedItem>) -> ExtractedPage {
        let mut sections = Vec::new();
        if !news_items.is_empty() {
            sections.push(crate::model::ExtractedSection {
                kind: SectionKind::News,
                heading: "News".into(),
                items: news_items,
            });
        }
        if !pubs.is_empty() {
            sections.push(crate::model::ExtractedSection {
                kind: SectionKind::Publications,
                heading: "Publications".into(),
                items: pubs,
            });
        }
        ExtractedPage {
            url: "https://a.org/".into(),
            format: Format::Html,
            sections,
            unrecognised: vec![],
        }
    }

    struct Fixture {
        store: Store,
        hour: i64,
    }

    impl Fixture {
        fn new() -> Self {
            Fixture {
                store: Store::open_in_memory(t0()).unwrap(),
                hour: 0,
            }
        }
        fn crawl(&mut self, p: &ExtractedPage) -> SyncOutcome {
            self.hour += 1;
            let now = t0() + chrono::Duration::hours(self.hour);
            let src = self
                .store
                .ensure_source("A", "https://a.org/", "url:https://a.org/", "a", now)
                .unwrap();
            self.store
                .sync_source(
                    &src,
                    p,
                    &Validators::default(),
                    "h",
                    SyncMode::for_crawl(src.baselined, false, false),
                    now,
                )
                .unwrap()
        }
        fn announced(&self) -> Vec<String> {
            self.store
                .announced(None, None, 100)
                .unwrap()
                .into_iter()
                .map(|i| i.text)
                .collect()
        }
    }

    fn base_news() -> Vec<ExtractedItem> {
        vec![
            news(
                "2025.05: Paper on KV caches accepted to ACL 2025.",
                Some("2025.05"),
                &["https://arxiv.org/abs/2411.17089"],
            ),
            news(
                "2025.03: I gave a talk at AMD about efficient inference.",
                Some("2025.03"),
                &[],
            ),
            news(
                "2024.12: Started my internship at Microsoft Research.",
                Some("2024.12"),
                &[],
            ),
        ]
    }

    #[test]
    fn first_crawl_is_a_silent_baseline_and_a_repeat_changes_nothing() {
        let mut fx = Fixture::new();
        let p = page(
            base_news(),
            vec![paper(
                "Efficient Inference With Partial Recomputation",
                "ACL 2025",
                &[],
            )],
        );
        let o = fx.crawl(&p);
        assert_eq!((o.stats.new, o.stats.baseline), (0, 4));
        assert!(o.changes.is_empty(), "baseline items are not listed");
        assert!(fx.announced().is_empty());
        // What was found is kept for the "Now following" entry.
        let f = fx.store.followings(&["A"]).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].summary.news, f[0].summary.publications), (3, 1));
        assert_eq!(
            f[0].summary
                .sections
                .iter()
                .map(|s| (s.heading.as_str(), s.items))
                .collect::<Vec<_>>(),
            [("News", 3), ("Publications", 1)]
        );
        assert!(!f[0].summary.announced);
        let followed_at = f[0].at;
        let before = fx.store.conn.total_changes();
        let o = fx.crawl(&p);
        assert_eq!(o.stats, SyncStats::default());
        assert_eq!((o.news, o.publications), (3, 1));
        // Only the source's row is written; unchanged items are not rewritten.
        assert_eq!(fx.store.conn.total_changes() - before, 1);
        assert_eq!(fx.store.followings(&["A"]).unwrap()[0].at, followed_at);
    }

    /// A page read but not understood is followed too (the entry says what
    /// was missed); once items are found, that crawl's summary replaces it.
    #[test]
    fn a_page_with_nothing_found_is_followed_and_re_followed_when_items_appear() {
        let mut fx = Fixture::new();
        fx.crawl(&page(vec![], vec![]));
        let f = fx.store.followings(&["A"]).unwrap();
        assert_eq!(
            (f.len(), f[0].summary.news, f[0].summary.publications),
            (1, 0, 0)
        );
        let first = f[0].at;
        fx.crawl(&page(vec![], vec![]));
        assert_eq!(fx.store.followings(&["A"]).unwrap()[0].at, first, "kept");
        fx.crawl(&page(base_news(), vec![]));
        let f = fx.store.followings(&["A"]).unwrap();
        assert_eq!(f[0].summary.news, 3);
        assert!(f[0].at > first);
        let found = f[0].at;
        fx.crawl(&page(base_news(), vec![]));
        assert_eq!(
            fx.store.followings(&["A"]).unwrap()[0].at,
            found,
            "once baselined, fixed"
        );
    }

    #[test]
    fn each_announced_change_is_listed_with_the_item_before_and_after() {
        let mut fx = Fixture::new();
        fx.crawl(&page(base_news(), vec![]));
        let mut n = base_news();
        n.insert(
            0,
            news(
                "2025.06: Our workshop was accepted at NeurIPS.",
                Some("2025.06"),
                &[],
            ),
        );
        n[1].text = "2025.05: Paper on KV caches accepted to ACL 2025 as an oral.".into();
        n.pop();
        let o = fx.crawl(&page(n, vec![]));
        let kinds: Vec<_> = o.changes.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [ChangeKind::New, ChangeKind::Updated, ChangeKind::Removed]
        );
        assert_eq!(
            o.changes[0].item.text,
            "2025.06: Our workshop was accepted at NeurIPS."
        );
        assert_eq!(
            o.changes[1].before.as_ref().unwrap().text,
            "2025.05: Paper on KV caches accepted to ACL 2025."
        );
        assert!(o.changes[1].item.text.ends_with("as an oral."));
        assert_eq!(o.changes[2].section, SectionKind::News);
        assert_eq!((o.stats.new, o.stats.updated, o.stats.removed), (1, 1, 1));
    }

    #[test]
    fn new_items_are_announced_and_reorders_are_not() {
        let mut fx = Fixture::new();
        fx.crawl(&page(base_news(), vec![]));
        let mut n = base_news();
        n.reverse();
        n.insert(
            0,
            news(
                "2025.06: Our workshop proposal was accepted at NeurIPS.",
                Some("2025.06"),
                &[],
            ),
        );
        let o = fx.crawl(&page(n, vec![]));
        assert_eq!(
            o.stats,
            SyncStats {
                new: 1,
                ..Default::default()
            }
        );
        assert_eq!(
            fx.announced(),
            vec!["2025.06: Our workshop proposal was accepted at NeurIPS."]
        );
    }

    #[test]
    fn edits_update_in_place_and_typo_fixes_do_not_bump() {
        let mut fx = Fixture::new();
        fx.crawl(&page(base_news(), vec![]));
        let mut n = base_news();
        n[1] = news(
            "2025.03: I gave an invited talk at AMD about efficient LLM inference.",
            Some("2025.03"),
            &[],
        );
        n[2] = news(
            "2024.12: Started my internship at Microsoft Research!",
            Some("2024.12"),
            &[],
        );
        let o = fx.crawl(&page(n.clone(), vec![]));
        assert_eq!(
            o.stats,
            SyncStats {
                updated: 1,
                ..Default::default()
            }
        );
        // The stored text follows the page.
        let live = fx.store.live_items("A").unwrap();
        assert!(live.iter().any(|i| i.text.ends_with("Research!")));
    }

    #[test]
    fn removed_items_are_kept_and_restored_without_announcement() {
        let mut fx = Fixture::new();
        fx.crawl(&page(base_news(), vec![]));
        let mut n = base_news();
        let dropped = n.pop().unwrap();
        n.insert(
            0,
            news(
                "2025.07: Released the code for our ICCV paper.",
                Some("2025.07"),
                &[],
            ),
        );
        let o = fx.crawl(&page(n.clone(), vec![]));
        assert_eq!(
            o.stats,
            SyncStats {
                new: 1,
                removed: 1,
                ..Default::default()
            }
        );
        n.push(dropped);
        let o = fx.crawl(&page(n, vec![]));
        assert_eq!(
            o.stats,
            SyncStats {
                restored: 1,
                ..Default::default()
            }
        );
        assert_eq!(fx.announced().len(), 1);
    }

    #[test]
    fn a_retitled_paper_with_the_same_link_is_an_edit() {
        let mut fx = Fixture::new();
        let link = "https://arxiv.org/abs/2401.00001";
        fx.crawl(&page(
            vec![],
            vec![paper("Scaling Laws for Tiny Models", "arXiv", &[link])],
        ));
        let o = fx.crawl(&page(
            vec![],
            vec![paper(
                "Completely New Name for the Same Work",
                "CVPR 2026",
                &["https://arxiv.org/pdf/2401.00001v3"],
            )],
        ));
        assert_eq!(
            o.stats,
            SyncStats {
                updated: 1,
                // arXiv -> CVPR: the retitled paper was also accepted.
                status_changes: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_preprint_that_is_accepted_is_announced_once_as_a_status_change() {
        let mut fx = Fixture::new();
        let mut pre = paper("Scaling Laws for Tiny Models", "arXiv preprint 2025", &[]);
        pre.group = Some("Preprints".into());
        fx.crawl(&page(vec![], vec![pre.clone()]));
        let mut acc = paper("Scaling Laws for Tiny Models", "CVPR 2026", &[]);
        acc.group = Some("Conference Papers".into());
        let o = fx.crawl(&page(vec![], vec![acc.clone()]));
        assert_eq!(o.stats.new, 0);
        assert_eq!(o.stats.status_changes, 1);
        let changes = fx.store.status_changes(None, None, 10).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].status_note.as_deref(),
            Some("accepted (Conference Papers)")
        );
        // Seen again: nothing more.
        let o = fx.crawl(&page(vec![], vec![acc]));
        assert_eq!(o.stats, SyncStats::default());
    }

    #[test]
    fn duplicate_titles_stay_two_items() {
        let mut fx = Fixture::new();
        let p = page(
            vec![],
            vec![
                paper("Same Title Twice Here", "CVPR", &[]),
                paper("Same Title Twice Here", "TPAMI", &[]),
            ],
        );
        assert_eq!(fx.crawl(&p).stats.baseline, 2);
        assert_eq!(fx.crawl(&p).stats, SyncStats::default());
    }

    #[test]
    fn a_vanished_or_collapsed_section_changes_nothing() {
        let mut fx = Fixture::new();
        fx.crawl(&page(base_news(), vec![]));
        let o = fx.crawl(&page(vec![], vec![]));
        assert_eq!(o.stats, SyncStats::default());
        assert_eq!(o.suspect.len(), 1, "{:?}", o.suspect);
        assert_eq!(o.news, 3);
        let src = fx.store.source("A").unwrap().unwrap();
        assert!(src.last_error.unwrap().contains("vanished"));
        assert_eq!(
            src.body_hash, None,
            "a suspect crawl is not trusted as a baseline for skipping"
        );
    }

    #[test]
    fn a_page_without_sections_stays_flagged_while_it_is_unchanged() {
        let mut fx = Fixture::new();
        fx.crawl(&page(vec![], vec![]));
        let src = fx.store.source("A").unwrap().unwrap();
        let warning = src
            .last_error
            .clone()
            .expect("flagged on the crawl that read it");
        // The next crawl gets the same bytes and skips extraction.
        fx.store
            .record_unchanged(src.id, None, t0() + chrono::Duration::hours(9))
            .unwrap();
        let src = fx.store.source("A").unwrap().unwrap();
        assert_eq!(src.last_error.as_deref(), Some(warning.as_str()));
    }
}
