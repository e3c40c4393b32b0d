//! Fault injection: one run over sources that misbehave in every way we
//! know, beside two healthy ones. Each misbehaving source gets its own
//! loopback address (127.0.0.k), so per-host politeness does not serialize
//! them, and the slow ones must be fetched side by side: the servers log
//! when each connection opened and closed, and the log must show a stalled
//! and a dripping connection open at once (no stopwatch: a busy machine
//! stretches every duration, but not that order).
//!
//! For each fault: the run finishes, the healthy sources are unaffected, no
//! stored item is lost or duplicated, the source's health says what went
//! wrong in plain words, and the feeds stay valid.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use scholarfeed::config;
use scholarfeed::fetch::Fetcher;
use scholarfeed::pipeline::{self, SourceOutcome};
use scholarfeed::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Copy, Debug)]
enum Fault {
    Good(&'static str),
    Stall,
    Drip,
    FailThenOk(&'static str),
    TooManyRequests(&'static str),
    RedirectLoop,
    Huge,
    GzipBomb,
    Truncated,
    Gbk,
    Random,
    Empty,
    /// The homepage, then a "Service unavailable" page with status 200.
    ErrorPageLater(&'static str),
}

#[path = "support/needs.rs"]
mod needs;

fn seed(prefix: &str) -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let p = std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with(prefix)
                && p.extension().is_some_and(|e| e == "md")
        })?;
    std::fs::read_to_string(p).ok()
}

fn ok(ct: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn gbk_page() -> Vec<u8> {
    let html = "<html><head><title>王小明的主页</title></head><body><h1>王小明</h1>\
        <p>我是北京大学计算机学院的博士研究生，研究方向是机器学习系统与高效推理。</p>\
        <h2>新闻</h2><ul>\
        <li>2025.03: 我们的论文被计算机视觉与模式识别会议接收，欢迎大家来交流讨论。</li>\
        <li>2025.01: 我加入了字节跳动的机器学习系统组，担任研究实习生。</li>\
        <li>2024.11: 我在清华大学做了关于大模型推理优化的学术报告。</li>\
        </ul><h2>教学</h2><ul><li>计算机系统导论 助教</li></ul></body></html>";
    let (bytes, _, _) = encoding_rs::GBK.encode(html);
    bytes.into_owned()
}

/// 50 MiB of zeros, gzipped. Compressed once, before the run: in a debug
/// build that takes 0.7 s on an idle machine and seconds on a busy one,
/// which inside a request raced the client's 2 s timeout.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..50 {
            enc.write_all(&zeros).unwrap();
        }
        enc.finish().unwrap()
    })
}

async fn handle(mut s: TcpStream, fault: Fault, hits: usize) {
    let mut buf = [0u8; 4096];
    let mut req = Vec::new();
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let md = "text/markdown; charset=utf-8";
    let resp: Vec<u8> = match fault {
        Fault::Good(p) => ok(md, seed(p).unwrap().as_bytes()),
        // Both hold the connection until the client hangs up (reading
        // returns), so the log shows how long the client kept it open.
        Fault::Stall => {
            let _ = tokio::time::timeout(Duration::from_secs(60), s.read(&mut buf)).await;
            return;
        }
        Fault::Drip => {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n<html>").await;
            for _ in 0..1000 {
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(200)) => {}
                    _ = s.read(&mut buf) => return,
                }
                if s.write_all(b"x").await.is_err() {
                    return;
                }
            }
            return;
        }
        Fault::FailThenOk(p) if hits > 0 => ok(md, seed(p).unwrap().as_bytes()),
        Fault::FailThenOk(_) => b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n".to_vec(),
        Fault::TooManyRequests(p) if hits > 0 => ok(md, seed(p).unwrap().as_bytes()),
        Fault::TooManyRequests(_) => b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\n\r\n".to_vec(),
        Fault::RedirectLoop => b"HTTP/1.1 302 Found\r\nlocation: /loop\r\ncontent-length: 0\r\n\r\n".to_vec(),
        Fault::Huge => {
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 52428800\r\n\r\n").await;
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..800 {
                if s.write_all(&chunk).await.is_err() {
                    return;
                }
            }
            return;
        }
        Fault::GzipBomb => {
            let body = gzip_bomb();
            let mut r = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend_from_slice(body);
            r
        }
        Fault::Truncated => {
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n<html><body><h2>News</h2><ul><li>2025.01: half")
                .await;
            return;
        }
        Fault::Gbk => ok("text/html", &gbk_page()),
        Fault::Random => {
            let mut rng = fastrand::Rng::with_seed(7);
            let bytes: Vec<u8> = (0..20_000).map(|_| rng.u8(..)).collect();
            ok("text/html", &bytes)
        }
        Fault::Empty => ok("text/html", b""),
        Fault::ErrorPageLater(p) if hits == 0 => ok(md, seed(p).unwrap().as_bytes()),
        Fault::ErrorPageLater(_) => ok(
            "text/html",
            b"<html><body><h1>Service unavailable</h1><p>The site is down for maintenance.</p></body></html>",
        ),
    };
    let _ = s.write_all(&resp).await;
    let _ = s.shutdown().await;
}

/// What the servers saw, in order: a source's connection opening or
/// closing.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<(String, Conn)>>>);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Conn {
    Opened,
    Closed,
}

impl Log {
    fn push(&self, name: &str, conn: Conn) {
        self.0.lock().unwrap().push((name.to_string(), conn));
    }

    fn connections(&self, name: &str) -> usize {
        let log = self.0.lock().unwrap();
        log.iter()
            .filter(|e| *e == &(name.to_string(), Conn::Opened))
            .count()
    }

    /// Whether a connection of `a` and one of `b` were ever open at once.
    fn overlapped(&self, a: &str, b: &str) -> bool {
        let (mut open_a, mut open_b) = (0usize, 0usize);
        for (name, conn) in self.0.lock().unwrap().iter() {
            let n = match name {
                x if x == a => &mut open_a,
                x if x == b => &mut open_b,
                _ => continue,
            };
            match conn {
                Conn::Opened => *n += 1,
                Conn::Closed => *n -= 1,
            }
            if open_a > 0 && open_b > 0 {
                return true;
            }
        }
        false
    }
}

/// Starts one listener per source on its own loopback address.
async fn start(faults: &[(&str, Fault)], log: &Log) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, (name, fault)) in faults.iter().enumerate() {
        let listener = TcpListener::bind(format!("127.0.0.{}:0", k + 2))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let fault = *fault;
        let hits = Arc::new(AtomicUsize::new(0));
        let (log, name_) = (log.clone(), name.to_string());
        tokio::spawn(async move {
            while let Ok((s, _)) = listener.accept().await {
                let n = hits.fetch_add(1, Ordering::SeqCst);
                let (log, name) = (log.clone(), name_.clone());
                log.push(&name, Conn::Opened);
                tokio::spawn(async move {
                    handle(s, fault, n).await;
                    log.push(&name, Conn::Closed);
                });
            }
        });
        let path = if matches!(
            fault,
            Fault::Good(_)
                | Fault::FailThenOk(_)
                | Fault::TooManyRequests(_)
                | Fault::ErrorPageLater(_)
        ) {
            "page.md"
        } else {
            "loop"
        };
        out.push((name.to_string(), format!("http://{addr}/{path}")));
    }
    out
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misbehaving_sources_fail_alone_and_in_plain_words() {
    if needs::shared("seeds").is_none() {
        return;
    }
    assert!(
        seed("000").is_some(),
        "seed 000 is missing from ../shared/seeds"
    );
    let faults = [
        ("Healthy A", Fault::Good("000")),
        ("Healthy B", Fault::Good("003")),
        ("Refused", Fault::Good("000")), // its listener is closed below
        ("Stall", Fault::Stall),
        ("Drip", Fault::Drip),
        ("Flaky", Fault::FailThenOk("001")),
        ("Throttled", Fault::TooManyRequests("002")),
        ("Redirect loop", Fault::RedirectLoop),
        ("Huge", Fault::Huge),
        ("Gzip bomb", Fault::GzipBomb),
        ("Truncated", Fault::Truncated),
        ("GBK", Fault::Gbk),
        ("Random", Fault::Random),
        ("Empty", Fault::Empty),
        ("Error page", Fault::ErrorPageLater("004")),
    ];
    gzip_bomb();
    let log = Log::default();
    let mut urls = start(&faults, &log).await;
    // Nothing listens here.
    let dead = std::net::TcpListener::bind("127.0.0.99:0")
        .unwrap()
        .local_addr()
        .unwrap();
    urls[2].1 = format!("http://{dead}/");

    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[settings]\non_first_crawl = \"publish\"\nper_host_delay_ms = 0\nretries = 1\ntimeout_secs = 2\nmax_body_mib = 1\n",
    );
    for (name, url) in &urls {
        text.push_str(&format!("[[source]]\nname = \"{name}\"\nurl = \"{url}\"\n"));
    }
    std::fs::write(dir.path().join("feeds.toml"), text).unwrap();
    let config = config::load(&dir.path().join("feeds.toml")).unwrap();
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config)).unwrap();

    let now = at("2026-05-01T00:00:00Z");
    let mut store = Store::open(&config.settings.database, now).unwrap();
    // Only a guard against a hang: the run takes a few seconds.
    let r1 = tokio::time::timeout(
        Duration::from_secs(120),
        pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, now),
    )
    .await
    .expect("the run hangs")
    .unwrap();
    // The slow sources ran side by side, not one after the other...
    assert!(
        log.overlapped("Stall", "Drip"),
        "the stalled and the dripping source were never fetched at once: {:?}",
        log.0.lock().unwrap()
    );
    // ...each tried exactly twice (retries = 1), as were the ones that
    // recover on their second attempt.
    for name in ["Stall", "Drip", "Flaky", "Throttled"] {
        assert_eq!(log.connections(name), 2, "{name}");
    }

    let outcome: HashMap<&str, &SourceOutcome> = r1
        .sources
        .iter()
        .map(|s| (s.name.as_str(), &s.outcome))
        .collect();
    let health = |store: &Store, name: &str| store.source(name).unwrap().unwrap();
    let synced = |name: &str| match outcome[name] {
        SourceOutcome::Synced {
            news, publications, ..
        } => (*news, *publications),
        o => panic!("{name}: {o:?}"),
    };
    assert_eq!(synced("Healthy A"), (6, 0));
    assert_eq!(synced("Healthy B"), (2, 0));
    assert!(synced("Flaky").0 > 0, "500 then 200 is retried");
    assert!(
        synced("Throttled").1 > 0,
        "429 with Retry-After: 1 is waited out"
    );
    assert!(synced("Error page").0 > 0);
    // GBK without any charset declaration: decoded, and its news found.
    assert_eq!(synced("GBK"), (3, 0));
    let gbk = store.live_items("GBK").unwrap();
    assert!(
        gbk.iter().any(|i| i.text.contains("字节跳动")),
        "{:?}",
        gbk.iter().map(|i| &i.text).collect::<Vec<_>>()
    );

    // Failures, each in words a person understands.
    for (name, words) in [
        ("Refused", "cannot connect"),
        ("Stall", "timed out"),
        ("Drip", "timed out"),
        ("Redirect loop", "redirects"),
        ("Huge", "larger than"),
        ("Gzip bomb", "larger than"),
        ("Truncated", "connection failed"),
    ] {
        assert!(
            matches!(outcome[name], SourceOutcome::Failed { .. }),
            "{name}: {:?}",
            outcome[name]
        );
        let h = health(&store, name);
        let err = h.last_error.unwrap_or_default();
        assert!(err.contains(words), "{name}: {err:?} should say {words:?}");
        assert_eq!(h.consecutive_failures, 1, "{name}");
    }
    // Garbage and empty pages are not failures, but health says why nothing was found.
    for name in ["Random", "Empty"] {
        assert!(
            matches!(
                outcome[name],
                SourceOutcome::Synced {
                    news: 0,
                    publications: 0,
                    ..
                }
            ),
            "{name}"
        );
        let err = health(&store, name).last_error.unwrap_or_default();
        assert!(
            err.contains("no News or Publications section found"),
            "{name}: {err:?}"
        );
    }
    let before: HashMap<String, usize> = urls
        .iter()
        .map(|(n, _)| (n.clone(), store.live_items(n).unwrap().len()))
        .collect();
    let entries_before =
        feed_rs::parser::parse(&std::fs::read(dir.path().join("public/feed.atom")).unwrap()[..])
            .unwrap()
            .entries
            .len();

    // Second run: the homepage now serves an error page with status 200.
    let now = at("2026-05-01T06:00:00Z");
    let r2 = pipeline::run_once(&Arc::new(config.clone()), &fetcher, &mut store, now)
        .await
        .unwrap();
    assert_eq!(
        r2.totals.new, 0,
        "nothing new on the second run: {:?}",
        r2.totals
    );
    assert_eq!(
        r2.totals.removed, 0,
        "an error page must not remove anything"
    );
    let err = health(&store, "Error page").last_error.unwrap_or_default();
    assert!(err.contains("vanished"), "{err:?}");
    for (name, _) in &urls {
        assert_eq!(
            store.live_items(name).unwrap().len(),
            before[name],
            "{name}: items lost or duplicated"
        );
    }
    for f in ["feed.atom", "feed.rss", "news.atom", "publications.rss"] {
        let feed =
            feed_rs::parser::parse(&std::fs::read(dir.path().join("public").join(f)).unwrap()[..])
                .unwrap_or_else(|e| panic!("{f}: {e}"));
        if f == "feed.atom" {
            assert_eq!(feed.entries.len(), entries_before);
        }
    }
    let failures = health(&store, "Stall").consecutive_failures;
    assert_eq!(failures, 2, "failures accumulate");
}
