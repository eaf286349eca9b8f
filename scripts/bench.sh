#!/usr/bin/env bash
# Benchmarks the API against the storage it stands on, on this machine, over loopback.
#
# Builds in Release, starts its own in-memory Azurite and the API (through LocalHost) on free
# 127.0.0.1 ports, warms up, then for 1, 8, 32 and 128 connections measures with wrk:
#   GET /api/session/values/{key}, GET /api/session (50 values), PUT /api/session/values/{key}
#   on one session and on many sessions, and POST /api/auth/login (separately);
# and, in the same run against the same Azurite, the raw storage cost of the same work through
# Azure.Data.Tables (point reads; read + replace with If-Match), and the CPU per GET of a minimal
# endpoint (Kestrel and the same point read, nothing else). Then runs the BenchmarkDotNet
# microbenchmarks, writes artifacts/bench/ (results.csv, results.json, micro/, logs) and
# regenerates docs/benchmarks.md and docs/benchmarks.png.
#
# Needs the .NET 10 SDK, Node.js, wrk and python3 with matplotlib (Debian: apt-get install wrk
# python3-matplotlib; installed here when missing and running as root).
# Each row records the CPU the API, Azurite and the load generator used while it ran, and what every
# other process on the machine used (all cores' busy time from /proc/stat, less those three); a row
# where the others passed 10% of one core is marked contended on the page. At the end it prints the
# API-to-raw ratios of the run and whether each target was met.
# Settings (environment): BENCH_DURATION seconds per measurement (10), BENCH_CONNECTIONS
# ("1 8 32 128"), BENCH_SESSIONS sessions for the many-sessions PUT (1024), BENCH_ROUNDS rounds of the
# target ratios at 32 connections (4), BENCH_MICRO=0 skips
# the microbenchmarks (keeping the last ones' results), BENCH_DOCS=0 leaves docs/ alone.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-"1 8 32 128"}
session_count=${BENCH_SESSIONS:-1024}
out="$root/artifacts/bench"
bench_dll="benchmarks/FuncSession.Benchmarks/bin/Release/net10.0/FuncSession.Benchmarks.dll"
api_dll="src/FuncSession.LocalHost/bin/Release/net10.0/FuncSession.LocalHost.dll"
lua="$root/benchmarks/load/requests.lua"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

step() { printf '\n== %s\n' "$*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

install_debian() { # package...
  [ "$(id -u)" -eq 0 ] || fail "missing $*: install with apt-get install $*"
  step "Installing $* (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

for tool in dotnet node npm curl; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed."
done
command -v wrk >/dev/null || install_debian wrk
"$python" -c 'import matplotlib' 2>/dev/null || { install_debian python3-matplotlib; python=/usr/bin/python3; }
if [ ! -x node_modules/.bin/azurite-table ]; then
  step "Installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The commit measured, named before the build: the page must not name a later one.
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src benchmarks scripts 2>/dev/null || echo ' with uncommitted changes')"

step "Building (Release)"
dotnet build src/FuncSession.LocalHost -c Release -nologo -clp:ErrorsOnly -v:q
dotnet build benchmarks/FuncSession.Benchmarks -c Release -nologo -clp:ErrorsOnly -v:q

# BENCH_MICRO=0 keeps the last microbenchmark results, so the load can be measured again alone.
if [ "${BENCH_MICRO:-1}" = 0 ]; then
  find "$out" -mindepth 1 -maxdepth 1 ! -name micro -exec rm -rf {} + 2>/dev/null || true
else
  rm -rf "$out"
fi
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

# free_port, cpu_seconds, start_memory_azurite
source "$root/scripts/bench-common.sh"
busy_seconds() { # CPU seconds every core spent busy so far (user, nice, system, irq, softirq, steal)
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "Starting Azurite (in memory) and the API (Release)"
start_memory_azurite "$out/azurite.log"

api_port=$(free_port)
base="http://127.0.0.1:$api_port"
# The content root is the build output, so the app's appsettings.json (request and storage-call
# logging at Warning) applies as it does when the app runs from its own folder. Every session the
# load uses comes from this one address, so its per-address limits on new sessions, registrations
# and logins (abuse bounds, not what is measured here) are lifted.
dotnet "$api_dll" --urls "$base" --settings none --contentRoot "$root/$(dirname "$api_dll")" \
  "--SessionStorage:connectionString=$connection_string" \
  "--FuncSession:SigningKeys=$(head -c 32 /dev/urandom | base64)" \
  "--FuncSession:NewSessionsPerAddress=1000000" \
  "--FuncSession:RegistrationsPerAddress=1000000" \
  "--FuncSession:LoginsPerAddress=1000000" \
  "--FuncSession:ConcurrentLoginsPerAddress=1000" \
  "--SessionCleanupSchedule=0 0 0 1 1 *" > "$out/api.log" 2>&1 &
api_pid=$!
pids+=("$api_pid")
# Ready when the tables exist (the API creates them in the background at start-up).
for _ in $(seq 1 300); do
  grep -qs 'Session tables are ready' "$out/api.log" && break
  kill -0 "$api_pid" 2>/dev/null || fail "the API exited; see $out/api.log"
  sleep 0.1
done
grep -q 'Session tables are ready' "$out/api.log" || fail "the API did not create its tables in 30 s; see $out/api.log"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/health")" = 200 ] || fail "the API is not healthy; see $out/api.log"

# The floor under the API's CPU per GET: a bare Kestrel endpoint making the same storage call.
floor_port=$(free_port)
floor_base="http://127.0.0.1:$floor_port"
dotnet "$bench_dll" minimal-endpoint --connection-string "$connection_string" --urls "$floor_base" > "$out/minimal-endpoint.log" 2>&1 &
floor_pid=$!
pids+=("$floor_pid")
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$floor_base/api/session/values/greeting")" = 200 ] && break
  kill -0 "$floor_pid" 2>/dev/null || fail "the minimal endpoint exited; see $out/minimal-endpoint.log"
  sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$floor_base/api/session/values/greeting")" = 200 ] \
  || fail "the minimal endpoint did not answer in 30 s; see $out/minimal-endpoint.log"

step "Creating the sessions the load uses"
new_session() { # method path body -> cookie value
  curl -s -o /dev/null -D - -X "$1" -H 'Content-Type: application/json' --data-binary "$3" "$base$2" \
    | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: session=\([^;]*\).*/\1/p' | head -1
}
cookie=$(new_session PUT /api/session/values/greeting '"hello, world"')
fifty_cookie=$(new_session PATCH /api/session "$(dotnet "$bench_dll" fifty-values)")
[ -n "$cookie" ] && [ -n "$fifty_cookie" ] || fail "could not create the benchmark sessions"
[ "$(curl -s -H "Cookie: session=$cookie" "$base/api/session/values/greeting")" = '"hello, world"' ] \
  || fail "the benchmark session does not read back"

cookies="$out/cookies.txt"
config="$out/create-sessions.curl"
: > "$config"
for i in $(seq 1 "$session_count"); do
  [ "$i" -gt 1 ] && echo "next" >> "$config"
  printf 'url = "%s/api/session/values/greeting"\nrequest = "PUT"\nheader = "Content-Type: application/json"\ndata = "\\"hello, world\\""\noutput = "/dev/null"\ndump-header = "-"\n' "$base" >> "$config"
done
curl -s -K "$config" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: session=\([^;]*\).*/\1/p' > "$cookies"
[ "$(wc -l < "$cookies")" -eq "$session_count" ] || fail "created $(wc -l < "$cookies") of $session_count sessions"

# One user per connection of the largest load, so no name has more than one login in flight.
logins="$out/logins.txt"
max_connections=$(printf '%s\n' $connections | sort -n | tail -1)
for i in $(seq 1 "$max_connections"); do
  printf '{"username":"bench-user-%d","password":"correct horse battery staple"}\n' "$i"
done > "$logins"
login_note=""
registered=$(xargs -d '\n' -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST \
  -H 'Content-Type: application/json' --data-binary {} "$base/api/auth/register" < "$logins" | sort | uniq -c | tr -s ' ' | paste -sd ';' -)
case "$registered" in
  " $max_connections 201") [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
              --data-binary "$(head -1 "$logins")" "$base/api/auth/login")" = 200 ] || login_note="login did not answer 200" ;;
  *) login_note="registering $max_connections users answered:$registered" ;;
esac

record() { # kind op connections json-line extra-json; ROUND names the round of a repeated measurement
  echo "{\"kind\":\"$1\",\"op\":\"$2\",\"connections\":$3,\"round\":${ROUND:-1},\"measured\":$4,$5}" >> "$results"
}

run_wrk() { # op connections seconds [record]; RUN_KIND=floor drives the minimal endpoint instead of the API
  local op=$1 c=$2 seconds=$3 threads=$(( $2 < 2 ? $2 : 2 ))
  local kind=${RUN_KIND:-api} server_pid=$api_pid target=$base
  [ "$kind" = floor ] && { server_pid=$floor_pid; target=$floor_base; }
  local api_before azurite_before busy_before started
  api_before=$(cpu_seconds "$server_pid"); azurite_before=$(cpu_seconds "$azurite_pid"); busy_before=$(busy_seconds); started=$(date +%s.%N)
  local TIMEFORMAT='%U %S'
  { time BENCH_OP=$op BENCH_COOKIE=$([ "$op" = get-session ] && echo "$fifty_cookie" || echo "$cookie") \
      BENCH_COOKIES=$cookies BENCH_THREADS=$threads BENCH_LOGINS=$logins \
      wrk -t "$threads" -c "$c" -d "${seconds}s" --timeout 30s -s "$lua" "$target" > "$out/wrk.out" 2> "$out/wrk.err"; } 2> "$out/wrk.time"
  [ "${4:-}" = record ] || return 0
  local line api_cpu azurite_cpu wrk_cpu busy window
  busy=$(awk -v a="$busy_before" -v b="$(busy_seconds)" 'BEGIN { printf "%.2f", b - a }')
  window=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  line=$(grep '^{"requests"' "$out/wrk.out") || fail "wrk printed no result for $op at $c connections: $(cat "$out/wrk.err")"
  api_cpu=$(awk -v a="$api_before" -v b="$(cpu_seconds "$server_pid")" 'BEGIN { printf "%.2f", b - a }')
  azurite_cpu=$(awk -v a="$azurite_before" -v b="$(cpu_seconds "$azurite_pid")" 'BEGIN { printf "%.2f", b - a }')
  wrk_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/wrk.time")
  record "$kind" "$op" "$c" true "\"wrk\":$line,\"server_cpu_s\":$api_cpu,\"storage_cpu_s\":$azurite_cpu,\"client_cpu_s\":$wrk_cpu,\"machine_busy_s\":$busy,\"window_s\":$window"
  echo "$kind $op c=$c: $line" >&2
}

run_raw() { # op connections
  local line
  # Fully optimized from the first call (no tiered JIT): each baseline is a fresh process with a
  # few seconds of warm-up, while the API has been warmed up and running for minutes.
  line=$(DOTNET_TieredCompilation=0 dotnet "$bench_dll" storage --connection-string "$connection_string" --op "$1" --connections "$2" \
    --entities "$session_count" --duration "$duration" --warmup 3 --storage-pid "$azurite_pid" --api-pid "$api_pid" | tail -1)
  record raw "$1" "$2" true "\"raw\":$line"
  echo "raw  $1 c=$2: $line" >&2
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
step "Warming up the API"
for op in get-value get-session put-many put-same; do run_wrk "$op" 32 5; done

# Each measurement starts warm at its own concurrency, unrecorded: the baseline warms up 3 s, the
# API 5 s. At a higher concurrency the API opens more storage connections while the emulator is
# saturated, and the emulator then accepts new connections slowly; the raw client opens all of
# its connections at once, before its load begins.
measure_api() { run_wrk "$1" "$2" 5; run_wrk "$1" "$2" "$duration" record; }

for c in $connections; do
  step "$c connection(s), ${duration}s each"
  run_raw read "$c";   measure_api get-value "$c"; RUN_KIND=floor measure_api get-value "$c"
  run_raw read50 "$c"; measure_api get-session "$c"
  run_raw rmw "$c";    measure_api put-many "$c"
  measure_api put-same "$c"
done

# The GET-value and many-sessions PUT targets compare the API with its baseline at 32 connections.
# Azurite's speed drifts from one pair of rows to the next by more than the targets' margins (one run
# measured adjacent pairs at 0.75 to 1.21 of each other), so those two pairs are measured in more
# rounds, in alternating order (raw then API, API then raw, ...) so that a steady drift weighs on both
# sides alike, and the targets are judged on the totals of all rounds.
rounds=${BENCH_ROUNDS:-4}
if printf '%s\n' $connections | grep -qx 32; then
  for round in $(seq 2 "$rounds"); do
    step "Round $round of $rounds of the target pairs at 32 connections"
    for pair in "read get-value" "rmw put-many"; do
      set -- $pair
      if [ $(( round % 2 )) = 0 ]; then
        ROUND=$round measure_api "$2" 32; ROUND=$round run_raw "$1" 32
      else
        ROUND=$round run_raw "$1" 32; ROUND=$round measure_api "$2" 32
      fi
    done
  done
fi

if [ -z "$login_note" ]; then
  step "Login (password hashing by design)"
  for c in $connections; do measure_api login "$c"; done
else
  echo "login: not measured: $login_note" >&2
  for c in $connections; do record api login "$c" false "\"note\":\"not measured: $login_note\""; done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

api_peak_rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$api_pid/status")
azurite_peak_rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$azurite_pid/status")
cleanup
pids=()

if [ "${BENCH_MICRO:-1}" != 0 ]; then
  step "Microbenchmarks (BenchmarkDotNet, short runs)"
  # In process: BenchmarkDotNet's own build of each benchmark gives up after 2 minutes, which a busy
  # machine exceeds; the benchmarks that need a process of their own clean up after themselves.
  (cd "$out" && dotnet "$root/$bench_dll" --filter '*' --inProcess --artifacts "$out/micro" --exporters csv github > "$out/micro.log" 2>&1) \
    || fail "the microbenchmarks failed; see $out/micro.log"
  grep -E '^\| ' "$out"/micro/results/*-report-github.md >&2 || true
fi

cat > "$out/machine.json" <<EOF
{
  "nproc": $(nproc),
  "cpu": "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)",
  "cpu_mhz": "$(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -1)",
  "cpu_family_model": "$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -1)/$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -1)",
  "virtualized": $(grep -qw hypervisor /proc/cpuinfo && echo true || echo false),
  "mem_total_kb": $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo),
  "os": "$(. /etc/os-release && echo "$PRETTY_NAME")",
  "kernel": "$(uname -r)",
  "dotnet": "$(dotnet --version)",
  "node": "$(node --version)",
  "azurite": "$(node -p 'require("./node_modules/azurite/package.json").version')",
  "wrk": "$(wrk -v 2>&1 | head -1 | cut -d' ' -f2)",
  "load_before": "$load_start",
  "load_after": "$load_end",
  "duration_s": $duration,
  "sessions": $session_count,
  "api_peak_rss_kb": $api_peak_rss_kb,
  "azurite_peak_rss_kb": $azurite_peak_rss_kb,
  "commit": "$commit",
  "date": "$(date -u +%Y-%m-%dT%H:%MZ)"
}
EOF

step "Writing the report"
docs_args=()
[ "${BENCH_DOCS:-1}" = 0 ] || docs_args=(--docs "$root/docs")
"$python" "$root/benchmarks/load/report.py" "$out" "${docs_args[@]}"
