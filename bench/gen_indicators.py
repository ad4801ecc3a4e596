#!/usr/bin/env python3
"""gen_indicators.py OUTDIR [INDICATORS] [MEASUREMENTS] [SEED] — a deterministic
indicator catalogue and measurement file for benchmarks, in jalon's formats
(docs/formats.md): catalogue.csv (INDICATORS indicators in the six default families,
a baseline and two targets each, measuring the whole plan) and measurements.csv
(MEASUREMENTS values spread over the indicators, one per indicator and day)."""
import datetime
import os
import random
import sys

out = sys.argv[1]
indicators = int(sys.argv[2]) if len(sys.argv) > 2 else 500
measurements = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
os.makedirs(out, exist_ok=True)
families = ["suivi de projet", "performance opérationnelle", "financier",
            "adoption et satisfaction", "sécurité et conformité", "environnement"]
directions = ["hausse", "baisse", "cible"]

with open(os.path.join(out, "catalogue.csv"), "w", encoding="utf-8") as f:
    f.write("code;nom;famille;unite;sens;frequence;valeur_initiale;date_initiale;"
            "cible;date_cible;cible;date_cible;tolerance;elements\n")
    for i in range(indicators):
        base = rng.randint(35, 60)
        step = -15 if directions[i % 3] == "baisse" else 15
        f.write(f"I{i + 1};Indicateur {i + 1};{families[i % len(families)]};%;"
                f"{directions[i % 3]};mensuelle;{base};2024-01-01;{base + step};2026-12-31;"
                f"{base + 2 * step};2028-12-31;{rng.randint(1, 5)};\n")

start = datetime.date(2024, 1, 1)
per = max(1, measurements // indicators)
with open(os.path.join(out, "measurements.csv"), "w", encoding="utf-8") as f:
    f.write("code;date;valeur;commentaire\n")
    n = 0
    for i in range(indicators):
        for k in range(per):
            if n >= measurements:
                break
            day = start + datetime.timedelta(days=k)
            f.write(f"I{i + 1};{day.isoformat()};{rng.randint(0, 100)},{rng.randint(0, 9)};\n")
            n += 1
