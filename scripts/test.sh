#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: system packages, a virtualenv with the
# package (built once, with its C++ tests), the C++ tests, pytest, the client on the other
# CPythons, sanitizer builds of the C++ tests (address + undefined behaviour, and thread), and the
# URL fuzzer for a short time. What is only built (the sanitizer builds, the other CPythons'
# modules) is compiled while pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# each step says when it starts, in minutes since this script began
step() { printf '== [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

bash scripts/setup-system.sh
bash scripts/setup-test-tools.sh
venv=${OMNI_VENV:-$root/.venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"

step "build and install the package (with its C++ tests)"
# (pip's notes about this machine's optional local indexes are noise: filter them out)
"$venv/bin/python" -m pip install -q ".[server,test]" \
  -C build-dir=build/wheel -C cmake.define.OMNICLIENT_BUILD_TESTS=ON \
  2> >(grep -v "^WARNING: Location" >&2)

step "the typing stubs against the built module (mypy's stubtest)"
# The installed package's stubs against its module; what cannot match is listed, with the reason,
# in the allowlist.
"$venv/bin/python" -m mypy.stubtest omni.client --mypy-config-file pyproject.toml \
  --allowlist scripts/stubtest-allowlist.txt

"$venv/bin/python" -m pip install -q pybind11 2> >(grep -v "^WARNING: Location" >&2)
pybind11_dir=$("$venv/bin/python" -m pybind11 --cmakedir)
step "the sanitizer builds and the other CPythons' modules start, in the background"
# Compiling them takes half of this script's time, and the Python suites leave about one core
# idle (they wait on servers and sockets): so they are built at the lowest priority while the
# suites run, and are waited for once those have passed.
background_log=$root/build/background-builds.log
mkdir -p build
setsid --wait nice -n 19 bash -c '
  set -euo pipefail
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOMNICLIENT_SANITIZE=address,undefined \
    -DPython_EXECUTABLE="$1" -Dpybind11_DIR="$2" >/dev/null
  ninja -C build/asan -j2
  cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMNICLIENT_SANITIZE=thread \
    -DPython_EXECUTABLE="$1" -Dpybind11_DIR="$2" >/dev/null
  ninja -C build/tsan -j2
  bash scripts/other-pythons.sh build "$1"' _ "$venv/bin/python" "$pybind11_dir" >"$background_log" 2>&1 &
background_builds=$!
# a failing step ends the script: the builds must not outlive it
trap 'kill -- -"$background_builds" 2>/dev/null || true' EXIT

step "C++ tests"
ctest --test-dir build/wheel --output-on-failure -j2

step "Python tests"
"$venv/bin/python" -m pytest -q tests "$@"

step "waiting for the background builds"
if ! wait "$background_builds"; then
  tail -40 "$background_log" >&2
  exit 1
fi
trap - EXIT
tail -2 "$background_log"

step "the client's suites on every other CPython the package supports, beside the sanitizer runs"
# (at a lower priority: the sanitizer runs below are the longer; their output is shown after them)
others_log=$root/build/other-pythons.log
setsid --wait nice -n 10 bash scripts/other-pythons.sh test "$venv/bin/python" >"$others_log" 2>&1 &
other_pythons=$!
trap 'kill -- -"$other_pythons" 2>/dev/null || true' EXIT

step "C++ tests, and the client's Python suites, under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/asan --output-on-failure -j2
asan_py=build/asan/python/omni/client
mkdir -p "$asan_py"
cp python/omni/client/*.py python/omni/client/*.pyi python/omni/client/py.typed build/asan/_omniclient*.so "$asan_py/"
# Python itself is not leak-clean, so only memory errors and undefined behaviour are checked here
# (the servers and emulators the tests start run without the preload: omni.server.testing.helper_env).
# and 64 MiB transfer tests measure peak memory, which ASan's own bookkeeping inflates: they run in
# the plain pass (above).
LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" ASAN_OPTIONS=detect_leaks=0 \
  PYTHONPATH=build/asan/python "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/core tests/url tests/behavior tests/file \
  tests/nucleus tests/providers --deselect tests/file/test_file_robustness.py::test_read_and_copy_past_4_gib_hold_the_content_at_most_once \
  --deselect tests/behavior/test_behavior_transfers.py::test_large_content_is_streamed_not_held \
  --deselect tests/behavior/test_behavior_transfers.py::test_large_content_is_streamed_to_and_from_s3 \
  --deselect tests/providers/test_large_transfers.py

step "C++ tests under ThreadSanitizer"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir build/tsan --output-on-failure -j2

if [ -x scripts/fuzz-url.sh ]; then
  step "URL parser fuzzing (short run)"
  bash scripts/fuzz-url.sh "${OMNI_FUZZ_SECONDS:-30}"
fi

step "the other CPythons' suites"
if ! wait "$other_pythons"; then
  tail -60 "$others_log" >&2
  exit 1
fi
trap - EXIT
grep -E "^CPython|passed|failed" "$others_log"
step "done"
