//! Finds the News and Publications sections of a homepage and splits them
//! into items, with no per-site configuration.
//!
//! Pure functions over text: no I/O, no clock. `scraper::Html` is not `Send`,
//! so everything parsed here is turned into owned [`ExtractedPage`] data
//! before returning.
//!
//! The stages, one module each: [`markdown`] renders Markdown sources to
//! HTML; [`dom`] copies the visible page into a flat arena; [`sections`]
//! finds section headings and the range each governs; [`items`] splits a
//! range into items and groups; [`fields`] computes each item's text, date
//! label ([`dates`]), title and links. [`feed`] handles sources that are
//! feeds already. [`eval`] scores all of it against the shared corpus.

pub mod dates;
pub mod depth;
pub mod dom;
pub mod eval;
pub mod feed;
pub mod fields;
pub mod items;
pub mod markdown;
pub mod sections;

use scraper::selector::ToCss;
use scraper::{Html, Selector};
use url::Url;

use crate::model::{ExtractedItem, ExtractedPage, ExtractedSection, Format, SectionKind};
use dom::Doc;
use items::{RawItem, Walker};
use sections::{Heading, Named};

/// Per-source CSS selectors from `feeds.toml`, compiled when the config loads.
/// When set, the selector's matches are the section's items and the
/// heuristics are not consulted for that section.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub news: Option<Selector>,
    pub publications: Option<Selector>,
}

/// Decides how to read a document: by content type, then the URL's
/// extension, then the content itself.
pub fn detect_format(content_type: Option<&str>, url: &Url, body: &str) -> Format {
    let head: String = body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2048)
        .collect();
    let head_lower = head.to_ascii_lowercase();
    let looks_feed = |h: &str| {
        h.starts_with("<rss")
            || h.starts_with("<feed")
            || (h.starts_with("<?xml")
                && (h.contains("<rss") || h.contains("<feed") || h.contains("<rdf:rdf")))
            || (h.starts_with('{') && h.contains("jsonfeed.org"))
    };
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        let mime = ct.split(';').next().unwrap_or("").trim();
        if mime.contains("rss") || mime.contains("atom") || mime == "application/feed+json" {
            return Format::Feed;
        }
        if mime == "text/markdown" || mime == "text/x-markdown" {
            return Format::Markdown;
        }
        if (mime.ends_with("/xml") || mime == "application/json") && looks_feed(&head_lower) {
            return Format::Feed;
        }
        if mime == "text/html" || mime == "application/xhtml+xml" {
            return Format::Html;
        }
    }
    let path = url.path().to_ascii_lowercase();
    if path.ends_with(".md") || path.ends_with(".markdown") {
        return Format::Markdown;
    }
    if looks_feed(&head_lower) {
        return Format::Feed;
    }
    if head_lower.starts_with("<!doctype html")
        || head_lower.contains("<html")
        || head_lower.starts_with('<')
    {
        return Format::Html;
    }
    if head.starts_with("---")
        || body
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## "))
    {
        return Format::Markdown;
    }
    if body.lines().collect::<Vec<_>>().windows(2).any(|w| {
        !w[0].trim().is_empty()
            && w[1].len() >= 3
            && (w[1].chars().all(|c| c == '=') || w[1].chars().all(|c| c == '-'))
    }) {
        return Format::Markdown;
    }
    Format::Html
}

/// Extracts the News and Publications sections of one document.
pub fn extract(body: &str, format: Format, url: &Url, overrides: &Overrides) -> ExtractedPage {
    let sections = match format {
        Format::Feed => feed::extract(body, url).into_iter().collect(),
        Format::Html => extract_html(body, url, overrides),
        Format::Markdown => extract_html(&markdown::to_html(body), url, overrides),
    };
    ExtractedPage {
        url: url.to_string(),
        format,
        sections,
    }
}

fn extract_html(html: &str, url: &Url, overrides: &Overrides) -> Vec<ExtractedSection> {
    let parsed = Html::parse_document(html);
    let doc = Doc::from_html(&parsed, url);
    let mut sections = heuristic_sections(&doc);
    for (kind, sel) in [
        (SectionKind::News, &overrides.news),
        (SectionKind::Publications, &overrides.publications),
    ] {
        if let Some(sel) = sel {
            sections.retain(|s| s.kind != kind);
            let index = doc.element_index();
            let mut nodes: Vec<usize> = parsed
                .select(sel)
                .filter_map(|e| index.get(&std::ptr::from_ref(e.value())).copied())
                .collect();
            nodes.sort_unstable();
            let mut items = Vec::new();
            let mut last_end = 0;
            for n in nodes {
                if n < last_end {
                    continue;
                }
                last_end = doc.end(n);
                let raw = RawItem {
                    nodes: vec![n],
                    group: None,
                    structural: true,
                };
                items.push(fields::build(&doc, &raw, kind));
            }
            sections.push(ExtractedSection {
                kind,
                heading: sel.to_css_string(),
                items,
            });
        }
    }
    sections
}

struct Found {
    kind: SectionKind,
    heading: String,
    node: usize,
    items: Vec<RawItem>,
}

fn walk(doc: &Doc, kind: SectionKind, start: usize, end: usize) -> Vec<RawItem> {
    let mut w = Walker::new(doc, kind);
    w.walk_range(start, end);
    let mut raw = w.out;
    if raw.iter().any(|r| r.structural) {
        raw.retain(|r| r.structural);
    }
    raw
}

fn heuristic_sections(doc: &Doc) -> Vec<ExtractedSection> {
    let heads = sections::headings(doc);
    let mut found: Vec<Found> = Vec::new();
    let mut claimed: Vec<(usize, usize, SectionKind)> = Vec::new();
    for h in &heads {
        let kind = match h.named {
            Named::News => SectionKind::News,
            Named::Publications | Named::Research => SectionKind::Publications,
            _ => continue,
        };
        if claimed
            .iter()
            .any(|&(s, e, k)| k == kind && h.node >= s && h.node < e)
        {
            continue;
        }
        let (start, end) = sections::region(doc, &heads, h);
        let items = walk(doc, kind, start, end);
        if h.named == Named::Research && !lists_papers(doc, start, end, &items) {
            continue;
        }
        claimed.push((start, end, kind));
        found.push(Found {
            kind,
            heading: h.text.clone(),
            node: h.node,
            items,
        });
    }
    add_lookalike_sections(doc, &heads, &mut found);
    for (kind, news) in [
        (SectionKind::News, true),
        (SectionKind::Publications, false),
    ] {
        if found.iter().any(|f| f.kind == kind) {
            continue;
        }
        for a in sections::anchors(doc, news) {
            let (start, end) = sections::region(doc, &heads, &a);
            let items = walk(doc, kind, start, end);
            if !items.is_empty() {
                found.push(Found {
                    kind,
                    heading: selector_label(doc, a.node),
                    node: a.node,
                    items,
                });
            }
        }
        if found.iter().any(|f| f.kind == kind) {
            continue;
        }
        for (start, end) in sections::containers(doc, news) {
            let items = walk(doc, kind, start, end);
            if !items.is_empty() {
                found.push(Found {
                    kind,
                    heading: selector_label(doc, start),
                    node: start,
                    items,
                });
            }
        }
    }
    found.sort_by_key(|f| f.node);
    let mut out: Vec<ExtractedSection> = Vec::new();
    for f in found {
        let mut items: Vec<ExtractedItem> = f
            .items
            .iter()
            .map(|r| fields::build(doc, r, f.kind))
            .filter(|it| it.text.chars().any(char::is_alphanumeric) && !is_more_link(it))
            .collect();
        drop_repeated_half(&mut items);
        // A list rendered twice (template bug) is one list.
        let dup = out.iter().any(|s| {
            s.kind == f.kind
                && s.items.len() == items.len()
                && s.items.iter().zip(&items).all(|(a, b)| a.text == b.text)
        });
        if dup {
            continue;
        }
        out.push(ExtractedSection {
            kind: f.kind,
            heading: f.heading,
            items,
        });
    }
    out
}

/// "See all news", "More...", "Older publications": a link to elsewhere, not an item.
fn is_more_link(it: &ExtractedItem) -> bool {
    if it.date_text.is_some() {
        return false;
    }
    // At most five words are looked at: more than four is not a "more" link.
    let words: Vec<String> = it
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_lowercase)
        .collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "more" | "all" | "older" | "previous" | "archive"
            )
        })
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "see"
                    | "view"
                    | "show"
                    | "read"
                    | "more"
                    | "all"
                    | "older"
                    | "previous"
                    | "archive"
                    | "news"
                    | "publications"
                    | "papers"
                    | "posts"
                    | "updates"
                    | "here"
                    | "full"
                    | "list"
                    | "the"
                    | "of"
                    | "click"
            )
        })
}

/// How a heading-less section is named: its element as a CSS selector (`#news`, `div.news`).
fn selector_label(doc: &Doc, node: usize) -> String {
    let Some(e) = doc.el(node) else {
        return String::new();
    };
    match e.attr("id").or_else(|| e.attr("name")) {
        Some(id) => format!("#{id}"),
        None => {
            let classes: Vec<&str> = e.classes().collect();
            format!("{}.{}", e.name, classes.join("."))
        }
    }
}

/// The second half of a list that repeats its first half verbatim is a rendering bug.
fn drop_repeated_half(items: &mut Vec<ExtractedItem>) {
    let n = items.len();
    if n >= 4
        && n.is_multiple_of(2)
        && items[..n / 2]
            .iter()
            .zip(&items[n / 2..])
            .all(|(a, b)| a.text == b.text)
    {
        items.truncate(n / 2);
    }
}

/// A "Research" section counts as publications when it lists papers.
fn lists_papers(doc: &Doc, start: usize, end: usize, items: &[RawItem]) -> bool {
    let marked = (start..end)
        .any(|j| items::has_class_word(doc, j, |w| w.starts_with("pub") || w.starts_with("paper")));
    if marked {
        return true;
    }
    // Citations, in most items: a year, plus an author list, a link to a
    // paper, or a venue named with its year ("NeurIPS 2025", "CVPR'24").
    // Short author lists have no two commas; research statements have
    // none of these.
    let cited = items.iter().filter(|r| {
        let t = doc.texts(&r.nodes);
        items::mentions_year(&t)
            && (t.matches(',').count() >= 2
                || doc.links(&r.nodes).iter().any(|l| is_paper_link(l))
                || names_a_venue(&t))
    });
    items.len() >= 3 && cited.count() * 10 >= items.len() * 7
}

/// A link to a paper: a PDF, or a preprint server, DOI or proceedings host.
fn is_paper_link(url: &str) -> bool {
    const HOSTS: &[&str] = &[
        "arxiv.org",
        "doi.org",
        "openreview.net",
        "aclanthology.org",
        "proceedings.",
        "papers.nips.cc",
        "openaccess.thecvf.com",
        "ieeexplore.ieee.org",
        "dl.acm.org",
        "link.springer.com",
        "biorxiv.org",
        "ssrn.com",
    ];
    let u = url.to_ascii_lowercase();
    let path = u.split(['?', '#']).next().unwrap_or(&u);
    path.ends_with(".pdf") || HOSTS.iter().any(|h| u.contains(h))
}

/// A venue acronym followed by its year: a word with at least two capitals
/// ("NeurIPS", "ICML", "ACL"), then a four-digit year or an apostrophe and two
/// digits.
fn names_a_venue(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let acronym = |w: &str| {
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && w.chars().filter(char::is_ascii_uppercase).count() >= 2
    };
    let year = |w: &str| items::is_year(w.trim_end_matches(|c: char| !c.is_ascii_digit()));
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
        if let Some((name, yy)) = w.split_once(['\'', '’']) {
            let yy = yy.trim_end_matches(|c: char| !c.is_ascii_digit());
            return acronym(name) && yy.len() == 2 && yy.chars().all(|c| c.is_ascii_digit());
        }
        acronym(w) && words.get(i + 1).is_some_and(|n| year(n))
    })
}

/// A section under an unrecognised heading ("🌟 Highlights") whose items have
/// the same markup as a publications section's is publications too.
fn add_lookalike_sections(doc: &Doc, heads: &[Heading], found: &mut Vec<Found>) {
    let pub_sigs: Vec<(u8, String)> = found
        .iter()
        .filter(|f| f.kind == SectionKind::Publications)
        .filter_map(|f| {
            let h = heads.iter().find(|h| h.node == f.node)?;
            let sig = item_signature(doc, &f.items)?;
            Some((h.level, sig))
        })
        .collect();
    if pub_sigs.is_empty() {
        return;
    }
    for h in heads.iter().filter(|h| h.named == Named::Unknown) {
        if found.iter().any(|f| f.node == h.node) {
            continue;
        }
        let (start, end) = sections::region(doc, heads, h);
        if found.iter().any(|f| f.node >= start && f.node < end) {
            continue;
        }
        let items = walk(doc, SectionKind::Publications, start, end);
        let Some(sig) = item_signature(doc, &items) else {
            continue;
        };
        if pub_sigs.iter().any(|(l, s)| *l == h.level && *s == sig) {
            found.push(Found {
                kind: SectionKind::Publications,
                heading: h.text.clone(),
                node: h.node,
                items,
            });
        }
    }
}

/// The class-bearing element signature most items share, if any.
fn item_signature(doc: &Doc, items: &[RawItem]) -> Option<String> {
    let sigs: Vec<String> = items
        .iter()
        .filter_map(|r| {
            let e = doc.el(*r.nodes.first()?)?;
            let mut c: Vec<&str> = e.classes().collect();
            c.sort_unstable();
            (!c.is_empty()).then(|| format!("{}.{}", e.name, c.join(".")))
        })
        .collect();
    let first = sigs.first()?.clone();
    (sigs.len() * 2 > items.len() && sigs.iter().all(|s| *s == first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn venues_with_their_year_and_paper_links() {
        for t in [
            "Jane Doe. NeurIPS 2025.",
            "In ICML 2024, Vienna",
            "(CVPR'24)",
            "ACL’23 Findings",
        ] {
            assert!(names_a_venue(t), "{t}");
        }
        for t in [
            "Joined MIT in 2024",
            "I work on LLMs since 2021",
            "Best Paper 2024",
            "USA 20",
        ] {
            assert!(!names_a_venue(t), "{t}");
        }
        assert!(is_paper_link("https://arxiv.org/abs/2501.00001"));
        assert!(is_paper_link("https://example.org/papers/p.PDF?dl=1"));
        assert!(is_paper_link("https://doi.org/10.1145/1"));
        assert!(!is_paper_link("https://github.com/me/code"));
        assert!(!is_paper_link("https://example.org/pdf-viewer/"));
    }

    #[test]
    fn format_by_type_then_extension_then_content() {
        let u = url("https://example.org/");
        assert_eq!(
            detect_format(Some("application/rss+xml"), &u, ""),
            Format::Feed
        );
        assert_eq!(
            detect_format(Some("text/html; charset=utf-8"), &u, "# x"),
            Format::Html
        );
        assert_eq!(
            detect_format(None, &url("https://example.org/about.md"), "<p>"),
            Format::Markdown
        );
        assert_eq!(
            detect_format(Some("text/plain"), &u, "---\ntitle: x\n---\n# News"),
            Format::Markdown
        );
        assert_eq!(
            detect_format(
                None,
                &u,
                "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            ),
            Format::Feed
        );
        assert_eq!(
            detect_format(None, &u, "<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(detect_format(None, &u, "News\n====\n- a"), Format::Markdown);
    }

    #[test]
    fn pages_without_sections_yield_none() {
        let html = "<h2>Teaching</h2><ul><li>CS101 (Fall 2024)</li><li>CS102</li></ul><h2>Awards</h2><ul><li>Best paper 2023</li></ul>";
        let page = extract(
            html,
            Format::Html,
            &url("https://example.org/"),
            &Overrides::default(),
        );
        assert!(page.sections.is_empty(), "{:?}", page.sections);
    }

    #[test]
    fn overrides_replace_heuristics() {
        let html = "<div class=n>one</div><div class=n>two</div>";
        let o = Overrides {
            news: Some(Selector::parse("div.n").unwrap()),
            publications: None,
        };
        let page = extract(html, Format::Html, &url("https://example.org/"), &o);
        let news: Vec<&str> = page
            .items(SectionKind::News)
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(news, ["one", "two"]);
    }
}
