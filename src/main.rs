//! The `scholarfeed` binary: parse the command line, set up logging, run,
//! and map the outcome to an exit code (see README.md).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use scholarfeed::cli::{self, Cli};
use scholarfeed::model::ExitStatus;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Before the runtime starts its threads (see `memory`).
    scholarfeed::memory::map_large_blocks();
    if cli.runs_until_stopped() {
        scholarfeed::memory::limit_arenas();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(ExitStatus::Fatal as u8);
        }
    };
    // The command runs as a task on the runtime's workers, not on this
    // thread: a future polled by `block_on` is woken from the worker that
    // saw its socket ready, a thread switch per event. A cold run of 1,000
    // pages made 22,000-24,000 context switches that way, 15,000-16,000
    // this way (BENCHMARKS.md).
    let code = runtime.block_on(async {
        match tokio::spawn(run(cli)).await {
            Ok(code) => code,
            // A panic in the command is reported as it would have been
            // on this thread.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Cancelled: only a runtime shutting down does that, and
            // nothing here shuts it down before the command ends.
            Err(e) => {
                eprintln!("error: the command was stopped: {e}");
                ExitCode::from(ExitStatus::Fatal as u8)
            }
        }
    });
    // A blocking thread still busy (an extraction abandoned after its
    // timeout) must not keep the process from exiting.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    code
}

async fn run(cli: Cli) -> ExitCode {
    let filter = cli::log_filter(
        std::env::var("RUST_LOG").ok().as_deref(),
        cli.verbose,
        cli.quiet,
    );
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match cli::run(cli).await {
        Ok(status) => ExitCode::from(status as u8),
        // `scholarfeed status | head`: the reader has all it wanted.
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(ExitStatus::of_error(&e) as u8)
        }
    }
}
