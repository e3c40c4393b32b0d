#!/usr/bin/env python3
"""Writes link/scholarfeed.profdata: how often each branch of the code ran in
`aggregate --once`, for rustc's profile-guided optimisation (PGO).

    python3 benches/pgo.py                       # train on ../shared's corpus, wild pages and seeds
    python3 benches/pgo.py --from wild,seeds     # train without the corpus (benches/e2e.py's pages)
    python3 benches/pgo.py --check               # then build with it, as benches/e2e.py --pgo does

The binary built with the profile (how to build it: README, "How it is
built") spends about a tenth less CPU on the same work (BENCHMARKS.md):
rustc lays out and inlines the hot paths of html5ever's tokenizer, the
extraction and the store by what they did, not by guesses.

What it does (loopback only):
1. Builds the release binary instrumented (`-Cprofile-generate`) in
   target/pgo-generate, so the ordinary build is left alone.
2. N homepages generated from the chosen pages as benches/e2e.py does,
   served by nginx on 127.1.0.x with ETag/Last-Modified.
3. Three runs: cold (empty store), warm (304s), and after a tenth of the
   pages changed; code that no run executes is optimised for size, so the
   runs cover the common paths of a crawl, not only the first.
4. `llvm-profdata merge --sparse` (rustup's llvm-tools component, which
   matches rustc's LLVM) into link/scholarfeed.profdata.

The profile names functions by a hash of their code: a function edited
since, or built by another compiler, is compiled as without it (rustc
drops what does not match), so a stale profile helps less but builds the
same. Run this after changing extraction, parsing or the store, or after
a compiler upgrade. Needs nginx and `rustup component add llvm-tools`.
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402

ROOT = e2e.ROOT
SHARED = os.path.join(ROOT, "..", "shared")
PROFILE = os.path.join(ROOT, "link", "scholarfeed.profdata")


def pages_from(sets):
    """(ext, bytes) of every page in the named sets of ../shared."""
    pages = []
    for name in sets:
        if name == "corpus":
            pages += e2e.corpus_pages()
            continue
        found = sorted(glob.glob(os.path.join(SHARED, name, "**", "*.html"), recursive=True))
        found += sorted(glob.glob(os.path.join(SHARED, name, "**", "*.md"), recursive=True))
        found = [p for p in found if os.path.basename(p) != "README.md"]
        if not found:
            sys.exit(f"no pages under {os.path.join(SHARED, name)}")
        pages += [(p.rsplit(".", 1)[1], open(p, "rb").read()) for p in found]
    return pages


def llvm_profdata():
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True).stdout.strip()
    host = [
        l.split(": ", 1)[1]
        for l in subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout.splitlines()
        if l.startswith("host: ")
    ][0]
    tool = os.path.join(sysroot, "lib", "rustlib", host, "bin", "llvm-profdata")
    if not os.path.exists(tool):
        sys.exit("needs rustc's own llvm-profdata: rustup component add llvm-tools")
    return tool


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="sets", default="corpus,wild,seeds", help="page sets of ../shared to train on")
    ap.add_argument("--pages", type=int, default=600, help="homepages generated from them")
    ap.add_argument("--work", default="/tmp/scholarfeed-pgo")
    ap.add_argument("--port", type=int, default=8895)
    ap.add_argument("--out", default=PROFILE)
    ap.add_argument("--check", action="store_true", help="then build with the profile (target/pgo-HASH, as benches/e2e.py --pgo does)")
    args = ap.parse_args()
    if shutil.which("nginx") is None:
        sys.exit("needs nginx")
    profdata = llvm_profdata()

    shutil.rmtree(args.work, ignore_errors=True)
    raw = os.path.join(args.work, "raw")
    os.makedirs(raw)
    target = os.path.join(ROOT, "target", "pgo-generate")
    env = dict(os.environ, CARGO_TARGET_DIR=target, RUSTFLAGS=f"-Cprofile-generate={raw}")
    e2e.sh(["cargo", "build", "--release", "--quiet", "--bin", "scholarfeed"], cwd=ROOT, env=env)
    binary = os.path.join(target, "release", "scholarfeed")
    # Only the binary's runs count, not the build scripts' that wrote
    # profiles while building it.
    for f in glob.glob(os.path.join(raw, "*.profraw")):
        os.remove(f)

    def crawl(step, run):
        subprocess.run(
            [binary, "aggregate", "--once"],
            cwd=run,
            env=dict(os.environ, RUST_LOG="warn", LLVM_PROFILE_FILE=os.path.join(raw, "run-%p-%m.profraw")),
            stdout=subprocess.DEVNULL,
            check=True,
        )
        print(f"{step}: done", flush=True)

    pages = pages_from(args.sets.split(","))
    e2e.crawl_states(args.work, pages, args.pages, args.port, crawl)

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    e2e.sh([profdata, "merge", "--sparse", "-o", args.out] + sorted(glob.glob(os.path.join(raw, "*.profraw"))))
    print(f"{len(pages)} pages ({args.sets}) as {args.pages} homepages -> {os.path.relpath(args.out, ROOT)}, "
          f"{os.path.getsize(args.out) / 1e6:.1f} MB")
    if args.check:
        print(f"built {os.path.relpath(e2e.pgo_build(args.out), ROOT)}")
    print(f'build with it: RUSTFLAGS="-Cprofile-use={os.path.abspath(args.out)}" cargo build --release')


if __name__ == "__main__":
    main()
