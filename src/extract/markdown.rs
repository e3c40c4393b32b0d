//! Markdown sources (Jekyll pages as committed) rendered to HTML, so the
//! HTML heuristics serve both formats.
//!
//! The pages were written for kramdown, which is laxer than CommonMark about
//! blank lines around raw HTML: `### Title` right after an `<img>` line is a
//! heading there, but text inside an HTML block for CommonMark. We therefore
//! normalise the source first: drop YAML front matter, Liquid tags, HTML
//! comments (never on the page) and kramdown attribute lists, and give ATX
//! headings and rules after raw HTML the blank lines kramdown would not need.
//! Then pulldown-cmark renders with raw HTML kept.

use std::borrow::Cow;

use super::dom::contains_ci;
use pulldown_cmark::{Options, Parser, html};

/// Renders a Markdown page to HTML the way a Jekyll site would show it.
pub fn to_html(source: &str) -> String {
    let prepared = prepare(source);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    // "## News {#news}" (kramdown, VitePress, Hugo): the id is an
    // attribute, not part of the heading's text.
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let parser = Parser::new_ext(&prepared, opts);
    let mut out = String::with_capacity(prepared.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Source normalisation, separate from rendering so it can be tested on its own.
pub fn prepare(source: &str) -> String {
    let s = source.strip_prefix('\u{feff}').unwrap_or(source);
    let s = strip_front_matter(s);
    let s = strip_comments(s);
    let s = strip_liquid(&s);
    separate_blocks(&s)
}

fn strip_front_matter(s: &str) -> &str {
    let mut lines = s.split_inclusive('\n');
    let Some(first) = lines.next() else { return s };
    if first.trim_end() != "---" {
        return s;
    }
    let mut offset = first.len();
    for line in lines {
        offset += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return &s[offset..];
        }
    }
    s
}

/// Removes `<!-- ... -->`; a comment ends at the first `-->`, and an unclosed one runs to the end.
///
/// Most sources have no comment, or a few: they are found with `memmem`
/// (vectorised, where `str::find` walks a pattern byte by byte) and the
/// source is copied only when there is one.
pub fn strip_comments(s: &str) -> Cow<'_, str> {
    let open = memchr::memmem::Finder::new("<!--");
    let close = memchr::memmem::Finder::new("-->");
    let Some(first) = open.find(s.as_bytes()) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut at = Some(first);
    while let Some(i) = at {
        out.push_str(&rest[..i]);
        match close.find(&rest.as_bytes()[i + 4..]) {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => return Cow::Owned(out),
        }
        at = open.find(rest.as_bytes());
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Removes Liquid tags (`{% %}`) and outputs (`{{ }}`): their values are unknown without the site.
fn strip_liquid(s: &str) -> Cow<'_, str> {
    let mut rest = s;
    // The first `{%` or `{{`, whichever comes first, in one forward scan.
    let next_open = |r: &str| -> Option<(usize, &'static str)> {
        let bytes = r.as_bytes();
        let mut from = 0;
        while let Some(k) = r[from..].find('{') {
            let i = from + k;
            match bytes.get(i + 1) {
                Some(b'%') => return Some((i, "%}")),
                Some(b'{') => return Some((i, "}}")),
                _ => from = i + 1,
            }
        }
        None
    };
    // Copied only when there is a tag to take out.
    let mut out = match next_open(rest) {
        Some(_) => String::with_capacity(s.len()),
        None => return Cow::Borrowed(s),
    };
    while let Some((i, close)) = next_open(rest) {
        out.push_str(&rest[..i]);
        match rest[i + 2..].find(close) {
            Some(j) => rest = &rest[i + 2 + j + 2..],
            None => {
                rest = &rest[i..];
                out.push_str(rest);
                return Cow::Owned(out);
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `s` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn is_atx_heading(t: &str) -> bool {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes)
        && t[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

/// Three or more of one of `-`, `*`, `_`, whitespace aside.
fn is_rule(t: &str) -> bool {
    let mut marks = t.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A line of nothing but closing tags, such as `</div></div>`.
fn is_closing_tags(t: &str) -> bool {
    let mut rest = t.trim();
    if rest.is_empty() {
        return false;
    }
    while let Some(r) = rest.strip_prefix("</") {
        let Some(end) = r.find('>') else { return false };
        if !r[..end].chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        rest = r[end + 1..].trim_start();
    }
    rest.is_empty()
}

fn is_fence(t: &str) -> bool {
    t.starts_with("```") || t.starts_with("~~~")
}

/// Adds the blank lines kramdown does without: around ATX headings, and
/// between raw HTML and a following rule (which would otherwise be swallowed
/// by the HTML block). Drops kramdown attribute lists (`{: .class}`).
fn separate_blocks(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 256);
    let mut prev_blank = true;
    let mut prev_html = false;
    let mut in_fence = false;
    let mut in_raw = false;
    let mut prev_closing = false;
    for line in s.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if is_fence(t) {
            in_fence = !in_fence;
        }
        if !in_fence
            && (starts_with_ci(t, "<pre") || starts_with_ci(t, "<textarea"))
            && !contains_ci(t, "</pre")
        {
            in_raw = true;
        }
        if in_raw && (contains_ci(t, "</pre") || contains_ci(t, "</textarea")) {
            in_raw = false;
        }
        if !in_fence && !in_raw && t.starts_with("{:") && t.trim_end().ends_with('}') {
            continue;
        }
        let heading = !in_fence && indent < 4 && is_atx_heading(t);
        // kramdown ends an HTML block at its closing tag; CommonMark runs on to the next blank line.
        if !in_fence
            && !in_raw
            && prev_closing
            && !prev_blank
            && !t.is_empty()
            && !t.starts_with('<')
        {
            out.push('\n');
        }
        let rule_after_html = !in_fence && indent < 4 && prev_html && is_rule(t);
        if (heading || rule_after_html) && !prev_blank {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        if heading || rule_after_html {
            out.push('\n');
        }
        prev_blank = t.is_empty() || heading || rule_after_html;
        prev_closing = is_closing_tags(t);
        prev_html = t.starts_with('<') || (prev_html && !t.is_empty() && !heading);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_liquid_and_comments_vanish() {
        let src =
            "---\ntitle: x\n---\n{% if a %}\nHello {{ site.name }}<!-- hidden -->\n{% endif %}\n";
        let html = to_html(src);
        assert!(html.contains("Hello"));
        assert!(!html.contains("title"));
        assert!(!html.contains("hidden"));
        assert!(!html.contains("{%"));
    }

    #[test]
    fn headings_after_raw_html_are_headings() {
        let html = to_html(
            "<img src='a.png'>\n### A Paper Title\n<p>authors</p>\n-----\n<img src='b.png'>\n",
        );
        assert!(html.contains("<h3>A Paper Title</h3>"), "{html}");
        assert!(html.contains("<hr />"), "{html}");
    }

    #[test]
    fn heading_ids_are_attributes_not_text() {
        let html = to_html("## 📰 News {#news}\n- one\n");
        assert!(html.contains("<h2 id=\"news\">📰 News</h2>"), "{html}");
    }

    #[test]
    fn setext_headings_still_work() {
        let html = to_html("News\n-----\n- one\n");
        assert!(html.contains("<h2>News</h2>"), "{html}");
    }

    #[test]
    fn unclosed_comment_hides_the_rest() {
        assert_eq!(strip_comments("a<!-- b"), "a");
        assert_eq!(strip_comments("a<!-- b --> c <!-- d -->e"), "a c e");
    }
}
