//! The corpus replay (v1, v2, v3, v3 again through the whole pipeline),
//! held to the floor committed in `tests/replay_floor.toml`. Raise the floor
//! when results improve; never lower it to make a change pass.
//! `cargo run --release --example replay` prints the full table.

mod support;

use support::replay::{SiteScore, replay, shared_dir, table};

/// One level of the ratchet.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Level {
    precision: f64,
    recall: f64,
    max_edits_as_new: usize,
    max_spurious: usize,
    removed_recall: f64,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    original: Level,
    all: Level,
}

/// What falls short of `floor` in the totals `t`.
fn below(name: &str, t: &SiteScore, floor: &Level) -> Vec<String> {
    let removed_recall = if t.removed_expected == 0 {
        1.0
    } else {
        t.removed_found as f64 / t.removed_expected as f64
    };
    let mut out = Vec::new();
    if t.precision() < floor.precision {
        out.push(format!(
            "precision {:.3} < {}",
            t.precision(),
            floor.precision
        ));
    }
    if t.recall() < floor.recall {
        out.push(format!("recall {:.3} < {}", t.recall(), floor.recall));
    }
    if t.edits_as_new > floor.max_edits_as_new {
        out.push(format!(
            "{} edits announced as new (max {})",
            t.edits_as_new, floor.max_edits_as_new
        ));
    }
    if t.spurious > floor.max_spurious {
        out.push(format!(
            "{} spurious entries (max {})",
            t.spurious, floor.max_spurious
        ));
    }
    if removed_recall < floor.removed_recall {
        out.push(format!(
            "removed recall {removed_recall:.3} < {}",
            floor.removed_recall
        ));
    }
    out.into_iter().map(|m| format!("{name}: {m}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_replay_meets_the_committed_floor() {
    let shared = shared_dir();
    if !shared.join("corpus").is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing: under CI the replay must run",
            shared.join("corpus").display()
        );
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
    let mut failed = below("original 16 sites", &report.original(), &floor.original);
    failed.extend(below("all sites", &t, &floor.all));
    assert!(failed.is_empty(), "{}\n{shown}", failed.join("\n"));
}
