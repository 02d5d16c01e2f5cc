#!/usr/bin/env bash
# Regenerates test/golden/parity.jsonl.gz: the project's generated corpus with the verdicts of SEIF's
# own Python checkers (Debian python3-nltk, python3-langdetect, python3-immutabledict, python3-absl).
#   SEIF_REPO=/path/to/SEIF bash test/parity/run-python.sh     (a checkout, or a bare git dir)
# SEIF's files are repaired in a temp copy (pipeline doc §0.4) and never copied into this repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
: "${SEIF_REPO:?set SEIF_REPO to a checkout (or git dir) of Rainier-rq1/SEIF}"
PY=${SEIF_PYTHON:-/usr/bin/python3}
PUNKT_JSON=${SEIF_PUNKT_JSON:-/usr/share/gocode/src/gopkg.in/neurosnap/sentences.v1/data/english.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=(instructions.py instructions_registry.py instructions_util.py)
if [ -d "$SEIF_REPO/modules" ]; then
  src="$SEIF_REPO/modules"
  commit=$(git -C "$SEIF_REPO" rev-parse HEAD 2>/dev/null || echo unknown)
else
  src="$tmp/src"
  mkdir -p "$src"
  for f in "${files[@]}"; do git --git-dir="$SEIF_REPO" show "HEAD:modules/$f" > "$src/$f"; done
  commit=$(git --git-dir="$SEIF_REPO" rev-parse HEAD)
fi
"$PY" test/parity/repair_modules.py "$src" "$tmp/py"

# Punkt: NLTK's own data when installed, else english.pickle built from Debian's JSON parameters.
if ! "$PY" -c "import nltk; nltk.data.find('tokenizers/punkt/english.pickle')" >/dev/null 2>&1; then
  [ -f "$PUNKT_JSON" ] || { echo "no NLTK punkt data and no $PUNKT_JSON (install golang-gopkg-neurosnap-sentences.v1-dev)" >&2; exit 1; }
  "$PY" test/parity/make_punkt_pickle.py "$PUNKT_JSON" "$tmp/nltk_data"
  export NLTK_DATA="$tmp/nltk_data${NLTK_DATA:+:$NLTK_DATA}"
  punkt="$PUNKT_JSON"
else
  punkt=nltk_data
fi

node --import tsx test/parity/corpus.ts > "$tmp/corpus.jsonl"
"$PY" test/parity/run_python.py "$tmp/py" < "$tmp/corpus.jsonl" > "$tmp/golden.jsonl"
mkdir -p test/golden
gzip -9n < "$tmp/golden.jsonl" > test/golden/parity.jsonl.gz
versions=$("$PY" -c "import sys, nltk, langdetect; print(sys.version.split()[0], nltk.__version__, getattr(langdetect, '__version__', '1.0.9'))")
read -r pyv nltkv ldv <<< "$versions"
cat > test/golden/parity.meta.json <<JSON
{
  "cases": $(wc -l < "$tmp/golden.jsonl"),
  "seifCommit": "$commit",
  "python": "$pyv",
  "nltk": "$nltkv",
  "langdetect": "$ldv",
  "punkt": "$punkt",
  "langdetectSeed": 0,
  "generated": "$(date -u +%Y-%m-%d)"
}
JSON
echo "wrote test/golden/parity.jsonl.gz ($(wc -l < "$tmp/golden.jsonl") cases) and test/golden/parity.meta.json"
