//! Sources that already are feeds (RSS, Atom, JSON Feed): every entry is a
//! news item. feed-rs does the parsing; it gets the raw bytes so it can
//! honour the declared encoding.
//!
//! Entries are mapped onto the same item shape as homepage news so the store
//! and publishers need no special case: the text is the entry title followed
//! by its summary as plain text, the date label is the entry's date as an
//! ISO day (feeds carry timestamps, not hand-written labels). An entry's
//! markup is parsed into the arena like a page, so its text, links and
//! sanitized markup ([`super::sanitize`]) come from one parse, and its
//! relative links resolve against the feed's URL.

use chrono::Datelike;
use url::Url;

use super::Markup;
use super::dom::{Doc, collapse};
use crate::model::{ExtractedItem, ExtractedSection, PartialDate, SectionKind, safe_link};

/// The News section of a feed document; `None` if it does not parse as a feed.
pub fn extract(body: &str, url: &Url) -> Option<ExtractedSection> {
    parse(body.as_bytes(), url, Markup::Safe)
}

/// [`extract`], the entries' markup as `markup` says.
pub(super) fn extract_with(body: &str, url: &Url, markup: Markup) -> Option<ExtractedSection> {
    parse(body.as_bytes(), url, markup)
}

/// [`extract`] for a fetched document: `raw` as it came off the wire and
/// `decoded`, the fetcher's text of it. A feed that declares its encoding
/// (`<?xml … encoding="ISO-8859-1"?>`, or a UTF-16 byte order mark) is
/// parsed from `raw`, so the declaration is applied once: handing the
/// parser text already decoded made it decode a second time ("CafÃ©").
/// Without a declaration XML means UTF-8, which the fetcher's text is,
/// whatever charset the server claimed.
pub fn extract_raw(raw: &[u8], decoded: &str, url: &Url) -> Option<ExtractedSection> {
    if declares_encoding(raw)
        && let Some(section) = parse(raw, url, Markup::Safe)
    {
        return Some(section);
    }
    parse(decoded.as_bytes(), url, Markup::Safe)
}

/// Whether the document says how its bytes are encoded.
fn declares_encoding(raw: &[u8]) -> bool {
    if raw.starts_with(&[0xFE, 0xFF]) || raw.starts_with(&[0xFF, 0xFE]) {
        return true;
    }
    let head = &raw[..raw.len().min(512)];
    let head = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return false;
    }
    let decl_end = head
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(head.len());
    head[..decl_end].windows(8).any(|w| w == b"encoding")
}

fn parse(bytes: &[u8], url: &Url, markup: Markup) -> Option<ExtractedSection> {
    let feed = feed_rs::parser::parse(bytes).ok()?;
    let heading = feed
        .title
        .as_ref()
        .map(|t| collapse(&t.content))
        .unwrap_or_else(|| "Feed".to_string());
    let items = feed
        .entries
        .iter()
        .map(|e| {
            let title = e
                .title
                .as_ref()
                .map(|t| plain(&t.content, url))
                .unwrap_or_default();
            let body_html = e
                .summary
                .as_ref()
                .map(|s| s.content.clone())
                .or_else(|| e.content.as_ref().and_then(|c| c.body.clone()))
                .unwrap_or_default();
            let (summary, body_markup) = fragment(&body_html, url, markup);
            let when = e.published.or(e.updated);
            let date = when.map(|d| PartialDate::day(d.year(), d.month(), d.day()));
            let mut text = String::new();
            if let Some(d) = &date {
                text.push_str(&d.to_string());
                text.push(' ');
            }
            text.push_str(&title);
            if !summary.is_empty() && summary != title {
                text.push(' ');
                text.push_str(&summary);
            }
            // Linear de-duplication, bounded like a page's items; only
            // links that may be written anywhere (`safe_link`).
            let mut links: Vec<String> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for l in &e.links {
                if links.len() >= super::dom::MAX_LINKS_PER_ITEM {
                    break;
                }
                if let Some(u) = url.join(&l.href).ok().and_then(|u| safe_link(u.as_str()))
                    && seen.insert(u.clone())
                {
                    links.push(u);
                }
            }
            let html = if body_markup.is_empty() {
                escape(&title)
            } else {
                body_markup
            };
            ExtractedItem {
                text: collapse(&text),
                date_text: date.map(|d| d.to_string()),
                date,
                title: None,
                links,
                group: None,
                html,
            }
        })
        .collect();
    Some(ExtractedSection {
        kind: SectionKind::News,
        heading,
        items,
    })
}

/// Visible text of an HTML fragment (feed titles and summaries are often escaped HTML).
fn plain(s: &str, url: &Url) -> String {
    if !s.contains('<') && !s.contains('&') {
        return collapse(s);
    }
    fragment(s, url, Markup::Safe).0
}

/// Visible text and markup of an entry's HTML, from one parse. Markup
/// nested too deep for the tree builder (see [`super::depth`]) is not
/// parsed: the entry keeps its title alone.
fn fragment(s: &str, url: &Url, markup: Markup) -> (String, String) {
    if !s.contains('<') && !s.contains('&') {
        let mut html = String::new();
        super::dom::escape_into(s.trim(), false, &mut html);
        return (collapse(s), html);
    }
    if super::depth::check(s).is_err() {
        return (String::new(), String::new());
    }
    let page = super::dom::parse(&format!("<body>{s}</body>"));
    let doc = Doc::new(&page, url);
    let Some(body) = (0..doc.len()).find(|&i| doc.name(i) == "body") else {
        return (String::new(), String::new());
    };
    let html = match markup {
        Markup::Safe => doc.html_and_links(&[body]).0,
        Markup::AsOnPage => doc.html(&[body]),
    };
    (doc.text(body), html)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_entries_become_dated_news() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
            <item><title>Hello &amp; welcome</title><link>/p/1</link><pubDate>Tue, 02 Jul 2024 05:12:30 GMT</pubDate>
            <description>&lt;p&gt;First &lt;b&gt;post&lt;/b&gt;&lt;/p&gt;</description></item></channel></rss>"#;
        let url = Url::parse("https://example.org/feed.xml").unwrap();
        let s = extract(rss, &url).unwrap();
        assert_eq!(s.kind, SectionKind::News);
        assert_eq!(s.items.len(), 1);
        let it = &s.items[0];
        assert_eq!(it.date_text.as_deref(), Some("2024-07-02"));
        assert_eq!(it.text, "2024-07-02 Hello & welcome First post");
        assert_eq!(it.links, vec!["https://example.org/p/1".to_string()]);
    }

    #[test]
    fn non_feeds_are_none() {
        let url = Url::parse("https://example.org/").unwrap();
        assert!(extract("<html><body>hi</body></html>", &url).is_none());
    }

    /// "Café naïve résumé" in three single-byte encodings, each declared.
    #[test]
    fn declared_encodings_are_applied_once() {
        let url = Url::parse("https://example.org/feed.xml").unwrap();
        for (label, text) in [
            ("ISO-8859-1", "Café naïve résumé"),
            ("windows-1252", "Café “naïve” résumé"),
            ("KOI8-R", "Новости лаборатории"),
        ] {
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"{label}\"?><rss version=\"2.0\"><channel><title>t</title><item><title>{text}</title><link>https://example.org/1</link></item></channel></rss>"
            );
            let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
            let (raw, _, bad) = enc.encode(&xml);
            assert!(!bad, "{label}");
            // What the fetcher hands over: the right text, and the bytes.
            let s = extract_raw(&raw, &xml, &url).unwrap();
            assert_eq!(s.items[0].text, text, "{label}");
            // The old path: decoded text parsed as if still in `label`.
            let garbled = extract(&xml, &url).map(|s| s.items[0].text.clone());
            assert_ne!(
                garbled.as_deref(),
                Some(text),
                "{label}: the test must reproduce the bug"
            );
        }
        // No declaration: the decoded text is used as it is.
        let plain = "<rss version=\"2.0\"><channel><title>t</title><item><title>Café</title></item></channel></rss>";
        let latin1 = encoding_rs::WINDOWS_1252.encode(plain).0;
        assert_eq!(
            extract_raw(&latin1, plain, &url).unwrap().items[0].text,
            "Café"
        );
    }
}
