#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, creates the sample workspace (.seif-test/sample-workspace,
# kept between starts; SEIF's released data from ../shared/seif-data when present, else generated) and
# opens it with the extension: in desktop VS Code (`code`) when installed, else in code-server on
# 127.0.0.1 with the packaged .vsix installed and the URL printed. Runs until Ctrl-C.
# Env: SEIF_PORT (default 8080), SEIF_USE_CODE_SERVER=1 (skip desktop code), SEIF_SAMPLE_WORKSPACE=<dir>.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
npm run -s build

WS=${SEIF_SAMPLE_WORKSPACE:-$ROOT/.seif-test/sample-workspace}
if [ ! -d "$WS" ]; then
  echo "[start] creating the sample workspace $WS"
  node --import tsx test/support/make-workspace.ts "$WS" --shared   # falls back to generated data
fi

if [ -z "${SEIF_USE_CODE_SERVER:-}" ] && command -v code >/dev/null; then
  echo "[start] opening $WS in VS Code with the extension from $ROOT (close the window to stop)"
  exec code --new-window --wait --extensionDevelopmentPath="$ROOT" "$WS"
fi

. test/host/lib.sh
mkdir -p "$TEST_HOST_DIR"
npm run -s package > "$TEST_HOST_DIR/package.log" 2>&1 || { cat "$TEST_HOST_DIR/package.log" >&2; exit 1; }
STATE=$TEST_HOST_DIR/start   # kept between starts: the user's settings and open editors survive
CS_STATE="$STATE" test/host/code-server.sh --install-extension dist/seif-studio.vsix --force | tail -1
PORT=${SEIF_PORT:-8080}
port_is_free "$PORT" || { echo "[start] port $PORT is taken, using a free one"; PORT=$(free_port); }
trap 'trap "" INT TERM; stop_code_server' EXIT   # ignore a second Ctrl-C while stopping
trap 'exit 130' INT TERM
start_code_server "$STATE" "$PORT"
echo
echo "  SEIF Studio is running in code-server: http://127.0.0.1:$PORT/?folder=$WS"
echo "  (log: $STATE/server.log; Ctrl-C stops it)"
echo
rc=0; wait "$CS_PID" || rc=$?
echo "[start] code-server exited ($rc)"
exit "$rc"
