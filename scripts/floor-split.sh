#!/usr/bin/env bash
# Where the minimal endpoint's CPU per GET goes: the same Kestrel process answers
#   /constant                 fixed bytes, no storage call (Kestrel alone, saturated)
#   /delayed                  fixed bytes after 40 ms (Kestrel alone, at a storage-bound rate)
#   /api/session/values/{k}   one point read through Azure.Data.Tables (the floor bench.sh measures)
#   /plain/values/{k}         the same point read with a bare HttpClient and a SharedKeyLite signature
# and this script prints, for each in FLOOR_ROUNDS rounds (3) of 10 s at 32 connections after 5 s of
# warm-up, the requests, and the endpoint's and Azurite's CPU milliseconds per request.
# Needs npm ci (Azurite) and wrk; everything listens on 127.0.0.1 only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${FLOOR_ROUNDS:-3}

dotnet build benchmarks/FuncSession.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q
dll=benchmarks/FuncSession.Benchmarks/bin/Release/net10.0/FuncSession.Benchmarks.dll

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

storage_port=$(free_port)
node_modules/.bin/azurite-table --inMemoryPersistence --silent --skipApiVersionCheck \
  --tableHost 127.0.0.1 --tablePort "$storage_port" > /dev/null 2>&1 &
azurite_pid=$!
pids+=("$azurite_pid")
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
connection_string="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;TableEndpoint=http://127.0.0.1:$storage_port/devstoreaccount1;"
base="http://127.0.0.1:$(free_port)"
sleep 2
dotnet "$dll" minimal-endpoint --connection-string "$connection_string" --urls "$base" > /dev/null 2>&1 &
endpoint_pid=$!
pids+=("$endpoint_pid")
routes="constant delayed api/session/values/greeting plain/values/greeting"
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/plain/values/greeting")" = 200 ] && break
  sleep 0.5
done
for route in $routes; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/$route")" = 200 ] || { echo "/$route did not answer 200" >&2; exit 1; }
done

hz=$(getconf CLK_TCK)
echo "round route requests endpoint_ms_per_request azurite_ms_per_request load_average"
for round in $(seq 1 "$rounds"); do
  for route in $routes; do
    wrk -t 2 -c 32 -d 5s "$base/$route" > /dev/null
    endpoint_before=$(cpu_ticks "$endpoint_pid"); azurite_before=$(cpu_ticks "$azurite_pid")
    result=$(wrk -t 2 -c 32 -d 10s "$base/$route")
    endpoint_after=$(cpu_ticks "$endpoint_pid"); azurite_after=$(cpu_ticks "$azurite_pid")
    if grep -q 'Non-2xx' <<< "$result"; then echo "$route answered errors: $result" >&2; exit 1; fi
    requests=$(awk '/requests in/ { print $1 }' <<< "$result")
    awk -v r="$round" -v route="/$route" -v n="$requests" -v hz="$hz" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      -v e=$((endpoint_after - endpoint_before)) -v a=$((azurite_after - azurite_before)) \
      'BEGIN { printf "%d %s %d %.3f %.3f %s\n", r, route, n, e * 1000 / hz / n, a * 1000 / hz / n, load }'
  done
done
