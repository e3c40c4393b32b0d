//! Upgrading scholarfeed never floods readers: a newer extractor that finds
//! more on a page whose bytes did not change stores what it finds as
//! baseline, silently, while a real change of the page is still announced.
//!
//! The "old store" is made the way an older release left it: the page's
//! items as an older extractor read them (one item fewer) with the body
//! hash that release recorded. Served from a local server only.

use chrono::{DateTime, Utc};
use scholarfeed::config;
use scholarfeed::extract::{self, Overrides};
use scholarfeed::fetch::Fetcher;
use scholarfeed::model::{ExtractedPage, ExtractedSection, Format, SectionKind, Validators};
use scholarfeed::pipeline::{self, EXTRACTOR_VERSION};
use scholarfeed::store::{Store, SyncMode};
use std::sync::Arc;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "<html><body><h2>News</h2><ul>\
    <li>[2025-03] Paper accepted at CVPR 2025.</li>\
    <li>[2025-02] Gave a talk at MIT.</li>\
    <li>[2025-01] Joined the lab as a postdoc.</li>\
    </ul></body></html>";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn serve(server: &MockServer, body: &str) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/index.html"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(body.to_string())
                .insert_header("content-type", "text/html"),
        )
        .mount(server)
        .await;
}

/// A config in `dir` with one source, "Ada", at `url`.
fn one_source(dir: &std::path::Path, url: &str) -> config::Config {
    let cfg_path = dir.join("feeds.toml");
    std::fs::write(
        &cfg_path,
        format!(
            "[settings]\nsite_url = \"https://feeds.example.org/\"\nper_host_delay_ms = 0\n\
             retries = 0\nannounce_new_sources = false\n[[source]]\nname = \"Ada\"\nurl = \"{url}\"\n"
        ),
    )
    .unwrap();
    config::load(&cfg_path).unwrap()
}

/// The store an older release left for the config's one source: PAGE as
/// that release's extractor read it (this one's reading, changed by
/// `edit`), the body hash it recorded, and `validators`.
fn left_by_an_older_release(
    config: &config::Config,
    url: &str,
    validators: &Validators,
    t0: DateTime<Utc>,
    edit: impl FnOnce(&mut ExtractedPage),
) {
    let mut store = Store::open(&config.settings.database, t0).unwrap();
    let mut old = extract::extract(
        PAGE,
        Format::Html,
        &Url::parse(url).unwrap(),
        &Overrides::default(),
    );
    edit(&mut old);
    let s = &config.sources[0];
    let src = store
        .ensure_source(&s.name, s.url.as_str(), &s.ident(), &s.slug(), t0)
        .unwrap();
    let old_hash = pipeline::body_hash_with(EXTRACTOR_VERSION - 1, PAGE);
    store
        .sync_source(
            &src,
            &old,
            validators,
            &old_hash,
            SyncMode::for_crawl(src.baselined, false, false),
            t0,
        )
        .unwrap();
}

/// A served PAGE, its one-source config, and the store an older release
/// left for it (its reading changed by `edit`).
struct Site {
    server: MockServer,
    /// Holds the config's store and output directory.
    _dir: tempfile::TempDir,
    config: config::Config,
}

async fn site_read_by_an_older_release(
    t0: DateTime<Utc>,
    edit: impl FnOnce(&mut ExtractedPage),
) -> Site {
    let server = MockServer::start().await;
    serve(&server, PAGE).await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/index.html", server.uri());
    let config = one_source(dir.path(), &url);
    left_by_an_older_release(&config, &url, &Validators::default(), t0, edit);
    Site {
        server,
        _dir: dir,
        config,
    }
}

/// The current release's first run over a site an older release read,
/// a day after it: the fetcher and store it ran with, and its report.
async fn the_upgrade(config: &config::Config) -> (Fetcher, Store, pipeline::Report) {
    let fetcher = Fetcher::new(pipeline::fetch_settings(config)).unwrap();
    let t1 = at("2026-01-02T00:00:00Z");
    let mut store = Store::open(&config.settings.database, t1).unwrap();
    let report = pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, t1)
        .await
        .unwrap();
    (fetcher, store, report)
}

/// The page's news section, as an older release's reading is edited.
fn news_of(page: &mut ExtractedPage) -> &mut ExtractedSection {
    page.sections
        .iter_mut()
        .find(|s| s.kind == SectionKind::News)
        .expect("the page has news")
}

#[tokio::test]
async fn a_newer_extractor_on_unchanged_bytes_announces_nothing() {
    // The store an older release left: its extractor missed the last item.
    let t0 = at("2026-01-01T00:00:00Z");
    let Site {
        server,
        _dir,
        config,
    } = site_read_by_an_older_release(t0, |old| {
        let news = news_of(old);
        assert_eq!(news.items.len(), 3);
        news.items.pop();
    })
    .await;
    {
        let store = Store::open(&config.settings.database, t0).unwrap();
        assert!(store.announced(None, None, 10).unwrap().is_empty());
    }

    // The upgrade: same bytes, the new extractor finds the third item.
    let (fetcher, mut store, report) = the_upgrade(&config).await;
    assert_eq!(report.failed(), 0);
    assert_eq!(
        store.live_items("Ada").unwrap().len(),
        3,
        "the item is stored"
    );
    assert!(
        store.announced(None, None, 10).unwrap().is_empty(),
        "an upgrade must not announce what was on the page all along"
    );
    let feed = std::fs::read(config.settings.output_dir.join("feed.atom")).unwrap();
    let feed = feed_rs::parser::parse(&feed[..]).unwrap();
    assert!(feed.entries.is_empty(), "{:?}", feed.entries);

    // A real change of the page afterwards is still announced.
    let changed = PAGE.replace(
        "<ul>",
        "<ul><li>[2025-04] Our paper won the best paper award.</li>",
    );
    serve(&server, &changed).await;
    let t2 = at("2026-01-03T00:00:00Z");
    pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, t2)
        .await
        .unwrap();
    let announced = store.announced(None, None, 10).unwrap();
    assert_eq!(announced.len(), 1, "{announced:?}");
    assert!(announced[0].text.contains("best paper award"));
}

/// An item an older extractor read differently (a title cut elsewhere)
/// is replaced by the new reading without being reported as removed: the
/// bytes did not change, so nothing left the page.
#[tokio::test]
async fn a_reading_replaced_on_unchanged_bytes_is_no_removal() {
    let t0 = at("2026-01-01T00:00:00Z");
    let Site {
        server: _server,
        _dir,
        config,
    } = site_read_by_an_older_release(t0, |old| {
        news_of(old).items[1].text =
            "Footer: Imprint and privacy policy of the department".to_string();
    })
    .await;
    let (_, store, report) = the_upgrade(&config).await;
    assert_eq!(
        (
            report.totals.new,
            report.totals.removed,
            report.totals.baseline
        ),
        (0, 0, 1),
        "{:?}",
        report.totals
    );
    let live = store.live_items("Ada").unwrap();
    assert_eq!(live.len(), 3);
    assert!(live.iter().any(|i| i.text.contains("Gave a talk at MIT")));
    assert!(store.announced(None, None, 10).unwrap().is_empty());
}

/// A server that honours validators answers 304 to a conditional crawl,
/// so the first crawl after an upgrade asks unconditionally, once, and the
/// crawls after it are conditional again.
#[tokio::test]
async fn an_upgrade_reads_a_page_even_where_the_server_would_answer_304() {
    use wiremock::matchers::header;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/index.html"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/index.html"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(PAGE)
                .insert_header("content-type", "text/html")
                .insert_header("etag", "\"v1\""),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/index.html", server.uri());
    let config = one_source(dir.path(), &url);
    // An older release's store: no items read yet, the page's ETag kept.
    let t0 = at("2026-01-01T00:00:00Z");
    let validators = Validators {
        etag: Some("\"v1\"".to_string()),
        last_modified: None,
    };
    left_by_an_older_release(&config, &url, &validators, t0, |old| old.sections.clear());
    let config = Arc::new(config);
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config)).unwrap();
    let mut store = Store::open(&config.settings.database, t0).unwrap();
    pipeline::run_once(&config, &fetcher, &mut store, at("2026-01-02T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        store.live_items("Ada").unwrap().len(),
        3,
        "the page was read"
    );
    assert!(store.announced(None, None, 10).unwrap().is_empty());
    pipeline::run_once(&config, &fetcher, &mut store, at("2026-01-03T00:00:00Z"))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let conditional: Vec<bool> = requests
        .iter()
        .map(|r| r.headers.contains_key("if-none-match"))
        .collect();
    assert_eq!(
        conditional,
        [false, true],
        "one unconditional fetch, then conditional ones"
    );
}
