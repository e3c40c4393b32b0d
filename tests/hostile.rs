//! Hostile servers, pages and values (issue 12): each test reproduces one
//! attack against a loopback server and checks that nothing executes,
//! leaks, crashes or goes stale. No test here sends a packet anywhere but
//! 127.0.0.0/8.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use scholarfeed::config::{self, Config};
use scholarfeed::fetch::Fetcher;
use scholarfeed::pipeline::{self, Report};
use scholarfeed::schedule;
use scholarfeed::store::Store;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A config in a fresh directory: `settings` lines, then one source per
/// `(name, url)`.
struct Env {
    dir: tempfile::TempDir,
    config: Config,
}

impl Env {
    fn new(settings: &str, sources: &[(&str, String)]) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let mut text = format!(
            "[settings]\nsite_url = \"https://feeds.example.org/\"\non_first_crawl = \"publish\"\n\
             per_host_delay_ms = 0\nretries = 0\ntimeout_secs = 5\n{settings}"
        );
        for (name, url) in sources {
            text.push_str(&format!("[[source]]\nname = {name:?}\nurl = {url:?}\n"));
        }
        let p = dir.path().join("feeds.toml");
        std::fs::write(&p, text).unwrap();
        let config = config::load(&p).unwrap();
        Env { dir, config }
    }

    async fn run(&self, now: DateTime<Utc>) -> anyhow::Result<Report> {
        let fetcher = Fetcher::new(pipeline::fetch_settings(&self.config)).unwrap();
        let mut store = Store::open(&self.config.settings.database, now)?;
        pipeline::run_once(&Arc::new(self.config.clone()), &fetcher, &mut store, now).await
    }

    fn store(&self) -> Store {
        Store::open(&self.config.settings.database, at("2026-05-01T00:00:00Z")).unwrap()
    }

    fn out(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join("public").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Every file the run wrote, with its relative name.
    fn outputs(&self) -> Vec<(String, String)> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    let name = p.strip_prefix(base).unwrap().display().to_string();
                    out.push((name, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        let base = self.dir.path().join("public");
        walk(&base, &base, &mut out);
        out
    }
}

const NEWS_PAGE: &str = "<html><body><h1>Ada</h1><h2>News</h2><ul>\
    <li>2025.03: Our paper on sparse attention was accepted at ICML 2025.</li>\
    <li>2025.01: I joined the systems group as a research intern this winter.</li>\
    <li>2024.11: I gave an invited talk on efficient inference at the workshop.</li>\
    </ul></body></html>";

// ---- 1. server hints and config values -------------------------------------

#[tokio::test]
async fn huge_retry_after_and_max_age_are_clamped_not_fatal() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/throttled"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "9000000000000"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cached"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .insert_header("cache-control", "max-age=9000000000000")
                .set_body_string(NEWS_PAGE),
        )
        .mount(&server)
        .await;
    let env = Env::new(
        "",
        &[
            ("Throttled", format!("{}/throttled", server.uri())),
            ("Cached", format!("{}/cached", server.uri())),
        ],
    );
    let now = at("2026-05-01T00:00:00Z");
    let report = env.run(now).await.unwrap();
    let store = env.store();
    for s in &report.sources {
        let hint = s.server_hint.expect("both sources send a hint");
        assert_eq!(hint, scholarfeed::fetch::MAX_SERVER_HINT, "{}", s.name);
        let source = env
            .config
            .sources
            .iter()
            .find(|c| c.name == s.name)
            .unwrap();
        let record = store.source(&s.name).unwrap();
        // This panicked with `DateTime + TimeDelta overflowed` (exit 101).
        let due = schedule::next_due(
            source,
            record.as_ref(),
            &env.config.settings,
            now,
            Some(hint),
        );
        assert!(due <= now + chrono::Duration::days(1), "{}: {due}", s.name);
    }
}

#[test]
fn absurd_settings_exit_2_before_anything_runs() {
    for (key, value) in [
        ("concurrency", "9223372036854775807"),
        ("per_host_delay_ms", "4000000000"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("feeds.toml");
        std::fs::write(
            &cfg,
            format!("[settings]\n{key} = {value}\n[[source]]\nname = \"A\"\nurl = \"http://127.0.0.1:9/\"\n"),
        )
        .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
            .args(["aggregate", "--once", "--config"])
            .arg(&cfg)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {err}");
        assert!(
            err.contains(&format!("`settings.{key}`: must be between")),
            "{err}"
        );
        assert!(!dir.path().join("public").exists());
        assert!(!dir.path().join("scholarfeed.db").exists());
    }
}

// ---- 3 and 5. link schemes and userinfo -------------------------------------

/// Hrefs that ran script, leaked data or passed a password once.
const HOSTILE_HREFS: &[&str] = &[
    "javascript:alert(1)",
    "java&#9;script:alert(1)",
    "&#1;javascript:alert(1)",
    "java&#10;script:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https://user:secret@evil.example/paper.pdf",
    "paper.pdf",
    "//cdn.example/x.pdf",
    "mailto:ada@example.org",
    "https://arxiv.org/abs/2411.17089",
];

/// Decodes the entities our outputs and pages use, `levels` times (markup
/// inside an Atom or RSS document is escaped twice), so an escaped
/// `java&#9;script:` is judged the way a browser reads it.
fn unescape(s: &str, levels: usize) -> String {
    let re = regex::Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);").unwrap();
    let mut cur = s.to_string();
    for _ in 0..levels {
        let next = re
            .replace_all(&cur, |c: &regex::Captures| {
                let e = &c[1];
                let ch = match e {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ if e.starts_with("#x") || e.starts_with("#X") => {
                        u32::from_str_radix(&e[2..], 16)
                            .ok()
                            .and_then(char::from_u32)
                    }
                    _ => e[1..].parse().ok().and_then(char::from_u32),
                };
                ch.map(String::from).unwrap_or_default()
            })
            .into_owned();
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// Every URL-valued attribute, `<link>` text and JSON `url` in `text`,
/// decoded `levels` times.
fn emitted_urls(text: &str, levels: usize) -> Vec<String> {
    let text = unescape(text, levels);
    let re = regex::Regex::new(
        r#"(?is)(?:\b(?:href|src|xmlUrl|htmlUrl|cite)\s*=\s*"([^"]*)")|(?:<link>([^<]*)</link>)|(?:"(?:url|external_url|home_page_url|feed_url)"\s*:\s*"([^"]*)")"#,
    )
    .unwrap();
    re.captures_iter(&text)
        .filter_map(|c| c.get(1).or(c.get(2)).or(c.get(3)))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Whether a browser following `href` stays on http(s) or mail.
fn harmless(href: &str) -> bool {
    match url::Url::parse(href) {
        Ok(u) => matches!(u.scheme(), "http" | "https" | "mailto"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

fn hostile_page(hrefs: &[&str]) -> String {
    let mut page = String::from("<html><body><h1>Ada</h1><h2>News</h2><ul>\n");
    for (i, h) in hrefs.iter().enumerate() {
        page.push_str(&format!(
            "<li>2025.0{}: Item {i} about a paper on sparse attention, see <a href=\"{h}\">this link</a> and <a href=\"https://ok.example/{i}\">ok</a>.</li>\n",
            1 + i % 9
        ));
    }
    page.push_str("</ul><h2>Publications</h2><ul>\n");
    for (i, h) in hrefs.iter().enumerate() {
        page.push_str(&format!(
            "<li><a href=\"{h}\">Sparse Attention Number {i} for Efficient Inference</a>. Ada Lovelace, Bob Smith. ICML 2025.</li>\n"
        ));
    }
    page.push_str("</ul></body></html>");
    page
}

const HOSTILE_RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lab news</title><link>https://lab.example/</link>
<item><title>We won the best paper award at ICML</title><link>javascript:alert(document.cookie)</link>
<description>Our paper on sparse attention won the best paper award.</description><pubDate>Mon, 03 Mar 2025 00:00:00 GMT</pubDate></item>
<item><title>New preprint on efficient inference</title><link>data:text/html,%3Cscript%3Ealert(1)%3C/script%3E</link>
<description>A preprint about efficient inference.</description><pubDate>Sat, 01 Feb 2025 00:00:00 GMT</pubDate></item>
<item><title>Talk at the systems workshop</title><link>https://user:secret@lab.example/talk</link>
<description>I gave a talk &lt;a href="java&amp;#9;script:alert(1)"&gt;slides&lt;/a&gt;.</description><pubDate>Wed, 01 Jan 2025 00:00:00 GMT</pubDate></item>
</channel></rss>"#;

#[tokio::test]
async fn no_emitted_link_has_a_script_scheme_or_a_password() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string(hostile_page(HOSTILE_HREFS)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed.xml"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/rss+xml")
                .set_body_string(HOSTILE_RSS),
        )
        .mount(&server)
        .await;
    let addr = server.address();
    let env = Env::new(
        "",
        &[
            // The password is ours to send, never to publish.
            ("Ada", format!("http://ada:secret@{addr}/page")),
            ("Lab", format!("http://{addr}/feed.xml")),
        ],
    );
    let report = env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    assert_eq!(report.failed(), 0, "{:?}", report.sources);
    let outputs = env.outputs();
    assert_eq!(
        outputs.len(),
        19,
        "5 feeds in 3 formats, 3 OPML lists, index.html"
    );
    let mut seen = 0;
    for (name, text) in &outputs {
        assert!(!text.contains("secret"), "{name} shows the password");
        let levels = if name.ends_with(".atom") || name.ends_with(".rss") {
            2
        } else {
            1
        };
        for u in emitted_urls(text, levels) {
            seen += 1;
            assert!(harmless(&u), "{name} emits {u:?}");
        }
    }
    assert!(seen > 100, "the scan found only {seen} URLs");
    // The attack's own items are published, just without the links.
    let index = env.out("index.html");
    assert!(index.contains("best paper award"), "{index}");
    assert!(index.contains("https://ok.example/3"));
    // Logs, status and the store: no password either.
    let store = env.store();
    for s in store.sources().unwrap() {
        assert!(!s.url.contains("secret"), "{}", s.url);
    }
    for s in &report.sources {
        assert!(!s.url.contains("secret"), "{}", s.url);
    }
}

#[tokio::test]
async fn a_password_in_a_failing_url_stays_out_of_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let env = Env::new(
        "",
        &[(
            "Ada",
            format!("http://ada:secret@{}/page", server.address()),
        )],
    );
    let report = env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    let pipeline::SourceOutcome::Failed { error } = &report.sources[0].outcome else {
        panic!("{:?}", report.sources[0].outcome);
    };
    assert!(
        error.contains("503") && !error.contains("secret"),
        "{error}"
    );
    let health = env.store().source("Ada").unwrap().unwrap();
    assert!(!health.last_error.unwrap().contains("secret"));
    assert!(!env.out("index.html").contains("secret"));
}

/// The property: whatever a page holds, in whatever format, no stored link
/// and no href in stored markup has a scheme other than http(s) or mailto.
#[test]
fn no_page_can_smuggle_a_script_link_through_extraction() {
    use scholarfeed::extract::{self, Overrides};
    use scholarfeed::model::Format;
    let base = url::Url::parse("https://user:secret@ada.example/home/").unwrap();
    let mut rng = fastrand::Rng::with_seed(12);
    let mut links_checked = 0;
    for round in 0..300 {
        let hrefs: Vec<&str> = (0..rng.usize(1..8))
            .map(|_| HOSTILE_HREFS[rng.usize(..HOSTILE_HREFS.len())])
            .collect();
        let (body, format) = match round % 3 {
            0 => (hostile_page(&hrefs), Format::Html),
            1 => {
                let mut md = String::from("# Ada\n\n## News\n\n");
                for (i, h) in hrefs.iter().enumerate() {
                    md.push_str(&format!(
                        "- 2025.0{}: Item {i} on sparse attention, [slides]({h}) and <{h}>.\n",
                        1 + i % 9
                    ));
                }
                (md, Format::Markdown)
            }
            _ => {
                let mut rss = String::from(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>",
                );
                for (i, h) in hrefs.iter().enumerate() {
                    rss.push_str(&format!(
                        "<item><title>Item {i} on sparse attention</title><link>{}</link><description>&lt;a href=\"{}\"&gt;x&lt;/a&gt;</description></item>",
                        h.replace('&', "&amp;"),
                        h.replace('&', "&amp;amp;")
                    ));
                }
                rss.push_str("</channel></rss>");
                (rss, Format::Feed)
            }
        };
        // Extraction's own output: nothing after it filters links or markup.
        let page = extract::extract(&body, format, &base, &Overrides::default());
        for item in page.sections.iter().flat_map(|s| &s.items) {
            for l in &item.links {
                links_checked += 1;
                assert!(harmless(l) && !l.starts_with("//"), "{format:?} link {l:?}");
                assert!(!l.contains("secret"), "{l}");
            }
            for u in emitted_urls(&item.html, 1) {
                assert!(harmless(&u), "{format:?} markup href {u:?}");
                assert!(!u.contains("secret"), "{u}");
            }
        }
    }
    assert!(links_checked > 300, "{links_checked}");
}

// ---- 2. a failed publish is redone ------------------------------------------

fn news_page(lines: &[&str]) -> String {
    let mut p = String::from("<html><body><h1>Ada</h1><h2>News</h2><ul>\n");
    for l in lines {
        p.push_str(&format!("<li>{l}</li>\n"));
    }
    p.push_str("</ul></body></html>");
    p
}

const LINES: [&str; 4] = [
    "2025.03: Our paper on sparse attention was accepted at ICML 2025.",
    "2025.01: I joined the systems group as a research intern this winter.",
    "2024.11: I gave an invited talk on efficient inference at the workshop.",
    "2024.09: Started my PhD at the university, advised by Grace Hopper.",
];

async fn serve_page(server: &MockServer, at_path: &str, body: String) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(at_path))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string(body),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_publish_that_failed_is_redone_by_the_next_run() {
    let server = MockServer::start().await;
    serve_page(&server, "/ada", news_page(&LINES[1..])).await;
    let env = Env::new("", &[("Ada", format!("{}/ada", server.uri()))]);
    env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    assert!(!env.out("sources/ada.atom").contains("sparse attention"));

    // A new item, and a publish that fails half way (as ENOSPC would): our
    // temporary file's name is taken by a directory, so sources/ada.atom
    // cannot be replaced, and the run reports the write error.
    serve_page(&server, "/ada", news_page(&LINES)).await;
    let obstacle = env.dir.path().join(format!(
        "public/sources/.ada.atom.tmp-{}",
        std::process::id()
    ));
    std::fs::create_dir(&obstacle).unwrap();
    let err = env.run(at("2026-05-01T06:00:00Z")).await.unwrap_err();
    assert!(format!("{err:#}").contains("ada.atom"), "{err:#}");
    std::fs::remove_dir(&obstacle).unwrap();
    assert!(!env.out("sources/ada.atom").contains("sparse attention"));

    // The page is unchanged since the failed run and every file exists:
    // this run used to skip publishing, leaving the item missing for good.
    let r = env.run(at("2026-05-01T12:00:00Z")).await.unwrap();
    assert!(
        matches!(r.sources[0].outcome, pipeline::SourceOutcome::Unchanged),
        "{:?}",
        r.sources[0].outcome
    );
    assert!(!r.publish.written.is_empty(), "nothing republished");
    for f in ["sources/ada.atom", "feed.atom", "news.json", "index.html"] {
        assert!(env.out(f).contains("sparse attention"), "{f} is stale");
    }
    // And once published completely, an unchanged run writes nothing.
    let r = env.run(at("2026-05-01T18:00:00Z")).await.unwrap();
    assert!(r.publish.written.is_empty() && r.publish.unchanged == 0);
}

// ---- 13. a store error fails one source, not the run ------------------------

#[tokio::test]
async fn a_store_error_on_one_source_fails_only_that_source() {
    let server = MockServer::start().await;
    let both = |lines: &[&str]| {
        let body = news_page(lines);
        let server = &server;
        async move {
            server.reset().await;
            for p in ["/a", "/b"] {
                Mock::given(method("GET"))
                    .and(path(p))
                    .respond_with(
                        ResponseTemplate::new(200)
                            .insert_header("content-type", "text/html")
                            .set_body_string(body.clone()),
                    )
                    .mount(server)
                    .await;
            }
        }
    };
    both(&LINES[1..]).await;
    let env = Env::new(
        "",
        &[
            ("Alice", format!("{}/a", server.uri())),
            ("Bob", format!("{}/b", server.uri())),
        ],
    );
    env.run(at("2026-05-01T00:00:00Z")).await.unwrap();

    // The database refuses Bob's new rows (a stand-in for a constraint,
    // I/O or corruption error on one source's transaction).
    let db = rusqlite::Connection::open(&env.config.settings.database).unwrap();
    let bob: i64 = db
        .query_row("SELECT id FROM sources WHERE name = 'Bob'", [], |r| {
            r.get(0)
        })
        .unwrap();
    db.execute_batch(&format!(
        "CREATE TRIGGER refuse_bob BEFORE INSERT ON items WHEN NEW.source_id = {bob}
         BEGIN SELECT RAISE(ABORT, 'disk says no'); END;"
    ))
    .unwrap();
    both(&LINES).await;
    // This run used to abort as a whole, without naming Bob.
    let r = env.run(at("2026-05-01T06:00:00Z")).await.unwrap();
    let by_name = |n: &str| {
        r.sources
            .iter()
            .find(|s| s.name == n)
            .unwrap()
            .outcome
            .clone()
    };
    assert!(
        matches!(by_name("Alice"), pipeline::SourceOutcome::Synced { ref stats, .. } if stats.new == 1),
        "{:?}",
        by_name("Alice")
    );
    let pipeline::SourceOutcome::Failed { error } = by_name("Bob") else {
        panic!("{:?}", by_name("Bob"));
    };
    assert!(
        error.contains("store error") && error.contains("disk says no"),
        "{error}"
    );
    assert_eq!(r.failed(), 1);
    assert!(env.out("sources/alice.atom").contains("sparse attention"));
    let health = env.store().source("Bob").unwrap().unwrap();
    assert!(health.last_error.unwrap().contains("disk says no"));

    // An unreadable stored time is an error (it used to read as 1970).
    db.execute_batch(&format!(
        "DROP TRIGGER refuse_bob; UPDATE sources SET last_success = 'garbage' WHERE id = {bob};"
    ))
    .unwrap();
    let r = env.run(at("2026-05-01T12:00:00Z")).await.unwrap();
    let pipeline::SourceOutcome::Failed { error } =
        &r.sources.iter().find(|s| s.name == "Bob").unwrap().outcome
    else {
        panic!("{:?}", r.sources);
    };
    assert!(error.contains("unreadable time \"garbage\""), "{error}");
    assert_eq!(r.failed(), 1, "{:?}", r.sources);
}

// ---- 10. names and exit codes ------------------------------------------------

fn aggregate_once(cfg: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["aggregate", "--once", "--config"])
        .arg(cfg)
        .output()
        .unwrap()
}

#[test]
fn a_very_long_source_name_still_gets_its_feeds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.html"), NEWS_PAGE).unwrap();
    let name = "Ada Lovelace and the Analytical Engine Group ".repeat(6);
    assert!(name.len() > 255);
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!("[settings]\non_first_crawl = \"publish\"\n[[source]]\nname = {name:?}\nurl = \"page.html\"\n"),
    )
    .unwrap();
    // This failed every run with "File name too long" (exit 1, no index.html).
    let out = aggregate_once(&cfg);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sources: Vec<_> = std::fs::read_dir(dir.path().join("public/sources"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(sources.len(), 3, "{sources:?}");
    assert!(sources.iter().all(|f| f.len() < 120), "{sources:?}");
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(index.contains("sparse attention"));
    assert!(dir.path().join("public/feeds.opml").is_file());
}

#[test]
fn fatal_errors_exit_3_not_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.html"), NEWS_PAGE).unwrap();
    let cfg = dir.path().join("feeds.toml");
    let write_cfg = |output_dir: &str| {
        std::fs::write(
            &cfg,
            format!("[settings]\noutput_dir = {output_dir:?}\n[[source]]\nname = \"Ada\"\nurl = \"page.html\"\n"),
        )
        .unwrap();
    };
    write_cfg("public");
    assert_eq!(aggregate_once(&cfg).status.code(), Some(0));

    // A dropped table went unnoticed on an unchanged run (exit 0).
    let db = dir.path().join("scholarfeed.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TABLE items")
        .unwrap();
    let out = aggregate_once(&cfg);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("damaged") && err.contains("`items`"), "{err}");
    std::fs::remove_file(&db).unwrap();

    // An output directory that cannot be created (a file is in the way).
    std::fs::write(dir.path().join("blocker"), "").unwrap();
    write_cfg("blocker/public");
    let out = aggregate_once(&cfg);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("blocker"), "{err}");
}

// ---- 8. a small section that vanishes is kept once --------------------------

#[tokio::test]
async fn an_error_page_removes_nothing_however_small_the_sections() {
    let home = "<html><body><h1>Ada</h1><h2>News</h2><ul>\
        <li>2025.03: Our paper on sparse attention was accepted at ICML 2025.</li>\
        <li>2025.01: I joined the systems group as a research intern this winter.</li>\
        <li>2024.11: I gave an invited talk on efficient inference at the workshop.</li>\
        </ul><h2>Publications</h2><ul>\
        <li><b>Sparse Attention for Efficient Inference</b>. Ada Lovelace, Bob Smith. ICML 2025.</li>\
        <li><b>Scheduling Kernels on Small Accelerators</b>. Ada Lovelace. MLSys 2024.</li>\
        </ul></body></html>";
    let error = "<html><body><h1>Service unavailable</h1><p>The site is down for maintenance.</p></body></html>";
    let server = MockServer::start().await;
    serve_page(&server, "/ada", home.to_string()).await;
    let env = Env::new("", &[("Ada", format!("{}/ada", server.uri()))]);
    let r = env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    assert!(
        matches!(
            r.sources[0].outcome,
            pipeline::SourceOutcome::Synced {
                news: 3,
                publications: 2,
                ..
            }
        ),
        "{:?}",
        r.sources[0].outcome
    );

    // The error page, served with status 200: the 2 publications used to be
    // marked removed in this very crawl.
    serve_page(&server, "/ada", error.to_string()).await;
    let r = env.run(at("2026-05-01T06:00:00Z")).await.unwrap();
    assert_eq!(r.totals.removed, 0, "{:?}", r.sources[0].outcome);
    assert_eq!(env.store().live_items("Ada").unwrap().len(), 5);
    let warning = env
        .store()
        .source("Ada")
        .unwrap()
        .unwrap()
        .last_error
        .unwrap();
    assert!(
        warning.contains("publications section vanished"),
        "{warning}"
    );

    // The page is back: nothing was lost, nothing announced again.
    serve_page(&server, "/ada", home.to_string()).await;
    let r = env.run(at("2026-05-01T12:00:00Z")).await.unwrap();
    assert_eq!((r.totals.removed, r.totals.new), (0, 0));

    // Gone on two successful crawls in a row: now it is removed.
    serve_page(&server, "/ada", error.to_string()).await;
    let r = env.run(at("2026-05-01T18:00:00Z")).await.unwrap();
    assert_eq!(r.totals.removed, 0, "one crawl is not enough");
    let r = env.run(at("2026-05-02T00:00:00Z")).await.unwrap();
    assert_eq!(r.totals.removed, 5, "{:?}", r.sources[0].outcome);
    assert!(env.store().live_items("Ada").unwrap().is_empty());
}

// ---- 12. links: linear and bounded -------------------------------------------

#[test]
fn an_item_with_forty_thousand_links_is_cheap_and_bounded() {
    use scholarfeed::extract::{self, Overrides, dom::MAX_LINKS_PER_ITEM};
    use scholarfeed::model::Format;
    let mut page = String::from("<html><body><h2>News</h2><ul>");
    page.push_str("<li>2025.03: Our paper on sparse attention was accepted at ICML 2025.</li>");
    page.push_str("<li>2025.01: I joined the systems group as a research intern, see ");
    for i in 0..40_000 {
        // Every link twice: de-duplication has to look at all of them.
        page.push_str(&format!(
            "<a href=\"https://x.example/{i}\">{i}</a> <a href=\"https://x.example/{i}\">again</a> "
        ));
    }
    page.push_str(".</li><li>2024.11: I gave an invited talk on efficient inference at the workshop.</li></ul></body></html>");
    let url = url::Url::parse("https://ada.example/").unwrap();
    let t = std::time::Instant::now();
    let got = extract::extract(&page, Format::Html, &url, &Overrides::default());
    let took = t.elapsed();
    let item = got
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .find(|i| i.text.contains("research intern"))
        .expect("the item with the links");
    assert_eq!(item.links.len(), MAX_LINKS_PER_ITEM);
    for (i, l) in item.links.iter().enumerate() {
        assert_eq!(
            *l,
            format!("https://x.example/{i}"),
            "first-seen order, no duplicates"
        );
    }
    // Quadratic de-duplication took 1.2 s for 40k links in a release build.
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}

// ---- 6. pathological nesting -------------------------------------------------

#[tokio::test]
async fn deeply_nested_pages_are_refused_in_milliseconds() {
    let server = MockServer::start().await;
    // 4.5 MB of nested elements in one <li>: minutes in the tree builder.
    for (p, open) in [("/divs", "<div>"), ("/bia", "<b><i><a href=\"#\">")] {
        let levels = 4_500_000 / open.len();
        let body = format!(
            "<html><body><h2>News</h2><ul><li>2025.01: {}x</li></ul></body></html>",
            open.repeat(levels)
        );
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "text/html")
                    .set_body_string(body),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/ok"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string(NEWS_PAGE),
        )
        .mount(&server)
        .await;
    let env = Env::new(
        "",
        &[
            ("Divs", format!("{}/divs", server.uri())),
            ("Bia", format!("{}/bia", server.uri())),
            ("Fine", format!("{}/ok", server.uri())),
        ],
    );
    let t = std::time::Instant::now();
    let r = env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    let took = t.elapsed();
    for name in ["Divs", "Bia"] {
        let s = r.sources.iter().find(|s| s.name == name).unwrap();
        let pipeline::SourceOutcome::Failed { error } = &s.outcome else {
            panic!("{name}: {:?}", s.outcome);
        };
        assert!(error.contains("nested more than 2000 levels"), "{error}");
    }
    let fine = r.sources.iter().find(|s| s.name == "Fine").unwrap();
    assert!(matches!(
        fine.outcome,
        pipeline::SourceOutcome::Synced { news: 3, .. }
    ));
    // Was a 60 s timeout per page, with the thread left running.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
}

// ---- 11. feeds in other charsets ---------------------------------------------

#[tokio::test]
async fn feeds_in_single_byte_charsets_keep_their_letters() {
    let cases = [
        ("latin1", "ISO-8859-1", "Café naïve résumé at the workshop"),
        (
            "cp1252",
            "windows-1252",
            "Our “naïve” café paper — accepted",
        ),
        ("koi8", "KOI8-R", "Новости лаборатории: статья принята"),
    ];
    let server = MockServer::start().await;
    for (p, label, title) in cases {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"{label}\"?>\n<rss version=\"2.0\"><channel><title>Lab</title>\
             <item><title>{title}</title><link>https://lab.example/{p}</link>\
             <pubDate>Mon, 03 Mar 2025 00:00:00 GMT</pubDate></item></channel></rss>"
        );
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, unmappable) = enc.encode(&xml);
        assert!(!unmappable, "{label}");
        Mock::given(method("GET"))
            .and(path(format!("/{p}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/rss+xml")
                    .set_body_bytes(bytes.into_owned()),
            )
            .mount(&server)
            .await;
    }
    let sources: Vec<(&str, String)> = cases
        .iter()
        .map(|(p, _, _)| (*p, format!("{}/{p}", server.uri())))
        .collect();
    let env = Env::new("", &sources);
    let r = env.run(at("2026-05-01T00:00:00Z")).await.unwrap();
    assert_eq!(r.failed(), 0, "{:?}", r.sources);
    let store = env.store();
    for (p, label, title) in cases {
        let items = store.live_items(p).unwrap();
        assert_eq!(items.len(), 1, "{label}");
        // Was "CafÃ© naÃ¯ve rÃ©sumÃ©": decoded, then decoded again.
        assert!(
            items[0].text.contains(title),
            "{label}: {:?}",
            items[0].text
        );
    }
    assert!(env.out("feed.atom").contains("Новости лаборатории"));
}

// ---- 4. private address space ------------------------------------------------

/// A loopback server that counts the connections it accepts and answers
/// each with `body` (or a redirect to `location`).
async fn counting_server(
    body: &'static str,
    location: Option<String>,
) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            h.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let location = location.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let resp = match location {
                    Some(l) => format!(
                        "HTTP/1.1 302 Found\r\nlocation: {l}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    ),
                    None => format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    ),
                };
                let _ = s.write_all(resp.as_bytes()).await;
                let _ = s.shutdown().await;
            });
        }
    });
    (port, hits)
}

fn guarded_fetcher(config: &Config) -> Fetcher {
    let mut settings = pipeline::fetch_settings(config);
    // A test resolver: these names "resolve" to loopback, as a DNS answer
    // pointing into private space (or a rebinding attack) would.
    let lo: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    settings.hosts = vec![("intranet.test".into(), lo), ("rebind.test".into(), lo)];
    Fetcher::new(settings).unwrap()
}

#[tokio::test]
async fn names_resolving_into_private_space_are_refused_before_connecting() {
    use std::sync::atomic::Ordering;
    let (internal, internal_hits) = counting_server(NEWS_PAGE, None).await;
    // A loopback source redirecting to a name that resolves to loopback.
    let (redirector, _) =
        counting_server("", Some(format!("http://rebind.test:{internal}/"))).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(
        &cfg,
        format!(
            "[settings]\non_first_crawl = \"publish\"\nper_host_delay_ms = 0\nretries = 0\ntimeout_secs = 5\n\
             [[source]]\nname = \"Intranet\"\nurl = \"http://intranet.test:{internal}/\"\n\
             [[source]]\nname = \"Rebound\"\nurl = \"http://127.0.0.1:{redirector}/\"\n\
             [[source]]\nname = \"Allowed\"\nurl = \"http://rebind.test:{internal}/\"\nallow_private = true\n"
        ),
    )
    .unwrap();
    let config = config::load(&cfg).unwrap();
    let fetcher = guarded_fetcher(&config);
    let now = at("2026-05-01T00:00:00Z");
    let mut store = Store::open(&config.settings.database, now).unwrap();
    let r = pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, now)
        .await
        .unwrap();
    let outcome = |n: &str| {
        r.sources
            .iter()
            .find(|s| s.name == n)
            .unwrap()
            .outcome
            .clone()
    };
    for name in ["Intranet", "Rebound"] {
        let pipeline::SourceOutcome::Failed { error } = outcome(name) else {
            panic!(
                "{name}: {:?} (the internal page was fetched)",
                outcome(name)
            );
        };
        assert!(
            error.contains("private address space") && error.contains("127.0.0.1"),
            "{name}: {error}"
        );
        assert!(error.contains("allow_private"), "{error}");
    }
    // The source that opted in reaches it: one connection, the only one.
    assert!(
        matches!(
            outcome("Allowed"),
            pipeline::SourceOutcome::Synced { news: 3, .. }
        ),
        "{:?}",
        outcome("Allowed")
    );
    assert_eq!(
        internal_hits.load(Ordering::SeqCst),
        1,
        "refused names were dialled"
    );
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert_eq!(
        index.matches("sparse attention").count(),
        1,
        "only the allowed source's item"
    );
}

#[tokio::test]
async fn loopback_sources_may_redirect_within_loopback() {
    let (target, hits) = counting_server(NEWS_PAGE, None).await;
    let (redirector, _) = counting_server("", Some(format!("http://localhost:{target}/"))).await;
    let config = config::parse(
        &format!("[settings]\nper_host_delay_ms = 0\nretries = 0\n[[source]]\nname = \"A\"\nurl = \"http://127.0.0.1:{redirector}/\"\n"),
        "feeds.toml",
        Path::new("/tmp"),
    )
    .unwrap();
    let fetcher = guarded_fetcher(&config);
    let url = &config.sources[0].url;
    let got = fetcher
        .fetch(url, &Default::default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(got, scholarfeed::fetch::FetchOutcome::Fetched(_)));
    assert!(hits.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}
