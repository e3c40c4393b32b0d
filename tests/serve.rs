//! `scholarfeed serve` as a reader meets it: content types, validators and
//! 304s, gzip, no redirects, nothing outside the output directory.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, LOCATION,
};

async fn start(dir: &std::path::Path) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let dir = dir.to_path_buf();
    tokio::spawn(async move {
        scholarfeed::serve::serve_listener(&dir, listener, std::future::pending()).await
    });
    format!("http://{addr}")
}

fn client() -> reqwest::Client {
    // No automatic decompression and no redirects: we check the raw responses.
    reqwest::Client::builder()
        .no_gzip()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn serves_feeds_with_types_validators_gzip_and_no_escape() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join("sources")).unwrap();
    let atom = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">{}</feed>",
        "x".repeat(2000)
    );
    std::fs::write(out.join("feed.atom"), &atom).unwrap();
    std::fs::write(out.join("feed.rss"), "<rss/>").unwrap();
    std::fs::write(out.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    std::fs::write(out.join("sources/a.json"), "{}").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let base = start(&out).await;
    let c = client();

    let r = c.get(format!("{base}/feed.atom")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let etag = r.headers()[ETAG].to_str().unwrap().to_string();
    let lm = r.headers()[LAST_MODIFIED].to_str().unwrap().to_string();
    assert_eq!(r.text().await.unwrap(), atom);

    // Conditional GETs: 304 with no body.
    let r = c
        .get(format!("{base}/feed.atom"))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert!(r.bytes().await.unwrap().is_empty());
    let r = c
        .get(format!("{base}/feed.atom"))
        .header(IF_MODIFIED_SINCE, &lm)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    let r = c
        .get(format!("{base}/feed.atom"))
        .header(IF_NONE_MATCH, "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // gzip when asked, and it decodes to the file.
    let r = c
        .get(format!("{base}/feed.atom"))
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
    let gz = r.bytes().await.unwrap();
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
    assert_eq!(plain, atom);
    assert!(gz.len() < atom.len() / 4);

    for (path, ct) in [
        ("/feed.rss", "application/rss+xml; charset=utf-8"),
        ("/sources/a.json", "application/feed+json; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], ct, "{path}");
    }
    // HEAD: headers, no body.
    let r = c.head(format!("{base}/feed.rss")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key(ETAG));

    // Nothing outside, no redirects, no other methods.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sources/..%2f..%2fsecret.txt",
        "/sources",
        "/nope.atom",
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert!(r.headers().get(LOCATION).is_none(), "{path} redirected");
        assert_ne!(r.status(), StatusCode::OK, "{path}");
        assert!(!r.text().await.unwrap().contains("secret"), "{path} leaked");
    }
    let r = c.post(format!("{base}/feed.atom")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);

    // HTTP clients normalise `..` away; an attacker sends raw bytes.
    let addr = base.trim_start_matches("http://").to_string();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sources/..%2F..%2Fsecret.txt",
        "/./../secret.txt",
        "//secret.txt",
    ] {
        let head = raw_get(&addr, path).await;
        assert!(
            head.starts_with("HTTP/1.1 404") || head.starts_with("HTTP/1.1 400"),
            "{path}: {head}"
        );
        assert!(
            !head.contains("secret\r\n") && !head.ends_with("secret"),
            "{path} leaked: {head}"
        );
    }
}

async fn raw_get(addr: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}

/// A `javascript:` link that reached index.html once ran script on this
/// origin; whatever slips past the sanitizer, the browser must refuse to run.
#[tokio::test]
async fn every_response_forbids_script_sniffing_and_referrers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><a href=\"javascript:alert(1)\">x</a>",
    )
    .unwrap();
    let base = start(dir.path()).await;
    let c = client();
    for p in ["/", "/index.html", "/missing.atom"] {
        let r = c.get(format!("{base}{p}")).send().await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{p}: {csp}");
        assert!(!csp.contains("script-src"), "{p}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{p}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{p}");
    }
}

/// With the file limit low and more idle connections than descriptors, a
/// reader's GET went unanswered while the accept loop spun and logged
/// "Too many open files" at 40 MB/s.
#[test]
fn a_flood_of_idle_connections_does_not_lock_readers_out() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("index.html"),
        "<!doctype html><title>feeds</title>",
    )
    .unwrap();
    let cfg = dir.path().join("feeds.toml");
    std::fs::write(&cfg, "[settings]\noutput_dir = \"public\"\n").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let log = dir.path().join("stderr.log");
    /// Killed however the test ends, so no server outlives it.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64 && exec \"$0\" serve --config \"$1\" --addr {addr} 2>\"$2\""
        ))
        .arg(env!("CARGO_BIN_EXE_scholarfeed"))
        .arg(&cfg)
        .arg(&log)
        .spawn()
        .unwrap();
    let child = Killed(child);
    let t = std::time::Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(t.elapsed() < Duration::from_secs(10), "serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Three times the descriptors the server has, opened and left idle.
    let sock: std::net::SocketAddr = addr.parse().unwrap();
    let connect = || std::net::TcpStream::connect_timeout(&sock, Duration::from_secs(5));
    let idle: Vec<std::net::TcpStream> = (0..192).filter_map(|_| connect().ok()).collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut s = connect().unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut resp = Vec::new();
    let read = s.read_to_end(&mut resp);
    std::thread::sleep(Duration::from_secs(1));
    drop(child);
    drop(idle);
    let resp = String::from_utf8_lossy(&resp);
    assert!(
        resp.starts_with("HTTP/1.1 200"),
        "no answer ({read:?}): {resp:?}"
    );
    let logged = std::fs::metadata(&log).map_or(0, |m| m.len());
    assert!(logged < 16 * 1024, "{logged} bytes of log");
}
