#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: system packages, a virtualenv with the
# package (built once, with its C++ tests), the C++ tests, a sanitizer build of them, the URL
# fuzzer for a short time, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup-system.sh
venv=${OMNI_VENV:-$root/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"

echo "== build and install the package (with its C++ tests)"
# (pip's notes about this machine's optional local indexes are noise: filter them out)
"$venv/bin/python" -m pip install -q ".[server,test]" \
  -C build-dir=build/wheel -C cmake.define.OMNICLIENT_BUILD_TESTS=ON \
  2> >(grep -v "^WARNING: Location" >&2)

echo "== C++ tests"
ctest --test-dir build/wheel --output-on-failure -j2

echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOMNICLIENT_BUILD_PYTHON=OFF \
  -DOMNICLIENT_SANITIZE=address,undefined >/dev/null
ninja -C build/asan -j2 >/dev/null
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/asan --output-on-failure -j2

if [ -x scripts/fuzz-url.sh ]; then
  echo "== URL parser fuzzing (short run)"
  bash scripts/fuzz-url.sh "${OMNI_FUZZ_SECONDS:-30}"
fi

echo "== Python tests"
cd "$root"
"$venv/bin/python" -m pytest -q tests "$@"
