#!/bin/sh
# bench/steering.sh — the portfolio roll-up at the size of issue 4's bar: a
# 2,000-element plan with 10,000 milestones and 10,000 budget lines.
#
#   sh bench/steering.sh [RUNS]
#
# Times `jalon dashboard --format json` end to end (process start, loading the plan
# and its steering data from SQLite, the roll-up, JSON), median and minimum over RUNS;
# when the web dashboard page exists, its server time from Server-Timing too.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-21}
JALON=${JALON:-build/jalon}
out=bench/out/steering
rm -rf "$out"
python3 bench/gen_steering.py "$out" 2000 10000 10000
"$JALON" --db "$out/s.db" init >/dev/null
"$JALON" --db "$out/s.db" import "$out/plan.csv" --id big >/dev/null 2>&1
"$JALON" --db "$out/s.db" import-budget big "$out/budget.csv" 2>/dev/null
"$JALON" --db "$out/s.db" import-milestones big "$out/milestones.csv" 2>/dev/null
"$JALON" --db "$out/s.db" baseline big adoption 2>/dev/null
# Risks (one element in two), finish-to-start links (one element in ten) and scores,
# which have no spreadsheet import: written with SQL, as a plan steered for a while
# would hold them.
sqlite3 "$out/s.db" "
INSERT INTO risk (element_id, description, probability, impact, owner, status)
  SELECT id, 'Risque ' || code, 1 + id % 4, 1 + (id / 4) % 4, 'DSI',
         CASE WHEN id % 7 = 0 THEN 'clos' ELSE 'ouvert' END FROM element WHERE id % 2 = 0;
INSERT INTO element_dependency (from_element_id, to_element_id)
  SELECT id, id + 1 FROM element WHERE id % 10 = 0 AND id + 1 <= (SELECT max(id) FROM element);
INSERT INTO element_score (element_id, criterion, score)
  SELECT id, c.name, 1 + (id + c.position) % 4 FROM element
  CROSS JOIN qualification_criterion c WHERE c.plan_id = element.plan_id AND id % 3 = 0;"
echo "plan: $(sqlite3 "$out/s.db" 'SELECT count(*) FROM element') elements," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM milestone') milestones," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM budget_line') budget lines," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM risk') risks," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM element_dependency') dependencies"
i=0
: >"$out/times"
while [ $i -lt "$runs" ]; do
	t0=$(date +%s%N)
	"$JALON" --db "$out/s.db" dashboard big --baseline adoption --today 2026-06-01 --format json >/dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 )) >>"$out/times"
	i=$((i + 1))
done
sort -n "$out/times" | awk '{ v[NR] = $1 } END {
	printf "jalon dashboard --format json (whole process)  median %.1f ms  min %.1f ms\n", v[int((NR + 1) / 2)] / 1000, v[1] / 1000 }'

# The dashboard page and the API's dashboard, server time from Server-Timing.
"$JALON" --db "$out/s.db" ui --listen 127.0.0.1:0 >"$out/web.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	address=$(grep -oE '127\.0\.0\.1:[0-9]+' "$out/web.log" || true)
	[ -n "$address" ] && break
	sleep 0.2
done
# A path's TODAY becomes a different day at each request: nothing can be reused from
# the request before (the shared view is keyed on the date), so these figures are
# those of a first view after a change. Without TODAY, repeated views.
page() { # label path
	urls=$(mktemp)
	i=0
	while [ $i -lt "$runs" ]; do
		day=$(printf '2026-06-%02d' $((i % 28 + 1)))
		echo "url = \"http://$address$(echo "$2" | sed "s/TODAY/$day/")\""
		i=$((i + 1))
	done >"$urls"
	curl --noproxy '*' -s -o /dev/null -D - -K "$urls" | tr -d '\r' |
		sed -n 's/^Server-Timing: app;dur=//p' | sort -n |
		awk -v label="$1" '{ v[NR] = $1 } END {
			printf "%-46s median %6.1f ms  p99 %6.1f ms  (n=%d)\n", label, v[int((NR + 1) / 2)], v[NR], NR }'
	rm -f "$urls"
}
page "dashboard page, first view (server time)" "/plans/big/dashboard?baseline=adoption&today=TODAY"
page "dashboard page, repeated (server time)" "/plans/big/dashboard?baseline=adoption&today=2026-06-01"
page "API dashboard, first view (server time)" "/api/v1/plans/big/dashboard?baseline=adoption&today=TODAY"
page "API dashboard, repeated (server time)" "/api/v1/plans/big/dashboard?baseline=adoption&today=2026-06-01"
page "roadmap.svg, whole plan, first (server time)" "/plans/big/roadmap.svg?today=TODAY"
page "roadmap page, one branch, first (server time)" "/plans/big/roadmap?branch=AX2&today=TODAY"
page "prioritisation page, first (server time)" "/plans/big/priorities?today=TODAY"
page "risks.svg, first (server time)" "/plans/big/risks.svg?today=TODAY"
