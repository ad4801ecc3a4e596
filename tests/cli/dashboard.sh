#!/bin/bash
# dashboard.sh — baselines and the dashboard on a hand-computed portfolio: the
# figures a portfolio office would check by hand (sums to the cent, late milestones,
# drift against the baseline after a budget change), in text and in JSON.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/d.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule;debut;fin
A;;Axe;Usagers;;
P1;A;Projet;Portail;2025-01-01;2025-12-31
P2;A;Projet;Appli;2025-01-01;2025-06-30
B;;Axe;Infra;;
P3;B;Projet;Étude réseau;2025-03-01;2025-03-31
CSV
"$JALON" --db "$DB" import plan.csv --id p >/dev/null 2>&1
cat >budget.csv <<'CSV'
code;annee;nature;source;prevu;engage;realise
P1;2025;investissement;État;100000;50000;20000
P1;2026;fonctionnement;ressources propres;50000;;
P2;2025;investissement;Région;50000;;
CSV
cat >ms.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Recette;2025-06-30;2025-09-30;;
P2;MEP;2025-05-31;;2025-05-30;atteint
P3;Étude;2026-01-15;;;
CSV
"$JALON" --db "$DB" import-budget p budget.csv 2>/dev/null
"$JALON" --db "$DB" import-milestones p ms.csv 2>/dev/null

run --db "$DB" baseline p adoption
check_equal "$STATUS" 0 "baseline: taken"
run --db "$DB" baseline p adoption
check_equal "$STATUS" 1 "baseline: a second one with the same name is refused"
check_contains "$ERR" "le référentiel « adoption » existe déjà" "baseline: says why"
check_contains "$("$JALON" --db "$DB" baselines p)" "$(printf 'adoption\t')" "baselines: listed"
check_contains "$("$JALON" --db "$DB" baselines p)" "5 éléments" "baselines: one entry per element"
check_equal "$(sqlite3 "$DB" "UPDATE baseline_entry SET planned_cents = 1" 2>&1 | grep -c immutable)" 1 \
	"baseline: the database refuses to change it"

# The budget grows by 10,000 € on P1 after the baseline.
sed 's/P1;2025;investissement;État;100000/P1;2025;investissement;État;110000/' budget.csv >budget2.csv
"$JALON" --db "$DB" import-budget p budget2.csv --replace 2>/dev/null

"$JALON" --db "$DB" dashboard p --baseline adoption --today 2026-02-01 --format json >d.json
check_equal "$(jq -c '[.budget_planned_cents, .budget_committed_cents, .budget_paid_cents]' d.json)" \
	"[21000000,5000000,2000000]" "dashboard: planned, committed, paid to the cent"
check_equal "$(jq -c '[.milestones, .milestones_done, .late_milestones]' d.json)" "[3,1,2]" \
	"dashboard: milestones, done, late (by forecast and by today)"
# Budget drift: P1 (160,000 vs 150,000: +6.666…%) and P2 (0%); mean 3.333…%.
check_equal "$(jq '.budget_drift_pct * 1000000 | round' d.json)" 3333333 "dashboard: mean budget drift"
check_equal "$(jq '.budget_drift_elements' d.json)" 2 "dashboard: budget drift over the two elements with lines"
check_equal "$(jq '[.schedule_drift_pct, .schedule_drift_elements]' -c d.json)" "[0,3]" \
	"dashboard: no schedule drift, over the three elements with dates"
check_equal "$(jq -c '[.by_year[] | [.year, .planned_cents]]' d.json)" "[[2025,16000000],[2026,5000000]]" \
	"dashboard: planned by year"
check_equal "$(jq -c '[.by_source[] | [.source, .planned_cents]]' d.json)" \
	'[["État",11000000],["ressources propres",5000000],["Région",5000000]]' "dashboard: planned by source"
check_equal "$(jq -c '[.branches[] | [.code, .budget_planned_cents, .late_milestones]]' d.json)" \
	'[["A",21000000,1],["B",0,1]]' "dashboard: per branch"
check_equal "$(jq -r '[.start, .end] | join(" ")' d.json)" "2025-01-01 2025-12-31" "dashboard: rolled dates"

run --db "$DB" dashboard p --baseline adoption --today 2026-02-01
# Narrow no-break spaces between thousands, a no-break space before € and %.
NNBSP=$'\u202f' NBSP=$'\u00a0'
check_contains "$OUT" "budget prévu : 210${NNBSP}000,00${NBSP}€ ; engagé : 50${NNBSP}000,00${NBSP}€ ; réalisé : 20${NNBSP}000,00${NBSP}€" \
	"dashboard text: amounts in French format"
check_contains "$OUT" "jalons : 3 ; atteints : 1 ; en retard : 2" "dashboard text: milestones"
check_contains "$OUT" "budgétaire +3,3${NBSP}%" "dashboard text: drift with a decimal comma"
run --db "$DB" dashboard p --today 2026-02-01 --format json
check_equal "$(jq -c '[.budget_drift_pct, .baseline]' <<<"$OUT")" "[null,null]" "dashboard: no baseline, no drift"
run --db "$DB" dashboard p --baseline nope
check_equal "$STATUS" 1 "dashboard: unknown baseline refused"
check_contains "$ERR" "référentiel inconnu « nope »" "dashboard: says which"
run --db "$DB" dashboard p --today 2026-13-01
check_equal "$STATUS" 2 "dashboard: invalid --today refused"

done_testing
