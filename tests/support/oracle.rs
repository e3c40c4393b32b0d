//! ammonia configured as the store configured it before extraction learnt
//! to sanitize (`src/extract/sanitize.rs`): the oracle our sanitiser is
//! held against (`tests/sanitize_oracle.rs`) and timed against
//! (`examples/floor.rs`). A dev-dependency only: no part of the product.

#![allow(dead_code)]

use std::collections::BTreeSet;

use scraper::{Html, Node};

/// The store's old `sanitize`, verbatim: ammonia's defaults plus
/// `rel="noopener noreferrer"`, the attribute filter, and the `<li>` unwrap.
pub fn old_sanitize(html: &str) -> String {
    let clean = reclean(html);
    // An item is often one `<li>` of the page's list; alone in a feed entry
    // it would render as a stray bullet.
    let t = clean.trim();
    match t.strip_prefix("<li>").and_then(|r| r.strip_suffix("</li>")) {
        Some(inner) => format!("<div>{inner}</div>"),
        None => clean,
    }
}

/// ammonia as the store configured it (the old `sanitize` without its
/// `<li>` unwrap): what it lets through of `html`.
pub fn reclean(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.link_rel(Some("noopener noreferrer"));
            b.attribute_filter(|element, attribute, value| match attribute {
                "href" if element == "a" && value.trim().is_empty() => None,
                "href" | "src" | "cite" if value.contains('@') => {
                    Some(scholarfeed::model::redact_url(value).into())
                }
                _ => Some(value.into()),
            });
            b
        });
    CLEANER.clean(html).to_string()
}

/// The lowercase names ammonia takes for SVG or MathML elements
/// (`is_svg_tag`, `is_mathml_tag` in ammonia 4's source), less those it
/// also accepts as HTML and those the HTML parser never leaves as they are
/// (`svg` and `math` open foreign content, which the arena leaves out;
/// `image` becomes `img`). In HTML, ammonia drops an element of one of
/// these names with its content; our sanitiser unwraps it like any unknown
/// element (see `src/extract/sanitize.rs`).
pub const FOREIGN_NAMES: &[&str] = &[
    "animate",
    "circle",
    "defs",
    "desc",
    "discard",
    "ellipse",
    "filter",
    "g",
    "line",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "rect",
    "set",
    "stop",
    "switch",
    "symbol",
    "text",
    "tspan",
    "use",
    "view",
    "abs",
    "and",
    "annotation",
    "annotation-xml",
    "apply",
    "approx",
    "arccos",
    "arccosh",
    "arccot",
    "arccoth",
    "arccsc",
    "arccsch",
    "arcsec",
    "arcsech",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "arg",
    "bind",
    "bvar",
    "card",
    "cartesianproduct",
    "cbytes",
    "ceiling",
    "cerror",
    "ci",
    "cn",
    "codomain",
    "complexes",
    "compose",
    "condition",
    "conjugate",
    "cos",
    "cosh",
    "cot",
    "coth",
    "cs",
    "csc",
    "csch",
    "csymbol",
    "curl",
    "declare",
    "degree",
    "determinant",
    "diff",
    "divergence",
    "divide",
    "domain",
    "domainofapplication",
    "emptyset",
    "eq",
    "equivalent",
    "eulergamma",
    "exists",
    "exp",
    "exponentiale",
    "factorial",
    "factorof",
    "false",
    "floor",
    "fn",
    "forall",
    "gcd",
    "geq",
    "grad",
    "gt",
    "ident",
    "imaginary",
    "imaginaryi",
    "implies",
    "in",
    "infinity",
    "int",
    "integers",
    "intersect",
    "interval",
    "inverse",
    "lambda",
    "laplacian",
    "lcm",
    "leq",
    "limit",
    "list",
    "ln",
    "log",
    "logbase",
    "lowlimit",
    "lt",
    "maction",
    "maligngroup",
    "malignmark",
    "matrix",
    "matrixrow",
    "max",
    "mean",
    "median",
    "menclose",
    "merror",
    "mfenced",
    "mfrac",
    "mglyph",
    "mi",
    "min",
    "minus",
    "mlabeledtr",
    "mlongdiv",
    "mmultiscripts",
    "mn",
    "mo",
    "mode",
    "moment",
    "momentabout",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mscarries",
    "mscarry",
    "msgroup",
    "msline",
    "mspace",
    "msqrt",
    "msrow",
    "mstack",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "naturalnumbers",
    "neq",
    "none",
    "not",
    "notanumber",
    "notin",
    "notprsubset",
    "notsubset",
    "or",
    "otherwise",
    "outerproduct",
    "partialdiff",
    "pi",
    "piece",
    "piecewise",
    "plus",
    "power",
    "primes",
    "product",
    "prsubset",
    "quotient",
    "rationals",
    "real",
    "reals",
    "reln",
    "rem",
    "root",
    "scalarproduct",
    "sdev",
    "sec",
    "sech",
    "selector",
    "semantics",
    "sep",
    "setdiff",
    "share",
    "sin",
    "sinh",
    "subset",
    "sum",
    "tan",
    "tanh",
    "tendsto",
    "times",
    "transpose",
    "true",
    "union",
    "uplimit",
    "variance",
    "vector",
    "vectorproduct",
    "xor",
];

/// Elements whose content the HTML parser reads as raw text. In markup as
/// written from the arena their text is escaped like any other, so for
/// ammonia to read the same text again they must lose their meaning
/// (ours unwraps them, as ammonia does).
pub const RAW_TEXT_NAMES: &[&str] = &[
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    // Not raw text, but a parser drops a newline opening them; renamed, the
    // text reaches ammonia as it reaches ours.
    "textarea",
    "listing",
];

/// `raw` (markup our serialiser wrote: lowercase tags, `<` always
/// escaped in text and attributes) with every element named in
/// [`FOREIGN_NAMES`] or [`RAW_TEXT_NAMES`] renamed to a custom element
/// (`<g>` to `<x-g>`), which the HTML parser reads as a plain element and
/// ammonia unwraps; `None` when there is none.
pub fn rename_foreign(raw: &str) -> Option<String> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<(/?)([a-z][a-z0-9-]*)([\s/>])").expect("valid regex")
    });
    let mut any = false;
    let out = TAG.replace_all(raw, |c: &regex::Captures<'_>| {
        if FOREIGN_NAMES.contains(&&c[2]) || RAW_TEXT_NAMES.contains(&&c[2]) {
            any = true;
            format!("<{}x-{}{}", &c[1], &c[2], &c[3])
        } else {
            c[0].to_string()
        }
    });
    any.then(|| out.into_owned())
}

/// What a reader gets from a fragment, from one parse: its text
/// (whitespace collapsed), its `href` and `src` values (as `name=value`),
/// and its elements with their sorted attributes.
///
/// Parse only markup ammonia wrote and then cleaned once more: scraper
/// 0.24's tree loses text when the parser has to re-nest a link inside a
/// link around blocks (`<a><sup><details>…<li><a>` drops the `<li>`s;
/// html5ever with ammonia's tree keeps them), and markup can hold such a
/// nesting where the page's own parse made one.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub text: String,
    pub urls: BTreeSet<String>,
    /// `name[k="v" ...]` for each element, sorted: a multiset.
    pub elements: Vec<String>,
}

/// `name[k="v" ...]`, attributes sorted.
fn element(name: &str, attrs: impl Iterator<Item = (String, String)>) -> String {
    let mut a: Vec<String> = attrs.map(|(k, v)| format!("{k}={v:?}")).collect();
    a.sort();
    format!("{name}[{}]", a.join(" "))
}

impl Summary {
    pub fn of(html: &str) -> Summary {
        let frag = Html::parse_fragment(html);
        let mut text = String::new();
        let mut urls = BTreeSet::new();
        let mut elements = Vec::new();
        for n in frag.tree.root().descendants() {
            match n.value() {
                Node::Text(t) => text.push_str(t),
                Node::Element(e) => {
                    for (k, v) in e.attrs() {
                        if matches!(k, "href" | "src") {
                            urls.insert(format!("{k}={v}"));
                        }
                    }
                    // The fragment parser's own root.
                    if n.parent().is_some_and(|p| p.parent().is_some()) {
                        let attrs = e.attrs().map(|(k, v)| (k.to_string(), v.to_string()));
                        elements.push(element(e.name(), attrs));
                    }
                }
                _ => {}
            }
        }
        elements.sort();
        Summary {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            urls,
            elements,
        }
    }

    /// [`Summary::urls`] that are absolute URLs: ammonia keeps a value that
    /// is no URL at all (`src=""`, a relative one the page's base could not
    /// resolve) where ours drops it.
    pub fn absolute_urls(&self) -> BTreeSet<String> {
        self.urls
            .iter()
            .filter(|u| {
                u.split_once('=')
                    .is_some_and(|(_, v)| url::Url::parse(v).is_ok())
            })
            .cloned()
            .collect()
    }
}

/// One tag of markup our serialiser wrote.
#[derive(Debug)]
pub struct Tag {
    pub end: bool,
    pub name: String,
    /// Values as a browser reads them (our escapes undone).
    pub attrs: Vec<(String, String)>,
}

/// The tags of markup our serialiser wrote, in order. Every `<` in it
/// opens a tag (text and attribute values have theirs escaped), and a tag
/// is `<name k="v"...>` or `</name>`: anything else is an error.
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^<(/?)([a-z0-9]+)((?: [a-z:-]+="[^"<>]*")*)>"#).expect("valid regex")
    });
    static ATTR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#" ([a-z:-]+)="([^"]*)""#).expect("valid regex")
    });
    let unescape = |v: &str| {
        v.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&")
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let m = TAG
            .captures(&html[at..])
            .ok_or_else(|| format!("malformed tag at {at}: {:.40}", &html[at..]))?;
        out.push(Tag {
            end: &m[1] == "/",
            name: m[2].to_string(),
            attrs: ATTR
                .captures_iter(&m[3])
                .map(|a| (a[1].to_string(), unescape(&a[2])))
                .collect(),
        });
        i = at + m[0].len();
    }
    Ok(out)
}

/// Holds `ours`, our sanitiser's output for `raw` (the same markup as on
/// the page, unsanitized), against ammonia as the store ran it on `raw`.
/// A reader must see the same text and links in both, and ammonia, given
/// ours, must keep every element and attribute of it. `Ok(true)` when the
/// two are byte-identical.
///
/// One difference is made on purpose and compensated here: ammonia drops
/// an HTML element named like an SVG or MathML one with its text, ours
/// unwraps it; ammonia gets those renamed ([`rename_foreign`]).
pub fn judge(raw: &str, ours: &str) -> Result<bool, String> {
    let old = old_sanitize(&rename_foreign(raw).unwrap_or_else(|| raw.to_string()));
    let again = reclean(ours);
    let show = || format!("\n  raw:     {raw:.600}\n  ammonia: {old:.600}\n  ours:    {ours:.600}");
    // Both as ammonia's parser reads them (see `Summary`): ammonia's output
    // can nest a link in a link too, so it is read after a second pass, and
    // ours after two (each pass loses a newline opening a `pre`, which
    // html5ever does not write back; ours does).
    let b = Summary::of(&again);
    if old != ours {
        let a = Summary::of(&reclean(&old));
        let b = Summary::of(&reclean(&again));
        if a.text != b.text {
            return Err(format!(
                "the text differs{}\n  text ammonia: {:.300}\n  text ours:    {:.300}",
                show(),
                a.text,
                b.text
            ));
        }
        if a.absolute_urls() != b.urls {
            return Err(format!(
                "the links differ{}\n  {:?}\n  {:?}",
                show(),
                a.absolute_urls(),
                b.urls
            ));
        }
    }
    let mut left = b.elements;
    for t in tags(ours).map_err(|e| format!("{e}{}", show()))? {
        if t.end {
            continue;
        }
        let e = element(&t.name, t.attrs.into_iter());
        match left.iter().position(|x| *x == e) {
            Some(p) => {
                left.swap_remove(p);
            }
            None => {
                return Err(format!(
                    "ammonia strips {e} from ours{}\n  ammonia(ours): {again:.600}",
                    show()
                ));
            }
        }
    }
    Ok(old == ours)
}
