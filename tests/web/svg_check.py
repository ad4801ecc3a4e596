#!/usr/bin/env python3
"""svg_check.py — the dashboard's charts served alone: /plans/{plan}/budget.svg and
/plans/{plan}/roadmap.svg.

Speaks TAP. Starts `jalon ui` on a fresh database holding a small plan whose answer is
known (four elements with a rolled start and end, two without; three milestones, one
late; budget lines over two years), then checks that both URLs answer
image/svg+xml; charset=utf-8 with well-formed XML (xml.etree), that each <svg> has
role="img" and aria-labelledby naming a non-empty <title> and <desc>, that the
roadmap has exactly one bar per dated element and one mark per milestone, each with
a <title>, that the late milestone says "en retard" in text (and "late" in English),
and that text with < & " survives escaping.

Environment: JALON (the binary; default build-dev/jalon), JALON_LANG, LC_ALL.
Everything stays on 127.0.0.1; proxies are ignored.
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
results = []

PLAN = """code;parent;niveau;intitule;debut;fin
A;;Axe;Axe <A> & "guillemets";2025-01-01;2026-12-31
A.1;A;Projet;Projet daté;2025-03-01;2025-09-30
A.2;A;Projet;Projet daté par son action;;
A.2.a;A.2;Action;Action datée;2026-01-15;2026-06-30
B;;Axe;Axe sans fin;;
B.1;B;Projet;Début seulement;2027-01-01;
"""
DATED = ["A", "A.1", "A.2", "A.2.a"]  # rolled start and end: one bar each, in this order

MILESTONES = """code;jalon;date_prevue;date_prevision;date_reelle;statut
A.1;Lancement <b>;01/04/2025;;02/04/2025;
A.2.a;Recette & "test";01/03/2026;15/05/2026;;
B.1;Jalon d'un élément sans dates;01/02/2027;;;
"""

BUDGET = """code;annee;nature;source;prevu;engage;realise
A.1;2025;investissement;État;120000;80000;25000
A.2.a;2026;fonctionnement;Région;30000;;
"""


def check(ok, description, why=""):
    results.append(bool(ok))
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {description}")
    for line in str(why).splitlines() if not ok else []:
        print(f"# {line}")
    return ok


def classes(e):
    return (e.get("class") or "").split()


def title_of(e):
    t = e.find(SVG + "title")
    return "".join(t.itertext()).strip() if t is not None else ""


def fetch(opener, url):
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def check_svg(opener, base, path, name):
    """Fetch, check the type, parse, check the text alternative; the root or None."""
    status, ctype, body = fetch(opener, base + path)
    check(status == 200, f"{name}: GET {path} answers 200", f"status {status}")
    check(ctype == "image/svg+xml; charset=utf-8", f"{name}: Content-Type image/svg+xml; charset=utf-8",
          f"got {ctype!r}")
    try:
        root = ET.fromstring(body)
        check(True, f"{name}: well-formed XML")
    except ET.ParseError as e:
        check(False, f"{name}: well-formed XML", f"{e}\n{body[:400]!r}")
        return None
    check(root.tag == SVG + "svg" and root.get("role") == "img",
          f"{name}: the root is an <svg> in the SVG namespace with role=img", root.tag)
    ids = (root.get("aria-labelledby") or "").split()
    found = {e.get("id"): e for e in root.iter() if e.get("id")}
    named = [found.get(i) for i in ids]
    check(len(ids) == 2 and all(e is not None for e in named) and
          [e.tag for e in named] == [SVG + "title", SVG + "desc"] and
          all("".join(e.itertext()).strip() for e in named),
          f"{name}: aria-labelledby names its non-empty <title> and <desc>", f"ids {ids}")
    return root


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    jalon = os.path.abspath(os.environ.get("JALON") or os.path.join(here, "..", "..", "build-dev", "jalon"))
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.setdefault("JALON_LANG", "fr")
    env.setdefault("LC_ALL", "C.UTF-8")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with tempfile.TemporaryDirectory(prefix="jalon-svg-") as tmp:
        db = os.path.join(tmp, "jalon.db")
        files = {"plan.csv": PLAN, "jalons.csv": MILESTONES, "budget.csv": BUDGET}
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        run = lambda *args: subprocess.run([jalon, "--db", db, *args], env=env, cwd=tmp,
                                           capture_output=True, text=True)
        for args in (["init"], ["import", "plan.csv", "--id", "essai"],
                     ["import-milestones", "essai", "jalons.csv"],
                     ["import-budget", "essai", "budget.csv"]):
            r = run(*args)
            if r.returncode != 0:
                check(False, f"jalon {' '.join(args)}", r.stderr)
                print(f"1..{len(results)}")
                return 1
        server = subprocess.Popen([jalon, "--db", db, "ui", "--listen", "127.0.0.1:0"], env=env,
                                  cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not check(m, "jalon ui prints its address", line):
                print(f"1..{len(results)}")
                return 1
            base = f"http://127.0.0.1:{m.group(1)}"
            run_checks(opener, base)
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


def run_checks(opener, base):
    # The budget: three bars (planned, committed, paid) per year, each with its amount.
    root = check_svg(opener, base, "/plans/essai/budget.svg", "budget.svg")
    if root is not None:
        bars = [e for e in root.iter(SVG + "rect") if "budget-bar" in classes(e)]
        check(len(bars) == 6, "budget.svg: three bars for each of the two years", f"{len(bars)} bars")
        check(all(title_of(b) for b in bars), "budget.svg: every bar has a <title>")
        check(any("120\u202f000,00\u00a0€" in title_of(b) for b in bars),
              "budget.svg: a bar's <title> gives the amount in full (120 000,00 €)",
              [title_of(b) for b in bars])
        patterns = [e.get("id") for e in root.iter(SVG + "pattern")]
        check(len(patterns) >= 2, "budget.svg: the series differ by pattern, not colour alone", patterns)

    # The roadmap, with today fixed so that lateness does not depend on the day.
    root = check_svg(opener, base, "/plans/essai/roadmap.svg?today=2026-01-01", "roadmap.svg")
    if root is not None:
        bars = [g for g in root.iter(SVG + "g") if "gantt-bar" in classes(g)]
        check(len(bars) == len(DATED), f"roadmap.svg: one bar per dated element ({len(DATED)})",
              f"{len(bars)} bars: {[title_of(b) for b in bars]}")
        check(all(title_of(b) for b in bars) and all(b.find(SVG + "rect") is not None for b in bars),
              "roadmap.svg: every bar is a <rect> with a <title>")
        codes = [title_of(b).split(" ")[0] for b in bars]
        check(codes == DATED, "roadmap.svg: the bars are the dated elements, in plan order", codes)
        check('Axe <A> & "guillemets"' in title_of(bars[0]) if bars else False,
              "roadmap.svg: a title with < & \" is escaped and reads back as typed",
              title_of(bars[0]) if bars else "")
        marks = [g for g in root.iter(SVG + "g") if "gantt-milestone" in classes(g)]
        check(len(marks) == 3, "roadmap.svg: one mark per milestone (3)", f"{len(marks)} marks")
        check(all(title_of(g) for g in marks) and all(g.find(SVG + "path") is not None for g in marks),
              "roadmap.svg: every milestone is a diamond with a <title>")
        check(any(title_of(g).startswith("Lancement <b>") for g in marks),
              "roadmap.svg: a milestone's <title> names it", [title_of(g) for g in marks])
        late = [g for g in marks if "gantt-late" in classes(g)]
        check(len(late) == 1 and "Recette" in title_of(late[0]),
              "roadmap.svg: exactly the forecast-past-planned milestone is late", [title_of(g) for g in late])
        check(late and "en retard" in title_of(late[0]) and
              any("en retard" in "".join(t.itertext()) for t in late[0].iter(SVG + "text")),
              "roadmap.svg: the late milestone says « en retard » in its title and in visible text")
        years = sorted("".join(t.itertext()) for t in root.iter(SVG + "text") if "gantt-year" in classes(t))
        check(years == ["2025", "2026", "2027"], "roadmap.svg: a tick per year on the time axis", years)
        check(any("gantt-today" in classes(g) for g in root.iter(SVG + "g")),
              "roadmap.svg: a line marks today")

    status, _, body = fetch(opener, base + "/plans/essai/roadmap.svg?today=2026-01-01&lang=en")
    try:
        root = ET.fromstring(body)
        late = [g for g in root.iter(SVG + "g") if "gantt-late" in classes(g)]
        text = "".join("".join(t.itertext()) for g in late for t in g.iter(SVG + "text"))
        check(status == 200 and text == "late" and "en retard" not in body.decode(),
              "roadmap.svg in English: the late mark says « late »", text)
    except ET.ParseError as e:
        check(False, "roadmap.svg in English: well-formed XML", e)

    for path in ("/plans/inconnu/roadmap.svg", "/plans/inconnu/budget.svg"):
        status, _, _ = fetch(opener, base + path)
        check(status == 404, f"GET {path} answers 404 for an unknown plan", status)


if __name__ == "__main__":
    sys.exit(main())
