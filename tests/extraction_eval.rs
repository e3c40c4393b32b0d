//! Scores extraction against the shared corpus, the wild pages and the
//! seeds (`../shared`) and fails when a total drops below the two-level
//! ratchet in `tests/eval_floor.toml`, or when any seed is not extracted
//! exactly.
//!
//! The pages live beside the checkout, not in it. When they are missing the
//! test says so loudly and skips, except under `CI=true`, where a run that
//! evaluated nothing must fail.

mod support;

use std::path::PathBuf;

use serde::Deserialize;
use support::eval::{self, Report, Score};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level {
    news_f1: f64,
    publications_f1: f64,
    date_accuracy: f64,
    title_accuracy: f64,
    group_accuracy: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    original: Level,
    all: Level,
}

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    if p.join("corpus").is_dir() && p.join("seeds").is_dir() && p.join("wild").is_dir() {
        return Some(p);
    }
    let msg = format!(
        "{} not found (corpus/, wild/ and seeds/ expected beside the checkout)",
        p.display()
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{msg}: under CI the extraction must be evaluated"
    );
    eprintln!("SKIPPED: {msg}; extraction was NOT evaluated");
    None
}

fn report() -> Option<Report> {
    let shared = shared()?;
    Some(eval::run(&shared).expect("the shared pages load"))
}

fn below(name: &str, t: &Score, floor: &Level) -> Vec<String> {
    [
        ("news F1", t.news.f1(), floor.news_f1),
        (
            "publications F1",
            t.publications.f1(),
            floor.publications_f1,
        ),
        ("date accuracy", t.dates.value(), floor.date_accuracy),
        ("title accuracy", t.titles.value(), floor.title_accuracy),
        ("group accuracy", t.groups.value(), floor.group_accuracy),
    ]
    .iter()
    // Floors are written to four decimals, cut down from what was achieved.
    .map(|&(what, got, min)| (what, (got * 1e4).floor() / 1e4, min))
    .filter(|(_, got, min)| got < min)
    .map(|(what, got, min)| format!("{name}: {what} {got:.4} < floor {min:.4}"))
    .collect()
}

#[test]
fn totals_stay_above_the_floor() {
    let Some(report) = report() else { return };
    let floor: Floor =
        toml::from_str(include_str!("eval_floor.toml")).expect("eval_floor.toml parses");
    let mut failed = below("original 16 sites", &report.original(), &floor.original);
    failed.extend(below("all pages", &report.total(), &floor.all));
    assert!(
        failed.is_empty(),
        "extraction regressed:\n{}\n\n{}",
        failed.join("\n"),
        report.table(true)
    );
    println!("{}", report.family_table());
}

#[test]
fn seeds_are_exact() {
    let Some(report) = report() else { return };
    let seeds: Vec<_> = report
        .rows
        .iter()
        .filter(|(c, _)| c.set == eval::Set::Seed)
        .collect();
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
