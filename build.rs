//! Packs the binary's relative relocations (`-z pack-relative-relocs`,
//! DT_RELR) where the toolchain knows the format.
//!
//! A position-independent executable carries a 24-byte record for every
//! pointer in its read-only data (vtables, string tables, panic locations),
//! which the dynamic loader reads at start: 1.9 MB for this binary, pages of
//! the file that stay resident for the whole run. Packed, they take 30 KB,
//! and a cold run of 1,000 pages peaked at 31.4 instead of 33.8 MiB
//! (BENCHMARKS.md). glibc 2.36 and binutils 2.38 (or lld 15) read and write
//! the format. The linker is asked first, on an empty program: one that
//! rejects the flag links the binary as before (an older GNU ld ignores it,
//! with a warning).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let native = var("TARGET") == var("HOST");
    if native
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && linker_packs_relocations()
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Links an empty C program with the flag, as rustc links on linux-gnu
/// (through the C compiler).
fn linker_packs_relocations() -> bool {
    let Some(out) = std::env::var_os("OUT_DIR").map(|d| PathBuf::from(d).join("relr-probe")) else {
        return false;
    };
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let child = Command::new(cc)
        .args(["-x", "c", "-", "-fPIE", "-pie", "-o"])
        .arg(&out)
        .arg("-Wl,-z,pack-relative-relocs")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut s| s.write_all(b"int main(void) { return 0; }\n").is_ok());
    let linked = child.wait().is_ok_and(|status| status.success());
    let _ = std::fs::remove_file(&out);
    wrote && linked
}
