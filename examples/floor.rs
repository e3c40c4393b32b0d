//! The floor under a cold run: what html5ever alone costs on the same pages,
//! next to our extraction and the sanitising of its items, on one thread.
//! `cargo run --release --example floor -- DIR` (every `*.html` / `*.md`
//! below DIR; `benches/e2e.py` leaves its pages in /tmp/scholarfeed-bench/www).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scholarfeed::extract::{Overrides, detect_format, extract, markdown};
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
    let (mut parse, mut extracting, mut sanitising) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
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
        let mut page = extract(&body, format, &url, &Overrides::default());
        extracting += t.elapsed();
        let t = Instant::now();
        scholarfeed::store::sanitize_page(&mut page);
        sanitising += t.elapsed();
        items += page.sections.iter().map(|s| s.items.len()).sum::<usize>();
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
        "  extract (ours, with parse)   {extracting:>10.2?}  ({:.2?} per page)",
        extracting / n
    );
    println!(
        "  sanitise items (ammonia)     {sanitising:>10.2?}  ({:.2?} per page)",
        sanitising / n
    );
}
