//! Everything extraction produces for each file named on the command line,
//! in full (sanitised markup, markup as on the page, the `--explain` log,
//! and the items two CSS overrides select), so that a change meant to keep
//! extraction's output identical can be checked by diffing two dumps:
//! `cargo run --release --example dump_all -- FILES... > dump.txt`.

use scholarfeed::extract::{Markup, Overrides, detect_format, explain, extract_with};
use scraper::Selector;
use url::Url;

fn main() {
    // Overrides exercise the selector-to-arena mapping; these select
    // something on nearly every page.
    let overrides = Overrides {
        news: Some(Selector::parse("li, p > a").expect("valid selector")),
        publications: Some(Selector::parse("div[class] > span, tr:nth-child(2n)").expect("valid")),
    };
    for path in std::env::args().skip(1) {
        let body = std::fs::read_to_string(&path).expect("readable file");
        let url = Url::parse(&format!("https://example.org/dir/{path}")).expect("valid URL");
        let format = detect_format(None, &url, &body);
        println!("#### {path}");
        for markup in [Markup::Safe, Markup::AsOnPage] {
            let page = extract_with(&body, format, &url, &Overrides::default(), markup);
            println!("{page:#?}");
            for s in &page.sections {
                for it in &s.items {
                    println!("{}", it.html);
                }
            }
        }
        let (page, log) = explain(&body, format, &url, &overrides);
        println!("{page:#?}\n{log:#?}");
        for s in &page.sections {
            for it in &s.items {
                println!("{}", it.html);
            }
        }
    }
}
