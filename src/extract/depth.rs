//! A linear pre-scan that refuses pathologically nested markup before the
//! tree builder sees it.
//!
//! html5ever's tree builder is quadratic in nesting depth: 4.5 MB of nested
//! `<div>`s (or `<b><i><a>`) inside one `<li>` took 0.22 / 0.86 / 3.37 s at
//! 12.5k / 25k / 50k levels and was abandoned after a minute, and an
//! abandoned blocking thread cannot be stopped, so it kept a core busy. No
//! homepage nests anywhere near [`MAX_DEPTH`] (the corpus's deepest page is
//! far below it), so a page beyond it is refused with a clear error instead.
//!
//! The scan reads tags only, with the parser's main shortcuts: void
//! elements and elements whose end tag is optional (`p`, `li`, `td`, …) do
//! not count, since the parser closes them by itself and counting them
//! would flag sloppy but harmless pages; comments, doctypes and the
//! contents of `script`, `style` and other raw-text elements are skipped.
//! It over-counts only tags that are never closed, which the tree builder
//! nests too.

/// Deepest element nesting a page may have.
pub const MAX_DEPTH: usize = 2_000;

/// Why a page was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "page refused: elements nested more than {MAX_DEPTH} levels deep (at byte {offset}); \
     no homepage nests like that, and parsing it would take minutes"
)]
pub struct TooDeep {
    /// Byte offset in the page where the nesting passed the limit.
    pub offset: usize,
}

/// Elements the parser closes by itself or that never have content.
const UNCOUNTED: &[&str] = &[
    // void
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
    // optional end tags
    "html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Refuses `html` (or Markdown with raw HTML in it) nested deeper than
/// [`MAX_DEPTH`]. One pass over the bytes, no allocation; the searches are
/// memchr's vectorised ones, since this runs on every fetched page before
/// the parse (a byte-at-a-time scan was 3 % of a cold run's CPU).
pub fn check(html: &str) -> Result<(), TooDeep> {
    scan(html, MAX_DEPTH).map(|_| ())
}

/// The deepest nesting in `html`, or an error as soon as it passes `limit`.
fn scan(html: &str, limit: usize) -> Result<usize, TooDeep> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let start = i + off;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|&c| c == b'!' || c == b'?') {
            i = memchr(b'>', rest).map_or(b.len(), |e| start + 1 + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // Not a tag: a lone `<` in text.
            i = start + 1;
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let end = tag_end(b, name_start + name_len);
        i = end;
        if closing {
            if !is_uncounted(name) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            i = raw_text_end(b, end, name);
            continue;
        }
        let self_closing = end >= 2 && b[end - 2] == b'/';
        if is_uncounted(name) || self_closing {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
        if depth > limit {
            return Err(TooDeep { offset: start });
        }
    }
    Ok(deepest)
}

fn is_uncounted(name: &str) -> bool {
    UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name))
}

/// Index just past the `>` that ends a tag whose name ends at `from`,
/// skipping quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr3(b'>', b'"', b'\'', &b[i..]) {
        let at = i + off;
        if b[at] == b'>' {
            return at + 1;
        }
        match memchr::memchr(b[at], &b[at + 1..]) {
            Some(close) => i = at + 1 + close + 1,
            None => return b.len(),
        }
    }
    b.len()
}

/// Index just past `</name>` after `from` (case-insensitive), or the end.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(off) = find(b, i, b"</") {
        let n = off + 2;
        if b.len() >= n + name.len() && b[n..n + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return tag_end(b, n + name.len());
        }
        i = off + 2;
    }
    b.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(needle, hay)
}

/// Position of `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    memchr::memmem::find(&b[from..], needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_and_ordinary_pages_pass() {
        let deep = format!("<ul><li>{}x</li></ul>", "<div>".repeat(MAX_DEPTH + 1));
        assert!(check(&deep).is_err());
        let formatting = format!("<ul><li>{}x</li></ul>", "<b><i><a href=x>".repeat(700));
        assert!(check(&formatting).is_err());
        let ok = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH - 5),
            "</div>".repeat(MAX_DEPTH - 5)
        );
        assert!(check(&ok).is_ok());
        // Closed siblings do not add up, however many.
        assert!(check(&"<div><span>a</span></div>".repeat(50_000)).is_ok());
    }

    /// The corpus's real pages stay far below the limit (run by hand:
    /// `cargo test --lib depth::tests::corpus -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn corpus_depths() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let mut all = Vec::new();
        for e in walk(&dir) {
            if let Ok(t) = std::fs::read_to_string(&e) {
                all.push((scan(&t, usize::MAX).unwrap(), e));
            }
        }
        all.sort();
        for (d, p) in all.iter().rev().take(5) {
            println!("{d:5} {}", p.display());
        }
        fn walk(d: &std::path::Path) -> Vec<std::path::PathBuf> {
            let mut out = Vec::new();
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    out.extend(walk(&p));
                } else {
                    out.push(p);
                }
            }
            out
        }
    }

    #[test]
    fn parser_shortcuts_are_not_counted() {
        // Unclosed paragraphs and list items, void and self-closed tags.
        let sloppy = "<p>a<li>b<br><img src=x><td>c<x-y/>".repeat(10_000);
        assert!(check(&sloppy).is_ok());
        // Tags inside comments, scripts and attribute values are not tags.
        let hidden = format!(
            "<!-- {d} --><script>var s = '{d}';</script><a title=\"{d}\">x</a><style>{d}</style>",
            d = "<div>".repeat(MAX_DEPTH * 2)
        );
        assert!(check(&hidden).is_ok(), "{:?}", check(&hidden));
        assert!(check("a < b and 1<2 <").is_ok());
    }
}
