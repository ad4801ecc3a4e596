#!/bin/bash
# maintenance.sh — backup, restore and check (store/maintenance.h) from the command line:
# a backup is a complete, checked copy that never overwrites a file; restore puts back a
# checked copy and keeps the previous content; check names what is wrong; a copy taken
# while a server writes restores to a sound database holding every acknowledged write.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/m.db
"$JALON" --db "$DB" init >/dev/null
"$JALON" --db "$DB" import "$SOURCE_ROOT/data/demo/plan.csv" --id demo >/dev/null 2>&1
"$JALON" --db "$DB" import-budget demo "$SOURCE_ROOT/data/demo/budget.csv" 2>/dev/null
"$JALON" --db "$DB" import-milestones demo "$SOURCE_ROOT/data/demo/milestones.csv" 2>/dev/null
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM element) || ' ' || (SELECT count(*) FROM budget_line)
	|| ' ' || (SELECT count(*) FROM milestone) || ' ' || (SELECT count(*) FROM plan)"; }

run --db "$DB" check
check_equal "$STATUS" 0 "check: a sound database"
check_contains "$OUT" "base saine : $DB (schéma 7" "check: says so, with the schema"

# ---- backup ----
run --db "$DB" backup b1.db
check_equal "$STATUS" 0 "backup: written"
check_contains "$OUT" "sauvegarde écrite et vérifiée : b1.db" "backup: says where"
check_equal "$(counts b1.db)" "$(counts "$DB")" "backup: the same elements, lines, milestones and plans"
check_equal "$(sqlite3 b1.db 'PRAGMA journal_mode')" delete "backup: one self-contained file (no WAL beside it)"
check_equal "$(ls b1.db* | tr '\n' ' ')" "b1.db " "backup: no temporary file left"
run --db b1.db check
check_equal "$STATUS" 0 "backup: the copy passes check"
before=$(md5sum <b1.db)
run --db "$DB" backup b1.db
check_equal "$STATUS" 1 "backup: an existing file is refused"
check_contains "$ERR" "existe déjà" "backup: says why"
check_equal "$(md5sum <b1.db)" "$before" "backup: the existing file is untouched"
run --db "$DB" backup /nonexistent/dir/b.db
check_equal "$STATUS" 1 "backup: an unwritable place is refused"

# ---- restore ----
REF=$(counts "$DB")
"$JALON" --db "$DB" delete demo --yes >/dev/null
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM element')" 0 "restore: the plan is gone before"
run --db "$DB" restore b1.db
check_equal "$STATUS" 0 "restore: done"
check_equal "$(counts "$DB")" "$REF" "restore: everything is back"
saved=$(ls "$DB".avant-restauration-* 2>/dev/null | head -1)
check_contains "$OUT" "gardé dans $saved" "restore: says where the previous content is kept"
check_equal "$(sqlite3 "$saved" 'SELECT count(*) FROM element')" 0 "restore: the kept copy is the content before"
run --db "$DB" check
check_equal "$STATUS" 0 "restore: the database passes check"

# A broken copy is refused, and the database is left as it was.
cp b1.db broken.db
sqlite3 broken.db "PRAGMA foreign_keys = OFF;
	UPDATE element SET parent_id = (SELECT max(id) FROM element) WHERE id = (SELECT max(id) FROM element);
	INSERT INTO budget_line (element_id, year, nature, source) VALUES (999999, 2026, 'investissement', 'État');"
FP=$(db_fingerprint "$DB")
run --db "$DB" restore broken.db
check_equal "$STATUS" 1 "restore: a copy with problems is refused"
check_contains "$ERR" "élément ancêtre de lui-même" "restore: names the element that is its own parent"
check_contains "$ERR" "budget_line" "restore: names the line whose element is missing"
check_equal "$(db_fingerprint "$DB")" "$FP" "restore: a refused copy changes nothing"
printf 'pas une base' >junk.db
run --db "$DB" restore junk.db
check_equal "$STATUS" 1 "restore: a file that is not a database is refused"
run --db "$DB" restore missing.db
check_equal "$STATUS" 1 "restore: a missing file is refused"
check_equal "$(db_fingerprint "$DB")" "$FP" "restore: still nothing changed"

# ---- check names what is wrong ----
run --db broken.db check
check_equal "$STATUS" 1 "check: a broken database fails"
check_contains "$ERR" "élément ancêtre de lui-même" "check: the cycle of parents"
check_contains "$ERR" "référence vers element introuvable" "check: the missing element"
check_contains "$ERR" "2 problèmes" "check: counts them"

# ---- a backup while a server writes ----
PORT_FILE=$WORK/port
"$JALON" --db "$DB" ui --listen 127.0.0.1:0 >"$WORK/ui.out" 2>&1 &
UI=$!
for _ in $(seq 50); do
	URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/ui.out" | head -1)
	[ -n "$URL" ] && break
	sleep 0.1
done
P1=$(sqlite3 "$DB" "SELECT id FROM element WHERE code = 'AX1.A1.P1'")
writes() { # N: POST N budget lines, print the ids acknowledged (201)
	for i in $(seq "$1"); do
		curl -s --noproxy '*' -o "$WORK/w.json" -w '%{http_code}' -X POST \
			-H 'Content-Type: application/json' \
			-d "{\"element\": $P1, \"year\": 2027, \"nature\": \"fonctionnement\", \"source\": \"État\", \"planned_cents\": $i}" \
			"$URL/api/v1/plans/demo/budget-lines" | grep -q 201 && jq -r .id "$WORK/w.json"
	done
}
writes 40 >acked1 &
W=$!
sleep 0.3
run --db "$DB" backup during.db
B=$STATUS
wait $W
check_equal "$B" 0 "backup during writes: written"
run --db during.db check
check_equal "$STATUS" 0 "backup during writes: the copy passes check"
check_equal "$(wc -l <acked1)" 40 "backup during writes: every write was acknowledged"
kill "$UI"; wait "$UI" 2>/dev/null
missing=0
for id in $(cat acked1); do
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM budget_line WHERE id = $id")" = 1 ] || missing=$((missing + 1))
done
check_equal "$missing" 0 "every acknowledged write is in the database"
run --db "$DB" restore during.db
check_equal "$STATUS" 0 "the copy taken during writes restores"
run --db "$DB" check
check_equal "$STATUS" 0 "and the restored database passes check"

done_testing
