#!/usr/bin/env python3
"""End-to-end benchmark of `scholarfeed aggregate --once`, beside urlwatch.

    python3 benches/e2e.py                      # everything below, as in BENCHMARKS.md
    python3 benches/e2e.py --sizes 100,1000     # a quicker subset
    python3 benches/e2e.py --no-urlwatch --no-store-growth
    python3 benches/e2e.py --sizes 1000 --no-store-growth --compare /tmp/old-scholarfeed
    python3 benches/e2e.py --sizes 1000 --no-store-growth --pgo   # and the profile-guided build

What it does (all on this machine, no network beyond loopback):

1. Generates N homepages from the real pages in ../shared/corpus (16 sites x
   3 versions, cycled), each varied with its own marker in its first list
   item so no two pages are identical, spread over 200 loopback hosts
   (127.1.0.1 ... 127.1.0.200) so per-host politeness applies as it would
   across university hosts.
2. Serves them with nginx (ETag and Last-Modified on), so the warm run gets
   304s, as from a real web server.
3. For N in --sizes: a cold run (empty store) and a warm run (nothing
   changed) of the release binary, timed with /usr/bin/time: wall seconds,
   CPU seconds (user+sys), peak resident memory, pages per second.
4. urlwatch (pip) on the same first --urlwatch-pages pages, each job with a
   CSS filter (`ul`, the lists that hold news): cold cache, warm (nothing
   changed), then with a tenth of the pages edited; scholarfeed is run on
   the same three states (and so are --compare's and --pgo's builds, each
   with its own store). Same timing.
5. Store growth: a cold run over 100 sources with 10k, 100k and 1M items
   already stored (announced, so they are inside the feeds' queries),
   repeated --repeats times from the same database; the median is reported.

Needs: cargo, python3, nginx (`apt-get install nginx-light`), urlwatch
(`pip install urlwatch`) for step 4. Prints Markdown tables.
"""

import argparse
import glob
import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
HOSTS = 200


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd, env=None):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak RSS MiB, exit code)."""
    fmt = "BENCH %e %U %S %M"
    p = subprocess.run(
        ["/usr/bin/time", "-f", fmt] + cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = [l for l in p.stderr.splitlines() if l.startswith("BENCH ")][-1]
    _, wall, user, system, rss_kb = line.split()
    return float(wall), float(user) + float(system), int(rss_kb) / 1024, p.returncode, p.stderr


def corpus_pages():
    pages = []
    for site in sorted(glob.glob(os.path.join(CORPUS, "*"))):
        for v in (1, 2, 3):
            for ext in ("md", "html"):
                p = os.path.join(site, f"v{v}.{ext}")
                if os.path.exists(p):
                    pages.append((ext, open(p, "rb").read()))
    if not pages:
        sys.exit(f"no corpus pages under {CORPUS}")
    return pages


def vary(ext, body, i):
    """Gives page i its own first list item, so pages differ."""
    marker = f" [homepage {i}]".encode()
    if ext == "html":
        return re.sub(rb"</li>", marker + b"</li>", body, count=1)
    return re.sub(rb"(?m)^([*-] .*)$", lambda m: m.group(1) + marker, body, count=1)


def generate(www, n, pages):
    if os.path.isdir(www):
        shutil.rmtree(www)
    urls = []
    for i in range(n):
        ext, body = pages[i % len(pages)]
        d = os.path.join(www, f"h{i}")
        os.makedirs(d)
        name = "about.md" if ext == "md" else "index.html"
        with open(os.path.join(d, name), "wb") as f:
            f.write(vary(ext, body, i))
        host = f"127.1.0.{i % HOSTS + 1}"
        urls.append((f"homepage {i}", f"http://{host}:{{port}}/h{i}/{name}"))
    return urls


def pgo_build(profile=os.path.join(ROOT, "link", "scholarfeed.profdata")):
    """Builds the release binary with the profile benches/pgo.py wrote, in a
    target directory named by the profile's hash: Cargo does not see a new
    profile behind the same flags, and would keep the last build."""
    digest = hashlib.sha256(open(profile, "rb").read()).hexdigest()[:12]
    target = os.path.join(ROOT, "target", f"pgo-{digest}")
    flags = f"-Cprofile-use={os.path.abspath(profile)}"
    sh(["cargo", "build", "--release", "--quiet", "--bin", "scholarfeed"], cwd=ROOT,
       env=dict(os.environ, CARGO_TARGET_DIR=target, RUSTFLAGS=flags))
    return os.path.join(target, "release", "scholarfeed")


def crawl_states(work, pages, n, port, crawl):
    """For benches/order.py and pgo.py: serves n homepages generated from
    pages, and calls crawl(step, run_dir) for a cold run, a warm run and a
    run after a tenth of the pages changed, which is what a run meets."""
    www, run = os.path.join(work, "www"), os.path.join(work, "run")
    os.makedirs(run, exist_ok=True)
    urls = generate(www, n, pages)
    write_config(os.path.join(run, "feeds.toml"), urls, port)
    nginx = start_nginx(work, www, port)
    try:
        for k, step in enumerate(("cold", "warm", "a tenth changed")):
            if k == 2:
                change_pages(www, pages, n, 10)
            crawl(step, run)
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait()


def start_nginx(work, www, port):
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(
            f"""daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  types {{ text/html html; text/markdown md; }}
  client_body_temp_path {work}/tmp; proxy_temp_path {work}/tmp; fastcgi_temp_path {work}/tmp;
  uwsgi_temp_path {work}/tmp; scgi_temp_path {work}/tmp;
  keepalive_requests 100000;
  server {{ listen {port} reuseport; root {www}; etag on; }}
}}
"""
        )
    os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
    p = subprocess.Popen(["nginx", "-c", conf, "-p", work], stderr=subprocess.DEVNULL)
    time.sleep(1)
    if p.poll() is not None:
        sys.exit("nginx did not start")
    return p


def write_config(path, urls, port):
    lines = [
        "[settings]",
        'site_url = "http://127.0.0.1/feeds/"',
        "per_host_delay_ms = 0",
        "retries = 0",
        "timeout_secs = 30",
        "",
    ]
    for name, url in urls:
        lines += ["[[source]]", f'name = "{name}"', f'url = "{url.format(port=port)}"', ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def run_pair(binary, work, urls, port, n, tag=""):
    d = os.path.join(work, f"sf{tag}-{n}")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    write_config(os.path.join(d, "feeds.toml"), urls[:n], port)
    env = dict(os.environ, RUST_LOG="warn")
    cold = timed([binary, "aggregate", "--once"], d, env)
    warm = timed([binary, "aggregate", "--once"], d, env)
    for label, r in (("cold", cold), ("warm", warm)):
        if r[3] != 0:
            print(f"  {label} run exited {r[3]}:\n{r[4][-2000:]}", file=sys.stderr)
    return cold, warm


def urlwatch_run(work, urls, port, n):
    d = os.path.join(work, "urlwatch")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "urls.yaml"), "w") as f:
        for name, url in urls[:n]:
            f.write(f"name: {name}\nurl: {url.format(port=port)}\nfilter:\n  - css: ul\n---\n")
    cfg = os.path.join(d, "urlwatch.yaml")
    with open(cfg, "w") as f:
        f.write("display:\n  new: true\n  error: true\n  unchanged: false\nreport:\n  text:\n    details: false\n  stdout:\n    enabled: true\n    color: false\n")
    cmd = ["urlwatch", "--urls", "urls.yaml", "--config", cfg, "--cache", "cache.db", "--hooks", "hooks.py"]
    open(os.path.join(d, "hooks.py"), "w").close()
    cold = timed(cmd, d)
    warm = timed(cmd, d)
    return cold, warm, lambda: timed(cmd, d)


def change_pages(www, pages, n, every):
    """Edits the first list item of every `every`-th of the first n pages,
    as a researcher adding a line to their news does."""
    changed = 0
    for i in range(0, n, every):
        ext, body = pages[i % len(pages)]
        name = "about.md" if ext == "md" else "index.html"
        with open(os.path.join(www, f"h{i}", name), "wb") as f:
            f.write(vary(ext, body, f"{i}, now with news"))
        changed += 1
    return changed


def store_growth(binary, work, urls, port, sizes, repeats):
    out = []
    for k in sizes:
        d = os.path.join(work, f"growth-{k}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        # An empty config creates the schema.
        with open(os.path.join(d, "empty.toml"), "w") as f:
            f.write("[settings]\n")
        sh([binary, "aggregate", "--once", "--config", "empty.toml"], cwd=d, stderr=subprocess.DEVNULL)
        db = sqlite3.connect(os.path.join(d, "scholarfeed.db"))
        per_source = 100
        nsrc = k // per_source
        db.executemany(
            "INSERT INTO sources (name, url, created_at, baselined, last_success) VALUES (?, ?, '2025-01-01T00:00:00Z', 1, '2025-01-01T00:00:00Z')",
            ((f"filler {j}", f"https://filler{j}.example.org/") for j in range(nsrc)),
        )
        ids = [r[0] for r in db.execute("SELECT id FROM sources ORDER BY id")]
        rnd = random.Random(k)

        def rows():
            for n in range(k):
                sid = ids[n // per_source]
                t = f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:00:00Z"
                sec = "news" if n % 2 else "publications"
                yield (sid, sec, f"k{n}", f"k{n}", f"Filler item {n} about a paper accepted somewhere.", "<p>filler</p>", "[]", n % per_source, t)

        db.executemany(
            "INSERT INTO items (source_id, section, key, match_key, text, html, links, position, announced, first_seen, updated_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
            rows(),
        )
        db.commit()
        db.close()
        write_config(os.path.join(d, "feeds.toml"), urls[:100], port)
        env = dict(os.environ, RUST_LOG="warn")
        seed = os.path.join(d, "seed.db")
        os.replace(os.path.join(d, "scholarfeed.db"), seed)
        walls = []
        for _ in range(repeats):
            # Each repeat starts from the same stored items, so each is the
            # same cold run of the 100 sources.
            for f in ("scholarfeed.db-wal", "scholarfeed.db-shm"):
                if os.path.exists(os.path.join(d, f)):
                    os.remove(os.path.join(d, f))
            shutil.rmtree(os.path.join(d, "public"), ignore_errors=True)
            shutil.copyfile(seed, os.path.join(d, "scholarfeed.db"))
            walls.append(timed([binary, "aggregate", "--once"], d, env)[0])
        out.append((k, sorted(walls)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--urlwatch-pages", type=int, default=1000)
    ap.add_argument("--no-urlwatch", action="store_true")
    ap.add_argument("--no-store-growth", action="store_true")
    ap.add_argument("--repeats", type=int, default=5, help="store-growth runs per size (median reported)")
    ap.add_argument("--work", default="/tmp/scholarfeed-bench")
    ap.add_argument("--port", type=int, default=8897)
    ap.add_argument("--compare", metavar="BINARY", help="another scholarfeed build to run beside this one in the urlwatch comparison")
    ap.add_argument("--pgo", action="store_true", help="also the build with link/scholarfeed.profdata (benches/pgo.py), beside the plain one")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    binary = os.path.join(ROOT, "target", "release", "scholarfeed")
    os.makedirs(args.work, exist_ok=True)
    www = os.path.join(args.work, "www")
    pages = corpus_pages()
    urls = generate(www, max(sizes + [args.urlwatch_pages, 100]), pages)
    nginx = start_nginx(args.work, www, args.port)
    try:
        print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; pages from {len(pages)} corpus versions over {HOSTS} loopback hosts\n")
        print("| sources | run | wall s | CPU s | peak RSS MiB | pages/s |")
        print("|---:|---|---:|---:|---:|---:|")
        results = {}
        for n in sizes:
            cold, warm = run_pair(binary, args.work, urls, args.port, n)
            results[n] = (cold, warm)
            for label, r in (("cold", cold), ("warm", warm)):
                print(f"| {n} | {label} | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.1f} | {n / max(r[0], 0.01):.0f} |")
            print(f"| {n} | warm/cold wall | {warm[0] / max(cold[0], 0.01):.1%} | | | |", flush=True)
        if not args.no_urlwatch and shutil.which("urlwatch"):
            n = args.urlwatch_pages
            uw = urlwatch_run(args.work, urls, args.port, n)
            builds = [("scholarfeed", binary, "")]
            if args.compare:
                builds.append((f"scholarfeed ({os.path.basename(args.compare)})", args.compare, "-compare"))
            if args.pgo:
                builds.append(("scholarfeed (PGO)", pgo_build(), "-pgo"))
            sf = {}
            for label, b, tag in builds:
                sf[label] = list((results.get(n) if not tag else None) or run_pair(b, args.work, urls, args.port, n, tag))
            # A day in the life: a tenth of the pages changed since the last run.
            changed = change_pages(www, pages, n, 10)
            uw = (uw[0], uw[1], uw[2]())
            for label, b, tag in builds:
                sf[label].append(timed([b, "aggregate", "--once"], os.path.join(args.work, f"sf{tag}-{n}"), dict(os.environ, RUST_LOG="warn")))
            print(f"\n| {n} pages | wall s | CPU s | peak RSS MiB |")
            print("|---|---:|---:|---:|")
            for i, label in ((0, "cold"), (1, "warm (no change)"), (2, f"{changed} pages changed")):
                u = uw[i]
                print(f"| urlwatch (css filter), {label} | {u[0]:.2f} | {u[1]:.2f} | {u[2]:.1f} |")
                for name, _, _ in builds:
                    f = sf[name][i]
                    print(f"| {name}, {label} | {f[0]:.2f} | {f[1]:.2f} | {f[2]:.1f} |")
                    print(f"| urlwatch / {name}, {label} | {u[0] / max(f[0], 0.01):.1f}x | {u[1] / max(f[1], 0.01):.1f}x | {u[2] / max(f[2], 0.01):.1f}x |", flush=True)
        elif not args.no_urlwatch:
            print("\nurlwatch not installed (pip install urlwatch): comparison skipped")
        if not args.no_store_growth:
            growth = store_growth(binary, args.work, urls, args.port, [10_000, 100_000, 1_000_000], args.repeats)
            print(f"\n| items already stored | wall s, median of {args.repeats} (100 sources, cold) | min-max | per source ms | vs 10k |")
            print("|---:|---:|---:|---:|---:|")
            median = lambda w: w[len(w) // 2]
            base = median(growth[0][1])
            for k, w in growth:
                print(f"| {k:,} | {median(w):.2f} | {w[0]:.2f}-{w[-1]:.2f} | {median(w) * 10:.1f} | {median(w) / base:.2f}x |")
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait()


if __name__ == "__main__":
    main()
