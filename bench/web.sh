#!/bin/sh
# bench/web.sh — server time of the main pages, read from the Server-Timing header
# jalon puts on every response (time from the end of the request to the response
# being ready: routing, loading from SQLite, rendering).
#
#   sh bench/web.sh [REQUESTS]      (default 500 per page)
#
# Serves tests/data/regional.csv (121 elements) and the 10,000-element bench plan
# with `jalon ui` on a free loopback port, requests each page REQUESTS times with
# keep-alive, and prints median, p99 and max in milliseconds.
set -eu
cd "$(dirname "$0")/.."
requests=${1:-500}
JALON=${JALON:-build/jalon}
out=bench/out
mkdir -p "$out"
rm -f "$out/web.db" "$out/web.db-wal" "$out/web.db-shm"
"$JALON" --db "$out/web.db" init >/dev/null
"$JALON" --db "$out/web.db" import tests/data/regional.csv --id region >/dev/null 2>&1
[ -f "$out/plan.csv" ] || python3 bench/gen_plan.py 10000 >"$out/plan.csv"
"$JALON" --db "$out/web.db" import "$out/plan.csv" --id big >/dev/null 2>&1
"$JALON" --db "$out/web.db" ui --listen 127.0.0.1:0 >"$out/web.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	address=$(grep -oE '127\.0\.0\.1:[0-9]+' "$out/web.log" || true)
	[ -n "$address" ] && break
	sleep 0.2
done
base="http://$address"
element=$(sqlite3 "$out/web.db" "SELECT e.id FROM element e JOIN plan p ON p.id = e.plan_id WHERE p.slug = 'region' ORDER BY e.id LIMIT 1 OFFSET 60")

measure() { # label path
	urls=$(mktemp)
	i=0
	while [ $i -lt "$requests" ]; do echo "url = \"$base$2\""; i=$((i + 1)); done >"$urls"
	curl --noproxy '*' -s -o /dev/null -D - -K "$urls" | tr -d '\r' |
		sed -n 's/^Server-Timing: app;dur=//p' | sort -n |
		awk -v label="$1" '{ v[NR] = $1 } END {
			p99 = v[int(NR * 0.99 + 0.5)]; if (p99 == "") p99 = v[NR]
			printf "%-44s n=%d  median %6.3f ms  p99 %6.3f ms  max %6.3f ms\n", label, NR, v[int((NR + 1) / 2)], p99, v[NR] }'
	rm -f "$urls"
}

echo "jalon page server time, $requests requests each (Server-Timing), $(nproc) cores"
measure "home" "/"
measure "plan overview, 121 elements" "/plans/region"
measure "plan overview filtered, 121 elements" "/plans/region?q=numerique"
measure "element sheet, 121-element plan" "/plans/region/elements/$element"
measure "API element list, 121 elements" "/api/v1/plans/region/elements"
measure "plan overview, 10,000 elements" "/plans/big"
