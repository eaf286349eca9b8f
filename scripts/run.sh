#!/usr/bin/env bash
# Runs the FuncSession API locally on http://localhost:7071/api against Azurite.
#
# Installs Azurite (npm ci) when it is missing, creates local.settings.json from
# local.settings.sample.json with a freshly generated signing key when there is none, starts
# Azurite (data kept in .azurite/) unless one is already listening, then runs the functions:
# with Azure Functions Core Tools (`func start`) when they are installed, otherwise on Kestrel
# through src/FuncSession.LocalHost. Ctrl+C stops the API and the Azurite it started.
#
# FUNCSESSION_HOST=localhost forces LocalHost even where Core Tools are installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is not installed (see README: prerequisites)." >&2; exit 1; }
done

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -f local.settings.json ]; then
  node -e '
    const fs = require("fs"), crypto = require("crypto");
    const settings = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
    settings.Values.FuncSession__SigningKeys = crypto.randomBytes(32).toString("base64");
    fs.writeFileSync("local.settings.json", JSON.stringify(settings, null, 2) + "\n", { mode: 0o600 });'
  echo "Created local.settings.json with a new signing key."
fi
# Core Tools read local.settings.json from the project folder they start in.
ln -sfn ../../local.settings.json src/FuncSession.Functions/local.settings.json

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_pid=""
cleanup() { [ -n "$azurite_pid" ] && kill -INT "$azurite_pid" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if port_open 10002; then
  echo "Azurite is already listening on 127.0.0.1:10002; using it."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > .azurite/azurite.log 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 100); do port_open 10002 && break; sleep 0.1; done
  port_open 10002 || { echo "error: Azurite did not start; see .azurite/azurite.log" >&2; exit 1; }
  echo "Azurite started (blob 10000, queue 10001, table 10002; data in .azurite/)."
fi

if command -v func >/dev/null && [ "${FUNCSESSION_HOST:-}" != "localhost" ]; then
  echo "Starting the Function App with Azure Functions Core Tools: http://localhost:7071/api  (Ctrl+C to stop)"
  cd src/FuncSession.Functions
  func start
else
  echo "Starting the functions on Kestrel (LocalHost): http://localhost:7071/api  (Ctrl+C to stop)"
  dotnet run --project src/FuncSession.LocalHost -c Release
fi
