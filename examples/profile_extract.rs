//! Times extraction's stages on one file, for finding hot spots:
//! `cargo run --release --example profile_extract -- PATH [N] [parse|extract]`.
//!
//! With a stage named, only that stage runs, N times: for counting it with
//! `perf stat -e instructions`, which a loaded machine does not disturb the
//! way it disturbs wall time.

use std::time::Instant;

use scholarfeed::extract::{
    Overrides, detect_format,
    dom::{self, Doc},
    extract, markdown, sections,
};
use scholarfeed::model::Format;
use url::Url;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_extract PATH [N]");
    let n: u32 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let body = std::fs::read_to_string(&path).expect("readable file");
    let url = Url::parse(&format!("https://example.org/{path}")).expect("valid URL");
    let format = detect_format(None, &url, &body);
    let time = |name: &str, f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        println!("{name:<12} {:>10.3?}", t.elapsed() / n);
    };
    // Markdown is rendered first; the parse to compare with is the rendered page's, as in the bench.
    let stage = std::env::args().nth(3);
    let html = if format == Format::Markdown {
        // Not when counting a stage: the count would include N renderings.
        if stage.is_none() {
            time("markdown", &|| drop(markdown::to_html(&body)));
        }
        markdown::to_html(&body)
    } else {
        body.clone()
    };
    match stage.as_deref() {
        Some("parse") => {
            for _ in 0..n {
                drop(std::hint::black_box(scraper::Html::parse_document(&html)));
            }
            return;
        }
        Some("extract") => {
            for _ in 0..n {
                drop(std::hint::black_box(extract(
                    &body,
                    format,
                    &url,
                    &Overrides::default(),
                )));
            }
            return;
        }
        _ => {}
    }
    time("parse", &|| drop(scraper::Html::parse_document(&html)));
    time("our parse", &|| drop(dom::parse(&html)));
    let page = dom::parse(&html);
    time("arena", &|| drop(Doc::new(&page, &url)));
    let doc = Doc::new(&page, &url);
    time("headings", &|| drop(sections::headings(&doc)));
    time("extract", &|| {
        drop(extract(&body, format, &url, &Overrides::default()))
    });
}
