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
		--suppressions="$TESTS_DIR/cli/valgrind.supp" \
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
vg "report pdf" 0 --db "$DB" report demo --today 2025-08-01 --output "$WORK/report.pdf"
vg "report xlsx" 0 --db "$DB" report demo --today 2025-08-01 --output "$WORK/report.xlsx"
vg "report of an unknown meeting" 1 --db "$DB" report demo --meeting 999 --output "$WORK/none.pdf"
vg "summary" 0 --db "$DB" summary demo
vg "summary json" 0 --db "$DB" summary demo --level action --format json
vg "summary pdf" 0 --db "$DB" summary demo --output "$WORK/summary.pdf"
vg "summary with an unknown level" 1 --db "$DB" summary demo --level nope
printf 'type;instance;role;frequence;composition;elements\nstratégique;Comité de gouvernance;Orientations;2 fois par an;Présidente (présidente) | DGS;\nCOPIL;Comité numérique;;trimestrielle;VP (président) | DSI;AX1\n' >"$WORK/inst.csv"
printf 'type;instance;composition\ncomité;A;(x)\npilotage;;\n' >"$WORK/inst-bad.csv"
vg "import-instances" 0 --db "$DB" import-instances demo "$WORK/inst.csv"
vg "import-instances with errors" 1 --db "$DB" import-instances demo "$WORK/inst-bad.csv"
vg "instances json" 0 --db "$DB" instances demo --format json
vg "meetings" 0 --db "$DB" meetings demo --instance "comite numerique"
vg "decisions" 0 --db "$DB" decisions demo --search "budget" --kind validation --from 2025-01-01
vg "actions" 0 --db "$DB" actions demo --open --today 2025-08-01 --format json
# Versions and SWOT (version_commands.c): demo was adopted by "plan edit" above.
vg "revise" 0 --db "$DB" revise demo
vg "revise refused" 1 --db "$DB" revise demo
vg "versions" 0 --db "$DB" versions demo-v2
vg "compare" 0 --db "$DB" compare demo demo-v2
vg "compare json" 0 --db "$DB" compare demo-v2 demo --format json
vg "status" 0 --db "$DB" status demo-v2 en-consultation
vg "status refused" 1 --db "$DB" status demo-v2 adopte --deliberation 12
vg "status adopted" 0 --db "$DB" status demo-v2 adopte --adopted-on 2026-03-12 --adopted-by CA --votes 20,1,0
printf 'element;quadrant;texte\n;forces;Une force\nAX1;menaces;Une menace\n' >"$WORK/swot.csv"
printf 'element;quadrant;texte\nZZ;forces;x\n;autre;y\n;forces;\n' >"$WORK/swot-bad.csv"
vg "import-swot" 0 --db "$DB" import-swot demo-v2 "$WORK/swot.csv"
vg "import-swot with errors" 1 --db "$DB" import-swot demo-v2 "$WORK/swot-bad.csv"
vg "swot" 0 --db "$DB" swot demo-v2
vg "swot element json" 0 --db "$DB" swot demo-v2 AX1 --format json
vg "check" 0 --db "$DB" check
vg "backup" 0 --db "$DB" backup "$WORK/copy.db"
vg "backup over a file" 1 --db "$DB" backup "$WORK/copy.db"
vg "restore" 0 --db "$DB" restore "$WORK/copy.db"
vg "restore of a file that is not a database" 1 --db "$DB" restore "$WORK/inst.csv"
# Accounts (account_commands.c): the password on standard input (redirected, not piped:
# vg must run in this shell to count).
printf 'correct horse battery staple\n' >"$WORK/pw"
printf 'court\n' >"$WORK/pw-short"
vg "user add" 0 --db "$DB" user add Admin --name "Admin" --role administrateur <"$WORK/pw"
vg "user add with organisation and labels" 0 --db "$DB" user add j.martin --name "Jeanne Martin" --email j@u.fr --role porteur --organisation "Université" --label "DSI" --label "Direction du numérique" <"$WORK/pw"
vg "user add refused" 1 --db "$DB" user add p.durand --name "Paul" <"$WORK/pw-short"
vg "user list json" 0 --db "$DB" user list --format json
vg "user show" 0 --db "$DB" user show j.martin
vg "user role" 0 --db "$DB" user role j.martin lecteur
vg "user role refused" 1 --db "$DB" user role j.martin lecteur
vg "user label remove" 0 --db "$DB" user label j.martin dsi --remove
vg "user passwd" 0 --db "$DB" user passwd j.martin <"$WORK/pw"
vg "user disable" 0 --db "$DB" user disable j.martin
vg "user logout" 0 --db "$DB" user logout j.martin
vg "user usage error" 2 --db "$DB" user frobnicate
vg "plan --public" 0 --db "$DB" plan demo --public oui
vg "delete the revision" 0 --db "$DB" delete demo-v2 --yes
vg "delete" 0 --db "$DB" delete demo --yes

done_testing
