//! Two link-time layouts of the binary, each used where the toolchain
//! supports it; without them it links and runs the same, with more of its
//! file resident.
//!
//! Packed relative relocations (`-z pack-relative-relocs`, DT_RELR):
//! A position-independent executable carries a 24-byte record for every
//! pointer in its read-only data (vtables, string tables, panic locations),
//! which the dynamic loader reads at start: 1.9 MB for this binary, pages of
//! the file that stay resident for the whole run. Packed, they take 30 KB,
//! and a cold run of 1,000 pages peaked at 31.4 instead of 33.8 MiB
//! (BENCHMARKS.md). glibc 2.36 and binutils 2.38 (or lld 15) read and write
//! the format. The linker is asked first, on an empty program: one that
//! rejects the flag links the binary as before (an older GNU ld ignores it,
//! with a warning).
//!
//! The functions a run executes, side by side (`link/functions.order`,
//! lld's `--symbol-ordering-file`): of the 11.8 MB of machine code, a run
//! executes about 5 MB, spread over the whole section; the kernel maps
//! code in 64 KiB blocks around each page touched, so 10 MB of it became
//! resident. Placed together, a cold run of 1,000 pages peaked at 24.2-24.9
//! MiB instead of 27.7-28.3 (BENCHMARKS.md). The list names symbols as
//! rustc mangles them, with hashes that change with the compiler's
//! version and the dependencies': a stale list still links (lld skips the
//! names it does not find) but helps less, and `benches/order.py` writes a
//! new one. It is passed only when rustc, with this build's flags and
//! linker, links a program with it (rustc links with lld on
//! x86_64-unknown-linux-gnu from 1.90).

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
    let order = PathBuf::from(var("CARGO_MANIFEST_DIR")).join("link/functions.order");
    println!("cargo:rerun-if-changed={}", order.display());
    let order_args = [
        format!("-Wl,--symbol-ordering-file={}", order.display()),
        "-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    if native && order.is_file() && rustc_links_with(&order_args) {
        for arg in order_args {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
    }
}

/// Whether rustc, with the flags and linker this build uses, links an
/// empty program with `args` passed to the linker.
fn rustc_links_with(args: &[String]) -> bool {
    let Some(dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return false;
    };
    let (src, out) = (dir.join("order-probe.rs"), dir.join("order-probe"));
    if std::fs::write(&src, "fn main() {}\n").is_err() {
        return false;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut cmd = Command::new(rustc);
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    if let Some(linker) = std::env::var_os("RUSTC_LINKER") {
        cmd.arg("-C")
            .arg(format!("linker={}", linker.to_string_lossy()));
    }
    for arg in args {
        cmd.arg("-C").arg(format!("link-arg={arg}"));
    }
    let linked = cmd
        .arg("-o")
        .arg(&out)
        .arg(&src)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&out);
    linked
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
