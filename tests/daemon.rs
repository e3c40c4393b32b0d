//! The daemon, run as a user runs it: `scholarfeed aggregate` against a
//! local server on a two-second schedule, driven with real signals.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Records when each path was requested; `/flaky` fails until `heal_at`.
#[derive(Clone)]
struct Recorder {
    hits: Arc<Mutex<Vec<(String, SystemTime)>>>,
    pages: Arc<Vec<(String, String)>>,
    heal_at: Arc<Mutex<Option<Instant>>>,
}

impl Respond for Recorder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let p = req.url.path().to_string();
        self.hits
            .lock()
            .unwrap()
            .push((p.clone(), SystemTime::now()));
        if p == "/flaky" {
            let healed = self
                .heal_at
                .lock()
                .unwrap()
                .is_some_and(|t| Instant::now() >= t);
            if !healed {
                return ResponseTemplate::new(500);
            }
        }
        match self.pages.iter().find(|(path, _)| *path == p) {
            Some((_, body)) => ResponseTemplate::new(200).set_body_string(body.clone()),
            None => ResponseTemplate::new(404),
        }
    }
}

impl Recorder {
    fn count(&self, path: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }
    fn times(&self, path: &str) -> Vec<SystemTime> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }
}

#[path = "support/needs.rs"]
mod needs;

fn seed(n: &str) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let p = std::fs::read_dir(&dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with(n)
                && p.extension().is_some_and(|e| e == "md")
        })?;
    std::fs::read_to_string(p).ok()
}

fn config_text(server: &str, sources: &[(&str, &str)]) -> String {
    let mut t = String::from(
        "[settings]\nschedule = \"*/2 * * * * *\"\njitter_secs = 1\nper_host_delay_ms = 0\nretries = 0\ntimeout_secs = 5\n",
    );
    for (name, path) in sources {
        t.push_str(&format!(
            "[[source]]\nname = \"{name}\"\nurl = \"{server}{path}\"\n"
        ));
    }
    t
}

/// Kills the daemon if the test fails before stopping it, so a failed run
/// never leaves a process crawling in the background.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_daemon(cfg: &Path, log: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["aggregate", "--config"])
        .arg(cfg)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} failed");
}

fn wait_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let t = Instant::now();
    while t.elapsed() < within {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn status(cfg: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["status", "--config"])
        .arg(cfg)
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_crawls_on_schedule_backs_off_reloads_and_stops_cleanly() {
    if needs::shared("seeds").is_none() {
        return;
    }
    let (Some(a), Some(b)) = (seed("000"), seed("003")) else {
        panic!("seeds 000 and 003 are missing from ../shared/seeds");
    };
    let rec = Recorder {
        hits: Arc::default(),
        pages: Arc::new(vec![
            ("/a.md".into(), a.clone()),
            ("/b.md".into(), b),
            ("/flaky".into(), a.clone()),
            ("/new.md".into(), a),
        ]),
        heal_at: Arc::default(),
    };
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(rec.clone())
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg: PathBuf = dir.path().join("feeds.toml");
    let log = dir.path().join("daemon.log");
    std::fs::write(
        &cfg,
        config_text(
            &server.uri(),
            &[("A", "/a.md"), ("B", "/b.md"), ("Flaky", "/flaky")],
        ),
    )
    .unwrap();

    let mut daemon = Daemon(spawn_daemon(&cfg, &log));
    let child = &mut daemon.0;
    tokio::time::sleep(Duration::from_secs(9)).await;

    // On schedule: A was crawled at start and then about every 2 s.
    let a_hits = rec.count("/a.md");
    assert!(
        (3..=7).contains(&a_hits),
        "A crawled {a_hits} times in 9 s on a 2 s schedule"
    );
    // Jitter inside its window: after the first (catch-up) crawl, every
    // request falls in [fire time, fire time + 1 s window + slack).
    for t in rec
        .times("/a.md")
        .iter()
        .skip(1)
        .chain(rec.times("/b.md").iter().skip(1))
    {
        let ms = t.duration_since(UNIX_EPOCH).unwrap().as_millis() % 2000;
        assert!(
            ms < 1500,
            "request {ms} ms after a fire time, outside the 1 s jitter window: {:?}\n{}",
            rec.hits
                .lock()
                .unwrap()
                .iter()
                .map(|(p, t)| format!(
                    "{p}@{}",
                    t.duration_since(UNIX_EPOCH).unwrap().as_millis() % 100_000
                ))
                .collect::<Vec<_>>(),
            std::fs::read_to_string(&log).unwrap()
        );
    }
    // Backoff: the failing source was tried less often than the healthy ones.
    let flaky_hits = rec.count("/flaky");
    assert!(
        flaky_hits >= 2 && flaky_hits < a_hits,
        "flaky {flaky_hits} vs healthy {a_hits}\n{}",
        std::fs::read_to_string(&log).unwrap()
    );
    let st = status(&cfg);
    assert!(
        st.contains("Flaky") && st.contains("FAILING") && st.contains("HTTP 500"),
        "{st}"
    );

    // It recovers once the server does.
    *rec.heal_at.lock().unwrap() = Some(Instant::now());
    let t = Instant::now();
    while !status(&cfg)
        .lines()
        .skip_while(|l| !l.starts_with("Flaky"))
        .nth(1)
        .is_some_and(|l| l.trim_start().starts_with("ok"))
    {
        assert!(
            t.elapsed() < Duration::from_secs(25),
            "flaky source never recovered:\n{}",
            status(&cfg)
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // SIGHUP with a new source: it gets crawled.
    std::fs::write(
        &cfg,
        config_text(
            &server.uri(),
            &[
                ("A", "/a.md"),
                ("B", "/b.md"),
                ("Flaky", "/flaky"),
                ("New", "/new.md"),
            ],
        ),
    )
    .unwrap();
    signal(child, "-HUP");
    let t = Instant::now();
    while rec.count("/new.md") == 0 {
        assert!(
            t.elapsed() < Duration::from_secs(6),
            "new source not crawled after SIGHUP"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A broken reload keeps the running config: crawling goes on.
    std::fs::write(&cfg, "[settings]\nschedule = \"not a cron line\"\n").unwrap();
    signal(child, "-HUP");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rec.count("/b.md");
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert!(
        rec.count("/b.md") > before,
        "crawling stopped after a broken reload"
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "daemon died on a broken reload"
    );

    // SIGTERM: out within 5 s, exit 0, store consistent, feeds written.
    signal(child, "-TERM");
    let code = wait_exit(child, Duration::from_secs(5));
    let logs = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        code.and_then(|c| c.code()),
        Some(0),
        "daemon did not exit 0 within 5 s:\n{logs}"
    );
    assert!(
        logs.contains("reload failed") && logs.contains("keeping the running config"),
        "{logs}"
    );
    assert!(logs.contains("reloaded"), "{logs}");
    let conn = rusqlite::Connection::open(dir.path().join("scholarfeed.db")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let bytes = std::fs::read(dir.path().join("public/feed.atom")).unwrap();
    feed_rs::parser::parse(&bytes[..]).unwrap();
}
