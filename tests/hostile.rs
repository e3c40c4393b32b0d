//! Hostile servers, pages and values (issue 12): each test reproduces one
//! attack against a loopback server and checks that nothing executes,
//! leaks, crashes or goes stale. No test here sends a packet anywhere but
//! 127.0.0.0/8.

use std::path::Path;

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
        pipeline::run_once(&self.config, &fetcher, &mut store, now).await
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
