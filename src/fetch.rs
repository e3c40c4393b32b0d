//! HTTP (and file://) fetching: the only async stage.
//! (skeleton: being implemented on the fetch branch)

use std::time::Duration;

use url::Url;

/// Tunables with named defaults, so tests can shrink timeouts.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    pub user_agent: String,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    pub concurrency: usize,
    pub per_host_interval: Duration,
    pub max_retries: u32,
    pub retry_base_delay: Duration,
}

/// Conditional-GET validators remembered from the last successful fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Document {
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    pub validators: Validators,
}

#[derive(Debug, Clone)]
pub enum FetchOutcome {
    NotModified,
    Fetched(Document),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Other(String),
}

pub struct Fetcher {
    pub settings: FetchSettings,
}

impl Fetcher {
    pub fn new(settings: FetchSettings) -> anyhow::Result<Self> {
        Ok(Fetcher { settings })
    }

    pub async fn fetch(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let _ = (url, validators);
        Err(FetchError::Other("not yet".into()))
    }
}
