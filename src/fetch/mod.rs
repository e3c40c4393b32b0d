//! Fetching: URL in, decoded document (or "not modified", or a reason) out.
//!
//! Owns everything between a source's URL and its text: the HTTP client
//! (rustls, bundled plus system CA roots, an honest User-Agent, timeouts,
//! redirect limit, decompression), conditional GET, a body cap enforced while
//! streaming, charset decoding, politeness (a global concurrency bound and one
//! request at a time per host, with a pause between) and retries of transient
//! failures with backoff. `file://` URLs yield the same [`Document`].
//!
//! It does not decide what a page means, remember validators between runs or
//! schedule runs: callers keep [`Validators`] and pass them back. It is the
//! only async stage, because waiting on the network is the only thing worth
//! overlapping; [`Fetcher::fetch`] takes `&self` so one fetcher can serve a
//! whole `buffer_unordered` stream of sources.

mod charset;
mod error;
mod file;
pub mod guard;
mod hosts;
mod retry;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::sync::Semaphore;
use url::Url;

pub use error::FetchError;
use hosts::{HostKey, Hosts};
pub use retry::MAX_SERVER_HINT;

use crate::model::Validators;

/// Sent with every request, so site owners can see who we are and find us.
pub const USER_AGENT: &str = concat!(
    "scholarfeed/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);
/// A host that does not accept a connection in this long is down for this run.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// One whole attempt; slow university servers still fit.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Homepages are small; anything near this is not a homepage.
pub const DEFAULT_MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Beyond this a chain is a loop in practice (browsers stop at about 20).
pub const DEFAULT_MAX_REDIRECTS: usize = 10;
/// Library default; the config's `concurrency` overrides it.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Many researchers share one university host; a second between requests
/// keeps a run of dozens of pages gentle on it.
pub const DEFAULT_PER_HOST_INTERVAL: Duration = Duration::from_secs(1);
/// Retries after the first attempt, so three attempts in all.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// First backoff: short, since most transient failures pass in seconds.
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_secs(1);
/// The longest we wait before a retry, whatever `Retry-After` asks. A server
/// asking for more is better revisited on the next scheduled run.
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(60);

/// Tunables with named defaults, so tests can shrink timeouts.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// Names the program and where to complain, as polite crawlers do.
    pub user_agent: String,
    /// For establishing the TCP and TLS connection.
    pub connect_timeout: Duration,
    /// For one whole attempt, from connecting to the last body byte.
    pub timeout: Duration,
    /// Cap on the body after decompression, so a gzip bomb stops here too.
    pub max_body_bytes: usize,
    /// Redirects followed before the fetch fails as a loop.
    pub max_redirects: usize,
    /// Requests in flight at once, across all hosts.
    pub concurrency: usize,
    /// Pause between the end of one request to a host and the next.
    pub per_host_interval: Duration,
    /// Retries of transient failures after the first attempt.
    pub max_retries: u32,
    /// First backoff delay; doubled for each further retry, with jitter.
    pub retry_base_delay: Duration,
    /// Cap on any single wait before a retry, including `Retry-After`.
    pub max_retry_delay: Duration,
    /// Fixed host name -> address mappings, consulted before DNS and
    /// checked like DNS answers (curl's `--resolve`).
    pub hosts: Vec<(String, std::net::IpAddr)>,
}

impl Default for FetchSettings {
    fn default() -> Self {
        FetchSettings {
            user_agent: USER_AGENT.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            concurrency: DEFAULT_CONCURRENCY,
            per_host_interval: DEFAULT_PER_HOST_INTERVAL,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_base_delay: DEFAULT_RETRY_BASE_DELAY,
            max_retry_delay: DEFAULT_MAX_RETRY_DELAY,
            hosts: Vec::new(),
        }
    }
}

/// A fetched document, decoded to text.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the document was found after redirects: the base for relative
    /// links.
    pub final_url: Url,
    /// The final response's status (2xx).
    pub status: u16,
    /// The Content-Type header as sent (for `file://`, guessed from the
    /// extension).
    pub content_type: Option<String>,
    /// The body decoded to text; see [`Document::encoding`].
    pub body: String,
    /// The encoding the body was decoded from (a WHATWG name such as `UTF-8`
    /// or `GBK`), for diagnosing mojibake.
    pub encoding: &'static str,
    /// The body bytes after decompression, before decoding. Feed parsers
    /// want these, to honour the feed's own encoding declaration.
    pub raw: Bytes,
    /// Validators to send next time; empty if the server sent none.
    pub validators: Validators,
    /// How long the server says the document stays fresh (`Cache-Control:
    /// max-age`): a scheduler need not poll it sooner.
    pub cache_hint: Option<Duration>,
}

#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one outcome per source, moved a couple of times: boxing would only add an allocation"
)]
/// What a fetch brought: a document, or the server's word that nothing changed.
pub enum FetchOutcome {
    /// The server confirmed (304) that the document is unchanged since the
    /// validators were issued.
    NotModified,
    /// A new or changed document, decoded.
    Fetched(Document),
}

/// Fetches sources politely; share one per run (it is `Send + Sync` and all
/// politeness state lives inside it).
pub struct Fetcher {
    /// Kept out of private address space (see [`guard`]).
    client: reqwest::Client,
    /// For sources that set `allow_private`.
    open_client: reqwest::Client,
    settings: FetchSettings,
    in_flight: Semaphore,
    hosts: Hosts,
}

impl Fetcher {
    /// Builds the clients once; fails only on settings no fetch could use (zero concurrency, a TLS setup error).
    pub fn new(settings: FetchSettings) -> anyhow::Result<Self> {
        anyhow::ensure!(
            settings.concurrency > 0,
            "fetch concurrency must be at least 1"
        );
        // The system store may be missing (a fresh container without
        // ca-certificates); the bundled Mozilla roots make HTTPS work there
        // too, while a system store still adds any local CAs.
        let bundled = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| reqwest::Certificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()?;
        let max_redirects = settings.max_redirects;
        let guarded = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(format!("more than {max_redirects} redirects"));
            }
            if !matches!(attempt.url().scheme(), "http" | "https") {
                let scheme = attempt.url().scheme().to_string();
                return attempt.error(format!("redirect to a {scheme}: URL"));
            }
            let origin = attempt.previous().first().cloned();
            match origin.map(|o| guard::redirect_allowed(&o, attempt.url())) {
                Some(Err(refused)) => attempt.error(refused),
                _ => attempt.follow(),
            }
        });
        let client = Self::client(
            &settings,
            bundled.clone(),
            guarded,
            guard::GuardedResolver::new(&settings.hosts),
        )?;
        let open_client = Self::client(
            &settings,
            bundled,
            reqwest::redirect::Policy::limited(settings.max_redirects),
            guard::GuardedResolver::open(&settings.hosts),
        )?;
        let in_flight = Semaphore::new(settings.concurrency);
        Ok(Fetcher {
            client,
            open_client,
            settings,
            in_flight,
            hosts: Hosts::default(),
        })
    }

    fn client(
        settings: &FetchSettings,
        bundled: Vec<reqwest::Certificate>,
        redirect: reqwest::redirect::Policy,
        resolver: std::sync::Arc<dyn reqwest::dns::Resolve>,
    ) -> anyhow::Result<reqwest::Client> {
        reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .redirect(redirect)
            .dns_resolver(resolver)
            .tls_certs_merge(bundled)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            // No idle keep-alive connections: requests to one host are a
            // politeness delay apart, so reuse saves little, while every idle
            // connection keeps hyper's read buffer (grown to the page size).
            // Measured at 1,000 sources over 200 hosts: peak RSS 75 -> 50 MiB,
            // same wall time (BENCHMARKS.md).
            .pool_max_idle_per_host(0)
            .pool_idle_timeout(std::time::Duration::from_secs(5))
            .build()
            .map_err(|e| anyhow::anyhow!("cannot build the HTTP client: {}", root_cause(&e)))
    }

    /// The settings it was built with, for callers that report them.
    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// Fetches `url`, conditionally if `validators` are given, retrying
    /// transient failures. Waits its turn for the host and a global slot, so
    /// callers may start as many fetches at once as they like.
    pub async fn fetch(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        self.fetch_with(url, validators, false).await
    }

    /// [`Fetcher::fetch`]; with `allow_private` the request may reach
    /// private address space wherever redirects and DNS lead (see
    /// [`guard`] for the default).
    pub async fn fetch_with(
        &self,
        url: &Url,
        validators: &Validators,
        allow_private: bool,
    ) -> Result<FetchOutcome, FetchError> {
        self.fetch_timed(url, validators, allow_private).await.0
    }

    /// [`Fetcher::fetch_with`], also returning how long it waited rather
    /// than fetched: for the host's turn (politeness), a free slot, and
    /// between retries. A source's log line then shows the fetch's own
    /// time, not seconds spent queued behind other pages of its host.
    pub async fn fetch_timed(
        &self,
        url: &Url,
        validators: &Validators,
        allow_private: bool,
    ) -> (Result<FetchOutcome, FetchError>, Duration) {
        let mut waited = Duration::ZERO;
        let client = if allow_private {
            &self.open_client
        } else {
            &self.client
        };
        let outcome = match url.scheme() {
            "http" | "https" => self.fetch_http(client, url, validators, &mut waited).await,
            "file" => file::fetch_file(url, self.settings.max_body_bytes).await,
            other => Err(FetchError::InvalidUrl {
                url: url.to_string(),
                reason: format!("unsupported scheme `{other}` (use http, https or file)"),
            }),
        };
        (outcome.map_err(FetchError::without_userinfo), waited)
    }

    async fn fetch_http(
        &self,
        client: &reqwest::Client,
        url: &Url,
        validators: &Validators,
        waited: &mut Duration,
    ) -> Result<FetchOutcome, FetchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let err = match self.attempt(client, url, validators, waited).await {
                Ok(outcome) => return Ok(outcome),
                Err(err) => err,
            };
            if !err.is_transient() || attempt > self.settings.max_retries {
                return Err(err.with_attempts(attempt));
            }
            let delay = match err.retry_after() {
                // Waiting longer than the cap would stall the whole run; the
                // error carries the server's wish for the scheduler instead.
                Some(wait) if wait > self.settings.max_retry_delay => {
                    return Err(err.with_attempts(attempt));
                }
                Some(wait) => wait,
                None => retry::backoff(
                    self.settings.retry_base_delay,
                    attempt,
                    self.settings.max_retry_delay,
                ),
            };
            tracing::debug!(
                url = %crate::model::without_userinfo(url),
                attempt,
                ?delay,
                error = %err.clone().without_userinfo(),
                "retrying"
            );
            tokio::time::sleep(delay).await;
            *waited += delay;
        }
    }

    /// One request: wait for the host, then for a global slot (in that order,
    /// so a queue for one busy host never holds slots other hosts could use),
    /// send, and read the body under the cap.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        url: &Url,
        validators: &Validators,
        waited: &mut Duration,
    ) -> Result<FetchOutcome, FetchError> {
        // On tokio's clock, which the host's rest and the retry sleeps use,
        // so `waited` agrees with them (a paused test clock included).
        let queued = tokio::time::Instant::now();
        let _turn = self
            .hosts
            .turn(HostKey::of(url), self.settings.per_host_interval)
            .await;
        let _slot = self
            .in_flight
            .acquire()
            .await
            .expect("the semaphore is never closed");
        *waited += queued.elapsed();

        let mut request = client.get(url.clone());
        if let Some(etag) = validators
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = validators
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        let mut response = request
            .send()
            .await
            .map_err(|e| classify(url, &e, self.settings.max_redirects))?;

        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if !status.is_success() {
            let retry_after = header_str(response.headers(), header::RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
            return Err(FetchError::Status {
                url: url.clone(),
                code: status.as_u16(),
                retry_after,
                attempts: 1,
            });
        }

        let limit = self.settings.max_body_bytes;
        // Known only without compression; with it, the count below decides.
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(FetchError::TooLarge {
                url: url.clone(),
                limit,
            });
        }
        let mut raw = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| classify(url, &e, self.settings.max_redirects))?
        {
            if raw.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge {
                    url: url.clone(),
                    limit,
                });
            }
            raw.extend_from_slice(&chunk);
        }

        let headers = response.headers();
        let final_url = response.url().clone();
        let content_type = header_str(headers, header::CONTENT_TYPE).map(str::to_owned);
        let (body, encoding) = charset::decode(&raw, content_type.as_deref(), final_url.host_str());
        Ok(FetchOutcome::Fetched(Document {
            status: status.as_u16(),
            content_type,
            body,
            encoding: encoding.name(),
            raw: raw.into(),
            validators: Validators {
                etag: header_str(headers, header::ETAG).map(str::to_owned),
                last_modified: header_str(headers, header::LAST_MODIFIED).map(str::to_owned),
            },
            cache_hint: header_str(headers, header::CACHE_CONTROL).and_then(retry::parse_max_age),
            final_url,
        }))
    }
}

/// A header's value, if present and readable as text.
fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name)?.to_str().ok()
}

/// Maps a `reqwest` error to the variant a caller branches on.
fn classify(url: &Url, err: &reqwest::Error, max_redirects: usize) -> FetchError {
    let url = url.clone();
    if let Some(refused) = private_address(err) {
        return FetchError::PrivateAddress {
            url,
            message: refused,
        };
    }
    let message = root_cause(err);
    if err.is_timeout() {
        FetchError::Timeout { url, attempts: 1 }
    } else if err.is_redirect() {
        FetchError::TooManyRedirects {
            url,
            limit: max_redirects,
        }
    } else if err.is_connect() {
        FetchError::Connect {
            url,
            message,
            attempts: 1,
        }
    } else if err.is_builder() {
        FetchError::InvalidUrl {
            url: url.to_string(),
            reason: message,
        }
    } else if is_corrupt_data(err) {
        FetchError::Decode { url, message }
    } else {
        FetchError::Network {
            url,
            message,
            attempts: 1,
        }
    }
}

/// The guard's refusal, if that is what stopped the request (it arrives
/// wrapped in reqwest's redirect or connect error).
fn private_address(err: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(c) = cause {
        if let Some(p) = c.downcast_ref::<guard::PrivateAddress>() {
            return Some(p.to_string());
        }
        cause = c.source();
    }
    None
}

/// Whether the failure is bad bytes (a broken gzip or brotli stream) rather
/// than a broken connection. The decompressor reports the former as a plain
/// `io::Error` right beneath reqwest's own wrappers, while transport failures
/// arrive there as hyper errors (the decompression layer hands those back
/// unchanged).
fn is_corrupt_data(err: &reqwest::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, TimedOut};
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause.is::<reqwest::Error>() {
            source = cause.source();
            continue;
        }
        return cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            !matches!(
                io.kind(),
                BrokenPipe | ConnectionAborted | ConnectionReset | TimedOut
            )
        });
    }
    false
}

/// The innermost cause, which is the informative one ("Connection refused"),
/// whereas reqwest's own message repeats the URL.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_is_honest() {
        assert!(USER_AGENT.starts_with("scholarfeed/"));
        assert!(USER_AGENT.contains(env!("CARGO_PKG_VERSION")));
        assert!(USER_AGENT.ends_with(concat!("(+", env!("CARGO_PKG_REPOSITORY"), ")")));
    }

    #[test]
    fn builds_without_relying_on_system_roots() {
        assert!(Fetcher::new(FetchSettings::default()).is_ok());
    }

    #[test]
    fn zero_concurrency_is_rejected() {
        assert!(
            Fetcher::new(FetchSettings {
                concurrency: 0,
                ..FetchSettings::default()
            })
            .is_err()
        );
    }
}
