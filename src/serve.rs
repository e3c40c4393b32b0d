//! `scholarfeed serve`: the output directory over HTTP, so a feed reader
//! can subscribe without another web server.
//!
//! Deliberately small: GET and HEAD of regular files under `output_dir`,
//! nothing else. Every response has the feed's own `Content-Type`, a strong
//! `ETag` (content hash) and `Last-Modified`, so readers revalidate with a
//! 304; gzip when asked; never a redirect (some readers drop a subscription
//! on one). Paths are decoded segment by segment and refused if any segment
//! is `.`/`..`, hidden (our temporary files start with a dot) or contains a
//! separator, and the resolved file must lie inside the canonical output
//! directory, so neither `..` tricks nor symlinks reach outside it.
//!
//! Under attack it stays answerable: a client must send its request headers
//! within 10 s, no connection lives past 2 minutes, connections are capped
//! below the process's file limit (the oldest is shed when full, so a
//! reader's request gets in past a flood of idle ones), and a failing
//! `accept` backs off and is logged at most every 10 s.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use tokio::task::AbortHandle;
use tracing::{debug, info, warn};

/// Sent with every response. Our pages carry no script, so none may run
/// on this origin: an entry's markup or a link that slipped past the
/// sanitizer (a `javascript:` URL once did) still cannot execute. Inline
/// style stays allowed for index.html's own `<style>`; images from
/// anywhere, as entries show them.
const SECURITY_HEADERS: [(&str, &str); 3] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
];

fn with_security_headers(mut b: http::response::Builder) -> http::response::Builder {
    for (name, value) in SECURITY_HEADERS {
        b = b.header(name, value);
    }
    b
}

/// Bodies smaller than this are not worth compressing.
const GZIP_MIN_BYTES: usize = 256;

/// Serves `dir` on `addr` until `shutdown` completes.
pub async fn serve(dir: &Path, addr: SocketAddr, shutdown: impl Future<Output = ()>) -> Result<()> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    info!(
        "serving {} on http://{}/",
        dir.display(),
        listener.local_addr()?
    );
    serve_listener(dir, listener, shutdown).await
}

/// Serves `dir` on an already bound listener (tests bind port 0).
pub async fn serve_listener(
    dir: &Path,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let root = Arc::new(
        dir.canonicalize()
            .with_context(|| format!("cannot open {}", dir.display()))?,
    );
    let mut shutdown = std::pin::pin!(shutdown);
    let max = max_connections();
    let mut live: VecDeque<AbortHandle> = VecDeque::new();
    let mut backoff = AcceptBackoff::default();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors (or another passing error):
                    // retrying at once spun a core and logged 1.9 GB in 45 s.
                    // Wait, shed the oldest connection, and say so rarely.
                    backoff.failed(&e);
                    live.retain(|h| !h.is_finished());
                    if let Some(oldest) = live.pop_front() {
                        oldest.abort();
                    }
                    tokio::select! {
                        () = tokio::time::sleep(backoff.delay()) => {}
                        () = &mut shutdown => return Ok(()),
                    }
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        backoff.succeeded();
        // At the cap, the connection open longest goes: under a flood of
        // idle connections that is an attacker's, and a reader's request
        // still gets in, where a first-come queue would keep it waiting
        // behind every idle one.
        live.retain(|h| !h.is_finished());
        if live.len() >= max
            && let Some(oldest) = live.pop_front()
        {
            oldest.abort();
        }
        let root = root.clone();
        let task = tokio::spawn(async move {
            let service = service_fn(move |req| {
                let root = root.clone();
                async move { Ok::<_, Infallible>(respond(&root, &req)) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            match tokio::time::timeout(CONNECTION_LIFETIME, conn).await {
                Ok(Err(e)) => debug!("connection from {peer}: {e}"),
                Err(_) => debug!("connection from {peer}: open too long, closed"),
                Ok(Ok(())) => {}
            }
        });
        live.push_back(task.abort_handle());
    }
}

/// A client that has not sent its request headers by then is dropped
/// (slowloris, or a connection opened and left idle).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// No connection lives longer: our files are small, so only a client
/// holding a connection open on purpose reaches this.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// File descriptors kept free for the files we serve and the runtime.
const FD_RESERVE: usize = 64;

/// Connections served at once: below the process's file limit (1024 by
/// default under systemd), so accepting never runs out of descriptors.
fn max_connections() -> usize {
    let limit = open_file_limit().unwrap_or(1024);
    limit
        .saturating_sub(FD_RESERVE)
        .max(limit / 2)
        .clamp(1, 16_384)
}

/// The soft `RLIMIT_NOFILE`, read from /proc (Linux) so no unsafe call is
/// needed; `None` elsewhere.
fn open_file_limit() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Exponential pause after failed accepts, and a log line at most every
/// few seconds with how many failed meanwhile.
#[derive(Default)]
struct AcceptBackoff {
    failures: u32,
    suppressed: u64,
    last_log: Option<std::time::Instant>,
}

impl AcceptBackoff {
    const LOG_EVERY: Duration = Duration::from_secs(10);

    fn failed(&mut self, e: &std::io::Error) {
        self.failures = self.failures.saturating_add(1);
        let due = self.last_log.is_none_or(|t| t.elapsed() >= Self::LOG_EVERY);
        if due {
            if self.suppressed > 0 {
                warn!(
                    "accept failed: {e} ({} more since the last message; shedding the oldest connection, pausing)",
                    self.suppressed
                );
            } else {
                warn!("accept failed: {e} (shedding the oldest connection, pausing)");
            }
            self.suppressed = 0;
            self.last_log = Some(std::time::Instant::now());
        } else {
            self.suppressed += 1;
        }
    }

    fn succeeded(&mut self) {
        self.failures = 0;
    }

    /// 10 ms doubling to a second.
    fn delay(&self) -> Duration {
        let exp = self.failures.saturating_sub(1).min(7);
        Duration::from_millis(10u64 << exp).min(Duration::from_secs(1))
    }
}

fn respond(root: &Path, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(path) = resolve(root, req.uri().path()) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let (Ok(body), Ok(meta)) = (std::fs::read(&path), std::fs::metadata(&path)) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let hash: String = Sha256::digest(&body)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let gzip = accepts_gzip(req) && body.len() >= GZIP_MIN_BYTES;
    let etag = if gzip {
        format!("\"{hash}-gz\"")
    } else {
        format!("\"{hash}\"")
    };

    let mut builder = with_security_headers(Response::builder())
        .header(header::CONTENT_TYPE, content_type(&path))
        .header(header::ETAG, &etag)
        .header(header::LAST_MODIFIED, httpdate::fmt_http_date(modified))
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::VARY, "Accept-Encoding");
    if not_modified(req, &hash, modified) {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Full::new(Bytes::new()))
            .expect("valid response");
    }
    let body = if gzip {
        builder = builder.header(header::CONTENT_ENCODING, "gzip");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&body)
            .and_then(|()| enc.finish())
            .unwrap_or(body)
    } else {
        body
    };
    builder = builder.header(header::CONTENT_LENGTH, body.len());
    let body = if req.method() == Method::HEAD {
        Bytes::new()
    } else {
        Bytes::from(body)
    };
    builder
        .status(StatusCode::OK)
        .body(Full::new(body))
        .expect("valid response")
}

/// Maps a request path to a regular file inside `root`, or `None`.
fn resolve(root: &Path, raw: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    let mut last_was_dir = raw.ends_with('/');
    for seg in raw.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_encoding::percent_decode_str(seg)
            .decode_utf8()
            .ok()?;
        if seg.starts_with('.') || seg.contains(['/', '\\', '\0']) {
            return None;
        }
        path.push(seg.as_ref());
        last_was_dir = false;
    }
    if last_was_dir || path == root {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("atom") => "application/atom+xml; charset=utf-8",
        Some("rss") => "application/rss+xml; charset=utf-8",
        Some("json") => "application/feed+json; charset=utf-8",
        Some("opml") => "text/x-opml; charset=utf-8",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn accepts_gzip(req: &Request<Incoming>) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
fn not_modified(req: &Request<Incoming>, hash: &str, modified: SystemTime) -> bool {
    if let Some(inm) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return inm.split(',').map(str::trim).any(|t| {
            let t = t.trim_start_matches("W/").trim_matches('"');
            t == "*" || t == hash || t.strip_suffix("-gz") == Some(hash)
        });
    }
    let since = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match since {
        // HTTP dates have whole seconds.
        Some(since) => modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()
            .zip(since.duration_since(SystemTime::UNIX_EPOCH).ok())
            .is_some_and(|(m, s)| m.as_secs() <= s.as_secs()),
        None => false,
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    with_security_headers(Response::builder())
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .expect("valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("sources")).unwrap();
        std::fs::write(root.join("feed.atom"), "x").unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::fs::write(root.join("sources/a.rss"), "x").unwrap();
        std::fs::write(root.join(".feed.atom.tmp-1"), "x").unwrap();
        assert_eq!(resolve(&root, "/feed.atom"), Some(root.join("feed.atom")));
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/sources/a.rss"),
            Some(root.join("sources/a.rss"))
        );
        assert_eq!(resolve(&root, "/sources%2Fa.rss"), None);
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&root, "/sources/..%2f..%2fetc"), None);
        assert_eq!(resolve(&root, "/.feed.atom.tmp-1"), None);
        assert_eq!(
            resolve(&root, "/sources"),
            None,
            "a directory is not a file, and we do not redirect"
        );
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("secret"), "s").unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret"), root.join("link")).unwrap();
            assert_eq!(
                resolve(&root, "/link"),
                None,
                "symlinks out of the root are refused"
            );
        }
    }

    #[test]
    fn content_types_are_the_feed_types() {
        assert_eq!(
            content_type(Path::new("a.atom")),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.rss")),
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.json")),
            "application/feed+json; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("feeds.opml")),
            "text/x-opml; charset=utf-8"
        );
    }
}
