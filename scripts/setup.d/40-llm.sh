# LLM roles (issue 4): the local-model runtime (node-llama-cpp, pinned) is installed on demand by the
# extension; install it here too so the local-model test runs without a network. Needs libstdc++ (runtime
# of the prebuilt llama.cpp binary) and npm. Idempotent: skipped when that version is already present.
apt_install libstdc++6
LLM_RUNTIME_DIR="${SEIF_LOCAL_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seif-studio}/node-llama-cpp-3.21.1"
if ! grep -qs '"version": "3.21.1"' "$LLM_RUNTIME_DIR/node_modules/node-llama-cpp/package.json"; then
  echo "[setup] node-llama-cpp 3.21.1 → $LLM_RUNTIME_DIR"
  mkdir -p "$LLM_RUNTIME_DIR"
  [ -f "$LLM_RUNTIME_DIR/package.json" ] || echo '{"name":"seif-local-model-runtime","private":true}' > "$LLM_RUNTIME_DIR/package.json"
  case "$(uname -m)" in aarch64|arm64) LLM_ARCH=arm64 ;; *) LLM_ARCH=x64 ;; esac
  npm install --prefix "$LLM_RUNTIME_DIR" --omit=optional --no-audit --no-fund --loglevel=error \
    node-llama-cpp@3.21.1 "@node-llama-cpp/linux-$LLM_ARCH@3.21.1"
fi
