#!/bin/bash
# crash.sh — nothing lost on a crash: a server killed with SIGKILL at random moments under
# the load of four concurrent API writers, again and again (CRASH_CYCLES, 100 by
# default), and an import killed in the middle. After each kill, `jalon check` passes
# and every write the server had acknowledged (201) is in the database; the killed
# import left nothing half-done.
. "$TESTS_DIR/cli/lib.sh"

CYCLES=${CRASH_CYCLES:-100}
DB=$WORK/c.db
"$JALON" --db "$DB" init >/dev/null
"$JALON" --db "$DB" import "$SOURCE_ROOT/data/demo/plan.csv" --id demo >/dev/null 2>&1
P1=$(sqlite3 "$DB" "SELECT id FROM element WHERE code = 'AX1.A1.P1'")

start_server() { # sets UI (pid) and URL
	"$JALON" --db "$DB" ui --listen 127.0.0.1:0 >"$WORK/ui.out" 2>&1 &
	UI=$!
	URL=
	for _ in $(seq 100); do
		URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/ui.out" | head -1)
		[ -n "$URL" ] && return 0
		sleep 0.02
	done
	return 1
}

# Writer N: budget lines posted one after the other until the server goes away; the id
# of each one acknowledged (201) is appended to acked.N. Four run at once.
WRITERS=4
writer() {
	local n=$1 i=0
	while :; do
		i=$((i + 1))
		code=$(curl -s --noproxy '*' --max-time 5 -o "$WORK/w.$n.json" -w '%{http_code}' -X POST \
			-H 'Content-Type: application/json' \
			-d "{\"element\": $P1, \"year\": 2027, \"nature\": \"fonctionnement\", \"source\": \"État\", \"planned_cents\": $i}" \
			"$URL/api/v1/plans/demo/budget-lines") || return 0
		[ "$code" = 201 ] || return 0
		jq -r .id "$WORK/w.$n.json" >>"$WORK/acked.$n"
	done
}

failed_checks=0 started=0
for cycle in $(seq "$CYCLES"); do
	start_server || break
	started=$((started + 1))
	pids=()
	for n in $(seq "$WRITERS"); do
		writer "$n" &
		pids+=($!)
	done
	# Kill at a random moment, 50 to 300 ms into the load.
	sleep "0.$(printf '%03d' $((50 + RANDOM % 250)))"
	kill -9 "$UI"
	wait "$UI" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	"$JALON" --db "$DB" check >/dev/null 2>"$WORK/check.err" || {
		failed_checks=$((failed_checks + 1))
		diag <"$WORK/check.err"
	}
done
check_equal "$started" "$CYCLES" "crash: the server started again after each of $CYCLES kills"
check_equal "$failed_checks" 0 "crash: jalon check passes after every kill -9"
cat "$WORK"/acked.* >"$WORK/acked"
acked=$(wc -l <"$WORK/acked")
ok $(( acked > CYCLES ? 0 : 1 )) "crash: writes were acknowledged during the load ($acked)"
present=$(sqlite3 "$DB" "SELECT count(*) FROM budget_line WHERE id IN ($(paste -sd, "$WORK/acked"))")
check_equal "$present" "$acked" "crash: every acknowledged write is in the database"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM budget_line b WHERE NOT EXISTS
	(SELECT 1 FROM change_log c WHERE c.entity = 'budget_line' AND c.entity_id = b.id
	 AND c.action = 'create')")" 0 "crash: each line saved has its journal row (same transaction)"

# ---- an import killed in the middle ----
python3 - >big.csv <<'PY'
print("code;jalon;date_prevue;date_prevision;date_reelle;statut")
for i in range(1000000):
    print(f"AX1.A1.P1;Jalon {i};2027-01-01;;;")
PY
before=$(sqlite3 "$DB" 'SELECT count(*) FROM milestone')
wal_size() { stat -c %s "$DB-wal" 2>/dev/null || echo 0; }
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
wal_before=$(wal_size)
"$JALON" --db "$DB" import-milestones demo big.csv >/dev/null 2>&1 &
IMP=$!
# Killed while it writes: once its transaction has put 1 MB into the WAL.
writing=1
for _ in $(seq 3000); do
	kill -0 "$IMP" 2>/dev/null || break
	if [ $(( $(wal_size) - wal_before )) -gt 1000000 ]; then writing=0; break; fi
	sleep 0.01
done
kill -9 "$IMP" 2>/dev/null
wait "$IMP" 2>/dev/null
check_equal "$writing" 0 "import: killed while its transaction was being written"
run --db "$DB" check
check_equal "$STATUS" 0 "import: the database passes check after the kill"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM milestone')" "$before" \
	"import: no half-done import (no milestone of the file)"

done_testing
