# Sourced by bench.sh and floor-split.sh, not run: free loopback ports, a process's CPU time, and
# an in-memory Azurite Table service on a free 127.0.0.1 port.

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

cpu_seconds() { # pid: user + system CPU seconds so far
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}

# Starts Azurite's Table service in memory, its output to file $1, and adds it to the array pids;
# sets storage_port, azurite_pid and connection_string (Azurite's well-known development account).
start_memory_azurite() {
  storage_port=$(free_port)
  node_modules/.bin/azurite-table --inMemoryPersistence --silent --skipApiVersionCheck \
    --tableHost 127.0.0.1 --tablePort "$storage_port" > "$1" 2>&1 &
  azurite_pid=$!
  pids+=("$azurite_pid")
  local account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  connection_string="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;TableEndpoint=http://127.0.0.1:$storage_port/devstoreaccount1;"
}
