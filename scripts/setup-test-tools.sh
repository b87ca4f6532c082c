#!/usr/bin/env bash
# Installs the test tools that are not Python packages: Azurite (the Azure Blob emulator the
# provider tests start) from npm, into .cache/npm-tools (git-ignored). Skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .cache/npm-tools/node_modules/.bin/azurite-blob ]; then
  echo "setup-test-tools: azurite present"
  exit 0
fi
if ! command -v npm >/dev/null; then
  # Debian's nodejs comes without npm (NodeSource's includes it).
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi
echo "setup-test-tools: installing azurite"
npm install --prefix .cache/npm-tools --no-audit --no-fund --loglevel=error azurite@3
