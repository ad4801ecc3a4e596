#!/bin/bash
# steering_import.sh — import-budget and import-milestones: good files are written
# in full (appended, or replacing with --replace), and every kind of bad file is
# refused with its line number, exit status 1, nothing on stdout, and the database
# left exactly as it was.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/plans.db
"$JALON" --db "$DB" init >/dev/null
printf 'code;parent;niveau;intitule\nAX1;;Axe;Usagers\nP1;AX1;Projet;Portail\nP2;AX1;Projet;Réseau\n' >plan.csv
"$JALON" --db "$DB" import --id sdn --title "Schéma directeur" plan.csv >/dev/null 2>&1

lines() {
	sqlite3 "$DB" "SELECT e.code, b.year, b.nature, b.source, b.planned_cents,
	  b.committed_cents, b.paid_cents FROM budget_line b JOIN element e ON e.id = b.element_id
	  ORDER BY b.id" | tr '\n' ' '
}
milestones() {
	sqlite3 "$DB" "SELECT e.code, m.position, m.title, m.planned_on, coalesce(m.forecast_on, '-'),
	  coalesce(m.actual_on, '-'), m.status FROM milestone m JOIN element e ON e.id = m.element_id
	  ORDER BY m.id" | tr '\n' ' '
}

# ---- budget lines: success ------------------------------------------------------------

printf '\xef\xbb\xbfCode;Année;Nature;Source;Prévu;Engagé;Réalisé\r\nP1;2026;investissement;etat;1 234,50 €;2000;\r\nP2;2027;F;FRANCE 2030;;;5\r\n' >budget.csv
run --db "$DB" import-budget sdn budget.csv
check_equal "$STATUS" 0 "import-budget: exit 0"
check_equal "$OUT" "" "import-budget: nothing on stdout"
check_equal "$ERR" "2 lignes budgétaires importées dans le plan « Schéma directeur »" \
	"import-budget: one-line summary on stderr"
check_equal "$(lines)" "P1|2026|investissement|État|123450|200000|0 P2|2027|fonctionnement|France 2030|0|0|500 " \
	"import-budget: lines stored with the list's spelling, empty amounts 0"

printf 'code;annee;nature;source;prevu\nAX1;2028;I;ANR;10\n' >more.csv
run --db "$DB" import-budget sdn more.csv
check_equal "$STATUS:$(sqlite3 "$DB" "SELECT count(*) FROM budget_line")" "0:3" "import-budget: appends by default"
run --db "$DB" import-budget sdn more.csv --replace
check_equal "$STATUS" 0 "import-budget --replace: exit 0"
check_contains "$ERR" "1 ligne budgétaire importée dans le plan « Schéma directeur » (en remplacement des précédentes)" \
	"import-budget --replace: says it replaced"
check_equal "$(lines)" "AX1|2028|investissement|ANR|1000|0|0 " "import-budget --replace: only the new lines"

BEFORE=$(db_fingerprint "$DB")
run --db "$DB" import-budget sdn budget.csv --dry-run
check_equal "$STATUS" 0 "import-budget --dry-run: exit 0"
check_contains "$ERR" "budget.csv : 2 lignes budgétaires valides (essai à blanc" "import-budget --dry-run: says so"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "import-budget --dry-run: database unchanged"

printf 'code;annee;nature;source;prevu\nP1;2026;I;R\xe9gion;1\n' >cp1252.csv
run --db "$DB" import-budget sdn cp1252.csv --encoding cp1252
check_equal "$STATUS" 0 "import-budget --encoding cp1252: exit 0"
check_contains "$(lines)" "P1|2026|investissement|Région|100|0|0" "import-budget --encoding cp1252: source read"

# ---- budget lines: errors ------------------------------------------------------------

BEFORE=$(db_fingerprint "$DB")
# expect_refused COMMAND NAME FILE EXPECTED-LINE-PREFIX MESSAGE-FRAGMENT [options…]
expect_refused() {
	local command=$1 name=$2 file=$3 where=$4 fragment=$5
	shift 5
	run --db "$DB" "$command" sdn "$file" "$@"
	check_equal "$STATUS" 1 "$command, $name: exit status 1"
	check_equal "$OUT" "" "$command, $name: nothing on stdout"
	check_contains "$ERR" "$file:$where" "$command, $name: error located at $file:$where"
	check_contains "$ERR" "$fragment" "$command, $name: says « $fragment »"
	check_equal "$(db_fingerprint "$DB")" "$BEFORE" "$command, $name: database unchanged"
}
H='code;annee;nature;source;prevu;engage;realise'

printf '%s\nP1;2026;I;ANR;1;;\np1;2026;I;ANR;1;;\n' "$H" >near.csv
expect_refused import-budget "unknown code, near miss" near.csv "3: " "élément inconnu « p1 » (vouliez-vous dire « P1 » ?)" --replace
check_contains "$ERR" "near.csv : 1 erreur, rien n'a été importé" "import-budget: error count first"
printf '%s\nZZ;2026;I;ANR;1;;\n' "$H" >unknown.csv
expect_refused import-budget "unknown code" unknown.csv "2: " "aucun élément du plan « sdn » n'a ce code"
printf '%s\nP1;26;I;ANR;1;;\n' "$H" >year.csv
expect_refused import-budget "bad year" year.csv "2: " "année invalide « 26 »"
printf '%s\nP1;2026;capital;ANR;1;;\n' "$H" >nature.csv
expect_refused import-budget "unknown nature" nature.csv "2: " "nature inconnue « capital »"
printf '%s\nP1;2026;I;Banque;1;;\n' "$H" >source.csv
expect_refused import-budget "unknown source" source.csv "2: " "source de financement inconnue « Banque » (sources du plan : ressources propres, État"
printf '%s\nP1;2026;I;ANR;12,345;;\n' "$H" >amount.csv
expect_refused import-budget "invalid amount" amount.csv "2: " "colonne « prevu » : montant invalide « 12,345 »"
printf '%s\nP1;2026;I;ANR;1;-5;\n' "$H" >negative.csv
expect_refused import-budget "negative amount" negative.csv "2: " "montant négatif « -5 » refusé"
printf 'code;annee;nature;prevu\nP1;2026;I;1\n' >column.csv
expect_refused import-budget "missing column" column.csv "1: " "colonne obligatoire « source » absente"
printf '%s;commentaire\nP1;2026;I;ANR;1;;;x\n' "$H" >extra.csv
expect_refused import-budget "unknown column" extra.csv "1: " "colonne inconnue « commentaire »"
printf '%s\nP1;2026;I;ANR;1;;;en trop\n' "$H" >fields.csv
expect_refused import-budget "wrong number of fields" fields.csv "2: " "8 champs au lieu de 7"
printf '%s\nP1;2026;I;R\xe9gion;1;;\n' "$H" >latin.csv
expect_refused import-budget "invalid UTF-8" latin.csv "2: " "--encoding cp1252"
printf '%s\nP1;2026;I;ANR;1;;\nZZ;2026;I;ANR;1;;\nP2;2026;I;ANR;douze;;\n' "$H" >several.csv
expect_refused import-budget "several errors" several.csv "3: " "élément inconnu « ZZ »" --replace
check_contains "$ERR" "several.csv:4: colonne « prevu » : montant invalide « douze »" "import-budget: every error reported"
check_contains "$ERR" "2 erreurs, rien n'a été importé" "import-budget: errors counted"

run --db "$DB" import-budget nope budget.csv
check_equal "$STATUS" 1 "import-budget, unknown plan: exit 1"
check_contains "$ERR" "plan inconnu « nope »" "import-budget, unknown plan: says so"
run --db "$DB" import-budget sdn
check_equal "$STATUS" 2 "import-budget without a file: usage error"

# ---- milestones ---------------------------------------------------------------------

printf 'code;jalon;date_prevue;date_prevision;date_reelle;statut\nP1;Recette;01/03/2026;15/04/2026;;\nP1;Mise en production;2026-06-01;;03/06/2026;\nP2;Cahier des charges;2026-01-15;;;Annulé\n' >milestones.csv
run --db "$DB" import-milestones sdn milestones.csv
check_equal "$STATUS" 0 "import-milestones: exit 0"
check_equal "$ERR" "3 jalons importés dans le plan « Schéma directeur »" "import-milestones: one-line summary"
check_equal "$(milestones)" "P1|0|Recette|2026-03-01|2026-04-15|-|a-venir P1|1|Mise en production|2026-06-01|-|2026-06-03|atteint P2|0|Cahier des charges|2026-01-15|-|-|annule " \
	"import-milestones: real date without status means reached"
printf 'code;jalon;date_prevue\nP1;VSR;2026-09-01\n' >vsr.csv
run --db "$DB" import-milestones sdn vsr.csv
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM milestone")" "4" "import-milestones: appends by default"
check_contains "$(milestones)" "P1|2|VSR|2026-09-01" "import-milestones: appended after the element's last"
run --db "$DB" import-milestones sdn vsr.csv --replace
check_equal "$ERR" "1 jalon importé dans le plan « Schéma directeur » (en remplacement des précédents)" \
	"import-milestones --replace: says it replaced"
check_equal "$(milestones)" "P1|0|VSR|2026-09-01|-|-|a-venir " "import-milestones --replace: only the new ones"

BEFORE=$(db_fingerprint "$DB")
M='code;jalon;date_prevue;date_prevision;date_reelle;statut'
printf '%s\nP1;VSR;2026-09-01;;;atteint\n' "$M" >reached.csv
expect_refused import-milestones "reached without a real date" reached.csv "2: " "jalon « VSR » atteint sans date réelle"
printf '%s\nP1;VSR;;;;\n' "$M" >noplanned.csv
expect_refused import-milestones "no planned date" noplanned.csv "2: " "date prévue manquante"
printf '%s\nP1;VSR;31/02/2026;;;\n' "$M" >baddate.csv
expect_refused import-milestones "invalid date" baddate.csv "2: " "colonne « date_prevue » : date invalide « 31/02/2026 »"
printf '%s\nP1;VSR;2026-09-01;;;fini\n' "$M" >status.csv
expect_refused import-milestones "unknown status" status.csv "2: " "statut inconnu « fini »"
printf '%s\nP1;;2026-09-01;;;\n' "$M" >notitle.csv
expect_refused import-milestones "empty title" notitle.csv "2: " "l'intitulé du jalon est vide"
printf '%s\nax1;VSR;2026-09-01;;;\n' "$M" >mnear.csv
expect_refused import-milestones "unknown code, near miss" mnear.csv "2: " "vouliez-vous dire « AX1 »" --replace
printf 'code;jalon\nP1;VSR\n' >mcolumn.csv
expect_refused import-milestones "missing column" mcolumn.csv "1: " "colonne obligatoire « date_prevue » absente"
run --db "$DB" import-milestones sdn milestones.csv --dry-run
check_contains "$ERR" "3 jalons valides (essai à blanc" "import-milestones --dry-run: says so"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "import-milestones --dry-run: database unchanged"

run --db "$DB" help import-budget
check_contains "$OUT" "--replace" "help import-budget: documents --replace"

done_testing
