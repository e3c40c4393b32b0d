//! Finds the News and Publications sections of a homepage and splits them
//! into items, with no per-site configuration.
//!
//! Pure functions over text: no I/O, no clock. The parse ([`dom::Page`],
//! built by our own html5ever sink) is not `Send`, so everything parsed
//! here is turned into owned [`ExtractedPage`] data before returning.
//!
//! The stages, one module each: [`markdown`] renders Markdown sources to
//! HTML; [`dom`] copies the visible page into a flat arena; [`sections`]
//! finds section headings and the range each governs; [`items`] splits a
//! range into items and groups; [`fields`] computes each item's text, date
//! label ([`dates`]), title and links; [`sanitize`] writes each item's
//! markup with only what is safe to publish. [`feed`] handles sources that
//! are feeds already. The scoring harness lives beside the tests
//! (`tests/support/eval.rs`), not in the product.

pub mod dates;
pub mod depth;
pub mod dom;
pub mod evidence;
pub mod feed;
pub mod fields;
pub mod items;
pub mod markdown;
pub mod sanitize;
pub mod sections;

use std::collections::HashMap;

use scraper::selector::ToCss;
use url::Url;

/// Extraction's entry points take a source's selectors; they are config
/// words (compiled when the config loads), re-exported here for callers.
pub use crate::config::Overrides;
use crate::model::{
    ExtractedItem, ExtractedPage, ExtractedSection, Format, SectionKind, Unrecognised,
};
use dom::Doc;
use evidence::{cited, is_navigation, points_to_full_list, points_to_older_news};
use items::{RawItem, Walker};
use sections::{Heading, Named};

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

/// What an item's `html` holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Markup {
    /// Sanitized ([`sanitize`]): what is stored and published.
    #[default]
    Safe,
    /// As on the page, links made absolute, unsanitized: never to be
    /// published. For holding the sanitizer against another one
    /// (`tests/sanitize_oracle.rs`, `examples/floor.rs`).
    AsOnPage,
}

/// Extracts the News and Publications sections of one document.
pub fn extract(body: &str, format: Format, url: &Url, overrides: &Overrides) -> ExtractedPage {
    extract_with(body, format, url, overrides, Markup::Safe)
}

/// [`extract`], with the items' markup as `markup` says.
pub fn extract_with(
    body: &str,
    format: Format,
    url: &Url,
    overrides: &Overrides,
    markup: Markup,
) -> ExtractedPage {
    let (sections, unrecognised) = match format {
        Format::Feed => (
            feed::extract_with(body, url, markup).into_iter().collect(),
            Vec::new(),
        ),
        Format::Html => extract_html(body, url, overrides, markup, None),
        Format::Markdown => extract_html(&markdown::to_html(body), url, overrides, markup, None),
    };
    ExtractedPage {
        url: url.to_string(),
        format,
        sections,
        unrecognised,
    }
}

/// How one candidate section fared: what `preview --explain` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The heading as written (or the element standing in for one).
    pub heading: String,
    /// What the heading's words say it is ("News", "Research", "Other"...).
    pub named: String,
    /// What it was taken as, if anything.
    pub kind: Option<SectionKind>,
    /// Where the records are: the element path of the first one.
    pub record_path: String,
    /// How many records it held.
    pub records: usize,
    /// Records that read as citations, and records with a date label.
    pub cited: usize,
    /// Records that open or close with a date label.
    pub dated: usize,
    /// "accepted", or why it lost.
    pub verdict: String,
}

/// Extracts a page and tells, for every heading and fallback considered,
/// what was found under it and why it was kept or rejected.
pub fn explain(
    body: &str,
    format: Format,
    url: &Url,
    overrides: &Overrides,
) -> (ExtractedPage, Vec<Candidate>) {
    let mut log = Vec::new();
    let (sections, unrecognised) = match format {
        Format::Feed => (feed::extract(body, url).into_iter().collect(), Vec::new()),
        Format::Html => extract_html(body, url, overrides, Markup::Safe, Some(&mut log)),
        Format::Markdown => extract_html(
            &markdown::to_html(body),
            url,
            overrides,
            Markup::Safe,
            Some(&mut log),
        ),
    };
    let page = ExtractedPage {
        url: url.to_string(),
        format,
        sections,
        unrecognised,
    };
    (page, log)
}

fn extract_html(
    html: &str,
    url: &Url,
    overrides: &Overrides,
    markup: Markup,
    log: Option<&mut Vec<Candidate>>,
) -> (Vec<ExtractedSection>, Vec<Unrecognised>) {
    let page = dom::parse(html);
    let doc = Doc::new(&page, url);
    let (mut sections, mut unrecognised) = heuristic_sections(&doc, markup, log);
    // Selectors match on scraper's tree (see `dom::parse`): the page is
    // parsed a second time, which only sources with an override pay, and
    // scraper's elements are mapped to the arena by their document order.
    let scraped = (overrides.news.is_some() || overrides.publications.is_some())
        .then(|| scraper::Html::parse_document(html));
    let index: HashMap<*const scraper::node::Element, usize> = match &scraped {
        Some(scraped) => {
            let arena = doc.by_preorder_rank();
            scraped
                .tree
                .root()
                .descendants()
                .filter_map(|n| n.value().as_element())
                .zip(arena)
                .filter_map(|(e, i)| Some((std::ptr::from_ref(e), i?)))
                .collect()
        }
        None => HashMap::new(),
    };
    for (kind, sel) in [
        (SectionKind::News, &overrides.news),
        (SectionKind::Publications, &overrides.publications),
    ] {
        if let (Some(sel), Some(scraped)) = (sel, &scraped) {
            sections.retain(|s| s.kind != kind);
            unrecognised.retain(|u| u.kind != kind);
            let mut nodes: Vec<usize> = scraped
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
                let raw = RawItem::new(vec![n], None, true);
                items.push(build(&doc, raw, kind, markup));
            }
            sections.push(ExtractedSection {
                kind,
                heading: sel.to_css_string(),
                items,
            });
        }
    }
    (sections, unrecognised)
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
    raw.retain(|r| !is_navigation(doc, r));
    join_label_cells(doc, &mut raw);
    // A pointer to the full list opens or closes a section, so only the
    // first and last records are asked (asking all would read every
    // record's text in candidate regions that are then dropped).
    if kind == SectionKind::Publications {
        if raw.last().is_some_and(|r| points_to_full_list(doc, r)) {
            raw.pop();
        }
        if raw.first().is_some_and(|r| points_to_full_list(doc, r)) {
            raw.remove(0);
        }
        if raw.len() >= 4 && evidence::is_note_on_papers(doc, &raw[0], &raw[1..]) {
            raw.remove(0);
        }
        if let Some((last, others)) = raw.split_last()
            && (evidence::is_note_on_papers(doc, last, others)
                || evidence::is_closing_date_stamp(doc, last))
        {
            raw.pop();
        }
        join_title_rows(doc, &mut raw);
        // (Short records are few: most lists never count their citations here.)
        if raw.iter().any(|r| evidence::is_short(doc, r, 2)) {
            let citing = raw.iter().filter(|r| r.cites(doc)).count();
            raw.retain(|r| !evidence::is_stray_label(doc, r, citing));
        }
    }
    // A generator's credit closing the list ("This file was generated by
    // bibtex2html 1.99.") is neither news nor a paper.
    if raw.len() >= 3
        && raw
            .last()
            .is_some_and(|r| evidence::is_generator_credit(doc, r))
    {
        raw.pop();
    }
    // News lines end with where the older ones are ("Older news is in the
    // archive."): no news itself.
    if kind == SectionKind::News
        && raw.len() >= 3
        && raw.last().is_some_and(|r| points_to_older_news(doc, r))
    {
        raw.pop();
    }
    if raw.iter().any(|r| r.structural) {
        raw.retain(|r| r.structural);
    }
    raw
}

/// Rows laid out as two sibling cells with no row around them (a Lattes
/// CV: a date or number cell, then the content cell): a record that is a
/// bare label joins the content record after it, as the reader sees one
/// row. Only where at least two such labels stand before content.
fn join_label_cells(doc: &Doc, raw: &mut Vec<RawItem>) {
    if raw.len() < 4 {
        return;
    }
    let is_label = |r: &RawItem| {
        // Most records are long: their size settles it.
        r.nodes.iter().map(|&n| doc.words_upto(n, 5)).sum::<usize>() <= 4 && {
            let t = r.text(doc).trim();
            let number = t
                .trim_matches(|c: char| "[]().#".contains(c))
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .chars()
                .all(|c| c.is_ascii_digit());
            !t.is_empty() && (number || dates::parse_date(t).is_some())
        }
    };
    let labels: Vec<bool> = raw.iter().map(is_label).collect();
    let heads: Vec<bool> = (0..raw.len())
        .map(|k| labels[k] && labels.get(k + 1) == Some(&false))
        .collect();
    if heads.iter().filter(|&&h| h).count() >= 2 {
        join_pairs(raw, &heads);
    }
}

/// Joins each record `k` for which `heads[k]` holds with the record after
/// it, as one record of both's nodes (in the group of the second: the
/// content's); the other records stay as they are.
fn join_pairs(raw: &mut Vec<RawItem>, heads: &[bool]) {
    let mut out = Vec::with_capacity(raw.len());
    let mut it = std::mem::take(raw).into_iter().zip(heads);
    while let Some((r, &head)) = it.next() {
        if head && let Some((second, _)) = it.next() {
            let nodes = r.nodes.iter().chain(&second.nodes).copied().collect();
            out.push(RawItem::new(nodes, second.group.clone(), true));
        } else {
            out.push(r);
        }
    }
    *raw = out;
}

/// Papers written over two rows or blocks of their own, the title first,
/// then the authors and venue (Doxygen-like member tables, a title row
/// over a description row): when the whole run alternates between a
/// record that does not open with authors and one that does, each pair is
/// one paper.
fn join_title_rows(doc: &Doc, raw: &mut Vec<RawItem>) {
    if raw.len() < 4 || !raw.len().is_multiple_of(2) {
        return;
    }
    // The second record of the first pair settles most lists: asked first.
    let authors = |r: &RawItem| fields::opens_with_authors(r.text(doc));
    if !authors(&raw[1]) || authors(&raw[0]) {
        return;
    }
    let alternate = raw
        .iter()
        .enumerate()
        .all(|(k, r)| authors(r) == (k % 2 == 1));
    if alternate {
        let heads: Vec<bool> = (0..raw.len()).map(|k| k % 2 == 0).collect();
        join_pairs(raw, &heads);
    }
}

/// A homepage that is a stream of posts (Hugo PaperMod, Hexo NexT: the
/// front page lists dated posts, no heading over them): with no news
/// section named anywhere, a run of three or more posts (`<article>`s or
/// blocks classed "post"), most of them dated, is the news. Not under a
/// heading that names another section ("Blog", "Talks").
fn post_stream(doc: &Doc, heads: &[Heading]) -> Option<(usize, Vec<RawItem>)> {
    // Asked of every element of a page without news: the class is
    // searched for "post" before it is split into words.
    let is_post = |i: usize| {
        doc.el(i).is_some_and(|e| {
            e.name == "article"
                || (e.attr("class").is_some_and(|c| c.contains("post"))
                    && items::has_class_word(doc, i, |w| w == "post"))
        })
    };
    let mut i = 0;
    while i < doc.len() {
        if !is_post(i) {
            i += 1;
            continue;
        }
        let Some(parent) = doc.parent(i) else {
            i = doc.end(i);
            continue;
        };
        let end = doc.end(parent);
        let posts = doc.children(parent).filter(|&c| is_post(c)).count();
        if posts < 3 {
            // A lone post (the pinned "about" entry): a run may follow
            // deeper among its siblings.
            i = doc.end(i);
            continue;
        }
        // The heading the run is under, if any, names no other section.
        let under_other = heads
            .iter()
            .rfind(|h| h.node < parent)
            .is_some_and(|h| h.named == Named::Other && sections::region(doc, heads, h).1 >= end);
        if !under_other {
            let items = walk(doc, SectionKind::News, parent, end);
            let dated = items
                .iter()
                .filter(|r| {
                    fields::news_date(doc, &r.nodes, r.text(doc), None)
                        .1
                        .is_some()
                })
                .count();
            if items.len() >= 3 && dated * 10 >= items.len() * 7 {
                return Some((parent, items));
            }
        }
        i = end;
    }
    None
}

/// A list's dates are written one way: when one slash label can only be
/// day-first ("15/03/2024", as Brazil and Europe write them), the others
/// ("03/04/2024") are day-first too, not the US reading.
fn day_first_slashes(items: &mut [ExtractedItem]) {
    let slash = |it: &ExtractedItem| it.date_text.as_deref().and_then(dates::day_first_slash);
    if !items
        .iter()
        .any(|it| slash(it).is_some_and(|(_, sure)| sure))
    {
        return;
    }
    for it in items.iter_mut() {
        if let Some((date, _)) = slash(it) {
            it.date = Some(date);
        }
    }
}

/// A list's "Mar 12" labels are a month and a day when the list cannot
/// read them as a month and a two-digit year: one number has a single
/// digit ("Jan 9"), or the years they would give do not run in either
/// order (2012, 2027, 2030, 2015), as a dated list's labels do. The page
/// gives no year then, so the items keep their labels and get no date: a
/// year 2012 or 2030 would file them years away in a reader, where no
/// date lets the feed date them when they were first seen. Labels that
/// run in order by year ("Mar 24", "April 24", "Jan 24", "Nov 23") keep
/// the year reading.
fn month_day_labels(items: &mut [ExtractedItem]) {
    let labels: Vec<Option<(u32, u32, usize)>> = items
        .iter()
        .map(|it| {
            dates::leading_day_month(&it.text)
                // Only a label the item's date came from, or no date at all.
                .filter(|&(month, day, _)| match it.date {
                    None => true,
                    Some(d) => {
                        d.day.is_none()
                            && d.month == Some(month)
                            && i64::from(d.year) == 2000 + i64::from(day)
                    }
                })
                // Month first: "12 Mar" never read as a year.
                .filter(|_| {
                    it.text
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .starts_with(|c: char| c.is_alphabetic())
                })
        })
        .collect();
    let read: Vec<(u32, u32, usize)> = labels.iter().flatten().copied().collect();
    if read.len() < 2 || read.len() * 2 < items.len() {
        return;
    }
    let single_digit = items
        .iter()
        .zip(&labels)
        .any(|(it, l)| l.is_some() && it.date.is_none());
    // Years only: a list runs in order by year, not always by month
    // ("Mar 24", "April 24", "Mar 24" on a real page).
    let as_years: Vec<u32> = read.iter().map(|&(_, d, _)| d).collect();
    let ordered =
        as_years.windows(2).all(|w| w[0] >= w[1]) || as_years.windows(2).all(|w| w[0] <= w[1]);
    if !single_digit && ordered {
        return;
    }
    for (it, l) in items.iter_mut().zip(&labels) {
        if let Some((_, _, end)) = *l {
            it.date_text = Some(it.text[..end].trim().to_string());
            it.date = None;
        }
    }
}

/// Records `c` when explaining.
fn note(log: &mut Option<&mut Vec<Candidate>>, c: impl FnOnce() -> Candidate) {
    if let Some(log) = log.as_deref_mut() {
        log.push(c());
    }
}

/// A candidate's figures, for `preview --explain`.
fn candidate(
    doc: &Doc,
    heading: &str,
    named: Named,
    kind: Option<SectionKind>,
    items: &[RawItem],
    verdict: &str,
) -> Candidate {
    Candidate {
        heading: heading.to_string(),
        named: format!("{named:?}"),
        kind,
        record_path: items
            .first()
            .and_then(|r| r.nodes.first())
            .map(|&n| record_path(doc, n))
            .unwrap_or_default(),
        records: items.len(),
        cited: cited(doc, items),
        dated: items
            .iter()
            .filter(|r| dates::leading_date(r.text(doc)).is_some())
            .count(),
        verdict: verdict.to_string(),
    }
}

/// `body > div.container > ul > li`: a record's element path, its last
/// four steps.
fn record_path(doc: &Doc, node: usize) -> String {
    let mut steps = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if let Some(e) = doc.el(n) {
            let mut step = e.name.to_string();
            if let Some(c) = e.classes().next() {
                step.push('.');
                step.push_str(c);
            }
            steps.push(step);
        }
        cur = doc.parent(n);
        if steps.len() == 4 {
            break;
        }
    }
    steps.reverse();
    steps.join(" > ")
}

/// A selector for the largest run of sibling records in `[start, end)`:
/// the element name most children of one parent share, under that
/// parent's id or first class ("#pubs > li", "table.papers tr").
fn suggest_selector(doc: &Doc, start: usize, end: usize) -> Option<String> {
    let mut best: Option<(usize, usize, &str)> = None;
    for p in start..end {
        if doc.el(p).is_none() {
            continue;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for c in doc.children(p).filter(|&c| doc.has_text(c)) {
            let Some(e) = doc.el(c) else { continue };
            match counts.iter_mut().find(|(n, _)| *n == e.name) {
                Some((_, k)) => *k += 1,
                None => counts.push((e.name, 1)),
            }
        }
        if let Some(&(name, k)) = counts.iter().max_by_key(|(_, k)| *k)
            && k >= 2
            && best.is_none_or(|(bk, _, _)| k > bk)
        {
            best = Some((k, p, name));
        }
    }
    let (_, parent, child) = best?;
    let e = doc.el(parent)?;
    let parent_sel = match (e.attr("id"), e.classes().next()) {
        (Some(id), _) if !id.is_empty() => format!("#{id}"),
        (_, Some(c)) => format!("{}.{c}", e.name),
        _ => e.name.to_string(),
    };
    Some(format!("{parent_sel} > {child}"))
}

/// One item's fields, its markup as `markup` says.
fn build(doc: &Doc, raw: RawItem, kind: SectionKind, markup: Markup) -> ExtractedItem {
    let as_on_page = (markup == Markup::AsOnPage).then(|| doc.html(&raw.nodes));
    let mut item = fields::build(doc, raw, kind);
    if let Some(html) = as_on_page {
        item.html = html;
    }
    item
}

fn heuristic_sections(
    doc: &Doc,
    markup: Markup,
    mut log: Option<&mut Vec<Candidate>>,
) -> (Vec<ExtractedSection>, Vec<Unrecognised>) {
    let heads = sections::headings(doc);
    let mut found: Vec<Found> = Vec::new();
    let mut claimed: Vec<(usize, usize, SectionKind)> = Vec::new();
    for h in &heads {
        let kind = match h.named {
            Named::News => SectionKind::News,
            Named::Publications | Named::Research => SectionKind::Publications,
            named => {
                note(&mut log, || {
                    let why = if named == Named::Other {
                        "rejected: names a section that is neither (teaching, awards, projects...)"
                    } else {
                        "rejected: not a section name"
                    };
                    candidate(doc, &h.text, named, None, &[], why)
                });
                continue;
            }
        };
        let mut verdict = |items: &[RawItem], why: &str| {
            note(&mut log, || {
                candidate(doc, &h.text, h.named, Some(kind), items, why)
            });
        };
        if claimed
            .iter()
            .any(|&(s, e, k)| k == kind && h.node >= s && h.node < e)
        {
            verdict(&[], "merged: inside an accepted section of the same kind");
            continue;
        }
        // A heading inside an item of a section already accepted titles that
        // item (a news post "Two papers accepted at ACL"): the section's
        // region did not end at it, so it heads nothing of its own.
        if let Some(f) = found.iter().find(|f| {
            f.items
                .iter()
                .flat_map(|r| &r.nodes)
                .any(|&n| n < h.node && h.node < doc.end(n))
        }) {
            let why = format!(
                "rejected: inside an item of the accepted section '{}'",
                f.heading
            );
            verdict(&[], &why);
            continue;
        }
        let (mut start, mut end) = sections::region(doc, &heads, h);
        let mut items = walk(doc, kind, start, end);
        let accepts = |start, end, items: &[RawItem]| {
            h.named != Named::Research || lists_papers(doc, start, end, items)
        };
        // Citations are counted once per candidate region (they build each
        // record's text).
        let narrow_cited = match kind {
            SectionKind::Publications => cited(doc, &items),
            SectionKind::News => 0,
        };
        let thin = !items.iter().any(|r| r.structural)
            || !accepts(start, end, &items)
            || (kind == SectionKind::Publications && narrow_cited < 2);
        if thin {
            // Only an introduction (or a line of links) under the heading:
            // the records may follow outside its container.
            let (s2, e2) = sections::region_to_next_heading(doc, &heads, h);
            if e2 > end {
                let wider = walk(doc, kind, s2, e2);
                let better = match kind {
                    SectionKind::Publications => cited(doc, &wider) > narrow_cited,
                    SectionKind::News => !items.iter().any(|r| r.structural),
                };
                if better && wider.iter().any(|r| r.structural) && accepts(s2, e2, &wider) {
                    (start, end, items) = (s2, e2, wider);
                }
            }
        }
        if !accepts(start, end, &items) {
            // "Recent Highlights" over dated announcements that cite no
            // papers: news, by what its records say. Their dates name a
            // month at least: a year alone, or a span of years ("2023 –
            // 2026"), dates projects and positions as often.
            if h.named == Named::Research {
                let news = walk(doc, SectionKind::News, start, end);
                let dated = news
                    .iter()
                    .filter(|r| {
                        dates::leading_date(r.text(doc)).is_some_and(|l| l.date.month.is_some())
                    })
                    .count();
                let taken = claimed
                    .iter()
                    .any(|&(s, e, k)| k == SectionKind::News && s < end && start < e);
                if news.len() >= 2 && dated * 10 >= news.len() * 7 && !taken {
                    note(&mut log, || {
                        candidate(
                            doc,
                            &h.text,
                            h.named,
                            Some(SectionKind::News),
                            &news,
                            "accepted as news: its records carry date labels and cite no papers",
                        )
                    });
                    claimed.push((start, end, SectionKind::News));
                    found.push(Found {
                        kind: SectionKind::News,
                        heading: h.text.clone(),
                        node: h.node,
                        items: news,
                    });
                    continue;
                }
            }
            verdict(
                &items,
                "rejected: a 'Research' section whose records do not cite papers (fewer than 3 records, or under 70% with a year and authors, a paper link or a venue)",
            );
            continue;
        }
        verdict(&items, "accepted");
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
        if !found.iter().any(|f| f.kind == kind) {
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
        }
        let kind_found = found.iter().any(|f| f.kind == kind);
        for (start, end) in sections::containers(doc, news, kind_found) {
            // Beside a section a heading names, a container whose id (which
            // names one thing, unlike a class reused for every box) says
            // the same kind, and which holds no named heading, is another
            // part of it: a headless `#news` block beside an "Updates" box.
            // One that holds or sits in what was found is that section.
            let headed = heads
                .iter()
                .any(|h| h.named != Named::Unknown && (start..end).contains(&h.node));
            if kind_found && headed {
                continue;
            }
            let overlaps = |f: &Found| {
                (start..end).contains(&f.node)
                    || f.items
                        .iter()
                        .flat_map(|r| &r.nodes)
                        .any(|&n| (start..end).contains(&n) || (n..doc.end(n)).contains(&start))
            };
            if found.iter().filter(|f| f.kind == kind).any(overlaps) {
                continue;
            }
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
    if !found.iter().any(|f| f.kind == SectionKind::News)
        && let Some((node, items)) = post_stream(doc, &heads)
    {
        found.push(Found {
            kind: SectionKind::News,
            heading: selector_label(doc, node),
            node,
            items,
        });
    }
    if log.is_some() {
        for f in found.iter().filter(|f| {
            !heads
                .iter()
                .any(|h| h.node == f.node && h.named != Named::Unknown)
        }) {
            note(&mut log, || {
                candidate(
                    doc,
                    &f.heading,
                    Named::Unknown,
                    Some(f.kind),
                    &f.items,
                    "accepted: no heading names it; its markup or id/class does",
                )
            });
        }
    }
    found.sort_by_key(|f| f.node);
    // Where the items are, for the report of empty headings below: a
    // heading inside an item titles it and is no empty section.
    let in_items: Vec<(usize, usize)> = found
        .iter()
        .flat_map(|f| &f.items)
        .flat_map(|r| &r.nodes)
        .map(|&n| (n, doc.end(n)))
        .collect();
    let mut out: Vec<ExtractedSection> = Vec::new();
    for f in found {
        let kind = f.kind;
        let mut items: Vec<ExtractedItem> = f
            .items
            .into_iter()
            .map(|r| build(doc, r, kind, markup))
            .filter(|it| {
                it.text.chars().any(char::is_alphanumeric)
                    // A number alone: a pager's current page, a counter.
                    && !it.text.trim().bytes().all(|b| b.is_ascii_digit())
                    && !is_more_link(it)
                    && !evidence::is_placeholder(&it.text)
            })
            .collect();
        drop_repeated_half(&mut items);
        day_first_slashes(&mut items);
        if kind == SectionKind::News {
            month_day_labels(&mut items);
        }
        // A list rendered twice (template bug) is one list.
        let dup = out.iter().any(|s| {
            s.kind == f.kind
                && s.items.len() == items.len()
                && s.items.iter().zip(&items).all(|(a, b)| a.text == b.text)
        });
        // Nothing left (a placeholder, a "more" link): no section, and the
        // heading is reported below instead.
        if dup || items.is_empty() {
            continue;
        }
        out.push(ExtractedSection {
            kind: f.kind,
            heading: f.heading,
            items,
        });
    }
    // A heading that names News or Publications with nothing found under
    // it: said out loud, with a selector to try.
    let mut unrecognised: Vec<Unrecognised> = Vec::new();
    for h in &heads {
        let kind = match h.named {
            Named::News => SectionKind::News,
            Named::Publications => SectionKind::Publications,
            _ => continue,
        };
        let covered = out.iter().any(|s| s.kind == kind && !s.items.is_empty());
        let inside_item = in_items.iter().any(|&(s, e)| s < h.node && h.node < e);
        if covered || inside_item || unrecognised.iter().any(|u| u.kind == kind) {
            continue;
        }
        let (start, end) = sections::region_to_next_heading(doc, &heads, h);
        unrecognised.push(Unrecognised {
            kind,
            heading: h.text.clone(),
            suggestion: suggest_selector(doc, start, end),
        });
    }
    (out, unrecognised)
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
    // Citations, in most items.
    items.len() >= 3 && cited(doc, items) * 10 >= items.len() * 7
}

/// A section under an unrecognised heading ("🌟 Highlights") whose items have
/// the same markup as a publications section's, and cite papers as they
/// do, is publications too.
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
        // A region holding a section's heading or records (a group heading
        // of its own inside a section, such as a year) is no new section;
        // asked before walking it.
        let region = start..end;
        if found.iter().any(|f| {
            region.contains(&f.node)
                || f.items
                    .iter()
                    .flat_map(|r| &r.nodes)
                    .any(|n| region.contains(n))
        }) {
            continue;
        }
        let items = walk(doc, SectionKind::Publications, start, end);
        let Some(sig) = item_signature(doc, &items) else {
            continue;
        };
        // (Sites class every text block alike, `p.normal`: the records
        // must cite papers too, as a publications section's do.)
        if pub_sigs.iter().any(|(l, s)| *l == h.level && *s == sig)
            && cited(doc, &items) * 2 > items.len()
        {
            found.push(Found {
                kind: SectionKind::Publications,
                heading: h.text.clone(),
                node: h.node,
                items,
            });
        }
    }
}

/// The class-bearing element signature most items share, if any: their
/// own classes, or their list's (`ol.pub-list > li`, as CMS views class
/// the list and not its rows).
fn item_signature(doc: &Doc, items: &[RawItem]) -> Option<String> {
    let classed = |n: usize| {
        let e = doc.el(n)?;
        let mut c: Vec<&str> = e.classes().collect();
        c.sort_unstable();
        (!c.is_empty()).then(|| format!("{}.{}", e.name, c.join(".")))
    };
    let sigs: Vec<String> = items
        .iter()
        .filter_map(|r| {
            let n = *r.nodes.first()?;
            classed(n).or_else(|| {
                let e = doc.el(n)?;
                Some(format!("{} > {}", classed(doc.parent(n)?)?, e.name))
            })
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
            news: Some(scraper::Selector::parse("div.n").unwrap()),
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
