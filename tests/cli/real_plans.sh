#!/bin/bash
# real_plans.sh — the three plan shapes of DOMAIN.md §2 (and the demo plan) import
# into one database, show the right counts per level, keep their codes, links and
# custom columns, and come back out unchanged.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/real.db
DATA=$TESTS_DIR/data
"$JALON" --db "$DB" init >/dev/null

# import_plan FILE ID EXPECTED-LEVEL-LINES EXPECTED-TOTAL EXPECTED-LINKS
import_plan() {
	local file=$1 id=$2 levels=$3 total=$4 links=$5
	run --db "$DB" import "$file" --id "$id"
	check_equal "$STATUS:$(head -1 <<<"$OUT")" "0:$id" "$id: imported, identifier alone on the first line"
	local tree
	tree=$("$JALON" --db "$DB" tree "$id")
	check_equal "$(sed -n '/^$/,$p' <<<"$tree" | sed 1d)" "$(printf '%s\ntotal: %s' "$levels" "$total")" \
		"$id: counts per level and total"
	check_equal "$(sed '/^$/,$d' <<<"$tree" | wc -l)" "$total" "$id: one tree line per element"
	"$JALON" --db "$DB" export "$id" --format json >"$WORK/$id.json"
	check_equal "$(jq '[.elements[].contributes_to | length] | add' "$WORK/$id.json")" "$links" \
		"$id: every contribution link kept"
	"$JALON" --db "$DB" export "$id" >"$WORK/$id.csv"
	run --db "$DB" import "$WORK/$id.csv" --id "$id-copy"
	"$JALON" --db "$DB" export "$id-copy" | cmp -s - "$WORK/$id.csv"
	ok $? "$id: export, import, export is byte-identical"
}

import_plan "$DATA/regional.csv" region "$(printf 'Axe stratégique: 4\nObjectif stratégique: 11\nObjectif opérationnel: 29\nAction: 77')" 121 0
import_plan "$DATA/federation.csv" comue "$(printf "Axe stratégique: 5\nLevier d'action: 15\nProgramme: 6\nProjet: 23")" 49 40
import_plan "$DATA/university.csv" univ "$(printf 'Orientation stratégique: 4\nAxe: 7\nAmbition: 19\nAction: 41')" 71 16
import_plan "$SOURCE_ROOT/data/demo/plan.csv" demo "$(printf 'Axe: 5\nAmbition: 12\nProjet: 21\nAction: 24')" 62 9

# Shape 1: irregular depth — three actions hang directly under a strategic objective.
check_equal "$(jq -r '[.elements[] | select(.parent == "A3.OS3") | .level] | unique | join(",")' "$WORK/region.json")" \
	"Action" "region: actions directly under objective A3.OS3, no operational level"
check_equal "$(jq '[.elements[] | select(.parent == "A3.OS3")] | length' "$WORK/region.json")" 3 \
	"region: A3.OS3 holds exactly its three actions"
check_equal "$(jq -r '[.elements[] | select(.level == "Action") | .depth] | unique | map(tostring) | join(",")' "$WORK/region.json")" \
	"2,3" "region: actions at two different depths"
# Rows given before their parent are placed under it.
check_equal "$(jq -r '.elements[] | select(.code == "A2.OS1.OO2") | .parent' "$WORK/region.json")" "A2.OS1" \
	"region: an objective listed after its children is still their parent"

# Shape 2: two trees side by side, projects serving axes, multi-line custom cells.
check_equal "$(jq -r '[.elements[] | select(.parent == null) | .level] | unique | join(",")' "$WORK/comue.json")" \
	"Axe stratégique,Programme" "comue: two top-level trees"
check_equal "$(jq '[.elements[] | select(.level == "Projet") | .budget_cents] | add' "$WORK/comue.json")" 2500000000 \
	"comue: project budgets add up to exactly 25 000 000,00 €"
check_equal "$(jq -c '.custom_columns' "$WORK/comue.json")" '["Nom court","Enjeux","Priorité","Nature","Type"]' \
	"comue: custom columns kept with their headers, in order"
check_equal "$(jq '[.elements[] | select(.attributes.Enjeux // "" | contains("\n"))] | length > 0' "$WORK/comue.json")" true \
	"comue: multi-line Enjeux cells keep their line breaks"
check_equal "$(jq '[.elements[] | select(.level == "Projet" and (.contributes_to | length) == 0)] | length' "$WORK/comue.json")" 0 \
	"comue: every project serves at least one axis"

# Shape 3: coded ambitions with gaps, kept verbatim; cross-branch links.
codes=$(jq -r '[.elements[] | select(.level == "Ambition") | .code] | join(" ")' "$WORK/univ.json")
check_contains " $codes " " T1.3 " "univ: ambition T1.3 kept"
case " $codes " in *" T1.2 "*) ok 1 "univ: no T1.2 invented" ;; *) ok 0 "univ: no T1.2 invented" ;; esac
check_equal "$(jq '[.elements[] | select(.level == "Ambition")] | length' "$WORK/univ.json")" 19 "univ: 19 ambitions"
cross=$(jq '[.elements as $all | .elements[] | . as $e | .contributes_to[] as $t
	| ($all[] | select(.code == $t)) as $target
	| select(($e.code | split("-")[0] | split(".")[0]) != ($target.code | split(".")[0]))] | length' "$WORK/univ.json")
check_equal "$cross" 16 "univ: all 16 links go to another axis"

# Several plans side by side in one database.
run --db "$DB" plans
check_equal "$(wc -l <<<"$OUT")" 8 "plans: eight plans listed (four and their copies)"
check_contains "$OUT" "$(printf 'region\tregional\t')" "plans: identifier first, then the title"
check_contains "$(grep '^region	' <<<"$OUT")" "121 éléments" "plans: element count of the regional plan"

done_testing
