#!/usr/bin/env python3
"""How fast `dimensies serve` is ready on an existing index, and how much memory it holds.

Usage:
  python3 scripts/bench_serve.py build BINARY INDEX COPIES
      writes the law texts of ../shared/corpus COPIES times under different ids (as
      scripts/bench_scale.py does), ingests them into INDEX (timed), and removes the texts;
  python3 scripts/bench_serve.py measure BINARY INDEX [REPEATS] [SECONDS]
      REPEATS times (default 5): starts `serve` on a free loopback port and measures the time
      from the spawn until /healthz answers 200, the server's CPU time and resident memory
      (VmRSS, and its anonymous and file-backed parts) when ready; then runs wrk for SECONDS
      (default 3) on each of a search, an article listing with the articles' texts and an
      article page, and reads the memory again. Prints the median of each figure.

Servers listen on 127.0.0.1 only; every load is bounded (wrk -d). Not part of any test.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_peers import DIMENSIES_QUERY, cpu_seconds, free_port, lua_post, wrk  # noqa: E402
from bench_scale import timed_ingest, write_copies  # noqa: E402

LISTING_QUERY = "{ articles(first: 20) { nodes { title text issue { title } quotes { text } } } }"


def memory_mb(pid):
    """Returns VmRSS, RssAnon and RssFile of `pid` in MB."""
    figures = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                figures[name] = int(value.split()[0]) / 1024
    return figures


def build(binary, index, copies):
    texts = tempfile.mkdtemp(prefix="bench-serve-texts-")
    try:
        folder = os.path.join(texts, "laws")
        text_bytes, laws = write_copies(folder, copies)
        wall, user, system, max_kb = timed_ingest(binary, index, folder)
        print(
            f"{copies}x: {laws} laws, {text_bytes / 1e6:.0f} MB of text ingested in "
            f"{wall:.1f} s wall, {user + system:.1f} s CPU, peak {max_kb / 1024:.0f} MB"
        )
    finally:
        shutil.rmtree(texts, ignore_errors=True)


def wait_for_health(url, process, seconds=600.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except Exception:
            pass
        time.sleep(0.002)
    return False


def first_article_key(base):
    body = json.dumps({"query": "{ articles(first: 1) { nodes { key } } }"}).encode()
    request = urllib.request.Request(f"{base}/graphql", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["data"]["articles"]["nodes"][0]["key"]


def measure_once(binary, index, seconds, workdir, log_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    serve = subprocess.Popen(
        [binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=open(log_path, "w"),
        env={**os.environ, "RUST_LOG": "warn"},
    )
    try:
        if not wait_for_health(f"{base}/healthz", serve):
            with open(log_path) as log:
                sys.exit(f"bench-serve: serve did not start: {log.read()[-2000:]}")
        ready_ms = (time.monotonic() - started) * 1000
        figures = {"ready_ms": ready_ms, "start_cpu_ms": cpu_seconds(serve.pid) * 1000}
        for name, value in memory_mb(serve.pid).items():
            figures[f"ready_{name}"] = value
        search_lua = os.path.join(workdir, "search.lua")
        lua_post(search_lua, json.dumps({"query": DIMENSIES_QUERY, "variables": {"q": "beroepsonderwijs"}}))
        listing_lua = os.path.join(workdir, "listing.lua")
        lua_post(listing_lua, json.dumps({"query": LISTING_QUERY}))
        page_lua = os.path.join(workdir, "page.lua")
        with open(page_lua, "w") as lua:
            lua.write('wrk.method = "GET"\n')
        article = first_article_key(base)
        loads = [
            ("search", f"{base}/graphql", search_lua),
            ("listing", f"{base}/graphql", listing_lua),
            ("article page", f"{base}/artikel/{article}", page_lua),
        ]
        for name, url, lua in loads:
            result = wrk(url, lua, seconds, 16, 1, serve.pid)
            figures[f"{name} req/s"] = result["rps"]
            figures[f"{name} cpu_us"] = result["cpu_us"]
            if result["errors"]:
                figures[f"{name} errors"] = result["errors"]
        for name, value in memory_mb(serve.pid).items():
            figures[f"after_{name}"] = value
        return figures
    finally:
        serve.terminate()
        serve.wait(timeout=10)


def measure(binary, index, repeats, seconds):
    workdir = tempfile.mkdtemp(prefix="bench-serve-")
    try:
        runs = []
        for repeat in range(repeats):
            figures = measure_once(binary, index, seconds, workdir, os.path.join(workdir, "serve.log"))
            print(
                f"repeat {repeat + 1}: ready {figures['ready_ms']:.0f} ms "
                f"(start CPU {figures['start_cpu_ms']:.0f} ms), "
                f"RSS ready {figures['ready_VmRSS']:.0f} MB, after load {figures['after_VmRSS']:.0f} MB",
                flush=True,
            )
            runs.append(figures)
        print(f"medians of {repeats} starts on {index}:")
        for name in runs[0]:
            values = [run[name] for run in runs if name in run]
            print(f"  {name:<24} {statistics.median(values):>10.1f}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("build", "measure"):
        sys.exit(__doc__)
    command, binary, index = sys.argv[1:4]
    if command == "build":
        build(binary, index, int(sys.argv[4]) if len(sys.argv) > 4 else 10)
    else:
        repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
        seconds = int(sys.argv[5]) if len(sys.argv) > 5 else 3
        measure(binary, index, repeats, seconds)


if __name__ == "__main__":
    main()
