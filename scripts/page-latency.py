#!/usr/bin/env python3
"""Latency of the web pages: 100 sequential GETs of each page against a running server.

Usage: scripts/page-latency.py http://127.0.0.1:8000   (prints a Markdown table: median, p95 in ms)
"""
import sys, time, urllib.request, statistics
base = sys.argv[1]
paths = ["/", "/?q=regionale+samenwerking", "/?q=regionale+samenwerking&soort=citaten", "/?q=samenwerkng",
         "/thema?q=regionale+samenwerking", "/artikel/dimensies-2019-regio/a4", "/persoon/jan-jansen",
         "/nummer/dimensies-2019-regio", "/citaat/dimensies-2019-regio/q39"]
for path in paths:
    times = []
    for _ in range(100):
        start = time.perf_counter()
        with urllib.request.urlopen(base + path) as response:
            response.read()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"| `{path}` | {statistics.median(times):.1f} | {times[94]:.1f} |")
