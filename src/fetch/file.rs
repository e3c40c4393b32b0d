//! `file://` sources: a site's built `_site/`, offline demos, tests.
//!
//! Owns turning a local path into the same [`Document`] an HTTP fetch gives,
//! with the same size cap and charset decoding, so later stages cannot tell
//! the difference. A directory stands for its `index.html` (then `index.md`),
//! as a web server would serve it. It does no politeness or retrying: there is
//! no server to be polite to, and a missing file does not come back by itself.
//! It does not do conditional GET either: files are cheap to re-read.

use std::io;
use std::path::{Path, PathBuf};

use tokio::io::AsyncReadExt;
use url::Url;

use super::{Document, FetchError, FetchOutcome, charset};
use crate::model::Validators;

/// What a directory URL is served as, in order of preference.
const INDEX_FILES: [&str; 2] = ["index.html", "index.md"];

pub(crate) async fn fetch_file(
    url: &Url,
    max_body_bytes: usize,
) -> Result<FetchOutcome, FetchError> {
    let path = url.to_file_path().map_err(|()| FetchError::InvalidUrl {
        url: url.to_string(),
        reason: "not a local file path".into(),
    })?;
    let path = resolve_index(path).await?;

    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| file_error(&path, &e))?;
    // Read one byte past the cap rather than trusting the size from metadata:
    // the file may grow meanwhile, or be a device with no size.
    let limit = u64::try_from(max_body_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut raw = Vec::new();
    file.take(limit)
        .read_to_end(&mut raw)
        .await
        .map_err(|e| file_error(&path, &e))?;
    if raw.len() > max_body_bytes {
        return Err(FetchError::TooLarge {
            url: url.clone(),
            limit: max_body_bytes,
        });
    }

    let content_type = content_type_for(&path);
    let (body, encoding) = charset::decode(&raw, None, None);
    Ok(FetchOutcome::Fetched(Document {
        final_url: Url::from_file_path(&path).unwrap_or_else(|()| url.clone()),
        status: 200,
        content_type: content_type.map(str::to_owned),
        body,
        encoding: encoding.name(),
        raw: raw.into(),
        validators: Validators::default(),
        cache_hint: None,
    }))
}

/// A directory becomes its index file; anything else is returned unchanged
/// (and fails later, with its own path, if it cannot be opened).
async fn resolve_index(path: PathBuf) -> Result<PathBuf, FetchError> {
    let metadata = tokio::fs::metadata(&path)
        .await
        .map_err(|e| file_error(&path, &e))?;
    if !metadata.is_dir() {
        return Ok(path);
    }
    for name in INDEX_FILES {
        let candidate = path.join(name);
        if tokio::fs::metadata(&candidate)
            .await
            .is_ok_and(|m| m.is_file())
        {
            return Ok(candidate);
        }
    }
    Err(FetchError::File {
        path,
        kind: io::ErrorKind::NotFound,
        message: format!("directory has no {}", INDEX_FILES.join(" or ")),
    })
}

fn file_error(path: &Path, err: &io::Error) -> FetchError {
    FetchError::File {
        path: path.to_owned(),
        kind: err.kind(),
        message: err.to_string(),
    }
}

/// The media type a static web server would send for this extension, for the
/// formats scholarfeed reads.
fn content_type_for(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" | "xhtml" => "text/html",
        "md" | "markdown" => "text/markdown",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "json" => "application/json",
        "txt" => "text/plain",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type_for(Path::new("/a/index.HTML")),
            Some("text/html")
        );
        assert_eq!(
            content_type_for(Path::new("news.md")),
            Some("text/markdown")
        );
        assert_eq!(
            content_type_for(Path::new("feed.atom")),
            Some("application/atom+xml")
        );
        assert_eq!(content_type_for(Path::new("photo.jpg")), None);
        assert_eq!(content_type_for(Path::new("README")), None);
    }
}
