//! `index.html`: the newest entries grouped by the day scholarfeed saw them,
//! and the followed homepages with their health.
//!
//! Static, no JavaScript, one inline stylesheet that adapts to phones, dark
//! mode and print. Everything shown is derived from the store without
//! timestamps of the last attempt, so an unchanged run leaves the page
//! byte-identical like the feeds.

use std::fmt::Write;

use super::{FeedDoc, escape};
use crate::model::SectionKind;
use crate::store::{Health, StoredItem};

/// A followed homepage as listed on the page.
pub(crate) struct PageSource {
    pub name: String,
    pub url: String,
    pub feed: String,
    pub health: Health,
    pub news: usize,
    pub publications: usize,
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --fg:#1d1d1f; --muted:#6e6e73; --bg:#fff; --card:#f5f5f7; --accent:#0a60c2; --news:#0b7a3e; --pub:#7a3fb0; --bad:#b3261e; }
@media (prefers-color-scheme: dark) { :root { --fg:#ececf0; --muted:#a1a1a6; --bg:#141416; --card:#1f1f23; --accent:#6cb2ff; --news:#5fd38f; --pub:#c59bf0; --bad:#ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 50rem; padding: 1.25rem 1rem 3rem; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header h1 { margin: 0 0 .2rem; font-size: 1.6rem; }
header p { margin: 0; color: var(--muted); }
nav.feeds { margin: .6rem 0 1.5rem; display: flex; flex-wrap: wrap; gap: .4rem; }
nav.feeds a { font-size: .85rem; padding: .15rem .6rem; border: 1px solid var(--muted); border-radius: 1rem; text-decoration: none; color: var(--fg); }
h2 { font-size: 1.05rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--card); color: var(--muted); }
article { background: var(--card); border-radius: .6rem; padding: .75rem .9rem; margin: .55rem 0; break-inside: avoid; }
article .meta { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; }
article .who { font-weight: 600; color: var(--fg); }
.badge { font-size: .72rem; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; }
.badge.news { color: var(--news); } .badge.publications { color: var(--pub); }
article .title { margin: .3rem 0 .2rem; font-weight: 600; }
article { overflow-wrap: anywhere; }
article .body { margin: .25rem 0 0; }
article .body p, article .body ul, article .body ol { margin: .2rem 0; }
article .body ul, article .body ol { padding-left: 1.25rem; }
article .body img, article .body video, article .body iframe { max-width: 100%; height: auto; }
article .body pre { white-space: pre-wrap; }
section { overflow-x: auto; }
article .links { margin: .35rem 0 0; font-size: .85rem; overflow-wrap: anywhere; }
a { color: var(--accent); }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
td, th { text-align: left; padding: .35rem .4rem; border-bottom: 1px solid var(--card); vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
.bad { color: var(--bad); } .ok { color: var(--news); }
.empty { color: var(--muted); font-style: italic; }
td .feeds { font-size: .8rem; white-space: nowrap; }
details.body > summary { cursor: pointer; }
details.body[open] > summary { color: var(--muted); }
@media (max-width: 32rem) { body { font-size: 15px; } }
@media print { nav.feeds { display: none; } article { background: none; border: 1px solid #ccc; } a { color: inherit; } }
"#;

/// Renders the page. `events` are newest first; each is one item or the
/// same event from several sources (primary first).
pub(crate) fn render(
    title: &str,
    docs: &[FeedDoc],
    events: &[Vec<&StoredItem>],
    sources: &[PageSource],
) -> Vec<u8> {
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(h, "<title>{}</title>", escape(title));
    for d in docs.iter().filter(|d| !d.stem.starts_with("sources/")) {
        let _ = writeln!(
            h,
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{t}\" href=\"{a}.atom\">\n<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{t} (RSS)\" href=\"{a}.rss\">\n<link rel=\"alternate\" type=\"application/feed+json\" title=\"{t} (JSON)\" href=\"{a}.json\">",
            t = escape(&d.title),
            a = escape(&d.stem)
        );
    }
    let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        h,
        "<header>\n<h1>{}</h1>\n<p>News and new publications from {} researchers' homepages.</p>\n</header>",
        escape(title),
        sources.len()
    );
    h.push_str("<nav class=\"feeds\" aria-label=\"Feeds\">");
    for (href, label) in [
        ("feed.atom", "Atom"),
        ("feed.rss", "RSS"),
        ("feed.json", "JSON Feed"),
        ("news.atom", "News only"),
        ("publications.atom", "Publications only"),
        ("feeds.opml", "OPML"),
        ("people.opml", "OPML (one feed per person)"),
    ] {
        let _ = write!(h, "<a href=\"{href}\">{label}</a>");
    }
    h.push_str("</nav>\n<main>\n");

    if events.is_empty() {
        h.push_str("<p class=\"empty\">Nothing announced yet. The first crawl of a homepage stores what is already on it (on_first_crawl = \"baseline\"); items added afterwards appear here. The table below shows what was found on each page.</p>\n");
    }
    let mut current_day = None;
    for event in events {
        let item = event[0];
        let day = item.first_seen.date_naive();
        if current_day != Some(day) {
            current_day = Some(day);
            let _ = writeln!(h, "<h2>{}</h2>", day.format("%A, %-d %B %Y"));
        }
        article(&mut h, event);
    }
    h.push_str("</main>\n");

    h.push_str("<section>\n<h2 id=\"sources\">Followed homepages</h2>\n<table>\n<thead><tr><th>Person</th><th>Status</th><th class=\"n\">News</th><th class=\"n\">Papers</th></tr></thead>\n<tbody>\n");
    for s in sources {
        let status = match &s.health {
            Health::Ok => "<span class=\"ok\">ok</span>".to_string(),
            Health::NeverCrawled => "not crawled yet".to_string(),
            Health::Warning(w) => format!("<span class=\"bad\">warning:</span> {}", escape(w)),
            Health::Failing { attempts, error } => format!(
                "<span class=\"bad\">failing ({attempts} {}):</span> {}",
                if *attempts == 1 {
                    "attempt"
                } else {
                    "attempts"
                },
                escape(error)
            ),
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"{}\">{}</a><br><span class=\"feeds\">feed: <a href=\"{}.atom\">Atom</a> · <a href=\"{}.rss\">RSS</a></span></td><td>{status}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&s.url),
            escape(&s.name),
            escape(&s.feed),
            escape(&s.feed),
            s.news,
            s.publications,
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
    let _ = writeln!(
        h,
        "<footer><p class=\"empty\">Made by <a href=\"{}\">scholarfeed</a>.</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_REPOSITORY")
    );
    h.into_bytes()
}

/// Items longer than this (in characters of text) are collapsed on the page.
const COLLAPSE_CHARS: usize = 400;

fn article(h: &mut String, event: &[&StoredItem]) {
    let item = event[0];
    h.push_str("<article>\n<div class=\"meta\">");
    let names: Vec<String> = event
        .iter()
        .map(|i| {
            format!(
                "<a class=\"who\" href=\"{}\">{}</a>",
                escape(&i.source_url),
                escape(&i.source_name)
            )
        })
        .collect();
    let _ = write!(
        h,
        "{}<span class=\"badge {k}\">{k}</span>",
        names.join(", "),
        k = item.section.as_str()
    );
    // The date once: in the line above the text unless the text opens with it.
    if let Some(d) = item.date_text.as_deref()
        && !super::opens_with_date(&item.text, d)
    {
        let _ = write!(h, "<span>{}</span>", escape(d));
    }
    if let Some(g) = &item.group {
        let _ = write!(h, "<span>{}</span>", escape(g));
    }
    h.push_str("</div>\n");
    if item.section == SectionKind::Publications
        && let Some(t) = &item.title
    {
        let _ = writeln!(h, "<p class=\"title\">{}</p>", escape(t));
    }
    let body = if item.html.trim().is_empty() {
        escape(&item.text)
    } else {
        super::without_leading_title(&item.html, item.title.as_deref())
    };
    if item.text.chars().count() > COLLAPSE_CHARS {
        // An abstract or a long citation: its first sentence, and the rest
        // on request, so the page stays a list of news, not a wall.
        let _ = writeln!(
            h,
            "<details class=\"body\"><summary>{}</summary>{body}</details>",
            escape(&super::first_clause(&item.text, 160))
        );
    } else {
        let _ = writeln!(h, "<div class=\"body\">{body}</div>");
    }
    let page = item.source_url.split('#').next().unwrap_or("");
    let own: Vec<&String> = item
        .links
        .iter()
        .filter(|l| l.split('#').next() != Some(page))
        .collect();
    if !own.is_empty() {
        let links: Vec<String> = own
            .iter()
            .take(6)
            .map(|l| format!("<a href=\"{}\">{}</a>", escape(l), escape(&short_link(l))))
            .collect();
        let _ = writeln!(h, "<p class=\"links\">{}</p>", links.join(" · "));
    }
    h.push_str("</article>\n");
}

/// `https://www.arxiv.org/abs/2411.17089` -> `arxiv.org/abs/2411.17089`, cut to 60 characters.
fn short_link(l: &str) -> String {
    let s = l
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/');
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, date: Option<&str>) -> StoredItem {
        StoredItem {
            source_name: "Jane Doe".into(),
            source_slug: "jane-doe".into(),
            source_url: "https://jane.example/".into(),
            html: format!("<div>{}</div>", escape(text)),
            ..StoredItem::news_fixture(text, date)
        }
    }

    fn page(items: &[StoredItem]) -> String {
        let events: Vec<Vec<&StoredItem>> = items.iter().map(|i| vec![i]).collect();
        let sources = [PageSource {
            name: "Jane Doe".into(),
            url: "https://jane.example/".into(),
            feed: "sources/jane-doe".into(),
            health: Health::Ok,
            news: 2,
            publications: 0,
        }];
        String::from_utf8(render("scholarfeed", &[], &events, &sources)).unwrap()
    }

    /// Regression: on a phone the "Feed" heading sat over hidden cells, so
    /// per-person feeds could not be reached.
    #[test]
    fn per_person_feeds_are_in_the_person_cell_on_every_screen() {
        let h = page(&[]);
        assert!(!h.contains("hide"), "nothing is hidden by screen size");
        assert!(!h.contains("<th class=\"hide\">Feed</th>"));
        assert!(h.contains(
            "<td><a href=\"https://jane.example/\">Jane Doe</a><br><span class=\"feeds\">feed: <a href=\"sources/jane-doe.atom\">Atom</a>"
        ));
    }

    /// Regression: the news date showed twice on a card (above the text and
    /// at its start), and 84 entries made an 18,000 px page.
    #[test]
    fn a_card_shows_its_date_once_and_long_texts_collapse() {
        let h = page(&[item("2026.03: Paper accepted at ICML.", Some("2026.03"))]);
        assert_eq!(h.matches("2026.03").count(), 1, "{h}");
        let h = page(&[item("Paper accepted at ICML (2026.03).", Some("2026.03"))]);
        assert_eq!(
            h.matches("2026.03").count(),
            2,
            "label shown: the text does not open with it"
        );

        let long = format!(
            "We released a dataset. {}",
            "More words about it. ".repeat(30)
        );
        let h = page(&[item(&long, None)]);
        assert!(
            h.contains(
                "<details class=\"body\"><summary>We released a dataset.</summary><div>We released"
            ),
            "{h}"
        );
        let h = page(&[item("Short news.", None)]);
        assert!(!h.contains("<details"), "{h}");
    }
}
