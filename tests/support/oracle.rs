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

/// `raw` (markup our serialiser wrote: lowercase tags, `<` always
/// escaped in text and attributes) with every element named in
/// [`FOREIGN_NAMES`] renamed to a custom element (`<g>` to `<x-g>`), which
/// the HTML parser treats alike and ammonia unwraps; `None` when there is
/// none.
pub fn rename_foreign(raw: &str) -> Option<String> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<(/?)([a-z][a-z0-9-]*)([\s/>])").expect("valid regex")
    });
    let mut any = false;
    let out = TAG.replace_all(raw, |c: &regex::Captures<'_>| {
        if FOREIGN_NAMES.contains(&&c[2]) {
            any = true;
            format!("<{}x-{}{}", &c[1], &c[2], &c[3])
        } else {
            c[0].to_string()
        }
    });
    any.then(|| out.into_owned())
}

/// The text a reader sees, whitespace collapsed: every text node in
/// document order.
pub fn visible_text(html: &str) -> String {
    let frag = Html::parse_fragment(html);
    let mut s = String::new();
    for n in frag.tree.root().descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `href` and `src` value, as `name=value`.
pub fn urls(html: &str) -> BTreeSet<String> {
    let frag = Html::parse_fragment(html);
    let mut out = BTreeSet::new();
    for n in frag.tree.root().descendants() {
        if let Node::Element(e) = n.value() {
            for (k, v) in e.attrs() {
                if matches!(k, "href" | "src") {
                    out.insert(format!("{k}={v}"));
                }
            }
        }
    }
    out
}

/// The elements of a fragment as parsed, in document order, each with its
/// depth and its attributes sorted: markup compared up to attribute order
/// and how text is split.
pub fn shape(html: &str) -> Vec<String> {
    let frag = Html::parse_fragment(html);
    let mut out = Vec::new();
    for n in frag.tree.root().descendants() {
        if let Node::Element(e) = n.value() {
            let depth = n.ancestors().count();
            let mut attrs: Vec<String> = e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
            attrs.sort();
            out.push(format!("{depth}:{}[{}]", e.name(), attrs.join(" ")));
        }
    }
    out
}

/// Element names with their attributes (sorted), as a multiset.
pub fn elements(html: &str) -> Vec<String> {
    let mut v: Vec<String> = shape(html)
        .into_iter()
        .map(|s| s.split_once(':').map_or(s.clone(), |(_, r)| r.to_string()))
        .collect();
    v.sort();
    v
}
