#!/usr/bin/env python3
"""openapi_check.py — docs/openapi.json against the OpenAPI 3.0 schema and the router.

Speaks TAP. Checks that the document is JSON, that it validates against the official
OpenAPI 3.0 JSON Schema (Debian's openapi-specification package, read with
python3-jsonschema; skipped when absent), that every local $ref resolves, and that the
/api/v1 routes of src/web/router.c and the documented operations are the same set.
Usage: openapi_check.py SOURCE_ROOT
"""
import json
import os
import re
import sys

SCHEMA = "/usr/share/openapi-specification/schemas/v3.0/schema.json"
results = []


def check(ok, description, why=""):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {description}")
    for line in str(why).splitlines() if not ok else []:
        print(f"# {line}")


def main():
    root = sys.argv[1]
    try:
        with open(os.path.join(root, "docs", "openapi.json"), encoding="utf-8") as f:
            doc = json.load(f)
        check(True, "docs/openapi.json is JSON")
    except (OSError, ValueError) as e:
        check(False, "docs/openapi.json is JSON", e)
        print(f"1..{len(results)}")
        return 1

    if os.path.exists(SCHEMA):
        import jsonschema
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
        check(not errors, "valid against the OpenAPI 3.0 schema",
              "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]))
    else:
        results.append(True)
        print(f"ok {len(results)} - valid against the OpenAPI 3.0 schema # SKIP {SCHEMA} absent "
              "(scripts/install-deps.sh installs it)")

    def resolves(ref):
        node = doc
        for key in ref[2:].split("/"):
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True
    refs = set(re.findall(r'"\$ref": "(#/[^"]+)"', json.dumps(doc)))
    broken = sorted(r for r in refs if not resolves(r))
    check(not broken, f"every $ref resolves ({len(refs)})", "\n".join(broken))

    with open(os.path.join(root, "src", "web", "router.c"), encoding="utf-8") as f:
        routed = {(m.lower(), p) for m, p in
                  re.findall(r'\{\s*"([A-Z]+)",\s*"(/api/v1[^"]*)"', f.read())}
    check(len(routed) >= 9, f"router.c's /api/v1 routes found ({len(routed)})")
    documented = {(m, re.sub(r"\{[^}]+\}", "{}", p)) for p, item in doc["paths"].items()
                  for m in ("get", "put", "post", "patch", "delete") if m in item}
    missing = sorted(routed - documented)
    check(not missing, "every /api/v1 route of router.c is documented",
          "\n".join(f"{m.upper()} {p}" for m, p in missing))
    extra = sorted(documented - routed)
    check(not extra, "every documented operation is routed",
          "\n".join(f"{m.upper()} {p}" for m, p in extra))
    print(f"1..{len(results)}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
