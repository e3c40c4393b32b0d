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
//! Readers poll the same few feeds, mostly for a 304, so a file is read,
//! hashed and gzipped once per version, not per request (`FileCache`).
//!
//! Under attack it stays answerable: a client must send its request headers
//! within 10 s, no connection lives past 2 minutes, connections are capped
//! below the process's file limit (the oldest is shed when full, so a
//! reader's request gets in past a flood of idle ones), and a failing
//! `accept` backs off and is logged at most every 10 s.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::Full;
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
    let cache = Arc::new(FileCache::default());
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
        let (root, cache) = (root.clone(), cache.clone());
        let task = tokio::spawn(async move {
            let service = service_fn(move |req| {
                let (root, cache) = (root.clone(), cache.clone());
                async move { Ok::<_, Infallible>(respond(&root, &cache, &req)) }
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

/// What tells one version of a file from the next without reading it: its
/// modification time and length, and on Unix its inode, which every
/// publish changes (files are replaced by a rename), so even a same-length
/// rewrite within one tick of a coarse file-system clock is noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: SystemTime,
    len: u64,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            len: meta.len(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(meta),
        }
    }
}

/// One version of a file, ready to send.
#[derive(Debug)]
struct Cached {
    /// Of the open file the body was read from, so a file replaced between
    /// the look-up and the read is never cached under the new version.
    stamp: Stamp,
    body: Bytes,
    /// 24 hex digits of the body's SHA-256: the strong ETag.
    hash: String,
    /// The body gzipped; `None` below [`GZIP_MIN_BYTES`].
    gzipped: Option<Bytes>,
}

impl Cached {
    fn load(path: &Path) -> std::io::Result<Cached> {
        let mut file = std::fs::File::open(path)?;
        let stamp = Stamp::of(&file.metadata()?);
        let mut body = Vec::with_capacity(usize::try_from(stamp.len).unwrap_or(0));
        file.read_to_end(&mut body)?;
        let hash = Sha256::digest(&body)[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let gzipped = (body.len() >= GZIP_MIN_BYTES).then(|| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&body).and_then(|()| enc.finish())
        });
        Ok(Cached {
            stamp,
            body: Bytes::from(body),
            hash,
            // Writing to memory does not fail; should it, send the body as is.
            gzipped: gzipped.and_then(Result::ok).map(Bytes::from),
        })
    }
}

/// Files bigger than this are served without being kept: feeds are far
/// smaller, and whatever else sits in `output_dir` should not stay in the
/// daemon's memory.
const MAX_CACHED_BYTES: u64 = 32 * 1024 * 1024;

/// Served files per resolved path, each kept until its [`Stamp`] changes.
/// A request costs a `stat`; reading, hashing and gzipping happen once
/// per version of a file, not once per request (a 304 included). Memory
/// follows the output directory: entries whose file is gone are dropped
/// by a sweep that runs after as many misses as there are entries, so it
/// costs one `stat` per miss on average and none while nothing changes.
#[derive(Debug, Default)]
struct FileCache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    entries: HashMap<PathBuf, Arc<Cached>>,
    misses_since_sweep: usize,
}

impl FileCache {
    fn get(&self, path: &Path) -> std::io::Result<Arc<Cached>> {
        self.get_with(path, Cached::load)
    }

    /// [`FileCache::get`] with the loading passed in: the seam that lets
    /// tests count how often a file is read.
    fn get_with(
        &self,
        path: &Path,
        load: impl FnOnce(&Path) -> std::io::Result<Cached>,
    ) -> std::io::Result<Arc<Cached>> {
        let current = std::fs::metadata(path).map(|m| Stamp::of(&m));
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let current = match current {
            Ok(stamp) => stamp,
            Err(e) => {
                inner.entries.remove(path);
                return Err(e);
            }
        };
        if let Some(hit) = inner.entries.get(path).filter(|c| c.stamp == current) {
            return Ok(hit.clone());
        }
        // Not under the lock: other files are served meanwhile.
        drop(inner);
        let loaded = load(path).map(Arc::new);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.misses_since_sweep += 1;
        if inner.misses_since_sweep >= inner.entries.len() {
            inner.sweep();
        }
        match &loaded {
            Ok(c) if c.stamp.len <= MAX_CACHED_BYTES => {
                inner.entries.insert(path.to_path_buf(), c.clone());
            }
            _ => {
                inner.entries.remove(path);
            }
        }
        loaded
    }
}

impl CacheInner {
    /// Drops the entries whose file is gone (or no longer a file).
    fn sweep(&mut self) {
        self.entries.retain(|path, _| path.is_file());
        self.misses_since_sweep = 0;
    }
}

fn respond<B>(root: &Path, cache: &FileCache, req: &Request<B>) -> Response<Full<Bytes>> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(path) = resolve(root, req.uri().path()) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let Ok(file) = cache.get(&path) else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let modified = file.stamp.modified;
    let hash = file.hash.as_str();
    let gzipped = file.gzipped.as_ref().filter(|_| accepts_gzip(req));
    let etag = if gzipped.is_some() {
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
    if not_modified(req, hash, modified) {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Full::new(Bytes::new()))
            .expect("valid response");
    }
    let body = match gzipped {
        Some(gz) => {
            builder = builder.header(header::CONTENT_ENCODING, "gzip");
            gz.clone()
        }
        None => file.body.clone(),
    };
    builder = builder.header(header::CONTENT_LENGTH, body.len());
    let body = if req.method() == Method::HEAD {
        Bytes::new()
    } else {
        body
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

fn accepts_gzip<B>(req: &Request<B>) -> bool {
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
fn not_modified<B>(req: &Request<B>, hash: &str, modified: SystemTime) -> bool {
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

    /// `FileCache::get` that counts the reads.
    fn get_counted(cache: &FileCache, path: &Path, reads: &mut usize) -> Arc<Cached> {
        cache
            .get_with(path, |p| {
                *reads += 1;
                Cached::load(p)
            })
            .unwrap()
    }

    fn set_mtime(path: &Path, t: SystemTime) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(t).unwrap();
    }

    #[test]
    fn a_second_request_does_not_read_the_file_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.atom");
        std::fs::write(&path, "<feed/>".repeat(100)).unwrap();
        let cache = FileCache::default();
        let mut reads = 0;
        let first = get_counted(&cache, &path, &mut reads);
        let second = get_counted(&cache, &path, &mut reads);
        assert_eq!(reads, 1);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(
            first.gzipped.is_some(),
            "big enough to gzip, and gzipped once"
        );
    }

    #[test]
    fn a_file_with_another_length_or_mtime_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.rss");
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_770_000_000);
        std::fs::write(&path, "<rss>one</rss>").unwrap();
        set_mtime(&path, t);
        let cache = FileCache::default();
        let mut reads = 0;
        assert_eq!(
            get_counted(&cache, &path, &mut reads).body,
            "<rss>one</rss>"
        );
        // Another length, same mtime (written in place: same inode too).
        std::fs::write(&path, "<rss>three</rss>").unwrap();
        set_mtime(&path, t);
        assert_eq!(
            get_counted(&cache, &path, &mut reads).body,
            "<rss>three</rss>"
        );
        assert_eq!(reads, 2);
        // Same length, another mtime.
        std::fs::write(&path, "<rss>eight</rss>").unwrap();
        set_mtime(&path, t + Duration::from_secs(1));
        let c = get_counted(&cache, &path, &mut reads);
        assert_eq!(c.body, "<rss>eight</rss>");
        assert_eq!(c.stamp.modified, t + Duration::from_secs(1));
        assert_eq!(reads, 3);
        get_counted(&cache, &path, &mut reads);
        assert_eq!(reads, 3);
    }

    #[test]
    fn entries_of_vanished_files_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("a.atom"),
            dir.path().join("b.atom"),
            dir.path().join("c.atom"),
        );
        for p in [&a, &b, &c] {
            std::fs::write(p, "x").unwrap();
        }
        let cache = FileCache::default();
        cache.get(&a).unwrap();
        cache.get(&b).unwrap();
        let cached = |cache: &FileCache| cache.inner.lock().unwrap().entries.len();
        assert_eq!(cached(&cache), 2);
        // Asked for again: gone from the cache at once.
        std::fs::remove_file(&a).unwrap();
        assert!(cache.get(&a).is_err());
        assert_eq!(cached(&cache), 1);
        // Never asked for again: swept by the misses that follow.
        std::fs::remove_file(&b).unwrap();
        cache.get(&c).unwrap();
        assert_eq!(cached(&cache), 1);
        assert!(cache.inner.lock().unwrap().entries.contains_key(&c));
    }

    #[test]
    fn revalidation_gets_a_304_from_the_cache_and_a_200_after_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let path = root.join("feed.atom");
        std::fs::write(&path, "<feed>1</feed>".repeat(40)).unwrap();
        let cache = FileCache::default();
        let get = |etag: Option<&str>| {
            let mut req = Request::builder()
                .uri("/feed.atom")
                .header(header::ACCEPT_ENCODING, "gzip");
            if let Some(etag) = etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            respond(&root, &cache, &req.body(()).unwrap())
        };
        let r = get(None);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        let etag = r.headers()[header::ETAG].to_str().unwrap().to_string();
        assert!(etag.ends_with("-gz\""), "{etag}");
        let kept = cache.get(&path).unwrap();
        let r = get(Some(&etag));
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert!(
            Arc::ptr_eq(&kept, &cache.get(&path).unwrap()),
            "the 304 was answered without reading the file"
        );
        std::fs::write(&path, "<feed>2</feed>".repeat(41)).unwrap();
        let r = get(Some(&etag));
        assert_eq!(r.status(), StatusCode::OK);
        assert_ne!(r.headers()[header::ETAG].to_str().unwrap(), etag);
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
