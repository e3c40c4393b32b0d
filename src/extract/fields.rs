//! Turns an item's nodes into its fields: text, date label, title, links, markup.
//!
//! The title heuristic mirrors how people mark a paper title: an element
//! named for it (`<papertitle>`, `.title`, a heading inside the item), else
//! the first emphasised or linked phrase that reads like a title rather
//! than an author list, a venue or a "[PDF]" button, else a quoted phrase
//! (citation strings), else the first plain line that reads like a title.
//! Badges, author and venue blocks are skipped because they often come
//! first in the markup.

use super::dates::leading_date;
use super::dom::{Collapsed, Data, Doc};
use super::items::{RawItem, has_class_word, is_year};
use crate::model::{ExtractedItem, PartialDate, SectionKind};

/// Class words of blocks that never hold the title.
const META_CLASS_WORDS: &[&str] = &[
    "badge",
    "label",
    "tag",
    "tags",
    "abbr",
    "venue",
    "author",
    "authors",
    "date",
    "year",
    "links",
    "btn",
    "button",
    "icon",
    "meta",
    "metadata",
    "periodical",
    "citation",
    "cite",
    "abstract",
];

/// Link texts that are buttons, not titles.
const LINK_WORDS: &[&str] = &[
    "paper",
    "pdf",
    "code",
    "arxiv",
    "project",
    "page",
    "website",
    "slides",
    "video",
    "bibtex",
    "cite",
    "poster",
    "demo",
    "dataset",
    "data",
    "blog",
    "github",
    "supp",
    "supplementary",
    "talk",
    "abstract",
    "details",
    "html",
    "doi",
    "leaderboard",
    "media",
    "coverage",
    "homepage",
    "link",
    "preprint",
    "openreview",
    "youtube",
    "bib",
    "huggingface",
    "model",
    "models",
    "weights",
    "press",
    "full",
    "text",
    "pre",
    "print",
    "and",
    "the",
    "of",
    "in",
    "spotlight",
    "oral",
];

pub fn build(doc: &Doc, raw: &RawItem, kind: SectionKind) -> ExtractedItem {
    let text = doc.texts(&raw.nodes);
    let (date_text, date) = match kind {
        SectionKind::News => match leading_date(&text) {
            Some(l) => (Some(text[l.start..l.end].trim().to_string()), Some(l.date)),
            None => (None, None),
        },
        SectionKind::Publications => {
            let year = raw
                .group
                .as_deref()
                .filter(|g| is_year(g))
                .and_then(|g| g.trim().parse().ok());
            (None, year.map(PartialDate::year))
        }
    };
    let title = match kind {
        SectionKind::Publications => title(doc, &raw.nodes),
        SectionKind::News => None,
    };
    let (html, links) = doc.html_and_links(&raw.nodes);
    ExtractedItem {
        text,
        date_text,
        date,
        title,
        links,
        group: raw.group.clone().filter(|g| !g.is_empty()),
        html,
    }
}

fn is_meta(doc: &Doc, i: usize) -> bool {
    has_class_word(doc, i, |w| META_CLASS_WORDS.contains(&w))
}

/// Trims quotes and punctuation off text that is already collapsed (or a
/// slice of collapsed text), as all text from [`Doc`] is.
fn clean(t: &str) -> String {
    let t = t.trim_matches(|c: char| c.is_whitespace() || "\"'“”‘’«»,;:.*†‡".contains(c));
    t.to_string()
}

fn word_count(t: &str) -> usize {
    let cjk = t
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
        + cjk / 2
}

/// Whether a phrase reads like a paper title.
fn title_like(t: &str, linked: bool) -> bool {
    let n = word_count(t);
    if n < if linked { 2 } else { 3 } || n > 45 {
        return false;
    }
    // The lowercase words, in one buffer.
    let mut lower = String::with_capacity(t.len());
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(n);
    for w in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let start = lower.len();
        if w.is_ascii() {
            lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&w.to_lowercase());
        }
        spans.push((start, lower.len()));
    }
    let words: Vec<&str> = spans.iter().map(|&(a, b)| &lower[a..b]).collect();
    if words
        .iter()
        .all(|w| LINK_WORDS.contains(w) || w.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    const VENUE_START: &[&str] = &[
        "in ",
        "proceedings",
        "accepted",
        "to appear",
        "published",
        "under review",
        "submitted",
    ];
    /// Consecutive words.
    const VENUE_PART: &[[&str; 2]] = &[
        ["conference", "on"],
        ["proceedings", "of"],
        ["journal", "of"],
        ["transactions", "on"],
        ["symposium", "on"],
        ["arxiv", "preprint"],
        ["et", "al"],
    ];
    // The lowercase text from its first letter or digit, as long as the longest start.
    let head: String = t
        .chars()
        .flat_map(char::to_lowercase)
        .skip_while(|c| !c.is_alphanumeric())
        .take(12)
        .collect();
    if VENUE_START.iter().any(|v| head.starts_with(v))
        || words
            .windows(2)
            .any(|w| VENUE_PART.iter().any(|[a, b]| w[0] == *a && w[1] == *b))
    {
        return false;
    }
    let has_year = words.iter().any(|w| {
        w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit())
    });
    if n <= 4 && has_year {
        return false;
    }
    let commas = t.matches(',').count();
    // Author lists are short comma-separated names; a title's list follows a colon ("X: Data, Model, and Evaluation").
    if commas >= 2
        && (n as f32) / (commas as f32 + 1.0) <= 3.5
        && !t.contains(':')
        && !t.contains('?')
    {
        return false;
    }
    true
}

/// Preorder over the item's nodes, skipping metadata blocks (badges, authors, venues).
fn visible(doc: &Doc, nodes: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    for &n in nodes {
        let mut j = n;
        let end = doc.end(n);
        while j < end {
            if doc.el(j).is_some() && is_meta(doc, j) {
                j = doc.end(j);
                continue;
            }
            out.push(j);
            j += 1;
        }
    }
    out
}

pub fn title(doc: &Doc, nodes: &[usize]) -> Option<String> {
    let order = visible(doc, nodes);
    // 1. An element named for the title.
    for &j in &order {
        let Some(e) = doc.el(j) else { continue };
        let named = e.name == "papertitle"
            || super::sections::heading_level(doc, j).is_some()
            || has_class_word(doc, j, |w| w == "title");
        if named {
            let t = clean(&doc.text(j));
            if word_count(&t) >= 1 {
                return Some(t);
            }
        }
    }
    // 2. The first emphasised or linked phrase that reads like a title, unless
    //    a plain line that reads like one comes first (a title in no markup).
    let lines = lines_of(doc, nodes);
    let plain_first = lines
        .iter()
        .find(|l| l.pure && title_like(&clean(&l.text), false));
    let mut skip_until = 0;
    for &j in &order {
        if j < skip_until {
            continue;
        }
        if let Some(p) = plain_first.filter(|p| p.start < j) {
            return Some(clean(&p.text));
        }
        let Some(e) = doc.el(j) else { continue };
        let linked = e.name == "a";
        if matches!(
            e.name,
            "a" | "b" | "strong" | "em" | "i" | "u" | "font" | "cite"
        ) {
            let t = clean(&doc.text(j));
            if title_like(&t, linked) {
                return Some(t);
            }
            if !t.is_empty() && !title_like(&t, true) {
                // Nothing inside a rejected phrase (a venue, an author list) is the title either.
                skip_until = doc.end(j);
            }
        }
    }
    // 3. A quoted phrase, as in citation strings.
    for line in &lines {
        if let Some(q) = quoted(&line.text) {
            return Some(q);
        }
    }
    // 4. The first line that reads like a title.
    for line in &lines {
        let l = clean(&line.text);
        if leading_date(&l).is_some_and(|d| d.start == 0) && word_count(&l) <= 4 {
            continue;
        }
        if title_like(&l, false) {
            return Some(l);
        }
    }
    None
}

fn quoted(line: &str) -> Option<String> {
    for (open, close) in [('“', '”'), ('"', '"')] {
        if let Some(a) = line.find(open) {
            let rest = &line[a + open.len_utf8()..];
            if let Some(b) = rest.find(close) {
                let q = clean(&rest[..b]);
                if word_count(&q) >= 2 {
                    return Some(q);
                }
            }
        }
    }
    None
}

/// One visual line of an item: text up to a `<br>` or block boundary.
struct Line {
    text: String,
    /// Node index where the line starts, to compare with element positions.
    start: usize,
    /// No markup inside the line (only text).
    pure: bool,
}

/// The item's lines, metadata blocks left out.
fn lines_of(doc: &Doc, nodes: &[usize]) -> Vec<Line> {
    /// The line being collected; its text is collapsed as it grows.
    struct Cur {
        text: Collapsed,
        start: usize,
        pure: bool,
    }
    let fresh = |start: usize| Cur {
        text: Collapsed::default(),
        start,
        pure: true,
    };
    let mut out: Vec<Line> = Vec::new();
    let mut cur = fresh(0);
    let flush = |cur: &mut Cur, out: &mut Vec<Line>, next: usize| {
        let done = std::mem::replace(cur, fresh(next));
        if done.text.text.chars().any(char::is_alphanumeric) {
            out.push(Line {
                text: done.text.text,
                start: done.start,
                pure: done.pure,
            });
        }
    };
    for &n in nodes {
        let end = doc.end(n);
        let mut open: Vec<usize> = Vec::new();
        let mut j = n;
        flush(&mut cur, &mut out, j);
        while j < end {
            while open.last().is_some_and(|&e| e <= j) {
                open.pop();
                flush(&mut cur, &mut out, j);
            }
            match &doc.nodes[j].data {
                Data::Text(t) => {
                    // Only whitespace so far: the line starts here.
                    if cur.text.text.is_empty() {
                        cur.start = j;
                    }
                    cur.text.push(t);
                }
                Data::Element(_) => {
                    if is_meta(doc, j) {
                        j = doc.end(j);
                        continue;
                    }
                    if doc.is_block(j) {
                        flush(&mut cur, &mut out, j);
                        open.push(doc.end(j));
                    } else if doc.has_text(j) {
                        cur.pure = false;
                    }
                }
            }
            j += 1;
        }
    }
    flush(&mut cur, &mut out, usize::MAX);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn title_of(html: &str) -> Option<String> {
        let parsed = scraper::Html::parse_document(html);
        let d = Doc::from_html(&parsed, &Url::parse("https://example.org/").unwrap());
        let li = (0..d.len()).find(|&i| d.name(i) == "li").unwrap();
        title(&d, &[li])
    }

    #[test]
    fn titles_from_common_markups() {
        assert_eq!(
            title_of("<li>Y. Zhang, K. Zhou, and Z. Liu, \"<a href=x>Neural Prompt Search</a>,\" arXiv.</li>").as_deref(),
            Some("Neural Prompt Search")
        );
        assert_eq!(
            title_of("<li><strong><a href=x>[NeurIPS 2025]</a></strong> A. B, <strong>Hao Li</strong>, C. D. <em>Give Me FP32 or Give Me Death</em>. In <em>Proceedings of NeurIPS</em>.</li>").as_deref(),
            Some("Give Me FP32 or Give Me Death")
        );
        assert_eq!(
            title_of("<li><div class=badge>Vision based pose tracking</div><p>Monocular tracking for close proximity missions</p><p><b>Hao Tang</b>, C. Liu, Q. Wang</p></li>").as_deref(),
            Some("Monocular tracking for close proximity missions")
        );
        assert_eq!(
            title_of("<li><span class=pub-title>Short</span> others</li>").as_deref(),
            Some("Short")
        );
    }

    #[test]
    fn author_lists_and_venues_are_not_titles() {
        assert!(!title_like("A. Smith, B. Jones, C. Brown", false));
        assert!(!title_like("In Proceedings of CVPR", false));
        assert!(!title_like("CVPR 2024", true));
        assert!(!title_like("Paper Code", true));
        assert!(title_like("Functional Diffusion", true));
        assert!(title_like(
            "Budget Alignment: Making Models Reason in the User’s Language",
            true
        ));
    }
}
