#!/usr/bin/env bash
# Runs every example against a sandbox served by `tallyfy sandbox` (HTTPS, its CA in a file),
# configured only through the TALLYFY_* environment, as a user would against the real API.
# usage: cli_examples.sh TALLYFY_BINARY EXAMPLES_DIR
set -euo pipefail
tallyfy=$1
examples=$2
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
expect() { # expect FILE REGEX
    grep -Eq "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected /$2/"; }
}

"$tallyfy" sandbox --ca-out "$work/ca.pem" > "$work/hello" &
pids+=($!)
for _ in $(seq 300); do [[ -s "$work/hello" ]] && break; sleep 0.1; done
hello=$(head -n 1 "$work/hello")
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$hello" "$1"; }
checklist() {
    python3 -c 'import json,sys; print([c["id"] for c in json.loads(sys.argv[1])["checklists"] if c["title"] == sys.argv[2]][0])' "$hello" "$1"
}
export TALLYFY_BASE_URL TALLYFY_ACCESS_TOKEN TALLYFY_ORG_ID TALLYFY_CA_FILE
TALLYFY_BASE_URL=$(field base_url)
TALLYFY_ACCESS_TOKEN=$(field token)
TALLYFY_ORG_ID=$(field org_id)
TALLYFY_CA_FILE=$(field ca_file)
[[ $TALLYFY_CA_FILE == "$work/ca.pem" ]] || fail "ca_file not reported"
quick=$(checklist "Quick Checklist")
json_id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
# "RUN_ID TASK_ID" lines of a fresh run of the Quick Checklist (two tasks).
new_run_tasks() {
    local run
    run=$("$tallyfy" run launch --template "$quick" | json_id)
    "$tallyfy" run tasks "$run" | python3 -c 'import json,sys; [print(sys.argv[1], json.loads(l)["id"]) for l in sys.stdin]' "$run"
}

# launch_process: a run with a name.
"$examples/launch_process" "$quick" "Example launch" > "$work/out"
expect "$work/out" '^launched "Example launch": run [0-9a-f]{32}, status active, 2 tasks$'
run=$(sed -E 's/.*run ([0-9a-f]{32}).*/\1/' "$work/out")
# ... and by kick-off field label, typed by kind (a dropdown by option text); an unknown label
# is refused before anything is sent.
onboarding_id=$(checklist "Client Onboarding")
"$examples/launch_process" "$onboarding_id" "By label" "Client name=Initech" "Region=apac" > "$work/out"
expect "$work/out" '^launched "By label": run [0-9a-f]{32}, status active, 4 tasks$'
if "$examples/launch_process" "$onboarding_id" "x" "Clientname=Initech" 2> "$work/err"; then
    fail "launch_process accepted an unknown field"
fi
expect "$work/err" "no form field 'Clientname'"

# list_run_tasks: both tasks incomplete, walked in pages of two.
"$examples/list_run_tasks" "$run" > "$work/out"
expect "$work/out" '^1\. First thing \[task, '
expect "$work/out" '^2 incomplete tasks in [0-9]+ pages$'

# complete_task: the first task of that run, then the task reads back as completed.
task=$("$tallyfy" run tasks "$run" --limit 1 | json_id)
"$examples/complete_task" "$task" "$run" > "$work/out"
expect "$work/out" '^completed "First thing" \([0-9a-f]{32}\), status completed$'
"$tallyfy" task get "$task" --run "$run" > "$work/out"
expect "$work/out" '"status":"completed"'
# ... and an unknown task: one error line, exit 1.
if "$examples/complete_task" 0123456789abcdef0123456789abcdef "$run" 2> "$work/err"; then
    fail "complete_task of an unknown task succeeded"
fi
expect "$work/err" 'not_found \(HTTP 404\)'
# ... and the first task of Client Onboarding, whose required form field it fills by label.
onboarding=$(checklist "Client Onboarding")
orun=$("$tallyfy" run launch --template "$onboarding" --field "Client name=Initech" | json_id)
otask=$("$tallyfy" run tasks "$orun" --limit 1 | json_id)
"$examples/complete_task" "$otask" "$orun" "Account number=INI-1" > "$work/out"
expect "$work/out" '^completed "Review application" \([0-9a-f]{32}\), status completed$'
if "$examples/complete_task" "$otask" "$orun" "No such field=1" 2> "$work/err"; then
    fail "complete_task with an unknown field succeeded"
fi
expect "$work/err" "no form field 'No such field'"

# batch_complete: 4 runs' tasks, 3 in flight at a time.
for _ in 1 2 3 4; do new_run_tasks; done > "$work/batch"
CONCURRENCY=3 "$examples/batch_complete" < "$work/batch" > "$work/out"
expect "$work/out" '^8 completed, 0 failed, 0 not attempted in [0-9.]+ s$'
"$tallyfy" runs list --status complete > "$work/out"
[[ $(wc -l < "$work/out") -ge 4 ]] || fail "batch_complete: runs not complete"

# webhook_server: refuses to start without a secret path; then, against a second sandbox that
# posts its events to it (`tallyfy sandbox --webhook`): a wrong path (404), another organisation
# (403), a half-sent request that times out, and two events read back (a launch, a completion).
if "$examples/webhook_server" 0 1 2> "$work/err"; then fail "webhook_server ran without a path"; fi
expect "$work/err" 'set WEBHOOK_PATH'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hook_port=$(free_port)
api_port=$(free_port)
hook_path=/hooks/$(python3 -c 'import secrets; print(secrets.token_hex(12))')
hook_url=http://127.0.0.1:$hook_port$hook_path
"$tallyfy" sandbox --http --port "$api_port" --webhook "$hook_url" > "$work/hello3" &
pids+=($!)
for _ in $(seq 100); do [[ -s "$work/hello3" ]] && break; sleep 0.1; done
hook_api="http://127.0.0.1:$api_port/api"
TALLYFY_BASE_URL=$hook_api TALLYFY_CA_FILE= WEBHOOK_PATH=$hook_path \
    "$examples/webhook_server" "$hook_port" 2 > "$work/hook" 2> "$work/hook_err" &
hook=$!
pids+=($hook)
for _ in $(seq 100); do [[ -s "$work/hook" ]] && break; sleep 0.1; done
expect "$work/hook" "^listening on $hook_url\$"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "X-Tallyfy-orgID: $TALLYFY_ORG_ID" -d '{}' "http://127.0.0.1:$hook_port/hooks/guess")
[[ $code == 404 ]] || fail "webhook on a guessed path: HTTP $code"
code=$(curl -sS -o "$work/out" -w '%{http_code}' -H 'Content-Type: application/json' \
    -H 'X-Tallyfy-orgID: 0123456789abcdef0123456789abcdef' -d '{"id":"x"}' "$hook_url")
[[ $code == 403 ]] || fail "webhook from another organisation: HTTP $code"
# Headers promising a body that never comes: the server closes after its 10 s read timeout.
start=$(date +%s)
python3 - "127.0.0.1:$hook_port" "$hook_path" "$TALLYFY_ORG_ID" <<'PY' || fail "webhook kept a half-sent request open"
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)))
s.sendall(b"POST " + sys.argv[2].encode() + b" HTTP/1.1\r\nHost: x\r\nX-Tallyfy-orgID: " +
          sys.argv[3].encode() + b"\r\nContent-Length: 100\r\n\r\n{")
s.settimeout(30)
sys.exit(0 if s.recv(1) == b"" else 1)
PY
(( $(date +%s) - start <= 20 )) || fail "webhook: half-sent request held too long"
hook_run=$(TALLYFY_BASE_URL=$hook_api TALLYFY_CA_FILE= "$tallyfy" run launch --template "$quick" --name "Hooked" | json_id)
hook_task=$(TALLYFY_BASE_URL=$hook_api TALLYFY_CA_FILE= "$tallyfy" run tasks "$hook_run" --limit 1 | json_id)
TALLYFY_BASE_URL=$hook_api TALLYFY_CA_FILE= "$tallyfy" task complete "$hook_task" --run "$hook_run" > /dev/null
wait "$hook" || { cat "$work/hook_err"; fail "webhook_server exited with an error"; }
expect "$work/hook" "^process.launched: \"Hooked\" \($hook_run\), status active\$"
expect "$work/hook" "^task completed: \"First thing\" \($hook_task\), status completed\$"
expect "$work/hook_err" 'refused: X-Tallyfy-orgID is not the expected organisation'

# callbacks_and_futures: a future, a callback, an expected failure.
"$examples/callbacks_and_futures" "$quick" > "$work/out"
expect "$work/out" '^future:   launched run [0-9a-f]{32}$'
expect "$work/out" '^callback: run [0-9a-f]{32} has 2 tasks, status active$'
expect "$work/out" '^future:   expected failure: not_found \(HTTP 404\)'

# trace_spans: a span per attempt and per call, with OpenTelemetry's attribute names.
"$examples/trace_spans" "$run" > "$work/out"
[[ $(grep -c '"name":"GET (attempt)"' "$work/out") == 2 ]] || fail "trace_spans: two attempt spans"
[[ $(grep -c '"name":"GET",' "$work/out") == 2 ]] || fail "trace_spans: two call spans"
expect "$work/out" '"http.response.status_code":200'
expect "$work/out" '"tallyfy.connection.reused":true'

# `tallyfy sandbox --http --port N`: plain HTTP on the port asked for.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$tallyfy" sandbox --http --port "$port" > "$work/hello2" &
plain=$!
pids+=($plain)
for _ in $(seq 100); do [[ -s "$work/hello2" ]] && break; sleep 0.1; done
expect "$work/hello2" "\"base_url\":\"http://127.0.0.1:$port/api\""
TALLYFY_BASE_URL="http://127.0.0.1:$port/api" TALLYFY_CA_FILE= "$tallyfy" runs list > "$work/out"
kill -TERM "$plain"
wait "$plain" || fail "tallyfy sandbox did not stop cleanly on SIGTERM"

echo "examples: ok"
