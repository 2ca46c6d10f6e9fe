#!/usr/bin/env bash
# tallyfy-sandbox as documented: first stdout line is JSON; curl --cacert talks to it like the API;
# SIGTERM stops it cleanly.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'kill "$pid" ${pid3:-} 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" --seed 42 --ca-out "$work/ca.pem" > "$work/out" &
pid=$!
for _ in $(seq 100); do [[ -s "$work/out" ]] && break; sleep 0.1; done
hello=$(head -n 1 "$work/out")
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$hello" "$1"; }
base=$(field base_url); org=$(field org_id); token=$(field token)
[[ $(field ca_file) == "$work/ca.pem" ]] || { echo "ca_file not reported"; exit 1; }
python3 -c 'import json,sys; c=json.loads(sys.argv[1])["checklists"]; assert c and all(len(x["id"])==32 for x in c)' "$hello"

code=$(curl -sS --cacert "$work/ca.pem" -o "$work/body" -w '%{http_code}' \
    -H "Authorization: Bearer $token" -H 'Accept: application/json' -H 'X-Tallyfy-Client: APIClient' \
    "$base/organizations/$org/checklists")
[[ $code == 200 ]] || { echo "checklists: HTTP $code"; cat "$work/body"; exit 1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "data" in d and "pagination" in d["meta"]' "$work/body"

code=$(curl -sS --cacert "$work/ca.pem" -o "$work/body" -w '%{http_code}' -H 'X-Tallyfy-Client: APIClient' \
    "$base/organizations/$org/checklists")
[[ $code == 401 ]] || { echo "no token: HTTP $code"; exit 1; }

# Same seed, same data: a second instance reports the same org and checklists.
"$bin" --seed 42 --http > "$work/out2" &
pid2=$!
for _ in $(seq 100); do [[ -s "$work/out2" ]] && break; sleep 0.1; done
org2=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["org_id"])' "$(head -n1 "$work/out2")")
kill -TERM "$pid2"; wait "$pid2"
[[ $org2 == "$org" ]] || { echo "seeded org differs: $org2 vs $org"; exit 1; }

# --client-ca: the sandbox requires a client certificate issued by that CA (mutual TLS).
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key "$work/cca.key"; key "$work/client.key"
openssl req -x509 -new -key "$work/cca.key" -out "$work/cca.pem" -subj "/CN=client CA" -days 1
openssl req -new -key "$work/client.key" -out "$work/client.csr" -subj "/CN=client"
openssl x509 -req -in "$work/client.csr" -CA "$work/cca.pem" -CAkey "$work/cca.key" \
    -CAcreateserial -out "$work/client.pem" -days 1 2>/dev/null
"$bin" --seed 42 --client-ca "$work/cca.pem" --ca-out "$work/ca3.pem" > "$work/out3" &
pid3=$!
for _ in $(seq 100); do [[ -s "$work/out3" ]] && break; sleep 0.1; done
base3=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["base_url"])' "$(head -n1 "$work/out3")")
code=$(curl -sS --cacert "$work/ca3.pem" --cert "$work/client.pem" --key "$work/client.key" \
    -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'X-Tallyfy-Client: APIClient' \
    "$base3/organizations/$org/checklists")
[[ $code == 200 ]] || { echo "with a client certificate: HTTP $code"; exit 1; }
if curl -sS --cacert "$work/ca3.pem" -o /dev/null -H "Authorization: Bearer $token" \
    "$base3/organizations/$org/checklists" 2>/dev/null; then
    echo "without a client certificate the sandbox answered"; exit 1
fi
kill -TERM "$pid3"; wait "$pid3"

# The options (tools/common/sandbox_options.hpp): the usage lists each; a bad value or an unknown
# option is a usage error (2) that names it.
"$bin" --help > "$work/help"
for option in "--port N" "--client-ca FILE" "--rate-limit-mode M" "--fault SPEC" "--no-record"; do
    grep -q -- "$option" "$work/help" || { echo "usage lacks $option"; cat "$work/help"; exit 1; }
done
for bad in "--port 70000:--port: 70000" "--recomplete maybe:--recomplete takes ok or error" \
    "--bogus:unknown option --bogus" "--seed:missing value for --seed"; do
    rc=0; "$bin" ${bad%%:*} > /dev/null 2> "$work/err" || rc=$?
    [[ $rc == 2 ]] && grep -q -- "${bad#*:}" "$work/err" || {
        echo "${bad%%:*}: exit $rc"; cat "$work/err"; exit 1; }
done

kill -TERM "$pid"
wait "$pid"
echo "tallyfy-sandbox executable: ok"
