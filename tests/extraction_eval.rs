//! Scores extraction against the shared corpus and seeds (`../shared`) and
//! fails when a total drops below the ratchet in `tests/eval_floor.toml`,
//! or when any seed is not extracted exactly.
//!
//! The corpus lives beside the checkout, not in it; when it is missing the
//! tests say so loudly and skip instead of passing on nothing.

use std::path::PathBuf;

use scholarfeed::extract::eval::{self, Report};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    news_precision: f64,
    news_recall: f64,
    publications_precision: f64,
    publications_recall: f64,
    date_accuracy: f64,
    title_accuracy: f64,
}

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    if p.join("corpus").is_dir() && p.join("seeds").is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} not found (corpus/ and seeds/ expected beside the checkout); extraction was NOT evaluated",
            p.display()
        );
        None
    }
}

fn report() -> Option<Report> {
    let shared = shared()?;
    Some(eval::run(&shared).expect("the shared corpus loads"))
}

#[test]
fn totals_stay_above_the_floor() {
    let Some(report) = report() else { return };
    let floor: Floor =
        toml::from_str(include_str!("eval_floor.toml")).expect("eval_floor.toml parses");
    let t = &report.total;
    assert!(!report.rows.is_empty(), "no pages found in the corpus");
    let checks = [
        ("news precision", t.news.precision(), floor.news_precision),
        ("news recall", t.news.recall(), floor.news_recall),
        (
            "publications precision",
            t.publications.precision(),
            floor.publications_precision,
        ),
        (
            "publications recall",
            t.publications.recall(),
            floor.publications_recall,
        ),
        ("date accuracy", t.dates.value(), floor.date_accuracy),
        ("title accuracy", t.titles.value(), floor.title_accuracy),
    ];
    let failed: Vec<String> = checks
        .iter()
        .filter(|(_, got, min)| got < min)
        .map(|(name, got, min)| format!("{name}: {got:.4} < floor {min:.4}"))
        .collect();
    assert!(
        failed.is_empty(),
        "extraction regressed:\n{}\n\n{}",
        failed.join("\n"),
        report.table(true)
    );
}

#[test]
fn seeds_are_exact() {
    let Some(report) = report() else { return };
    let seeds: Vec<_> = report.rows.iter().filter(|(c, _)| c.seed).collect();
    assert_eq!(seeds.len(), 5, "expected the five seeds");
    for (case, score) in seeds {
        assert!(
            score.exact(),
            "seed {} is not exact:\n{}",
            case.name,
            score.problems.join("\n")
        );
    }
}
