#!/bin/sh
# bench/import.sh — import and export benchmarks, with a physical baseline in the same run.
#
#   sh bench/import.sh [ELEMENTS] [RUNS]   (10,000 elements, 11 runs by default)
#
# Times, over RUNS runs each, on a fresh database every time:
#   - jalon import of an ELEMENTS-element plan (parse, check, store, one transaction);
#   - jalon import --dry-run (parse and check only);
#   - the baseline: the sqlite3 shell's own `.import` of the same file into one plain
#     table in one transaction — the floor for "put these bytes into SQLite";
#   - jalon tree, export csv, export json of the imported plan.
# Prints median and minimum in milliseconds, and the import/baseline ratio, which
# is the figure that survives a noisy machine.
set -eu
cd "$(dirname "$0")/.."
elements=${1:-10000}
runs=${2:-11}
JALON=${JALON:-build/jalon}
out=bench/out
mkdir -p "$out"
[ -x "$JALON" ] || { echo "build first: make build" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 shell needed: sh scripts/install-deps.sh" >&2; exit 1; }

python3 bench/gen_plan.py "$elements" >"$out/plan.csv"

now_ns() { date +%s%N; }

# measure NAME COMMAND…: runs RUNS times (each after `prepare`), prints times in ms.
prepare() { rm -f "$out/b.db" "$out/b.db-wal" "$out/b.db-shm"; }
measure() {
	name=$1; shift
	: >"$out/$name.times"
	i=0
	while [ $i -lt "$runs" ]; do
		[ "${FRESH:-1}" = 1 ] && { prepare; "$JALON" --db "$out/b.db" init >/dev/null; }
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$out/$name.times"
		i=$((i + 1))
	done
	sort -n "$out/$name.times" | awk -v name="$name" '
		{ v[NR] = $1 }
		END { printf "%-28s median %8.1f ms   min %8.1f ms\n", name, v[int((NR + 1) / 2)] / 1000, v[1] / 1000 }'
}
median_us() { sort -n "$out/$1.times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "jalon benchmarks: $elements elements, $runs runs each, $(nproc) cores, $(uname -m)"
echo "input: $(wc -c <"$out/plan.csv") bytes, $(wc -l <"$out/plan.csv") lines"
measure import "$JALON" --db "$out/b.db" import "$out/plan.csv" --id bench
measure import-dry-run "$JALON" --db "$out/b.db" import "$out/plan.csv" --dry-run
sqlite_import() {
	sqlite3 "$out/base.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" \
		".separator ;" "BEGIN" ".import $out/plan.csv plan" "COMMIT"
}
baseline() { rm -f "$out/base.db" "$out/base.db-wal" "$out/base.db-shm"; sqlite_import; }
measure baseline-sqlite3-import baseline
prepare
"$JALON" --db "$out/b.db" init >/dev/null
"$JALON" --db "$out/b.db" import "$out/plan.csv" --id bench >/dev/null 2>&1
FRESH=0
measure tree "$JALON" --db "$out/b.db" tree bench
measure export-csv "$JALON" --db "$out/b.db" export bench --format csv
measure export-json "$JALON" --db "$out/b.db" export bench --format json

ratio=$(awk -v a="$(median_us import)" -v b="$(median_us baseline-sqlite3-import)" 'BEGIN { printf "%.2f", a / b }')
echo "import / sqlite3 .import baseline (medians): $ratio"
"$JALON" --db "$out/b.db" export bench >"$out/export.csv"
echo "database size after import: $(du -k "$out/b.db" | cut -f1) KiB; binary: $(du -k "$JALON" | cut -f1) KiB"
