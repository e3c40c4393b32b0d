//! A flat preorder view of the parsed page that the heuristics walk.
//!
//! html5ever parses once, into a light tree ([`parse`]); we then index the
//! visible part of that tree into a preorder arena (borrowing names,
//! attributes and text from the parse, so nothing is copied), where a
//! subtree is a contiguous index range. That makes "everything between this
//! heading and the next" a range comparison rather than a tree search and
//! keeps every walk linear. Content a reader never sees (comments, scripts,
//! styles, templates, navigation, footers, hidden BibTeX) is left out here,
//! once, so no later stage can mistake it for an item. Callers turn what
//! they need into owned data before the parse is dropped.
//!
//! The arena's questions live beside it, one module per concern, because
//! each is tuned on its own and tested against its own oracle: [`text`]
//! (whitespace collapsing, as `split_whitespace` would), [`markup`]
//! (escaping and serialising, as html5ever's serializer would), [`links`]
//! (resolving links, as the `url` crate would).

mod links;
mod markup;
pub mod parse;
mod text;

use html5ever::Attribute;
use url::Url;

pub use links::MAX_LINKS_PER_ITEM;
pub(super) use links::{LinkSet, is_canonical_http};
pub use markup::escape_into;
pub use parse::{Page, parse};
pub(in crate::extract) use text::contains_ci;
pub use text::{Collapsed, collapse};

use parse::Edge;

/// An element of the parse, with its (lowercase, for HTML) name and class
/// at hand: the heuristics ask for them constantly.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    /// Local name, lowercase as html5ever gives it.
    pub name: &'a str,
    class: Option<&'a str>,
    /// Sorted by name, as scraper sorts them (serialisation keeps that order).
    attrs: &'a [Attribute],
    /// The node in the [`Page`], for mapping selector matches in.
    id: u32,
}

impl<'a> Element<'a> {
    /// An attribute's value. Elements have few attributes, so a scan by
    /// name beats a lookup that would intern the name first.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        match name {
            "class" => self.class,
            _ => self.attrs().find(|&(k, _)| k == name).map(|(_, v)| v),
        }
    }

    /// The class attribute's words.
    pub fn classes(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.class.unwrap_or("").split_whitespace()
    }

    /// The `class` attribute as written ("" without one).
    pub fn class_attr(&self) -> &'a str {
        self.class.unwrap_or("")
    }

    /// Attributes by local name (`xlink:href` is `href`), as scraper lists them.
    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }
}

/// A visible node: an element or a run of text.
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    /// An element, borrowed from the parse.
    Element(Element<'a>),
    /// Text as in the page (not yet collapsed).
    Text(&'a str),
}

/// One arena slot: a node with its parent and the end of its subtree.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The parent's index, [`NO_PARENT`] at the top. Indices are `u32`
    /// to keep the arena small: it is as long as the page has nodes.
    parent: u32,
    /// One past the last node of this subtree, in preorder.
    end: u32,
    /// What the node is.
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

/// [`Node::flags`]: the subtree has visible text.
pub const TEXT: u8 = 1;
/// [`Node::flags`]: the subtree has an image.
pub const IMAGE: u8 = 2;

/// The visible document in preorder.
pub struct Doc<'a> {
    /// The visible nodes in preorder.
    pub nodes: Vec<Node<'a>>,
    /// The page's URL (or its `<base href>`): relative links join against it.
    pub base: Url,
    /// The text of the page's `<title>`, whitespace collapsed: on a
    /// homepage it names the owner, whose name alone is an author list.
    pub head_title: String,
    page: &'a Page,
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
            // What a browser shows instead of a video it cannot play
            // ("Your browser does not support the video tag") is never shown.
            | "video"
            | "audio"
    )
}

/// Elements that never have content: serialisation writes no end tag for them.
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
            | "footer"
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
    /// Indexes the visible part of a parsed page, dropping what a reader never sees.
    pub fn new(page: &'a Page, url: &Url) -> Doc<'a> {
        let base = links::find_base(page, url);
        let mut doc = Doc {
            nodes: Vec::with_capacity(page.len()),
            base,
            head_title: String::new(),
            page,
        };
        // One preorder pass over the parse; `open` holds the arena indices of
        // the elements being walked, `skipped` a left-out subtree being passed.
        let mut open: Vec<usize> = Vec::new();
        let mut skipped: Option<u32> = None;
        let descendant_text = |n: u32| {
            let mut text = String::new();
            for d in page.descendants(n) {
                if let parse::Data::Text(t) = page.data(d) {
                    text.push_str(t);
                }
            }
            text
        };
        for edge in page {
            let n = match edge {
                Edge::Open(n) => n,
                Edge::Close(n) => {
                    match skipped {
                        Some(id) if id == n => skipped = None,
                        Some(_) => {}
                        None if matches!(page.data(n), parse::Data::Element(..)) => {
                            let i = open.pop().expect("opened before");
                            doc.nodes[i].end = ix(doc.nodes.len());
                        }
                        None => {}
                    }
                    continue;
                }
            };
            if doc.head_title.is_empty()
                && let parse::Data::Element(qname, _) = page.data(n)
                && qname.ns == html5ever::ns!(html)
                && &*qname.local == "title"
            {
                doc.head_title = text::collapse(&descendant_text(n));
            }
            if skipped.is_some() {
                continue;
            }
            let parent = open.last().map_or(NO_PARENT, |&p| ix(p));
            match page.data(n) {
                parse::Data::Text(t) => {
                    let t: &'a str = t;
                    let i = doc.nodes.len();
                    doc.nodes.push(Node {
                        parent,
                        end: ix(i + 1),
                        data: Data::Text(t),
                        flags: 0,
                        block: false,
                    });
                    if !text::is_blank(t) {
                        doc.mark(i, TEXT);
                    }
                }
                parse::Data::Element(qname, attrs) => {
                    // html5ever lowercases HTML names; foreign (SVG) names keep case and are dropped below.
                    let name: &'a str = &qname.local;
                    let class = attrs
                        .iter()
                        .find(|a| &*a.name.local == "class")
                        .map(|a| &*a.value);
                    let el = Element {
                        name,
                        class,
                        attrs,
                        id: n,
                    };
                    let is_bib_class = name != "a"
                        && class.is_some_and(|v| {
                            v.split_whitespace()
                                .any(|c| c.eq_ignore_ascii_case("bibtex"))
                        });
                    let bib_pre = name == "pre" && looks_like_bibtex(&descendant_text(n));
                    // A button is a control ("Bib", "Abstract"), except one
                    // that names a section: sites that fold their sections
                    // behind toggles head them with the toggle.
                    let section_button = name == "button" && {
                        let text = descendant_text(n);
                        text.len() <= 80
                            && !matches!(
                                super::sections::classify(text.trim()),
                                super::sections::Named::Unknown
                            )
                    };
                    // An article's own footer is its metadata (the date,
                    // the author), not the page's footer.
                    let article_footer = name == "footer"
                        && open.iter().any(|&p| {
                            matches!(&doc.nodes[p].data, Data::Element(e) if e.name == "article")
                        });
                    if (is_dropped(name) && !section_button && !article_footer)
                        || is_bib_class
                        || bib_pre
                    {
                        skipped = Some(n);
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
                parse::Data::Document | parse::Data::Fragment | parse::Data::Other => {}
            }
        }
        doc
    }

    /// The arena index of each element of the page in document order
    /// (`None` for those left out), for mapping in selector matches made on
    /// another parse of the same page: the same tree, so the same order.
    pub fn by_preorder_rank(&self) -> Vec<Option<usize>> {
        let mut arena = vec![None; self.page.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            if let Data::Element(e) = n.data {
                arena[e.id as usize] = Some(i);
            }
        }
        self.page
            .elements_in_preorder()
            .map(|id| arena[id as usize])
            .collect()
    }

    /// Nodes in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Nothing visible at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Node `i` as an element, if it is one.
    pub fn el(&self, i: usize) -> Option<Element<'a>> {
        match self.nodes[i].data {
            Data::Element(e) => Some(e),
            Data::Text(_) => None,
        }
    }

    /// Node `i`'s element name, "" for text.
    pub fn name(&self, i: usize) -> &'a str {
        self.el(i).map_or("#text", |e| e.name)
    }

    /// Whether node `i` is an element named one of `names`.
    pub fn is(&self, i: usize, names: &[&str]) -> bool {
        self.el(i).is_some_and(|e| names.contains(&e.name))
    }

    /// Node `i`'s text, if it is a text node.
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

    /// One past the last node of `i`'s subtree: the subtree is `i..end(i)`.
    pub fn end(&self, i: usize) -> usize {
        self.nodes[i].end as usize
    }

    /// The parent element of node `i`, if it is not at the top.
    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NO_PARENT).then_some(p as usize)
    }

    /// `i`'s children in order, by jumping over each child's subtree.
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

    /// Whether `i`'s subtree has visible text.
    pub fn has_text(&self, i: usize) -> bool {
        self.nodes[i].flags & TEXT != 0
    }

    /// Whether `i`'s subtree has text but no letter or digit in it: a
    /// bullet, a bar, a hidden `*`. Such marks decorate a structure; they
    /// are never a record or a reason to read blocks as running text.
    pub fn is_decoration(&self, i: usize) -> bool {
        if !self.has_text(i) {
            return false;
        }
        // Asked of nearly every block a section walk meets: skip subtrees
        // without text, and decode only text that is not ASCII.
        let end = self.end(i);
        let mut j = i;
        while j < end {
            if !self.has_text(j) {
                j = self.end(j);
                continue;
            }
            if let Some(t) = self.text_node(j)
                && (t.bytes().any(|b| b.is_ascii_alphanumeric())
                    || (!t.is_ascii() && t.chars().any(char::is_alphanumeric)))
            {
                return false;
            }
            j += 1;
        }
        true
    }
}

/// Iterator of [`Doc::children`].
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Text, links and markup of the element named `tag` in `html`.
    pub(super) fn probe(html: &str, tag: &str) -> (String, Vec<String>, String) {
        let page = parse(html);
        let d = Doc::new(&page, &Url::parse("https://example.org/a/").unwrap());
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
    fn blocks_separate_words_and_inline_elements_do_not() {
        let (text, _, _) = probe("<div><p>one</p><p>two<b>three</b></p>four</div>", "div");
        assert_eq!(text, "one twothree four");
    }
}
