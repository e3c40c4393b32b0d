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
    let code = runtime.block_on(run(cli));
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
