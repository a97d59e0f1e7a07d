#!/usr/bin/env python3
"""Side by side: `dimensies serve` and Typesense on the same documents, under the same wrk load.

Run through scripts/bench-peers.sh, which builds dimensies and installs Typesense. This script:
1. writes the first N law texts of ../shared/corpus as text files with sidecar manifests and
   ingests them, with the bundled fixture, into a fresh index (timed: text MB/s);
2. starts `dimensies serve` on it (timed: ready after how many ms) and exports its records,
   which it loads into Typesense (articles with their whole text, quotes, footnotes, people);
3. for each repeat, for each query, runs wrk against dimensies, then against Typesense, and
   reads each server's CPU time from /proc/PID/stat before and after;
4. prints per query the medians of requests/s, p99 and CPU per request, and the ratio.

Every server listens on 127.0.0.1; every load is bounded (wrk -d). Not part of any test.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

QUERIES = [
    "beroepsonderwijs",
    "examencommissie",
    '"voortijdig schoolverlaten"',
    "bekostiging van instellingen",
    "regionale samenwerking",
]

# What the website's search box asks: a page of 10 hits with snippets, titles and two facets
# (the ten most frequent issues, as Typesense returns ten facet values by default and here too).
DIMENSIES_QUERY = (
    "query($q: String!) { search(query: $q, first: 10) { totalCount "
    "facets { kinds { value count } issues(first: 10) { value count } } "
    "edges { node { kind snippet article { id title } } } } }"
)
API_KEY = "bench-peers"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url, body=None, headers=None, timeout=30, method=None):
    request = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def wait_until_up(url, headers=None, seconds=120.0, interval=0.005):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _ = http(url, headers=headers, timeout=1)
            if status == 200:
                return True
        except Exception:
            pass
        time.sleep(interval)
    return False


def cpu_seconds(pid):
    """User plus system CPU time of a process and all its threads, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # Fields after the command: state is [0]; utime and stime are fields 14 and 15 of the line.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def duration_ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def parse_wrk(output):
    result = {"rps": 0.0, "p99": float("nan"), "requests": 0, "errors": 0}
    for line in output.splitlines():
        words = line.split()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(words[1])
        elif len(words) == 2 and words[0] == "99%":
            result["p99"] = duration_ms(words[1])
        elif "requests in" in line:
            result["requests"] = int(words[0])
        elif line.strip().startswith("Non-2xx") or line.strip().startswith("Socket errors"):
            result["errors"] += sum(int(word.strip(",")) for word in words if word.strip(",").isdigit())
    return result


def wrk(url, lua, seconds, connections, threads, pid):
    before = cpu_seconds(pid)
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua, url],
        capture_output=True,
        text=True,
        check=True,
    )
    after = cpu_seconds(pid)
    result = parse_wrk(completed.stdout)
    result["cpu_us"] = (after - before) * 1e6 / max(result["requests"], 1)
    return result


def lua_post(path, body):
    with open(path, "w") as lua:
        lua.write('wrk.method = "POST"\n')
        lua.write('wrk.headers["Content-Type"] = "application/json"\n')
        lua.write(f"wrk.body = {json.dumps(body)}\n")


def lua_get(path, api_key):
    with open(path, "w") as lua:
        lua.write('wrk.method = "GET"\n')
        lua.write(f'wrk.headers["X-TYPESENSE-API-KEY"] = "{api_key}"\n')


def write_laws(corpus, count, folder):
    os.makedirs(folder)
    total = 0
    with open(corpus) as lines:
        for number, line in enumerate(lines):
            if number >= count:
                break
            law = json.loads(line)
            with open(os.path.join(folder, f"{law['id']}.txt"), "w") as text:
                text.write(law["text"])
            total += len(law["text"].encode())
            manifest = {"id": law["id"], "series": "Wetten", "title": law["title"]}
            with open(os.path.join(folder, f"{law['id']}.meta.json"), "w") as meta:
                json.dump(manifest, meta)
    return total


def typesense_documents(export_lines):
    """The records dimensies searches, as Typesense documents: title, text, kind, issue."""
    for line in export_lines:
        record = json.loads(line)
        kind = record.get("type")
        if kind == "article":
            title, text = record.get("title") or "", record.get("text") or ""
        elif kind in ("quote", "footnote"):
            title, text = "", record.get("text") or ""
        elif kind == "person":
            title, text = record.get("name") or "", "; ".join(record.get("roles") or [])
        else:
            continue
        issue = record.get("issue") or ",".join(record.get("issues") or [])
        yield {"id": f"{kind}:{record['id']}", "kind": kind, "issue": issue, "title": title, "text": text}


def start_typesense(binary, workdir):
    port = free_port()
    data = os.path.join(workdir, "typesense-data")
    os.makedirs(data)
    log = open(os.path.join(workdir, "typesense.log"), "w")
    process = subprocess.Popen(
        [
            binary,
            f"--data-dir={data}",
            f"--api-key={API_KEY}",
            "--api-address=127.0.0.1",
            f"--api-port={port}",
            "--peering-address=127.0.0.1",
            f"--peering-port={free_port()}",
            "--enable-cors=false",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    if not wait_until_up(f"{base}/health", interval=0.1):
        process.kill()
        sys.exit(f"bench-peers: Typesense did not start, see {workdir}/typesense.log")
    return process, base


def load_typesense(base, documents):
    headers = {"X-TYPESENSE-API-KEY": API_KEY, "Content-Type": "application/json"}
    schema = {
        "name": "docs",
        "fields": [
            {"name": "kind", "type": "string", "facet": True},
            {"name": "issue", "type": "string", "facet": True},
            {"name": "title", "type": "string"},
            {"name": "text", "type": "string"},
        ],
    }
    http(f"{base}/collections", json.dumps(schema).encode(), headers)
    body = "\n".join(json.dumps(document) for document in documents).encode()
    _, answer = http(
        f"{base}/collections/docs/documents/import?action=create",
        body,
        {"X-TYPESENSE-API-KEY": API_KEY, "Content-Type": "text/plain"},
        timeout=600,
    )
    failed = [line for line in answer.decode().splitlines() if '"success":true' not in line]
    if failed:
        print(f"bench-peers: Typesense rejected {len(failed)} documents: {failed[0][:200]}", file=sys.stderr)


def typesense_url(base, query):
    parameters = {
        "q": query,
        "query_by": "title,text",
        "facet_by": "kind,issue",
        "max_facet_values": "10",
        "per_page": "10",
        "highlight_fields": "title,text",
    }
    return f"{base}/collections/docs/documents/search?{urllib.parse.urlencode(parameters)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--typesense", required=True)
    parser.add_argument("--corpus", default="../shared/corpus/laws-nl-onderwijs-sample.jsonl")
    parser.add_argument("--laws", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-peers-")
    processes = []
    try:
        laws = os.path.join(workdir, "laws")
        index = os.path.join(workdir, "index")
        text_bytes = write_laws(options.corpus, options.laws, laws)
        fixture = "fixtures/dimensies-2019-regio.txt"
        text_bytes += os.path.getsize(fixture)
        started = time.monotonic()
        subprocess.run(
            [options.binary, "ingest", "--index", index, laws, fixture],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        ingest_seconds = time.monotonic() - started
        print(
            f"ingest: {options.laws} laws + fixture, {text_bytes / 1e6:.2f} MB of text in "
            f"{ingest_seconds:.2f} s = {text_bytes / 1e6 / ingest_seconds:.2f} MB/s "
            f"(index {sum(os.path.getsize(os.path.join(index, f)) for f in os.listdir(index)) / 1e6:.1f} MB)"
        )

        port = free_port()
        started = time.monotonic()
        serve = subprocess.Popen(
            [options.binary, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(workdir, "serve.log"), "w"),
            env={**os.environ, "RUST_LOG": "warn"},
        )
        processes.append(serve)
        if not wait_until_up(f"http://127.0.0.1:{port}/healthz"):
            sys.exit(f"bench-peers: dimensies did not start, see {workdir}/serve.log")
        ready_ms = (time.monotonic() - started) * 1000
        print(f"dimensies serve: ready in {ready_ms:.0f} ms, {rss_mb(serve.pid):.0f} MB resident")
        dimensies_url = f"http://127.0.0.1:{port}/graphql"

        exported = subprocess.run(
            [options.binary, "export", "--index", index], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        documents = list(typesense_documents(exported))
        typesense, typesense_base = start_typesense(options.typesense, workdir)
        processes.append(typesense)
        started = time.monotonic()
        load_typesense(typesense_base, documents)
        print(
            f"typesense: {len(documents)} documents loaded in {time.monotonic() - started:.1f} s, "
            f"{rss_mb(typesense.pid):.0f} MB resident"
        )

        lua = {}
        for position, query in enumerate(QUERIES):
            body = json.dumps({"query": DIMENSIES_QUERY, "variables": {"q": query}})
            lua[("dimensies", query)] = os.path.join(workdir, f"dimensies-{position}.lua")
            lua_post(lua[("dimensies", query)], body)
            lua[("typesense", query)] = os.path.join(workdir, f"typesense-{position}.lua")
            lua_get(lua[("typesense", query)], API_KEY)
            # One request each first: both must answer, and say how much they found.
            _, answer = http(dimensies_url, body.encode(), {"Content-Type": "application/json"})
            ours = json.loads(answer)
            if "errors" in ours:
                sys.exit(f"bench-peers: dimensies failed on {query}: {ours['errors']}")
            _, answer = http(typesense_url(typesense_base, query), headers={"X-TYPESENSE-API-KEY": API_KEY})
            theirs = json.loads(answer)
            print(
                f"  {query:<32} dimensies totalCount {ours['data']['search']['totalCount']:>6}   "
                f"typesense found {theirs.get('found', 0):>6}"
            )

        runs = {}
        for repeat in range(options.repeats):
            for query in QUERIES:
                for name, pid, url in (
                    ("dimensies", serve.pid, dimensies_url),
                    ("typesense", typesense.pid, typesense_url(typesense_base, query)),
                ):
                    result = wrk(url, lua[(name, query)], options.seconds, options.connections, options.threads, pid)
                    runs.setdefault((name, query), []).append(result)
                    print(
                        f"repeat {repeat + 1} {name:<9} {query:<32} {result['rps']:>8.0f} req/s  "
                        f"p99 {result['p99']:>7.1f} ms  cpu {result['cpu_us']:>6.0f} us/req"
                        + (f"  ERRORS {result['errors']}" if result["errors"] else ""),
                        flush=True,
                    )

        print()
        print(
            f"medians of {options.repeats} alternating runs (wrk -t{options.threads} "
            f"-c{options.connections} -d{options.seconds}s), load average "
            f"{os.getloadavg()[0]:.2f} at the end"
        )
        print("| query | dimensies req/s (p99) | CPU/req | Typesense req/s (p99) | CPU/req | ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for query in QUERIES:
            ours = runs[("dimensies", query)]
            theirs = runs[("typesense", query)]
            ours_rps = statistics.median(run["rps"] for run in ours)
            theirs_rps = statistics.median(run["rps"] for run in theirs)
            print(
                f"| `{query}` | {ours_rps:,.0f} ({statistics.median(r['p99'] for r in ours):.1f} ms) "
                f"| {statistics.median(r['cpu_us'] for r in ours):.0f} µs "
                f"| {theirs_rps:,.0f} ({statistics.median(r['p99'] for r in theirs):.1f} ms) "
                f"| {statistics.median(r['cpu_us'] for r in theirs):.0f} µs "
                f"| {ours_rps / max(theirs_rps, 1e-9):.1f} |"
            )
        print(f"dimensies serve: {rss_mb(serve.pid):.0f} MB resident after the runs; typesense {rss_mb(typesense.pid):.0f} MB")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if options.keep:
            print(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
