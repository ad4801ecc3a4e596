#!/usr/bin/env python3
"""gen_plan.py — a deterministic synthetic plan CSV for benchmarks.

    gen_plan.py ELEMENTS [SEED] > plan.csv

Four levels (Axe → Objectif → Projet → Action) filled breadth-first up to ELEMENTS,
with descriptions, owners, partners, dates, budgets in French formats, statuses,
cross-branch contributions on projects and two custom columns, one multi-line.
"""
import random
import sys


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
    # Fan-out chosen so 10,000 elements give 10 axes, 90 objectives, 900 projects
    # and 9,000 actions.
    fanout = [10, 9, 10, 10]
    levels = ["Axe stratégique", "Objectif", "Projet", "Action"]
    owners = ["DSI", "VP numérique", "DRH", "Direction des études", "Bibliothèque", "RSSI",
              "DPD", "Direction financière", "à définir"]
    statuses = ["à lancer", "en cours", "réalisé", "suspendu"]
    out = sys.stdout
    out.write("code;parent;niveau;intitule;description;porteur;partenaires;beneficiaires;"
              "debut;fin;budget;statut;contribue_a;Enjeux;Priorité\n")
    rows = 0
    frontier = [None]
    projects = []
    for depth, n in enumerate(fanout):
        next_frontier = []
        for parent in frontier:
            for i in range(1, n + 1):
                if rows >= total:
                    break
                code = f"{parent}.{i}" if parent else f"A{i}"
                rows += 1
                start_year = rng.randint(2025, 2027)
                start = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{start_year}"
                end = f"{start_year + rng.randint(1, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                budget = ""
                if depth >= 2:
                    cents = rng.randint(1000, 50_000_000)
                    euros, c = divmod(cents, 100)
                    budget = f"{euros:,}".replace(",", "\u202f") + f",{c:02d} €" if rng.random() < 0.5 else f"{euros}.{c:02d}"
                contributes = ""
                if depth == 2 and projects and rng.random() < 0.3:
                    contributes = "|".join(sorted(set(rng.sample(projects[:50], min(2, len(projects[:50]))))))
                enjeux = '"sobriété numérique\naccessibilité"' if rng.random() < 0.1 else "continuité de service"
                title = f"{levels[depth]} {code} : moderniser le service numérique n°{rows}"
                out.write(f"{code};{parent or ''};{levels[depth]};{title};"
                          f"Description de {code}, avec des accents : élève, « guillemets »;"
                          f"{rng.choice(owners)};DSI|{rng.choice(owners)};étudiants et personnels;"
                          f"{start};{end};{budget};{rng.choice(statuses)};{contributes};{enjeux};{rng.randint(1, 4)}\n")
                next_frontier.append(code)
                if depth == 2:
                    projects.append(code)
        frontier = next_frontier


if __name__ == "__main__":
    main()
