#!/bin/bash
# generate.sh — `jalon generate` (store/generate.h): creates the database, fills it with
# the counts asked for, the same rows for the same seed, a database that passes check;
# refuses a database holding plans unless --append, and nonsense options.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/g.db
dump() { sqlite3 "$1" "SELECT * FROM element ORDER BY id; SELECT * FROM milestone ORDER BY id;
	SELECT * FROM measurement ORDER BY id; SELECT * FROM change_log ORDER BY id;
	SELECT id, login, name FROM account ORDER BY id" | md5sum; }

run --db "$DB" generate --organisations 2 --plans-per-organisation 2 --elements-per-plan 40 \
	--milestones-per-element 2 --indicators-per-plan 3 --measurements-per-indicator 5 \
	--accounts-per-organisation 4 --seed 42
check_equal "$STATUS" 0 "generate: creates the database and fills it"
check_contains "$OUT" "jeu de données généré dans $DB en" "generate: says where and how long"
check_contains "$OUT" "graine 42" "generate: names the seed"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM plan')" 4 "generate: 2 organisations × 2 plans"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM element')" 160 "generate: 40 elements per plan"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM milestone')" 320 "generate: 2 milestones per element on average"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM measurement')" 60 "generate: 12 indicators × 5 measurements"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM account')" 9 "generate: 4 accounts per organisation and an administrator"
check_contains "$OUT" "éléments" "generate: prints the counts"
check_equal "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal "generate: the database is left in WAL mode"

run --db "$DB" check
check_equal "$STATUS" 0 "generate: the database passes check"
slug=$(sqlite3 "$DB" 'SELECT slug FROM plan ORDER BY id LIMIT 1')
run --db "$DB" tree "$slug"
check_equal "$STATUS" 0 "generate: a generated plan loads (tree)"
run --db "$DB" dashboard "$slug"
check_equal "$STATUS" 0 "generate: its dashboard computes"

# Same seed, same rows; another seed, other rows.
"$JALON" --db "$WORK/same.db" generate --organisations 2 --plans-per-organisation 2 \
	--elements-per-plan 40 --milestones-per-element 2 --indicators-per-plan 3 \
	--measurements-per-indicator 5 --accounts-per-organisation 4 --seed 42 >/dev/null
"$JALON" --db "$WORK/other.db" generate --organisations 2 --plans-per-organisation 2 \
	--elements-per-plan 40 --milestones-per-element 2 --indicators-per-plan 3 \
	--measurements-per-indicator 5 --accounts-per-organisation 4 --seed 43 >/dev/null
check_equal "$(dump "$WORK/same.db")" "$(dump "$DB")" "generate: the same seed gives the same rows"
ok "$([ "$(dump "$WORK/other.db")" != "$(dump "$DB")" ]; echo $?)" "generate: another seed gives other rows"

# A database holding plans is refused, unchanged; --append adds to it.
before=$(db_fingerprint "$DB")
run --db "$DB" generate --elements-per-plan 10
check_equal "$STATUS" 1 "generate: refuses a database that holds plans"
check_contains "$ERR" "la base contient déjà 4 plans : rien n'a été généré" "generate: says why"
check_equal "$(db_fingerprint "$DB")" "$before" "generate: the refused database is unchanged"
run --db "$DB" generate --elements-per-plan 10 --indicators-per-plan 1 --measurements-per-indicator 2 --append
check_equal "$STATUS" 0 "generate --append: adds a dataset"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM plan')" 5 "generate --append: one more plan"
run --db "$DB" check
check_equal "$STATUS" 0 "generate --append: the database still passes check"

# Nonsense.
run --db "$WORK/x.db" generate --size huge
check_equal "$STATUS" 2 "generate: unknown size is a usage error"
check_contains "$ERR" "taille inconnue « huge »" "generate: names the unknown size"
run --db "$WORK/x.db" generate --elements-per-plan -3
check_equal "$STATUS" 2 "generate: a negative count is a usage error"
run --db "$WORK/x.db" generate --milestones-per-element abc
check_equal "$STATUS" 2 "generate: a non-number is a usage error"
check_contains "$ERR" "nombre invalide « abc »" "generate: names the bad number"
ok "$([ ! -e "$WORK/x.db" ]; echo $?)" "generate: nothing created after a usage error"
run generate --help
check_contains "$OUT" "--plans-per-organisation" "generate --help: lists the options"

done_testing
