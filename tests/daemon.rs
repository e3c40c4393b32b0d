//! The daemon, run as a user runs it: `scholarfeed aggregate` against a
//! local server on a two-second schedule, driven with real signals.
//!
//! Everything is asserted as events and their order (the server's log of
//! requests, the daemon's log, `status`), never as a count inside a fixed
//! stretch of wall-clock time, which a busy machine stretches at will. The
//! one timing rule checked, backoff, is a lower bound between two requests
//! the server saw, with a wide tolerance. Waits have generous limits that
//! only turn a hang into a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How many times `/flaky` fails before it recovers.
const FLAKY_FAILURES: usize = 3;
/// Only against a hang: each wait below is over in seconds.
const HANG: Duration = Duration::from_secs(90);

/// Records every request in the order it arrived; `/flaky` answers 500 to
/// its first [`FLAKY_FAILURES`] requests.
#[derive(Clone)]
struct Recorder {
    hits: Arc<Mutex<Vec<(String, Instant)>>>,
    pages: Arc<Vec<(String, String)>>,
}

impl Respond for Recorder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let p = req.url.path().to_string();
        let mut hits = self.hits.lock().unwrap();
        hits.push((p.clone(), Instant::now()));
        if p == "/flaky" && hits.iter().filter(|(h, _)| *h == p).count() <= FLAKY_FAILURES {
            return ResponseTemplate::new(500);
        }
        match self.pages.iter().find(|(path, _)| *path == p) {
            Some((_, body)) => ResponseTemplate::new(200).set_body_string(body.clone()),
            None => ResponseTemplate::new(404),
        }
    }
}

impl Recorder {
    fn count(&self, path: &str) -> usize {
        self.times(path).len()
    }
    fn times(&self, path: &str) -> Vec<Instant> {
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

/// What `status` prints, or `None` while it cannot say (the daemon has
/// just started and is still creating the store): callers poll.
fn status(cfg: &Path) -> Option<String> {
    let o = Command::new(env!("CARGO_BIN_EXE_scholarfeed"))
        .args(["status", "--config"])
        .arg(cfg)
        .output()
        .unwrap();
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The health line `status` prints under a source's name ("" until
/// `status` answers).
fn health(cfg: &Path, name: &str) -> String {
    status(cfg)
        .unwrap_or_default()
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{name}  ")))
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Polls until `done` holds; fails after [`HANG`] with `what` and the
/// daemon's log.
async fn wait_for(what: &str, log: &Path, mut done: impl FnMut() -> bool) {
    let t = Instant::now();
    while !done() {
        assert!(
            t.elapsed() < HANG,
            "{what}: not after {HANG:?}\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
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

    // The failing source is reported as such...
    wait_for("Flaky failing three times in `status`", &log, || {
        let h = health(&cfg, "Flaky");
        h.starts_with(&format!("FAILING x{FLAKY_FAILURES}")) && h.contains("HTTP 500")
    })
    .await;
    // ...and recovers once the server does (its next attempt succeeds).
    wait_for("Flaky recovering in `status`", &log, || {
        health(&cfg, "Flaky").starts_with("ok")
    })
    .await;

    // Backoff: after its third failure the source rested about 8 s (one
    // 2 s interval doubled twice, spread ±20 % by its name), where the
    // schedule alone would have tried it again within 3 s (the next fire
    // time plus at most the 1 s jitter window). Both requests are stamped
    // by the server. The rest counts from the attempt's start as stored,
    // to the second, so it may look up to a second and a slow run's
    // latency shorter: half the backoff leaves seconds for that.
    let flaky = rec.times("/flaky");
    let backoff = scholarfeed::schedule::backoff("Flaky", 3, Duration::from_secs(2));
    assert!(backoff > Duration::from_secs(6), "{backoff:?}");
    let rested = flaky[FLAKY_FAILURES] - flaky[FLAKY_FAILURES - 1];
    assert!(
        rested >= backoff / 2,
        "Flaky retried {rested:?} after its third failure; backoff is {backoff:?}\n{}",
        std::fs::read_to_string(&log).unwrap()
    );
    // Meanwhile the healthy source kept its schedule: crawled at start
    // and on at least two fire times, more often than the failing one.
    let a_then = rec.count("/a.md");
    assert!(
        a_then >= 3 && a_then > flaky.len(),
        "A crawled {a_then} times, Flaky {}",
        flaky.len()
    );

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
    wait_for("the new source crawled after SIGHUP", &log, || {
        rec.count("/new.md") > 0
    })
    .await;

    // A broken reload keeps the running config: once the daemon has
    // refused it, crawling goes on.
    std::fs::write(&cfg, "[settings]\nschedule = \"not a cron line\"\n").unwrap();
    signal(child, "-HUP");
    wait_for("the broken reload reported", &log, || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("reload failed"))
    })
    .await;
    let before = rec.count("/b.md");
    wait_for("B crawled after a broken reload", &log, || {
        rec.count("/b.md") > before
    })
    .await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "daemon died on a broken reload"
    );

    // Never busier than the schedule: every crawl of A after the first
    // answers a fire time of the 2 s schedule later than the previous
    // crawl, so there is at most one per 2 s between the first and the
    // last (plus 2 for the ends). A busy loop or a catch-up burst breaks
    // this; a slow machine only lowers the count.
    let a_times = rec.times("/a.md");
    let span = *a_times.last().unwrap() - a_times[0];
    assert!(
        (a_times.len() - 1) as f64 <= span.as_secs_f64() / 2.0 + 2.0,
        "A crawled {} times in {span:?}",
        a_times.len()
    );

    // SIGTERM: exit 0, store consistent, feeds written.
    signal(child, "-TERM");
    let code = wait_exit(child, Duration::from_secs(30));
    let logs = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        code.and_then(|c| c.code()),
        Some(0),
        "daemon did not exit 0 after SIGTERM:\n{logs}"
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
