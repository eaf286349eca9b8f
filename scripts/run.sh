#!/usr/bin/env bash
# Runs the FuncSession API locally on http://localhost:7071/api against Azurite.
#
# Installs Azurite (npm ci) when it is missing, creates local.settings.json from
# local.settings.sample.json with a freshly generated signing key when there is none, starts
# Azurite (data kept in .azurite/) unless one is already listening, then runs the functions:
# with Azure Functions Core Tools (`func start`) when they are installed, otherwise on Kestrel
# through src/FuncSession.LocalHost. Ctrl+C or SIGTERM stops the API and the Azurite it started
# within 5 seconds.
#
# Environment variables (all optional):
#   FUNCSESSION_HOST=localhost   use LocalHost even where Core Tools are installed
#   FUNCSESSION_PORT=7071        the API's port
#   FUNCSESSION_SETTINGS=FILE    the local.settings.json to use (created there when missing)
#   FUNCSESSION_NO_BUILD=1       run LocalHost as last built (Release), without building it
#   AZURITE_BLOB_PORT=10000, AZURITE_QUEUE_PORT=10001, AZURITE_TABLE_PORT=10002
#   AZURITE_DIR=.azurite         where a started Azurite keeps its data and log
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

api_port=${FUNCSESSION_PORT:-7071}
blob_port=${AZURITE_BLOB_PORT:-10000}
queue_port=${AZURITE_QUEUE_PORT:-10001}
table_port=${AZURITE_TABLE_PORT:-10002}
azurite_dir=${AZURITE_DIR:-.azurite}
settings=${FUNCSESSION_SETTINGS:-$root/local.settings.json}

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is not installed (see README: prerequisites)." >&2; exit 1; }
done

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -f "$settings" ]; then
  SETTINGS="$settings" node -e '
    const fs = require("fs"), crypto = require("crypto");
    const settings = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
    settings.Values.FuncSession__SigningKeys = crypto.randomBytes(32).toString("base64");
    fs.writeFileSync(process.env.SETTINGS, JSON.stringify(settings, null, 2) + "\n", { mode: 0o600 });'
  echo "Created $settings with a new signing key."
fi

# Azurite on other than its usual ports: point both storage connections at them. The key is
# Azurite's published development key, not a secret.
if [ "$blob_port:$queue_port:$table_port" != "10000:10001:10002" ]; then
  dev_account="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
  export AzureWebJobsStorage="$dev_account"
  export SessionStorage__connectionString="$dev_account"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops a child with SIGTERM, then SIGKILL if it is still there after $2 tenths of a second.
stop_process() {
  local pid=$1 tenths=$2
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < tenths; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

api_pid=""
azurite_pid=""
# The API first, so that it lets go of its connections to Azurite; Azurite may otherwise take
# many seconds to exit. 2 s + 1 s keeps the whole stop well under 5 s, also on a busy machine.
cleanup() {
  trap - EXIT INT TERM
  stop_process "$api_pid" 20
  stop_process "$azurite_pid" 10
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

if port_open "$table_port"; then
  echo "Azurite is already listening on 127.0.0.1:$table_port; using it."
else
  mkdir -p "$azurite_dir"
  node_modules/.bin/azurite --silent --location "$azurite_dir" --skipApiVersionCheck --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" > "$azurite_dir/azurite.log" 2>&1 &
  azurite_pid=$!
  # Seconds on an idle machine; a busy one can take much longer.
  for _ in $(seq 1 600); do port_open "$table_port" && break; sleep 0.1; done
  port_open "$table_port" || { echo "error: Azurite did not start; see $azurite_dir/azurite.log" >&2; exit 1; }
  echo "Azurite started (blob $blob_port, queue $queue_port, table $table_port; data in $azurite_dir/)."
fi

# The API runs in the background and the script waits for it: a shell runs its traps only between
# commands, so a foreground API would keep SIGTERM from ever reaching cleanup.
if command -v func >/dev/null && [ "${FUNCSESSION_HOST:-}" != "localhost" ]; then
  # Core Tools read local.settings.json from the project folder they start in.
  ln -sfn "$settings" src/FuncSession.Functions/local.settings.json
  echo "Starting the Function App with Azure Functions Core Tools: http://localhost:$api_port/api  (Ctrl+C to stop)"
  (cd src/FuncSession.Functions && exec func start --port "$api_port") &
else
  if [ "${FUNCSESSION_NO_BUILD:-}" != 1 ]; then
    dotnet build src/FuncSession.LocalHost -c Release -nologo -clp:ErrorsOnly -v quiet
  fi
  echo "Starting the functions on Kestrel (LocalHost): http://localhost:$api_port/api  (Ctrl+C to stop)"
  dotnet src/FuncSession.LocalHost/bin/Release/net10.0/FuncSession.LocalHost.dll \
    --settings "$settings" --urls "http://localhost:$api_port" &
fi
api_pid=$!
status=0
wait "$api_pid" || status=$?
api_pid=""
exit "$status"
