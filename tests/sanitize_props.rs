//! Generated hostile markup against the sanitiser (`src/extract/sanitize.rs`),
//! in place of a cargo-fuzz target (that needs nightly): a seeded generator
//! builds fragments of `<script>`, `<style>`, `on*` handlers in any case,
//! `javascript:` / `data:` / `vbscript:` URLs spelt with entities,
//! whitespace, control characters and mixed case, `<svg>`, `<math>`,
//! `<iframe>`, `<form>`, unclosed and stray tags, comments, nested `<a>`
//! and table parts, and every fragment goes through the sanitiser twice:
//! alone (as a feed entry's content is) and as part of a homepage's news
//! item (through the whole extraction). Whatever comes out must be:
//!
//! - made of allowed elements and attributes only: no `<script`, no
//!   attribute named `on…`, no `style`, `class` or `id`;
//! - free of dangerous URLs: every `href` and `src`, decoded as a browser
//!   decodes it, is an absolute URL of an allowed scheme (ammonia's list,
//!   as before: http, https, mailto, ftp, ftps, tel, sms, irc, xmpp...
//!   never javascript, data, vbscript or file) without userinfo; the
//!   item's link list holds http, https and mailto links without userinfo
//!   only;
//! - balanced and closed: its tags nest properly, an HTML parser reading
//!   it builds the very tree that was written (so no end tag can close
//!   something around the entry), and parsed between two sibling `<div>`s
//!   everything stays inside its own.
//!
//! And against ammonia (configured as the store configured it): the
//! fragment's text and links are the same, and ammonia keeps everything
//! ours keeps. Seeded, so a failure names a case that replays; set
//! `SANITIZE_CASES` (and `SANITIZE_SEED`) for a longer run.

mod support;

use std::collections::HashSet;
use std::io::Write;
use std::sync::LazyLock;

use scholarfeed::extract::dom::Doc;
use scholarfeed::extract::sanitize::{self, URL_SCHEMES, is_allowed_attr, is_allowed_tag};
use scholarfeed::extract::{Markup, Overrides, extract, extract_with};
use scholarfeed::model::Format;
use scraper::{Html, Node};
use support::oracle;
use url::Url;

const ELEMENTS: &[&str] = &[
    // allowed
    "a",
    "b",
    "i",
    "em",
    "strong",
    "span",
    "div",
    "p",
    "li",
    "ul",
    "ol",
    "table",
    "tbody",
    "tr",
    "td",
    "th",
    "caption",
    "img",
    "br",
    "hr",
    "pre",
    "code",
    "blockquote",
    "q",
    "del",
    "ins",
    "h3",
    "sup",
    "details",
    "summary",
    "dl",
    "dt",
    "dd", // hostile or not allowed
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "object",
    "embed",
    "video",
    "audio",
    "source",
    "base",
    "meta",
    "link",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "title",
    "marquee",
    "frameset",
    "frame",
    "image",
    "font",
    "tfoot",
    "col",
    "colgroup",
    "g",
    "text",
    "foreignObject",
    "annotation-xml",
    "mi",
    "body",
    "html",
    "head",
    "nav",
    "footer",
    "x-custom",
];

const ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "onclick",
    "OnMouseOver",
    "ONERROR",
    "onload",
    " onfocus",
    "style",
    "class",
    "id",
    "title",
    "lang",
    "alt",
    "cite",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "srcdoc",
    "rel",
    "target",
    "colspan",
    "width",
    "hreflang",
];

const SCHEMES: &[&str] = &[
    "javascript:",
    "JaVaScRiPt:",
    "java&#9;script:",
    "java\nscript:",
    "java&#x0A;script:",
    "&#106;avascript:",
    "&#x6A;&#x61;vascript:",
    "&#0000106avascript:",
    "javascript&colon;",
    " \u{1}javascript:",
    "&#1;javascript:",
    "\tjavascript:",
    "data:",
    "DATA:",
    "data&#58;",
    "vbscript:",
    "VbScRiPt:",
    "file:",
    "jar:",
    "https:",
    "http:",
    "mailto:",
    "ftp:",
    "tel:",
    "",
    "//",
];

const PAYLOADS: &[&str] = &[
    "alert(1)",
    "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/x",
    "evil.example/x",
    "user:secret@host.example/p",
    "ada@example.org",
    "x\" onerror=\"alert(1)",
    "a b",
    "",
    "%0a%0djavascript:alert(1)",
    "[::1",
];

const TEXTS: &[&str] = &[
    "text",
    "2025.01: news",
    "<",
    "&",
    "&amp;",
    "&lt;script&gt;",
    "\"",
    "'",
    ">",
    "\u{a0}",
    "\u{1}",
    "\u{0}",
    "</li>",
    "-->",
    "]]>",
    "<![CDATA[x]]>",
    "<!--",
    "<!-- c -->",
    "<!-->",
    "<!x>",
    "<?php echo 1 ?>",
    "</div></table></li></a>",
    "</script>",
    "<a href=javascript:alert(1)>",
    "é中",
    " ",
    "\n",
];

/// The generator: random hostile markup, seeded.
struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.usize(..from.len())]
    }

    /// `s` with each ASCII letter's case flipped at random.
    fn mixed_case(&mut self, s: &str) -> String {
        s.chars()
            .map(|c| {
                if self.rng.bool() {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    fn url(&mut self) -> String {
        let scheme = self.pick(SCHEMES);
        let payload = self.pick(PAYLOADS);
        let mut u = format!("{scheme}{payload}");
        if self.rng.u8(..8) == 0 {
            u = self.mixed_case(&u);
        }
        if self.rng.u8(..8) == 0 {
            u.insert_str(0, self.pick(&[" ", "\n", "\t", "\u{c}", "&#32;"]));
        }
        u
    }

    fn attribute(&mut self, out: &mut String) {
        let mut name = self.pick(ATTRIBUTES).to_string();
        if self.rng.u8(..4) == 0 {
            name = self.mixed_case(&name);
        }
        let value = match name.trim().to_ascii_lowercase().as_str() {
            "href" | "src" | "cite" | "action" | "formaction" | "xlink:href" | "poster"
            | "data" | "background" => self.url(),
            "style" => "background:url(javascript:alert(1))".to_string(),
            "srcdoc" => "<script>alert(1)</script>".to_string(),
            _ => self
                .pick(&["alert(1)", "x", "2", "", "\" onclick=\"x()"])
                .to_string(),
        };
        out.push(' ');
        out.push_str(&name);
        match self.rng.u8(..4) {
            0 => {
                out.push('=');
                out.push_str(&value.replace([' ', '>'], ""));
            }
            1 => {
                out.push_str("='");
                out.push_str(&value.replace('\'', "&#39;"));
                out.push('\'');
            }
            2 => {}
            _ => {
                out.push_str("=\"");
                out.push_str(&value.replace('"', "&quot;"));
                out.push('"');
            }
        }
    }

    fn node(&mut self, depth: usize, out: &mut String) {
        let roll = self.rng.u8(..10);
        if depth > 5 || roll < 3 {
            out.push_str(self.pick(TEXTS));
            return;
        }
        let name = self.pick(ELEMENTS);
        let tag = if self.rng.u8(..4) == 0 {
            self.mixed_case(name)
        } else {
            name.to_string()
        };
        out.push('<');
        out.push_str(&tag);
        for _ in 0..self.rng.usize(..4) {
            self.attribute(out);
        }
        if self.rng.u8(..10) == 0 {
            out.push('/');
        }
        out.push('>');
        for _ in 0..self.rng.usize(..4) {
            self.node(depth + 1, out);
        }
        // Most elements are closed, some are not, and some twice.
        match self.rng.u8(..10) {
            0 => {}
            1 => out.push_str(&format!("</{tag}></{tag}>")),
            _ => out.push_str(&format!("</{tag}>")),
        }
    }

    fn fragment(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.usize(1..5) {
            self.node(0, &mut out);
        }
        out
    }
}

/// Markup as compared with a parser's reading of it: each tag's attributes
/// sorted (scraper writes them in its own order, and `<`, `>` in them
/// unescaped) and `tbody` tags left out (a parser adds one around rows left
/// directly in a table, where an unwrapped `tfoot` was). In markup as
/// `written` by us, the newline opening a `pre` is left out: a parser
/// drops it, and html5ever does not write it back.
fn normalise(html: &str, written: bool) -> String {
    static TAG: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"<(/?)([a-z0-9]+)((?: [a-z:-]+="[^"]*")*)>(\n?)"#).unwrap()
    });
    static ATTR: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#" [a-z:-]+="[^"]*""#).unwrap());
    TAG.replace_all(html, |c: &regex::Captures<'_>| {
        if &c[2] == "tbody" {
            return c[4].to_string();
        }
        // scraper's serializer leaves `<` and `>` in values as they are.
        let mut attrs: Vec<String> = ATTR
            .find_iter(&c[3])
            .map(|m| m.as_str().replace("&lt;", "<").replace("&gt;", ">"))
            .collect();
        attrs.sort_unstable();
        let newline = if written && &c[2] == "pre" && c[1].is_empty() {
            ""
        } else {
            &c[4]
        };
        format!("<{}{}{}>{newline}", &c[1], &c[2], attrs.concat())
    })
    .into_owned()
}

/// Every property of one sanitised output; `Err` says which failed.
fn check(out: &str) -> Result<(), String> {
    let lower = out.to_ascii_lowercase();
    for bad in [
        "<script", "<style", "<svg", "<math", "<iframe", "<form", "<!--",
    ] {
        if lower.contains(bad) {
            return Err(format!("contains {bad}"));
        }
    }
    // Every `<` opens a well-formed tag: text and attribute values have
    // theirs escaped. Tags must nest.
    let mut open: Vec<String> = Vec::new();
    for t in oracle::tags(out)? {
        let name = t.name;
        if !is_allowed_tag(&name) {
            return Err(format!("element {name} is not allowed"));
        }
        if t.end {
            if open.pop().as_deref() != Some(name.as_str()) {
                return Err(format!("</{name}> closes nothing open"));
            }
            continue;
        }
        for (k, v) in &t.attrs {
            if k.starts_with("on") || !(is_allowed_attr(&name, k) || k == "rel") {
                return Err(format!("attribute {k} on {name}"));
            }
            if matches!(k.as_str(), "href" | "src") {
                // Absolute, so no reader resolves it into something else.
                match Url::parse(v) {
                    Ok(u) if URL_SCHEMES.contains(&u.scheme()) => {
                        if !u.username().is_empty() || u.password().is_some() {
                            return Err(format!("userinfo in {k}={v:?}"));
                        }
                    }
                    other => return Err(format!("{k}={v:?}: {other:?}")),
                }
            }
        }
        if !scholarfeed::extract::dom::is_void(&name) {
            open.push(name);
        }
    }
    if !open.is_empty() {
        return Err(format!("left open: {open:?}"));
    }
    // A parser reading it builds what was written: nothing it closes or
    // moves by itself can make a later end tag match an element outside.
    let back = Html::parse_fragment(out).root_element().inner_html();
    if normalise(&back, false) != normalise(out, true) {
        return Err(format!("a parser rebuilds it otherwise: {back:?}"));
    }
    // Parsed between two siblings, the markup stays inside its own `<div>`.
    let wrapped = Html::parse_fragment(&format!(
        "<div id=before></div><div id=item>{out}</div><div id=after></div>"
    ));
    let root = wrapped
        .tree
        .root()
        .first_child()
        .ok_or("no fragment root")?;
    let ids: Vec<Option<&str>> = root
        .children()
        .map(|c| match c.value() {
            Node::Element(e) => e.attr("id"),
            _ => Some("(text)"),
        })
        .collect();
    if ids != [Some("before"), Some("item"), Some("after")] {
        return Err(format!("escapes its container: {ids:?}"));
    }
    if root
        .children()
        .any(|c| c.id() != root.children().nth(1).unwrap().id() && c.has_children())
    {
        return Err("something landed in a sibling".into());
    }
    Ok(())
}

fn links_are_safe(links: &[String]) -> Result<(), String> {
    for l in links {
        let u = Url::parse(l).map_err(|e| format!("link {l:?}: {e}"))?;
        if !matches!(u.scheme(), "http" | "https" | "mailto")
            || !u.username().is_empty()
            || u.password().is_some()
        {
            return Err(format!("link {l:?}"));
        }
    }
    Ok(())
}

/// The fragment's raw markup (as on the page, links made absolute) and
/// ours, as a feed entry's content is parsed.
fn raw_and_ours(fragment: &str, base: &Url) -> (String, String) {
    let page = scholarfeed::extract::dom::parse(&format!("<body>{fragment}</body>"));
    let doc = Doc::new(&page, base);
    match (0..doc.len()).find(|&i| doc.name(i) == "body") {
        Some(b) => (doc.html(&[b]), doc.html_and_links(&[b]).0),
        None => (String::new(), String::new()),
    }
}

/// A homepage whose news holds `frag` in its first item, as a list or as
/// a table (whose rows are the items).
fn page_with(frag: &str, table: bool) -> String {
    let lines = [
        format!("Our paper on sparse attention was accepted. {frag}"),
        "Gave a talk on <a href=\"talk.pdf\">efficient inference</a>.".to_string(),
        "Joined the lab as a postdoc.".to_string(),
    ];
    let mut page = String::from("<html><body><h1>Ada</h1><h2>News</h2>");
    page.push_str(if table { "<table>" } else { "<ul>" });
    for (k, l) in lines.iter().enumerate() {
        let date = format!("2025.0{}", 3 - k);
        page.push_str(&if table {
            format!("<tr><td>{date}</td><td>{l}</td></tr>")
        } else {
            format!("<li>{date}: {l}</li>")
        });
    }
    page.push_str(if table { "</table>" } else { "</ul>" });
    page.push_str("</body></html>");
    page
}

#[test]
fn hostile_markup_comes_out_harmless() {
    let cases: usize = std::env::var("SANITIZE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let base = Url::parse("https://user:secret@ada.example/home/").unwrap();
    let seed = std::env::var("SANITIZE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5a71_7153);
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
    };
    let (mut item_checks, mut oracle_checks, mut identical) = (0, 0, 0);
    let mut seen_bad: HashSet<&str> = HashSet::new();
    for case in 0..cases {
        let frag = g.fragment();
        for probe in ["<script", "javascript:", "onclick", "<svg", "<iframe"] {
            if frag.to_ascii_lowercase().contains(probe) {
                seen_bad.insert(probe);
            }
        }
        let fail =
            |what: &str, e: String| -> ! { panic!("case {case} ({what}): {e}\n  input: {frag:?}") };
        // Alone, as a feed entry's content.
        let ours = sanitize::fragment(&frag, &base);
        check(&ours).unwrap_or_else(|e| fail("fragment", format!("{e}\n  output: {ours:?}")));
        let (raw, same) = raw_and_ours(&frag, &base);
        assert_eq!(same, ours);
        let same = oracle::judge(&raw, &ours).unwrap_or_else(|e| fail("fragment vs ammonia", e));
        identical += usize::from(same);
        oracle_checks += 1;

        // In a homepage's news, through the whole extraction.
        if case % 5 == 0 {
            let page = page_with(&frag, case % 10 == 0);
            let o = Overrides::default();
            let p = extract(&page, Format::Html, &base, &o);
            let r = extract_with(&page, Format::Html, &base, &o, Markup::AsOnPage);
            let raws = r.sections.iter().flat_map(|s| &s.items);
            for (it, raw) in p.sections.iter().flat_map(|s| &s.items).zip(raws) {
                check(&it.html)
                    .unwrap_or_else(|e| fail("page", format!("{e}\n  output: {:?}", it.html)));
                links_are_safe(&it.links).unwrap_or_else(|e| fail("page links", e));
                let same = oracle::judge(&raw.html, &it.html)
                    .unwrap_or_else(|e| fail("page vs ammonia", e));
                identical += usize::from(same);
                item_checks += 1;
                oracle_checks += 1;
            }
        }
    }
    assert_eq!(seen_bad.len(), 5, "the generator must produce every kind");
    assert!(item_checks > cases / 5, "{item_checks} items from pages");
    let line = format!(
        "sanitize_props: {cases} generated fragments, {item_checks} page items; \
         {oracle_checks} outputs held against ammonia, {identical} byte-identical to its\n"
    );
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
