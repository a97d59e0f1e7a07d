#!/usr/bin/env python3
"""Server CPU per request of `dimensies serve` alone, on an existing index.

Usage: python3 scripts/bench_cpu.py BINARY INDEX [SECONDS] [--query GRAPHQL] [--connections N]

Starts `serve` on INDEX (loopback, a free port), asks each of the five issue-11 queries once
(printing its totalCount), then runs `wrk -t1 -cN -dSECONDS` on each and prints requests/s,
p99 and the server's CPU per request (user + system time from /proc before and after each run,
over the requests served), then the server's resident memory. The request is the website's
search box of `scripts/bench_peers.py` unless --query gives another (with a `$q` variable, or the one --variable names).
For comparing builds step by step; `scripts/bench-peers.sh` compares with Typesense.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_peers  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("index")
    parser.add_argument("seconds", nargs="?", type=int, default=5)
    parser.add_argument("--query", default=bench_peers.DIMENSIES_QUERY)
    parser.add_argument("--variable", default="q", help="the query's variable for the words")
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()

    port = bench_peers.free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [options.binary, "serve", "--index", options.index, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        bench_peers.wait_until_up(f"{base}/healthz", seconds=600)
        print(f"ready, {bench_peers.rss_mb(server.pid):.0f} MB resident")
        print("| query | hits | req/s | p99 | CPU/req |")
        print("| --- | ---: | ---: | ---: | ---: |")
        with tempfile.TemporaryDirectory() as workdir:
            for position, query in enumerate(bench_peers.QUERIES):
                body = json.dumps({"query": options.query, "variables": {options.variable: query}})
                lua = os.path.join(workdir, f"q{position}.lua")
                bench_peers.lua_post(lua, body)
                _, answer = bench_peers.http(
                    f"{base}/graphql",
                    body=body.encode(),
                    headers={"Content-Type": "application/json"},
                )
                data = json.loads(answer)
                if data.get("errors"):
                    sys.exit(f"bench_cpu: {query}: {data['errors']}")
                root = next(iter(data["data"].values()))
                total = root.get("totalCount", "") if isinstance(root, dict) else ""
                result = bench_peers.wrk(
                    f"{base}/graphql", lua, options.seconds, options.connections, 1, server.pid
                )
                print(
                    f"| `{query}` | {total} | {result['rps']:,.0f} | {result['p99']:.1f} ms "
                    f"| {result['cpu_us']:,.0f} µs |"
                )
        print(f"after the runs, {bench_peers.rss_mb(server.pid):.0f} MB resident; load average "
              f"{os.getloadavg()[0]:.2f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
