//! Prints the extraction score table for the shared corpus, wild pages and
//! seeds: `cargo run --release --example eval [-- -v] [--by-family] [FILTER]`
//! (`-v` lists every miss and extra; `--by-family` prints one row per
//! template family; FILTER keeps the pages whose name contains it).

#[path = "../tests/support/mod.rs"]
mod support;

use support::eval;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let by_family = std::env::args().any(|a| a == "--by-family");
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    match eval::run(&shared) {
        Ok(mut report) => {
            if let Some(f) = filter {
                report
                    .rows
                    .retain(|(c, _)| c.name.contains(&f) || c.family == f);
            }
            if by_family {
                print!("{}", report.family_table());
            } else {
                print!("{}", report.table(verbose));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
