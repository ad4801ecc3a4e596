#!/bin/bash
# trash.sh — the plan's trash through the command line (`jalon trash`): branches deleted
# (through the API of a `jalon ui` started here, the command line having no element
# delete) are listed, restored whole with --restore, refused with a reason when a code
# was taken since (nothing changed), and gone for good with --empty.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/t.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule;porteur
AX1;;Axe;Usagers et services numériques;VP numérique
P1;AX1;Projet;Portail étudiant;DSI
A1;P1;Action;Maquette du portail;
AX2;;Axe;Infrastructures;
P2;AX2;Projet;Réseau du campus;
CSV
"$JALON" --db "$DB" import plan.csv --id sdn >/dev/null 2>&1
cat >milestones.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Cadrage;2026-01-15;;;
A1;Maquette validée;2026-03-01;;;
CSV
"$JALON" --db "$DB" import-milestones sdn milestones.csv >/dev/null 2>&1

run --db "$DB" trash sdn
check_equal "$STATUS" 0 "trash: an empty trash lists fine"
check_equal "$OUT" "La corbeille est vide." "trash: says the trash is empty"

# Delete P1 (with A1 and both milestones) and P2 through the API of `jalon ui`.
"$JALON" --db "$DB" ui --listen 127.0.0.1:0 >ui.out 2>ui.err &
UI=$!
URL=
for _ in $(seq 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' ui.out | head -n 1)
	[ -n "$URL" ] && break
	sleep 0.1
done
id_of() { sqlite3 "$DB" "SELECT id FROM element WHERE code = '$1'"; }
P1=$(id_of P1)
code_p1=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$URL/api/v1/plans/sdn/elements/$P1")
code_p2=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$URL/api/v1/plans/sdn/elements/$(id_of P2)")
kill "$UI" 2>/dev/null
wait "$UI" 2>/dev/null
check_equal "$code_p1 $code_p2" "204 204" "the API deletes P1 and P2"

run --db "$DB" trash sdn
check_equal "$STATUS" 0 "trash: lists"
check_equal "$(printf '%s\n' "$OUT" | wc -l)" 2 "trash: one line per deleted branch"
check_contains "$(printf '%s\n' "$OUT" | sed -n 2p)" "P1  Portail étudiant  (Projet, 2 éléments, 4 lignes) sous AX1, supprimé le" \
	"trash: the branch, its size and its parent, oldest last"
check_contains "$(printf '%s\n' "$OUT" | sed -n 1p)" "P2  Réseau du campus  (Projet, 1 élément, 1 ligne) sous AX2" \
	"trash: newest first"

run --db "$DB" trash sdn --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.[] | "\(.code):\(.element_count):\(.parent_code)"] | join(",")')" \
	"P2:1:AX2,P1:2:AX1" "trash --format json: the entries"
ENTRY_P1=$(printf '%s' "$OUT" | jq -r '.[] | select(.code == "P1") | .id')
ENTRY_P2=$(printf '%s' "$OUT" | jq -r '.[] | select(.code == "P2") | .id')

# A code of the branch taken since: refused, nothing changed.
sqlite3 "$DB" "INSERT INTO element (plan_id, parent_id, position, code, level, title)
	VALUES ((SELECT id FROM plan WHERE slug = 'sdn'), $(id_of AX2), 99, 'A1', 'Action', 'Autre')"
taken=$(db_fingerprint "$DB")
run --db "$DB" trash sdn --restore "$ENTRY_P1"
check_equal "$STATUS" 1 "trash --restore: refused when a code is taken"
check_contains "$ERR" "le code « A1 » est maintenant celui d'un autre élément du plan" \
	"trash --restore: names the code taken"
check_equal "$(db_fingerprint "$DB")" "$taken" "trash --restore: a refusal changes nothing"
sqlite3 "$DB" "DELETE FROM element WHERE code = 'A1'"

run --db "$DB" trash sdn --restore "$ENTRY_P1"
check_equal "$STATUS" 0 "trash --restore: restores"
check_equal "$OUT" "P1 restauré dans le plan « sdn » : 2 éléments" "trash --restore: says what came back"
check_equal "$(sqlite3 "$DB" "SELECT e.code || ':' || m.title FROM milestone m JOIN element e ON e.id = m.element_id ORDER BY m.id" | tr '\n' ' ')" \
	"P1:Cadrage A1:Maquette validée " "trash --restore: the milestones come back"
check_equal "$(id_of P1)" "$P1" "trash --restore: with its own id"
check_equal "$(sqlite3 "$DB" "SELECT action || ' ' || new_value FROM change_log WHERE action = 'restore'")" \
	"restore 2 éléments restaurés de la corbeille" "trash --restore: journalled"

run --db "$DB" trash sdn --restore "$ENTRY_P1"
check_equal "$STATUS" 1 "trash --restore: an entry restored is gone"
check_contains "$ERR" "aucune entrée n° $ENTRY_P1 dans la corbeille de ce plan" "trash --restore: says so"

run --db "$DB" trash sdn --restore abc
check_equal "$STATUS" 2 "trash --restore: a number is expected"
run --db "$DB" trash sdn --restore 1 --empty
check_equal "$STATUS" 2 "trash: --restore and --empty exclude each other"

run --db "$DB" trash sdn --empty
check_equal "$STATUS" 0 "trash --empty: empties"
check_equal "$OUT" "1 branche supprimée définitivement" "trash --empty: says how many"
run --db "$DB" trash sdn --format json
check_equal "$OUT" "[]" "trash --empty: nothing left"
run --db "$DB" trash sdn --restore "$ENTRY_P2"
check_equal "$STATUS" 1 "trash --empty: an emptied branch cannot come back"
check_equal "$(sqlite3 "$DB" "SELECT old_value FROM change_log WHERE entity = 'trash'")" \
	"1 branche supprimée définitivement" "trash --empty: journalled"

run --db "$DB" trash inconnu
check_equal "$STATUS" 1 "trash: an unknown plan is refused"
done_testing
