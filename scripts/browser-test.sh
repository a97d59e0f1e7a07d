#!/usr/bin/env bash
# The web pages in a real browser: starts `dimensies serve` on a fresh index holding the bundled
# fixtures (the magazine issue as text and the two PDFs, so a theme spans three issues), then
# drives Debian's headless Chromium through them with puppeteer-core (scripts/browser-test/
# test.mjs, node's test runner). Screenshots go to $SCREENSHOT_DIR (default target/screenshots).
# Usage: scripts/browser-test.sh [path/to/dimensies]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-${CARGO_TARGET_DIR:-target}/debug/dimensies}"
[ -x "$binary" ] || { echo "browser-test: no binary at $binary (run cargo build first)" >&2; exit 1; }
command -v node >/dev/null || { echo "browser-test: node is not installed" >&2; exit 1; }
chromium="${CHROMIUM:-$(command -v chromium || true)}"
[ -x "$chromium" ] || { echo "browser-test: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

workdir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$binary" ingest --index "$workdir/index" fixtures/dimensies-2019-regio.txt fixtures/*.pdf >"$workdir/ingest.log" 2>&1 \
  || { cat "$workdir/ingest.log" >&2; echo "browser-test: ingest failed" >&2; exit 1; }
"$binary" serve --index "$workdir/index" --addr "127.0.0.1:$port" >"$workdir/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$workdir"' EXIT

for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/healthz" 2>/dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$workdir/serve.log" >&2; echo "browser-test: the server exited" >&2; exit 1; }
  sleep 0.2
done

(cd scripts/browser-test && npm ci --no-audit --no-fund --silent)
export BASE_URL="http://127.0.0.1:$port" CHROMIUM="$chromium"
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$PWD/target/screenshots}"
node --test --test-reporter=spec scripts/browser-test/test.mjs
echo "browser-test: screenshots in $SCREENSHOT_DIR"
