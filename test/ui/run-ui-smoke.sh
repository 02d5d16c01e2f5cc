#!/usr/bin/env bash
# UI smoke test: installs the packaged extension into a fresh code-server (--install-extension, like a
# user would), starts it on a free loopback port and runs test/ui/ui-smoke.ts against the workbench.
# Usage: test/ui/run-ui-smoke.sh [path/to.vsix]   (default dist/seif-studio.vsix, from npm run package)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../host/lib.sh"
VSIX=$(realpath "${1:-$SEIF_ROOT/dist/seif-studio.vsix}")
[ -f "$VSIX" ] || { echo "[ui] no $VSIX: run npm run package" >&2; exit 2; }
mkdir -p "$TEST_HOST_DIR/runs"
RUN_DIR=$(mktemp -d "$TEST_HOST_DIR/runs/ui-host-XXXXXX")
RUNNER_PID=
cleanup() {
  trap '' INT TERM  # a second Ctrl-C (or the caller's own INT) must not cut the cleanup short
  stop_process "$RUNNER_PID"
  stop_code_server
  [ -n "${SEIF_KEEP_STATE:-}" ] && echo "[ui] state kept in $RUN_DIR" || remove_run_dir "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CS_STATE="$RUN_DIR/state" "$TEST_HOST_SCRIPTS/code-server.sh" --install-extension "$VSIX" > "$RUN_DIR/install.log" 2>&1 \
  || { cat "$RUN_DIR/install.log" >&2; exit 3; }
tail -1 "$RUN_DIR/install.log"
start_code_server "$RUN_DIR/state" "${SEIF_TEST_PORT:-$(free_port)}" || exit 3
export SEIF_TEST_TMP=$RUN_DIR
(cd "$SEIF_ROOT" && exec node --import tsx "${SEIF_UI_SCRIPT:-test/ui/ui-smoke.ts}" "http://127.0.0.1:${CS_PORT}") &
RUNNER_PID=$!
rc=0; wait "$RUNNER_PID" || rc=$?
RUNNER_PID=
exit "$rc"
