//! A flat preorder view of the parsed page that the heuristics walk.
//!
//! html5ever parses once; we then index the visible part of the tree into a
//! preorder arena (borrowing names, attributes and text from the parse, so
//! nothing is copied), where a subtree is a contiguous index range. That
//! makes "everything between this heading and the next" a range comparison
//! rather than a tree search and keeps every walk linear. Content a reader
//! never sees (comments, scripts, styles, templates, navigation, footers,
//! hidden BibTeX) is left out here, once, so no later stage can mistake it
//! for an item. Callers turn what they need into owned data before the
//! (`!Send`) parse is dropped.

use std::collections::{HashMap, HashSet};

use ego_tree::iter::Edge;
use scraper::{Html, Node as PNode};
use url::Url;

/// An element of the parse, with its (lowercase, for HTML) name and class
/// at hand: the heuristics ask for them constantly.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    pub name: &'a str,
    class: Option<&'a str>,
    inner: &'a scraper::node::Element,
}

impl<'a> Element<'a> {
    fn new(inner: &'a scraper::node::Element) -> Self {
        Element {
            name: inner.name(),
            class: inner.attrs().find(|&(k, _)| k == "class").map(|(_, v)| v),
            inner,
        }
    }

    /// An attribute's value. Elements have few attributes, so a scan by
    /// name beats the parser's lookup (which interns the name first).
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        match name {
            "class" => self.class,
            _ => self.attrs().find(|&(k, _)| k == name).map(|(_, v)| v),
        }
    }

    pub fn classes(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.class.unwrap_or("").split_whitespace()
    }

    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        self.inner.attrs()
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    Element(Element<'a>),
    Text(&'a str),
}

#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The parent's index, [`NO_PARENT`] at the top. Indices are `u32`
    /// to keep the arena small: it is as long as the page has nodes.
    parent: u32,
    /// One past the last node of this subtree, in preorder.
    end: u32,
    pub data: Data<'a>,
    /// The subtree has visible text ([`TEXT`]) and/or an image ([`IMAGE`]);
    /// computed once, because every heuristic asks.
    pub flags: u8,
    /// An element that starts a new line ([`is_block_name`]), looked up once.
    pub block: bool,
}

const NO_PARENT: u32 = u32::MAX;

/// A node index as stored in the arena.
fn ix(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4G nodes")
}

pub const TEXT: u8 = 1;
pub const IMAGE: u8 = 2;

/// The visible document in preorder.
pub struct Doc<'a> {
    pub nodes: Vec<Node<'a>>,
    pub base: Url,
    /// [`base_dir`] of `base`, for joining plain relative links quickly.
    base_dir: Option<String>,
}

/// Elements whose content is never on the page as text.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "nav"
            | "footer"
            | "head"
            | "svg"
            | "iframe"
            | "object"
            | "canvas"
            | "math"
            | "select"
            | "button"
    )
}

pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements that start a new line of text when rendered.
pub fn is_block_name(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "heading"
            | "papertitle"
            | "caption"
    )
}

/// BibTeX blocks are hidden on the page and repeat the title; they are not content.
fn looks_like_bibtex(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('@')
        && t[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .count()
            >= 4
        && t.contains('{')
}

impl<'a> Doc<'a> {
    pub fn from_html(parsed: &'a Html, page: &Url) -> Doc<'a> {
        let base = find_base(parsed, page);
        let mut doc = Doc {
            nodes: Vec::with_capacity(parsed.tree.nodes().len()),
            base_dir: base_dir(&base),
            base,
        };
        // One preorder pass over the parse; `open` holds the arena indices of
        // the elements being walked, `skipped` a left-out subtree being passed.
        let mut open: Vec<usize> = Vec::new();
        let mut skipped: Option<ego_tree::NodeId> = None;
        for edge in parsed.tree.root().traverse() {
            let n = match edge {
                Edge::Open(n) => n,
                Edge::Close(n) => {
                    match skipped {
                        Some(id) if id == n.id() => skipped = None,
                        Some(_) => {}
                        None if n.value().is_element() => {
                            let i = open.pop().expect("opened before");
                            doc.nodes[i].end = ix(doc.nodes.len());
                        }
                        None => {}
                    }
                    continue;
                }
            };
            if skipped.is_some() {
                continue;
            }
            let parent = open.last().map_or(NO_PARENT, |&p| ix(p));
            match n.value() {
                PNode::Text(t) => {
                    let i = doc.nodes.len();
                    doc.nodes.push(Node {
                        parent,
                        end: ix(i + 1),
                        data: Data::Text(t),
                        flags: 0,
                        block: false,
                    });
                    if !is_blank(t) {
                        doc.mark(i, TEXT);
                    }
                }
                PNode::Element(e) => {
                    // html5ever lowercases HTML names; foreign (SVG) names keep case and are dropped below.
                    let el = Element::new(e);
                    let name: &'a str = el.name;
                    let is_bib_class = name != "a"
                        && el.class.is_some_and(|v| {
                            v.split_whitespace()
                                .any(|c| c.eq_ignore_ascii_case("bibtex"))
                        });
                    let bib_pre = name == "pre" && {
                        let mut text = String::new();
                        for t in n.descendants().filter_map(|d| d.value().as_text()) {
                            text.push_str(t);
                        }
                        looks_like_bibtex(&text)
                    };
                    // A button is a control ("Bib", "Abstract"), except one
                    // that names a section: sites that fold their sections
                    // behind toggles head them with the toggle.
                    let section_button = name == "button" && {
                        let mut text = String::new();
                        for t in n.descendants().filter_map(|d| d.value().as_text()) {
                            text.push_str(t);
                        }
                        text.len() <= 80
                            && !matches!(
                                super::sections::classify(text.trim()),
                                super::sections::Named::Unknown
                            )
                    };
                    if (is_dropped(name) && !section_button) || is_bib_class || bib_pre {
                        skipped = Some(n.id());
                        continue;
                    }
                    let i = doc.nodes.len();
                    doc.nodes.push(Node {
                        parent,
                        end: ix(i + 1),
                        data: Data::Element(el),
                        flags: 0,
                        block: is_block_name(name),
                    });
                    if name == "img" {
                        doc.mark(i, IMAGE);
                    }
                    open.push(i);
                }
                // Documents and fragments hold the page; comments, doctypes
                // and processing instructions are not on it.
                _ => {}
            }
        }
        doc
    }

    /// Arena index of each element of the parse, so CSS selector matches
    /// (overrides) can be mapped in. Keyed by address: the arena borrows the
    /// parse's elements, so the same element is the same reference.
    pub fn element_index(&self) -> HashMap<*const scraper::node::Element, usize> {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match n.data {
                Data::Element(e) => Some((std::ptr::from_ref(e.inner), i)),
                Data::Text(_) => None,
            })
            .collect()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn el(&self, i: usize) -> Option<Element<'a>> {
        match self.nodes[i].data {
            Data::Element(e) => Some(e),
            Data::Text(_) => None,
        }
    }

    pub fn name(&self, i: usize) -> &'a str {
        self.el(i).map_or("#text", |e| e.name)
    }

    pub fn is(&self, i: usize, names: &[&str]) -> bool {
        self.el(i).is_some_and(|e| names.contains(&e.name))
    }

    pub fn text_node(&self, i: usize) -> Option<&'a str> {
        match self.nodes[i].data {
            Data::Text(t) => Some(t),
            Data::Element(_) => None,
        }
    }

    /// Whether node `i` is an element that starts a new line.
    pub fn is_block(&self, i: usize) -> bool {
        self.nodes[i].block
    }

    pub fn end(&self, i: usize) -> usize {
        self.nodes[i].end as usize
    }

    /// The parent element of node `i`, if it is not at the top.
    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NO_PARENT).then_some(p as usize)
    }

    pub fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            doc: self,
            next: i + 1,
            end: self.end(i),
        }
    }

    /// True when `a` is `d` or an ancestor of `d`.
    pub fn contains(&self, a: usize, d: usize) -> bool {
        a <= d && d < self.end(a)
    }

    /// The visible text of a subtree, block boundaries as spaces, whitespace collapsed.
    pub fn text(&self, i: usize) -> String {
        let mut out = Collapsed::default();
        self.text_into(i, &mut out);
        out.text
    }

    pub fn texts(&self, nodes: &[usize]) -> String {
        // An item's text: rarely short, so start with room for a typical one.
        let mut out = Collapsed {
            text: String::with_capacity(256),
            gap: false,
        };
        for &n in nodes {
            self.text_into(n, &mut out);
        }
        out.text
    }

    /// Appends a subtree's text, collapsing whitespace as it goes; block
    /// elements are bracketed by spaces. No recursion, no intermediate copy.
    pub fn text_into(&self, i: usize, out: &mut Collapsed) {
        let end = self.end(i);
        // Blocks whose closing space is still owed, by subtree end.
        let mut open: Vec<usize> = Vec::new();
        for j in i..end {
            while open.last().is_some_and(|&e| e <= j) {
                open.pop();
                out.space();
            }
            match &self.nodes[j].data {
                Data::Text(t) => out.push(t),
                // Images carry no text; alt text is not what a reader reads.
                Data::Element(_) => {
                    if self.nodes[j].block {
                        out.space();
                        open.push(self.end(j));
                    }
                }
            }
        }
        if !open.is_empty() {
            out.space();
        }
    }

    /// The number of words in the subtree's text (as [`Doc::text`] splits
    /// it), counting no further than `limit + 1`: enough to tell a short
    /// label from a long block without collecting the block's text.
    pub fn words_upto(&self, i: usize, limit: usize) -> usize {
        let end = self.end(i);
        let mut open: Vec<usize> = Vec::new();
        let mut count = 0;
        let mut in_word = false;
        for j in i..end {
            while open.last().is_some_and(|&e| e <= j) {
                open.pop();
                in_word = false;
            }
            match &self.nodes[j].data {
                Data::Text(t) => {
                    let bytes = t.as_bytes();
                    let mut k = 0;
                    while k < bytes.len() {
                        let (white, len) = white_at(t, k);
                        k += len;
                        if white {
                            in_word = false;
                        } else if !in_word {
                            in_word = true;
                            count += 1;
                            if count > limit {
                                return count;
                            }
                        }
                    }
                }
                Data::Element(_) => {
                    if self.nodes[j].block {
                        in_word = false;
                        open.push(self.end(j));
                    }
                }
            }
        }
        count
    }

    /// True when the subtree has visible text (or an image), i.e. is worth looking at.
    /// Sets `flag` on node `i` and its ancestors; stops early where it is already set,
    /// so marking a whole document is linear.
    fn mark(&mut self, i: usize, flag: u8) {
        let mut cur = Some(i);
        while let Some(j) = cur {
            if self.nodes[j].flags & flag != 0 {
                break;
            }
            self.nodes[j].flags |= flag;
            cur = self.parent(j);
        }
    }

    /// True when the subtree has visible text or an image, i.e. is worth looking at.
    pub fn has_content(&self, i: usize) -> bool {
        self.nodes[i].flags != 0
    }

    pub fn has_text(&self, i: usize) -> bool {
        self.nodes[i].flags & TEXT != 0
    }

    /// Resolves a link against the page (honouring `<base href>`).
    pub fn absolute(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty()
            || href
                .get(..11)
                .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
        {
            return None;
        }
        // Most links are already absolute: skip the URL parser for the plain ones.
        let plain = |p: &str| href.get(..p.len()).is_some_and(|h| h == p);
        if (plain("https://") || plain("http://"))
            && href.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        {
            return Some(href.to_string());
        }
        // A plain relative path ("files/paper.pdf") is the base's directory plus the path.
        if let Some(dir) = &self.base_dir
            && let Some(path) = plain_relative(href)
        {
            return Some(format!("{dir}{path}"));
        }
        self.base.join(href).ok().map(|u| u.to_string())
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

    /// Markup of the nodes as on the page, with links and sources made
    /// absolute: unsanitized, so never stored or published (that is
    /// [`Doc::html_and_links`]); for comparing sanitisers.
    pub fn html(&self, nodes: &[usize]) -> String {
        // Markup is rarely short: start with room for a typical item.
        let mut out = String::with_capacity(1024);
        let mut links = LinkSet::default();
        for &n in nodes {
            self.html_into(n, &mut out, &mut links);
        }
        let kept = out.trim_end().len();
        out.truncate(kept);
        let lead = out.len() - out.trim_start().len();
        out.drain(..lead);
        out
    }

    /// An item's markup, sanitized as it is serialised, and its links
    /// (http, https and mailto only), in one pass that resolves each link
    /// once: see [`super::sanitize`].
    pub fn html_and_links(&self, nodes: &[usize]) -> (String, Vec<String>) {
        super::sanitize::item(self, nodes)
    }

    fn html_into(&self, i: usize, out: &mut String, links: &mut LinkSet) {
        let end = self.end(i);
        let mut open: Vec<(usize, &str)> = Vec::new();
        for j in i..end {
            while let Some(&(e, name)) = open.last() {
                if e > j {
                    break;
                }
                open.pop();
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            match &self.nodes[j].data {
                Data::Text(t) => escape_into(t, false, out),
                Data::Element(e) => {
                    out.push('<');
                    out.push_str(e.name);
                    for (k, v) in e.attrs() {
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        match matches!(k, "href" | "src").then(|| self.absolute(v)) {
                            Some(Some(abs)) => {
                                escape_into(&abs, true, out);
                                if k == "href" && e.name == "a" {
                                    links.add(abs);
                                }
                            }
                            _ => escape_into(v, true, out),
                        }
                        out.push('"');
                    }
                    out.push('>');
                    // A parser drops a newline right after these start
                    // tags: one that is the text's own is written twice.
                    if matches!(e.name, "pre" | "textarea" | "listing")
                        && j + 1 < self.end(j)
                        && self.text_node(j + 1).is_some_and(|t| t.starts_with('\n'))
                    {
                        out.push('\n');
                    }
                    if !is_void(e.name) {
                        open.push((self.end(j), e.name));
                    }
                }
            }
        }
        while let Some((_, name)) = open.pop() {
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
    }
}

pub struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        self.next = self.doc.end(i);
        Some(i)
    }
}

/// The base URL up to the last `/` of its path, when relative paths can be
/// joined to it by appending: an http(s) URL, whose path is never empty.
fn base_dir(base: &Url) -> Option<String> {
    if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
        return None;
    }
    let upto_path = &base[..url::Position::AfterPath];
    let cut = upto_path.rfind('/')?;
    (cut >= upto_path.len() - base.path().len()).then(|| upto_path[..=cut].to_string())
}

/// The path to append to the base's directory when URL joining would just
/// append `href`: path characters that need no escaping, no scheme, query,
/// fragment or leading slash, and no dot segments but leading `./`s (which
/// joining drops).
fn plain_relative(href: &str) -> Option<&str> {
    let mut path = href;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let plain = !path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~' | b'.' | b'/'))
        && path.split('/').all(|seg| seg != "." && seg != "..");
    plain.then_some(path)
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
pub(super) struct LinkSet {
    pub(super) list: Vec<String>,
    seen: HashSet<String>,
}

/// Below this many links, a scan is cheaper than a hash set.
const LINK_SCAN_MAX: usize = 16;

impl LinkSet {
    pub(super) fn add(&mut self, u: String) {
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

/// Bytes that may need escaping: `&`, `<`, `>`, `"` and the lead byte of U+00A0.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[0xc2] = true;
    t
};

/// Index of the first byte at or after `from` that may need escaping
/// ([`SPECIAL`]), eight bytes at a time.
fn next_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in the lane of each byte equal to `c` (exact for the lowest such lane).
    let lanes = |x: u64, c: u8| {
        let v = x ^ (ONES * u64::from(c));
        v.wrapping_sub(ONES) & !v & HIGH
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits =
            lanes(x, b'&') | lanes(x, b'<') | lanes(x, b'>') | lanes(x, b'"') | lanes(x, 0xc2);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !SPECIAL[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// Appends `s` escaped as html5ever's serializer does: `&`, `<`, `>` and
/// U+00A0 always, `"` in attribute values.
pub(super) fn escape_into(s: &str, attr: bool, out: &mut String) {
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut i = next_special(bytes, 0);
    while i < bytes.len() {
        let (rep, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            // U+00A0 in UTF-8.
            0xc2 if bytes.get(i + 1) == Some(&0xa0) => ("&nbsp;", 2),
            _ => {
                i = next_special(bytes, i + 1);
                continue;
            }
        };
        out.push_str(&s[done..i]);
        out.push_str(rep);
        i += len;
        done = i;
        i = next_special(bytes, i);
    }
    out.push_str(&s[done..]);
}

/// Whether `s` is empty or all whitespace.
fn is_blank(s: &str) -> bool {
    let mut i = 0;
    while i < s.len() {
        match white_at(s, i) {
            (true, len) => i += len,
            (false, _) => return false,
        }
    }
    true
}

/// Whether the character at byte `i` of `s` is whitespace (as
/// `char::is_whitespace`), and its width. Outside ASCII only U+0085, U+00A0,
/// U+1680, U+2000..U+205F and U+3000 are: their lead bytes are C2, E1, E2
/// and E3, so other characters are not decoded.
fn white_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b == b' ' || (0x09..=0x0d).contains(&b), 1);
    }
    let len = match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    let white = matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
        && s[i..].chars().next().is_some_and(char::is_whitespace);
    (white, len)
}

pub fn collapse(s: &str) -> String {
    let mut out = Collapsed::default();
    out.push(s);
    out.text
}

/// Text with runs of whitespace collapsed to one space and no space at
/// either end, built piece by piece: what `split_whitespace` and `join(" ")`
/// give for the concatenated pieces, without the intermediate string.
#[derive(Debug, Default)]
pub struct Collapsed {
    pub text: String,
    /// Whitespace was seen since the last word.
    gap: bool,
}

impl Collapsed {
    /// A word boundary (block edge, line break).
    pub fn space(&mut self) {
        self.gap = true;
    }

    pub fn push(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let n = bytes.len();
        let wide = |i: usize| white_at(s, i);
        let mut i = 0;
        while i < n {
            let gap_start = i;
            while i < n {
                let b = bytes[i];
                // The ASCII part of `char::is_whitespace`.
                if b == b' ' || (0x09..=0x0d).contains(&b) {
                    i += 1;
                    continue;
                }
                if b < 0x80 {
                    break;
                }
                match wide(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                }
            }
            if i > gap_start {
                self.gap = true;
            }
            if i == n {
                break;
            }
            // A run of words separated by single spaces is copied in one go.
            // Every ASCII byte that is not whitespace is a word byte, control
            // characters included: a byte neither loop takes would never be
            // consumed, and a page with a stray U+0001 hung the run.
            let word_byte = |c: u8| c < 0x80 && c != b' ' && !(0x09..=0x0d).contains(&c);
            let run = i;
            while i < n {
                let b = bytes[i];
                if word_byte(b) {
                    i += 1;
                } else if b == b' ' && bytes.get(i + 1).is_some_and(|&c| word_byte(c)) {
                    i += 2;
                } else if b >= 0x80
                    && let (false, len) = wide(i)
                {
                    i += len;
                } else {
                    break;
                }
            }
            self.word(&s[run..i]);
        }
    }

    fn word(&mut self, w: &str) {
        if self.gap && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.gap = false;
        self.text.push_str(w);
    }
}

fn find_base(parsed: &Html, page: &Url) -> Url {
    for n in parsed.tree.root().descendants() {
        if let PNode::Element(e) = n.value() {
            if e.name().eq_ignore_ascii_case("base")
                && let Some(h) = e.attr("href")
                && let Ok(u) = page.join(h.trim())
            {
                return u;
            }
            if e.name().eq_ignore_ascii_case("body") {
                break;
            }
        }
    }
    page.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text, links and markup of the element named `tag` in `html`.
    fn probe(html: &str, tag: &str) -> (String, Vec<String>, String) {
        let parsed = Html::parse_document(html);
        let d = Doc::from_html(&parsed, &Url::parse("https://example.org/a/").unwrap());
        let i = (0..d.len()).find(|&i| d.name(i) == tag).unwrap();
        (d.text(i), d.links(&[i]), d.html(&[i]))
    }

    #[test]
    fn comments_scripts_and_bibtex_are_not_content() {
        let (text, _, _) = probe(
            "<p>a<!-- b --><script>c</script>d</p><pre>@article{x, title={T}}</pre>",
            "body",
        );
        assert_eq!(text, "ad");
    }

    #[test]
    fn escaping_covers_every_position() {
        let naive = |t: &str, attr: bool| {
            let mut out = String::new();
            for c in t.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if attr => out.push_str("&quot;"),
                    '\u{a0}' => out.push_str("&nbsp;"),
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "a", "&", "<", ">", "\"", "\u{a0}", "é", "中", "\u{c2}", " ", "0123456",
        ];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..(seed % 23) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for attr in [false, true] {
                let mut out = String::new();
                escape_into(&t, attr, &mut out);
                assert_eq!(out, naive(&t, attr), "{t:?}");
            }
        }
    }

    #[test]
    fn collapsing_matches_split_whitespace() {
        for t in [
            "",
            "  a  b ",
            "a\u{a0}b\u{3000}c\u{2003}d\u{85}e\u{1680}f\u{205f}g",
            "中文 标题\t\n x",
            "é è\u{2028}ü\u{feff}z",
            "\u{b}\u{c}x\r\ny",
            // Control characters are word characters (and used to hang).
            "\u{1}",
            "a\u{1} \u{8}b \u{1f}\u{7f}",
            "x \u{0}y",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(t), want, "{t:?}");
            let mut pieces = Collapsed::default();
            for (k, c) in t.char_indices() {
                pieces.push(&t[k..k + c.len_utf8()]);
            }
            assert_eq!(pieces.text, want, "{t:?} char by char");
        }
    }

    #[test]
    fn blocks_separate_words_and_inline_elements_do_not() {
        let (text, _, _) = probe("<div><p>one</p><p>two<b>three</b></p>four</div>", "div");
        assert_eq!(text, "one twothree four");
    }

    #[test]
    fn word_counts_agree_with_text() {
        let html = "<div> a\u{a0}b <p>c<i>d</i></p>e\u{3000}f<br>g 中文 </div>";
        let parsed = Html::parse_document(html);
        let d = Doc::from_html(&parsed, &Url::parse("https://example.org/").unwrap());
        let i = (0..d.len()).find(|&i| d.name(i) == "div").unwrap();
        let words = d.text(i).split_whitespace().count();
        assert_eq!(d.words_upto(i, 100), words);
        assert_eq!(d.words_upto(i, 2), 3, "stops one past the limit");
    }

    #[test]
    fn plain_relative_links_join_like_the_url_parser() {
        let bases = [
            "https://example.org/a/b.html",
            "https://example.org/a/",
            "https://example.org",
            "http://user:pw@example.org:8080/x/y?q=1#f",
            "https://example.org/a/b/?q",
            "https://example.org/%7Euser/index.html",
        ];
        let hrefs = [
            "p.pdf",
            "files/p.pdf",
            "a/b/c",
            "x..y/z",
            "...",
            "a//b",
            "dir/",
            "~me/x",
            "./p.pdf",
            "././a/b",
            "./",
            ".",
            ".//x",
            "./../x",
            "../p.pdf",
            "a/../b",
            "a/./b",
            "/abs",
            "a b",
            "q?x",
            "f#x",
            "mailto:x",
            "a:b",
            "%41",
        ];
        for b in bases {
            let base = Url::parse(b).unwrap();
            let dir = base_dir(&base).unwrap();
            for h in hrefs {
                let joined = base.join(h).unwrap().to_string();
                if let Some(path) = plain_relative(h) {
                    assert_eq!(format!("{dir}{path}"), joined, "{b} + {h}");
                }
            }
        }
        assert!(base_dir(&Url::parse("file:///a/b").unwrap()).is_none());
    }

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
