#!/bin/bash
# Extraction/parse ratio per page in instructions (valgrind's callgrind),
# which a busy 2-core machine does not disturb the way it disturbs criterion's
# wall time. Needs valgrind and the release example:
#   cargo build --release --example profile_extract && bash benches/icount.sh
# Each figure is (6 runs - 1 run) / 5, so start-up and file reading cancel.
cd "$(dirname "$0")/.." || exit 1
BIN=${BIN:-target/release/examples/profile_extract}
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | grep "Collected" | awk '{print $4}'; }
# PAGES=all: the last version of every corpus site (26 pages, ~8 minutes).
PAGES=${PAGES:-handwritten-liuziwei7-publications/v3.html i18n-hughw19/v3.html alfolio-boqichen/v3.html academicpages-ziqihuangg/v3.md}
if [ "$PAGES" = all ]; then
  PAGES=$(cd ../shared/corpus && for d in */; do ls "${d}"v3.* 2>/dev/null | head -1; done)
fi
for p in $PAGES; do
  f=../shared/corpus/$p
  z=$(ir $BIN $f 1 parse); y=$(ir $BIN $f 1 extract); a=$(ir $BIN $f 6 parse); b=$(ir $BIN $f 6 extract)
  python3 -c "a,b,z,y=$a,$b,$z,$y; print(f'{\"$p\":45s} parse {(a-z)/5/1e6:8.2f}M  extract {(b-y)/5/1e6:8.2f}M  ratio {(b-y)/(a-z):.3f}')"
done
