#!/usr/bin/env bash
# Runs an extension's test module (exports run(): Promise<void>) inside code-server's real Node extension
# host, headless, and exits with the suite's result. One fresh code-server state per run, removed after
# (SEIF_KEEP_STATE=1 keeps it; its server.log helps when the workbench never starts). The environment is
# inherited by the extension host, so tests can read e.g. SEIF_TEST_WORKSPACE.
# Usage: test/host/run-in-code-server.sh <extensionDir> <testsModule.js> [workspaceDir]
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
[ $# -ge 2 ] || { echo "usage: $0 <extensionDir> <testsModule.js> [workspaceDir]" >&2; exit 2; }
EXT_DIR=$(realpath -s "$1"); TESTS=$(realpath -s "$2")  # -s: keep the caller's spelling of paths
[ -f "$TESTS" ] || { echo "[test-host] no tests module at $TESTS (run the test build first)" >&2; exit 2; }
mkdir -p "$TEST_HOST_DIR/runs"
RUN_DIR=$(mktemp -d "$TEST_HOST_DIR/runs/run-XXXXXX")
if [ -n "${3:-}" ]; then WS=$(realpath -s "$3"); else WS=$RUN_DIR/workspace; mkdir -p "$WS"; fi
RUNNER_PID=
cleanup() {
  trap '' INT TERM  # a second Ctrl-C (or the caller's own INT) must not cut the cleanup short
  stop_process "$RUNNER_PID"
  stop_code_server
  [ -n "${SEIF_KEEP_STATE:-}" ] && echo "[test-host] state kept in $RUN_DIR" || remove_run_dir "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=${SEIF_TEST_PORT:-$(free_port)}
# Before code-server starts, so its extension host sees it too (tests look at the editor's state under it).
export SEIF_TEST_TMP=$RUN_DIR
start_code_server "$RUN_DIR/state" "$PORT" --vscode-option enable-smoke-test-driver || exit 3
# In the background + wait, so that INT/TERM from our caller (e.g. test-electron on Ctrl-C) act at once.
(cd "$SEIF_ROOT" && exec node --import tsx test/host/run-ext-tests.ts "http://127.0.0.1:$PORT" "$EXT_DIR" "$TESTS" "$WS") &
RUNNER_PID=$!
rc=0; wait "$RUNNER_PID" || rc=$?
RUNNER_PID=
if [ "$rc" -gt 1 ]; then echo "[test-host] code-server log tail:" >&2; tail -15 "$RUN_DIR/state/server.log" >&2; fi
exit "$rc"
