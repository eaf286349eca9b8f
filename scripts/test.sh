#!/usr/bin/env bash
# Installs what the tests need and runs every test: unit, Azurite integration, end-to-end HTTP,
# Bicep template, hardening and browser tests. Ends with one line: "N passed, N failed[, N skipped]".
#
# Needs the .NET 10 SDK and Node.js. Installs Azurite (npm ci) and Debian's Chromium (apt, as
# root or with sudo) when missing. Tests start their own Azurite on free loopback ports.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

step() { printf '\n== %s\n' "$*"; }

# Test runs start Azurite from this folder's node_modules; none may outlive the run.
stop_azurite() { pkill -f "$root/node_modules/azurite/" 2>/dev/null || true; }
trap stop_azurite EXIT

step "Installing Azurite"
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || exit 1
fi

browser_projects=$(ls tests/*/*.csproj 2>/dev/null | grep -i browser || true)
if [ -n "$browser_projects" ] && [ ! -x /usr/bin/chromium ]; then
  step "Installing Chromium (Debian package)"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null || exit 1
fi

step "Building (Release, warnings are errors)"
dotnet build FuncSession.sln -c Release -warnaserror -nologo -clp:ErrorsOnly || exit 1

status=0
run_tests() { # project, extra runner prefix...
  local project=$1; shift
  local name; name=$(basename "$project" .csproj)
  step "Testing $name"
  "$@" dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
}

for project in tests/*/*.csproj; do
  case "$project" in
    *Browser*) continue ;;
    */FuncSession.Testing/*) continue ;; # the library the tests share; it holds no tests
  esac
  run_tests "$project"
done

for project in $browser_projects; do
  # A namespace with only loopback: the browser can reach 127.0.0.1 and nothing else.
  if unshare -n true 2>/dev/null; then
    run_tests "$project" unshare -n sh -c 'ip link set lo up && exec "$@"' sh
  else
    echo "note: cannot create a network namespace here; running browser tests on the host network."
    run_tests "$project"
  fi
done

step "Summary"
passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - passed - failed))
if [ "$total" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
[ "$failed" -gt 0 ] && status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
