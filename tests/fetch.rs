//! The fetcher against local servers (wiremock, or a raw TCP listener where a
//! server must misbehave or record what it saw) and local files. Nothing
//! here touches the internet; timeouts and intervals are shrunk so the whole
//! file runs in a few seconds.
//!
//! No test measures how long the client took: on a busy machine that varies
//! without bound. Concurrency and politeness are asserted as the order of
//! what the server saw (one request ended before the next began), timing
//! rules as lower bounds between two server-side events (a sleep never ends
//! early, so load can only lengthen the gap), and timeouts by a server that
//! answers far too late for the answer to ever win.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scholarfeed::fetch::{Document, FetchError, FetchOutcome, FetchSettings, Fetcher, USER_AGENT};
use scholarfeed::model::Validators;
use url::Url;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Settings with everything slow made fast; tests override what they probe.
fn quick() -> FetchSettings {
    FetchSettings {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        per_host_interval: Duration::ZERO,
        max_retries: 2,
        retry_base_delay: Duration::from_millis(10),
        max_retry_delay: Duration::from_secs(3),
        ..FetchSettings::default()
    }
}

fn fetcher(settings: FetchSettings) -> Fetcher {
    Fetcher::new(settings).expect("fetcher builds")
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).unwrap()
}

async fn get(settings: FetchSettings, url: &Url) -> Result<FetchOutcome, FetchError> {
    fetcher(settings).fetch(url, &Validators::default()).await
}

fn fetched(outcome: Result<FetchOutcome, FetchError>) -> Document {
    match outcome {
        Ok(FetchOutcome::Fetched(doc)) => doc,
        other => panic!("expected a document, got {other:?}"),
    }
}

fn html(bytes: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(bytes.into(), "text/html")
}

#[test]
fn fetcher_can_be_shared_across_tasks() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Fetcher>();
    assert_send_sync::<FetchError>();
}

/// The pipeline may `tokio::spawn` fetches, which needs a `Send` future.
#[test]
fn fetch_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let fetcher = fetcher(quick());
    let url = Url::parse("http://example.org/").unwrap();
    let validators = Validators::default();
    let future = fetcher.fetch(&url, &validators);
    assert_send(&future);
}

#[tokio::test]
async fn sends_honest_user_agent() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", USER_AGENT))
        .respond_with(html("ok"))
        .expect(1)
        .mount(&server)
        .await;
    let doc = fetched(get(quick(), &url(&server, "/")).await);
    assert_eq!(doc.body, "ok");
    assert!(USER_AGENT.starts_with(concat!(
        "scholarfeed/",
        env!("CARGO_PKG_VERSION"),
        " (+https://"
    )));
}

/// wiremock's `header()` matcher splits values on commas, so it can never
/// match an HTTP date; compare the raw header instead.
struct RawHeader(&'static str, &'static str);

impl wiremock::Match for RawHeader {
    fn matches(&self, request: &Request) -> bool {
        request.headers.get(self.0).and_then(|v| v.to_str().ok()) == Some(self.1)
    }
}

#[tokio::test]
async fn conditional_get_sends_validators_and_maps_304() {
    const ETAG: &str = "\"v1-abc\"";
    const DATE: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
    let server = MockServer::start().await;
    Mock::given(RawHeader("if-none-match", ETAG))
        .and(RawHeader("if-modified-since", DATE))
        .respond_with(ResponseTemplate::new(304))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            html("fresh")
                .insert_header("etag", ETAG)
                .insert_header("last-modified", DATE),
        )
        .expect(1)
        .mount(&server)
        .await;
    let fetcher = fetcher(quick());
    let page = url(&server, "/");

    let doc = fetched(fetcher.fetch(&page, &Validators::default()).await);
    assert_eq!(
        doc.validators,
        Validators {
            etag: Some(ETAG.into()),
            last_modified: Some(DATE.into())
        }
    );

    let again = fetcher.fetch(&page, &doc.validators).await.unwrap();
    assert!(matches!(again, FetchOutcome::NotModified), "{again:?}");
}

#[tokio::test]
async fn document_carries_metadata() {
    let server = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/new"))
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<p>hi</p>", "text/html; charset=utf-8")
                .insert_header("cache-control", "public, max-age=600"),
        )
        .mount(&server)
        .await;
    let doc = fetched(get(quick(), &url(&server, "/old")).await);
    assert_eq!(doc.final_url, url(&server, "/new"));
    assert_eq!(doc.status, 200);
    assert_eq!(
        doc.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(doc.encoding, "UTF-8");
    assert_eq!(&doc.raw[..], b"<p>hi</p>");
    assert_eq!(doc.cache_hint, Some(Duration::from_secs(600)));
    assert!(doc.validators.is_empty());
}

#[tokio::test]
async fn body_cap_stops_a_large_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html(vec![b'a'; 300_000]))
        .mount(&server)
        .await;
    let settings = FetchSettings {
        max_body_bytes: 100_000,
        ..quick()
    };
    let err = get(settings, &url(&server, "/")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 100_000, .. }),
        "{err:?}"
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn body_cap_stops_a_gzip_bomb() {
    // 16 MiB of zeros compress to ~16 KiB: the cap must count decompressed
    // bytes, as there is no usable Content-Length.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..16 {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 100_000);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html(bomb).insert_header("content-encoding", "gzip"))
        .mount(&server)
        .await;
    let settings = FetchSettings {
        max_body_bytes: 1 << 20,
        ..quick()
    };
    let err = get(settings, &url(&server, "/")).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn gzip_body_is_decompressed() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all("<h2>News</h2>".as_bytes()).unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html(encoder.finish().unwrap()).insert_header("content-encoding", "gzip"))
        .mount(&server)
        .await;
    assert_eq!(
        fetched(get(quick(), &url(&server, "/")).await).body,
        "<h2>News</h2>"
    );
}

#[tokio::test]
async fn corrupt_gzip_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            html(b"\x1f\x8b\x08\x00not gzip at all".to_vec())
                .insert_header("content-encoding", "gzip"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = get(quick(), &url(&server, "/")).await.unwrap_err();
    assert!(matches!(err, FetchError::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn retries_a_500_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(html("second time lucky"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        fetched(get(quick(), &url(&server, "/")).await).body,
        "second time lucky"
    );
}

#[tokio::test]
async fn gives_up_after_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    let page = url(&server, "/");
    let err = get(quick(), &page).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{page}: HTTP 503 Service Unavailable after 3 attempts")
    );
    assert!(err.is_transient());
}

#[tokio::test]
async fn honours_retry_after_on_429() {
    let server = MockServer::start().await;
    let stamps = Stamps::default();
    Mock::given(method("GET"))
        .respond_with(stamps.answer(ResponseTemplate::new(429).insert_header("retry-after", "1")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(stamps.answer(html("ok")))
        .expect(1)
        .mount(&server)
        .await;
    fetched(get(quick(), &url(&server, "/")).await);
    // The retry came at least the second `Retry-After` asked for after the
    // 429 (both stamped by the server; the client's sleep starts after the
    // first stamp and never ends early). Our own backoff would have waited
    // 10 ms at most.
    let gaps = stamps.gaps();
    assert_eq!(gaps.len(), 1, "two attempts in all");
    assert!(gaps[0] >= Duration::from_secs(1), "retried after {gaps:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_gives_up_with_the_hint() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let err = get(quick(), &url(&server, "/")).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
}

#[tokio::test]
async fn does_not_retry_a_404() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let page = url(&server, "/gone");
    let err = get(quick(), &page).await.unwrap_err();
    assert!(
        matches!(err, FetchError::Status { code: 404, .. }),
        "{err:?}"
    );
    assert!(!err.is_transient());
    assert_eq!(err.to_string(), format!("{page}: HTTP 404 Not Found"));
}

#[tokio::test]
async fn redirect_loop_is_too_many_redirects() {
    let server = MockServer::start().await;
    for (from, to) in [("/a", "/b"), ("/b", "/a")] {
        Mock::given(path(from))
            .respond_with(ResponseTemplate::new(302).insert_header("location", to))
            .mount(&server)
            .await;
    }
    let settings = FetchSettings {
        max_redirects: 5,
        ..quick()
    };
    let err = get(settings, &url(&server, "/a")).await.unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err:?}"
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn stalled_server_times_out() {
    // The answer comes after 20 s, so a timeout is the only way to fail
    // here: without one (or with the 30 s default) the late page arrives.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(html("late").set_delay(Duration::from_secs(20)))
        .expect(1)
        .mount(&server)
        .await;
    let settings = FetchSettings {
        timeout: Duration::from_millis(300),
        max_retries: 0,
        ..quick()
    };
    let err = get(settings, &url(&server, "/")).await.unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn stalled_body_times_out() {
    // Headers arrive at once, then the body never finishes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buf).await;
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 1000\r\n\r\n<p>start";
        socket.write_all(head.as_bytes()).await.unwrap();
        // Far beyond the 300 ms timeout: were the body not timed, the fetch
        // would end when this hangs up, as a network error.
        tokio::time::sleep(Duration::from_secs(20)).await;
    });
    let settings = FetchSettings {
        timeout: Duration::from_millis(300),
        max_retries: 0,
        ..quick()
    };
    let err = get(settings, &Url::parse(&format!("http://{addr}/")).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    server.abort();
}

/// A one-shot server that sends `response` to each of `n` connections and
/// hangs up.
async fn raw_server(response: &'static str, n: usize) -> (Url, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let task = tokio::spawn(async move {
        for _ in 0..n {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            socket.write_all(response.as_bytes()).await.unwrap();
        }
    });
    (url, task)
}

#[tokio::test]
async fn truncated_body_is_a_transient_network_error() {
    let (page, server) = raw_server(
        "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n<p>cut short",
        2,
    )
    .await;
    let err = get(
        FetchSettings {
            max_retries: 1,
            ..quick()
        },
        &page,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, FetchError::Network { attempts: 2, .. }),
        "{err:?}"
    );
    assert!(err.is_transient());
    server.await.unwrap();
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let page = Url::parse(&format!("http://{addr}/")).unwrap();
    let err = get(
        FetchSettings {
            max_retries: 0,
            ..quick()
        },
        &page,
    )
    .await
    .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
    assert!(err.is_transient());
    assert!(
        err.to_string()
            .starts_with(&format!("{page}: cannot connect: ")),
        "{err}"
    );
}

#[tokio::test]
async fn unsupported_scheme_is_invalid_url() {
    let err = get(quick(), &Url::parse("ftp://example.org/x").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::InvalidUrl { .. }), "{err:?}");
}

#[tokio::test]
async fn meta_charset_windows_1252_without_header_charset() {
    let server = MockServer::start().await;
    let body = b"<html><head><meta charset=\"windows-1252\"></head><body>Caf\xe9 \x93quoted\x94</body></html>";
    Mock::given(method("GET"))
        .respond_with(html(body.to_vec()))
        .mount(&server)
        .await;
    let doc = fetched(get(quick(), &url(&server, "/")).await);
    assert_eq!(doc.encoding, "windows-1252");
    assert!(
        doc.body.contains("Café \u{201c}quoted\u{201d}"),
        "{}",
        doc.body
    );
}

#[tokio::test]
async fn gbk_page_decoded_from_meta_and_without_any_declaration() {
    let text = "<h2>新闻</h2><ul><li>2024年5月：我们的论文被国际计算语言学会议接收。</li>\
                <li>2024年3月：欢迎新同学加入实验室，共同研究自然语言处理。</li></ul>";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let server = MockServer::start().await;
    let with_meta = [
        br#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#.as_slice(),
        &gbk,
    ]
    .concat();
    Mock::given(path("/meta"))
        .respond_with(html(with_meta))
        .mount(&server)
        .await;
    Mock::given(path("/bare"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(gbk.to_vec(), "text/html"))
        .mount(&server)
        .await;
    let fetcher = fetcher(quick());
    for p in ["/meta", "/bare"] {
        let doc = fetched(
            fetcher
                .fetch(&url(&server, p), &Validators::default())
                .await,
        );
        assert_eq!(doc.encoding, "GBK", "{p}");
        assert!(doc.body.ends_with(text), "{p}: {}", doc.body);
    }
}

#[tokio::test]
async fn header_charset_wins_over_meta() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"<meta charset=gbk>caf\xe9".to_vec(),
            "text/html; charset=ISO-8859-1",
        ))
        .mount(&server)
        .await;
    let doc = fetched(get(quick(), &url(&server, "/")).await);
    assert!(doc.body.ends_with("café"), "{}", doc.body);
}

#[tokio::test]
async fn byte_order_mark_decides() {
    let server = MockServer::start().await;
    let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), "Zürich".as_bytes()].concat();
    let mut utf16_bom = vec![0xFE, 0xFF];
    for unit in "Zürich".encode_utf16() {
        utf16_bom.extend_from_slice(&unit.to_be_bytes());
    }
    Mock::given(path("/utf8"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(utf8_bom, "text/html; charset=windows-1252"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/utf16"))
        .respond_with(html(utf16_bom))
        .mount(&server)
        .await;
    let fetcher = fetcher(quick());
    for (p, encoding) in [("/utf8", "UTF-8"), ("/utf16", "UTF-16BE")] {
        let doc = fetched(
            fetcher
                .fetch(&url(&server, p), &Validators::default())
                .await,
        );
        assert_eq!(
            (doc.body.as_str(), doc.encoding),
            ("Zürich", encoding),
            "{p}"
        );
    }
}

#[tokio::test]
async fn random_bytes_do_not_panic() {
    let server = MockServer::start().await;
    let mut rng = fastrand::Rng::with_seed(42);
    let noise: Vec<u8> = (0..20_000).map(|_| rng.u8(..)).collect();
    Mock::given(path("/noise"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(noise))
        .mount(&server)
        .await;
    let doc = fetched(get(quick(), &url(&server, "/noise")).await);
    assert!(!doc.body.is_empty());
}

/// Notes when each request arrived, across all the mocks it answers for.
#[derive(Clone, Default)]
struct Stamps(Arc<Mutex<Vec<Instant>>>);

impl Stamps {
    fn answer(&self, template: ResponseTemplate) -> impl Respond + use<> {
        Stamped(self.clone(), template)
    }

    fn gaps(&self) -> Vec<Duration> {
        let times = self.0.lock().unwrap().clone();
        times.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

struct Stamped(Stamps, ResponseTemplate);

impl Respond for Stamped {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.0.lock().unwrap().push(Instant::now());
        self.1.clone()
    }
}

/// One thing a [`Recorder`] saw.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// A request arrived (whole head read).
    Began(Instant),
    /// Its answer is about to be written: from here on, the client may
    /// finish and send its next request.
    Ended(Instant),
}

/// A loopback server that answers every request with a small page and
/// records, in order, when each request began and ended. An answer waits
/// until `together` requests have arrived in all, or `hold` has passed: so
/// requests that could overlap do so as an event the log shows, not as a
/// race against the clock, and a request that comes alone is only delayed.
struct Recorder {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    async fn start(together: usize, hold: Duration) -> Recorder {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (arrived, _) = tokio::sync::watch::channel(0usize);
        let arrived = Arc::new(arrived);
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (log, arrived) = (Arc::clone(&log), Arc::clone(&arrived));
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    log.lock().unwrap().push(Seen::Began(Instant::now()));
                    arrived.send_modify(|n| *n += 1);
                    let mut all = arrived.subscribe();
                    let _ = tokio::time::timeout(hold, all.wait_for(|n| *n >= together)).await;
                    log.lock().unwrap().push(Seen::Ended(Instant::now()));
                    let answer = "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\
                                  content-length: 2\r\nconnection: close\r\n\r\nok";
                    let _ = socket.write_all(answer.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Recorder { port, seen }
    }

    /// The server under a host name (all of them loopback).
    fn url(&self, host: &str, path: &str) -> Url {
        Url::parse(&format!("http://{host}:{}{path}", self.port)).unwrap()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn requests(&self) -> usize {
        self.seen()
            .iter()
            .filter(|s| matches!(s, Seen::Began(_)))
            .count()
    }

    /// The most requests that were open at once.
    fn most_at_once(&self) -> usize {
        let (mut open, mut most) = (0usize, 0);
        for s in self.seen() {
            match s {
                Seen::Began(_) => open += 1,
                Seen::Ended(_) => open -= 1,
            }
            most = most.max(open);
        }
        most
    }

    /// For requests that came one at a time: from the end of each to the
    /// beginning of the next.
    fn rests(&self) -> Vec<Duration> {
        self.seen()
            .windows(2)
            .filter_map(|w| match (w[0], w[1]) {
                (Seen::Ended(end), Seen::Began(next)) => Some(next - end),
                _ => None,
            })
            .collect()
    }
}

#[tokio::test]
async fn requests_to_one_host_are_spaced() {
    // Each answer is held 100 ms unless a second request joins it.
    let server = Recorder::start(2, Duration::from_millis(100)).await;
    let interval = Duration::from_millis(200);
    let fetcher = fetcher(FetchSettings {
        per_host_interval: interval,
        ..quick()
    });
    let v = Validators::default();
    let (a, b, c) = (
        server.url("127.0.0.1", "/alice"),
        server.url("127.0.0.1", "/bob"),
        server.url("127.0.0.1", "/carol"),
    );
    let results = tokio::join!(
        fetcher.fetch(&a, &v),
        fetcher.fetch(&b, &v),
        fetcher.fetch(&c, &v)
    );
    for result in [results.0, results.1, results.2] {
        fetched(result);
    }
    // Each request began only after the previous one ended...
    assert_eq!(server.requests(), 3);
    assert_eq!(server.most_at_once(), 1, "{:?}", server.seen());
    // ...and the host rested in between. A lower bound between two server
    // events: the client stamps the end after the server's, and its sleep
    // never ends early, so load can only lengthen a rest.
    let rests = server.rests();
    assert_eq!(rests.len(), 2, "{:?}", server.seen());
    for rest in rests {
        assert!(rest >= interval, "rested only {rest:?}");
    }
}

#[tokio::test]
async fn different_hosts_are_not_serialized() {
    // An answer waits for the second request: they must be open at once.
    // Were the hosts serialized, the first would be answered after 3 s,
    // alone (within the 5 s timeout, so the failure is this test's).
    let server = Recorder::start(2, Duration::from_secs(3)).await;
    let fetcher = fetcher(FetchSettings {
        per_host_interval: Duration::from_secs(2),
        ..quick()
    });
    // The same server under two host names.
    let a = server.url("127.0.0.1", "/");
    let b = server.url("localhost", "/");
    let v = Validators::default();
    let (ra, rb) = tokio::join!(fetcher.fetch(&a, &v), fetcher.fetch(&b, &v));
    fetched(ra);
    fetched(rb);
    assert_eq!(server.requests(), 2);
    assert_eq!(server.most_at_once(), 2, "{:?}", server.seen());
}

#[tokio::test]
async fn global_concurrency_bound_applies_across_hosts() {
    // Two requests to two hosts would be open at once, and answered at
    // once, were it not for the bound of one.
    let server = Recorder::start(2, Duration::from_millis(300)).await;
    let fetcher = fetcher(FetchSettings {
        concurrency: 1,
        ..quick()
    });
    let a = server.url("127.0.0.1", "/");
    let b = server.url("localhost", "/");
    let v = Validators::default();
    let (ra, rb) = tokio::join!(fetcher.fetch(&a, &v), fetcher.fetch(&b, &v));
    fetched(ra);
    fetched(rb);
    assert_eq!(server.requests(), 2);
    assert_eq!(server.most_at_once(), 1, "{:?}", server.seen());
}

#[tokio::test]
async fn file_urls_read_files_and_directory_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("_site");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        b"<meta charset=windows-1252><p>Caf\xe9</p>",
    )
    .unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("index.md"), "# News\n\n- 2024: talk").unwrap();
    let fetcher = fetcher(quick());
    let v = Validators::default();

    let doc = fetched(
        fetcher
            .fetch(&Url::from_directory_path(&site).unwrap(), &v)
            .await,
    );
    assert_eq!(
        doc.final_url,
        Url::from_file_path(site.join("index.html")).unwrap()
    );
    assert_eq!(doc.content_type.as_deref(), Some("text/html"));
    assert!(doc.body.ends_with("<p>Café</p>"), "{}", doc.body);

    let doc = fetched(
        fetcher
            .fetch(&Url::from_file_path(&notes).unwrap(), &v)
            .await,
    );
    assert_eq!(doc.content_type.as_deref(), Some("text/markdown"));
    assert_eq!(doc.body, "# News\n\n- 2024: talk");
}

#[tokio::test]
async fn file_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.html");
    let fetcher = fetcher(quick());
    let err = fetcher
        .fetch(
            &Url::from_file_path(&missing).unwrap(),
            &Validators::default(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            FetchError::File {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with(&missing.display().to_string()),
        "{err}"
    );

    // A directory without an index file.
    let err = fetcher
        .fetch(
            &Url::from_file_path(dir.path()).unwrap(),
            &Validators::default(),
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no index.html or index.md"),
        "{err}"
    );
}

#[tokio::test]
async fn file_size_cap_applies() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.html");
    std::fs::write(&big, vec![b'x'; 2000]).unwrap();
    let fetcher = fetcher(FetchSettings {
        max_body_bytes: 1000,
        ..quick()
    });
    let err = fetcher
        .fetch(&Url::from_file_path(&big).unwrap(), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 1000, .. }),
        "{err:?}"
    );
}
