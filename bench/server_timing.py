#!/usr/bin/env python3
"""server_timing.py — server time of pages, read from jalon's Server-Timing header.

    python3 bench/server_timing.py BASE_URL COUNT LABEL=PATH [LABEL=PATH…]

For each page, COUNT requests on one keep-alive connection (the first one apart: it
may have to load the plan); prints one line per page, tab-separated:
label, first request (ms), median, p99, max (ms over the following requests), bytes.
A PATH with '|' separated alternatives is requested round-robin (e.g. the dashboards
of many plans, so that no view is reused).
"""
import http.client
import re
import statistics
import sys
import urllib.parse

TIMING = re.compile(r"app;dur=([0-9.]+)")


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    base = urllib.parse.urlsplit(sys.argv[1])
    count = int(sys.argv[2])
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    for spec in sys.argv[3:]:
        label, _, paths = spec.partition("=")
        paths = paths.split("|")
        times, size = [], 0
        for i in range(count + 1):
            conn.request("GET", paths[i % len(paths)])
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                sys.exit(f"{label}: HTTP {response.status} for {paths[i % len(paths)]}")
            match = TIMING.search(response.getheader("Server-Timing") or "")
            if not match:
                sys.exit(f"{label}: no Server-Timing header")
            times.append(float(match.group(1)))
            size = len(body)
        rest = times[1:]
        print(f"{label}\t{times[0]:.2f}\t{statistics.median(rest):.2f}\t"
              f"{percentile(rest, 99):.2f}\t{max(rest):.2f}\t{size}")


if __name__ == "__main__":
    main()
