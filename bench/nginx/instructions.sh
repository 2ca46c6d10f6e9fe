#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Instructions and allocations per request of each side against nginx, counted (valgrind
# --tool=callgrind), not timed: the counts do not move when the machine is busy.
#
#   bash bench/nginx/instructions.sh BUILD_DIR [SIDES] [SCENARIO_OPTIONS...]
#   e.g. bash bench/nginx/instructions.sh build/bench "sdk raw"
#        bash bench/nginx/instructions.sh build/bench "sdk raw curl" --scenario complete \
#            --concurrency 32
#
# Each side runs alone (--only SIDE, one round) twice, with N1 and N2 timed requests (defaults
# 500 and 2500; the same warm-up), and the figure is (I(N2) - I(N1)) / (N2 - N1): setup, warm-up
# and teardown cancel out. Threads are counted apart and the RSS sampler's thread is left out
# (its work grows with the run's wall time, so with the load on the machine). Default scenario:
# complete at C=1. Allocations per request are the
# harness's own count (operator new, libcurl's and cJSON's hooks) from the N2 run. KEEP=DIR keeps
# the main thread's callgrind files (callgrind_diff.py N1 N2 DIR/callgrind.sdk.{N1,N2}.out: the
# cost per request of each function).
set -euo pipefail
build=$1
sides=${2:-sdk raw}
shift $(($# > 1 ? 2 : 1))
scenario=("$@")
((${#scenario[@]} > 0)) || scenario=(--scenario complete --concurrency 1)
here=$(cd "$(dirname "$0")" && pwd)
n1=${N1:-500}
n2=${N2:-2500}
tmp=$(mktemp -d /tmp/tallyfy-instructions.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

total_of() { # the "summary:" (or "totals:") lines of a run's per-thread files, but the sampler's
    local sum=0 f
    for f in "$1"-*; do
        grep -q 'rss_sampler.*_M_run' "$f" && continue # the sampler thread's body
        sum=$((sum + $(awk '/^(summary|totals):/ { print $2; exit }' "$f")))
    done
    echo "$sum"
}

echo "| side | instructions / request | allocations / request |"
echo "|---|---|---|"
for side in $sides; do
    declare -A total=()
    for n in "$n1" "$n2"; do
        BENCH_WRAPPER="valgrind --tool=callgrind --separate-threads=yes
            --callgrind-out-file=$tmp/$side.$n.out" \
            bash "$here/run.sh" "$build" "${scenario[@]}" --requests "$n" --rounds 1 \
            --only "$side" --json >"$tmp/$side.$n.json" 2>"$tmp/$side.$n.err" ||
            { cat "$tmp/$side.$n.err" >&2; exit 1; }
        total[$n]=$(total_of "$tmp/$side.$n.out")
    done
    allocs=$(python3 -c '
import json, sys
row = json.loads(open(sys.argv[1]).readline())
print("%.1f" % row[sys.argv[2]]["allocs_per_req"])' "$tmp/$side.$n2.json" "$side")
    per=$(((${total[$n2]} - ${total[$n1]}) / (n2 - n1)))
    echo "| $side | $per | $allocs |"
    if [[ -n ${KEEP:-} ]]; then
        mkdir -p "$KEEP"
        cp "$tmp/$side.$n1.out-01" "$KEEP/callgrind.$side.$n1.out"
        cp "$tmp/$side.$n2.out-01" "$KEEP/callgrind.$side.$n2.out"
    fi
done
