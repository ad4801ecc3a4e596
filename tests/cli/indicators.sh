#!/bin/bash
# indicators.sh — an indicator catalogue and its measurements through the command
# line, on hand-computed cases (docs/indicators.md): the status of a higher-is-better,
# a lower-is-better and an unmeasured indicator, a computed one, corrections that keep
# the previous value, "update due" by frequency, and refused files that change nothing.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/i.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule;debut;fin
A;;Axe;Usagers;;
P1;A;Projet;Portail;2025-01-01;2025-12-31
CSV
"$JALON" --db "$DB" import plan.csv --id p >/dev/null 2>&1
cat >ms.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Cahier des charges;2025-03-31;;2025-03-28;atteint
P1;Recette;2025-09-30;;;
CSV
"$JALON" --db "$DB" import-milestones p ms.csv 2>/dev/null

# I1: higher is better, 20 on 01/01/2025 to 60 on 01/01/2026 (365 days), tolerance 5.
# I2: lower is better, 30 to 10 over the same year, tolerance 2, quarterly.
# I3: never measured. I4: computed, milestones reached / planned, 0 to 100.
cat >catalogue.csv <<'CSV'
code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;tolerance;elements;formule
I1;Taux de dématérialisation;adoption et satisfaction;%;hausse;mensuelle;20;2025-01-01;60;2026-01-01;5;P1;
I2;Délai de traitement;performance opérationnelle;jours;baisse;trimestrielle;30;2025-01-01;10;2026-01-01;2;;
I3;Satisfaction;adoption et satisfaction;%;hausse;annuelle;50;2025-01-01;80;2028-01-01;5;;
I4;Jalons atteints;suivi de projet;%;hausse;mensuelle;0;2025-01-01;100;2026-01-01;10;;jalons-atteints
CSV
run --db "$DB" import-indicators p catalogue.csv
check_equal "$STATUS" 0 "import-indicators: the catalogue is imported"
check_contains "$ERR" "4 indicateurs importés" "import-indicators: says how many"

# Out of order on purpose; I2's 23,5 in the French format.
cat >m.csv <<'CSV'
code;date;valeur;commentaire
I1;2025-07-02;38;enquête de juin
I2;2025-07-02;23,5;
I1;2025-04-01;30;
CSV
run --db "$DB" import-measurements p m.csv
check_equal "$STATUS" 0 "import-measurements: imported"
check_contains "$ERR" "3 mesures importées" "import-measurements: says how many"

"$JALON" --db "$DB" indicators p --today 2025-07-20 --format json >b.json
status_of() { jq -r --arg c "$1" '.indicators[] | select(.code == $c) | .status' b.json; }
# I1 at 02/07/2025 (182 days): expected 20 + 40 × 182/365 = 39.95; 38 is 1.95 short ≤ 5.
check_equal "$(status_of I1)" on_track "indicators: I1 on track (1.95 short, tolerance 5)"
check_equal "$(jq '.indicators[] | select(.code == "I1") | .latest_value' b.json)" 38 \
	"indicators: I1's latest value is the latest by date, not by line"
# I2: expected 30 − 20 × 182/365 = 20.03; 23.5 is 3.47 above, more than 2, at most 4.
check_equal "$(status_of I2)" at_risk "indicators: I2 at risk (lower is better, 3.47 over, tolerance 2)"
check_equal "$(status_of I3)" no_data "indicators: I3 without measurement has no data"
# I4: 1 milestone reached of 2 = 50 %; expected at 20/07/2025: 100 × 200/365 = 54.8; 4.8 ≤ 10.
check_equal "$(jq '.indicators[] | select(.code == "I4") | .latest_value' b.json)" 50 \
	"indicators: I4 computed from the plan (1 of 2 milestones reached)"
check_equal "$(status_of I4)" on_track "indicators: I4 on track"
check_equal "$(jq -c '[.indicators[] | .update_due]' b.json)" "[false,false,false,false]" \
	"indicators: nothing due on 20/07/2025 (I3, yearly, counts a year from its baseline)"

"$JALON" --db "$DB" indicators p --today 2025-10-15 --format json >b.json
check_equal "$(jq -c '[.indicators[] | .update_due]' b.json)" "[true,true,false,false]" \
	"indicators: monthly and quarterly measurements due on 15/10/2025, not yet the yearly one"

# The computed indicator's value is recorded once per period end, at the first evaluation
# after it (I4, monthly: 30/06 on 20/07, 30/09 on 15/10, at 50 % both times).
recorded() { sqlite3 "$DB" "SELECT i.code || ' ' || v.period_end || ' ' || v.value
	FROM computed_value v JOIN indicator i ON i.id = v.indicator_id
	ORDER BY i.code, v.period_end" | tr '\n' ' '; }
check_equal "$(recorded)" "I4 2025-06-30 50.0 I4 2025-09-30 50.0 " \
	"indicators: the computed indicator recorded at 30/06 and 30/09, measured ones not"
"$JALON" --db "$DB" indicators p --today 2025-10-15 >/dev/null
"$JALON" --db "$DB" indicators p --today 2025-07-20 >/dev/null
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM computed_value')" 2 \
	"indicators: evaluating the same periods again records nothing more"

# A correction: the same date again; the board shows the new value.
printf 'code;date;valeur;commentaire\nI1;2025-07-02;41;corrigé\n' >fix.csv
run --db "$DB" import-measurements p fix.csv
check_equal "$STATUS" 0 "import-measurements: a correction is accepted"
"$JALON" --db "$DB" indicators p --today 2025-07-20 --format json >b.json
check_equal "$(jq '.indicators[] | select(.code == "I1") | .latest_value' b.json)" 41 \
	"indicators: the corrected value is the latest"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM measurement')" 3 "correction: no new measurement"
check_equal "$(sqlite3 "$DB" 'SELECT DISTINCT entered_by FROM measurement')" "$(id -un)" \
	"measurements: entered by the system user running the command"
check_equal "$(sqlite3 "$DB" "SELECT DISTINCT actor FROM change_log WHERE entity = 'measurement'")" \
	"$(id -un)" "the change journal names the same user"
check_equal "$(sqlite3 "$DB" 'SELECT value FROM measurement_revision')" 38.0 \
	"correction: the previous value is kept in the history"

# The value at the last committee: a COPIL held on 01/07/2025 (a later one only
# planned). I1's value then is that of 01/04 (30: the 02/07 one came after); I4's is its
# series' point of 30/06 (1 of 2 milestones reached, 50); I2 had none yet.
printf 'type;instance;role;frequence;composition\npilotage;COPIL SDN;pilotage du schéma;trimestrielle;Présidente (présidente) | DSI\n' >inst.csv
run --db "$DB" import-instances p inst.csv
check_equal "$STATUS" 0 "import-instances: the COPIL is imported"
sqlite3 "$DB" "INSERT INTO meeting (instance_id, held_on, status)
	SELECT id, '2025-07-01', 'tenue' FROM instance WHERE name = 'COPIL SDN'
	UNION ALL SELECT id, '2025-07-15', 'prevue' FROM instance WHERE name = 'COPIL SDN'"
"$JALON" --db "$DB" indicators p --today 2025-07-20 --format json >c.json
check_equal "$(jq -c '.last_committee' c.json)" '{"date":"2025-07-01","instance":"COPIL SDN"}' \
	"indicators: the last committee is the COPIL held on 01/07, not the one only planned"
committee_of() { jq -c --arg c "$1" '.indicators[] | select(.code == $c) | .value_at_last_committee' c.json; }
check_equal "$(committee_of I1)" 30 "indicators: I1 at the last committee is its value of 01/04"
check_equal "$(committee_of I4)" 50 "indicators: I4 at the last committee is its point of 30/06"
check_equal "$(committee_of I2)" null "indicators: I2 had no value at the last committee"
run --db "$DB" indicators p --today 2025-07-20
check_contains "$OUT" "dernier comité : COPIL SDN, le 01/07/2025" "indicators: the text board names the last committee"
check_contains "$OUT" "au dernier comité 30" "indicators: and each value then"

# Refused files change nothing, and say where and what.
before=$(db_fingerprint "$DB")
printf 'code;date;valeur;commentaire\nI1;2025-08-01;abc;\nI9;2025-08-01;3;\nI4;2025-08-01;10;\n' >bad.csv
run --db "$DB" import-measurements p bad.csv
check_equal "$STATUS" 1 "import-measurements: a bad file is refused"
check_contains "$ERR" "bad.csv:2:" "import-measurements: the bad number's line"
check_contains "$ERR" "bad.csv:3:" "import-measurements: the unknown indicator's line"
check_contains "$ERR" "bad.csv:4:" "import-measurements: a computed indicator takes no measurement"
check_contains "$ERR" "3 erreurs, rien n'a été importé" "import-measurements: all errors at once"
printf 'code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;elements\nX1;X;famille inconnue;%%;vers le haut;hebdo;a;2025-13-01;1;2025-01-01;ZZ\n' >badcat.csv
run --db "$DB" import-indicators p badcat.csv
check_equal "$STATUS" 1 "import-indicators: a bad catalogue is refused"
check_contains "$ERR" "badcat.csv:2:" "import-indicators: errors name the line"
check_equal "$(db_fingerprint "$DB")" "$before" "refused imports changed nothing"

run --db "$DB" indicators p --format xml
check_equal "$STATUS" 2 "indicators: an unknown format is a usage error"
run --db "$DB" indicators nope
check_equal "$STATUS" 1 "indicators: an unknown plan is an input error"

done_testing
