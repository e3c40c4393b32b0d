//! The floor under a cold run: what html5ever alone costs on the same pages,
//! next to our extraction (which sanitises item markup as it writes it), on
//! one thread; and, for comparison, the path before that: extraction with
//! the markup as on the page, then ammonia over every item as the store
//! ran it (`tests/support/oracle.rs`).
//! `cargo run --release --example floor -- DIR` (every `*.html` / `*.md`
//! below DIR; `benches/e2e.py` leaves its pages in /tmp/scholarfeed-bench/www).

#[path = "../tests/support/oracle.rs"]
mod oracle;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scholarfeed::extract::{Markup, Overrides, detect_format, extract, extract_with, markdown};
use scholarfeed::model::Format;
use url::Url;

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "html" || x == "md") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: floor DIR");
    let mut files = Vec::new();
    pages(Path::new(&dir), &mut files);
    files.sort();
    let (mut bytes, mut items) = (0, 0);
    let (mut parse, mut extracting, mut raw_extracting, mut ammonia) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    for f in &files {
        let body = std::fs::read_to_string(f).expect("readable UTF-8 page");
        let url = Url::from_file_path(std::fs::canonicalize(f).expect("path")).expect("file URL");
        let format = detect_format(None, &url, &body);
        bytes += body.len();
        let t = Instant::now();
        // For Markdown the parse to compare with is of the rendered page.
        let html = match format {
            Format::Markdown => markdown::to_html(&body),
            _ => body.clone(),
        };
        drop(scraper::Html::parse_document(&html));
        parse += t.elapsed();
        let t = Instant::now();
        let page = extract(&body, format, &url, &Overrides::default());
        extracting += t.elapsed();
        items += page.sections.iter().map(|s| s.items.len()).sum::<usize>();
        let t = Instant::now();
        let mut page = extract_with(&body, format, &url, &Overrides::default(), Markup::AsOnPage);
        raw_extracting += t.elapsed();
        let t = Instant::now();
        for item in page.sections.iter_mut().flat_map(|s| &mut s.items) {
            item.html = oracle::old_sanitize(&item.html);
        }
        ammonia += t.elapsed();
    }
    let n = files.len().max(1) as u32;
    println!(
        "{} pages, {:.1} MB, {items} items, one thread:",
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "  html5ever parse only         {parse:>10.2?}  ({:.2?} per page)",
        parse / n
    );
    println!(
        "  extract (ours, with parse)   {extracting:>10.2?}  ({:.2?} per page, {:.2}x the parse)",
        extracting / n,
        extracting.as_secs_f64() / parse.as_secs_f64().max(1e-9)
    );
    println!("before, for comparison (markup as on the page, then ammonia as the store ran it):");
    println!(
        "  extract, markup unsanitised  {raw_extracting:>10.2?}  ({:.2?} per page)",
        raw_extracting / n
    );
    println!(
        "  + sanitise items (ammonia)   {ammonia:>10.2?}  ({:.2?} per page)",
        ammonia / n
    );
}
