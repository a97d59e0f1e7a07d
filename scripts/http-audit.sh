#!/usr/bin/env bash
# GraphQL-over-HTTP conformance: starts `dimensies serve` on a fresh index (it ingests the
# bundled issue), runs the graphql-http server audits against it and fails when a MUST fails.
# Usage: scripts/http-audit.sh [path/to/dimensies]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-${CARGO_TARGET_DIR:-target}/debug/dimensies}"
[ -x "$binary" ] || { echo "http-audit: no binary at $binary (run cargo build first)" >&2; exit 1; }
command -v node >/dev/null || { echo "http-audit: node is not installed" >&2; exit 1; }

workdir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$binary" serve --index "$workdir/index" --addr "127.0.0.1:$port" >"$workdir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$workdir"' EXIT

for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/healthz" 2>/dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$workdir/serve.log" >&2; echo "http-audit: the server exited" >&2; exit 1; }
  sleep 0.2
done

(cd scripts/graphql-http-audit && npm ci --no-audit --no-fund --silent)
node scripts/graphql-http-audit/audit.mjs "http://127.0.0.1:$port/graphql"
