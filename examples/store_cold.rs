//! What the store alone costs on a cold run: every live item of an existing
//! database (one `benches/e2e.py` left behind) synced again, page by page,
//! into a new database on disk, as a first crawl of each source does.
//! Extraction is not repeated: the pages are rebuilt from the stored rows,
//! so only SQLite and the matching around it are timed.
//!
//! ```sh
//! python3 benches/e2e.py --sizes 1000 --no-urlwatch --no-store-growth
//! cargo run --profile profiling --example store_cold -- \
//!     /tmp/scholarfeed-bench/sf-1000/scholarfeed.db /tmp/store-cold-1
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use scholarfeed::model::{
    ExtractedItem, ExtractedPage, ExtractedSection, Format, PartialDate, SectionKind, Validators,
};
use scholarfeed::store::{Store, SyncMode};

/// Each source's page (name, URL, page) as its live rows describe it.
fn pages(db: &Path) -> Vec<(String, String, ExtractedPage)> {
    let conn = Connection::open(db).expect("database opens");
    let mut stmt = conn
        .prepare(
            "SELECT s.name, s.url, i.section, i.text, i.date_text, i.date, i.title, i.links, i.grp, i.html
             FROM items i JOIN sources s ON s.id = i.source_id
             WHERE i.removed_at IS NULL ORDER BY s.id, i.section, i.position",
        )
        .expect("query prepares");
    let mut out: BTreeMap<(String, String), Vec<ExtractedSection>> = BTreeMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                ExtractedItem {
                    text: r.get(3)?,
                    date_text: r.get(4)?,
                    date: r
                        .get::<_, Option<String>>(5)?
                        .as_deref()
                        .and_then(PartialDate::parse_canonical),
                    title: r.get(6)?,
                    links: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
                    group: r.get(8)?,
                    html: r.get(9)?,
                },
            ))
        })
        .expect("query runs");
    for row in rows {
        let (name, url, section, item) = row.expect("row reads");
        let kind = SectionKind::parse(&section).expect("known section");
        let sections = out.entry((name, url)).or_default();
        match sections.iter_mut().find(|s| s.kind == kind) {
            Some(s) => s.items.push(item),
            None => sections.push(ExtractedSection {
                kind,
                heading: kind.as_str().to_string(),
                items: vec![item],
            }),
        }
    }
    out.into_iter()
        .map(|((name, url), sections)| {
            let page = ExtractedPage {
                url: url.clone(),
                format: Format::Html,
                sections,
                unrecognised: vec![],
            };
            (name, url, page)
        })
        .collect()
}

/// User + system CPU time of this process so far (Linux: /proc/self/stat, in clock ticks of 10 ms).
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<u64> = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    Duration::from_millis(fields.iter().sum::<u64>() * 10)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(from), Some(dir)) = (args.next(), args.next()) else {
        panic!("usage: store_cold FROM.db WORKDIR");
    };
    let pages = pages(Path::new(&from));
    let items: usize = pages
        .iter()
        .map(|(_, _, p)| p.sections.iter().map(|s| s.items.len()).sum::<usize>())
        .sum();
    // A new directory: files created where thousands were just deleted
    // cost ext4 a search for inodes it may reuse, which would be timed too.
    let dir = Path::new(&dir);
    std::fs::create_dir(dir).expect("WORKDIR must not exist yet");
    let now: DateTime<Utc> = "2026-11-30T12:00:00Z".parse().expect("time");
    let db = dir.join("cold.db");

    let (t, cpu_start) = (Instant::now(), cpu());
    let mut store = Store::open(&db, now).expect("store opens");
    let records: Vec<_> = pages
        .iter()
        .map(|(name, url, _)| {
            store
                .ensure_source(
                    name,
                    url,
                    &format!("url:{url}"),
                    &scholarfeed::config::slugify(name),
                    now,
                )
                .expect("source row")
        })
        .collect();
    let ensure = t.elapsed();
    let t0 = t;
    let mut sync = Duration::ZERO;
    let mut slowest = Duration::ZERO;
    for (record, (_, _, page)) in records.iter().zip(&pages) {
        let t = Instant::now();
        store
            .sync_source(
                record,
                page,
                &Validators::default(),
                "hash",
                SyncMode::Baseline,
                now,
            )
            .expect("sync");
        let took = t.elapsed();
        sync += took;
        slowest = slowest.max(took);
    }
    // The feeds of this store, as the run's publish writes them (the
    // output directory empty, as on a first run).
    let mut text = String::from("[settings]\nsite_url = \"http://127.0.0.1/feeds/\"\n");
    for (name, url, _) in &pages {
        text.push_str(&format!("[[source]]\nname = {name:?}\nurl = {url:?}\n"));
    }
    let config = scholarfeed::config::parse(&text, "store_cold", dir).expect("config");
    // The queries each source's feed makes, apart from rendering and files.
    let t = Instant::now();
    for (name, _, _) in &pages {
        store
            .announced(Some(name), None, config.settings.max_entries)
            .expect("query");
        store
            .status_changes(Some(name), None, config.settings.max_entries)
            .expect("query");
    }
    let queries = t.elapsed();
    let t = Instant::now();
    let report = scholarfeed::publish::publish(&config, &store).expect("publish");
    let publish = t.elapsed();
    let t = Instant::now();
    drop(store);
    let close = t.elapsed();
    println!(
        "per-source feed queries {queries:.2?}; publish {publish:.2?}, {} files",
        report.written.len()
    );
    let (wall, cpu_used) = (t0.elapsed(), cpu() - cpu_start);
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    println!(
        "{} sources, {items} items: ensure {ensure:.2?}, sync {sync:.2?} ({:.1} µs per item, slowest source {slowest:.2?}), close {close:.2?}; all {wall:.2?}, CPU {cpu_used:.2?}; database {:.1} MB",
        pages.len(),
        sync.as_secs_f64() * 1e6 / items.max(1) as f64,
        size(&db) as f64 / 1e6
    );
}
