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
echo "plan: $(sqlite3 "$out/s.db" 'SELECT count(*) FROM element') elements," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM milestone') milestones," \
	"$(sqlite3 "$out/s.db" 'SELECT count(*) FROM budget_line') budget lines"
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
