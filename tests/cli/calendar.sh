#!/bin/bash
# calendar.sh — `jalon calendar`: the plan's calendar as an iCalendar file, what a
# calendar application imports. Committees and meetings are written with sqlite3
# (their commands are tested elsewhere); milestones come from import-milestones.
# Checked: the events a member expects (meetings, milestones on the right day, the
# committee's scope), stable UIDs from one export to the next, CRLF lines of at most
# 75 octets, and clear refusals (unknown plan, unknown committee, unwritable file)
# that write nothing.
. "$TESTS_DIR/cli/lib.sh"

DB=$WORK/c.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule
A;;Axe;Usagers
P1;A;Projet;Portail
B;;Axe;Recherche
P2;B;Projet;Calcul
CSV
"$JALON" --db "$DB" import plan.csv --id sdn --title "Schéma directeur" >/dev/null 2>&1
cat >ms.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Recette du portail;2026-03-15;;2026-03-18;atteint
P2;Cluster livré;2026-05-01;2026-06-15;;a-venir
CSV
"$JALON" --db "$DB" import-milestones sdn ms.csv >/dev/null 2>&1
P1=$(sqlite3 "$DB" "SELECT id FROM element WHERE code = 'P1'")
sqlite3 "$DB" "INSERT INTO instance (id, plan_id, kind, name, position) VALUES
  (1, 1, 'pilotage', 'COPIL SDN', 0), (2, 1, 'operationnel', 'Comité portail', 1);
INSERT INTO instance_element (instance_id, element_id, position) VALUES (2, $P1, 0);
INSERT INTO meeting (id, instance_id, held_on, start_minute, duration_min, place, status)
  VALUES (7, 1, '2026-04-01', 840, 90, 'Salle du conseil, bâtiment A', 'prevue'),
         (8, 2, '2026-04-08', NULL, NULL, NULL, 'tenue');
INSERT INTO agenda_item (meeting_id, position, title) VALUES (7, 0, 'Avancement; budget');"

run --db "$DB" calendar sdn
check_equal "$STATUS" 0 "calendar: exits 0"
ICS=$(printf '%s' "$OUT" | tr -d '\r')
check_contains "$ICS" "BEGIN:VCALENDAR" "calendar: an iCalendar document"
check_contains "$ICS" "X-WR-CALNAME:Schéma directeur" "calendar: named after the plan"
check_contains "$ICS" "UID:meeting-7@sdn.jalon" "calendar: the COPIL's meeting"
check_contains "$ICS" "DTSTART;TZID=Europe/Paris:20260401T140000" "calendar: at 14:00, Paris time"
check_contains "$ICS" "DTEND;TZID=Europe/Paris:20260401T153000" "calendar: for 90 minutes"
check_contains "$ICS" "LOCATION:Salle du conseil\\, bâtiment A" "calendar: the place, escaped"
check_contains "$ICS" "Avancement\\; budget" "calendar: the agenda in the description"
check_contains "$ICS" "DTSTART;VALUE=DATE:20260408" "calendar: a meeting without time lasts the day"
check_contains "$ICS" "SUMMARY:Jalon : Recette du portail (P1)" "calendar: a milestone, with its element's code"
check_contains "$ICS" "DTSTART;VALUE=DATE:20260318" "calendar: a reached milestone on its actual date"
check_contains "$ICS" "DTSTART;VALUE=DATE:20260615" "calendar: a coming one on its forecast"
check_equal "$(printf '%s' "$ICS" | grep -c '^BEGIN:VEVENT')" 4 "calendar: two meetings, two milestones"
# Every line ends in CRLF and has at most 75 octets.
BAD=$(LC_ALL=C awk '{ if (substr($0, length($0)) != "\r" || length($0) > 76) n++ } END { print n + 0 }' "$WORK/.out")
check_equal "$BAD" 0 "calendar: CRLF lines of at most 75 octets"
UIDS1=$(printf '%s' "$ICS" | grep '^UID:' | sort)

run --db "$DB" calendar sdn --instance "comité PORTAIL" --output portail.ics
check_equal "$STATUS" 0 "calendar --instance --output: exits 0"
check_equal "$OUT" "" "calendar --output: nothing on standard output"
PORTAIL=$(tr -d '\r' <portail.ics)
check_contains "$PORTAIL" "X-WR-CALNAME:Schéma directeur — Comité portail" "calendar --instance: named after the committee"
check_equal "$(printf '%s' "$PORTAIL" | grep '^UID:' | sort | tr '\n' ' ')" \
	"UID:meeting-8@sdn.jalon UID:milestone-1@sdn.jalon " \
	"calendar --instance: its meetings and the milestones of its branch only"

run --db "$DB" calendar sdn
check_equal "$(printf '%s' "$OUT" | tr -d '\r' | grep '^UID:' | sort)" "$UIDS1" "calendar: the same UIDs at the next export"

BEFORE=$(db_fingerprint "$DB")
run --db "$DB" calendar sdn --instance "Conseil" --output x.ics
check_equal "$STATUS" 1 "calendar --instance unknown: exits 1"
check_contains "$ERR" "aucune instance « Conseil » dans le plan « sdn »" "calendar --instance unknown: says which"
check_equal "$([ -e x.ics ] && echo written || echo none)" "none" "calendar --instance unknown: no file written"
run --db "$DB" calendar nope
check_equal "$STATUS" 1 "calendar: unknown plan exits 1"
check_contains "$ERR" "nope" "calendar: unknown plan named"
run --db "$DB" calendar sdn --output "$WORK/missing/dir/x.ics"
check_equal "$STATUS" 1 "calendar: an unwritable file exits 1"
check_contains "$ERR" "missing/dir/x.ics" "calendar: the unwritable file named"
run --db "$DB" calendar
check_equal "$STATUS" 2 "calendar: a plan is required"
check_equal "$(db_fingerprint "$DB")" "$BEFORE" "calendar: never changes the database"
check_contains "$("$JALON" calendar --help)" "--instance NOM" "calendar --help: documents its options"

done_testing
