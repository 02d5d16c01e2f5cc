# Helpers for the test-host scripts (sourced): a free loopback port, and one code-server started in its
# own process group so that stopping it also stops its extension hosts and watchers.
TEST_HOST_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$TEST_HOST_SCRIPTS/host-env.sh"

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_is_free() {
  node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen($1,'127.0.0.1',()=>s.close())"
}

# start_code_server <stateDir> <port> [code-server args…]: returns once /healthz answers (≤ 60 s);
# sets CS_PID (also the process-group id) and CS_PORT.
start_code_server() {
  local state=$1 port=$2; shift 2
  mkdir -p "$state"
  CS_STATE="$state" setsid "$TEST_HOST_SCRIPTS/code-server.sh" --bind-addr "127.0.0.1:$port" "$@" \
    > "$state/server.log" 2>&1 < /dev/null &
  CS_PID=$! CS_PORT=$port
  local t0; t0=$(date +%s%N)
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then
      echo "[test-host] code-server up on 127.0.0.1:$port in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
      return 0
    fi
    if ! kill -0 "$CS_PID" 2>/dev/null; then
      echo "[test-host] code-server exited while starting:" >&2; tail -20 "$state/server.log" >&2; CS_PID=; return 1
    fi
    sleep 0.1
  done
  echo "[test-host] code-server did not answer on port $port within 60 s" >&2
  stop_code_server; return 1
}

# Stops the whole group: TERM, up to 5 s grace, then KILL.
stop_code_server() {
  [ -n "${CS_PID:-}" ] || return 0
  kill -TERM -- -"$CS_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- -"$CS_PID" 2>/dev/null || { CS_PID=; return 0; }; sleep 0.1; done
  kill -KILL -- -"$CS_PID" 2>/dev/null || true
  CS_PID=
}

# stop_process <pid>: TERM, up to 5 s for it to finish (the runners close chromium on TERM), then KILL.
stop_process() {
  [ -n "${1:-}" ] || return 0
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# remove_run_dir <dir>: rm -rf, once more after a second if a late writer (chromium) raced it.
remove_run_dir() {
  rm -rf "$1" 2>/dev/null || { sleep 1; rm -rf "$1"; }
}
