#!/bin/bash
# Times "100 of 1,000 pages changed" as often as asked, from the same store
# each time, for comparing two builds run after run (benches/e2e.py times it
# once). Uses what `python3 benches/e2e.py --sizes 1000 --no-store-growth
# --work WORK` leaves behind, with its nginx started again:
#   nginx -c WORK/nginx.conf -p WORK &
#   bash benches/tenth.sh target/release/scholarfeed 5 WORK
# The first call makes WORK/tenth.snap (a cold and a warm run), and two
# versions of every tenth page: as served now, and with one word more in
# e2e.py's edit. Each timed run starts from the snapshot and sees the edit.
set -e
BIN=$(realpath "$1"); N=${2:-3}; E=${3:-/tmp/scholarfeed-bench}; W=$E/tenth
if [ ! -d "$W.snap" ]; then
  rm -rf "$W"; mkdir -p "$W"; cp "$E/sf-1000/feeds.toml" "$W/"
  (cd "$W" && RUST_LOG=warn "$BIN" aggregate --once >/dev/null 2>&1 && RUST_LOG=warn "$BIN" aggregate --once >/dev/null 2>&1)
  cp -a "$W" "$W.snap"
  for i in $(seq 0 10 999); do
    f=$(ls "$E/www/h$i/"*); mkdir -p "$E/tenthB/h$i" "$E/tenthC/h$i"
    cp "$f" "$E/tenthB/h$i/"
    sed 's/now with news/now with other news/' "$f" > "$E/tenthC/h$i/$(basename "$f")"
  done
fi
for _ in $(seq "$N"); do
  rm -rf "$W"; cp -a "$W.snap" "$W"; cp -r "$E/tenthC/." "$E/www/"
  (cd "$W" && RUST_LOG=warn /usr/bin/time -f "%e s wall %U+%S cpu %M KiB" "$BIN" aggregate --once >/dev/null 2>"$W.err"; tail -1 "$W.err")
  cp -r "$E/tenthB/." "$E/www/"
done
