#!/bin/bash
# real_indicators.sh — the 20 indicators of a real plan (DOMAIN.md §6: five families of
# four) imported on a small university plan with milestones, budget lines and progress,
# measured (out of order, with one correction), and each status checked at a fixed
# --today against the value computed by hand below (docs/indicators.md: the latest
# measurement against the expected path at that measurement's date; computed
# indicators valued at today). Arithmetic: expected = baseline + (target − baseline) ×
# days / total; shortfall = expected − v (hausse), v − expected (baisse), |v − e| (cible);
# on_track if shortfall ≤ t, at_risk if ≤ 2t, off_track beyond, no_data unmeasured.
. "$TESTS_DIR/cli/lib.sh"

TODAY=2025-10-01
DB=$WORK/r.db
"$JALON" --db "$DB" init >/dev/null
cat >plan.csv <<'CSV'
code;parent;niveau;intitule;debut;fin
A;;Axe;Des services numériques pour les étudiants et les personnels;;
P1;A;Projet;ENT nouvelle génération;2025-01-01;2026-06-30
P2;A;Projet;Dématérialisation des inscriptions;2025-01-01;2025-12-31
B;;Axe;Des infrastructures sûres et mutualisées;;
P3;B;Projet;Supervision du réseau et des serveurs;2025-03-01;2026-03-31
CSV
"$JALON" --db "$DB" import plan.csv --id sdn >/dev/null 2>&1
cat >budget.csv <<'CSV'
code;annee;nature;source;prevu;engage;realise
P1;2025;investissement;État;150000;140000;90000
P1;2026;investissement;État;50000;;
P2;2025;fonctionnement;ressources propres;100000;110000;60000
P3;2025;investissement;Région;100000;80000;50000
CSV
run --db "$DB" import-budget sdn budget.csv
check_equal "$STATUS" 0 "import-budget: the 4 lines are imported"
# Milestones m1–m8 in file order, at 01/10/2025: m1, m5 on time; m2 reached late; m6 due and not reached;
# m7 reached before its date; m3, m8 ahead; m4 cancelled.
cat >ms.csv <<'CSV'
code;jalon;date_prevue;date_prevision;date_reelle;statut
P1;Cahier des charges validé;2025-03-31;;2025-03-28;atteint
P1;Choix du prestataire;2025-06-30;;2025-07-15;atteint
P1;Recette;2025-12-15;;;
P1;Pilote sur une composante;2026-03-31;;;annulé
P2;Ouverture des inscriptions en ligne;2025-06-15;;2025-06-15;atteint
P2;Bilan de la campagne;2025-09-15;;;
P3;Marché notifié;2025-05-31;;2025-05-28;atteint
P3;Déploiement des sondes;2026-01-31;;;
CSV
run --db "$DB" import-milestones sdn ms.csv
check_equal "$STATUS" 0 "import-milestones: the 8 milestones are imported"
# Progress: no command-line import, so straight into the table the web form writes.
sqlite3 "$DB" "INSERT INTO element_status (element_id, progress_pct)
  SELECT e.id, CASE e.code WHEN 'P1' THEN 60 WHEN 'P2' THEN 30 ELSE 50 END
  FROM element e JOIN plan p ON p.id = e.plan_id
  WHERE p.slug = 'sdn' AND e.code IN ('P1', 'P2', 'P3')"

cat >catalogue.csv <<'CSV'
code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;cible;date_cible;tolerance;elements;formule;source;responsable
AV;Taux d'avancement du schéma directeur;suivi de projet;%;hausse;mensuelle;0;2025-01-01;100;2026-06-30;5;;avancement;jalon;DSI
RD;Respect des délais des jalons;suivi de projet;%;hausse;mensuelle;80;2025-01-01;95;2026-06-30;10;;respect-delais;jalon;DSI
JA;Jalons atteints / jalons prévus;suivi de projet;%;hausse;mensuelle;0;2025-01-01;100;2025-12-31;10;;jalons-atteints;jalon;DSI
RB;Taux de respect du budget (réalisé / prévu);suivi de projet;%;cible;trimestrielle;0;2025-01-01;100;2026-06-30;10;;respect-budget;jalon;DAF
AUTO;Taux d'automatisation des processus administratifs;performance opérationnelle;%;hausse;trimestrielle;20;2025-01-01;35;2025-12-31;3;;;cartographie des processus;DSI
AUTO;;;;;;;;50;2026-12-31;;;;;
DMT;Délai moyen de traitement des demandes d'assistance;performance opérationnelle;jours;baisse;mensuelle;5;2025-01-01;2;2025-12-31;0,5;;;outil de tickets;DSI
DISPO;Disponibilité de l'ENT;performance opérationnelle;%;cible;mensuelle;99,5;2025-01-01;99,5;2025-12-31;0,3;P1;;supervision;DSI
INCID;Incidents de production;performance opérationnelle;incidents/mois;baisse;mensuelle;12;2025-01-01;6;2025-12-31;1;;;outil de tickets;DSI
ROI;Retour sur investissement du programme;financier;%;hausse;annuelle;0;2025-01-01;15;2026-12-31;2;;;contrôle de gestion;DAF
TCO;Coût total de possession du SI par étudiant;financier;€/étudiant;baisse;annuelle;420;2024-12-31;390;2026-12-31;10;;;contrôle de gestion;DAF
ECO;Économies réalisées (mutualisation, renégociation);financier;€;hausse;annuelle;0;2025-01-01;250 000;2025-12-31;25 000;;;contrôle de gestion;DAF
ECO;;;;;;;;600 000;2026-12-31;;;;;
PB;Part des projets dans leur budget;financier;%;hausse;trimestrielle;75;2024-12-31;90;2025-12-31;10;;projets-dans-budget;jalon;DAF
PB;;;;;;;;100;2026-12-31;;;;;
USAGE;Taux d'usage de l'ENT;adoption et satisfaction;%;hausse;trimestrielle;42,5;2025-01-01;60;2025-12-31;5;P1;;journaux de connexion;DSI
USAGE;;;;;;;;75;2026-12-31;;;;;
SATIS;Satisfaction des usagers;adoption et satisfaction;%;hausse;annuelle;62;2024-06-30;75;2026-06-30;3;;;enquête annuelle;VP numérique
FORM;Taux de personnels formés aux nouveaux outils;adoption et satisfaction;%;hausse;semestrielle;10;2025-01-01;80;2026-06-30;5;;;SIRH formation;DRH
ADOPT;Délai d'adoption d'un nouveau service;adoption et satisfaction;jours;baisse;semestrielle;120;2025-01-01;90;2025-12-31;10;P2;;journaux de connexion;DSI
SECINC;Incidents de sécurité;sécurité et conformité;nombre;baisse;trimestrielle;12;2024-12-31;8;2025-12-31;2;;;SOC;RSSI
RGPD;Taux de conformité RGPD des traitements;sécurité et conformité;%;hausse;semestrielle;60;2025-01-01;100;2026-12-31;5;;;registre des traitements;DPO
VULN;Part des vulnérabilités critiques corrigées sous 30 jours;sécurité et conformité;%;hausse;mensuelle;70;2025-01-01;95;2025-12-31;5;;;scanner de vulnérabilités;RSSI
MTTD;Délai moyen de détection et de réponse;sécurité et conformité;heures;baisse;trimestrielle;;;48;2025-12-31;6;;;SOC;RSSI
MTTD;;;;;;;;24;2026-12-31;;;;;
CSV
run --db "$DB" import-indicators sdn catalogue.csv
check_equal "$STATUS" 0 "import-indicators: the 20 indicators are imported"
check_contains "$ERR" "20 indicateurs importés" "import-indicators: says 20"

# Out of order on purpose (AUTO, USAGE, SECINC), French numbers (ECO, DISPO, INCID).
cat >m.csv <<'CSV'
code;date;valeur;commentaire;source
AUTO;2025-06-30;27;;cartographie
AUTO;2025-03-31;22;;cartographie
DMT;2025-09-30;4,2;rentrée chargée;tickets
DISPO;2025-09-30;99,1 %;coupure électrique du 12/09;supervision
INCID;2025-08-31;9;;tickets
INCID;2025-09-30;7;;tickets
TCO;2025-06-30;405;clôture 2024;contrôle de gestion
ECO;2025-06-30;80 000;renégociation des licences;contrôle de gestion
USAGE;2025-06-30;51;;ENT
USAGE;2025-03-31;46;;ENT
SATIS;2025-06-30;61;enquête de juin;enquête
FORM;2025-07-01;45;;SIRH
ADOPT;2025-06-30;140;inscriptions en ligne;ENT
SECINC;2025-06-30;9;;SOC
SECINC;2025-03-31;11;;SOC
RGPD;2025-06-30;68;;registre
VULN;2025-09-30;78;;scanner
MTTD;2025-09-30;52;;SOC
CSV
run --db "$DB" import-measurements sdn m.csv
check_equal "$STATUS" 0 "import-measurements: imported"
check_contains "$ERR" "18 mesures importées" "import-measurements: says 18"
# A correction: INCID's September count was 9, not 7 (a late ticket).
printf 'code;date;valeur;commentaire\nINCID;2025-09-30;9;ticket requalifié\n' >fix.csv
run --db "$DB" import-measurements sdn fix.csv
check_equal "$STATUS" 0 "import-measurements: the correction is accepted"
check_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM measurement')" 18 "correction: no new measurement"

"$JALON" --db "$DB" indicators sdn --today $TODAY --format json >b.json
check_equal "$(jq '.indicators | length' b.json)" 20 "indicators: 20 on the board"
st() { jq -r --arg c "$1" '.indicators[] | select(.code == $c) | .status' b.json; }
# latest value × 100, rounded, to compare computed ratios without floating noise
lv() { jq -r --arg c "$1" '.indicators[] | select(.code == $c) | .latest_value | if . == null then "null" else . * 100 | round end' b.json; }
chk() { # code status value×100 why
	check_equal "$(st "$1")" "$2" "$1: $2 — $4"
	check_equal "$(lv "$1")" "$3" "$1: latest value"
}

# --- Suivi de projet (computed, valued at today 01/10/2025: day 273 of 2025) ---
# AV: P1 60 %, P2 30 %, weighted by planned budget 200 000 / 100 000 € (not by count,
# 45): A = (60×200000 + 30×100000)/300000 = 50; B = P3 = 50; plan = 50.
# Expected 0 + 100 × 273/545 = 50.09; shortfall 0.09 ≤ 5 → on_track.
chk AV on_track 5000 "50 vs 50.09 expected (tolerance 5)"
# RD: due milestones m1 m2 m5 m6 m7 (m3 m8 ahead, m4 cancelled), held m1 m5 m7: 3/5 = 60.
# Expected 80 + 15 × 273/545 = 87.51; shortfall 27.51 > 2×10 → off_track.
chk RD off_track 6000 "60 vs 87.51 expected (tolerance 10)"
# JA: 7 milestones without the cancelled m4, reached m1 m2 m5 m7: 4/7 = 57.14.
# Expected 100 × 273/364 = 75; shortfall 17.86, > 10 and ≤ 20 → at_risk.
chk JA at_risk 5714 "57.14 vs 75 expected (tolerance 10)"
# RB: paid 90000 + 60000 + 50000 = 200000 of 400000 planned = 50 (close to target).
# Expected 100 × 273/545 = 50.09; |50 − 50.09| = 0.09 ≤ 10 → on_track.
chk RB on_track 5000 "50 vs 50.09 expected (tolerance 10)"

# --- Performance opérationnelle ---
# AUTO: latest by date 30/06 (27), not the line entered last (22 on 31/03).
# Expected 20 + 15 × 180/364 = 27.42; shortfall 0.42 ≤ 3 → on_track.
chk AUTO on_track 2700 "27 vs 27.42 expected (tolerance 3)"
# DMT (lower is better): expected 5 − 3 × 272/364 = 2.76; 4.2 − 2.76 = 1.44 > 2×0.5.
chk DMT off_track 420 "4.2 days vs 2.76 expected (tolerance 0.5)"
# DISPO (close to target): expected 99.5 throughout; |99.1 − 99.5| = 0.4, > 0.3, ≤ 0.6.
chk DISPO at_risk 9910 "99.1 vs 99.5 (tolerance 0.3)"
# INCID corrected 7 → 9 on 30/09: expected 12 − 6 × 272/364 = 7.52; 9 − 7.52 = 1.48,
# > 1 and ≤ 2 → at_risk (the uncorrected 7 would have been on track).
chk INCID at_risk 900 "corrected 9 vs 7.52 expected (tolerance 1)"

# --- Financier ---
# ROI: yearly, never measured yet → no_data.
chk ROI no_data null "no measurement"
# TCO (lower is better): expected 420 − 30 × 181/730 = 412.56; 405 − 412.56 = −7.56 (ahead).
chk TCO on_track 40500 "405 € vs 412.56 expected (ahead)"
# ECO: expected 250000 × 180/364 = 123 626.37; shortfall 43 626.37, > 25 000, ≤ 50 000.
chk ECO at_risk 8000000 "80 000 € vs 123 626 expected (tolerance 25 000)"
# PB (computed): own lines P1 (140 000 ≤ 200 000), P2 (110 000 > 100 000), P3
# (80 000 ≤ 100 000): 2/3 = 66.67. Expected 75 + 15 × 274/365 = 86.26; shortfall
# 19.59, > 10 and ≤ 20 → at_risk.
chk PB at_risk 6667 "66.67 vs 86.26 expected (tolerance 10)"

# --- Adoption et satisfaction ---
# USAGE: latest 30/06 (51). Expected 42.5 + 17.5 × 180/364 = 51.15; shortfall 0.15 ≤ 5.
chk USAGE on_track 5100 "51 vs 51.15 expected (tolerance 5)"
# SATIS: expected 62 + 13 × 365/730 = 68.5; shortfall 7.5 > 2×3 → off_track.
chk SATIS off_track 6100 "61 vs 68.5 expected (tolerance 3)"
# FORM: expected 10 + 70 × 181/545 = 33.25; 45 is ahead → on_track.
chk FORM on_track 4500 "45 vs 33.25 expected (ahead)"
# ADOPT (lower is better): expected 120 − 30 × 180/364 = 105.16; 140 − 105.16 = 34.84 > 20.
chk ADOPT off_track 14000 "140 days vs 105.16 expected (tolerance 10)"

# --- Sécurité et conformité ---
# SECINC (lower): latest 30/06 (9); expected 12 − 4 × 181/365 = 10.02; 9 is ahead.
chk SECINC on_track 900 "9 vs 10.02 expected (ahead)"
# RGPD: expected 60 + 40 × 180/729 = 69.88; shortfall 1.88 ≤ 5 → on_track.
chk RGPD on_track 6800 "68 vs 69.88 expected (tolerance 5)"
# VULN: expected 70 + 25 × 272/364 = 88.68; shortfall 10.68 > 2×5 → off_track.
chk VULN off_track 7800 "78 vs 88.68 expected (tolerance 5)"
# MTTD: no baseline, so the path starts at the first target (48 h, which applies
# before it); 52 − 48 = 4 ≤ 6 → on_track.
chk MTTD on_track 5200 "52 h vs 48 expected before the first target (tolerance 6)"

check_equal "$(jq -c '[.indicators[] | .status] | group_by(.) | map([.[0], length])' b.json)" \
	'[["at_risk",5],["no_data",1],["off_track",5],["on_track",9]]' \
	"indicators: 9 on track, 5 at risk, 5 off track, 1 without data"

done_testing
