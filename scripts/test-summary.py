#!/usr/bin/env python3
"""test-summary.py — count every test case of a `make check` run.

Reads meson's testlog.json files (one JSON object per test program) and extra TAP
files. A TAP program counts each `ok` / `not ok` line; a program that printed no TAP
result line counts as one case, passed or failed by its exit status; a TAP program
that crashed after some cases adds one failure. Prints the failed cases, then the
closing line `N passed, N failed` and exits 1 when anything failed.
"""
import json
import re
import sys

TAP_RESULT = re.compile(r"^(not ok|ok)\b(.*)$")


def count_tap(text):
    passed, failed, failures = 0, 0, []
    for line in text.splitlines():
        m = TAP_RESULT.match(line.strip())
        if not m:
            continue
        if m.group(1) == "ok":
            passed += 1
        else:
            failed += 1
            failures.append(line.strip())
    return passed, failed, failures


def main(argv):
    logs, taps = [], []
    args = iter(argv)
    for a in args:
        if a == "--tap":
            taps.append(next(args))
        else:
            logs.append(a)
    passed = failed = 0
    failures = []
    for path in logs:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.readlines()
        except OSError:
            failed += 1
            failures.append(f"{path}: no test log (the build or the run failed)")
            continue
        for line in lines:
            t = json.loads(line)
            p, n, fl = count_tap(t.get("stdout") or "")
            ok = t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
            if p + n == 0:
                p, n = (1, 0) if ok else (0, 1)
                if not ok:
                    fl = [f"{t['name']}: {t.get('result')}"]
            elif not ok and n == 0:
                n = 1
                fl = [f"{t['name']}: {t.get('result')} after {p} passing cases"]
            passed += p
            failed += n
            failures += [f"{t['name']}: {x}" if not x.startswith(t["name"]) else x for x in fl]
    for path in taps:
        with open(path, encoding="utf-8") as f:
            p, n, fl = count_tap(f.read())
        passed += p
        failed += n
        failures += fl
    for f in failures:
        print("FAILED:", f)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
