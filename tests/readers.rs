//! Our feeds as real readers see them: every output file parsed back with
//! feed-rs, then the reference Python parser (feedparser, `bozo == 0`) and
//! newsboat (reloading the feeds over HTTP and listing every entry from its
//! cache with the right title and date).
//!
//! The newsboat and feedparser tests are `#[ignore]`d, so a plain
//! `cargo test` lists them as ignored (with what they need) instead of
//! passing without running; `.ci/run` installs both programs and runs
//! them with `--include-ignored`, and a run that asks for them fails when
//! a program is missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scholarfeed::config;
use scholarfeed::fetch::Fetcher;
use scholarfeed::pipeline;
use scholarfeed::store::Store;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/needs.rs"]
mod needs;

fn seeds() -> Option<Vec<(String, String)>> {
    let dir = needs::shared("seeds")?;
    let rd = std::fs::read_dir(&dir).unwrap();
    let mut out: Vec<(String, String)> = rd
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    Some(out)
}

/// Crawls the five seeds with `on_first_crawl = "publish"` and returns the output dir.
/// The five seeds crawled once in publish mode, and where the feeds went.
struct Built {
    server: MockServer,
    out: PathBuf,
    now: DateTime<Utc>,
    dir: tempfile::TempDir,
}

async fn built() -> Built {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let now = DateTime::parse_from_rfc3339("2026-04-01T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let out = build_feeds(&server, dir.path(), now).await;
    Built {
        server,
        out,
        now,
        dir,
    }
}

fn is_feed(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("atom" | "rss" | "json")
    )
}

async fn build_feeds(server: &MockServer, dir: &Path, now: DateTime<Utc>) -> PathBuf {
    let seeds = seeds().unwrap();
    let mut text = format!(
        "[settings]\nsite_url = \"{}/\"\non_first_crawl = \"publish\"\nper_host_delay_ms = 0\nretries = 0\n",
        server.uri()
    );
    for (i, (name, body)) in seeds.iter().enumerate() {
        let p = format!("/seed/{name}.md");
        Mock::given(method("GET"))
            .and(path(p.clone()))
            .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
            .mount(server)
            .await;
        text.push_str(&format!(
            "[[source]]\nname = \"Researcher {i} & Co <{name}>\"\nurl = \"{}{p}\"\n",
            server.uri()
        ));
    }
    std::fs::write(dir.join("feeds.toml"), text).unwrap();
    let config = config::load(&dir.join("feeds.toml")).unwrap();
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config)).unwrap();
    let mut store = Store::open(&config.settings.database, now).unwrap();
    let report = pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, now)
        .await
        .unwrap();
    assert_eq!(report.failed(), 0);
    assert!(report.totals.new > 20, "{:?}", report.totals);
    config.settings.output_dir
}

fn files(out: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("atom") => "application/atom+xml",
        Some("rss") => "application/rss+xml",
        Some("json") => "application/feed+json",
        Some("opml") => "text/x-opml",
        _ => "text/html; charset=utf-8",
    }
}

#[tokio::test]
async fn every_output_file_parses_with_ids_dates_authors_links_and_categories() {
    if seeds().is_none() {
        return;
    }
    let b = built().await;
    let (out, now) = (&b.out, b.now);
    let all = files(out);
    assert!(all.iter().any(|p| p.ends_with("feeds.opml")));
    assert!(all.iter().any(|p| p.ends_with("index.html")));
    let mut ids_by_feed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in all.iter().filter(|p| is_feed(p)) {
        let bytes = std::fs::read(p).unwrap();
        let feed =
            feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = p.strip_prefix(out).unwrap().display().to_string();
        let mut seen = std::collections::HashSet::new();
        for e in &feed.entries {
            assert!(seen.insert(e.id.clone()), "{name}: duplicate id {}", e.id);
            assert!(
                e.id.starts_with("tag:scholarfeed,2026:"),
                "{name}: {}",
                e.id
            );
            let published = e.published.unwrap();
            assert!(
                published >= now && published < now + chrono::Duration::seconds(1),
                "{name}: published {published}"
            );
            assert!(
                !e.authors.is_empty() && !e.authors[0].name.is_empty(),
                "{name}: author"
            );
            let link = &e
                .links
                .first()
                .unwrap_or_else(|| panic!("{name}: no link"))
                .href;
            assert!(link.starts_with("http"), "{name}: relative link {link}");
            let cat = e.categories.first().map(|c| c.term.as_str());
            assert!(
                matches!(cat, Some("news" | "publications" | "following")),
                "{name}: category {cat:?}"
            );
            assert!(
                e.title
                    .as_ref()
                    .is_some_and(|t| !t.content.trim().is_empty()),
                "{name}: title"
            );
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()));
            let body = body.unwrap_or_else(|| panic!("{name}: no content"));
            assert!(!body.contains("<script"), "{name}: script in content");
            assert!(
                !body.contains("href=\"/") && !body.contains("href=\"./"),
                "{name}: relative href in {body}"
            );
        }
        let ext = p.extension().unwrap().to_string_lossy().into_owned();
        ids_by_feed.insert(
            format!("{}|{ext}", name.trim_end_matches(&format!(".{ext}"))),
            feed.entries.iter().map(|e| e.id.clone()).collect(),
        );
    }
    // The same entries, with the same ids, in every format of a feed.
    let stems: std::collections::BTreeSet<&str> = ids_by_feed
        .keys()
        .map(|k| k.split('|').next().unwrap())
        .collect();
    for stem in stems {
        let atom = &ids_by_feed[&format!("{stem}|atom")];
        assert_eq!(
            atom,
            &ids_by_feed[&format!("{stem}|rss")],
            "{stem}: atom vs rss ids"
        );
        assert_eq!(
            atom,
            &ids_by_feed[&format!("{stem}|json")],
            "{stem}: atom vs json ids"
        );
    }
}

#[tokio::test]
#[ignore = "needs Python's feedparser; .ci/run runs it (cargo test --locked -- --include-ignored)"]
async fn feedparser_reads_every_feed_without_complaint() {
    needs::require_program("python3", &["-c", "import feedparser"]);
    if seeds().is_none() {
        return;
    }
    let b = built().await;
    let out = &b.out;
    let feeds: Vec<PathBuf> = files(out).into_iter().filter(|p| is_feed(p)).collect();
    let script = r#"
import sys, json, feedparser
bad = 0
for path in sys.argv[1:]:
    if path.endswith(".json"):
        # feedparser 6.0 has no JSON Feed reader: check the JSON Feed 1.1
        # required members here (feed-rs parses these files too).
        j = json.load(open(path, encoding="utf-8"))
        ok = j.get("version") == "https://jsonfeed.org/version/1.1" and j.get("title") and all(
            isinstance(i.get("id"), str) and (i.get("content_html") or i.get("content_text")) for i in j["items"])
        print(("ok  " if ok else "BAD ") + path + " json " + str(len(j["items"])))
        bad += not ok
        continue
    d = feedparser.parse(path)
    ok = d.bozo == 0 and d.version and all(e.get("id") and e.get("title") and e.get("published_parsed") for e in d.entries)
    print(("ok  " if ok else "BAD ") + path + " " + str(d.version) + " " + str(len(d.entries)) + (" " + repr(d.get("bozo_exception")) if d.bozo else ""))
    bad += not ok
sys.exit(1 if bad else 0)
"#;
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&feeds)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok")).count(),
        feeds.len(),
        "{stdout}"
    );
}

#[tokio::test]
#[ignore = "needs newsboat; .ci/run runs it (cargo test --locked -- --include-ignored)"]
async fn newsboat_shows_every_entry_with_its_title_and_date() {
    needs::require_program("newsboat", &["--version"]);
    if seeds().is_none() {
        return;
    }
    let b = built().await;
    let out = &b.out;
    // Serve the output directory as a web server would.
    let mut urls = String::new();
    let mut expected: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for p in files(out) {
        let rel = p
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        Mock::given(method("GET"))
            .and(path(format!("/{rel}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_bytes(std::fs::read(&p).unwrap())
                    .insert_header("content-type", content_type(&p)),
            )
            .mount(&b.server)
            .await;
        if rel.ends_with(".atom") || rel.ends_with(".rss") {
            let url = format!("{}/{rel}", b.server.uri());
            urls.push_str(&url);
            urls.push('\n');
            let feed = feed_rs::parser::parse(&std::fs::read(&p).unwrap()[..]).unwrap();
            expected.insert(
                url,
                feed.entries
                    .iter()
                    .map(|e| {
                        (
                            e.title.clone().unwrap().content,
                            e.published.unwrap().timestamp(),
                        )
                    })
                    .collect(),
            );
        }
    }
    // One newsboat profile per feed: newsboat keeps one copy of an entry per
    // guid across feeds, and our merged and per-source feeds share ids.
    for (i, (url, want)) in expected.iter().enumerate() {
        let nb = b.dir.path().join(format!("newsboat-{i}"));
        std::fs::create_dir_all(&nb).unwrap();
        std::fs::write(nb.join("urls"), format!("{url}\n")).unwrap();
        std::fs::write(nb.join("config"), "download-timeout 10\n").unwrap();
        let o = Command::new("newsboat")
            .env("HOME", &nb)
            .env("XDG_CONFIG_HOME", nb.join("xdg-config"))
            .env("XDG_DATA_HOME", nb.join("xdg-data"))
            .arg("-u")
            .arg(nb.join("urls"))
            .arg("-c")
            .arg(nb.join("cache.db"))
            .arg("-C")
            .arg(nb.join("config"))
            .args(["-x", "reload", "-x", "print-unread"])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "newsboat failed on {url}: {stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            stdout.contains(&format!("{} unread articles", want.len())),
            "{url}: newsboat says {stdout:?}, we wrote {} entries",
            want.len()
        );
        // What newsboat stored: every entry, title and date as we wrote them.
        let conn = rusqlite::Connection::open(nb.join("cache.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT title, pubDate FROM rss_item WHERE feedurl = ?1")
            .unwrap();
        let mut got: Vec<(String, i64)> = stmt
            .query_map([url], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut want = want.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{url}");
    }
}
