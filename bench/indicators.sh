#!/bin/sh
# bench/indicators.sh — issue 5's figures: importing 100,000 measurements, and the
# indicator board of a plan with 500 indicators and 1,000,000 measurements.
#
#   sh bench/indicators.sh [RUNS]            (JALON=build/jalon by default)
#
# Prints, median and minimum over RUNS runs: `jalon import-measurements` of 100,000
# rows into a fresh copy of the database (whole process: read, check, one
# transaction), then `jalon indicators PLAN --format json` (the board: the latest two
# measurements of each indicator, statuses) on the database holding 1,000,000.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
JALON=${JALON:-build/jalon}
out=bench/out/indicators
rm -rf "$out"
mkdir -p "$out"
python3 bench/gen_indicators.py "$out" 500 100000 7
python3 bench/gen_indicators.py "$out/big" 500 1000000 8
"$JALON" --db "$out/base.db" init >/dev/null
"$JALON" --db "$out/base.db" import data/demo/plan.csv --id demo >/dev/null 2>&1
"$JALON" --db "$out/base.db" import-indicators demo "$out/catalogue.csv" 2>/dev/null

ms() { awk '{ v[NR] = $1 } END { printf "median %.1f ms  min %.1f ms", v[int((NR + 1) / 2)] / 1000, v[1] / 1000 }'; }

: >"$out/import.times"
i=0
while [ $i -lt "$runs" ]; do
	cp "$out/base.db" "$out/run.db"
	t0=$(date +%s%N)
	"$JALON" --db "$out/run.db" import-measurements demo "$out/measurements.csv" 2>/dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$out/import.times"
	rm -f "$out/run.db" "$out/run.db-wal" "$out/run.db-shm"
	i=$((i + 1))
done
echo "import-measurements, 100,000 rows (whole process)   $(sort -n "$out/import.times" | ms)"

cp "$out/base.db" "$out/big.db"
t0=$(date +%s%N)
"$JALON" --db "$out/big.db" import-measurements demo "$out/big/measurements.csv" 2>/dev/null
t1=$(date +%s%N)
echo "import-measurements, 1,000,000 rows (one run)        $(( (t1 - t0) / 1000000 )) ms"
: >"$out/board.times"
i=0
while [ $i -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$JALON" --db "$out/big.db" indicators demo --today 2026-06-01 --format json >/dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$out/board.times"
	i=$((i + 1))
done
echo "indicators board, 500 indicators, 1,000,000 measurements (whole process)  $(sort -n "$out/board.times" | ms)"

# The board page and an indicator's page, server time from Server-Timing.
"$JALON" --db "$out/big.db" ui --listen 127.0.0.1:0 >"$out/web.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	address=$(grep -oE '127\.0\.0\.1:[0-9]+' "$out/web.log" || true)
	[ -n "$address" ] && break
	sleep 0.2
done
page() { # label path
	urls=$(mktemp)
	i=0
	while [ $i -lt $((runs * 4)) ]; do echo "url = \"http://$address$2\""; i=$((i + 1)); done >"$urls"
	curl --noproxy '*' -s -o /dev/null -D - -K "$urls" | tr -d '\r' |
		sed -n 's/^Server-Timing: app;dur=//p' | sort -n |
		awk -v label="$1" '{ v[NR] = $1 } END {
			printf "%-56s median %6.1f ms  p99 %6.1f ms  (n=%d)\n", label, v[int((NR + 1) / 2)], v[NR], NR }'
	rm -f "$urls"
}
page "indicator board page, 1,000,000 measurements" "/plans/demo/indicators?today=2026-06-01"
page "indicator page, 2,000 measurements" "/plans/demo/indicators/I1?today=2026-06-01"
