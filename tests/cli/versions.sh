#!/bin/bash
# versions.sh — the plan's own life through the command line, on the real plan
# tests/data/university.csv: the adoption workflow (refused moves and a missing
# deliberation change nothing), a revision, edits of the revision (a code renamed, a
# title, a move, an element removed and one added, a budget and an end date), the
# exact comparison of the two versions as text and JSON, the chain of versions, the
# first version closed when the revision is adopted; SWOT tables imported from CSV
# (line-numbered errors, all or nothing) and printed.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/v.db
"$JALON" --db "$DB" init >/dev/null
"$JALON" --db "$DB" import "$TESTS_DIR/data/university.csv" --id univ >/dev/null 2>&1
# Amounts are written with no-break spaces (narrow ones between thousands): compared
# as plain spaces.
plain() { sed 's/\xe2\x80\xaf/ /g; s/\xc2\xa0/ /g'; }

# ---- the workflow ----
before=$(db_fingerprint "$DB")
run --db "$DB" revise univ
check_equal "$STATUS" 1 "revise: a draft cannot be revised"
check_contains "$ERR" "seul un plan adopté peut être révisé ; le plan « univ » est « brouillon »" \
	"revise: says why"
run --db "$DB" status univ adopte --adopted-on 2026-03-12 --adopted-by CA
check_equal "$STATUS" 1 "status: brouillon → adopté is refused"
check_contains "$ERR" "le plan ne peut pas passer de « brouillon » à « adopté » ; statuts possibles : « en consultation »" \
	"status: names the allowed statuses"
run --db "$DB" status univ publié
check_equal "$STATUS" 2 "status: an unknown status is a usage error"
check_equal "$(db_fingerprint "$DB")" "$before" "refusals changed nothing"

run --db "$DB" status univ en-consultation
check_equal "$OUT" "plan « univ » : brouillon → en consultation" "status: to en consultation"
before=$(db_fingerprint "$DB")
run --db "$DB" status univ adopte --deliberation 2026-14
check_equal "$STATUS" 1 "status: adoption without its date and body is refused"
check_equal "$ERR" "--adopted-on: la date de la délibération d'adoption est obligatoire pour adopter le plan
--adopted-by: l'instance qui a adopté le plan est obligatoire (conseil d'administration…)" \
	"status: names both missing options"
check_equal "$(db_fingerprint "$DB")" "$before" "the refused adoption changed nothing"
run --db "$DB" status univ adopte --adopted-on 12/03/2026 --adopted-by "Conseil d'administration" \
	--deliberation 2026-14 --votes 28/2/3
check_equal "$OUT" "plan « univ » : en consultation → adopté" "status: adopted"
run --db "$DB" plan univ
check_contains "$OUT" "adoption : 12/03/2026, Conseil d'administration, délibération 2026-14, 28 pour, 2 contre, 3 abstentions" \
	"plan: shows the adoption record"

# ---- the revision ----
run --db "$DB" revise univ --id "Univ 2027"
check_equal "$STATUS" 1 "revise: a bad identifier is refused"
check_contains "$ERR" "--id: identifiant « Univ 2027 » invalide" "revise: names --id"
run --db "$DB" revise univ
check_equal "$STATUS" 0 "revise: done"
check_equal "$OUT" "univ-v2" "revise: prints the new plan's identifier"
run --db "$DB" versions univ-v2
check_equal "$OUT" "  —  univ    en révision adopté le 12/03/2026
* v2 univ-v2 brouillon" "versions: the chain, this plan starred"
run --db "$DB" compare univ univ-v2
check_contains "$OUT" "ajoutés : 0, supprimés : 0, déplacés : 0, modifiés : 0, inchangés : 71" \
	"compare: a fresh revision equals its source"

# Edits of the revision, as the element forms would make them.
sqlite3 "$DB" "
PRAGMA foreign_keys = ON;
CREATE TEMP VIEW v2 AS SELECT id FROM plan WHERE slug = 'univ-v2';
UPDATE element SET code = 'C1.1-A' WHERE code = 'C1.1-a' AND plan_id = (SELECT id FROM v2);
UPDATE element SET title = 'Unifier la messagerie des étudiants et des personnels'
  WHERE code = 'C1.2-b' AND plan_id = (SELECT id FROM v2);
UPDATE element SET parent_id = (SELECT id FROM element WHERE code = 'C1.2' AND plan_id = (SELECT id FROM v2))
  WHERE code = 'C1.3-c' AND plan_id = (SELECT id FROM v2);
DELETE FROM element WHERE code = 'C1.4-a' AND plan_id = (SELECT id FROM v2);
INSERT INTO element (plan_id, parent_id, position, code, level, title)
  SELECT e.plan_id, e.id, 1000, 'C1.4-b', 'Action', 'Ouvrir un service numérique d''aide à l''orientation'
  FROM element e WHERE e.code = 'C1.4' AND e.plan_id = (SELECT id FROM v2);
UPDATE element SET budget_cents = 5000000, end_date = '2027-06-30'
  WHERE code = 'C2.1-a' AND plan_id = (SELECT id FROM v2);
"
run --db "$DB" compare univ univ-v2
check_equal "$STATUS" 0 "compare: done"
check_equal "$(printf '%s\n' "$OUT" | plain)" "comparaison de « univ » (—) avec « univ-v2 » (v2)
ajoutés : 1, supprimés : 1, déplacés : 1, modifiés : 3, inchangés : 66

ajoutés
  + C1.4-b  Ouvrir un service numérique d'aide à l'orientation (sous C1.4)

supprimés
  - C1.4-a  Relier l'ENT à la plateforme d'offres de stages et d'emplois (sous C1.4)

déplacés
  > C1.3-c  C1.3 → C1.2

modifiés
  ~ C1.1-A  code : C1.1-a → C1.1-A
  ~ C1.2-b  intitulé : Unifier la messagerie et les outils collaboratifs des étudiants → Unifier la messagerie des étudiants et des personnels
  ~ C2.1-a  fin : 30/06/2025 → 30/06/2027
  ~ C2.1-a  budget : 35 000,00 € → 50 000,00 €" "compare: exactly the edits, the renamed code followed by lineage"
run --db "$DB" compare univ univ-v2 --format json
check_equal "$(printf '%s' "$OUT" | jq -c '[.counts, [.changed[] | [.code, .field, .old, .new]], [.moved[] | [.code, .old_parent, .new_parent]]]')" \
	'[{"added":1,"removed":1,"moved":1,"changed":3,"unchanged":66},[["C1.1-A","code","C1.1-a","C1.1-A"],["C1.2-b","title","Unifier la messagerie et les outils collaboratifs des étudiants","Unifier la messagerie des étudiants et des personnels"],["C2.1-a","end","2025-06-30","2027-06-30"],["C2.1-a","budget","3500000","5000000"]],[["C1.3-c","C1.3","C1.2"]]]' \
	"compare --format json: the same, values as the journal writes them"
run --db "$DB" compare univ univ-v2 --format xml
check_equal "$STATUS" 2 "compare: an unknown format is a usage error"

# Adopting the revision closes the first version.
"$JALON" --db "$DB" status univ-v2 en-consultation >/dev/null
run --db "$DB" status univ-v2 adopte --adopted-on 2027-01-15 --adopted-by CA --votes 30,1,2
check_equal "$STATUS" 0 "status: the revision adopted"
run --db "$DB" versions univ
check_equal "$OUT" "* —  univ    clos   adopté le 12/03/2026
  v2 univ-v2 adopté adopté le 15/01/2027" "versions: the first version is closed"
run --db "$DB" status univ adopte --adopted-on 2027-01-15 --adopted-by CA
check_equal "$ERR" "jalon: le plan « univ » est clos : son statut ne change plus" "status: a closed plan stays closed"

# ---- SWOT ----
cat >swot.csv <<'CSV'
element;quadrant;texte
;Forces;Équipe numérique soudée
;menaces;Départs en retraite non remplacés
C1;opportunités;Appel à projets France 2030
;forces;Soutien de la présidence
C1;weaknesses;Applications de scolarité vieillissantes
CSV
run --db "$DB" import-swot univ-v2 swot.csv
check_equal "$STATUS" 0 "import-swot: imported"
check_equal "$ERR" "5 entrées SWOT importées dans le plan « univ-v2 »" "import-swot: says how many"
run --db "$DB" swot univ-v2
check_equal "$OUT" "SWOT du plan « univ-v2 »
  forces :
    - Équipe numérique soudée
    - Soutien de la présidence
  faiblesses :
    (aucune entrée)
  opportunités :
    (aucune entrée)
  menaces :
    - Départs en retraite non remplacés

SWOT de C1 « Axe cible 1 – Étudiants : un parcours numérique sans couture »
  forces :
    (aucune entrée)
  faiblesses :
    - Applications de scolarité vieillissantes
  opportunités :
    - Appel à projets France 2030
  menaces :
    (aucune entrée)" "swot: the plan's table, then C1's"
run --db "$DB" swot univ-v2 C1 --format json
check_equal "$(printf '%s' "$OUT" | jq -c .)" \
	'{"element":"C1","version":1,"forces":[],"faiblesses":["Applications de scolarité vieillissantes"],"opportunites":["Appel à projets France 2030"],"menaces":[]}' \
	"swot ELEMENT --format json"
run --db "$DB" swot univ-v2 ZZ
check_equal "$ERR" "jalon: élément inconnu « ZZ » dans le plan « univ-v2 »" "swot: an unknown element"

before=$(db_fingerprint "$DB")
cat >bad.csv <<'CSV'
element;quadrant;texte
c1;forces;Une force
;risques;Un risque
C2;menaces;
;forces;Ceci est bon
CSV
run --db "$DB" import-swot univ-v2 bad.csv
check_equal "$STATUS" 1 "import-swot: a bad file is refused"
check_equal "$ERR" "bad.csv : 3 erreurs, rien n'a été importé
bad.csv:2: élément inconnu « c1 » (vouliez-vous dire « C1 » ?)
bad.csv:3: quadrant inconnu « risques » (quadrants : forces, faiblesses, opportunités, menaces)
bad.csv:4: texte vide : une entrée SWOT est une phrase" "import-swot: every error with its line"
check_equal "$(db_fingerprint "$DB")" "$before" "import-swot: nothing imported"

# The revision of univ-v2 copies its SWOT tables.
run --db "$DB" revise univ-v2 --id univ-2030
check_equal "$OUT" "univ-2030" "revise --id"
run --db "$DB" swot univ-2030 C1 --format json
check_equal "$(printf '%s' "$OUT" | jq -c '.faiblesses')" '["Applications de scolarité vieillissantes"]' \
	"the revision copied the SWOT tables"

done_testing
