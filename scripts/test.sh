#!/usr/bin/env bash
# The whole suite (`npm test`): setup -> check -> build -> unit -> integration (extension host) -> package
# -> UI smoke. Prints each stage's result and ends with a plain "N passed, N failed" line counting the tests
# of every stage (setup, check, build and package count as one test each; a stage that cannot run because
# an earlier one failed counts as one failure). Exit code 0 only if nothing failed.
# Usage: bash scripts/test.sh [stage…]   e.g. `npm test -- unit integration` (setup always runs).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOGS=$ROOT/out/test-logs
mkdir -p "$LOGS"
ALL_STAGES=(check build unit integration package ui)
if [ $# -gt 0 ]; then STAGES=("$@"); else STAGES=("${ALL_STAGES[@]}"); fi
for s in "${STAGES[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || { echo "unknown stage '$s' (stages: ${ALL_STAGES[*]})" >&2; exit 2; }
done
wanted() { [[ " ${STAGES[*]} " == *" $1 "* ]]; }

PASSED=0 FAILED=0
SUMMARY=()
# record <stage> <passed> <failed> <seconds> [note]
record() {
  PASSED=$((PASSED + $2)) FAILED=$((FAILED + $3))
  local verdict=PASS; [ "$3" -eq 0 ] || verdict=FAIL
  SUMMARY+=("$(printf '%-12s %s  %s passed, %s failed  (%ss)%s' "$1" "$verdict" "$2" "$3" "$4" "${5:+  $5}")")
  echo "[test] ── $1: $verdict — $2 passed, $3 failed (${4}s)${5:+ — $5}"
}
# run_stage <stage> <command…>: output to the terminal and to out/test-logs/<stage>.log; sets RC and SECONDS_TAKEN.
# In CI each stage is bounded (SEIF_STAGE_TIMEOUT, default 900 s). Not at a terminal: `timeout` runs the
# stage in its own process group, where Ctrl-C would not reach it.
run_stage() {
  local stage=$1; shift
  echo "[test] ── $stage: $*"
  local t0=$SECONDS bound=()
  [ -z "${CI:-}" ] || bound=(timeout -k 15 "${SEIF_STAGE_TIMEOUT:-900}")
  "${bound[@]}" "$@" 2>&1 | tee "$LOGS/$stage.log"
  RC=${PIPESTATUS[0]} SECONDS_TAKEN=$((SECONDS - t0))
  [ "$RC" -ne 124 ] || echo "[test] $stage timed out after ${SEIF_STAGE_TIMEOUT:-900} s"
}
# one_check <stage> <command…>: a stage that is a single pass/fail check
one_check() {
  run_stage "$@"
  if [ "$RC" -eq 0 ]; then record "$1" 1 0 "$SECONDS_TAKEN"; else record "$1" 0 1 "$SECONDS_TAKEN" "exit $RC, log out/test-logs/$1.log"; fi
  return "$RC"
}
skipped() { record "$1" 0 1 0 "not run: $2"; }
finish() {
  echo; echo "[test] summary"; printf '  %s\n' "${SUMMARY[@]}"
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]; exit $?
}

one_check setup bash scripts/setup.sh || finish

wanted check && one_check check npm run -s check

BUILD_OK=1
if wanted build || wanted integration || wanted ui || wanted package; then
  one_check build bash -c 'npm run -s build && node scripts/build-tests.js' || BUILD_OK=
fi

if wanted unit; then
  run_stage unit bash scripts/test-unit.sh
  # node's test runner summary: "# pass N" (TAP, Node 20 on a pipe) or "ℹ pass N" (spec reporter)
  count() { grep -aE "^(# |ℹ )$1 [0-9]+$" "$LOGS/unit.log" | tail -1 | grep -oE '[0-9]+$' || echo 0; }
  p=$(count pass) f=$(( $(count fail) + $(count cancelled) ))
  [ "$RC" -eq 0 ] || [ "$f" -gt 0 ] || f=1  # crashed before reporting
  record unit "$p" "$f" "$SECONDS_TAKEN"
fi

if wanted integration; then
  if [ -z "$BUILD_OK" ]; then skipped integration "build failed"; else
    RESULT=$LOGS/integration-result.json; rm -f "$RESULT"
    run_stage integration env SEIF_TEST_RESULT_FILE="$RESULT" node --import tsx test/integration/runTest.ts
    p=0 f=0
    if [ -f "$RESULT" ]; then
      read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.passed,r.failed)' "$RESULT")
    fi
    [ "$RC" -eq 0 ] || [ "$f" -gt 0 ] || f=1  # the host or the runner failed before the suite reported
    record integration "$p" "$f" "$SECONDS_TAKEN"
  fi
fi

PACKAGE_OK=1
if wanted package || wanted ui; then
  if [ -z "$BUILD_OK" ]; then skipped package "build failed"; PACKAGE_OK=; else
    one_check package npm run -s package || PACKAGE_OK=
  fi
fi

if wanted ui; then
  if [ -z "$PACKAGE_OK" ]; then skipped ui "no .vsix"; else
    run_stage ui bash test/ui/run-ui-smoke.sh dist/seif-studio.vsix
    line=$(grep -aoE '^\[ui\] [0-9]+ passed, [0-9]+ failed' "$LOGS/ui.log" | tail -1)
    p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
    f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
    [ "$RC" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    record ui "${p:-0}" "${f:-0}" "$SECONDS_TAKEN" "screenshot out/screenshots/"
  fi
fi
finish
