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

# free_port, cpu_seconds, start_memory_azurite
source "$root/scripts/bench-common.sh"

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

start_memory_azurite /dev/null
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

echo "round route requests endpoint_ms_per_request azurite_ms_per_request load_average"
for round in $(seq 1 "$rounds"); do
  for route in $routes; do
    wrk -t 2 -c 32 -d 5s "$base/$route" > /dev/null
    endpoint_before=$(cpu_seconds "$endpoint_pid"); azurite_before=$(cpu_seconds "$azurite_pid")
    result=$(wrk -t 2 -c 32 -d 10s "$base/$route")
    endpoint_after=$(cpu_seconds "$endpoint_pid"); azurite_after=$(cpu_seconds "$azurite_pid")
    if grep -q 'Non-2xx' <<< "$result"; then echo "$route answered errors: $result" >&2; exit 1; fi
    requests=$(awk '/requests in/ { print $1 }' <<< "$result")
    awk -v r="$round" -v route="/$route" -v n="$requests" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      -v e0="$endpoint_before" -v e1="$endpoint_after" -v a0="$azurite_before" -v a1="$azurite_after" \
      'BEGIN { printf "%d %s %d %.3f %.3f %s\n", r, route, n, (e1 - e0) * 1000 / n, (a1 - a0) * 1000 / n, load }'
  done
done
