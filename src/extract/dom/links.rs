//! Links: resolving them against the page, and collecting an item's.
//!
//! Apart because it is where the page's URL meets the parse (`<base
//! href>`), and because the collecting has a cap and a dedup that hostile
//! pages taught us (a page with 100k links in one item).

use html5ever::ns;
use std::collections::HashSet;

use url::Url;

use super::Doc;
use super::parse::{Data as PData, Page};

impl Doc<'_> {
    /// Resolves a link against the page (honouring `<base href>`).
    pub fn absolute(&self, href: &str) -> Option<String> {
        self.resolve(href).map(|(text, _)| text)
    }

    /// [`Doc::absolute`], with the URL as parsed when resolving had to
    /// parse it: the sanitiser needs it parsed, and joining already did.
    pub(in crate::extract) fn resolve(&self, href: &str) -> Option<(String, Option<Url>)> {
        let href = href.trim();
        if href.is_empty()
            || href
                .get(..11)
                .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
        {
            return None;
        }
        if let Some(target) = redirect_target(href) {
            return self.resolve(&target);
        }
        // Most links are already absolute, and are kept as written (not
        // normalised by a parse): feeds have always carried them verbatim.
        let plain = |p: &str| href.get(..p.len()).is_some_and(|h| h == p);
        if (plain("https://") || plain("http://"))
            && href.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        {
            return Some((href.to_string(), None));
        }
        let url = self.base.join(href).ok()?;
        Some((url.as_str().to_string(), Some(url)))
    }

    /// Absolute link targets in document order, without duplicates.
    pub fn links(&self, nodes: &[usize]) -> Vec<String> {
        let mut out = LinkSet::default();
        for &n in nodes {
            for j in n..self.end(n) {
                if let Some(e) = self.el(j)
                    && e.name == "a"
                    && let Some(u) = e.attr("href").and_then(|h| self.absolute(h))
                {
                    out.add(u);
                }
            }
        }
        out.list
    }

    /// Whether the subtree has a link, i.e. [`Doc::links`] would not be empty.
    pub fn has_link(&self, i: usize) -> bool {
        (i..self.end(i)).any(|j| {
            self.el(j)
                .filter(|e| e.name == "a")
                .and_then(|e| e.attr("href"))
                .is_some_and(|h| self.absolute(h).is_some())
        })
    }
}

/// Whether `s` is an http(s) URL exactly as the `url` crate would write it
/// back, with no userinfo: then parsing it can be skipped, because it
/// would succeed, keep the scheme and change nothing. Deliberately narrow
/// (lowercase ASCII host names without port or punycode, a path, query and
/// fragment of characters no parser rewrites, no dot segments); anything
/// else answers `false` and is parsed. `tests::canonical_http_agrees_with_the_parser`
/// holds it against the parser.
pub(in crate::extract) fn is_canonical_http(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let b = rest.as_bytes();
    // One pass, as it runs for nearly every link of a page.
    let label_ok = |l: &[u8]| {
        !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-' && !l.starts_with(b"xn--")
    };
    let mut i = 0;
    let mut label = 0;
    loop {
        match b.get(i) {
            Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' => {}
            Some(b'.') => {
                if !label_ok(&b[label..i]) {
                    return false;
                }
                label = i + 1;
            }
            // The host ends at the path: a URL without one gains a `/`. A
            // last label starting with a digit may be read as IPv4.
            Some(b'/') if label_ok(&b[label..i]) && b[label].is_ascii_lowercase() => break,
            _ => return false,
        }
        i += 1;
    }
    // `.`, `..` and their percent-encoded spellings are resolved away.
    i += 1;
    let mut segment = i;
    let dots = |seg: &[u8]| seg == b"." || seg == b"..";
    while i < b.len() {
        let c = b[i];
        if c == b'/' {
            if dots(&b[segment..i]) {
                return false;
            }
            segment = i + 1;
        } else if c == b'?' {
            break;
        } else if !PLAIN[usize::from(c)]
            || (c == b'%'
                && b.get(i + 1) == Some(&b'2')
                && matches!(b.get(i + 2), Some(b'e' | b'E')))
        {
            return false;
        }
        i += 1;
    }
    if dots(&b[segment..i]) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    // A query, not empty.
    i + 1 < b.len()
        && b[i + 1..]
            .iter()
            .all(|&c| c == b'?' || PLAIN[usize::from(c)])
}

/// Characters no part of an http(s) URL percent-encodes or rewrites (`'`
/// is encoded in their queries, `\\` is a slash in them); not `?` or `#`.
#[allow(
    clippy::cast_possible_truncation,
    reason = "c < 128; u8::try_from is not const"
)]
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let extra = b"-._~!$&()*+,;=:@/%";
    let mut k = 0;
    while k < extra.len() {
        t[extra[k] as usize] = true;
        k += 1;
    }
    t
};

/// Links kept per item. A real item has a handful (paper, code, slides);
/// a page with 100k links in one item once cost 292 MB and seconds of CPU
/// per crawl, for links no reader would follow.
pub const MAX_LINKS_PER_ITEM: usize = 1000;

/// An item's links in first-seen order without duplicates, at most
/// [`MAX_LINKS_PER_ITEM`]. Linear: the first few are compared directly (the
/// common case, cheaper than hashing), later ones through a set, where
/// `Vec::contains` alone made 130k links cost 13.5 s.
#[derive(Default)]
pub(in crate::extract) struct LinkSet {
    pub(in crate::extract) list: Vec<String>,
    seen: HashSet<String>,
}

/// Below this many links, a scan is cheaper than a hash set.
const LINK_SCAN_MAX: usize = 16;

impl LinkSet {
    pub(in crate::extract) fn add(&mut self, u: String) {
        if self.list.len() >= MAX_LINKS_PER_ITEM {
            return;
        }
        if self.list.len() < LINK_SCAN_MAX {
            if !self.list.contains(&u) {
                self.list.push(u);
            }
            return;
        }
        if self.seen.is_empty() {
            self.seen.extend(self.list.iter().cloned());
        }
        if self.seen.insert(u.clone()) {
            self.list.push(u);
        }
    }
}

/// The page's URL as `<base href>` in the head changes it: the first
/// `base` element before the body with an `href` that joins, as scraper's
/// `attr("href")` sees it (no namespace).
pub(super) fn find_base(page: &Page, url: &Url) -> Url {
    for n in page.descendants(Page::ROOT) {
        if let PData::Element(name, attrs) = page.data(n) {
            if name.local.as_ref().eq_ignore_ascii_case("base")
                && let Some(h) = attrs.iter().find(|a| {
                    a.name.ns == ns!() && a.name.prefix.is_none() && &*a.name.local == "href"
                })
                && let Ok(u) = url.join(h.value.trim())
            {
                return u;
            }
            if name.local.as_ref().eq_ignore_ascii_case("body") {
                break;
            }
        }
    }
    url.clone()
}

/// Where a Google redirect link goes: Google Sites (and pages pasted from
/// Google Docs) write every outside link as
/// `https://www.google.com/url?q=<target>&sa=D&…`, which would put Google
/// between the reader and the paper and hide that the link is an arXiv or
/// DOI link. Only an absolute http(s) target is taken.
fn redirect_target(href: &str) -> Option<String> {
    let query = [
        "https://www.google.com/url?",
        "http://www.google.com/url?",
        "https://google.com/url?",
    ]
    .iter()
    .find_map(|p| {
        href.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &href[p.len()..])
    })?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "q" || k == "url")
        .map(|(_, v)| v.into_owned())
        .filter(|v| v.starts_with("https://") || v.starts_with("http://"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::probe;
    use super::*;

    #[test]
    fn links_honour_base_href() {
        let (_, links, html) = probe(
            "<head><base href='https://cdn.example.com/x/'></head><body><a href='p.pdf'>p</a><a href='p.pdf'>q</a></body>",
            "body",
        );
        assert_eq!(links, vec!["https://cdn.example.com/x/p.pdf".to_string()]);
        assert!(html.contains("href=\"https://cdn.example.com/x/p.pdf\""));
    }

    #[test]
    fn canonical_http_agrees_with_the_parser() {
        let pieces = [
            "http://", "https://", "HTTP://", "a", "Z", "0", "9", "-", ".", "/", "?", "#", "%",
            "%2e", "%2E", "%41", "xn--", "@", ":", "80", "\\", " ", "'", "\"", "<", "`", "{", "|",
            "^", "~", "é", "..", "./", "/../", "0x", "[", "]", "&", "=", "\t", "u:p@", "www.",
            "com", "1.2.3.4",
        ];
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut fast = 0;
        for _ in 0..200_000 {
            let mut s = String::from(["http://", "https://"][next() % 2]);
            if next() % 2 == 0 {
                s.push_str(["example.org/", "a-b.c0.io/x/", "x.com/"][next() % 3]);
            }
            for _ in 0..next() % 12 {
                s.push_str(pieces[next() % pieces.len()]);
            }
            if is_canonical_http(&s) {
                fast += 1;
                let url = Url::parse(&s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
                assert_eq!(url.as_str(), s);
                assert!(matches!(url.scheme(), "http" | "https"), "{s:?}");
                assert!(
                    url.username().is_empty() && url.password().is_none(),
                    "{s:?}"
                );
            }
        }
        assert!(fast > 10_000, "the fast path is exercised: {fast}");
        for s in [
            "https://example.org",
            "https://Example.org/",
            "https://example.org:443/",
            "https://1.2.3.4/",
            "https://example.org/a/../b",
            "https://example.org/a/%2e%2E/b",
            "https://example.org/a b",
            "https://u@example.org/",
            "https://xn--nxasmq6b.com/",
        ] {
            assert!(!is_canonical_http(s), "{s}");
        }
        assert!(is_canonical_http(
            "https://example.org/papers/x.pdf?v=1&a=b"
        ));
    }

    #[test]
    fn google_redirects_are_followed_to_their_target() {
        assert_eq!(
            redirect_target(
                "https://www.google.com/url?q=https%3A%2F%2Farxiv.org%2Fabs%2F2401.1&sa=D&sntz=1"
            )
            .as_deref(),
            Some("https://arxiv.org/abs/2401.1")
        );
        assert_eq!(
            redirect_target("https://www.google.com/url?q=javascript%3Aalert(1)"),
            None
        );
        assert_eq!(
            redirect_target("https://www.google.com/search?q=https%3A%2F%2Fx.org"),
            None
        );
    }
}
