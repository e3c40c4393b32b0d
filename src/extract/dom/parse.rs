//! Parsing a page into a light tree: html5ever's tree builder driving a
//! sink of our own.
//!
//! Why not scraper's `Html`: extraction reads the parse once, to copy its
//! visible part into the preorder arena ([`super::Doc`]), and never asks the
//! questions scraper's DOM is built for (selectors, class sets, parent
//! lookups), yet paid for scraper's tree: an `ego_tree` node per node,
//! attributes re-collected into scraper's own `Vec`, and a second walk to
//! copy it. Here nodes are plain `Vec` entries linked by index, elements
//! keep the `QualName` and attribute `Vec` html5ever hands over, and text
//! keeps its tendril. Measured in instructions (BENCHMARKS.md, 2026-12-01)
//! the parse costs 62.6 M against scraper's 68.5 M on our largest page.
//!
//! What this must not do is build a different tree. The tree operations are
//! therefore ported one for one from scraper 0.24's sink and the `ego_tree`
//! 0.10 operations it calls (append, insert before, detach, reparent,
//! preorder traversal), quirks included: `ego_tree` re-points only the
//! first and last of reparented children to their new parent, and later
//! detaches and traversals follow those stale links, so a correct linked
//! list would give a different tree on some malformed pages. Attributes are
//! sorted by name as scraper sorts them, since serialisation writes them in
//! that order; text is merged where scraper merges it (appends) and not
//! where it does not (reparenting); template contents are a fragment node
//! under the template, as in scraper. `tests::same_tree_as_scraper` holds
//! the two trees side by side on markup chosen to exercise every
//! operation.
//!
//! Per-source CSS overrides still match with scraper: they are rare, and
//! matching on this tree would mean implementing the `selectors` crate's
//! element trait. The caller parses with scraper as well when one is set,
//! and maps scraper's elements to ours by their preorder rank
//! ([`Page::elements_in_preorder`]); the two trees are the same, so the
//! ranks agree.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName, local_name, ns};

/// No node: the sentinel of every link.
const NONE: u32 = u32::MAX;

/// What a node of the light tree holds. Comments and processing
/// instructions keep nothing but their place: they separate text nodes
/// (`a<!---->b` is two texts) and count nowhere else.
#[derive(Debug)]
pub enum Data {
    /// The root.
    Document,
    /// A template's contents.
    Fragment,
    /// A comment, doctype or processing instruction.
    Other,
    /// Text, adjacent pieces merged as scraper merges them.
    Text(StrTendril),
    /// An element with its attributes in source order.
    Element(QualName, Vec<Attribute>),
}

/// A node and its links, as `ego_tree` keeps them.
#[derive(Debug)]
pub struct Node {
    parent: u32,
    prev: u32,
    next: u32,
    first: u32,
    last: u32,
    /// What the node holds.
    pub data: Data,
}

/// A parsed page: its nodes, the document at index 0.
#[derive(Debug)]
pub struct Page {
    nodes: Vec<Node>,
    /// The markup as html5ever reads it: text pieces are slices of this
    /// buffer, so two pieces that were neighbours in the page can be merged
    /// into one slice instead of a copy ([`Page::merge_text`]).
    source: StrTendril,
}

/// Parses a whole document, as `scraper::Html::parse_document` does.
pub fn parse(html: &str) -> Page {
    // Shared from the start, so the tokenizer's pieces point into it.
    let source = StrTendril::from_slice(html);
    let sink = Sink(RefCell::new(Page {
        // Pages run about one node per 40 bytes of markup.
        nodes: Vec::with_capacity(html.len() / 40 + 16),
        source: source.clone(),
    }));
    sink.0.borrow_mut().orphan(Data::Document);
    html5ever::parse_document(sink, html5ever::ParseOpts::default()).one(source)
}

/// A step of a preorder walk: entering or leaving a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Entering a node.
    Open(u32),
    /// Leaving it, after its subtree.
    Close(u32),
}

impl Page {
    /// The document node's id.
    pub const ROOT: u32 = 0;

    /// Node `id`'s content.
    pub fn data(&self, id: u32) -> &Data {
        &self.nodes[id as usize].data
    }

    fn node(&self, id: u32) -> &Node {
        &self.nodes[id as usize]
    }

    fn node_mut(&mut self, id: u32) -> &mut Node {
        &mut self.nodes[id as usize]
    }

    /// The parse's node count, a bound on the arena's.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// No nodes at all, not even the document node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// `id` and its subtree in preorder, as edges (`ego_tree`'s `traverse`).
    pub fn traverse(&self, id: u32) -> Traverse<'_> {
        Traverse {
            page: self,
            root: id,
            edge: None,
        }
    }

    /// `id` and its descendants in preorder.
    pub fn descendants(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        self.traverse(id).filter_map(|e| match e {
            Edge::Open(n) => Some(n),
            Edge::Close(_) => None,
        })
    }

    /// The page's elements in document order: the order in which
    /// `scraper::Html`'s tree lists the same elements, for mapping
    /// selector matches to our nodes.
    pub fn elements_in_preorder(&self) -> impl Iterator<Item = u32> + '_ {
        self.descendants(Self::ROOT)
            .filter(|&n| matches!(self.data(n), Data::Element(..)))
    }

    fn orphan(&mut self, data: Data) -> u32 {
        let id = u32::try_from(self.nodes.len()).expect("fewer than 4G nodes");
        self.nodes.push(Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            data,
        });
        id
    }

    /// `ego_tree::NodeMut::detach`, stale parents and all.
    fn detach(&mut self, id: u32) {
        let Node {
            parent, prev, next, ..
        } = *self.node(id);
        if parent == NONE {
            return;
        }
        let n = self.node_mut(id);
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
        if prev != NONE {
            self.node_mut(prev).next = next;
        }
        if next != NONE {
            self.node_mut(next).prev = prev;
        }
        let p = self.node_mut(parent);
        // `ego_tree` unwraps here: a stale parent without children panics there too.
        assert!(p.first != NONE, "detaching from a parent without children");
        if p.first == p.last {
            p.first = NONE;
            p.last = NONE;
        } else if p.first == id {
            p.first = next;
        } else if p.last == id {
            p.last = prev;
        }
    }

    /// `ego_tree::NodeMut::append_id`.
    fn append_id(&mut self, parent: u32, child: u32) {
        assert_ne!(parent, child, "appending a node to itself");
        let last = self.node(parent).last;
        if last == child {
            return;
        }
        self.detach(child);
        let c = self.node_mut(child);
        c.parent = parent;
        c.prev = last;
        if last != NONE {
            self.node_mut(last).next = child;
        }
        let p = self.node_mut(parent);
        if p.first == NONE {
            p.first = child;
        }
        p.last = child;
    }

    /// `ego_tree::NodeMut::insert_id_before`.
    fn insert_id_before(&mut self, sibling: u32, new: u32) {
        assert_ne!(sibling, new, "inserting a node before itself");
        let Node { parent, prev, .. } = *self.node(sibling);
        self.detach(new);
        let n = self.node_mut(new);
        n.parent = parent;
        n.prev = prev;
        n.next = sibling;
        if prev != NONE {
            self.node_mut(prev).next = new;
        }
        self.node_mut(sibling).prev = new;
        let p = self.node_mut(parent);
        if p.first == sibling {
            p.first = new;
        }
    }

    /// `ego_tree::NodeMut::reparent_from_id_append`: only the first and the
    /// last moved child learn their new parent.
    fn reparent_append(&mut self, to: u32, from: u32) {
        assert_ne!(to, from, "reparenting a node's children to itself");
        let f = self.node_mut(from);
        let (first, last) = (f.first, f.last);
        if first == NONE {
            return;
        }
        f.first = NONE;
        f.last = NONE;
        self.node_mut(first).parent = to;
        self.node_mut(last).parent = to;
        let old_last = self.node(to).last;
        if old_last == NONE {
            let t = self.node_mut(to);
            t.first = first;
            t.last = last;
            return;
        }
        self.node_mut(old_last).next = first;
        self.node_mut(first).prev = old_last;
        self.node_mut(to).last = last;
    }

    /// Appends `text` to text node `id`, as `push_tendril` would, without
    /// its copy in the common case. The tokenizer hands a text's first
    /// character over on its own when it is a line break (`>\n  <`), as a
    /// small inline tendril, and `push_tendril` then copies the pair into a
    /// new heap buffer: one allocation per indented line of markup (8,000 on
    /// our largest page). When the text so far is exactly the bytes that
    /// precede `text` in the page, the merged text is the page's slice
    /// spanning both, shared with the source like any other piece.
    fn merge_text(&mut self, id: u32, text: &StrTendril) {
        let Data::Text(t) = &self.node(id).data else {
            unreachable!("merging into a non-text node");
        };
        if let Some(merged) = self.source_slice_before(t, text) {
            self.node_mut(id).data = Data::Text(merged);
            return;
        }
        if let Data::Text(t) = &mut self.node_mut(id).data {
            t.push_tendril(text);
        }
    }

    /// The source slice holding `head` followed by `text`, when `text` is
    /// a slice of the source preceded there by `head`'s bytes. Only short
    /// heads are compared: long ones are slices already, which
    /// `push_tendril` merges without a copy when they are adjacent.
    fn source_slice_before(&self, head: &StrTendril, text: &StrTendril) -> Option<StrTendril> {
        const SHORT: usize = 8;
        let (k, source) = (head.len(), self.source.as_bytes().as_ref());
        if k == 0 || k > SHORT {
            return None;
        }
        // Where `text` sits in the source, if it is a slice of it: pointers
        // are compared as addresses, nothing is read through them.
        let start = (text.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
        if start < k || start + text.len() > source.len() {
            return None;
        }
        (&source[start - k..start] == head.as_bytes().as_ref())
            .then(|| {
                let (at, len) = (
                    u32::try_from(start - k).ok()?,
                    u32::try_from(k + text.len()).ok()?,
                );
                self.source.try_subtendril(at, len).ok()
            })
            .flatten()
    }

    /// Appends text to `parent`, merged into a last child that is text.
    fn append_text(&mut self, parent: u32, text: StrTendril) {
        let last = self.node(parent).last;
        if last != NONE && matches!(self.node(last).data, Data::Text(_)) {
            self.merge_text(last, &text);
            return;
        }
        let id = self.orphan(Data::Text(text));
        self.append_id(parent, id);
    }
}

impl<'p> IntoIterator for &'p Page {
    type Item = Edge;
    type IntoIter = Traverse<'p>;
    fn into_iter(self) -> Traverse<'p> {
        self.traverse(Page::ROOT)
    }
}

/// `ego_tree`'s `Traverse`: follows first-child, next-sibling and parent
/// links exactly as it does.
pub struct Traverse<'p> {
    page: &'p Page,
    root: u32,
    edge: Option<Edge>,
}

impl Iterator for Traverse<'_> {
    type Item = Edge;
    fn next(&mut self) -> Option<Edge> {
        self.edge = match self.edge {
            None if self.root == NONE => None,
            None => Some(Edge::Open(self.root)),
            Some(Edge::Open(n)) => match self.page.node(n).first {
                NONE => Some(Edge::Close(n)),
                c => Some(Edge::Open(c)),
            },
            Some(Edge::Close(n)) => {
                let node = self.page.node(n);
                if n == self.root {
                    self.root = NONE;
                    None
                } else if node.next != NONE {
                    Some(Edge::Open(node.next))
                } else if node.parent != NONE {
                    Some(Edge::Close(node.parent))
                } else {
                    None
                }
            }
        };
        self.edge
    }
}

/// The tree builder's view of a [`Page`] under construction.
struct Sink(RefCell<Page>);

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Page;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Page {
        self.0.into_inner()
    }

    // Parse errors are not reported anywhere: a homepage is what it is.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        Page::ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |p| match p.data(*target) {
            Data::Element(name, _) => name,
            _ => panic!("the tree builder asked for the name of a non-element"),
        })
    }

    fn create_element(&self, name: QualName, mut attrs: Vec<Attribute>, _: ElementFlags) -> u32 {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        // scraper keeps attributes sorted by name, and we serialise in its order.
        attrs.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        let mut page = self.0.borrow_mut();
        let id = page.orphan(Data::Element(name, attrs));
        if template {
            let contents = page.orphan(Data::Fragment);
            page.append_id(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.0.borrow_mut().orphan(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.0.borrow_mut().orphan(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut page = self.0.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => page.append_id(*parent, id),
            NodeOrText::AppendText(text) => page.append_text(*parent, text),
        }
    }

    fn append_based_on_parent_node(&self, element: &u32, prev: &u32, child: NodeOrText<u32>) {
        let has_parent = self.0.borrow().node(*element).parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut page = self.0.borrow_mut();
        let id = page.orphan(Data::Other);
        page.append_id(Page::ROOT, id);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        let first = self.0.borrow().node(*target).first;
        assert!(first != NONE, "a template without its contents");
        first
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new: NodeOrText<u32>) {
        let mut page = self.0.borrow_mut();
        if let NodeOrText::AppendNode(id) = new {
            page.detach(id);
        }
        if page.node(*sibling).parent == NONE {
            return;
        }
        match new {
            NodeOrText::AppendNode(id) => page.insert_id_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = page.node(*sibling).prev;
                if prev != NONE && matches!(page.node(prev).data, Data::Text(_)) {
                    page.merge_text(prev, &text);
                    return;
                }
                let id = page.orphan(Data::Text(text));
                page.insert_id_before(*sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut page = self.0.borrow_mut();
        let Data::Element(_, have) = &mut page.node_mut(*target).data else {
            panic!("the tree builder added attributes to a non-element");
        };
        for attr in attrs {
            if let Err(at) = have.binary_search_by(|a| a.name.cmp(&attr.name)) {
                have.insert(at, attr);
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        self.0.borrow_mut().reparent_append(*new_parent, *node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both trees as one line per traversal edge: kind, name, attributes
    /// in order, text.
    fn ours(html: &str) -> Vec<String> {
        let page = parse(html);
        page.traverse(Page::ROOT)
            .map(|e| match e {
                Edge::Close(_) => "/".to_string(),
                Edge::Open(n) => match page.data(n) {
                    Data::Document => "#document".to_string(),
                    Data::Fragment => "#fragment".to_string(),
                    Data::Other => "#other".to_string(),
                    Data::Text(t) => format!("#text {:?}", &**t),
                    Data::Element(name, attrs) => {
                        let attrs: Vec<_> = attrs
                            .iter()
                            .map(|a| format!("{:?}={:?}", a.name, &*a.value))
                            .collect();
                        format!("{:?} {attrs:?}", name)
                    }
                },
            })
            .collect()
    }

    fn scrapers(html: &str) -> Vec<String> {
        use ego_tree::iter::Edge as E;
        use scraper::Node as N;
        let parsed = scraper::Html::parse_document(html);
        parsed
            .tree
            .root()
            .traverse()
            .map(|e| match e {
                E::Close(_) => "/".to_string(),
                E::Open(n) => match n.value() {
                    N::Document => "#document".to_string(),
                    N::Fragment => "#fragment".to_string(),
                    N::Doctype(_) | N::Comment(_) | N::ProcessingInstruction(_) => {
                        "#other".to_string()
                    }
                    N::Text(t) => format!("#text {:?}", &**t),
                    N::Element(e) => {
                        let attrs: Vec<_> = e
                            .attrs
                            .iter()
                            .map(|(k, v)| format!("{k:?}={:?}", &**v))
                            .collect();
                        format!("{:?} {attrs:?}", e.name)
                    }
                },
            })
            .collect()
    }

    /// Markup that exercises every tree operation the builder has: foster
    /// parenting, the adoption agency (reparenting, removal), templates,
    /// attributes added to `html` and `body`, text merged and not merged,
    /// foreign content.
    const CASES: [&str; 24] = [
        "<p>a<!-- c -->b &amp; c\r\nd</p>",
        "<table>a<tr>b<td>c</td>d</tr>e</table>f",
        "<table><tr><td>x</td></tr><div>foster</div>y</table>",
        "<b><p>one</b>two</p>",
        "<a href=x><div><a href=y>z</a></div></a>",
        "<b><i><u><s><em><strong><code><small><big>x</b>y</i>z",
        "<p><b><i>1<p>2</b>3</i>4",
        "<template><li>a</li><td>b</td></template><div>c</div>",
        "<head><template><base href='/t/'></template></head>",
        "<html a=1><body b=2><html c=3 a=9><body d=4 b=8>x",
        "<svg viewBox='0 0 1 1'><foreignObject><p>t</p></foreignObject><path d=M/></svg>",
        "<math><mi>x</mi><annotation-xml encoding='text/html'><p>y</p></annotation-xml></math>",
        "<pre>\n\nx</pre><textarea>\ny</textarea><listing>\nz</listing>",
        "<select><option>a<option>b</select><noscript><p>n</p></noscript>",
        "<frameset><frame></frameset>after",
        "<table><caption>c<table>in</table></caption><colgroup><col></table>",
        "<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>d<dd>e</dl>",
        "<p>x<table><tr><td>1<td>2<tr><td>3</table>y",
        "<b>1<table><tr><td>2</b>3</td></tr></table>4</b>",
        "<div><a>1<div>2<a>3</a>4</div>5</a></div>",
        "<form><form><input></form>x<button>b<button>c",
        "<!DOCTYPE html><?php x ?><html><head><title>t</title><style>p{}</style></head>",
        "<table><tr><td><table><tr><td>x</td></tr></table>y<b>z</table>w",
        "text \u{a0} &nbsp; &lt;&#x41;&copy <a title='&quot;'>q</a>\0",
    ];

    #[test]
    fn same_tree_as_scraper() {
        for html in CASES {
            assert_eq!(ours(html), scrapers(html), "{html}");
        }
    }

    /// Random misnested markup, where the builder's quirks (and
    /// `ego_tree`'s) show.
    #[test]
    fn same_tree_as_scraper_on_random_markup() {
        let pieces = [
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=1>",
            "</a>",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<table>",
            "</table>",
            "<tr>",
            "<td>",
            "</td>",
            "<li>",
            "<ul>",
            "</ul>",
            "x",
            " ",
            "\n",
            "&amp;",
            "<!--c-->",
            "<template>",
            "</template>",
            "<svg>",
            "</svg>",
            "<select>",
            "<option>",
            "<font>",
            "</font>",
            "<nobr>",
            "<body x=1>",
            "<html y=2>",
            "<br>",
            "</br>",
            "<h1>",
            "</h2>",
            "<pre>",
            "<form>",
            "</form>",
            "<caption>",
            "<col>",
            "<frameset>",
            "<noscript>",
            "<textarea>",
            "<script>",
            "</script>",
            "<math>",
        ];
        let mut seed = 3u64;
        for _ in 0..3000 {
            let mut html = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) * 4 + 4 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                html.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(ours(&html), scrapers(&html), "{html}");
        }
    }
}
