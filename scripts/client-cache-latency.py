#!/usr/bin/env python3
# GET latency of one search, answered in full (200), as 304 Not Modified on If-None-Match, and
# by its persisted-query hash alone. Usage: scripts/client-cache-latency.py http://HOST:PORT/graphql
import time, urllib.request, urllib.parse, json, hashlib, sys
base = sys.argv[1]
q = '{ search(query: "regionale samenwerking", first: 10) { totalCount facets { years { value count } } edges { node { id snippet } } } }'
url = base + "?" + urllib.parse.urlencode({"query": q})
def get(u, headers={}):
    r = urllib.request.Request(u, headers={"accept": "application/json", **headers})
    try:
        with urllib.request.urlopen(r) as resp:
            return resp.status, resp.headers.get("etag"), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("etag"), b""
status, etag, body = get(url)
def bench(fn, n=300):
    t = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - t) / n * 1000
full = bench(lambda: get(url))
cond = bench(lambda: get(url, {"if-none-match": etag}))
print(f"GET search 200: {full:.2f} ms/request, body {len(body)} bytes")
print(f"GET search 304 (If-None-Match): {cond:.2f} ms/request, status {get(url, {'if-none-match': etag})[0]}")
h = hashlib.sha256(q.encode()).hexdigest()
ext = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": h}})
r = urllib.request.Request(base, data=json.dumps({"query": q, "extensions": json.loads(ext)}).encode(), headers={"content-type": "application/json"})
urllib.request.urlopen(r).read()
hashed = base + "?" + urllib.parse.urlencode({"extensions": ext})
print(f"URL length: full query {len(url)} chars, persisted hash {len(hashed)} chars")
print(f"GET persisted hash 200: {bench(lambda: get(hashed)):.2f} ms/request")
