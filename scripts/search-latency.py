#!/usr/bin/env python3
"""Search latency over the archive of the search evaluation, over HTTP.

    python3 scripts/search-latency.py [BIN]      # default ./target/release/dimensies

Ingests the magazine fixture, the dev-set texts and the 916 law texts (as
`../shared/eval/dimensies_eval.py search` does) into a scratch index, serves it,
and runs each query of `../shared/search-dev/qrels.json` plus seven law queries
five times in sequence (`first: 10`, snippets, facets). Prints the mean and the
median of the per-query medians and the slowest queries. Client and server share
the machine: read the figures side by side, not as capacity."""
import glob, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.request

SHARED = os.path.join(os.getcwd(), "..", "shared")
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/dimensies")
QUERY = ("query($q: String!) { search(query: $q, first: 10) { totalCount "
         "edges { node { snippet issue { key } } } facets { kinds { value count } } } }")
LAW_QUERIES = ["beroepsonderwijs", "examencommissie", "bekostiging van instellingen",
               "onderwijsinspectie toezicht", "studiefinanciering", "examencomissie",
               "regionale samenwerking"]


def main():
    tmp = tempfile.mkdtemp(prefix="dimensies-latency-")
    try:
        for line in open(os.path.join(SHARED, "corpus", "laws-nl-onderwijs-sample.jsonl"), encoding="utf-8"):
            law = json.loads(line)
            with open(os.path.join(tmp, law["id"] + ".txt"), "w", encoding="utf-8") as out:
                out.write(law["title"] + "\n\n" + law["text"])
        files = ([os.path.join(SHARED, "fixtures", "dimensies-2019-regio.txt")]
                 + sorted(glob.glob(os.path.join(SHARED, "devset", "*.txt")))
                 + sorted(glob.glob(os.path.join(tmp, "*.txt"))))
        index = os.path.join(tmp, "index")
        subprocess.run([BIN, "ingest", "--index", index] + files, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
        server = subprocess.Popen([BIN, "serve", "--index", index, "--addr", f"127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        url = f"http://127.0.0.1:{port}/graphql"

        def search(text):
            body = json.dumps({"query": QUERY, "variables": {"q": text}}).encode()
            request = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)

        try:
            for _ in range(150):
                try:
                    search("regio"); break
                except Exception:
                    time.sleep(0.2)
            queries = [item["q"] for item in json.load(open(os.path.join(SHARED, "search-dev", "qrels.json")))["queries"]]
            queries += LAW_QUERIES
            times = {}
            for _ in range(5):
                for text in queries:
                    start = time.perf_counter(); search(text)
                    times.setdefault(text, []).append((time.perf_counter() - start) * 1000)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
        medians = {text: statistics.median(values) for text, values in times.items()}
        ordered = sorted(medians.values())
        print(f"{len(queries)} queries: mean {statistics.mean(ordered):.1f} ms, "
              f"median {statistics.median(ordered):.1f} ms")
        for text, value in sorted(medians.items(), key=lambda kv: -kv[1])[:5]:
            print(f"  slowest {text!r}: {value:.1f} ms")
        for text in LAW_QUERIES:
            print(f"  {text!r}: {medians[text]:.1f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
