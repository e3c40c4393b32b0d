//! Content evidence: what a record says about itself, whatever its markup.
//!
//! A record reads as a publication when it cites a paper: a year, plus an
//! author list (commas, full-width ones included), a link to a paper
//! (arXiv, a DOI, a PDF, proceedings) or a venue named with its year. It is
//! navigation, not an item, when every word is link text and the links stay
//! on the page or lead to a fuller list. Sections are chosen by their
//! heading's vocabulary *and* this evidence ([`super::sections`] names the
//! headings; the caller weighs the records).

use super::dom::Doc;
use super::items::{self, RawItem};

/// A line of in-page links ("Book Chapters · Journal Papers"), or one
/// link to a fuller list ("[Full List] [Google Scholar]"): navigation, not
/// an item. Every word is link text, and there are few words.
pub fn is_navigation(doc: &Doc, r: &RawItem) -> bool {
    // A letter or digit outside every link settles it at the first such
    // text, which in a record is near the start (an author list, a date);
    // counting words first cost a scan of each record's opening markup.
    if has_unlinked_text(doc, &r.nodes) {
        return false;
    }
    // Counting stops early: most records are longer than a link line.
    if r.nodes.iter().map(|&n| doc.words_upto(n, 9)).sum::<usize>() > 8 {
        return false;
    }
    let text = r.text(doc);
    let words = text.split_whitespace().count();
    if words == 0 || words > 8 {
        return false;
    }
    let mut linked = String::new();
    let mut anchors = 0;
    let mut in_page = 0;
    for &n in &r.nodes {
        let mut j = n;
        while j < doc.end(n) {
            if doc.is(j, &["a"]) {
                anchors += 1;
                if doc
                    .el(j)
                    .and_then(|e| e.attr("href"))
                    .is_some_and(|h| h.starts_with('#'))
                {
                    in_page += 1;
                }
                linked.push_str(&doc.text(j));
                j = doc.end(j);
            } else {
                j += 1;
            }
        }
    }
    let bare = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).count();
    anchors > 0
        && bare(&linked) == bare(text)
        && (in_page == anchors || mentions_full_list(text) || is_pager(text))
}

/// A pager's link after a list ("2", "next ›", "last »", "« Ältere"):
/// page numbers and the words pagers use, nothing else.
fn is_pager(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "next",
        "previous",
        "prev",
        "first",
        "last",
        "older",
        "newer",
        "page",
        "weiter",
        "zurück",
        "nächste",
        "vorherige",
        "ältere",
        "neuere",
        "suivant",
        "précédent",
        "siguiente",
        "anterior",
        "próximo",
        "successivo",
        "precedente",
        "volgende",
        "vorige",
        "entries",
        "posts",
        "einträge",
        "beiträge",
    ];
    let mut words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            w.bytes().all(|b| b.is_ascii_digit())
                || WORDS.iter().any(|p| p.eq_ignore_ascii_case(w))
                || !w.is_ascii() && WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// A sentence sending the reader to a fuller list ("For a complete list,
/// see my Google Scholar profile"), in a publications section: it names
/// the list and cites no paper itself. Link lines are caught by
/// [`is_navigation`]; this is the same pointer written as prose.
pub fn points_to_full_list(doc: &Doc, r: &RawItem) -> bool {
    // A citation is kept whatever it says; the verdict is kept on the
    // record, which section choice asks for anyway.
    is_short(doc, r, 40) && !r.cites(doc) && mentions_full_list(r.text(doc))
}

/// A note about the papers at the head or foot of their list ("Most
/// papers are available in PostScript and PDF. Copyright belongs to the
/// publishers."), shaped like the entries: it cites no paper, names no
/// year and links to no paper, while the records around it (`others`, at
/// least three) all but one in five cite one.
///
/// A year does not make a paper of a copyright notice ("© 2021–2024 IEEE.
/// Personal use of this material is permitted") or of a date stamp
/// ("Last updated: April 15, 2024").
pub fn is_note_on_papers(doc: &Doc, r: &RawItem, others: &[RawItem]) -> bool {
    if others.len() < 3 {
        return false;
    }
    let text = r.text(doc);
    // (A notice naming its publisher and years reads as a venue and year.)
    let notice = is_copyright_notice(text);
    if !notice && (r.cites(doc) || items::mentions_year(text) && !is_date_stamp(text)) {
        return false;
    }
    if doc.links(&r.nodes).iter().any(|u| is_paper_link(u)) {
        return false;
    }
    let citing = others.iter().filter(|o| o.cites(doc)).count();
    citing * 5 >= others.len() * 4
}

/// A copyright notice: text that opens with the sign or the word (in the
/// languages whose pages print notices in it), where a citation opens
/// with its authors or title.
fn is_copyright_notice(text: &str) -> bool {
    let head = match text.char_indices().nth(40) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    head.contains('©')
        || says_any(
            head,
            &["copyright", "urheberrecht", "droit d'auteur", "版权"],
        )
}

/// A page's date stamp closing a list of papers, whatever the records
/// before it are: it cites nothing and links to no paper.
pub fn is_closing_date_stamp(doc: &Doc, r: &RawItem) -> bool {
    is_short(doc, r, 15)
        && is_date_stamp(r.text(doc))
        && !r.cites(doc)
        && !doc.links(&r.nodes).iter().any(|u| is_paper_link(u))
}

/// A date and a few words of label, nothing else ("Last updated: April 15,
/// 2024", "Stand: 12.03.2024"), or a sentence of its own after the date
/// ("Last modified: March 12, 2024. You are visitor number 1234"): when
/// the page changed, not a paper.
fn is_date_stamp(text: &str) -> bool {
    let few = |t: &str| {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
            <= 3
    };
    if let Some((label, date)) = text.split_once([':', '：'])
        && few(label)
    {
        if super::dates::parse_date(date).is_some() {
            return true;
        }
        let date = date.trim_start();
        if let Some(l) = super::dates::leading_date(date)
            && l.start == 0
            && date[l.end..].starts_with(". ")
        {
            return true;
        }
    }
    super::dates::leading_date(text).is_some_and(|l| l.start == 0 && few(&text[l.end..]))
}

/// A word or two among papers, linking nowhere (a table's column names
/// written as cells, "Title", "Venue"; a view's tab, "By year"): no paper,
/// when at least three records beside it cite one.
pub fn is_stray_label(doc: &Doc, r: &RawItem, citing: usize) -> bool {
    citing >= 3 && is_short(doc, r, 2) && doc.links(&r.nodes).is_empty() && !r.cites(doc)
}

/// Whether record `r` has at most `limit` words, counted without collecting
/// its text (most records are longer than the lines these tests look for).
pub fn is_short(doc: &Doc, r: &RawItem, limit: usize) -> bool {
    r.nodes
        .iter()
        .map(|&n| doc.words_upto(n, limit + 1))
        .sum::<usize>()
        <= limit
}

/// Whether `text` says one of `phrases`, ignoring case.
fn says_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|w| super::dom::contains_ci(text, w))
}

/// Whether some text of `nodes` outside links has a letter or digit: then
/// not every word is link text.
fn has_unlinked_text(doc: &Doc, nodes: &[usize]) -> bool {
    for &n in nodes {
        let end = doc.end(n);
        let mut j = n;
        while j < end {
            if let Some(t) = doc.text_node(j) {
                // Blank text (indentation) is known blank without a scan.
                if doc.has_text(j) && t.chars().any(char::is_alphanumeric) {
                    return true;
                }
            } else if doc.is(j, &["a"]) {
                j = doc.end(j);
                continue;
            }
            j += 1;
        }
    }
    false
}

/// A short line crediting the tool that made the page or list
/// ("This file was generated by bibtex2html 1.99", "Powered by Jekyll").
pub fn is_generator_credit(doc: &Doc, r: &RawItem) -> bool {
    is_short(doc, r, 12)
        && says_any(
            r.text(doc),
            &[
                "generated by",
                "powered by",
                "created with",
                "built with",
                "made with",
            ],
        )
}

/// A short undated line saying where older news is ("Older news is in the
/// archive", "More news"), closing a list of news.
pub fn points_to_older_news(doc: &Doc, r: &RawItem) -> bool {
    if !is_short(doc, r, 15) {
        return false;
    }
    let text = r.text(doc);
    super::dates::leading_date(text).is_none()
        && super::dates::trailing_date(text).is_none()
        && says_any(
            text,
            &[
                "older news",
                "more news",
                "all news",
                "past news",
                "previous news",
                "news archive",
                "in the archive",
            ],
        )
}

/// "Full list", "all publications", "Google Scholar": where a link to
/// elsewhere says it goes.
fn mentions_full_list(text: &str) -> bool {
    says_any(
        text,
        &[
            "full list",
            "scholar",
            "all publications",
            "complete list",
            "dblp",
            // German, French, Spanish, Italian, Dutch
            "vollständige liste",
            "liste complète",
            "lista completa",
            "elenco completo",
            "volledige lijst",
        ],
    )
}

/// How many records of `items` read as citations (see [`cites_a_paper`]).
pub fn cited(doc: &Doc, items: &[RawItem]) -> usize {
    items.iter().filter(|r| r.cites(doc)).count()
}

/// Whether a record reads as a citation: a year, plus an author list, a
/// link to a paper, or a venue named with its year ("NeurIPS 2025",
/// "CVPR'24"), or the " // " before the venue that GOST and ISO 690
/// citations write ("Смирнова А. В. Title // Journal. — 2023."). Short
/// author lists have no two commas; research statements have none of these.
pub fn cites_a_paper(doc: &Doc, text: &str, nodes: &[usize]) -> bool {
    items::mentions_year(text)
        && (text.matches([',', '，']).count() >= 2
            || doc.links(nodes).iter().any(|l| is_paper_link(l))
            || names_a_venue(text)
            || venue_slashes(text).is_some()
            || numbers_an_issue(text))
}

/// Where the " // " that GOST and ISO 690 write before the venue starts
/// (the first slash), if the citation has one. Found by its slashes (a
/// byte search): most citations have none.
pub fn venue_slashes(text: &str) -> Option<usize> {
    memchr::memchr_iter(b'/', text.as_bytes())
        .find(|&i| text.as_bytes().get(i..i + 3) == Some(b"// ") && text[..i].ends_with(' '))
}

/// A journal's volume and issue as Chicago and APA write them ("Itinerario
/// 43, no. 1 (2019)", "Vol. 12"): "no." or "vol." before a number.
fn numbers_an_issue(text: &str) -> bool {
    // Found by their full stops (a byte search), then the bytes around.
    let b = text.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| {
        let word = [&b"no"[..], b"vol", b"Vol"]
            .into_iter()
            .find(|w| b[..i].ends_with(w));
        word.is_some_and(|w| {
            let start = i - w.len();
            (start == 0 || matches!(b[start - 1], b' ' | b'(' | b','))
                && b.get(i + 1) == Some(&b' ')
                && b.get(i + 2).is_some_and(u8::is_ascii_digit)
        })
    })
}

/// A link to a paper: a PDF, or a preprint server, DOI or proceedings host.
pub fn is_paper_link(url: &str) -> bool {
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
pub fn names_a_venue(text: &str) -> bool {
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

/// A sentence standing in for items that are not there yet ("Coming
/// soon", "No recent updates", "Stay tuned!"): short, and saying so.
pub fn is_placeholder(text: &str) -> bool {
    const SAYS: &[&str] = &[
        "coming soon",
        "no recent update",
        "no updates",
        "no news",
        "nothing yet",
        "under construction",
        "to be updated",
        "to be added",
        "stay tuned",
        "will be updated",
        "will be added",
        "tba",
        "tbd",
        "敬请期待",
        "暂无",
        "準備中",
    ];
    // Short in bytes too: text without spaces (Chinese, Japanese) has one
    // "word" however long, and lowercasing a whole record to search it was
    // a tenth of the extraction of a Japanese list of papers.
    if text.len() > 240 || text.split_whitespace().nth(8).is_some() {
        return false;
    }
    let t = text.to_lowercase();
    // Whole words from a word's start ("updates" still says "update";
    // "tbadge" is no "tba"): only where a word starts can a phrase in
    // English start, so the phrases are tried there, without a substring
    // searcher set up per phrase (sixteen of them for every short record,
    // 15 % of the work after the parse on a Chinese page of short lines).
    let mut after_word = false;
    for (i, c) in t.char_indices() {
        let alphanumeric = c.is_alphanumeric();
        if alphanumeric && !after_word && c.is_ascii() {
            let rest = &t[i..];
            let says = SAYS.iter().any(|s| {
                s.is_ascii()
                    && rest.starts_with(s)
                    && (s.len() > 3 || !rest[s.len()..].starts_with(char::is_alphanumeric))
            });
            if says {
                return true;
            }
        }
        after_word = alphanumeric;
    }
    !t.is_ascii() && SAYS.iter().any(|s| !s.is_ascii() && t.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_not_items() {
        for t in [
            "Coming soon.",
            "No recent updates.",
            "Stay tuned!",
            "TBA",
            "敬请期待",
            "（暂无）",
            "More: to be updated",
            "News — TBD.",
        ] {
            assert!(is_placeholder(t), "{t}");
        }
        for t in [
            "Our paper on coming-soon detectors was accepted at CVPR 2025.",
            "Tbadge: a new tool",
            "Notbadge",
            "Stay-tuned",
            "Reno updates",
            "Joined the lab; more news to be added as the project grows and our work is published next year",
        ] {
            assert!(!is_placeholder(t), "{t}");
        }
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
    fn date_stamps_and_copyright_notices() {
        for t in [
            "Last updated: April 15, 2024",
            "Stand: 12.03.2024",
            "2024-03-12 (last modified)",
            "Last modified: March 12, 2024. You are visitor number 1234.",
        ] {
            assert!(is_date_stamp(t), "{t}");
        }
        for t in [
            "Deep nets for wireless channels, IEEE TWC, April 2024",
            "A. Vogt, Title of the paper, 2024",
            "Nothing here",
            "Proceedings: March 12, 2024 Workshop on Scaling Laws, Vienna",
        ] {
            assert!(!is_date_stamp(t), "{t}");
        }
        assert!(is_copyright_notice(
            "IEEE copyright notice: © 2021–2024 IEEE."
        ));
        assert!(is_copyright_notice("Copyright 2024 by the authors."));
        assert!(!is_copyright_notice("A. Vogt, Title, ICML 2024"));
        assert!(!is_copyright_notice(
            "A. Venkataraman and L. Zhou, “Learning to localize users,” in Proc. ICC, 2024. © IEEE"
        ));
    }

    #[test]
    fn pager_links() {
        for t in [
            "2",
            "next ›",
            "last »",
            "« Ältere Einträge",
            "Page 3",
            "Suivant",
        ] {
            assert!(is_pager(t), "{t}");
        }
        for t in ["Next-generation sequencing", "PDF", "2024 paper", ""] {
            assert!(!is_pager(t), "{t}");
        }
    }

    #[test]
    fn issues_numbered() {
        assert!(numbers_an_issue(
            "“Smuggling as Statecraft.” Itinerario 43, no. 1 (2019): 54–79."
        ));
        assert!(numbers_an_issue("Journal of X, Vol. 12 (2020)"));
        assert!(!numbers_an_issue("Casino. 2024 was a year"));
        assert!(!numbers_an_issue("I said no. Then left in 2024"));
    }
}
