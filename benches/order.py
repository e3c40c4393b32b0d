#!/usr/bin/env python3
"""Writes link/functions.order: the functions `aggregate --once` executes,
hottest first, for the linker to place side by side (see build.rs).

    python3 benches/order.py                 # 300 pages: cold, warm, a tenth changed
    python3 benches/order.py --pages 100     # quicker

Why: a run executes about 5 MB of the binary's 11.8 MB of machine code,
spread over all of it, and the kernel maps code in 64 KiB blocks around
each page a run touches, so most of the 11.8 MB became resident. Placed
together, the code a run executes stays within about 5 MB.

What it does (loopback only):
1. `cargo build --release`.
2. N homepages generated from ../shared/corpus as benches/e2e.py does,
   served by nginx on 127.1.0.x.
3. Three runs under valgrind's callgrind: cold (empty store), warm (304s),
   and after a tenth of the pages changed.
4. Every function callgrind saw execute, by its own instructions summed
   over the three runs, mapped to the names the binary's symbol table
   holds (`nm` and `nm -C` list the same addresses; callgrind, like `nm
   -C`, drops rustc's hash, so a name with several instances lists them
   all).

The names carry rustc's hashes, which change with the compiler's version
and the dependencies' versions and features. A stale list links the same
(lld skips names it does not find) but helps less: run this after such a
change, and compare peak RSS with benches/e2e.py. Needs valgrind and nginx.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402

ROOT = e2e.ROOT
ORDER = os.path.join(ROOT, "link", "functions.order")


def self_costs(path):
    """Each function's own instructions in a callgrind output file (the cost
    line after `calls=` is a call's inclusive cost, not the caller's own)."""
    names, costs = {}, collections.Counter()
    fn, after_call = None, False
    for line in open(path, errors="replace"):
        if line.startswith("fn="):
            m = re.match(r"fn=(?:\((\d+)\))?\s*(.*)", line.rstrip("\n"))
            ident, name = m.group(1), m.group(2)
            if ident and name:
                names[ident] = name
            fn = names.get(ident, name) if ident else name
            after_call = False
        elif line.startswith("calls="):
            after_call = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_call:
                after_call = False
            elif fn is not None:
                parts = line.split()
                if len(parts) >= 2:
                    costs[re.sub(r"'\d+$", "", fn)] += int(parts[1])
    return costs


def symbols(binary):
    """Demangled name (without hash) -> the binary's mangled code symbols."""
    mangled = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    demangled = subprocess.run(["nm", "-C", binary], capture_output=True, text=True, check=True).stdout
    out = collections.defaultdict(list)
    for a, b in zip(mangled.splitlines(), demangled.splitlines()):
        pa, pb = a.split(" ", 2), b.split(" ", 2)
        if len(pa) < 3 or len(pb) < 3 or pa[1] not in "tTwW":
            continue
        if pa[0] != pb[0]:
            sys.exit("nm and nm -C disagree on the symbol order")
        out[pb[2]].append(pa[2])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--work", default="/tmp/scholarfeed-order")
    ap.add_argument("--port", type=int, default=8896)
    args = ap.parse_args()
    for tool in ("valgrind", "nginx", "nm"):
        if shutil.which(tool) is None:
            sys.exit(f"needs {tool}")

    e2e.sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    binary = os.path.join(ROOT, "target", "release", "scholarfeed")
    shutil.rmtree(args.work, ignore_errors=True)
    costs = collections.Counter()

    def crawl(step, run):
        out = os.path.join(args.work, f"callgrind.{step.replace(' ', '-')}")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--compress-strings=no",
             binary, "aggregate", "--once"],
            cwd=run, env=dict(os.environ, RUST_LOG="warn"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
        )
        step_costs = self_costs(out)
        costs.update(step_costs)
        print(f"{step}: {len(step_costs)} functions executed", flush=True)

    e2e.crawl_states(args.work, e2e.corpus_pages(), args.pages, args.port, crawl)

    table = symbols(binary)
    sizes = {}
    for line in subprocess.run(["nm", "-S", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        p = line.split()
        if len(p) == 4:
            sizes[p[3]] = int(p[1], 16)
    order, seen = [], set()
    for name, _ in costs.most_common():
        for sym in table.get(name, ()):
            if sym not in seen:
                seen.add(sym)
                order.append(sym)
    os.makedirs(os.path.dirname(ORDER), exist_ok=True)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    with open(ORDER, "w") as f:
        f.write(
            f"# Written by benches/order.py with {rustc}: the functions `aggregate --once`\n"
            "# executes, hottest first, for lld to place side by side (see build.rs).\n"
        )
        f.write("\n".join(order) + "\n")
    text = sum(sizes.get(sym, 0) for syms in table.values() for sym in syms)
    hot = sum(sizes.get(s, 0) for s in order)
    print(f"{len(order)} symbols, {hot / 1e6:.1f} MB of {text / 1e6:.1f} MB of code -> {os.path.relpath(ORDER, ROOT)}")


if __name__ == "__main__":
    main()
