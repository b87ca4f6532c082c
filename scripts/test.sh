#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: system packages, a virtualenv with the
# package (built once, with its C++ tests), the C++ tests, sanitizer builds of them (address +
# undefined behaviour, and thread), the URL fuzzer for a short time, and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup-system.sh
bash scripts/setup-test-tools.sh
venv=${OMNI_VENV:-$root/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"

echo "== build and install the package (with its C++ tests)"
# (pip's notes about this machine's optional local indexes are noise: filter them out)
"$venv/bin/python" -m pip install -q ".[server,test]" \
  -C build-dir=build/wheel -C cmake.define.OMNICLIENT_BUILD_TESTS=ON \
  2> >(grep -v "^WARNING: Location" >&2)

echo "== C++ tests"
ctest --test-dir build/wheel --output-on-failure -j2

echo "== C++ tests, and the client's Python suites, under AddressSanitizer + UndefinedBehaviorSanitizer"
"$venv/bin/python" -m pip install -q pybind11 2> >(grep -v "^WARNING: Location" >&2)
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOMNICLIENT_SANITIZE=address,undefined \
  -DPython_EXECUTABLE="$venv/bin/python" -Dpybind11_DIR="$("$venv/bin/python" -m pybind11 --cmakedir)" >/dev/null
ninja -C build/asan -j2 2>&1 | tail -5
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/asan --output-on-failure -j2
asan_py=build/asan/python/omni/client
mkdir -p "$asan_py"
cp python/omni/client/*.py python/omni/client/*.pyi python/omni/client/py.typed build/asan/_omniclient*.so "$asan_py/"
# Python itself is not leak-clean, so only memory errors and undefined behaviour are checked here
# (the servers the nucleus and provider tests start run under the same preload). The 4 GiB and
# 64 MiB transfer tests measure peak memory, which ASan's own bookkeeping inflates: they run in the
# plain pass below.
LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" ASAN_OPTIONS=detect_leaks=0 \
  PYTHONPATH=build/asan/python "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/core tests/url tests/file \
  tests/nucleus tests/providers --deselect tests/file/test_file_robustness.py::test_read_and_copy_past_4_gib_hold_the_content_at_most_once \
  --deselect tests/providers/test_large_transfers.py

echo "== C++ tests under ThreadSanitizer"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMNICLIENT_SANITIZE=thread \
  -DPython_EXECUTABLE="$venv/bin/python" -Dpybind11_DIR="$("$venv/bin/python" -m pybind11 --cmakedir)" >/dev/null
ninja -C build/tsan -j2 2>&1 | tail -5
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build/tsan --output-on-failure -j2

if [ -x scripts/fuzz-url.sh ]; then
  echo "== URL parser fuzzing (short run)"
  bash scripts/fuzz-url.sh "${OMNI_FUZZ_SECONDS:-30}"
fi

echo "== Python tests"
cd "$root"
"$venv/bin/python" -m pytest -q tests "$@"
