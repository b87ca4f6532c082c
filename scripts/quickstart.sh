#!/usr/bin/env bash
# Sets up everything and runs the quickstart: system packages, a virtualenv with the package
# and its server, then examples/quickstart.py.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh
venv=${OMNI_VENV:-$(pwd)/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q ".[server]" -C build-dir=build/wheel 2> >(grep -v "^WARNING: Location" >&2)
"$venv/bin/python" examples/quickstart.py
