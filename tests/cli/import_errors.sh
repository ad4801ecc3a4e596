#!/bin/bash
# import_errors.sh — every kind of bad plan CSV is refused with its line number,
# exit status 1, nothing on stdout, and the database left exactly as it was.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/plans.db
"$JALON" --db "$DB" init >/dev/null
printf 'code;parent;niveau;intitule\nX1;;Axe;Déjà là\n' >existing.csv
"$JALON" --db "$DB" import existing.csv >/dev/null 2>&1
BEFORE=$(db_fingerprint "$DB")

# expect_refused NAME FILE EXPECTED-LINE-PREFIX MESSAGE-FRAGMENT [import options…]
expect_refused() {
	local name=$1 file=$2 where=$3 fragment=$4
	shift 4
	run --db "$DB" import "$file" "$@"
	check_equal "$STATUS" 1 "$name: exit status 1"
	check_equal "$OUT" "" "$name: nothing on stdout"
	check_contains "$ERR" "$file:$where" "$name: error located at $file:$where"
	check_contains "$ERR" "$fragment" "$name: says « $fragment »"
	check_equal "$(db_fingerprint "$DB")" "$BEFORE" "$name: database unchanged"
}

printf 'code;parent;intitule\nA;;Axe A\n' >missing_level.csv
expect_refused "missing required column" missing_level.csv "1: " "colonne obligatoire « niveau » absente"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\n;A;Objectif;Sans code\n' >empty_code.csv
expect_refused "empty code" empty_code.csv "3: " "le code est vide"

printf 'code;parent;niveau;intitule\nA;;;Axe A\n' >empty_level.csv
expect_refused "empty level" empty_level.csv "2: " "le niveau de « A » est vide"

printf 'code;parent;niveau;intitule\nA;;Axe;   \n' >empty_title.csv
expect_refused "empty title" empty_title.csv "2: " "l'intitulé de « A » est vide"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;;Axe;Axe B\nA;;Axe;Encore A\n' >duplicate.csv
expect_refused "duplicate code" duplicate.csv "4: " "code « A » en double (déjà utilisé ligne 2)"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nA.1;Z;Objectif;Orphelin\n' >unknown_parent.csv
expect_refused "unknown parent" unknown_parent.csv "3: " "parent inconnu « Z »"

printf 'code;parent;niveau;intitule\nAX1;;Axe;Axe A\nO1;ax1;Objectif;Casse\n' >parent_case.csv
expect_refused "unknown parent, near miss" parent_case.csv "3: " "vouliez-vous dire « AX1 »"

printf 'code;parent;niveau;intitule\nR;;Axe;Racine\nA;C;Objectif;A\nB;A;Objectif;B\nC;B;Objectif;C\n' >cycle.csv
expect_refused "cycle" cycle.csv "3: " "cycle dans les liens de parenté : A → C → B → A"

printf 'code;parent;niveau;intitule\nA;A;Axe;Soi-même\n' >self_parent.csv
expect_refused "own parent" self_parent.csv "2: " "ne peut pas être son propre parent"

printf 'code;parent;niveau;intitule;contribue_a\nA;;Axe;Axe A;\nP;A;Projet;Projet;A|Q9\n' >unknown_link.csv
expect_refused "unknown code in contribue_a" unknown_link.csv "3: " "contribue_a : code inconnu « Q9 »"

printf 'code;parent;niveau;intitule;debut\nA;;Axe;Axe A;31/02/2024\n' >bad_date.csv
expect_refused "invalid date" bad_date.csv "2: " "colonne « debut » : date invalide « 31/02/2024 »"

printf 'code;parent;niveau;intitule;debut;fin\nA;;Axe;Axe A;2025-09-01;2025-06-30\n' >end_before.csv
expect_refused "end before start" end_before.csv "2: " "la fin (30/06/2025) précède le début (01/09/2025)"

printf 'code;parent;niveau;intitule;budget\nA;;Axe;Axe A;12,345\n' >bad_amount.csv
expect_refused "invalid amount" bad_amount.csv "2: " "colonne « budget » : montant invalide « 12,345 »"

printf 'code;parent;niveau;intitule;budget\nA;;Axe;Axe A;douze euros\n' >words_amount.csv
expect_refused "amount in words" words_amount.csv "2: " "montant invalide « douze euros »"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;;Axe;Num\xe9rique\n' >cp1252.csv
expect_refused "invalid UTF-8" cp1252.csv "3: " "--encoding cp1252"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;;Axe;"Sans fin\nC;;Axe;Axe C\n' >quotes.csv
expect_refused "unbalanced quotes" quotes.csv "3: " "guillemet"

printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;;Axe;Axe B;en trop\nC;;Axe\n' >fields.csv
expect_refused "wrong number of fields" fields.csv "3: " "5 champs au lieu de 4"
check_contains "$ERR" "fields.csv:4: 3 champs au lieu de 4" "wrong number of fields: short row reported too"

printf 'code;parent;niveau;intitule;\nA;;Axe;Axe A;valeur\n' >no_header.csv
expect_refused "value under a column without header" no_header.csv "2: " "n'a pas d'en-tête"

printf 'code;niveau;intitule;Code\nA;Axe;Axe A;x\n' >dup_column.csv
expect_refused "duplicate column" dup_column.csv "1: " "colonne « code » en double (colonnes 1 et 4)"

: >empty.csv
expect_refused "empty file" empty.csv "" "fichier vide"

printf 'code;parent;niveau;intitule\n' >header_only.csv
expect_refused "header only" header_only.csv "" "aucun élément"

# A multi-line cell must not shift the line numbers of later rows.
printf 'code;parent;niveau;intitule;description\nA;;Axe;Axe A;"un\ndeux\ntrois"\nB;;Axe;Axe B;\nC;X;Axe;Axe C;\n' >multiline.csv
expect_refused "line numbers after a multi-line cell" multiline.csv "6: " "parent inconnu « X »"

# Every error of a file is reported, in line order, not only the first.
printf 'code;parent;niveau;intitule;debut;budget\nA;;Axe;Axe A;;\nB;Z;Axe;B;;\nC;;Axe;C;2024-13-01;\nA;;Axe;A bis;;\nD;;Axe;D;;-5\n' >several.csv
run --db "$DB" import several.csv
check_equal "$(grep -c '^several.csv:[0-9]*: ' <<<"$ERR")" 4 "several errors: all four reported"
check_equal "$(grep -o '^several.csv:[0-9]*' <<<"$ERR" | tr '\n' ' ')" \
	"several.csv:3 several.csv:4 several.csv:5 several.csv:6 " "several errors: in line order"
check_contains "$ERR" "4 erreurs, rien n'a été importé" "several errors: summary says nothing was imported"

# A huge number of errors is capped, with a count of the rest.
{ echo "code;parent;niveau;intitule"; for i in $(seq 1 500); do echo "E$i;NOPE;Action;Action $i"; done; } >many.csv
run --db "$DB" import many.csv
check_equal "$(grep -c '^many.csv:' <<<"$ERR")" 100 "many errors: the first 100 are listed"
check_contains "$ERR" "et 400 autres erreurs" "many errors: the rest are counted"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "many errors: database unchanged"

# The cp1252 file imports once its encoding is named.
run --db "$DB" import cp1252.csv --encoding cp1252 --id cp
check_equal "$STATUS" 0 "cp1252 with --encoding: accepted"
check_contains "$("$JALON" --db "$DB" tree cp)" "B Numérique" "cp1252 with --encoding: text converted to UTF-8"

# --dry-run checks and writes nothing.
AFTER=$(db_fingerprint "$DB")
printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\n' >good.csv
run --db "$DB" import good.csv --dry-run
check_equal "$STATUS:$OUT" "0:" "dry run: success, nothing on stdout"
check_equal "$(db_fingerprint "$DB")" "$AFTER" "dry run: database unchanged"

# A missing file is an error with its name.
run --db "$DB" import nowhere.csv
check_equal "$STATUS" 1 "missing file: exit status 1"
check_contains "$ERR" "nowhere.csv: lecture impossible" "missing file: says which file"

done_testing
