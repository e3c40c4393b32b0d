#!/usr/bin/env python3
"""How far one machine goes: a cold and a warm `aggregate --once` over many
sources, then the daemon over the same sources for a while.

    python3 benches/scale.py                              # 100,000 sources, daemon 60 min
    python3 benches/scale.py --sources 10000 --daemon-minutes 20 --schedule-minutes 5
    python3 benches/scale.py --no-daemon
    python3 benches/scale.py --daemon-only --daemon-minutes 22   # the daemon alone, over the store the last run left

Pages are generated from ../shared/corpus as benches/e2e.py does (every
corpus version, cycled, each page made unique by a marker) over 200
loopback hosts and served by nginx with ETag/Last-Modified, so the warm run
meets 304s as from a real server. Everything stays on loopback.

Reports, per run: wall, CPU (user+sys), peak RSS, store size (database plus
WAL), feed files and their bytes. For the daemon (`scholarfeed aggregate`,
no --once, on --schedule): its RSS and CPU sampled every --sample seconds,
and before each scheduled cycle --churn of the pages edited (a researcher
adding a line), so every cycle has real work. Whether memory stays flat is
read off the per-cycle RSS table: the high-water mark of each cycle.

Needs: cargo, python3, nginx (`apt-get install nginx-light`). Disk: about
50 KB per source for pages, plus the store and feeds.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (same directory; shares generation and serving)

ROOT = e2e.ROOT


def du(path):
    """(files, bytes) under path."""
    files = size = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(dirpath, n))
    return files, size


def store_bytes(d):
    return sum(
        os.path.getsize(os.path.join(d, f))
        for f in ("scholarfeed.db", "scholarfeed.db-wal")
        if os.path.exists(os.path.join(d, f))
    )


def proc_sample(pid):
    """(RSS MiB, high-water RSS MiB, CPU s) of a live process, from /proc."""
    rss = hwm = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    return rss, hwm, cpu


def write_config(path, urls, port, schedule):
    e2e.write_config(path, urls, port)
    with open(path) as f:
        text = f.read()
    # The daemon's schedule, and no announcing of 100k new sources on day one.
    text = text.replace("[settings]\n", f'[settings]\nschedule = "{schedule}"\nannounce_new_sources = false\n', 1)
    with open(path, "w") as f:
        f.write(text)


def report_run(label, n, r, d):
    files, size = du(os.path.join(d, "public"))
    db = store_bytes(d)
    print(
        f"| {label} | {r[0]:.1f} | {r[1]:.1f} | {r[2]:.0f} | {n / max(r[0], 0.01):.0f} | {n / max(r[1], 0.01):.0f} "
        f"| {db / 2**20:.0f} | {files:,} | {size / 2**20:.0f} |",
        flush=True,
    )
    if r[3] != 0:
        print(f"  {label} exited {r[3]}:\n{r[4][-3000:]}", file=sys.stderr)


def next_boundary(minutes):
    """Seconds until the next wall-clock multiple of `minutes` (cron */m)."""
    now = time.time()
    period = minutes * 60
    return period - (now % period)


def daemon(binary, d, www, pages, n, minutes_total, every_min, churn, sample_s):
    log = open(os.path.join(d, "daemon.log"), "w")
    env = dict(os.environ, RUST_LOG="info")
    p = subprocess.Popen([binary, "aggregate"], cwd=d, env=env, stdout=log, stderr=subprocess.STDOUT)
    start = time.time()
    samples = []  # (t, rss, hwm, cpu)
    cycles = []  # (cycle start t, pages changed)
    next_change = start + next_boundary(every_min) - 20
    every = max(1, round(1 / churn)) if churn > 0 else 0
    offset = 0
    try:
        while time.time() - start < minutes_total * 60:
            if p.poll() is not None:
                print(f"daemon exited {p.returncode}; see {d}/daemon.log", file=sys.stderr)
                break
            now = time.time()
            if every and now >= next_change:
                # Edit a different slice of pages before each cycle.
                changed = 0
                for i in range(offset, n, every):
                    ext, body = pages[i % len(pages)]
                    name = "about.md" if ext == "md" else "index.html"
                    with open(os.path.join(www, f"h{i}", name), "wb") as f:
                        f.write(e2e.vary(ext, body, f"{i}, cycle {len(cycles)}"))
                    changed += 1
                offset = (offset + 1) % every
                cycles.append((now - start, changed))
                next_change += every_min * 60
            rss, hwm, cpu = proc_sample(p.pid)
            samples.append((now - start, rss, hwm, cpu))
            time.sleep(sample_s)
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
        log.close()
    return samples, cycles, p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=100_000)
    ap.add_argument("--work", default="/tmp/scholarfeed-scale")
    ap.add_argument("--port", type=int, default=8898)
    ap.add_argument("--schedule-minutes", type=int, default=10, help="daemon schedule: every N minutes")
    ap.add_argument("--daemon-minutes", type=float, default=60)
    ap.add_argument("--churn", type=float, default=0.01, help="share of pages edited before each cycle")
    ap.add_argument("--sample", type=float, default=5, help="seconds between RSS/CPU samples")
    ap.add_argument("--no-daemon", action="store_true")
    ap.add_argument("--reuse-pages", action="store_true", help="keep pages from a previous run")
    ap.add_argument(
        "--daemon-only",
        action="store_true",
        help="only the daemon, over the pages and store a previous run left (implies --reuse-pages)",
    )
    args = ap.parse_args()

    e2e.sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    binary = os.path.join(ROOT, "target", "release", "scholarfeed")
    os.makedirs(args.work, exist_ok=True)
    www = os.path.join(args.work, "www")
    pages = e2e.corpus_pages()
    n = args.sources
    t = time.time()
    if args.daemon_only:
        args.reuse_pages = True
    if args.reuse_pages and os.path.isdir(os.path.join(www, f"h{n - 1}")):
        urls = []
        for i in range(n):
            ext = pages[i % len(pages)][0]
            name = "about.md" if ext == "md" else "index.html"
            urls.append((f"homepage {i}", f"http://127.1.0.{i % e2e.HOSTS + 1}:{{port}}/h{i}/{name}"))
    else:
        urls = e2e.generate(www, n, pages)
    pages_files, pages_bytes = du(www)
    print(
        f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}; {n:,} sources from "
        f"{len(pages)} corpus versions over {e2e.HOSTS} loopback hosts; pages {pages_bytes / 2**30:.2f} GiB "
        f"(ready in {time.time() - t:.0f} s)\n",
        flush=True,
    )
    nginx = e2e.start_nginx(args.work, www, args.port)
    try:
        d = os.path.join(args.work, "sf")
        schedule = f"*/{args.schedule_minutes} * * * *"
        if args.daemon_only and not os.path.isfile(os.path.join(d, "scholarfeed.db")):
            sys.exit(f"--daemon-only needs the store a previous run left in {d}")
        if not args.daemon_only:
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        write_config(os.path.join(d, "feeds.toml"), urls, args.port, schedule)
        env = dict(os.environ, RUST_LOG="warn")
        if not args.daemon_only:
            print("| run | wall s | CPU s | peak RSS MiB | sources/s wall | sources per CPU s | store MiB | feed files | feeds MiB |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            cold = e2e.timed([binary, "aggregate", "--once"], d, env)
            report_run("cold", n, cold, d)
            warm = e2e.timed([binary, "aggregate", "--once"], d, env)
            report_run("warm (no change)", n, warm, d)
            every = max(1, round(1 / args.churn))
            changed = e2e.change_pages(www, pages, n, every)
            churn = e2e.timed([binary, "aggregate", "--once"], d, env)
            report_run(f"{changed:,} pages changed", n, churn, d)
        if args.no_daemon:
            return
        print(f"\ndaemon: `aggregate` on \"{schedule}\" for {args.daemon_minutes:g} min, {args.churn:.0%} of pages edited before each cycle\n", flush=True)
        samples, cycles, rc = daemon(
            binary, d, www, pages, n, args.daemon_minutes, args.schedule_minutes, args.churn, args.sample
        )
        print("| cycle | starts at min | pages edited | RSS MiB at end of cycle window | high-water MiB | CPU s in window |")
        print("|---:|---:|---:|---:|---:|---:|")
        bounds = [c[0] for c in cycles] + [samples[-1][0] if samples else 0]
        for k, (t0, changed) in enumerate(cycles):
            t1 = bounds[k + 1]
            win = [s for s in samples if t0 <= s[0] <= t1]
            before = [s for s in samples if s[0] <= t0]
            if not win:
                continue
            cpu0 = before[-1][3] if before else 0
            print(f"| {k + 1} | {t0 / 60:.1f} | {changed:,} | {win[-1][1]:.0f} | {win[-1][2]:.0f} | {win[-1][3] - cpu0:.1f} |")
        if samples:
            rss = [s[1] for s in samples]
            print(
                f"\nRSS over {samples[-1][0] / 60:.0f} min: min {min(rss):.0f}, max {max(rss):.0f}, last {rss[-1]:.0f} MiB; "
                f"CPU {samples[-1][3]:.0f} s; exit {rc}; store {store_bytes(d) / 2**20:.0f} MiB"
            )
        print(f"\ndaemon log: {d}/daemon.log; its run summaries:\n")
        with open(os.path.join(d, "daemon.log")) as f:
            for line in f:
                if re.search(r"run (finished|failed)|daemon started|stopped", line):
                    print("    " + line.rstrip())
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait()


if __name__ == "__main__":
    main()
