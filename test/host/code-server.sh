#!/usr/bin/env bash
# Runs the npm-installed code-server under Node 24, isolated and offline: every bit of state (settings,
# extensions, caches, temp files) lives in $CS_STATE. Extra arguments go to code-server.
# Usage: CS_STATE=<dir> test/host/code-server.sh [code-server args…]
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/host-env.sh"
: "${CS_STATE:?set CS_STATE to a state folder}"
[ -e "$CODE_SERVER_STAMP" ] || { echo "code-server is not installed: run bash scripts/setup.sh" >&2; exit 3; }
mkdir -p "$CS_STATE"/{config,data,cache,tmp,extensions,user-data/User}
[ -f "$CS_STATE/config.yaml" ] || printf 'auth: none\n' > "$CS_STATE/config.yaml"
# No telemetry, gallery, update checks, welcome page, AI agent process (~155 MB) or chat side bar, and no
# prompt about the enclosing git repository (test workspaces live inside the clone).
[ -f "$CS_STATE/user-data/User/settings.json" ] || cat > "$CS_STATE/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "workbench.startupEditor": "none",
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "chat.disableAIFeatures": true,
  "security.workspace.trust.enabled": false,
  "npm.fetchOnlinePackageInfo": false,
  "git.openRepositoryInParentFolders": "never",
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
export PATH="$NODE24_HOME/bin:$PATH"
export XDG_CONFIG_HOME="$CS_STATE/config" XDG_DATA_HOME="$CS_STATE/data" XDG_CACHE_HOME="$CS_STATE/cache"
export TMPDIR="$CS_STATE/tmp"
export EXTENSIONS_GALLERY='{}'   # else it asks open-vsx.org
exec "$CODE_SERVER_BIN" \
  --config "$CS_STATE/config.yaml" \
  --user-data-dir "$CS_STATE/user-data" \
  --extensions-dir "$CS_STATE/extensions" \
  --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override \
  "$@"
