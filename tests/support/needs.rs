//! What a test needs from outside the repository (the shared corpus beside
//! the checkout, reader programs), and what happens when it is missing.
//!
//! A test that could not run must never look like a test that passed:
//! under `CI=true` a missing input is a failure (CI promises to provide
//! it); elsewhere the test says `SKIPPED` with its name on the terminal.
//! The line is written to the process's stderr directly, not through
//! `eprintln!`, because libtest captures the print macros of passing tests
//! and would hide it.

// Each test crate uses a different part of this file.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// `../shared/<sub>` when it exists. Missing: panics under `CI=true`,
/// otherwise prints a SKIPPED line naming the calling test and returns
/// `None` (the caller returns early).
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(sub);
    if p.exists() {
        return Some(p);
    }
    missing(&format!("../shared/{sub} is missing beside the checkout"));
    None
}

/// Whether CI asked for every test to run (`CI=true`, as `.ci/run` and
/// every common CI service set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Reports an input the current test cannot run without: a failure under
/// CI, a visible SKIPPED line elsewhere.
pub fn missing(what: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(
        !in_ci(),
        "{test}: {what}; under CI=true a test that cannot run fails"
    );
    // One write of a whole line: stderr is unbuffered, and tests running in
    // parallel would otherwise cut into it.
    let line = format!("SKIPPED {test}: {what}; this test did NOT run (under CI=true it fails)\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Panics unless `program probe...` runs and succeeds. For tests that are
/// `#[ignore]`d by default because they need an external program: when one
/// is asked to run (`--include-ignored`, as `.ci/run` does), a missing
/// program is a failure, never a quiet pass.
pub fn require_program(program: &str, probe: &[&str]) {
    let ok = std::process::Command::new(program)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "`{program} {}` failed: this test needs {program} (.ci/run installs it)",
        probe.join(" ")
    );
}
