#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian machine (idempotent; fast when done):
# npm packages, then every scripts/setup.d/*.sh (system packages, test hosts).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ ! -d node_modules/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
# apt-get update once per setup run, only if some part needs a package that is missing.
APT_UPDATED=
apt_install() {
  local need=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then echo "[setup] missing Debian packages (run as root): ${need[*]}" >&2; return 1; fi
  [ -n "$APT_UPDATED" ] || { apt-get update -q >/dev/null; APT_UPDATED=1; }
  echo "[setup] apt-get install ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
}
export -f apt_install 2>/dev/null || true
for part in scripts/setup.d/*.sh; do
  [ -e "$part" ] || continue
  # shellcheck source=/dev/null
  . "$part"
done
