#!/usr/bin/env bash
# HTTP load test: `dimensies serve` (release build) on a fresh index holding the bundled issue,
# driven by wrk with the website's search query and a listing query.
# Usage: scripts/load-test.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "load-test: install wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
binary="${CARGO_TARGET_DIR:-target}/release/dimensies"

workdir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
RUST_LOG=warn "$binary" serve --index "$workdir/index" --addr "127.0.0.1:$port" >"$workdir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  sleep 0.2
done

run() {
  local name="$1" body="$2"
  cat >"$workdir/request.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/graphql-response+json"
wrk.body = [[$body]]
LUA
  echo "== $name ($seconds s, $connections connections, 2 threads)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$workdir/request.lua" "http://127.0.0.1:$port/graphql"
}

run "search: regionale samenwerking, 10 hits with snippets and facets" \
  '{"query":"{ search(query: \"regionale samenwerking\", first: 10) { totalCount facets { kinds { value count } } edges { node { kind score snippet article { id title } issue { id } } } } }"}'
run "quotes of a speaker" \
  '{"query":"{ quotes(speaker: \"Jansen\", first: 20) { totalCount nodes { id text speaker { name roles } article { title } } } }"}'
