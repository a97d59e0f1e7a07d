#!/usr/bin/env python3
"""Scale check: the law corpus ingested COPIES times under different ids, against once.

Usage: python3 scripts/bench_scale.py BINARY [COPIES] [SECONDS]

For 1 copy and for COPIES copies: ingest time and text MB/s, index size per document,
`serve` ready time and resident memory, and per query of issue 11 the requests/s, p99 and
server CPU per request under wrk (1 thread, 16 connections). Servers listen on 127.0.0.1 only;
every load is bounded. Not part of any test.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_peers import DIMENSIES_QUERY, QUERIES, free_port, lua_post, rss_mb, wait_until_up, wrk  # noqa: E402

CORPUS = "../shared/corpus/laws-nl-onderwijs-sample.jsonl"


def write_copies(folder, copies):
    os.makedirs(folder)
    total = 0
    with open(CORPUS) as lines:
        laws = [json.loads(line) for line in lines]
    for copy in range(copies):
        for law in laws:
            name = f"{law['id']}-c{copy}"
            with open(os.path.join(folder, f"{name}.txt"), "w") as text:
                text.write(law["text"])
            total += len(law["text"].encode())
            with open(os.path.join(folder, f"{name}.meta.json"), "w") as meta:
                json.dump({"id": name, "series": "Wetten", "title": law["title"]}, meta)
    return total, len(laws) * copies


def timed_ingest(binary, index, folder):
    """Ingests `folder` into `index` under /usr/bin/time: (wall s, user s, system s, peak kB)."""
    started = time.monotonic()
    timed = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", binary, "ingest", "--index", index, folder],
        capture_output=True,
        text=True,
        env={**os.environ, "RUST_LOG": "warn"},
    )
    wall = time.monotonic() - started
    if timed.returncode != 0:
        sys.exit(f"{os.path.basename(sys.argv[0])}: ingest failed: {timed.stderr[-2000:]}")
    user, system, max_kb = timed.stderr.strip().splitlines()[-1].split()
    return wall, float(user), float(system), int(max_kb)


def measure(binary, copies, seconds, workdir):
    texts = os.path.join(workdir, f"texts-{copies}")
    index = os.path.join(workdir, f"index-{copies}")
    text_bytes, laws = write_copies(texts, copies)
    ingest_seconds, user, system, max_kb = timed_ingest(binary, index, texts)
    stats = json.loads(subprocess.run([binary, "stats", "--index", index], capture_output=True, text=True).stdout)
    documents = stats["documents"]
    size = stats["bytes_on_disk"]
    print(
        f"{copies}x: {laws} laws, {text_bytes / 1e6:.0f} MB of text; ingest {ingest_seconds:.1f} s wall, "
        f"{user + system:.1f} s CPU ({text_bytes / 1e6 / (user + system):.2f} MB/s of CPU), "
        f"peak {max_kb / 1024:.0f} MB; index {size / 1e6:.0f} MB for {documents} documents "
        f"({size / max(documents, 1) / 1e3:.1f} kB each)",
        flush=True,
    )
    port = free_port()
    started = time.monotonic()
    log_path = os.path.join(workdir, f"serve-{copies}.log")
    serve = subprocess.Popen(
        [binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=open(log_path, "w"),
        env={**os.environ, "RUST_LOG": "warn"},
    )
    try:
        if not wait_until_up(f"http://127.0.0.1:{port}/healthz", seconds=600):
            with open(log_path) as log:
                sys.exit(f"bench-scale: serve did not start: {log.read()[-2000:]}")
        print(f"{copies}x: serve ready in {(time.monotonic() - started) * 1000:.0f} ms, {rss_mb(serve.pid):.0f} MB resident")
        for position, query in enumerate(QUERIES):
            lua = os.path.join(workdir, f"scale-{copies}-{position}.lua")
            lua_post(lua, json.dumps({"query": DIMENSIES_QUERY, "variables": {"q": query}}))
            result = wrk(f"http://127.0.0.1:{port}/graphql", lua, seconds, 16, 1, serve.pid)
            print(
                f"{copies}x: {query:<32} {result['rps']:>7.0f} req/s  p99 {result['p99']:>7.1f} ms  "
                f"cpu {result['cpu_us']:>6.0f} us/req" + (f"  ERRORS {result['errors']}" if result["errors"] else ""),
                flush=True,
            )
        print(f"{copies}x: serve {rss_mb(serve.pid):.0f} MB resident after the runs")
    finally:
        serve.terminate()
        serve.wait(timeout=10)
    shutil.rmtree(texts, ignore_errors=True)


def main():
    binary = sys.argv[1]
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    workdir = tempfile.mkdtemp(prefix="bench-scale-")
    try:
        for count in sorted({int(value) for value in os.environ.get("BENCH_SCALE_COPIES", f"1,{copies}").split(",")}):
            measure(binary, count, seconds, workdir)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
