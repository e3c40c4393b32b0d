//! Why a fetch failed, in the few shapes a caller branches on.
//!
//! Owns the one decision about retrying ([`FetchError::is_transient`]) and the
//! wording people read in logs and status output: every message starts with
//! the URL or path, so a line makes sense on its own. It does not keep the
//! underlying `reqwest` or `io` error values: they are not `Clone`, and their
//! root cause, kept as text, is all anyone acts on.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

/// A failed fetch; `Clone`, so one error can be logged, stored and shown.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL cannot be fetched at all (unsupported scheme, not a file path).
    #[error("{url}: cannot fetch this URL: {reason}")]
    InvalidUrl {
        /// The URL that failed (after redirects, where known).
        url: String,
        /// Why it cannot be fetched.
        reason: String,
    },

    /// No complete response within the connect or total timeout.
    #[error("{url}: timed out{}", after(.attempts))]
    Timeout {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// The server could not be reached (DNS, refused, TLS handshake).
    #[error("{url}: cannot connect: {message}{}", after(.attempts))]
    Connect {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The root cause, as text.
        message: String,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// The connection broke while sending the request or reading the body.
    #[error("{url}: connection failed: {message}{}", after(.attempts))]
    Network {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The root cause, as text.
        message: String,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// The server answered with a status other than 2xx or 304.
    #[error("{url}: {}{}{}", status_line(.code), after(.attempts), retry_hint(.retry_after))]
    Status {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The HTTP status code.
        code: u16,
        /// The server's `Retry-After`, honoured by the scheduler.
        retry_after: Option<Duration>,
        /// Attempts made, retries included.
        attempts: u32,
    },

    /// The body, after decompression, exceeds the configured cap.
    #[error("{url}: body larger than the {limit}-byte limit")]
    TooLarge {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The limit that was exceeded.
        limit: usize,
    },

    /// More redirects than allowed, usually a redirect loop.
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The limit that was exceeded.
        limit: usize,
    },

    /// The body arrived but could not be decompressed.
    #[error("{url}: cannot decode the response body: {message}")]
    Decode {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The root cause, as text.
        message: String,
    },

    /// The request would have reached private address space (a redirect to
    /// it, or a host name resolving into it); refused before connecting.
    #[error("{url}: {message}")]
    PrivateAddress {
        /// The URL that failed (after redirects, where known).
        url: Url,
        /// The root cause, as text.
        message: String,
    },

    /// A `file://` URL could not be read.
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error kind, for branching (not found vs. permission).
        kind: io::ErrorKind,
        /// The root cause, as text.
        message: String,
    },
}

impl FetchError {
    /// Whether trying again later might succeed. The one place that decides
    /// what the fetcher retries, and what a scheduler may treat as a passing
    /// outage rather than a broken source.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Connect { .. }
            | FetchError::Network { .. } => true,
            // 408 Request Timeout and 429 Too Many Requests invite a retry;
            // of the 5xx, only 501 Not Implemented and 505 HTTP Version Not
            // Supported describe something that will not change by itself.
            FetchError::Status { code, .. } => {
                matches!(code, 408 | 429) || (*code >= 500 && !matches!(code, 501 | 505))
            }
            FetchError::InvalidUrl { .. }
            | FetchError::TooLarge { .. }
            | FetchError::TooManyRedirects { .. }
            | FetchError::Decode { .. }
            | FetchError::PrivateAddress { .. }
            | FetchError::File { .. } => false,
        }
    }

    /// How long the server asked us to wait (`Retry-After` on a 429 or 503).
    /// Set also when the wait was longer than the fetcher's cap and it gave
    /// up, so a scheduler can come back at the right time instead.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The same error with any user name and password taken out of its URL:
    /// its text goes to logs, `status` and `index.html`.
    pub(super) fn without_userinfo(mut self) -> Self {
        match &mut self {
            FetchError::InvalidUrl { url, .. } => *url = crate::model::redact_url(url),
            FetchError::Timeout { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Decode { url, .. }
            | FetchError::PrivateAddress { url, .. } => *url = crate::model::without_userinfo(url),
            FetchError::File { .. } => {}
        }
        self
    }

    /// Records how many attempts were made, once the retry loop is done.
    pub(super) fn with_attempts(mut self, n: u32) -> Self {
        match &mut self {
            FetchError::Timeout { attempts, .. }
            | FetchError::Connect { attempts, .. }
            | FetchError::Network { attempts, .. }
            | FetchError::Status { attempts, .. } => *attempts = n,
            _ => {}
        }
        self
    }
}

fn after(attempts: &u32) -> String {
    if *attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

fn status_line(code: &u16) -> String {
    let reason = reqwest::StatusCode::from_u16(*code)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("HTTP {code} {reason}"),
        None => format!("HTTP {code}"),
    }
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" (server asks to wait {} s)", wait.as_secs()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://x.org/").unwrap()
    }

    #[test]
    fn status_message_names_url_reason_and_attempts() {
        let err = FetchError::Status {
            url: url(),
            code: 503,
            retry_after: None,
            attempts: 3,
        };
        assert_eq!(
            err.to_string(),
            "https://x.org/: HTTP 503 Service Unavailable after 3 attempts"
        );
        let err = FetchError::Status {
            url: url(),
            code: 404,
            retry_after: None,
            attempts: 1,
        };
        assert_eq!(err.to_string(), "https://x.org/: HTTP 404 Not Found");
        let err = FetchError::Status {
            url: url(),
            code: 429,
            retry_after: Some(Duration::from_secs(3600)),
            attempts: 1,
        };
        assert_eq!(
            err.to_string(),
            "https://x.org/: HTTP 429 Too Many Requests (server asks to wait 3600 s)"
        );
    }

    #[test]
    fn transient_statuses() {
        let status = |code| FetchError::Status {
            url: url(),
            code,
            retry_after: None,
            attempts: 1,
        };
        for code in [408, 429, 500, 502, 503, 504] {
            assert!(status(code).is_transient(), "{code}");
        }
        for code in [400, 401, 403, 404, 410, 501, 505] {
            assert!(!status(code).is_transient(), "{code}");
        }
        assert!(
            FetchError::Timeout {
                url: url(),
                attempts: 1
            }
            .is_transient()
        );
        assert!(
            !FetchError::TooLarge {
                url: url(),
                limit: 1
            }
            .is_transient()
        );
    }

    #[test]
    fn file_error_names_the_path() {
        let err = FetchError::File {
            path: PathBuf::from("/srv/site/index.html"),
            kind: io::ErrorKind::NotFound,
            message: "no such file".into(),
        };
        assert_eq!(err.to_string(), "/srv/site/index.html: no such file");
    }
}
