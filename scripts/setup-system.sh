#!/usr/bin/env bash
# Installs the system packages the build and the tests need, with apt-get, skipping what is
# already present. Safe to run again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libwebsockets-dev nlohmann-json3-dev libssl-dev libtomlplusplus-dev
  libgtest-dev
  openssl
  nodejs
  clang libclang-rt-14-dev
  postgresql
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
