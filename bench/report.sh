#!/bin/sh
# bench/report.sh — issue 6's report figures: `jalon report` as PDF and as workbook,
# and `jalon summary` as PDF, on the 121-element regional plan
# (tests/data/regional.csv) with dates, budget lines, milestones, weather, an indicator
# and a committee.
#
#   sh bench/report.sh [RUNS]            (JALON=build/jalon by default)
#
# Prints, median and minimum over RUNS runs (7 by default), the whole process: open the
# database, roll the plan up, evaluate the indicators, read the committees and the
# changes, lay the document out (twice for the PDF: once to measure, once to draw) and
# write it. The bar of issue 6: well under 2 s for the PDF.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-7}
JALON=${JALON:-build/jalon}
out=bench/out/report
rm -rf "$out"
mkdir -p "$out"
db=$out/r.db
"$JALON" --db "$db" init >/dev/null
awk -F';' 'BEGIN { OFS = ";" } NR == 1 { print $0, "debut", "fin"; next }
	{ n = NR % 3; s[0] = "2025-01-01"; e[0] = "2026-12-31"; s[1] = "2025-06-01"; e[1] = "2027-06-30";
	  s[2] = "2026-01-01"; e[2] = "2028-06-30"; print $0, s[n], e[n] }' \
	tests/data/regional.csv >"$out/plan.csv"
"$JALON" --db "$db" import "$out/plan.csv" --id region --title "Stratégie numérique régionale" >/dev/null 2>&1
"$JALON" --db "$db" plan region --envelope 5000000 >/dev/null 2>&1
# One budget line and one milestone per action.
awk -F';' 'NR > 1 && $3 == "Action" { printf "%s;%d;%s;%s;%d;%d;\n", $1, 2025 + NR % 3, NR % 2 ? "investissement" : "fonctionnement", NR % 2 ? "État" : "Région", 10000 + NR * 37, 5000 }
	BEGIN { print "code;annee;nature;source;prevu;engage;realise" }' tests/data/regional.csv >"$out/budget.csv"
awk -F';' 'NR > 1 && $3 == "Action" { printf "%s;Livraison;2026-%02d-15;;;\n", $1, 1 + NR % 12 }
	BEGIN { print "code;jalon;date_prevue;date_prevision;date_reelle;statut" }' tests/data/regional.csv >"$out/ms.csv"
"$JALON" --db "$db" import-budget region "$out/budget.csv" 2>/dev/null
"$JALON" --db "$db" import-milestones region "$out/ms.csv" 2>/dev/null

ms() { awk '{ v[NR] = $1 } END { printf "median %.1f ms  min %.1f ms", v[int((NR + 1) / 2)] / 1000, v[1] / 1000 }'; }

measure() { # LABEL ARGS…
	label=$1
	shift
	: >"$out/times"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$JALON" --db "$db" "$@" >/dev/null
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000 )) >>"$out/times"
		i=$((i + 1))
	done
	echo "$label  $(sort -n "$out/times" | ms)"
}

measure "report PDF, 121 elements (whole process)   " report region --today 2026-03-01 --output "$out/r.pdf"
echo "  $(pdfinfo "$out/r.pdf" 2>/dev/null | grep '^Pages:' || true)"
measure "report XLSX, 121 elements (whole process)  " report region --today 2026-03-01 --output "$out/r.xlsx"
measure "summary PDF, 77 actions (whole process)    " summary region --level Action --output "$out/s.pdf"
