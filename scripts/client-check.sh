#!/usr/bin/env bash
# Real GraphQL clients against dimensies: relay-compiler 21 validates schema.graphql, the
# client contract (tests/contract/operations.graphql) and a small Relay project with
# @connection and @refetchable fragments; Apollo Client 4 pages a search with
# relayStylePagination, filters by a facet and speaks automatic persisted queries against a
# live `dimensies serve` on a fresh index (the bundled issue).
# Usage: scripts/client-check.sh [path/to/dimensies]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-${CARGO_TARGET_DIR:-target}/debug/dimensies}"
[ -x "$binary" ] || { echo "client-check: no binary at $binary (run cargo build first)" >&2; exit 1; }
command -v node >/dev/null || { echo "client-check: node is not installed" >&2; exit 1; }

(cd scripts/client-check && npm ci --no-audit --no-fund --silent)

# Relay: the contract as a Relay module, then the compiler over the whole project.
(
  cd scripts/client-check
  mkdir -p relay/__generated__
  node contract-to-relay.mjs ../../tests/contract/operations.graphql relay/Contract.js
  npx relay-compiler
)

workdir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$binary" serve --index "$workdir/index" --addr "127.0.0.1:$port" >"$workdir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$workdir"' EXIT

for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/healthz" 2>/dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$workdir/serve.log" >&2; echo "client-check: the server exited" >&2; exit 1; }
  sleep 0.2
done

(cd scripts/client-check && node apollo-check.mjs "http://127.0.0.1:$port/graphql")
