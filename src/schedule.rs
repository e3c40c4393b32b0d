//! The daemon: `run_once` on the configured cron schedule until a signal.
//!
//! The next fire time is computed after each run from the clock, not from
//! the previous fire time, so a run longer than the interval or a suspended
//! laptop yields one catch-up crawl, never a burst. SIGINT / SIGTERM are
//! awaited with `select!` against the sleep, and a run in progress is
//! finished (each source is its own transaction, feeds are written
//! atomically) before the process exits 0.

use std::time::Duration;

use anyhow::Result;
use chrono::{Local, Utc};
use tracing::{error, info};

use crate::cli::ExitStatus;
use crate::config::Config;
use crate::fetch::Fetcher;
use crate::pipeline::{self, RunLock};
use crate::store::Store;

pub async fn run_daemon(config: Config) -> Result<ExitStatus> {
    let fetcher = Fetcher::new(pipeline::fetch_settings(&config))?;
    info!(
        "daemon started: {} sources, schedule {:?}, feeds in {}",
        config.sources.len(),
        config.settings.schedule.text,
        config.settings.output_dir.display()
    );
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let now = Local::now();
        let next = config
            .settings
            .schedule
            .cron
            .find_next_occurrence(&now, false)?;
        let wait = (next - now).to_std().unwrap_or(Duration::ZERO);
        info!("next crawl at {}", next.format("%Y-%m-%d %H:%M %Z"));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = &mut shutdown => break,
        }
        let run = async {
            let _lock = RunLock::acquire(&config.settings.database).await?;
            let now = Utc::now();
            let mut store = Store::open(&config.settings.database, now)?;
            pipeline::run_once(&config, &fetcher, &mut store, now).await
        };
        // A run is not cancelled by a signal: it finishes, then we stop.
        match run.await {
            Ok(r) => info!(
                "run finished: {} sources ({} failed); new {}, updated {}, removed {}",
                r.sources.len(),
                r.failed(),
                r.totals.new,
                r.totals.updated,
                r.totals.removed
            ),
            Err(e) => error!("run failed: {e:#}"),
        }
    }
    info!("shutting down");
    Ok(ExitStatus::Ok)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
