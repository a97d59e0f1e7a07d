#!/bin/sh
# Ingest throughput, and the checks that a faster ingest extracts the same (BENCHMARKS.md,
# "Session 3: ingest"). Run from the repository root.
#
#   scripts/bench-ingest.sh laws DIR             write the first 400 law texts of ../shared/corpus to DIR
#   scripts/bench-ingest.sh time BIN DIR [RUNS]  ingest DIR + the fixture into a fresh index RUNS times
#   scripts/bench-ingest.sh models BIN DIR OUT   the full JSON model of every file, concatenated
#   scripts/bench-ingest.sh searches BIN INDEX OUT   hit counts, kinds and scores of 17 searches
#
# Compare two builds with `cmp` on the outputs of `models` and `searches`, and on
# `BIN export --index INDEX | sort`.
set -eu
fixture=../shared/fixtures/dimensies-2019-regio.txt
case "${1:-}" in
laws)
    python3 -c "import sys; sys.path.insert(0, 'scripts'); import bench_peers; \
print(bench_peers.write_laws('../shared/corpus/laws-nl-onderwijs-sample.jsonl', 400, sys.argv[1]), 'bytes')" "$2"
    ;;
time)
    bin=$2; dir=$3; runs=${4:-3}
    megabytes=$(cat "$dir"/*.txt "$fixture" | wc -c | awk '{print $1 / 1e6}')
    index=$(mktemp -d)
    for _ in $(seq "$runs"); do
        rm -rf "$index"
        /usr/bin/time -f "%U %S %e" -o "$index.time" "$bin" ingest --index "$index" "$dir" "$fixture" > /dev/null
        awk -v mb="$megabytes" '{cpu = $1 + $2; printf "user %.2f s, sys %.2f s, CPU %.2f s, wall %.2f s: %.2f MB/s of CPU, %.2f MB/s of wall\n", $1, $2, cpu, $3, mb / cpu, mb / $3}' "$index.time"
    done
    rm -rf "$index" "$index.time"
    uptime
    ;;
models)
    bin=$2; dir=$3; out=$4; : > "$out"
    for file in "$dir"/*.txt "$fixture" ../shared/devset/*.txt ../shared/devset/*.pdf ../shared/fixtures/*.pdf; do
        echo "== $file" >> "$out"
        "$bin" extract --json "$file" >> "$out" 2> /dev/null
    done
    md5sum "$out"
    ;;
searches)
    # Hits of equal score come in segment order, which tantivy's indexing threads fill in no
    # fixed order: compare counts, kinds and scores.
    bin=$2; index=$3; out=$4; : > "$out"
    for query in beroepsonderwijs examencommissie '"voortijdig schoolverlaten"' 'bekostiging van instellingen' \
        'regionale samenwerking' samenwerken 'Han van Helmond' samenwerkng studiefinanciering \
        'onderwijsinspectie toezicht' 'leerlingen scholen' 'Esther Klaster' 'werkgevers stageplaatsen' \
        'bevoegd gezag' ministerie examens Techniekonderwijs; do
        echo "== $query" >> "$out"
        "$bin" search --index "$index" --limit 5000 "$query" 2>&1 \
            | awk '/hits/ {print; next} {print $1, $2}' | sort >> "$out"
    done
    md5sum "$out"
    ;;
*)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
