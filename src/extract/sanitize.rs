//! Item markup made safe for feed readers as it is serialised from the
//! arena ([`Doc`]), in the same pass that collects the item's links.
//!
//! The policy is ammonia 4's default one, which the store used to apply by
//! parsing every item a second time (a third of a cold run's CPU):
//! elements, attributes and URL schemes outside its allow-lists
//! ([`is_allowed_tag`], [`is_allowed_attr`], [`URL_SCHEMES`]) are dropped;
//! `script` and `style` go with their content, any other element that is
//! not allowed is unwrapped (its text and allowed descendants stay).
//! Comments, and the content the arena leaves out (navigation, hidden
//! BibTeX, `svg`, `iframe`...), never get here. On top of that policy, as
//! the store applied it: every link gets `rel="noopener noreferrer"`;
//! `href` and `src` are made absolute against the page, and dropped when
//! they do not resolve (`<a href="">` is a link to nowhere on the page,
//! and in a feed reader a link back to the feed); userinfo is cut from
//! `href`, `src` and `cite` (a relative link on a page fetched as
//! `https://user:pw@host/` carries the password once made absolute); an
//! `<li>` that is not inside a kept element becomes a `<div>` (alone in an
//! entry it would render as a stray bullet). The item's link list keeps
//! http, https and mailto links only, without userinfo
//! ([`crate::model::safe_link`]).
//!
//! What is written must be the very tree a reader's HTML parser builds
//! from it, so that nothing in an entry can reach outside it: every element
//! is closed, text and attribute values are escaped, table parts (`tr`,
//! `td`...) without a kept `table` around them are unwrapped (a parser
//! drops their tags there), and where a parser would close an element by
//! itself (a block start closes an open `p`, a list item an open one, a
//! link an open link) it is closed here first (`Writer::close_implied`).
//! The page's own parse never leaves such nestings, but unwrapping an
//! element between can (`<dt><form><dd>`), and so can a page parsed in
//! quirks mode (`<p><table>`); left in, a reader's parser would close the
//! inner element early and match a later `</div>` to its own container.
//! ammonia got this from parsing its input a second time.
//! `tests/sanitize_oracle.rs` compares the output with ammonia's on every
//! item of the shared pages, and `tests/sanitize_props.rs` throws
//! generated hostile markup at it.
//!
//! Where this differs from ammonia on purpose: an HTML element named like
//! an SVG or MathML one (a homepage's own `<g>` around author names, say)
//! is unwrapped like any unknown element, its text kept. ammonia drops such
//! elements with their content, against namespace confusion inside `<svg>`
//! and `<math>`; the arena holds nothing of either (they are left out
//! whole), and this writes HTML elements only, so the confusion cannot
//! arise, while dropping the text lost authors from entries.
//!
//! Deliberately not here: CSS filtering (no `style` attribute is kept) and
//! class or id allow-lists (none are kept).

use std::borrow::Cow;

use url::Url;

use super::dom::{Data, Doc, Element, LinkSet, escape_into, is_canonical_http, is_void};
use crate::model::{redact_url, safe_parsed_link};

/// Schemes a kept `href` or `src` may have (ammonia's default list). Every
/// kept value is an absolute URL: one the page's base cannot resolve is
/// dropped (ammonia kept it as a relative URL for the reader to resolve).
pub const URL_SCHEMES: [&str; 25] = [
    "bitcoin",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// The `rel` every link gets: a reader's tab cannot reach back to the entry.
pub const LINK_REL: &str = "noopener noreferrer";

/// Elements that are kept (ammonia's default tags).
pub fn is_allowed_tag(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "acronym"
            | "area"
            | "article"
            | "aside"
            | "b"
            | "bdi"
            | "bdo"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "data"
            | "dd"
            | "del"
            | "details"
            | "dfn"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "i"
            | "img"
            | "ins"
            | "kbd"
            | "li"
            | "map"
            | "mark"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "q"
            | "rp"
            | "rt"
            | "rtc"
            | "ruby"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "th"
            | "thead"
            | "time"
            | "tr"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "wbr"
    )
}

/// Elements removed with everything inside them (ammonia's
/// `clean_content_tags`); the arena leaves them out already, this holds
/// whatever the arena comes to keep.
fn drops_content(name: &str) -> bool {
    matches!(name, "script" | "style")
}

/// Whether a kept element `tag` keeps its attribute `attr` (ammonia's
/// generic and per-element attribute lists). No event handler, `style`,
/// `class`, `id` or form attribute is on them.
pub fn is_allowed_attr(tag: &str, attr: &str) -> bool {
    matches!(attr, "lang" | "title")
        || match tag {
            "a" => matches!(attr, "href" | "hreflang"),
            "bdo" => attr == "dir",
            "blockquote" | "q" => attr == "cite",
            "col" | "colgroup" => matches!(attr, "align" | "char" | "charoff" | "span"),
            "del" | "ins" => matches!(attr, "cite" | "datetime"),
            "hr" => matches!(attr, "align" | "size" | "width"),
            "img" => matches!(attr, "align" | "alt" | "height" | "src" | "width"),
            "ol" => attr == "start",
            "table" => matches!(attr, "align" | "char" | "charoff" | "summary"),
            "tbody" | "tfoot" | "thead" | "tr" => matches!(attr, "align" | "char" | "charoff"),
            "td" => matches!(
                attr,
                "align" | "char" | "charoff" | "colspan" | "headers" | "rowspan"
            ),
            "th" => matches!(
                attr,
                "align" | "char" | "charoff" | "colspan" | "headers" | "rowspan" | "scope"
            ),
            _ => false,
        }
}

/// Attributes whose value is followed as a URL; of the allowed ones, `a`'s
/// `href` and `img`'s `src`. (`cite` is never followed: only its userinfo
/// is cut, as before.)
fn is_url_attr(attr: &str) -> bool {
    matches!(attr, "href" | "src")
}

/// Start tags that close an open `p` (in button scope) in a parser; a
/// `table` does so in every document not in quirks mode, as a reader's is.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "div"
            | "dl"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "nav"
            | "ol"
            | "p"
            | "summary"
            | "ul"
            | "pre"
            | "li"
            | "dd"
            | "dt"
            | "table"
            | "hr"
    ) || is_heading(name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Kept elements that end a parser's "in scope" walk (the others it knows,
/// `applet`, `marquee`, `object`, `template`, `button`, are never kept).
fn is_scope_boundary(name: &str) -> bool {
    matches!(name, "table" | "td" | "th" | "caption")
}

/// Kept elements of the parser's "special" category, which end its walk
/// for an open list item.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "article"
            | "aside"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "hr"
            | "img"
            | "li"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "wbr"
    ) || is_heading(name)
}

/// Table parts, whose tags an HTML parser ignores outside a table.
fn is_table_part(name: &str) -> bool {
    matches!(
        name,
        "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
    )
}

/// An item's sanitized markup and its safe links in first-seen order:
/// what [`Doc::html_and_links`] returns.
///
/// Whitespace is trimmed where the item's markup on the page begins or
/// ends with text, not where an unwrapped element leaves text at an end:
/// the store trimmed before sanitising, and markup that comes out byte for
/// byte as before is not rewritten in existing databases.
pub(super) fn item(doc: &Doc<'_>, nodes: &[usize]) -> (String, Vec<String>) {
    let mut w = Writer {
        doc,
        // Markup is rarely short: start with room for a typical item.
        out: String::with_capacity(1024),
        links: LinkSet::default(),
        open: Vec::new(),
        tables: 0,
        depth: 0,
        attrs: Vec::new(),
        first_tag: None,
        after_last_tag: 0,
        after_pre: None,
    };
    for &n in nodes {
        w.subtree(n);
    }
    let Writer {
        mut out,
        links,
        first_tag,
        after_last_tag,
        ..
    } = w;
    let kept = after_last_tag + out[after_last_tag..].trim_end().len();
    out.truncate(kept);
    let head = first_tag.unwrap_or(out.len()).min(out.len());
    let lead = head - out[..head].trim_start().len();
    out.drain(..lead);
    (out, links.list)
}

/// A fragment of HTML from elsewhere (a feed entry's content), parsed into
/// the arena and sanitized like a page's item; relative links are resolved
/// against `base`.
pub fn fragment(html: &str, base: &Url) -> String {
    let page = super::dom::parse(&format!("<body>{html}</body>"));
    let doc = Doc::new(&page, base);
    match (0..doc.len()).find(|&i| doc.name(i) == "body") {
        Some(body) => doc.html_and_links(&[body]).0,
        None => String::new(),
    }
}

struct Writer<'d, 'a> {
    doc: &'d Doc<'a>,
    out: String,
    links: LinkSet,
    /// The elements being walked: where each one's subtree ends, and the
    /// tag that closes it (`None` when it was unwrapped).
    open: Vec<(usize, Option<&'a str>)>,
    /// Kept `table` elements open: table parts are kept inside one only.
    tables: usize,
    /// Kept elements open: none means the item's top level.
    depth: usize,
    /// The attributes of the element being written (reused).
    attrs: Vec<(&'a str, Cow<'a, str>)>,
    /// Where the first tag of the markup as on the page would begin, and
    /// where its last tag would end, kept or not: text outside is trimmed.
    first_tag: Option<usize>,
    after_last_tag: usize,
    /// Where the last `<pre>` start tag written ends.
    after_pre: Option<usize>,
}

impl<'a> Writer<'_, 'a> {
    /// Writes node `i` and its subtree; no recursion, so no nesting depth
    /// can exhaust the stack.
    fn subtree(&mut self, i: usize) {
        let doc = self.doc;
        let end = doc.end(i);
        let mut j = i;
        while j < end {
            self.close_before(j);
            match doc.nodes[j].data {
                Data::Text(t) => {
                    // A parser drops a newline right after `<pre>`: one
                    // that is the text's own is written twice.
                    if self.after_pre == Some(self.out.len()) && t.starts_with('\n') {
                        self.out.push('\n');
                    }
                    // Indentation, known blank from the arena: ASCII
                    // whitespace has nothing to escape.
                    if !doc.has_text(j) && t.is_ascii() {
                        self.out.push_str(t);
                    } else {
                        escape_into(t, false, &mut self.out);
                    }
                }
                Data::Element(e) => {
                    if drops_content(e.name) {
                        self.first_tag.get_or_insert(self.out.len());
                        self.after_last_tag = self.out.len();
                        j = doc.end(j);
                        continue;
                    }
                    self.first_tag.get_or_insert(self.out.len());
                    let tag = self.kept_tag(e.name);
                    if let Some(tag) = tag {
                        self.start_tag(e, tag);
                    }
                    self.after_last_tag = self.out.len();
                    // A void element has no end tag (and, parsed, no children).
                    let closes = tag.filter(|t| !is_void(t));
                    if let Some(t) = closes {
                        self.depth += 1;
                        if t == "table" {
                            self.tables += 1;
                        }
                    }
                    self.open.push((doc.end(j), closes));
                }
            }
            j += 1;
        }
        self.close_before(usize::MAX);
    }

    /// Closes the elements whose subtree ends at or before node `j`.
    fn close_before(&mut self, j: usize) {
        while let Some(&(end, tag)) = self.open.last() {
            if end > j {
                break;
            }
            self.open.pop();
            if let Some(tag) = tag {
                self.end_tag(tag);
            }
            self.after_last_tag = self.out.len();
        }
    }

    /// The tag `name` is written as, or `None` when it is unwrapped. A kept
    /// element first closes what its start tag would close in a parser.
    fn kept_tag(&mut self, name: &'a str) -> Option<&'a str> {
        if !is_allowed_tag(name) || (self.tables == 0 && is_table_part(name)) {
            return None;
        }
        self.close_implied(name);
        if name == "li" && self.depth == 0 {
            return Some("div");
        }
        Some(name)
    }

    /// Closes the open elements that an HTML parser would close on reading
    /// the start tag `name` (the "in body" rules, for the elements kept):
    /// a block closes an open `p`, a list item an open one, a link an open
    /// link, a heading a heading it is directly in, ruby text open ruby
    /// parts. The page's own parse never nests so, but it happens once
    /// elements between are unwrapped (`<dt><form><dd>`) or in a page
    /// parsed in quirks mode (`<p><table>`). Written as nested, a reader's
    /// parser would close them itself and match a later end tag, such as
    /// `</div>`, to an element around the entry.
    fn close_implied(&mut self, name: &str) {
        let lists: &[&str] = match name {
            "li" => &["li"],
            "dd" | "dt" => &["dd", "dt"],
            _ => &[],
        };
        if !lists.is_empty()
            && let Some(k) = self.find_open(|t| {
                if lists.contains(&t) {
                    Some(true)
                } else if is_special(t) && !matches!(t, "address" | "div" | "p") {
                    Some(false)
                } else {
                    None
                }
            })
        {
            self.close_through(k);
        }
        if name == "a"
            && let Some(k) = self.find_open(|t| match t {
                "a" => Some(true),
                // Markers in the list of active formatting elements.
                "td" | "th" | "caption" => Some(false),
                _ => None,
            })
        {
            self.close_through(k);
        }
        if matches!(name, "rp" | "rt" | "rtc")
            && self
                .find_open(|t| match t {
                    "ruby" => Some(true),
                    _ if is_scope_boundary(t) => Some(false),
                    _ => None,
                })
                .is_some()
        {
            while let Some(k) = self.find_open(|t| {
                let implied = matches!(t, "dd" | "dt" | "li" | "p" | "rp" | "rt")
                    || (t == "rtc" && name == "rtc");
                Some(implied)
            }) {
                self.close_through(k);
            }
        }
        if closes_p(name)
            && let Some(k) = self.find_open(|t| match t {
                "p" => Some(true),
                _ if is_scope_boundary(t) => Some(false),
                _ => None,
            })
        {
            self.close_through(k);
        }
        if is_heading(name)
            && let Some(k) = self.find_open(|t| Some(is_heading(t)))
        {
            self.close_through(k);
        }
    }

    /// The index in `open` of the innermost written element for which
    /// `test` says `Some(true)`, walking outwards; the walk ends at the
    /// first element it says `Some(_)` of.
    fn find_open(&self, test: impl Fn(&str) -> Option<bool>) -> Option<usize> {
        for (k, &(_, tag)) in self.open.iter().enumerate().rev() {
            let Some(t) = tag else { continue };
            match test(t) {
                Some(true) => return Some(k),
                Some(false) => return None,
                None => {}
            }
        }
        None
    }

    /// Writes `</tag>` for an open element and leaves its depth (and table) count.
    fn end_tag(&mut self, tag: &str) {
        self.depth -= 1;
        if tag == "table" {
            self.tables -= 1;
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// Writes the end tags of the written elements from the innermost one
    /// out to `open[k]`, as a parser closes them; their own ends then write
    /// nothing, and what follows in them goes where the parser puts it.
    fn close_through(&mut self, k: usize) {
        for idx in (k..self.open.len()).rev() {
            if let Some(tag) = self.open[idx].1.take() {
                self.end_tag(tag);
            }
        }
    }

    fn start_tag(&mut self, e: Element<'a>, tag: &str) {
        let name = e.name;
        self.attrs.clear();
        for (k, v) in e.attrs() {
            if !is_allowed_attr(name, k) {
                continue;
            }
            let value = if is_url_attr(k) {
                match self.url_value(name == "a", v) {
                    Some(v) => v,
                    None => continue,
                }
            } else {
                Cow::Borrowed(v)
            };
            self.attrs.push((k, value));
        }
        if name == "a" {
            self.attrs.push(("rel", Cow::Borrowed(LINK_REL)));
        }
        for (k, v) in &mut self.attrs {
            if matches!(*k, "href" | "src" | "cite") && v.contains('@') {
                *v = Cow::Owned(redact_url(v));
            }
        }
        let out = &mut self.out;
        out.push('<');
        out.push_str(tag);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape_into(v, true, out);
            out.push('"');
        }
        out.push('>');
        if tag == "pre" {
            self.after_pre = Some(out.len());
        }
    }

    /// A URL attribute's value made absolute, or `None` when it does not
    /// resolve against the page (empty, `javascript:`, a host no URL can
    /// have) or its scheme is not allowed. A link's target also goes to the
    /// item's links when it is safe there, parsed once for both.
    fn url_value(&mut self, is_link: bool, raw: &str) -> Option<Cow<'a, str>> {
        let (value, url) = self.doc.resolve(raw)?;
        // A joined http(s) URL is what parsing its text gives (parsing a
        // special URL's serialisation is the identity), so it is not parsed
        // twice; other schemes are, where the URL standard has corner cases.
        let url = match url {
            Some(url) if matches!(url.scheme(), "http" | "https") => url,
            // Most links are absolute and already as the parser would write
            // them: those need no parse to know they are http(s) without
            // userinfo (a parse was 6 % of extraction on a page of papers).
            _ if is_canonical_http(&value) => {
                if is_link {
                    self.links.add(value.clone());
                }
                return Some(Cow::Owned(value));
            }
            _ => Url::parse(&value).ok()?,
        };
        if is_link && let Some(link) = safe_parsed_link(&value, &url) {
            self.links.add(link);
        }
        URL_SCHEMES
            .contains(&url.scheme())
            .then_some(Cow::Owned(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        fragment(html, &Url::parse("https://example.org/a/").unwrap())
    }

    /// Regression: `<a href="">` reached feeds as a link to the feed itself.
    #[test]
    fn empty_links_are_dropped_and_their_text_kept() {
        assert_eq!(
            clean(
                "<p>Slides <a href=\"\">here</a> and <a href=\" \">there</a>, <a href=\"https://x.org/\">code</a></p>"
            ),
            "<p>Slides <a rel=\"noopener noreferrer\">here</a> and <a rel=\"noopener noreferrer\">there</a>, <a href=\"https://x.org/\" rel=\"noopener noreferrer\">code</a></p>"
        );
    }

    #[test]
    fn an_item_that_is_one_list_entry_is_a_div() {
        assert_eq!(
            clean("<li onclick=\"x()\">A <b>b</b></li>"),
            "<div>A <b>b</b></div>"
        );
        assert_eq!(
            clean("<ul><li>a</li></ul>"),
            "<ul><li>a</li></ul>",
            "inside a list it stays"
        );
        // The store's string rewrite made `<div>a</li><li>b</div>` of this.
        assert_eq!(clean("<li>a</li><li>b</li>"), "<div>a</div><div>b</div>");
    }

    #[test]
    fn scripts_handlers_and_bad_schemes_are_dropped() {
        assert_eq!(
            clean(
                "<div ONCLICK=x() style=\"color:red\" class=c id=i>t<script>alert(1)</script><style>p{}</style>\
                 <a href=\"java&#9;script:alert(1)\" onmouseover=x>j</a><img src=\"data:image/png;base64,xx\" alt=a>\
                 <a href=\"ftp://f.org/x\" rel=opener target=_blank>f</a><form action=x><input value=v>in</form></div>"
            ),
            "<div>t<a rel=\"noopener noreferrer\">j</a><img alt=\"a\">\
             <a href=\"ftp://f.org/x\" rel=\"noopener noreferrer\">f</a>in</div>"
        );
    }

    #[test]
    fn links_are_absolute_and_userinfo_is_cut() {
        let u = Url::parse("https://ada:secret@example.org/a/").unwrap();
        let page = crate::extract::dom::parse(
            "<p><a href=\"p.pdf\">p</a> <a href=\"mailto:ada@example.org\">m</a> \
             <a href=\"tel:123\">t</a> <img src=\"i.png\"><q cite=\"https://u:p@x.org/\">q</q></p>",
        );
        let doc = Doc::new(&page, &u);
        let p = (0..doc.len()).find(|&i| doc.name(i) == "p").unwrap();
        let (html, links) = doc.html_and_links(&[p]);
        assert_eq!(
            html,
            "<p><a href=\"https://example.org/a/p.pdf\" rel=\"noopener noreferrer\">p</a> \
             <a href=\"mailto:ada@example.org\" rel=\"noopener noreferrer\">m</a> \
             <a href=\"tel:123\" rel=\"noopener noreferrer\">t</a> \
             <img src=\"https://example.org/a/i.png\"><q cite=\"https://x.org/\">q</q></p>"
        );
        assert_eq!(
            links,
            ["https://example.org/a/p.pdf", "mailto:ada@example.org"],
            "links are http(s) and mailto only"
        );
    }

    #[test]
    fn table_parts_are_kept_inside_a_table_only() {
        assert_eq!(
            clean("<table><tr><td>a</td><td>b</td></tr></table>"),
            "<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
        );
        let page = crate::extract::dom::parse(
            "<table><tr><td>2024</td><td><b>Title</b></td></tr></table>",
        );
        let doc = Doc::new(&page, &Url::parse("https://example.org/").unwrap());
        let tr = (0..doc.len()).find(|&i| doc.name(i) == "tr").unwrap();
        assert_eq!(doc.html_and_links(&[tr]).0, "2024<b>Title</b>");
    }
}
