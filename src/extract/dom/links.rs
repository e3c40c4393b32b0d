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
}
