#!/bin/bash
# commands.sh — every command of jalon as a user runs it: help, exit statuses and
# messages for bad command lines, refusing files that are not jalon databases,
# listings and the plan record, exports to files, deletion, organisations, and the
# ways of naming the database and a plan.
. "$TESTS_DIR/cli/lib.sh"

COMMANDS="init import plans tree export plan delete organisations organisation-add help"
DB=$WORK/plans.db

sha() { sha256sum "$1" | cut -d' ' -f1; }

# The small plan used throughout: a child listed before its parent, an irregular
# branch (an Objectif after a Projet), and an Action one level deeper.
cat >small.csv <<'CSV'
code;parent;niveau;intitule
AX1;;Axe;Usagers
P1;AX1;Projet;Portail
A1;P1;Action;Maquette
P2;AX2;Projet;Réseau
AX2;;Axe;Infrastructures
O1;AX1;Objectif;Services
CSV

# ---- init -------------------------------------------------------------------------

run --db "$DB" init
check_equal "$STATUS" 0 "init: exit 0"
check_equal "$OUT" "base prête : $DB (schéma 7)" "init: says the database is ready"
[ -f "$DB" ]
ok $? "init: creates the file"

"$JALON" --db "$DB" import small.csv --id petit >/dev/null 2>&1
BEFORE=$(db_fingerprint "$DB")
run --db "$DB" init
check_equal "$STATUS:$OUT" "0:base prête : $DB (schéma 7)" "init again: exit 0, same message"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "init again: data kept, nothing changed"

# ---- version and help ----------------------------------------------------------------

run --version
check_equal "$STATUS" 0 "--version: exit 0"
[[ $OUT =~ ^jalon\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
ok $? "--version: prints « jalon X.Y.Z » (got « $OUT »)"

run --help
HELP=$OUT
check_equal "$STATUS" 0 "--help: exit 0"
check_contains "$HELP" "Usage : jalon [--db CHEMIN] COMMANDE [OPTIONS]" "--help: usage line"
for c in $COMMANDS; do
	grep -q "^  $c  *[a-zé]" <<<"$HELP"
	ok $? "--help: lists « $c » with its summary"
done
run help
check_equal "$STATUS:$OUT" "0:$HELP" "help: same text as --help"
run
check_equal "$STATUS" 2 "no command: exit 2"
check_contains "$ERR" "Usage : jalon" "no command: usage on stderr"

# Help never needs a database.
for c in $COMMANDS; do
	run --db "$WORK/none.db" "$c" --help
	check_equal "$STATUS" 0 "$c --help: exit 0"
	check_contains "$(head -1 <<<"$OUT")" "Usage : jalon [--db CHEMIN] $c" "$c --help: synopsis"
	HELP_C=$OUT
	run help "$c"
	check_equal "$OUT" "$HELP_C" "help $c: same as $c --help"
done
[ ! -e "$WORK/none.db" ]
ok $? "--help: no database created"
check_contains "$("$JALON" import --help)" "--organisation-kind TYPE" "import --help: documents its options"
check_contains "$("$JALON" plan --help)" "--votes P/C/A" "plan --help: documents its options"

# ---- bad command lines: exit 2, the culprit named, nothing done --------------------------

BEFORE=$(db_fingerprint "$DB")
run --db "$DB" frobnicate
check_equal "$STATUS:$OUT" "2:" "unknown command: exit 2, nothing on stdout"
check_contains "$ERR" "commande inconnue « frobnicate »" "unknown command: named"
run help frobnicate
check_equal "$STATUS" 2 "help on an unknown command: exit 2"
check_contains "$ERR" "« frobnicate »" "help on an unknown command: named"
run --db "$DB" --frob plans
check_equal "$STATUS:$OUT" "2:" "unknown global option: exit 2, nothing on stdout"
check_contains "$ERR" "option inconnue « --frob »" "unknown global option: named"
for c in "plans" "tree petit" "export petit" "plan petit" "delete petit" "organisations" \
	"import small.csv" "init"; do
	# shellcheck disable=SC2086
	run --db "$DB" $c --frob
	check_equal "$STATUS:$OUT" "2:" "$c --frob: exit 2, nothing on stdout"
	check_contains "$ERR" "« --frob »" "$c --frob: option named"
done
run --db "$DB" import small.csv --period
check_equal "$STATUS" 2 "option without its value: exit 2"
check_contains "$ERR" "« --period »" "option without its value: named"
run --db
check_equal "$STATUS" 2 "--db without a path: exit 2"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "bad command lines: database unchanged"

# ---- a database that does not exist, or is not jalon's -------------------------------------

for c in "plans" "tree petit" "export petit" "plan petit" "delete petit --yes" \
	"organisations" "organisation-add Nom" "import small.csv"; do
	# shellcheck disable=SC2086
	run --db "$WORK/missing.db" $c
	check_equal "$STATUS:$OUT" "1:" "$c on a missing database: exit 1, nothing on stdout"
	check_contains "$ERR" "jalon --db $WORK/missing.db init" "$c on a missing database: says to run init"
done
[ ! -e "$WORK/missing.db" ]
ok $? "missing database: not created by other commands than init"

cp small.csv notes.csv
SUM=$(sha notes.csv)
for c in "plans" "init" "import small.csv" "organisation-add Nom"; do
	# shellcheck disable=SC2086
	run --db notes.csv $c
	check_equal "$STATUS" 1 "$c on a text file: exit 1"
	check_contains "$ERR" "notes.csv: ce fichier n'est pas une base jalon" "$c on a text file: refused"
done
check_equal "$(sha notes.csv)" "$SUM" "text file as --db: left unchanged"

sqlite3 other.sqlite "CREATE TABLE budget (ligne TEXT, montant INTEGER); INSERT INTO budget VALUES ('réseau', 12);"
SUM=$(sha other.sqlite)
for c in "plans" "init" "import small.csv"; do
	# shellcheck disable=SC2086
	run --db other.sqlite $c
	check_equal "$STATUS" 1 "$c on another program's SQLite file: exit 1"
	check_contains "$ERR" "other.sqlite: ce fichier est une base SQLite mais pas une base jalon" \
		"$c on another program's SQLite file: refused"
done
check_equal "$(sha other.sqlite)" "$SUM" "another program's SQLite file: left unchanged"
[ ! -e other.sqlite-wal ]
ok $? "another program's SQLite file: no WAL file left"

: >empty.db
run --db empty.db plans
check_equal "$STATUS" 1 "empty file as --db: exit 1"
check_contains "$ERR" "jalon --db empty.db init" "empty file as --db: says to run init"
check_equal "$(stat -c %s empty.db)" 0 "empty file as --db: left empty"

# ---- import with the plan's own fields, plans, plan -------------------------------------------

run --db "$DB" import small.csv --title "Schéma directeur 2024–2028" --organisation "Université A" \
	--organisation-kind universite --period 2024-2028 --version v1 --status "en consultation" \
	--id sdn
check_equal "$STATUS:$OUT" "0:sdn" "import with options: prints the identifier"
check_equal "$ERR" "6 éléments importés dans le plan « Schéma directeur 2024–2028 »" \
	"import with options: says what was imported"
run --db "$DB" import small.csv --title "Schéma directeur 2024–2028"
check_equal "$STATUS:$OUT" "0:schema-directeur-2024-2028" "import: identifier derived from the title"
run --db "$DB" import small.csv --title "Schéma directeur 2024–2028"
check_equal "$OUT" "schema-directeur-2024-2028-2" "import: identifier made unique"
SCHEMA2_ID=$(sqlite3 "$DB" "SELECT id FROM plan WHERE slug = 'schema-directeur-2024-2028-2'")
"$JALON" --db "$DB" delete schema-directeur-2024-2028-2 --yes 2>/dev/null
BEFORE=$(db_fingerprint "$DB")
run --db "$DB" import small.csv --id sdn
check_equal "$STATUS:$OUT" "1:" "import with a taken --id: exit 1"
check_contains "$ERR" "l'identifiant « sdn » est déjà pris" "import with a taken --id: says so"
run --db "$DB" import small.csv --id "Mon Plan"
check_equal "$STATUS" 1 "import with an invalid --id: exit 1"
check_contains "$ERR" "par exemple « mon-plan »" "import with an invalid --id: suggests one"
for bad in "--period 2028-2024" "--period 24" "--status foo" "--organisation-kind lycee"; do
	# shellcheck disable=SC2086
	run --db "$DB" import small.csv $bad
	check_equal "$STATUS:$OUT" "2:" "import $bad: exit 2, nothing on stdout"
	check_contains "$ERR" "« ${bad#* } »" "import $bad: value named"
done
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused imports: database unchanged"

run --db "$DB" plans
check_equal "$STATUS" 0 "plans: exit 0"
check_equal "$OUT" "schema-directeur-2024-2028	Schéma directeur 2024–2028	—	—	—	brouillon	6 éléments
petit	small	—	—	—	brouillon	6 éléments
sdn	Schéma directeur 2024–2028	Université A	2024-2028	v1	en consultation	6 éléments" \
	"plans: identifier first, tab-separated, with version and element counts"

run --db "$DB" tree sdn
check_equal "$STATUS" 0 "tree: exit 0"
check_equal "$OUT" "AX1 Usagers
  P1 Portail
    A1 Maquette
  O1 Services
AX2 Infrastructures
  P2 Réseau

Axe: 2
Projet: 2
Action: 1
Objectif: 1
total: 6" "tree: indented depth-first, then levels in order of first appearance"

run --db "$DB" plan sdn
check_equal "$STATUS" 0 "plan: exit 0"
check_equal "$OUT" "identifiant : sdn
titre : Schéma directeur 2024–2028
organisation : Université A (université)
période : 2024-2028
version : v1
statut : en consultation
adoption : non renseignée
éléments : 6" "plan: shows the record given at import"

run --db "$DB" plan sdn --status adopte --adopted-on 27/06/2025 \
	--adopted-by "Conseil d'administration" --deliberation 2025-041 --votes 28/2/3
check_equal "$STATUS" 0 "plan with adoption options: exit 0"
RECORD="identifiant : sdn
titre : Schéma directeur 2024–2028
organisation : Université A (université)
période : 2024-2028
version : v1
statut : adopté
adoption : 27/06/2025, Conseil d'administration, délibération 2025-041, 28 pour, 2 contre, 3 abstentions
éléments : 6"
check_equal "$OUT" "$RECORD" "plan with adoption options: shows the new record"
SDN_ID=$(sqlite3 "$DB" "SELECT id FROM plan WHERE slug = 'sdn'")
run --db "$DB" plan "$SDN_ID"
check_equal "$OUT" "$RECORD" "plan: adoption stored (shown again, by number)"
"$JALON" --db "$DB" export sdn --format json >sdn.json
check_equal "$(jq -c '.plan | [.status, .adoption]' sdn.json)" \
	'["adopte",{"date":"2025-06-27","body":"Conseil d'"'"'administration","deliberation":"2025-041","votes_for":28,"votes_against":2,"abstentions":3}]' \
	"plan with adoption options: in the JSON export"
check_equal "$(jq -c '.plan | [.id, .title, .organisation, .period_start, .period_end, .version]' sdn.json)" \
	'["sdn","Schéma directeur 2024–2028",{"name":"Université A","kind":"universite"},2024,2028,"v1"]' \
	"JSON export: the plan's own fields"
check_equal "$(jq -c '[.elements[].code]' sdn.json)" '["AX1","P1","A1","O1","AX2","P2"]' \
	"JSON export: elements depth-first"

BEFORE=$(db_fingerprint "$DB")
for bad in "--period 2024-20" "--period abcd" "--status foo" "--votes 28/2" "--votes 28,2/3" \
	"--votes a/b/c" "--votes -1/2/3" "--adopted-on 31/02/2025" "--adopted-on demain" \
	"--organisation-kind lycee"; do
	# shellcheck disable=SC2086
	run --db "$DB" plan sdn $bad
	check_equal "$STATUS:$OUT" "2:" "plan $bad: exit 2, nothing on stdout"
	check_contains "$ERR" "« ${bad#* } »" "plan $bad: value named"
done
run --db "$DB" plan sdn --title "   "
check_equal "$STATUS" 2 "plan with an empty title: exit 2"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused plan changes: database unchanged"

run --db "$DB" plan sdn --title "SDN révisé" --period 2025 --version "" --status en-revision
check_equal "$STATUS" 0 "plan: other fields changed"
check_equal "$(sed -n '2p;4,6p' <<<"$OUT")" "titre : SDN révisé
période : 2025
version : —
statut : en révision" "plan: title, single-year period, cleared version, status"
check_equal "$("$JALON" --db "$DB" export sdn --format json | jq -r .plan.id)" "sdn" \
	"plan: the identifier does not follow the title"

# ---- export to a file -------------------------------------------------------------------

mkdir out
run --db "$DB" export sdn --output out/sdn.csv
check_equal "$STATUS:$OUT" "0:" "export --output: exit 0, nothing on stdout"
"$JALON" --db "$DB" export sdn >stdout.csv
cmp -s out/sdn.csv stdout.csv
ok $? "export --output: same bytes as on stdout"
run --db "$DB" export sdn --format json --output out/sdn.json
check_equal "$(jq -r .format out/sdn.json)" "jalon-plan" "export --format json --output: a JSON file"
printf 'ancien contenu\n' >out/old.csv
run --db "$DB" export sdn --output out/old.csv
cmp -s out/old.csv stdout.csv
ok $? "export --output: replaces an existing file"
check_equal "$(ls -A out | tr '\n' ' ')" "old.csv sdn.csv sdn.json " "export --output: no stray temporary file"
run --db "$DB" export sdn --output nowhere/sdn.csv
check_equal "$STATUS" 1 "export --output into a missing directory: exit 1"
check_contains "$ERR" "nowhere/sdn.csv: écriture impossible" "export --output into a missing directory: says so"
check_equal "$(ls -A | grep -c 'tmp')" 0 "export --output failure: no stray temporary file"

run --db "$DB" export sdn --format xml
check_equal "$STATUS:$OUT" "2:" "export --format xml: exit 2, nothing on stdout"
check_contains "$ERR" "format inconnu « xml »" "export --format xml: format named"
run --db "$DB" export nope
check_equal "$STATUS:$OUT" "1:" "export of an unknown plan: exit 1"
check_contains "$ERR" "plan inconnu « nope »" "export of an unknown plan: named"

# ---- PLAN as identifier or number -------------------------------------------------------

check_equal "$("$JALON" --db "$DB" tree "$SDN_ID")" "$("$JALON" --db "$DB" tree sdn)" "tree: PLAN by number"
check_equal "$("$JALON" --db "$DB" export "$SDN_ID")" "$("$JALON" --db "$DB" export sdn)" "export: PLAN by number"
run --db "$DB" tree "$SCHEMA2_ID"
check_equal "$STATUS" 1 "tree: the number of a deleted plan is unknown"

# ---- delete -----------------------------------------------------------------------------

BEFORE=$(db_fingerprint "$DB")
run --db "$DB" delete petit
check_equal "$STATUS:$OUT" "2:" "delete without --yes: exit 2"
check_contains "$ERR" "--yes" "delete without --yes: asks for --yes"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "delete without --yes: nothing deleted"
run --db "$DB" delete
check_equal "$STATUS" 2 "delete without a plan: exit 2"
run --db "$DB" delete nope --yes
check_equal "$STATUS" 1 "delete of an unknown plan: exit 1"
check_contains "$ERR" "plan inconnu « nope »" "delete of an unknown plan: named"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused deletes: nothing deleted"
run --db "$DB" delete petit --yes
check_equal "$STATUS" 0 "delete --yes: exit 0"
check_contains "$ERR" "plan « petit » supprimé" "delete --yes: says so"
check_equal "$("$JALON" --db "$DB" plans | cut -f1 | tr '\n' ' ')" "schema-directeur-2024-2028 sdn " \
	"delete --yes: the plan is gone from the list"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM element")" 12 "delete --yes: its elements are gone"
run --db "$DB" delete "$SDN_ID" --yes
check_equal "$STATUS" 0 "delete by number: exit 0"
check_equal "$("$JALON" --db "$DB" plans | cut -f1)" "schema-directeur-2024-2028" "delete by number: gone"

# ---- organisations ---------------------------------------------------------------------------

run --db "$DB" organisation-add "ComUE Loire" --kind comue
check_equal "$STATUS:$OUT" "0:" "organisation-add: exit 0"
run --db "$DB" organisation-add "Université B" --kind Université --parent "ComUE Loire"
check_equal "$STATUS" 0 "organisation-add with --parent: exit 0"
run --db "$DB" organisation-add "Campus libre"
check_equal "$STATUS" 0 "organisation-add without --kind: exit 0"
"$JALON" --db "$DB" import small.csv --organisation "Université B" >/dev/null 2>&1
run --db "$DB" organisations
check_equal "$STATUS" 0 "organisations: exit 0"
check_equal "$(cut -f1-3 <<<"$OUT")" "Campus libre	autre	—
ComUE Loire	ComUE	—
Université A	université	—
Université B	université	ComUE Loire" "organisations: name, kind and parent, by name"
check_equal "$(grep '^Université B' <<<"$OUT" | cut -f4)" "1 plan" "organisations: plan count"
BEFORE=$(db_fingerprint "$DB")
run --db "$DB" organisation-add "ComUE Loire"
check_equal "$STATUS" 1 "organisation-add of an existing name: exit 1"
check_contains "$ERR" "l'organisation « ComUE Loire » existe déjà" "organisation-add of an existing name: says so"
run --db "$DB" organisation-add "Université C" --parent "Inconnue"
check_equal "$STATUS" 1 "organisation-add with an unknown parent: exit 1"
check_contains "$ERR" "organisation parente inconnue « Inconnue »" "organisation-add with an unknown parent: named"
run --db "$DB" organisation-add "Lycée" --kind lycee
check_equal "$STATUS" 2 "organisation-add with an unknown kind: exit 2"
check_contains "$ERR" "« lycee »" "organisation-add with an unknown kind: named"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "refused organisations: database unchanged"

# ---- JALON_DB and stdin -------------------------------------------------------------------------

ENVDB=$WORK/env.db
JALON_DB=$ENVDB "$JALON" init >/dev/null
[ -f "$ENVDB" ]
ok $? "JALON_DB: init creates that database"
OUT=$(JALON_DB=$ENVDB "$JALON" import - <small.csv 2>/dev/null)
check_equal "$?:$OUT" "0:plan-importe" "import -: reads the CSV from stdin"
check_equal "$(JALON_DB=$ENVDB "$JALON" plans)" "plan-importe	Plan importé	—	—	—	brouillon	6 éléments" \
	"JALON_DB: used when --db is absent"
check_equal "$(JALON_DB=$ENVDB "$JALON" tree plan-importe)" "$("$JALON" --db "$DB" tree schema-directeur-2024-2028)" \
	"import -: same tree as from the file"
check_equal "$(JALON_DB=$ENVDB "$JALON" --db "$DB" plans | cut -f1 | tr '\n' ' ')" \
	"schema-directeur-2024-2028 small " "--db wins over JALON_DB"
OUT=$(cd "$WORK/out" && JALON_DB="" "$JALON" plans 2>&1)
check_contains "$OUT" "jalon.db" "no --db and no JALON_DB: ./jalon.db"

# ---- organisation kind, delete help, numbers never reused --------------------------------
KDB=$WORK/kind.db
"$JALON" --db "$KDB" init >/dev/null
"$JALON" --db "$KDB" import small.csv --id k1 --organisation "Université K" >/dev/null 2>&1
check_contains "$("$JALON" --db "$KDB" organisations)" "Université K	autre" "kind: a new organisation is « autre » by default"
"$JALON" --db "$KDB" import small.csv --id k2 --organisation "Université K" --organisation-kind universite >/dev/null 2>&1
check_contains "$("$JALON" --db "$KDB" organisations)" "Université K	université" "kind: import --organisation-kind changes an existing organisation"
"$JALON" --db "$KDB" plan k1 --organisation-kind comue >/dev/null
check_contains "$("$JALON" --db "$KDB" organisations)" "Université K	ComUE" "kind: plan --organisation-kind changes it and it is saved"
check_contains "$("$JALON" --db "$KDB" plan k2)" "organisation : Université K (ComUE)" "kind: shown on the plan record"
check_contains "$("$JALON" delete --help)" "--yes" "delete --help: documents --yes"
"$JALON" --db "$KDB" export k2 --format json >k2.json
k2_number=$("$JALON" --db "$KDB" export 2 --format json | jq -r .plan.id)
check_equal "$k2_number" k2 "numbers: plan 2 is k2"
"$JALON" --db "$KDB" delete k2 --yes 2>/dev/null
"$JALON" --db "$KDB" import small.csv --id k3 >/dev/null 2>&1
run --db "$KDB" tree 2
check_equal "$STATUS" 1 "numbers: a deleted plan's number is not given to the next plan"
check_equal "$("$JALON" --db "$KDB" export 3 --format json | jq -r .plan.id)" k3 "numbers: the next plan gets a new number"

# ---- a very deep plan: imported, shown, exported and deleted --------------------------------
DDB=$WORK/deep.db
"$JALON" --db "$DDB" init >/dev/null
{ echo "code;parent;niveau;intitule"; echo "N0;;Niveau;N0"; for i in $(seq 1 2499); do echo "N$i;N$((i - 1));Niveau;N$i"; done; } >deep.csv
run --db "$DDB" import deep.csv --id deep
check_equal "$STATUS:$OUT" "0:deep" "deep plan: 2,500 levels imported"
check_equal "$("$JALON" --db "$DDB" tree deep | tail -1)" "total: 2500" "deep plan: tree shown"
run --db "$DDB" delete deep --yes
check_equal "$STATUS" 0 "deep plan: deleted despite SQLite's 1000-level cascade limit"
check_equal "$(sqlite3 "$DDB" 'SELECT count(*) FROM element')" 0 "deep plan: no element left"

done_testing
