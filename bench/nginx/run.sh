#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Benchmarks against nginx (Debian package nginx-light or nginx), a server we did not write:
#
#   bash bench/nginx/run.sh BUILD_DIR [tallyfy-bench options...]
#   e.g. bash bench/nginx/run.sh build/bench --scenario complete --concurrency 1,32 --rounds 5
#
#   bash bench/nginx/run.sh BUILD_DIR        (no options: the whole table of bench/README.md)
#
# Without options it runs complete at C=1 and C=32 (REQUESTS, default 10000), a page of 100 tasks
# at C=8 (PAGE_REQUESTS, default 2000) and the rate-limited batch (an embedded sandbox at 40
# requests per 5 s, 100 items), ROUNDS (default 5) alternating rounds each, and prints the
# Markdown summary table (bench/table.py --summary); the JSON lines go to OUT (default
# /tmp/tallyfy-nginx-table.jsonl).
#
# The canned responder writes its bodies and certificate (--write-site); nginx serves them with one
# worker pinned to CPU 0; tallyfy-bench runs pinned to CPU 1 (override: NGINX_CPU, CLIENT_CPU,
# PAGES; BENCH_WRAPPER runs tallyfy-bench under a tool, see instructions.sh). The SDK, the raw
# Beast loop, the libcurl baseline and the Go baseline send the same requests and check the same
# answers as against the responder.
set -euo pipefail
build=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || { echo "nginx is not installed (apt-get install nginx-light)" >&2; exit 1; }
responder=$build/bench/tallyfy-canned-responder
bench=$build/bench/tallyfy-bench
site=$(mktemp -d /tmp/tallyfy-nginx.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base_url="https://127.0.0.1:$port/api"
cleanup() {
    [[ -f $site/nginx.pid ]] && kill "$(cat "$site/nginx.pid")" 2>/dev/null || true
    rm -rf "$site"
}
trap cleanup EXIT

pages=${PAGES:-$(($# > 0 ? 1000 : 300))} # the whole table cycles through 300 pages (35 MB)
ids=$("$responder" --pages "$pages" --write-site "$site" --site-url "$base_url")
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$ids" "$1"; }
complete=$(cat "$site/complete.json")
# The body goes into the configuration as a single-quoted string: refuse what would break it.
[[ $complete != *"'"* && $complete != *'$'* && $complete != *'\'* ]] ||
    { echo "the completion body cannot be inlined" >&2; exit 1; }
cpu_mask=$(printf '%x' $((1 << ${NGINX_CPU:-0})))
python3 - "$here/nginx.conf.in" "$site/nginx.conf" "$site" "$port" "$cpu_mask" "$complete" <<'PY'
import sys
src, dst, site, port, cpu, complete = sys.argv[1:]
text = open(src).read()
for key, value in (("@SITE@", site), ("@PORT@", port), ("@CPU@", cpu), ("@COMPLETE@", complete)):
    text = text.replace(key, value)
open(dst, "w").write(text)
PY
"$nginx" -c "$site/nginx.conf" -e "$site/error.log" &
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
done
echo "nginx $("$nginx" -v 2>&1 | sed 's/.*\///') at $base_url, worker on CPU ${NGINX_CPU:-0}" >&2
bench_nginx() {
    # BENCH_WRAPPER: a command put before tallyfy-bench (instructions.sh: valgrind).
    ${BENCH_WRAPPER:-} "$bench" --base-url "$base_url" --ca-file "$site/ca.pem" \
        --org "$(field org_id)" --run "$(field run_id)" --task "$(field task_id)" \
        --pages "$(field pages)" --cpu "${CLIENT_CPU:-1}" "$@"
}
if (($# > 0)); then
    bench_nginx "$@"
    exit
fi

out=${OUT:-/tmp/tallyfy-nginx-table.jsonl}
rounds=${ROUNDS:-5}
started=$(date +%s)
{
    bench_nginx --scenario complete --concurrency 1,32 --requests "${REQUESTS:-10000}" \
        --rounds "$rounds" --json
    bench_nginx --scenario list --concurrency 8 --requests "${PAGE_REQUESTS:-2000}" \
        --rounds "$rounds" --json
    "$bench" --scenario ratelimit --limit 40 --window 5 --items 100 --concurrency 16 --json
} >"$out"
commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || true)
echo "nginx $("$nginx" -v 2>&1 | sed 's/.*\///'), worker on CPU ${NGINX_CPU:-0}, clients on CPU" \
    "${CLIENT_CPU:-1}; $(date -u +%Y-%m-%d), $commit; $(($(date +%s) - started)) s;" \
    "JSON lines in $out" >&2
python3 "$here/../table.py" --summary <"$out"
