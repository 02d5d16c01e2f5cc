#!/usr/bin/env bash
# README screenshots (manual, not part of npm test): the UI-smoke host running test/ui/readme-screenshots.ts.
# Usage: npm run package && bash test/ui/run-readme-screenshots.sh
exec env SEIF_UI_SCRIPT=test/ui/readme-screenshots.ts bash "$(dirname "$(readlink -f "$0")")/run-ui-smoke.sh" "$@"
