//! Prints the corpus replay table: `cargo run --release --example replay`.
//! See tests/support/replay.rs for what is measured.

#[path = "../tests/support/mod.rs"]
mod support;

use support::replay;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let shared = replay::shared_dir();
    if !shared.join("corpus").is_dir() {
        eprintln!(
            "{} is missing: the replay needs ../shared/corpus",
            shared.join("corpus").display()
        );
        std::process::exit(2);
    }
    let started = std::time::Instant::now();
    let report = replay::replay(&shared).await;
    print!("{}", replay::table(&report));
    let t = report.total();
    println!(
        "\nprecision {:.3}, recall {:.3}, edits-as-new {}, regroups-as-new {}, spurious {}, leaks {}; {:.1} s",
        t.precision(),
        t.recall(),
        t.edits_as_new,
        t.regroups_as_new,
        t.spurious,
        t.no_change_leaks + t.baseline_leaks,
        started.elapsed().as_secs_f64()
    );
}
