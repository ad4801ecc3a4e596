#!/bin/bash
# governance.sh — a university's committees through the command line (docs/governance.md):
# import-instances on the four kinds DOMAIN.md §3 describes, the lists of instances,
# meetings, decisions (the searchable decision log) and actions (overdue ones marked),
# and refused files that change nothing.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/g.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule
AX1;;Axe;Usagers et services numériques
P1;AX1;Projet;Portail étudiant
P2;AX1;Projet;Environnement numérique de travail
AX2;;Axe;Infrastructures
P3;AX2;Projet;Réseau du campus
CSV
"$JALON" --db "$DB" import plan.csv --id sdn >/dev/null 2>&1

# Written as a DSI would: synonyms for the kinds, members with roles, branches by code.
cat >instances.csv <<'CSV'
type;instance;rôle;fréquence;composition;éléments
Stratégique;Comité de gouvernance du numérique;Valide les orientations et les investissements majeurs;2 fois par an;Présidente de l'université (présidente) | DGS | DSI (secrétaire) | Directions fonctionnelles;
COPIL;Comité numérique;Valide le plan d'actions du semestre suivant;trimestrielle;VP numérique (président) | DSI | PMO;
opérationnel;Comité de suivi du portail;Avancement, points bloquants, besoins;mensuelle;Chef de projet | Référents métier;P1
groupe de travail;Copil SSI;Stratégie, risques et conformité de la sécurité;semestrielle;RSSI (animateur) | DPO;AX2|P2
CSV
run --db "$DB" import-instances sdn instances.csv
check_equal "$STATUS" 0 "import-instances: a file of four instances is imported"
check_contains "$ERR" "4 instances importées dans le plan « sdn »" "import-instances: says how many"

run --db "$DB" instances sdn --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.instances[].kind] | join(",")')" \
	"gouvernance,pilotage,operationnel,transverse" "instances: kinds from the synonyms, in file order"
check_equal "$(printf '%s' "$OUT" | jq -r '.instances[0].members[0] | "\(.name)/\(.role)"')" \
	"Présidente de l'université/présidente" "instances: a member's role read from its brackets"
check_equal "$(printf '%s' "$OUT" | jq -r '.instances[0].members[1].role')" "null" \
	"instances: a member without brackets has no role"
check_equal "$(printf '%s' "$OUT" | jq -r '.instances[3].branches | join("|")')" "AX2|P2" \
	"instances: the branches a committee steers"
run --db "$DB" instances sdn
check_contains "$OUT" "Comité numérique (pilotage) — trimestrielle" "instances: text shows kind and frequency"
check_contains "$OUT" "Périmètre : tout le plan" "instances: no branch means the whole plan"
check_contains "$OUT" "Périmètre : P1 Portail étudiant" "instances: branches with their titles"

# A refused file changes nothing, and says where and what, line by line (line 4 names
# an instance already in the plan: an update, not an error).
before=$(db_fingerprint "$DB")
cat >bad.csv <<'CSV'
type;instance;role;frequence;composition;elements
comité;Comité A;;;;
pilotage;;;;;
pilotage;Comite numerique;;;;
transverse;GT;;;DSI | (rapporteur);P9
CSV
run --db "$DB" import-instances sdn bad.csv
check_equal "$STATUS" 1 "import-instances: a bad file is refused"
check_contains "$ERR" "bad.csv : 4 erreurs, rien n'a été importé" "import-instances: counts the errors"
check_contains "$ERR" "bad.csv:2: type d'instance inconnu « comité »" "import-instances: an unknown kind, with its line"
check_contains "$ERR" "bad.csv:3: nom de l'instance manquant" "import-instances: a missing name"
check_contains "$ERR" "bad.csv:5: colonne « composition » : membre sans nom" "import-instances: a member without a name"
check_contains "$ERR" "bad.csv:5: élément inconnu « P9 »" "import-instances: an unknown branch"
check_equal "$(db_fingerprint "$DB")" "$before" "import-instances: a refused file changes nothing"

cat >dup.csv <<'CSV'
type;instance
pilotage;COPIL
pilotage;copil
CSV
run --db "$DB" import-instances sdn dup.csv
check_contains "$ERR" "dup.csv:3: instance « copil » déjà décrite ligne 2" "import-instances: a name twice in the file"

# --dry-run checks without writing.
run --db "$DB" import-instances sdn instances.csv --dry-run
check_contains "$ERR" "4 instances valides (essai à blanc" "import-instances --dry-run: says it wrote nothing"
check_equal "$(db_fingerprint "$DB")" "$before" "import-instances --dry-run: nothing written"

# Meetings, decisions and actions as the pages would record them (here in SQL: the
# command line only reads them).
id_of() { sqlite3 "$DB" "SELECT id FROM instance WHERE name = '$1'"; }
CN=$(id_of "Comité numérique")
GV=$(id_of "Comité de gouvernance du numérique")
sqlite3 "$DB" <<SQL
INSERT INTO meeting (id, instance_id, held_on, start_minute, duration_min, place, status)
  VALUES (1, $CN, '2026-01-15', 840, 120, 'Salle du conseil', 'cr-approuve'),
         (2, $GV, '2026-02-10', NULL, NULL, NULL, 'tenue'),
         (3, $CN, '2026-04-16', 570, 90, NULL, 'prevue');
INSERT INTO decision (meeting_id, position, kind, text, effect_summary)
  VALUES (1, 0, 'validation', 'Validation du cahier des charges du portail',
          'Jalon « Cahier des charges » atteint le 15/01/2026'),
         (1, 1, 'report', 'Report de la migration de l''ENT', NULL),
         (2, 0, 'budget', 'Crédits supplémentaires pour le réseau', NULL);
INSERT INTO decision_element (decision_id, element_id, position)
  SELECT d.id, e.id, 0 FROM decision d, element e
  WHERE d.text LIKE 'Validation%' AND e.code = 'P1';
INSERT INTO action_item (plan_id, meeting_id, text, owner, due_on, status, created_on, closed_on)
  SELECT p.id, 1, 'Relancer le prestataire', 'Hélène Durand', '2026-02-01', 'a-faire', '2026-01-15', NULL FROM plan p
  UNION ALL SELECT p.id, 1, 'Chiffrer le lot 2', 'DSI', '2026-06-30', 'en-cours', '2026-01-15', NULL FROM plan p
  UNION ALL SELECT p.id, NULL, 'Rédiger la note de cadrage', 'helene durand', NULL, 'faite', '2026-01-20', '2026-01-30' FROM plan p;
SQL

run --db "$DB" meetings sdn
check_contains "$OUT" "15/01/2026 14:00 — Comité numérique — compte rendu approuvé — Salle du conseil" \
	"meetings: date, time, instance, status and place"
check_equal "$(printf '%s\n' "$OUT" | grep -c '/2026')" 3 "meetings: every meeting of the plan"
run --db "$DB" meetings sdn --instance "comite numerique" --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.meetings[].date] | join(",")')" "2026-01-15,2026-04-16" \
	"meetings --instance: that instance's, by date, name matched ignoring case and accents"
check_equal "$(printf '%s' "$OUT" | jq -r '.meetings[1].start')" "09:30" "meetings json: start time"
run --db "$DB" meetings sdn --instance "Conseil"
check_equal "$STATUS" 1 "meetings --instance: an unknown instance is an error"
check_contains "$ERR" "aucune instance « Conseil »" "meetings --instance: says which, and lists the instances"

run --db "$DB" decisions sdn
check_equal "$(printf '%s\n' "$OUT" | grep -c '^  [0-9]')" 3 "decisions: the whole log"
check_equal "$(printf '%s\n' "$OUT" | sed -n 2p)" \
	"  10/02/2026 — Comité de gouvernance du numérique — budget : Crédits supplémentaires pour le réseau" \
	"decisions: newest meeting first"
check_contains "$OUT" "    → Jalon « Cahier des charges » atteint le 15/01/2026" "decisions: the effect applied"
run --db "$DB" decisions sdn --search "CAHIER portail" --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.decisions[].text] | join("|")')" \
	"Validation du cahier des charges du portail" "decisions --search: every word, any case"
run --db "$DB" decisions sdn --search "credits reseau" --format json
check_equal "$(printf '%s' "$OUT" | jq '.decisions | length')" 1 "decisions --search: accents ignored"
run --db "$DB" decisions sdn --search "etudiant" --format json
check_equal "$(printf '%s' "$OUT" | jq -r '.decisions[0].elements | join(",")')" "P1" \
	"decisions --search: an element's title counts"
run --db "$DB" decisions sdn --kind report --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.decisions[].kind] | join(",")')" "report" "decisions --kind"
run --db "$DB" decisions sdn --from 2026-02-01 --to 2026-12-31 --format json
check_equal "$(printf '%s' "$OUT" | jq '.decisions | length')" 1 "decisions --from --to: meeting dates"
run --db "$DB" decisions sdn --instance "Comité numérique" --format json
check_equal "$(printf '%s' "$OUT" | jq '.decisions | length')" 2 "decisions --instance"
run --db "$DB" decisions sdn --kind vote
check_equal "$STATUS" 2 "decisions --kind: an unknown kind is a usage error"

run --db "$DB" actions sdn --today 2026-03-01
check_contains "$OUT" "Relancer le prestataire — Hélène Durand — échéance 01/02/2026 — à faire, en retard" \
	"actions: an open action past its due date is marked « en retard »"
check_contains "$OUT" "Chiffrer le lot 2 — DSI — échéance 30/06/2026 — en cours (Comité numérique du 15/01/2026)" \
	"actions: one not yet due, with its meeting"
run --db "$DB" actions sdn --owner "HELENE DURAND" --today 2026-03-01 --format json
check_equal "$(printf '%s' "$OUT" | jq -r '[.actions[] | "\(.status):\(.overdue)"] | join(",")')" \
	"a-faire:true,faite:false" "actions --owner: ignoring case and accents; open first"
run --db "$DB" actions sdn --open --today 2026-03-01 --format json
check_equal "$(printf '%s' "$OUT" | jq '.actions | length')" 2 "actions --open: closed ones left out"
run --db "$DB" actions sdn --today 2026-13-01
check_equal "$STATUS" 2 "actions --today: a bad date is a usage error"

# --replace drops an instance absent from the file, but not one that has met.
cat >two.csv <<'CSV'
type;instance
pilotage;Comité numérique
gouvernance;Comité de gouvernance du numérique
CSV
run --db "$DB" import-instances sdn two.csv --replace
check_equal "$STATUS" 0 "import-instances --replace: imported"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM instance')" 2 "import-instances --replace: the others are deleted"
check_equal "$(sqlite3 "$DB" "SELECT count(*) FROM instance_member m JOIN instance i ON i.id = m.instance_id WHERE i.name = 'Comité numérique'")" 0 \
	"import-instances: an updated instance takes the file's composition"
cat >one.csv <<'CSV'
type;instance
pilotage;Comité numérique
CSV
before=$(db_fingerprint "$DB")
run --db "$DB" import-instances sdn one.csv --replace
check_equal "$STATUS" 1 "import-instances --replace: refused when it would delete an instance that has met"
check_contains "$ERR" "« Comité de gouvernance du numérique » a 1 séance" "import-instances --replace: says which and why"
check_equal "$(db_fingerprint "$DB")" "$before" "import-instances --replace: nothing changed"

done_testing
