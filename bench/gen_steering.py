#!/usr/bin/env python3
"""gen_steering.py OUTDIR [ELEMENTS] [MILESTONES] [LINES] [SEED] — a deterministic plan
with steering data for benchmarks: plan.csv (four levels), budget.csv and
milestones.csv in jalon's formats (docs/formats.md), spread over the leaves."""
import os
import random
import sys

out = sys.argv[1]
elements = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
milestones = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
lines = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
os.makedirs(out, exist_ok=True)

codes, leaves = [], []
with open(os.path.join(out, "plan.csv"), "w", encoding="utf-8") as f:
    f.write("code;parent;niveau;intitule;debut;fin\n")
    axes = max(1, elements // 200)
    n = 0
    for a in range(axes):
        if n >= elements:
            break
        ax = f"AX{a + 1}"
        f.write(f"{ax};;Axe;Axe {a + 1};;\n")
        n += 1
        p = 0
        while n < elements and p < 199 // 10 * 10:
            p += 1
            pr = f"{ax}.P{p}"
            y = rng.randint(2025, 2027)
            f.write(f"{pr};{ax};Projet;Projet {pr};{y}-01-01;{y + 1}-12-31\n")
            n += 1
            leaves.append(pr)
            for k in range(9):
                if n >= elements:
                    break
                ac = f"{pr}.{k + 1}"
                m = rng.randint(1, 12)
                f.write(f"{ac};{pr};Action;Action {ac};{y}-{m:02d}-01;{y + 1}-{m:02d}-28\n")
                n += 1
                leaves.append(ac)
sources = ["État", "Région", "CPER", "FEDER", "ressources propres", "France 2030"]
with open(os.path.join(out, "budget.csv"), "w", encoding="utf-8") as f:
    f.write("code;annee;nature;source;prevu;engage;realise\n")
    for i in range(lines):
        planned = rng.randint(1000, 900000)
        committed = rng.randint(0, planned)
        paid = rng.randint(0, committed)
        f.write(f"{rng.choice(leaves)};{rng.randint(2025, 2029)};{rng.choice(['investissement', 'fonctionnement'])};"
                f"{rng.choice(sources)};{planned};{committed};{paid}\n")
with open(os.path.join(out, "milestones.csv"), "w", encoding="utf-8") as f:
    f.write("code;jalon;date_prevue;date_prevision;date_reelle;statut\n")
    for i in range(milestones):
        y, m, d = rng.randint(2025, 2028), rng.randint(1, 12), rng.randint(1, 28)
        done = rng.random() < 0.4
        f.write(f"{rng.choice(leaves)};Jalon {i + 1};{y}-{m:02d}-{d:02d};;"
                f"{f'{y}-{m:02d}-{d:02d}' if done else ''};{'atteint' if done else ''}\n")
