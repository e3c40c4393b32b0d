//! End-to-end runs of `run_once` against a local HTTP server serving the
//! seed pages: what a user sees after one, two and failing crawls.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scholarfeed::config::{self, Config};
use scholarfeed::fetch::Fetcher;
use scholarfeed::pipeline::{self, SourceOutcome};
use scholarfeed::store::Store;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "support/needs.rs"]
mod needs;
#[path = "support/outputs.rs"]
mod outputs;

/// `../shared` when its seeds are there (see `needs`: missing fails under CI).
fn shared() -> Option<PathBuf> {
    needs::shared("seeds").map(|seeds| seeds.parent().unwrap().to_path_buf())
}

fn seed(shared: &Path, prefix: &str) -> String {
    let dir = shared.join("seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_str().unwrap().starts_with(prefix)
                && p.extension().is_some_and(|e| e == "md")
        })
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()));
    std::fs::read_to_string(entry).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

struct Env {
    dir: tempfile::TempDir,
    config: Config,
}

impl Env {
    fn new(first_crawl: &str, sources: &[(&str, String)]) -> Env {
        Env::with_settings(&format!("on_first_crawl = \"{first_crawl}\""), sources)
    }

    fn with_settings(settings: &str, sources: &[(&str, String)]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let mut text =
            format!("[settings]\nsite_url = \"https://feeds.example.org/\"\n{settings}\n");
        for default in ["per_host_delay_ms = 0", "retries = 0", "timeout_secs = 5"] {
            let key = default.split(' ').next().unwrap();
            if !settings.contains(key) {
                text.push_str(default);
                text.push('\n');
            }
        }
        for (name, url) in sources {
            text.push_str(&format!("[[source]]\nname = \"{name}\"\nurl = \"{url}\"\n"));
        }
        let cfg_path = dir.path().join("feeds.toml");
        std::fs::write(&cfg_path, text).unwrap();
        let config = config::load(&cfg_path).unwrap();
        Env { dir, config }
    }

    async fn run(&self, now: DateTime<Utc>) -> pipeline::Report {
        let fetcher = Fetcher::new(pipeline::fetch_settings(&self.config)).unwrap();
        let mut store = Store::open(&self.config.settings.database, now).unwrap();
        pipeline::run_once(&Arc::new(self.config.clone()), &fetcher, &mut store, now)
            .await
            .unwrap()
    }

    fn out(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join("public").join(name)).unwrap()
    }

    fn feed(&self, name: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(&self.out(name)[..])
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"))
    }
}

async fn serve(server: &MockServer, at_path: &str, body: String) {
    Mock::given(method("GET"))
        .and(path(at_path))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(body)
                .insert_header("content-type", "text/markdown"),
        )
        .mount(server)
        .await;
}

/// A local server serving the given seeds (name, seed prefix) and a config
/// following them. Keep the server alive for the test's length.
async fn seeded(first_crawl: &str, shared: &Path, seeds: &[(&str, &str)]) -> (MockServer, Env) {
    let server = MockServer::start().await;
    let mut sources = Vec::new();
    for (name, prefix) in seeds {
        let path = format!("/{prefix}.md");
        serve(&server, &path, seed(shared, prefix)).await;
        sources.push((*name, format!("{}{path}", server.uri())));
    }
    let env = Env::new(first_crawl, &sources);
    (server, env)
}

#[tokio::test]
async fn first_crawl_is_a_baseline_and_the_second_adds_nothing() {
    let Some(shared) = shared() else { return };
    let (_server, env) = seeded("baseline", &shared, &[("Lei Gao", "000")]).await;

    let r1 = env.run(at("2026-03-01T10:00:00Z")).await;
    assert_eq!(r1.failed(), 0);
    match &r1.sources[0].outcome {
        SourceOutcome::Synced { news, stats, .. } => {
            assert_eq!(*news, 6, "seed 000 has six news items");
            assert_eq!((stats.new, stats.baseline), (0, 6));
        }
        other => panic!("unexpected outcome {other:?}"),
    }
    // Stored, not announced: the one entry in the merged and the source's
    // feed says the page was read and what was found; the section feeds
    // stay empty.
    for name in ["feed.atom", "feed.rss", "sources/lei-gao.atom"] {
        let entries = env.feed(name).entries;
        assert_eq!(entries.len(), 1, "{name}");
        let title = &entries[0].title.as_ref().unwrap().content;
        assert_eq!(
            title, "Now following Lei Gao: 6 news, 0 publications found",
            "{name}"
        );
    }
    let e = &env.feed("feed.atom").entries[0];
    let body = e.content.as_ref().unwrap().body.clone().unwrap();
    assert!(body.contains("6 items under"), "{body}");
    assert!(body.contains("No publications section was found"), "{body}");
    assert!(body.contains("on_first_crawl = baseline"), "{body}");
    assert_eq!(e.categories[0].term, "following");
    assert!(env.feed("news.atom").entries.is_empty());
    assert!(env.feed("publications.atom").entries.is_empty());
    let atom_before = env.out("feed.atom");

    let r2 = env.run(at("2026-03-01T16:00:00Z")).await;
    assert_eq!(r2.totals.new, 0);
    assert!(
        matches!(r2.sources[0].outcome, SourceOutcome::Unchanged),
        "{:?}",
        r2.sources[0].outcome
    );
    assert_eq!(
        env.out("feed.atom"),
        atom_before,
        "nothing changed, so the feed is byte-identical"
    );
    // A quiet run skips publishing, but never leaves a feed missing.
    assert!(r2.publish.written.is_empty(), "{:?}", r2.publish.written);
    let rss = env.dir.path().join("public/feed.rss");
    std::fs::remove_file(&rss).unwrap();
    env.run(at("2026-03-01T22:00:00Z")).await;
    assert!(rss.is_file(), "a deleted feed is written again");
}

#[tokio::test]
async fn announce_new_sources_false_keeps_a_baseline_silent() {
    let Some(shared) = shared() else { return };
    let server = MockServer::start().await;
    serve(&server, "/000.md", seed(&shared, "000")).await;
    let env = Env::with_settings(
        "announce_new_sources = false",
        &[("Lei Gao", format!("{}/000.md", server.uri()))],
    );
    let r = env.run(at("2026-03-01T10:00:00Z")).await;
    assert_eq!(r.totals.baseline, 6);
    assert!(env.feed("feed.atom").entries.is_empty());
    assert!(env.feed("sources/lei-gao.atom").entries.is_empty());
}

#[tokio::test]
async fn publish_mode_feeds_parse_back_with_ids_authors_categories_and_dates() {
    let Some(shared) = shared() else { return };
    let (_server, env) = seeded("publish", &shared, &[("Lei Gao", "000"), ("Hao Li", "002")]).await;
    let t1 = at("2026-03-01T10:00:00Z");
    let r = env.run(t1).await;
    assert_eq!(r.failed(), 0);
    assert!(r.totals.new > 6, "{:?}", r.totals);

    for name in ["feed.atom", "feed.rss"] {
        let feed = env.feed(name);
        // Every item, and one "Now following" entry per source.
        assert_eq!(feed.entries.len(), r.totals.new + 2, "{name}");
        let mut ids = std::collections::HashSet::new();
        for e in &feed.entries {
            if e.categories.first().is_some_and(|c| c.term == "following") {
                continue;
            }
            assert!(
                e.id.starts_with("tag:scholarfeed,2026:"),
                "{name}: id {}",
                e.id
            );
            assert!(ids.insert(e.id.clone()), "{name}: duplicate id {}", e.id);
            // The first-seen second; its milliseconds give page order.
            let published = e.published.unwrap();
            assert!(
                published >= t1 && published < t1 + chrono::Duration::seconds(1),
                "{name}: published {published} is not in the first-seen second"
            );
            let author = e
                .authors
                .first()
                .map(|a| a.name.clone())
                .unwrap_or_default();
            assert!(
                author == "Lei Gao" || author == "Hao Li",
                "{name}: author {author:?}"
            );
            let cat = &e.categories.first().expect("category").term;
            assert!(
                cat == "news" || cat == "publications",
                "{name}: category {cat}"
            );
            if author == "Lei Gao" {
                assert_eq!(cat, "news", "seed 000 has no publications section");
            }
            assert!(
                e.title
                    .as_ref()
                    .is_some_and(|t| t.content.starts_with(&format!("{author}: ")))
            );
        }
    }
    // Per-section and per-source feeds partition the merged one.
    let news = env.feed("news.atom").entries.len();
    let pubs = env.feed("publications.atom").entries.len();
    assert_eq!(news + pubs, r.totals.new);
    assert_eq!(env.feed("sources/lei-gao.atom").entries.len(), 6 + 1);
    // Ids are stable: a fresh database over the same pages gives the same ids.
    let ids: Vec<String> = env
        .feed("feed.atom")
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    std::fs::remove_file(&env.config.settings.database).unwrap();
    env.run(t1).await;
    let again: Vec<String> = env
        .feed("feed.atom")
        .entries
        .iter()
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(ids, again);
}

#[tokio::test]
async fn a_304_skips_extraction() {
    let Some(shared) = shared() else { return };
    let server = MockServer::start().await;
    let body = seed(&shared, "003");
    Mock::given(method("GET"))
        .and(path("/z.md"))
        .and(|r: &Request| {
            r.headers
                .get("if-none-match")
                .is_some_and(|v| v == "\"v1\"")
        })
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/z.md"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(body)
                .insert_header("etag", "\"v1\""),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let env = Env::new(
        "baseline",
        &[("Size Zheng", format!("{}/z.md", server.uri()))],
    );
    let r1 = env.run(at("2026-03-01T10:00:00Z")).await;
    assert!(
        matches!(r1.sources[0].outcome, SourceOutcome::Synced { .. }),
        "{:?}",
        r1.sources[0].outcome
    );
    let r2 = env.run(at("2026-03-01T11:00:00Z")).await;
    assert_eq!(r2.sources[0].outcome, SourceOutcome::NotModified);
}

#[tokio::test]
async fn one_failing_source_does_not_disturb_the_others() {
    let Some(shared) = shared() else { return };
    let server = MockServer::start().await;
    serve(&server, "/gao.md", seed(&shared, "000")).await;
    Mock::given(method("GET"))
        .and(path("/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    // A port nothing listens on: bind, read the port, close.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let env = Env::new(
        "publish",
        &[
            ("Gone", format!("{}/gone", server.uri())),
            ("Lei Gao", format!("{}/gao.md", server.uri())),
            ("Dead", format!("http://{dead}/")),
        ],
    );
    let r = env.run(at("2026-03-01T10:00:00Z")).await;
    assert_eq!(r.failed(), 2);
    let by_name = |n: &str| {
        r.sources
            .iter()
            .find(|s| s.name == n)
            .unwrap()
            .outcome
            .clone()
    };
    assert!(matches!(
        by_name("Lei Gao"),
        SourceOutcome::Synced { news: 6, .. }
    ));
    match by_name("Gone") {
        SourceOutcome::Failed { error } => assert!(error.contains("404"), "{error}"),
        o => panic!("{o:?}"),
    }
    // Lei Gao's six news and "Now following Lei Gao"; nothing of the failures.
    assert_eq!(env.feed("feed.atom").entries.len(), 6 + 1);
    let store = Store::open(&env.config.settings.database, at("2026-03-01T10:00:00Z")).unwrap();
    let gone = store.source("Gone").unwrap().unwrap();
    assert_eq!(gone.consecutive_failures, 1);
    assert!(gone.last_error.unwrap().contains("404"));
}

#[test]
fn the_binary_exits_1_when_sources_fail_and_still_writes_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!("[settings]\nretries = 0\ntimeout_secs = 3\n[[source]]\nname = \"Dead\"\nurl = \"http://{dead}/\"\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["aggregate", "--once", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Dead") && stderr.contains("failed"),
        "{stderr}"
    );
    for f in ["feed.atom", "feed.rss"] {
        let bytes = std::fs::read(dir.path().join("public").join(f)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap();
        assert!(feed.entries.is_empty());
    }
}

#[test]
fn the_binary_exits_2_on_a_bad_config_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, "[settings]\nschedule = \"every day\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["aggregate", "--once", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("feeds.toml:2: `settings.schedule`"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());
    assert!(!dir.path().join("scholarfeed.db").exists());
}

#[test]
fn preview_json_lists_the_news_and_publications_of_every_seed() {
    let Some(shared) = shared() else { return };
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for seed in seeds {
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(seed.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
            .args(["preview", "--json"])
            .arg(&seed)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(page["format"], "markdown", "{}", seed.display());
        for kind in ["news", "publications"] {
            let got: Vec<&serde_json::Value> = page["sections"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["kind"] == kind)
                .flat_map(|s| s["items"].as_array().unwrap())
                .collect();
            let want = expected["v1"][format!("{kind}_count")].as_u64().unwrap() as usize;
            // `optional_publications` (MANIFEST.md) count neither for nor against.
            let optional = match kind {
                "publications" => expected["v1"]["optional_publications"]
                    .as_array()
                    .map_or(0, Vec::len),
                _ => 0,
            };
            assert!(
                (want..=want + optional).contains(&got.len()),
                "{} {kind}: {} items, expected {want} (+{optional} optional)",
                seed.display(),
                got.len()
            );
            for item in got {
                for field in ["text", "date_text", "date", "title", "links", "group"] {
                    assert!(
                        item.get(field).is_some(),
                        "{}: {kind} item lacks {field}",
                        seed.display()
                    );
                }
                assert!(item["text"].as_str().is_some_and(|t| !t.is_empty()));
            }
        }
    }
}

#[tokio::test]
async fn co_authors_announcing_the_same_acceptance_make_one_merged_entry() {
    let Some(shared) = shared() else { return };
    let (_server, env) = seeded(
        "publish",
        &shared,
        &[("Lei Gao", "000"), ("Chaoyi Jiang", "001")],
    )
    .await;
    env.run(at("2026-03-01T10:00:00Z")).await;
    let merged = env.feed("feed.atom");
    let kvpr: Vec<_> = merged
        .entries
        .iter()
        .filter(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content.contains("KVPR") || t.content.contains("KV Cache"))
        })
        .collect();
    // ACL Findings (05/15/2025) and the SEAS workshop (12/10/2024): two events, each once.
    assert_eq!(
        kvpr.len(),
        2,
        "{:#?}",
        kvpr.iter().map(|e| &e.title).collect::<Vec<_>>()
    );
    for e in &kvpr {
        let names: Vec<&str> = e.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(
            names.contains(&"Lei Gao") && names.contains(&"Chaoyi Jiang"),
            "{names:?}"
        );
    }
    // Per-source feeds keep their own entries.
    assert_eq!(env.feed("sources/lei-gao.atom").entries.len(), 6 + 1);
    assert_eq!(env.feed("sources/chaoyi-jiang.atom").entries.len(), 5 + 1);
}

/// Regression: one feeds.opml subscribed to the merged, section and
/// per-person feeds, so every entry arrived three times.
#[tokio::test]
async fn each_opml_list_delivers_each_entry_once() {
    let Some(shared) = shared() else { return };
    let (_server, env) = seeded(
        "publish",
        &shared,
        &[
            ("Lei Gao", "000"),
            ("Chaoyi Jiang", "001"),
            ("Hao Li", "002"),
        ],
    )
    .await;
    env.run(at("2026-03-01T10:00:00Z")).await;
    let feeds_of = |list: &str| -> Vec<String> {
        let text = String::from_utf8(env.out(list)).unwrap();
        text.split("xmlUrl=\"")
            .skip(1)
            .map(|rest| {
                let url = &rest[..rest.find('"').unwrap()];
                url.strip_prefix("https://feeds.example.org/")
                    .unwrap_or_else(|| panic!("{list}: {url}"))
                    .to_string()
            })
            .collect()
    };
    let ids_of = |list: &str| -> Vec<String> {
        let mut ids = Vec::new();
        for f in feeds_of(list) {
            ids.extend(env.feed(&f).entries.into_iter().map(|e| e.id));
        }
        ids
    };
    assert_eq!(feeds_of("feeds.opml"), ["feed.atom"]);
    assert_eq!(
        feeds_of("sections.opml"),
        ["news.atom", "publications.atom"]
    );
    assert_eq!(
        feeds_of("people.opml"),
        [
            "sources/lei-gao.atom",
            "sources/chaoyi-jiang.atom",
            "sources/hao-li.atom"
        ]
    );
    for list in ["feeds.opml", "sections.opml", "people.opml"] {
        let ids = ids_of(list);
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{list} delivers an entry twice");
        assert!(ids.len() > 10, "{list}: {}", ids.len());
    }
    // The section lists carry every item of the merged feed (the "Now
    // following" entries live in the merged and per-person feeds only).
    let sections: std::collections::HashSet<_> = ids_of("sections.opml").into_iter().collect();
    for id in ids_of("feeds.opml") {
        assert!(
            id.contains("/following/") || sections.contains(&id),
            "{id} is in feed.atom but in no section feed"
        );
    }
}

/// Regression: a source's logged time included the seconds it waited for
/// its host's politeness interval behind other pages of that host.
#[tokio::test]
async fn a_sources_time_excludes_the_wait_for_its_host() {
    let Some(shared) = shared() else { return };
    let server = MockServer::start().await;
    serve(&server, "/a.md", seed(&shared, "000")).await;
    serve(&server, "/b.md", seed(&shared, "003")).await;
    let env = Env::with_settings(
        "per_host_delay_ms = 1500",
        &[
            ("A", format!("{}/a.md", server.uri())),
            ("B", format!("{}/b.md", server.uri())),
        ],
    );
    let r = env.run(at("2026-03-01T10:00:00Z")).await;
    assert_eq!(r.failed(), 0);
    let last = r.sources.iter().max_by_key(|s| s.queued).unwrap();
    assert!(
        last.queued >= std::time::Duration::from_millis(1300),
        "{:?}",
        last.queued
    );
    assert!(
        last.elapsed < std::time::Duration::from_millis(1000),
        "the fetch itself is quick: {:?}",
        last.elapsed
    );
}

/// Regression: every entry of one crawl had the same `updated` second, so
/// readers ordered them arbitrarily (and the W3C validator warned).
#[tokio::test]
async fn one_crawls_entries_sort_in_page_order_within_its_second() {
    let Some(shared) = shared() else { return };
    let (_server, env) = seeded("publish", &shared, &[("Lei Gao", "000")]).await;
    let t1 = at("2026-03-01T10:00:00Z");
    env.run(t1).await;
    for name in ["sources/lei-gao.atom", "sources/lei-gao.json"] {
        let feed = env.feed(name);
        let news: Vec<_> = feed
            .entries
            .iter()
            .filter(|e| !e.id.contains("/following/"))
            .collect();
        assert_eq!(news.len(), 6, "{name}");
        let dates: Vec<_> = news.iter().map(|e| e.published.unwrap()).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 6, "{name}: distinct dates {dates:?}");
        assert!(
            dates.windows(2).all(|w| w[0] > w[1]),
            "{name}: newest (top of the page) first: {dates:?}"
        );
        assert!(
            dates
                .iter()
                .all(|d| *d >= t1 && *d < t1 + chrono::Duration::seconds(1))
        );
    }
    // The page's first news line is the newest entry of the feed.
    let page_first = env.feed("sources/lei-gao.atom").entries[1].id.clone();
    let store = Store::open(&env.config.settings.database, t1).unwrap();
    let first_item = store
        .live_items("Lei Gao")
        .unwrap()
        .into_iter()
        .find(|i| i.position == 0)
        .unwrap();
    assert!(
        page_first.ends_with(&first_item.key),
        "{page_first} vs {}",
        first_item.key
    );
}

/// A homepage with the given news lines and publications, in Markdown.
fn homepage(name: &str, news: &[&str], publications: &[&str]) -> String {
    let list = |lines: &[&str]| -> String { lines.iter().map(|l| format!("- {l}\n")).collect() };
    format!(
        "# {name}\n\nI work on systems for machine learning.\n\n## News\n\n{}\n## Publications\n\n{}",
        list(news),
        list(publications)
    )
}

/// [`outputs::assert_same_as_full_publish`] for `env`'s run at `now`.
fn assert_same_as_full_publish(env: &Env, now: DateTime<Utc>, when: &str) {
    let scratch = env
        .dir
        .path()
        .join(format!("full-{}", when.replace(' ', "-")));
    outputs::assert_same_as_full_publish(&env.config, &scratch, now, when);
}

/// A run renders only the feeds its changes touch (the merged and section
/// feeds when any source's items changed, and the index page, which shows
/// every source's health), and leaves on disk exactly what rendering
/// every file would: after a mixed run (sources changed, unchanged and
/// failing), a recovery, a failure alone, and a run that changed nothing.
#[tokio::test]
async fn a_selective_publish_leaves_what_a_full_publish_would() {
    let server = MockServer::start().await;
    let names = ["Ada", "Bo", "Cy", "Di", "Ed"];
    let v1 = |name: &str| {
        homepage(
            name,
            &[
                &format!(
                    "2026-02-10: {name} gave a talk on sparse attention at the MLSys seminar."
                ),
                &format!("2026-01-20: {name} joined the systems group as a PhD student."),
                "2025-12-01: Our paper on KV-cache compression is submitted to ICML.",
            ],
            &[
                &format!("*Sparse Attention at Scale*. {name} and J. Doe. arXiv preprint 2025."),
                &format!("*Quantized Training Made Simple*. {name}. In MLSys 2025."),
            ],
        )
    };
    // What each source serves in each run: a page, or `None` for an error.
    let mut pages: Vec<Option<String>> = names.iter().map(|n| Some(v1(n))).collect();
    let mount = |pages: Vec<Option<String>>| {
        let server = &server;
        async move {
            server.reset().await;
            for (name, page) in names.iter().zip(pages) {
                let answer = match page {
                    Some(body) => ResponseTemplate::new(200)
                        .set_body_string(body)
                        .insert_header("content-type", "text/markdown"),
                    None => ResponseTemplate::new(500),
                };
                Mock::given(method("GET"))
                    .and(path(format!("/{name}.md")))
                    .respond_with(answer)
                    .mount(server)
                    .await;
            }
        }
    };
    let sources: Vec<(&str, String)> = names
        .iter()
        .map(|n| (*n, format!("{}/{n}.md", server.uri())))
        .collect();
    let env = Env::new("publish", &sources);
    let skipped_sources = |r: &pipeline::Report, expected: &[&str]| {
        for n in names {
            let atom = env
                .config
                .settings
                .output_dir
                .join(format!("sources/{}.atom", n.to_lowercase()));
            let rendered = r.publish.written.contains(&atom);
            if expected.contains(&n) {
                assert!(!rendered, "{n}'s feed was rendered: {:?}", r.publish);
            }
        }
    };

    mount(pages.clone()).await;
    let t = at("2026-03-01T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!(
        (r.failed(), r.publish.skipped),
        (0, 0),
        "a first run renders all"
    );
    assert_same_as_full_publish(&env, t, "first");

    // Ada posts news; Bo's submitted paper is accepted (a status change)
    // and a preprint gets its venue; Cy's server fails; Di and Ed are as
    // they were.
    pages[0] = Some(v1("Ada").replace(
        "## News\n\n",
        "## News\n\n- 2026-03-01: Ada received the best paper award at EuroSys.\n",
    ));
    pages[1] = Some(
        v1("Bo")
            .replace("is submitted to ICML.", "is accepted to ICML!")
            .replace("arXiv preprint 2025.", "In NeurIPS 2025."),
    );
    pages[2] = None;
    mount(pages.clone()).await;
    let t = at("2026-03-02T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!(r.failed(), 1);
    assert_eq!(r.totals.new, 1, "{:?}", r.totals);
    assert!(r.totals.status_changes >= 1, "{:?}", r.totals);
    // Cy's, Di's and Ed's feeds, and the OPML lists, were not rendered.
    assert_eq!(r.publish.skipped, 3 * 3 + 3, "{:?}", r.publish);
    skipped_sources(&r, &["Cy", "Di", "Ed"]);
    let index = String::from_utf8(env.out("index.html")).unwrap();
    assert!(
        index.contains("failing (1 attempt)"),
        "the index shows Cy failing"
    );
    assert_same_as_full_publish(&env, t, "mixed");

    // Cy is back with the same page; Di drops a news line; Ed only changes
    // markup (the same text, so no edit to announce, but other HTML).
    pages[2] = Some(v1("Cy"));
    pages[3] = Some(v1("Di").replace(
        "- 2026-01-20: Di joined the systems group as a PhD student.\n",
        "",
    ));
    pages[4] = Some(v1("Ed").replace("gave a talk", "gave a **talk**"));
    mount(pages.clone()).await;
    let t = at("2026-03-03T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!((r.failed(), r.totals.removed), (0, 1), "{:?}", r.totals);
    assert_eq!(r.publish.skipped, 3 * 3 + 3, "{:?}", r.publish);
    skipped_sources(&r, &["Ada", "Bo", "Cy"]);
    assert_same_as_full_publish(&env, t, "recovered");

    // Only a failure: the index page changes, no feed does.
    pages[3] = None;
    mount(pages.clone()).await;
    let t = at("2026-03-04T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!(r.failed(), 1);
    assert_eq!(r.publish.skipped, (5 + 3) * 3 + 3, "{:?}", r.publish);
    let index = env.dir.path().join("public/index.html");
    assert_eq!(r.publish.written, [index], "{:?}", r.publish);
    assert_same_as_full_publish(&env, t, "failure alone");

    // Nothing changed and nobody failing: nothing is rendered at all.
    pages[3] = Some(v1("Di").replace(
        "- 2026-01-20: Di joined the systems group as a PhD student.\n",
        "",
    ));
    mount(pages.clone()).await;
    env.run(at("2026-03-05T10:00:00Z")).await;
    let t = at("2026-03-06T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!(r.publish, Default::default());
    assert_same_as_full_publish(&env, t, "quiet");
}

/// A publish that fails half way leaves the last complete publish unset:
/// the next run renders every file again, even if none of its sources
/// changed, so what the failed run changed reaches the feeds.
#[tokio::test]
async fn a_failed_publish_is_redone_whole_by_the_next_run() {
    let server = MockServer::start().await;
    let news = ["2026-02-10: Gave a talk on sparse attention at the MLSys seminar."];
    serve(&server, "/ada.md", homepage("Ada", &news, &[])).await;
    serve(&server, "/bo.md", homepage("Bo", &news, &[])).await;
    let env = Env::new(
        "publish",
        &[
            ("Ada", format!("{}/ada.md", server.uri())),
            ("Bo", format!("{}/bo.md", server.uri())),
        ],
    );
    env.run(at("2026-03-01T10:00:00Z")).await;

    // Ada posts news, but her feed cannot be written (a directory is in
    // the way), so the run fails after the store took the news, before
    // any of her files was written.
    server.reset().await;
    let more = [
        "2026-03-01: Received the best paper award at EuroSys.",
        news[0],
    ];
    serve(&server, "/ada.md", homepage("Ada", &more, &[])).await;
    serve(&server, "/bo.md", homepage("Bo", &news, &[])).await;
    let blocked = env.dir.path().join("public/sources/ada.atom");
    let old = std::fs::read(&blocked).unwrap();
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir(&blocked).unwrap();
    let fetcher = Fetcher::new(pipeline::fetch_settings(&env.config)).unwrap();
    let t = at("2026-03-02T10:00:00Z");
    let mut store = Store::open(&env.config.settings.database, t).unwrap();
    let failed = pipeline::run_once(&Arc::new(env.config.clone()), &fetcher, &mut store, t).await;
    assert!(failed.is_err(), "the publish failed");
    drop(store);

    // Every file is there again, hers as before the news; nothing changed
    // on the pages since, and the feeds still get the news.
    std::fs::remove_dir(&blocked).unwrap();
    std::fs::write(&blocked, old).unwrap();
    assert!(scholarfeed::publish::is_complete(&env.config));
    let t = at("2026-03-03T10:00:00Z");
    let r = env.run(t).await;
    assert_eq!(r.totals.new, 0);
    assert_eq!(r.publish.skipped, 0, "{:?}", r.publish);
    let titles: Vec<String> = env
        .feed("sources/ada.atom")
        .entries
        .into_iter()
        .filter_map(|e| e.title.map(|t| t.content))
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("best paper award")),
        "{titles:?}"
    );
    assert_same_as_full_publish(&env, t, "after a failed publish");
}
