#!/bin/bash
# valgrind.sh — the command-line paths run under valgrind: no leak, no invalid access.
# Run from the plain build (valgrind cannot run an AddressSanitizer binary).
. "$TESTS_DIR/cli/lib.sh"

if ! command -v valgrind >/dev/null; then
	echo "not ok 1 - valgrind is not installed (scripts/install-deps.sh installs it)"
	echo "1..1"
	exit 1
fi

DB=$WORK/v.db
DEMO=$SOURCE_ROOT/data/demo/plan.csv

# vg DESCRIPTION EXPECTED-STATUS ARGS…
vg() {
	local description=$1 expected=$2
	shift 2
	valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		--log-file="$WORK/vg.log" "$JALON" "$@" >/dev/null 2>&1
	local status=$?
	if [ "$status" -eq "$expected" ]; then
		ok 0 "valgrind clean: $description"
	else
		ok 1 "valgrind clean: $description (status $status, expected $expected)"
		diag <"$WORK/vg.log"
	fi
}

vg "init" 0 --db "$DB" init
vg "init again" 0 --db "$DB" init
vg "import" 0 --db "$DB" import "$DEMO" --id demo --title "Démo" --organisation "Université" --period 2025-2029
vg "plans" 0 --db "$DB" plans
vg "tree" 0 --db "$DB" tree demo
vg "export csv" 0 --db "$DB" export demo --format csv
vg "export json" 0 --db "$DB" export demo --format json --output "$WORK/demo.json"
vg "plan edit" 0 --db "$DB" plan demo --status adopte --adopted-on 27/06/2025 --votes 28/2/3
vg "organisations" 0 --db "$DB" organisations
printf 'code;parent;niveau;intitule;debut;budget\nA;;Axe;A;31/02/2024;x\nB;Z;Axe;B;;\nA;;Axe;A;;\n' >"$WORK/bad.csv"
vg "import with errors" 1 --db "$DB" import "$WORK/bad.csv"
printf 'code;niveau;intitule\nA;Axe;"open\n' >"$WORK/quote.csv"
vg "import with unbalanced quote" 1 --db "$DB" import "$WORK/quote.csv"
printf 'code;niveau;intitule\nA;Axe;Num\xe9rique\n' >"$WORK/cp.csv"
vg "import cp1252" 0 --db "$DB" import "$WORK/cp.csv" --encoding cp1252
vg "unknown plan" 1 --db "$DB" tree nope
vg "help" 0 help import
printf 'code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements;formule\nI1;Taux;financier;%%;hausse;mensuelle;20;2025-01-01;60;2026-01-01;AX1;\nI2;Jalons;suivi de projet;%%;hausse;mensuelle;0;2025-01-01;100;2026-01-01;;jalons-atteints\n' >"$WORK/ind.csv"
printf 'code;date;valeur;commentaire\nI1;2025-07-02;38,5;juin\nX;2025-07-02;abc;\n' >"$WORK/mes.csv"
vg "import-indicators" 0 --db "$DB" import-indicators demo "$WORK/ind.csv"
vg "import-measurements with errors" 1 --db "$DB" import-measurements demo "$WORK/mes.csv"
head -2 "$WORK/mes.csv" >"$WORK/mes-ok.csv"
vg "import-measurements" 0 --db "$DB" import-measurements demo "$WORK/mes-ok.csv"
printf 'code;date;valeur;commentaire\nI1;2025-07-02;40;corrigé\n' >"$WORK/mes-fix.csv"
vg "import-measurements with a correction" 0 --db "$DB" import-measurements demo "$WORK/mes-fix.csv"
vg "indicators" 0 --db "$DB" indicators demo --today 2025-08-01
vg "indicators json" 0 --db "$DB" indicators demo --format json
vg "delete" 0 --db "$DB" delete demo --yes

done_testing
