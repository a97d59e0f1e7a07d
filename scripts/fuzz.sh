#!/usr/bin/env bash
# Runs one cargo-fuzz target for a while, seeded from the repository's own files and, at run
# time only, from ../shared (texts there without a licence for the repo are never copied into
# it: the corpus folder is git-ignored).
#
#   scripts/fuzz.sh TARGET [SECONDS] [extra libFuzzer flags]
#   TARGET: text | html | pdf | pipeline
#
# Needs the nightly toolchain and cargo-fuzz (README, "Fuzzing"). A crash, a timeout (an input
# that takes longer than 20 s) or an input that needs more than 2 GiB lands in
# fuzz/artifacts/TARGET/; replay it with `scripts/fuzz.sh TARGET 0 fuzz/artifacts/TARGET/FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz.sh text|html|pdf|pipeline [SECONDS] [libFuzzer flags]}"
seconds="${2:-300}"
shift $(( $# >= 2 ? 2 : 1 ))
shared="${SHARED:-../shared}"

corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
seed() { for file in "$@"; do [ -f "$file" ] && cp -n "$file" "$corpus/seed-$(basename "$(dirname "$file")")-$(basename "$file")"; done; true; }
case "$target" in
  text) seed fixtures/*.txt "$shared"/devset/*.txt ;;
  html) seed tests/pages/*.html "$shared"/html-suite/*/source.html ;;
  pdf) seed fixtures/*.pdf tests/pdfs/*.pdf "$shared"/devset/*.pdf ;;
  pipeline) seed fixtures/*.txt fixtures/*.pdf tests/pages/*.html tests/pdfs/*.pdf "$shared"/devset/*.txt ;;
  *) echo "unknown target $target (text, html, pdf, pipeline)" >&2; exit 2 ;;
esac

# -s none: the code under test is safe Rust, so AddressSanitizer would find little and halve
# the executions on this 2-core machine; -a keeps debug assertions and overflow checks on.
flags=(-s none -a)
if [ "$seconds" = 0 ]; then
  exec cargo +nightly fuzz run "${flags[@]}" "$target" "$@"
fi
exec cargo +nightly fuzz run "${flags[@]}" "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "$@"
