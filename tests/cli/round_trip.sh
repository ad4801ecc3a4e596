#!/bin/bash
# round_trip.sh — a plan goes out as it came in: CSV export, import of the export,
# export again gives the same bytes; the input's dialect (BOM, CRLF, separator,
# encoding, column order) does not matter; the JSON export holds the same plan.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/rt.db
"$JALON" --db "$DB" init >/dev/null

# round_trip NAME FILE [import options…]: import, export, re-import, re-export.
round_trip() {
	local name=$1 file=$2
	shift 2
	run --db "$DB" import "$file" "$@"
	check_equal "$STATUS" 0 "$name: imported"
	local id=$OUT
	"$JALON" --db "$DB" export "$id" --format csv >"$WORK/$name.1.csv"
	run --db "$DB" import "$WORK/$name.1.csv"
	check_equal "$STATUS" 0 "$name: its export imports again"
	"$JALON" --db "$DB" export "$OUT" --format csv >"$WORK/$name.2.csv"
	cmp -s "$WORK/$name.1.csv" "$WORK/$name.2.csv"
	ok $? "$name: export, import, export gives byte-identical CSV"
	check_equal "$("$JALON" --db "$DB" tree "$id")" "$("$JALON" --db "$DB" tree "$OUT")" \
		"$name: same tree after the round trip"
	LAST_ID=$id
}

round_trip demo "$SOURCE_ROOT/data/demo/plan.csv"
for f in "$TESTS_DIR"/data/*.csv; do
	round_trip "$(basename "$f" .csv)" "$f"
done

# The same small plan in every dialect a spreadsheet may produce.
cat >base.csv <<'CSV'
code;parent;niveau;intitule;description;porteur;partenaires;budget;debut;fin;contribue_a;Enjeux;Priorité
AX1;;Axe;Usagers;;VP numérique;;;;;;;
P1;AX1;Projet;"Portail « étudiant »";"Deux lignes
de description";DSI;DRH|Scolarité | BU;1 234 567,89 €;01/09/2025;2026-06-30;AX2;"sobriété
accessibilité";2
AX2;;Axe;Infrastructures;;;;;;;;;
P2;AX2;Projet;"Réseau; campus";;DSI;;45000;2025-01-01;;AX1|AX1;;1
CSV
round_trip base base.csv
BASE=$WORK/base.1.csv
check_contains "$(cat "$BASE")" 'P1;AX1;Projet;Portail « étudiant »;"Deux lignes' "export keeps multi-line cells quoted"
check_contains "$(cat "$BASE")" ';DRH|Scolarité|BU;' "export joins partners with |, trimmed"
check_contains "$(cat "$BASE")" ';1234567,89;' "export writes exact amounts with a decimal comma"
check_contains "$(cat "$BASE")" ';2025-09-01;2026-06-30;' "export writes ISO dates"
check_contains "$(cat "$BASE")" '"Réseau; campus"' "export quotes a separator inside a cell"
check_contains "$(head -c 3 "$BASE" | od -An -tx1)" "ef bb bf" "export starts with a UTF-8 BOM for Excel"
check_contains "$(head -1 "$BASE" | od -c)" '\r  \n' "export uses CRLF line ends"
check_equal "$(head -1 "$BASE" | tr -d '\r\357\273\277')" \
	"code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;debut;fin;budget;statut;contribue_a;Enjeux;Priorité" \
	"export header: standard columns then custom columns under their original headers"
check_contains "$(grep '^P2' "$BASE")" ';AX1;;1' "duplicate contribution codes are kept once"

# Dialects: each must give exactly the same export as the base file.
printf '\xef\xbb\xbf' >bom.csv; cat base.csv >>bom.csv
sed 's/$/\r/' base.csv >crlf.csv
python3 - <<'PY'
import csv
rows = list(csv.reader(open("base.csv", encoding="utf-8", newline=""), delimiter=";"))
with open("tab.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)
with open("comma.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, delimiter=",", lineterminator="\r\n").writerows(rows)
with open("utf16.txt", "w", encoding="utf-16", newline="") as f:  # Excel "Unicode text"
    csv.writer(f, delimiter="\t", lineterminator="\r\n").writerows(rows)
# Reordered columns and header spellings with accents, capitals and spaces.
header = ["Intitulé", "Code", "Niveau", "Parent", "Porteur", "Description", "Partenaires",
          "Budget", "Début", "Fin", "Contribue à", "Enjeux", "Priorité"]
order = [3, 0, 2, 1, 5, 4, 6, 7, 8, 9, 10, 11, 12]
with open("reordered.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\n")
    w.writerow(header)
    for r in rows[1:]:
        w.writerow([r[i] for i in order])
PY
iconv -f UTF-8 -t WINDOWS-1252 base.csv >cp1252.csv
for dialect in bom crlf tab comma reordered; do
	run --db "$DB" import "$dialect.csv"
	id=$OUT
	check_equal "$STATUS" 0 "dialect $dialect: imported"
	"$JALON" --db "$DB" export "$id" >"$dialect.out.csv"
	cmp -s "$dialect.out.csv" "$BASE"
	ok $? "dialect $dialect: same export as the base file"
done
run --db "$DB" import utf16.txt
check_equal "$STATUS" 0 "dialect UTF-16 (Excel Unicode text): imported"
"$JALON" --db "$DB" export "$OUT" | cmp -s - "$BASE"
ok $? "dialect UTF-16: same export as the base file"
run --db "$DB" import cp1252.csv --encoding cp1252
check_equal "$STATUS" 0 "dialect Windows-1252 with --encoding: imported"
"$JALON" --db "$DB" export "$OUT" | cmp -s - "$BASE"
ok $? "dialect Windows-1252: same export as the base file"

# JSON export: valid, complete, and agreeing with the CSV.
"$JALON" --db "$DB" export base --format json >base.json
check_equal "$(jq -r '.format + " " + (.format_version|tostring)' base.json)" "jalon-plan 1" "json: format and version"
check_equal "$(jq '.elements | length' base.json)" 4 "json: every element"
check_equal "$(jq -r '.elements[] | select(.code=="P1") | .budget_cents' base.json)" 123456789 "json: exact budget in cents"
check_equal "$(jq -c '.elements[] | select(.code=="P1") | .partners' base.json)" '["DRH","Scolarité","BU"]' "json: partners as a list"
check_equal "$(jq -c '.elements[] | select(.code=="P2") | .contributes_to' base.json)" '["AX1"]' "json: contributions as codes"
check_equal "$(jq -r '.elements[] | select(.code=="P1") | .attributes.Enjeux' base.json)" "$(printf 'sobriété\naccessibilité')" "json: custom attribute with its line break"
check_equal "$(jq -r '.elements[] | select(.code=="P1") | .parent + " " + (.depth|tostring) + " " + .start + " " + .end' base.json)" "AX1 1 2025-09-01 2026-06-30" "json: parent, depth and dates"
check_equal "$(jq -c '.levels' base.json)" '[{"label":"Axe","count":2},{"label":"Projet","count":2}]' "json: counts per level"
check_equal "$(jq -c '.custom_columns' base.json)" '["Enjeux","Priorité"]' "json: custom columns in file order"
/usr/bin/python3 - "$SOURCE_ROOT/docs/plan.schema.json" base.json <<'PY'
import json, sys
import jsonschema
schema, doc = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
PY
ok $? "json: export follows docs/plan.schema.json"

done_testing
