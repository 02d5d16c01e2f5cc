#!/usr/bin/env bash
# Fast tests of src/core and the CLI with node's test runner (no VS Code). Extra args: test files.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/tsx ] || npm install --no-audit --no-fund --loglevel=error
if [ $# -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(find test -path test/integration -prune -o -path test/ui -prune -o -name '*.test.ts' -print | sort)
fi
# A bound per test (SEIF_UNIT_TEST_TIMEOUT_MS, default 180 s) so that a hung test fails instead of hanging the suite.
exec node --import tsx --test --test-concurrency=2 --test-timeout="${SEIF_UNIT_TEST_TIMEOUT_MS:-180000}" "${files[@]}"
