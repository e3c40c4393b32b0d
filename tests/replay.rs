//! The corpus replay (v1, v2, v3, v3 again through the whole pipeline),
//! held to the floor committed in `tests/replay_floor.toml`. Raise the floor
//! when results improve; never lower it to make a change pass.
//! `cargo run --release --example replay` prints the full table.

mod support;

use support::replay::{replay, shared_dir, table};

#[derive(serde::Deserialize)]
struct Floor {
    precision: f64,
    recall: f64,
    max_edits_as_new: usize,
    max_spurious: usize,
    removed_recall: f64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_replay_meets_the_committed_floor() {
    let shared = shared_dir();
    if !shared.join("corpus").is_dir() {
        eprintln!(
            "SKIPPED: {} is missing; the replay needs ../shared/corpus",
            shared.join("corpus").display()
        );
        return;
    }
    let floor: Floor = toml::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/replay_floor.toml"
        ))
        .unwrap(),
    )
    .unwrap();
    let report = replay(&shared).await;
    let t = report.total();
    let shown = table(&report);
    println!("{shown}");
    assert_eq!(
        t.baseline_leaks, 0,
        "the first crawl must announce nothing\n{shown}"
    );
    assert_eq!(
        t.no_change_leaks, 0,
        "the repeated v3 crawl must change nothing\n{shown}"
    );
    assert!(
        report.feeds_unchanged_on_repeat,
        "feed files changed on the repeated crawl\n{shown}"
    );
    assert!(
        t.precision() >= floor.precision,
        "precision {:.3} < {}\n{shown}",
        t.precision(),
        floor.precision
    );
    assert!(
        t.recall() >= floor.recall,
        "recall {:.3} < {}\n{shown}",
        t.recall(),
        floor.recall
    );
    assert!(
        t.edits_as_new <= floor.max_edits_as_new,
        "{} edits announced as new\n{shown}",
        t.edits_as_new
    );
    assert!(
        t.spurious <= floor.max_spurious,
        "{} spurious entries\n{shown}",
        t.spurious
    );
    let removed_recall = if t.removed_expected == 0 {
        1.0
    } else {
        t.removed_found as f64 / t.removed_expected as f64
    };
    assert!(
        removed_recall >= floor.removed_recall,
        "removed recall {removed_recall:.3}\n{shown}"
    );
}
