//! Extraction throughput on corpus pages, next to html5ever's bare parse of
//! the same pages: extraction parses once and walks the flat copy linearly,
//! so it should cost little more than the parse itself (target <= 1.25x).
//!
//! Reads `../shared/corpus`; prints a skip message and benchmarks nothing
//! when it is missing.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use scholarfeed::extract::{Overrides, detect_format, extract, markdown};
use url::Url;

/// Pages chosen to span the layouts: a 390 KB publication list, a large
/// i18n page, an al-folio page, and a Markdown source.
const PAGES: &[&str] = &[
    "handwritten-liuziwei7-publications/v3.html",
    "i18n-hughw19/v3.html",
    "alfolio-boqichen/v3.html",
    "academicpages-ziqihuangg/v3.md",
];

fn bench(c: &mut Criterion) {
    let corpus = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    if !corpus.is_dir() {
        eprintln!(
            "SKIPPED: {} not found; nothing benchmarked",
            corpus.display()
        );
        return;
    }
    for page in PAGES {
        let Ok(body) = std::fs::read_to_string(corpus.join(page)) else {
            eprintln!("SKIPPED: {page} not found");
            continue;
        };
        let url = Url::parse(&format!("https://example.org/{page}")).expect("valid URL");
        let format = detect_format(None, &url, &body);
        // The bare parse gets the same HTML the extractor parses (Markdown rendered first).
        let html = if page.ends_with(".md") {
            markdown::to_html(&body)
        } else {
            body.clone()
        };
        let mut group = c.benchmark_group(*page);
        group.bench_function("parse", |b| {
            b.iter(|| scraper::Html::parse_document(black_box(&html)))
        });
        group.bench_function("extract", |b| {
            b.iter(|| extract(black_box(&body), format, &url, &Overrides::default()))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
