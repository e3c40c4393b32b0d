//! Prints the extraction score table for the shared corpus and seeds:
//! `cargo run --release --example eval [-- -v]` (`-v` lists every miss and extra).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    match scholarfeed::extract::eval::run(&shared) {
        Ok(mut report) => {
            if let Some(f) = filter {
                report.rows.retain(|(c, _)| c.name.contains(&f));
            }
            print!("{}", report.table(verbose));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
