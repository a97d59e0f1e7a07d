#!/usr/bin/env python3
"""Soak: mixed GraphQL queries against `dimensies serve` for a while; does memory grow?

Builds a large index from the law corpus (../shared/corpus, 916 texts) ingested COPIES times
under different ids (one text file per law and copy), serves it with the release binary, sends
mixed queries from WORKERS threads for SECONDS, samples the server's resident memory every 10 s,
and prints requests, errors, latency percentiles and memory at the start and the end.

    cargo build --release
    python3 scripts/soak.py [--seconds 600] [--copies 3] [--workers 4] [--index DIR]

An existing --index is reused (no re-ingest). Traffic goes only to 127.0.0.1; every loop is
bounded by the time given.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = [
    "onderwijs", "leerling", "bekostiging", "examen", "school", "bevoegd gezag",
    "minister", "subsidie", "beroepsopleiding", "inspectie", "leerplicht", "samenwerking",
    "\"voortgezet onderwijs\"", "toelating", "kwalificatie", "onderwjis", "regio -wet",
    "hoe regel je de bekostiging van een school", "personeel", "medezeggenschap",
]


def queries():
    """Yields (name, query) pairs forever, a mix of the client contract's shapes."""
    while True:
        word = random.choice(WORDS)
        after = random.choice([None, None, "bzoxMA", "bzoyMA", "garbage"])
        yield "search", {
            "query": "query ($q: String!, $after: String) { search(query: $q, first: 10, after: $after) "
            "{ totalCount correctedQuery edges { cursor node { kind snippet article { title } } } "
            "facets { kinds { value count } issues { value count } } } }",
            "variables": {"q": word, "after": after},
        }
        yield "issues", {"query": "{ issues(first: %d) { totalCount pageInfo { hasNextPage endCursor } nodes { id title year } } }"
                         % random.randint(1, 100)}
        yield "quotes", {"query": "{ quotes(first: 20) { totalCount nodes { text speaker { name } article { title } } } }"}
        yield "people", {"query": "{ people(first: 20) { totalCount nodes { name roles quotes(first: 3) { totalCount } } } }"}
        yield "theme", {"query": "query ($q: String!) { theme(query: $q) { totalCount issues { count } articles(first: 5) { nodes { title } } } }",
                        "variables": {"q": word.strip('"')}}
        yield "articles", {"query": "{ articles(first: 50) { totalCount nodes { id title kind } } }"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def build_index(binary, index, copies, corpus):
    texts = tempfile.mkdtemp(prefix="soak-texts-")
    count = 0
    with open(corpus) as lines:
        laws = [json.loads(line) for line in lines]
    for copy in range(1, copies + 1):
        for law in laws:
            name = f"wet-{law['id'].lower()}-kopie{copy}.txt"
            with open(os.path.join(texts, name), "w") as out:
                out.write(law["text"])
            count += 1
    started = time.time()
    subprocess.run([binary, "ingest", "--index", index, texts], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "error"})
    print(f"ingested {count} texts ({copies} copies of {len(laws)} laws) in {time.time() - started:.0f} s",
          flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--index", default=None)
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus",
                                                         "laws-nl-onderwijs-sample.jsonl"))
    parser.add_argument("--binary", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "dimensies"))
    args = parser.parse_args()

    index = args.index or tempfile.mkdtemp(prefix="soak-index-")
    if not os.path.exists(os.path.join(index, "meta.json")):
        build_index(args.binary, index, args.copies, args.corpus)
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "RUST_LOG": "error"})
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        deadline = time.time() + args.seconds
        lock = threading.Lock()
        latencies, errors, counts = [], [], {}

        def worker():
            for name, body in queries():
                if time.time() >= deadline:
                    return
                request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={
                    "Content-Type": "application/json", "Accept": "application/json"})
                started = time.time()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        answer = json.loads(response.read())
                    # A tampered cursor is the user's error, as it should be; anything else counts.
                    failed = [e for e in answer.get("errors", [])
                              if "not a valid cursor" not in e.get("message", "")]
                except Exception as error:  # noqa: BLE001 - every failure counts
                    failed = [str(error)]
                elapsed = time.time() - started
                with lock:
                    latencies.append(elapsed)
                    counts[name] = counts.get(name, 0) + 1
                    if failed:
                        errors.append((name, failed[0]))

        threads = [threading.Thread(target=worker) for _ in range(args.workers)]
        for thread in threads:
            thread.start()
        samples = []
        while any(thread.is_alive() for thread in threads):
            samples.append((time.time(), rss_kib(server.pid)))
            time.sleep(10)
        for thread in threads:
            thread.join()
        samples.append((time.time(), rss_kib(server.pid)))

        latencies.sort()
        pick = lambda share: latencies[min(len(latencies) - 1, int(share * (len(latencies) - 1)))] * 1000
        print(f"{len(latencies)} requests in {args.seconds} s from {args.workers} workers "
              f"({len(latencies) / args.seconds:.0f}/s): {counts}")
        print(f"errors: {len(errors)}" + (f", first: {errors[0]}" if errors else ""))
        print(f"latency ms: p50 {pick(0.5):.1f}, p99 {pick(0.99):.1f}, max {latencies[-1] * 1000:.1f}")
        first_minute = [rss for at, rss in samples if at - samples[0][0] <= 60]
        last_minute = [rss for at, rss in samples if samples[-1][0] - at <= 60]
        print(f"server RSS MiB: first minute max {max(first_minute) / 1024:.0f}, "
              f"last minute max {max(last_minute) / 1024:.0f}, overall max "
              f"{max(rss for _, rss in samples) / 1024:.0f} ({len(samples)} samples)")
        print("RSS MiB over time:", " ".join(f"{rss / 1024:.0f}" for _, rss in samples))
        return 1 if errors else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
