//! What one crawl run costs over a large config when it crawls almost
//! nothing: the daemon's case, whose runs each take the sources that fell
//! due in the last seconds, so a cost that grows with the config (rows of
//! every source, the output directory, the index page) is paid per run.
//!
//! `cargo run --release --example run_fixed -- CONFIG RUNS` runs
//! `pipeline::run_sources` RUNS times, each over one source (the first
//! RUNS sources, in turn), against the config's own store and output
//! directory, and prints each run's wall and CPU time. Point it at the
//! config `benches/scale.py` writes (100,000 sources); with no server on
//! the sources' address each run's one fetch fails at once, which still
//! makes the run publish (a failure changes the index page).

use std::time::Instant;

use anyhow::{Context, Result};
use scholarfeed::{config, fetch::Fetcher, pipeline, store::Store};

/// User plus system CPU seconds of this process, from /proc.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |k: usize| fields.get(k).and_then(|f| f.parse::<f64>().ok());
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    ticks(11).unwrap_or(0.0) / 100.0 + ticks(12).unwrap_or(0.0) / 100.0
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: run_fixed CONFIG RUNS")?;
    let runs: usize = args.next().map_or(Ok(3), |n| n.parse())?;
    let t = Instant::now();
    let config = std::sync::Arc::new(config::load(std::path::Path::new(&path))?);
    println!(
        "config: {} sources, loaded in {:.2} s",
        config.sources.len(),
        t.elapsed().as_secs_f64()
    );
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config))?;
    let now = chrono::Utc::now();
    let mut store = Store::open(&config.settings.database, now)?;
    for k in 0..runs.min(config.sources.len()) {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let report = pipeline::run_sources(&config, &fetcher, &mut store, now, &[k], None).await?;
        println!(
            "run {k}: {:.2} s wall, {:.2} s CPU ({} source, {} files written)",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            report.sources.len(),
            report.publish.written.len()
        );
    }
    Ok(())
}
