#!/bin/bash
# reports.sh — the steering report and the summary table through the command line, on
# the 121-element regional plan (tests/data/regional.csv) with dates, budget lines,
# milestones, weather, a risk, an indicator, a committee with two meetings, an agenda
# point for decision and action items: the PDF read back by poppler (pdfinfo, pdftotext)
# and the workbook by openpyxl (xlsx_check.py), as a user would check them; then the
# summary table of a small plan, exact, in text, JSON and XLSX.
. "$TESTS_DIR/cli/lib.sh"
# The PDFs load fontconfig, whose own small leak tests/lsan.supp names (full stacks needed).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS="suppressions=$TESTS_DIR/lsan.supp"

# openpyxl is Debian's python3-openpyxl: the system python has it, a pyenv one may not.
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
XLSX_CHECK() { "$PY" "$TESTS_DIR/cli/xlsx_check.py" "$@"; }

DB=$WORK/r.db
"$JALON" --db "$DB" init >/dev/null
# Dates by depth: axes 2025–2028, the rest spread over 2025–2027.
awk -F';' 'BEGIN{OFS=";"} NR==1{print $0, "debut", "fin"; next}
	{ n = NR % 4; s[0]="2025-01-01"; e[0]="2026-12-31"; s[1]="2025-06-01"; e[1]="2027-06-30";
	  s[2]="2026-01-01"; e[2]="2027-12-31"; s[3]="2025-03-01"; e[3]="2028-06-30";
	  print $0, s[n], e[n] }' "$TESTS_DIR/data/regional.csv" >plan.csv
"$JALON" --db "$DB" import plan.csv --id region --title "Stratégie numérique régionale" \
	--organisation "Région Hautes-Marches" --period 2025-2028 >/dev/null 2>&1
"$JALON" --db "$DB" plan region --envelope 5000000 >/dev/null 2>&1
cat >budget.csv <<'CSV'
code;annee;nature;source;prevu;engage;realise
A1.OS1.OO1.a;2025;investissement;État;1234,56;1000;500
A1.OS1.OO1.a;2026;fonctionnement;Région;200000;;
A2.OS1.OO1.a;2025;investissement;Région;987654,32;500000;250000
A3.OS1.OO1.a;2026;investissement;FEDER;300000;;
CSV
"$JALON" --db "$DB" import-budget region budget.csv 2>/dev/null
cat >ms.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
A1.OS1.OO1.a;Marché notifié;2025-06-30;;2025-06-20;atteint
A1.OS1.OO1.a;Raccordements terminés;2026-02-20;;;
A2.OS1.OO1.a;Recette;2026-09-30;;;
CSV
"$JALON" --db "$DB" import-milestones region ms.csv 2>/dev/null
cat >ind.csv <<'CSV'
code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements
I1;Taux de couverture FTTH;performance opérationnelle;%;hausse;trimestrielle;60;2025-01-01;100;2028-12-31;A1
CSV
"$JALON" --db "$DB" import-indicators region ind.csv 2>/dev/null
printf 'code;date;valeur;commentaire\nI1;2026-01-15;72,5;T4\n' >mes.csv
"$JALON" --db "$DB" import-measurements region mes.csv 2>/dev/null
sqlite3 "$DB" <<'SQL'
INSERT INTO element_status (element_id, progress_pct, weather)
  SELECT id, 40, 'orage' FROM element WHERE code = 'A1';
INSERT INTO element_status (element_id, progress_pct, weather)
  SELECT id, 70, 'soleil' FROM element WHERE code = 'A2';
INSERT INTO risk (element_id, description, probability, impact, owner, status)
  SELECT id, 'Pénurie de main-d''œuvre', 4, 3, 'DSI', 'ouvert' FROM element WHERE code = 'A1.OS1';
INSERT INTO instance (plan_id, kind, name, position) SELECT id, 'pilotage', 'COPIL SNR', 1 FROM plan WHERE slug = 'region';
INSERT INTO meeting (instance_id, held_on, status) SELECT id, '2026-02-10', 'tenue' FROM instance;
INSERT INTO meeting (instance_id, held_on, status) SELECT id, '2026-04-15', 'prevue' FROM instance;
INSERT INTO agenda_item (meeting_id, position, title, for_decision, element_id)
  SELECT m.id, 1, 'Arbitrage du lot fibre', 1, (SELECT id FROM element WHERE code = 'A1')
  FROM meeting m WHERE held_on = '2026-04-15';
INSERT INTO agenda_item (meeting_id, position, title, for_decision)
  SELECT m.id, 2, 'Point d''information', 0 FROM meeting m WHERE held_on = '2026-04-15';
INSERT INTO action_item (plan_id, meeting_id, text, owner, due_on, status, created_on)
  SELECT p.id, m.id, 'Relancer les opérateurs', 'Mme Durand', '2026-02-20', 'a-faire', '2026-02-10'
  FROM plan p, meeting m WHERE p.slug = 'region' AND m.held_on = '2026-02-10';
INSERT INTO action_item (plan_id, meeting_id, text, owner, due_on, status, created_on)
  SELECT p.id, m.id, 'Préparer le bilan', 'M. Martin', '2026-06-30', 'en-cours', '2026-02-10'
  FROM plan p, meeting m WHERE p.slug = 'region' AND m.held_on = '2026-02-10';
SQL
TODAY=2026-03-01
HEADINGS=("Présentation" "Chiffres clés" "Météo par axe" "Feuille de route" "Budget" "Indicateurs"
	"Risques" "Depuis la dernière séance" "Décisions à prendre" "Actions en cours")

# ---- the plan's report as PDF ----
BEFORE=$(db_fingerprint "$DB")
START=$(date +%s%N)
run --db "$DB" report region --today $TODAY --output r.pdf
ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
check_equal "$STATUS" 0 "report: PDF written"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "report: the database is not changed"
INFO=$(pdfinfo r.pdf 2>&1)
check_contains "$INFO" "Page size:       595.276 x 841.89 pts (A4)" "report: A4 pages"
PAGES=$(sed -n 's/^Pages: *//p' <<<"$INFO")
ok "$([ "${PAGES:-0}" -gt 1 ]; echo $?)" "report: more than one page ($PAGES)"
check_contains "$INFO" "Title:           Rapport de pilotage — Stratégie numérique régionale" "report: PDF title"
check_contains "$INFO" "Author:          jalon" "report: PDF author"
check_contains "$INFO" "Creator:         jalon" "report: PDF creator"
ok "$([ "$ELAPSED_MS" -lt 2000 ]; echo $?)" "report: generated in under 2 s (${ELAPSED_MS} ms, sanitizers included)"

# Every heading after the table of contents, in order.
pdftotext r.pdf all.txt
BODY=$(awk '/^Actions en cours$/ && !toc { toc = 1; next } toc' all.txt)
last=0 in_order=0
for h in "${HEADINGS[@]:1}"; do
	n=$(grep -n -x -F -- "$h" <<<"$BODY" | head -1 | cut -d: -f1)
	if [ -z "$n" ] || [ "$n" -le "$last" ]; then in_order=1; echo "# heading out of order or missing: $h"; fi
	last=${n:-$last}
done
ok "$in_order" "report: every section heading, in order, after the table of contents"

# The table of contents: each heading with the page where it is printed.
pdftotext -layout -f 1 -l 1 r.pdf toc.txt
toc_ok=0
for h in "${HEADINGS[@]}"; do
	page=$(grep -E "^$h +[0-9]+$" toc.txt | awk '{print $NF}')
	if [ -z "$page" ]; then toc_ok=1; echo "# not in the contents: $h"; continue; fi
	if ! pdftotext -f "$page" -l "$page" r.pdf - | grep -q -x -F -- "$h"; then
		toc_ok=1; echo "# $h: not on page $page"
	fi
done
ok "$toc_ok" "report: the contents give each section's page"
check_contains "$(pdftotext -f 2 -l 2 r.pdf -)" "page 2 / $PAGES" "report: page numbers in the footer"

# Known figures, the French way (poppler extracts the no-break spaces as spaces; the unit
# test of the model checks them).
pdftotext -layout r.pdf layout.txt
TEXT=$(cat layout.txt)
# check_line REGEX DESCRIPTION: a line of the laid-out text matches (columns vary).
check_line() {
	if grep -q -E -- "$1" layout.txt; then ok 0 "$2"; else ok 1 "$2"; echo "# no line matches: $1"; fi
}
check_line "Enveloppe +5 000 000,00 €" "report: the envelope"
check_line "Budget prévu +1 488 888,88 €" "report: planned budget, summed to the cent"
check_contains "$TEXT" "1 234,56 €" "report: a budget line's amount"
check_contains "$TEXT" "501 000,00 €" "report: committed"
check_line "Prévu / enveloppe +29,8 %" "report: planned against the envelope"
check_line "^ *A1 +Connecter tous les.*orage" "report: the weather in words (orage)"
check_line "I1 +Taux de couverture" "report: the indicator"
check_contains "$TEXT" "72,5 %" "report: the indicator's latest value"
check_contains "$TEXT" "en bonne voie" "report: the indicator's status in words"
check_line "A1.OS1 +Pénurie de main.*4 +3 +12 +ouvert +DSI" "report: the open risk, its criticality"
check_contains "$TEXT" "Depuis la dernière séance (COPIL SNR, le 10/02/2026) : changements du 11/02/2026 au 01/03/2026." \
	"report: the changes since the plan's last committee held"
check_line "Jalons glissés ou.*Raccordements" "report: the milestone late since the last committee"
# Before any committee was held: the last 30 days, said in the heading.
run --db "$DB" report region --today 2026-02-05 --output early.pdf
check_equal "$STATUS" 0 "report: PDF before the first committee"
check_contains "$(pdftotext -layout early.pdf -)" "Changements des 30 derniers jours" \
	"report: without a committee held, the last 30 days"
check_contains "$TEXT" "Prochaine séance : COPIL SNR du 15/04/2026." "report: the next meeting"
check_contains "$TEXT" "Arbitrage du lot fibre" "report: the agenda point for decision"
check_equal "$(grep -c 'Point d.information' layout.txt)" 0 "report: an agenda point not for decision is left out"
check_contains "$TEXT" "2 actions ouvertes, dont 1 en retard." "report: open action items counted"
check_line "Relancer les.*20/02/2026 +à faire, en retard" "report: an overdue action says « en retard »"

# ---- the plan's report as a workbook ----
run --db "$DB" report region --today $TODAY --output r.xlsx
check_equal "$STATUS" 0 "report: XLSX written"
if [ -z "$PY" ]; then
	ok 1 "report: python3-openpyxl is needed to read the workbook back"
else
	XLSX_CHECK r.xlsx "Chiffres clés!B3" "find:Budget:Total" "find:Budget:investissement" \
		"find:Actions en cours:Relancer les opérateurs" "find:Indicateurs:I1" >x.txt
	X=$(cat x.txt)
	check_equal "$(grep '^sheets:' x.txt)" \
		"sheets: Présentation|Chiffres clés|Météo|Feuille de route|Budget|Indicateurs|Risques|Depuis la dernière séance|Décisions à prendre|Actions en cours" \
		"xlsx: one sheet per section, in order"
	check_contains "$X" "sheet Météo: freeze=A4 filter=A3:F7 header=Code|Intitulé|Météo|Avancement|Budget prévu|Jalons en retard bold=yes" \
		"xlsx: weather sheet: bold frozen header, autofilter over the table"
	check_contains "$X" "sheet Budget: freeze=A12 filter=A11:F15 header=Année|Nature|État|Région|FEDER|Total prévu bold=yes" \
		"xlsx: budget by year, nature and source"
	check_contains "$X" "sheet Actions en cours: freeze=A6 filter=A5:F7 header=Action|Porteur|Échéance|Statut|Élément|Séance bold=yes" \
		"xlsx: action items sheet"
	check_contains "$X" 'cell Chiffres clés!B3: number 5000000 #,##0.00\ "€"' "xlsx: the envelope is a number in euros"
	check_contains "$X" 'find Budget Total: text Total | number 1234.56 #,##0.00\ "€" | number 1187654.32 #,##0.00\ "€" | number 300000 #,##0.00\ "€" | number 1488888.88 #,##0.00\ "€"' \
		"xlsx: budget totals are numbers equal to the data"
	check_contains "$X" "find Budget investissement: number 2025 0 | text investissement | number 1234.56" "xlsx: years are plain numbers"
	check_contains "$X" "date 2026-02-20 dd/mm/yyyy | text à faire, en retard" "xlsx: due dates are dates, overdue said in words"
	check_contains "$X" "find Indicateurs I1: text I1 | text Taux de couverture FTTH | number 72.5" "xlsx: the indicator's value is a number"
	check_contains "$X" "date 2026-01-15 dd/mm/yyyy" "xlsx: the measurement's date is a date"
fi

# ---- a meeting's report ----
MEETING=$(sqlite3 "$DB" "SELECT id FROM meeting WHERE held_on = '2026-02-10'")
run --db "$DB" report region --meeting "$MEETING" --today $TODAY --output m.pdf
check_equal "$STATUS" 0 "report --meeting: PDF written"
M=$(pdftotext -layout m.pdf -)
check_contains "$M" "COPIL SNR — séance du 10/02/2026" "report --meeting: the instance and date on the cover"
check_contains "$M" "Décisions à prendre" "report --meeting: decisions section"
run --db "$DB" report region --meeting "$MEETING" --format xlsx --output m.bin
check_equal "$(head -c 2 m.bin)" "PK" "report --format xlsx: a workbook whatever the extension"
run --db "$DB" report region --meeting 9999 --output none.pdf
check_equal "$STATUS" 1 "report --meeting: unknown meeting refused"
check_contains "$ERR" "9999" "report --meeting: says which"
check_equal "$([ -e none.pdf ]; echo $?)" 1 "report --meeting: no file written on error"
run --db "$DB" report nope --output none.pdf
check_equal "$STATUS" 1 "report: unknown plan refused"
check_contains "$ERR" "plan inconnu « nope »" "report: says which plan"
run --db "$DB" report region
check_equal "$STATUS" 2 "report: --output is required"
run --db "$DB" report region --format docx --output x.docx
check_equal "$STATUS" 2 "report: unknown format refused"
run --db "$DB" report region --today 2026-02-30 --output x.pdf
check_equal "$STATUS" 2 "report: invalid --today refused"

# ---- the summary table, exact, on a small plan ----
cat >small.csv <<'CSV'
code;parent;niveau;intitule;porteur;partenaires
A;;Axe;Usagers;VP numérique;
A.1;A;Objectif;Portail unique;DSI;Scolarité|Bibliothèque
A.1.a;A.1;Action;Maquette;DSI;
A.1.b;A.1;Action;Recette;;
A.2;A;Objectif;Appli mobile;;
B;;Axe;Infrastructures;DSI;
B.1;B;Objectif;Réseau;DSI;Région
CSV
"$JALON" --db "$DB" import small.csv --id small --title "Petit plan" >/dev/null 2>&1
run --db "$DB" summary small
check_equal "$STATUS" 0 "summary: text"
TAB=$'\t'
EXPECTED="Tableau de synthèse — Petit plan — niveau « Objectif » (3)
Code${TAB}Intitulé${TAB}Parent${TAB}Sous-éléments${TAB}Porteur${TAB}Partenaires
A.1${TAB}Portail unique${TAB}A — Usagers${TAB}A.1.a — Maquette ; A.1.b — Recette${TAB}DSI${TAB}Scolarité, Bibliothèque
A.2${TAB}Appli mobile${TAB}A — Usagers${TAB}${TAB}${TAB}
B.1${TAB}Réseau${TAB}B — Infrastructures${TAB}${TAB}DSI${TAB}Région"
check_equal "$OUT" "$EXPECTED" "summary: the second level by default, exact rows"
run --db "$DB" summary small --level axe --format json
check_equal "$(jq -c '[.level, [.rows[] | [.code, .parent, [.children[].code], .owner, .partners]]]' <<<"$OUT")" \
	'["Axe",[["A",null,["A.1","A.2"],"VP numérique",[]],["B",null,["B.1"],"DSI",[]]]]' \
	"summary --level (any case): JSON rows"
check_equal "$(jq -c '.levels' <<<"$OUT")" '["Axe","Objectif","Action"]' "summary: JSON lists the plan's levels"
run --db "$DB" summary small --level Sprint
check_equal "$STATUS" 1 "summary: unknown level refused"
check_contains "$ERR" "niveau inconnu « Sprint » (niveaux du plan : « Axe », « Objectif », « Action »)" \
	"summary: says which levels exist"
run --db "$DB" summary small --format pdf
check_equal "$STATUS" 2 "summary: PDF needs --output"
run --db "$DB" summary small --output s.pdf
check_equal "$STATUS" 0 "summary: PDF written"
S=$(pdftotext -layout s.pdf -)
check_contains "$S" "Tableau de synthèse" "summary PDF: title"
check_contains "$S" "A.1.a — Maquette" "summary PDF: children listed"
run --db "$DB" summary small --level Action --output s.xlsx
check_equal "$STATUS" 0 "summary: XLSX written"
if [ -n "$PY" ]; then
	XLSX_CHECK s.xlsx "find:Synthèse:A.1.a" "find:Synthèse:A.1.b" >sx.txt
	check_contains "$(cat sx.txt)" "sheet Synthèse: freeze=A8 filter=A7:F9 header=Code|Intitulé|Parent|Sous-éléments|Porteur|Partenaires bold=yes" \
		"summary XLSX: bold frozen header and autofilter"
	check_contains "$(cat sx.txt)" "find Synthèse A.1.a: text A.1.a | text Maquette | text A.1 — Portail unique | text DSI" \
		"summary XLSX: exact row"
	check_contains "$(cat sx.txt)" "find Synthèse A.1.b: text A.1.b | text Recette | text A.1 — Portail unique" \
		"summary XLSX: a row without owner"
fi

done_testing
