#!/bin/bash
# i18n.sh — the interface language: French by default, English with JALON_LANG=en
# (or the usual LANGUAGE / LANG), even when only the C.UTF-8 locale exists; the
# English catalogue is found through JALON_LOCALEDIR (the build tree's po/).
. "$TESTS_DIR/cli/lib.sh"

# Start from a known environment, whatever the developer's shell exports.
unset JALON_LANG LANGUAGE LC_MESSAGES LANG
export LC_ALL=C.UTF-8
: "${JALON_LOCALEDIR:?set JALON_LOCALEDIR to the po directory of the build}"

# run_with [VAR=VALUE…] -- JALON-ARGUMENTS…: like run, with extra environment.
run_with() {
	local assignments=()
	while [ "$1" != "--" ]; do
		assignments+=("$1")
		shift
	done
	shift
	env "${assignments[@]}" "$JALON" "$@" >"$WORK/.out" 2>"$WORK/.err"
	STATUS=$?
	OUT=$(cat "$WORK/.out")
	ERR=$(cat "$WORK/.err")
}

test -r "$JALON_LOCALEDIR/en/LC_MESSAGES/jalon.mo"
ok $? "the English catalogue is built at \$JALON_LOCALEDIR/en/LC_MESSAGES/jalon.mo"

DB=$WORK/plans.db
"$JALON" --db "$DB" init >/dev/null
printf 'code;parent;intitule\nA;;Axe A\n' >missing.csv
printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;;Axe;Axe B\nA;;Axe;Encore A\n' >duplicate.csv
printf 'code;parent;niveau;intitule\nAX1;;Axe;Axe A\nO1;ax1;Objectif;Casse\n' >near.csv
printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\n' >one.csv
printf 'code;parent;niveau;intitule\nA;;Axe;Axe A\nB;A;Objectif;Objectif B\n' >two.csv
"$JALON" --db "$DB" import one.csv --id un >/dev/null 2>&1
"$JALON" --db "$DB" import two.csv --id deux >/dev/null 2>&1

FR_MISSING="missing.csv : 1 erreur, rien n'a été importé
missing.csv:1: colonne obligatoire « niveau » absente (colonnes obligatoires : code, niveau, intitule)"
EN_MISSING="missing.csv: 1 error, nothing was imported
missing.csv:1: required column “niveau” is missing (required columns: code, niveau, intitule)"
FR_DUPLICATE="duplicate.csv:4: code « A » en double (déjà utilisé ligne 2)"
EN_DUPLICATE="duplicate.csv:4: duplicate code “A” (already used on line 2)"
FR_NEAR="near.csv:3: parent inconnu « ax1 » (vouliez-vous dire « AX1 » ?)"
EN_NEAR="near.csv:3: parent “ax1” not found (did you mean “AX1”?)"
FR_PLANS="1 élément|2 éléments"
EN_PLANS="1 element|2 elements"
FR_USAGE="Usage : jalon [--db CHEMIN] COMMANDE [OPTIONS]"
EN_USAGE="Usage: jalon [--db PATH] COMMAND [OPTIONS]"

# The element counts of `jalon plans`, last column, one plan per line, sorted.
plan_counts() { awk -F'\t' '{ print $NF }' <<<"$OUT" | sort | paste -sd'|'; }

# expect_language NAME LANG [VAR=VALUE…]: every checked message is in LANG (fr|en).
expect_language() {
	local name=$1 lang=$2
	shift 2
	local want_missing want_duplicate want_near want_plans want_usage
	if [ "$lang" = en ]; then
		want_missing=$EN_MISSING want_duplicate=$EN_DUPLICATE want_near=$EN_NEAR
		want_plans=$EN_PLANS want_usage=$EN_USAGE
	else
		want_missing=$FR_MISSING want_duplicate=$FR_DUPLICATE want_near=$FR_NEAR
		want_plans=$FR_PLANS want_usage=$FR_USAGE
	fi
	run_with "$@" -- --db "$DB" import missing.csv
	check_equal "$STATUS" 1 "$name: import error, exit status 1"
	check_equal "$ERR" "$want_missing" "$name: missing column and summary in $lang"
	run_with "$@" -- --db "$DB" import duplicate.csv
	check_contains "$ERR" "$want_duplicate" "$name: duplicate code in $lang"
	run_with "$@" -- --db "$DB" import near.csv
	check_contains "$ERR" "$want_near" "$name: unknown parent with a suggestion in $lang"
	run_with "$@" -- --db "$DB" plans
	check_equal "$STATUS:$(plan_counts)" "0:$want_plans" "$name: plural of elements in $lang"
	run_with "$@" -- --help
	check_equal "$STATUS:$(head -n 1 <<<"$OUT")" "0:$want_usage" "$name: --help in $lang"
}

expect_language "default (C.UTF-8)" fr
expect_language "JALON_LANG=en" en JALON_LANG=en
expect_language "JALON_LANG=fr" fr JALON_LANG=fr
expect_language "JALON_LANG=en_GB.UTF-8" en JALON_LANG=en_GB.UTF-8
expect_language "unknown JALON_LANG" fr JALON_LANG=klingon
expect_language "JALON_LANG empty" fr JALON_LANG=

# The usual variables work too, even in the C locale where GNU gettext ignores LANGUAGE.
expect_language "LANGUAGE=en" en LANGUAGE=en
expect_language "LANGUAGE=en, C locale" en LANGUAGE=en LC_ALL=C
expect_language "LANGUAGE=de:en" en LANGUAGE=de:en
expect_language "LANG=en_US.UTF-8 (not installed)" en LC_ALL= LANG=en_US.UTF-8
expect_language "LC_ALL=C" fr LC_ALL=C
# JALON_LANG wins over everything else.
expect_language "JALON_LANG=fr over LANGUAGE=en" fr JALON_LANG=fr LANGUAGE=en LANG=en_GB.UTF-8

# English asked for but no catalogue: French, no crash.
expect_language "no catalogue" fr JALON_LANG=en JALON_LOCALEDIR="$WORK/nowhere"

# English output is UTF-8 even when the C locale would mean ASCII.
run_with JALON_LANG=en LC_ALL=C -- --db "$DB" import near.csv
check_contains "$ERR" "“AX1”" "English in the C locale: curly quotes in UTF-8"

# An unknown option on the global command line (main.c) in each language, and no
# French space before a colon anywhere in English import errors.
run_with -- --frobnicate
check_equal "$STATUS" 2 "unknown option in French: exit status 2"
check_contains "$ERR" "option inconnue « --frobnicate »" "unknown option in French"
run_with JALON_LANG=en -- --frobnicate
check_equal "$STATUS" 2 "unknown option in English: exit status 2"
check_contains "$ERR" "unknown option “--frobnicate”" "unknown option in English"
run_with JALON_LANG=en -- --db "$DB" import near.csv
case "$ERR" in
*" :"* | *"«"* | *"»"*) ok 1 "English errors: no French spacing or guillemets"; diag <<<"$ERR" ;;
*) ok 0 "English errors: no French spacing or guillemets" ;;
esac

done_testing
