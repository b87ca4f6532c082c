#!/usr/bin/env bash
# Sets up everything and runs the whole test suite: system packages, a virtualenv with the
# package (built once, with its C++ tests), the C++ tests, pytest, sanitizer builds of the C++
# tests (address + undefined behaviour, and thread; compiled while pytest runs), and the URL
# fuzzer for a short time.
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
step "the sanitizer builds start, in the background"
# Compiling them takes a third of this script's time, and the Python suites leave about one core
# idle (they wait on servers and sockets): so the two builds run at the lowest priority while the
# suites run, and are waited for once those have passed.
sanitizer_log=$root/build/sanitizer-builds.log
mkdir -p build
setsid --wait nice -n 19 bash -c '
  set -euo pipefail
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOMNICLIENT_SANITIZE=address,undefined \
    -DPython_EXECUTABLE="$1" -Dpybind11_DIR="$2" >/dev/null
  ninja -C build/asan -j2
  cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMNICLIENT_SANITIZE=thread \
    -DPython_EXECUTABLE="$1" -Dpybind11_DIR="$2" >/dev/null
  ninja -C build/tsan -j2' _ "$venv/bin/python" "$pybind11_dir" >"$sanitizer_log" 2>&1 &
sanitizer_builds=$!
# a failing step ends the script: the builds must not outlive it
trap 'kill -- -"$sanitizer_builds" 2>/dev/null || true' EXIT

step "the client's suites on every CPython the package supports"
# The core is built once (above); each other interpreter builds only the Python module against it
# and runs the suites of the core, the URL table and the file provider (the property suites and
# the network suites run once, on the main interpreter).
python_versions=(3.9 3.10 3.11 3.12 3.13)
main_version=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
other_versions=()
for v in "${python_versions[@]}"; do [ "$v" = "$main_version" ] || other_versions+=("$v"); done
# Their virtualenvs are made side by side first (mostly waiting on the package registry).
prepare_venv() {
  local v=$1 out=$root/build/py$1 interpreter="" candidate
  [ -x "$out/venv/bin/python" ] && return 0
  # the first that runs: pyenv's installs (its shims on PATH answer only for the selected version),
  # then one on PATH
  for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/"python$v" 2>/dev/null | sort -V -r) \
                   $(command -v "python$v" || true); do
    if "$candidate" -c pass 2>/dev/null; then interpreter=$candidate; break; fi
  done
  if [ -z "$interpreter" ]; then
    echo "CPython $v is not installed (Debian 12 packages only 3.11): install it, e.g. pyenv install $v" >&2
    return 1
  fi
  "$interpreter" -m venv "$out/venv" &&
    "$out/venv/bin/python" -m pip install -q pybind11 pytest pytest-asyncio pytest-timeout hypothesis \
      2> >(grep -v "^WARNING: Location" >&2)
}
preparing=()
for v in "${other_versions[@]}"; do prepare_venv "$v" & preparing+=($!); done
for job in "${preparing[@]}"; do wait "$job"; done
for v in "${other_versions[@]}"; do
  out=$root/build/py$v
  cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOMNICLIENT_BUILD_TESTS=OFF \
    -DOMNICLIENT_PREBUILT_CORE="$root/build/wheel/libomniclient_core.a" -DPython_EXECUTABLE="$out/venv/bin/python" \
    -Dpybind11_DIR="$("$out/venv/bin/python" -m pybind11 --cmakedir)" >/dev/null
  ninja -C "$out" -j2 _omniclient | tail -1
  rm -rf "$out/python" && mkdir -p "$out/python"
  cp -r python/omni "$out/python/" && rm -f "$out"/python/omni/client/_omniclient*.so
  cp "$out"/_omniclient*.so "$out/python/omni/client/"
  PYTHONPATH="$out/python" "$out/venv/bin/python" -m pytest -q -p no:cacheprovider tests/core tests/url/test_url_table.py \
    tests/file --ignore tests/core/test_packaging.py \
    --deselect tests/file/test_file_robustness.py::test_read_and_copy_past_4_gib_hold_the_content_at_most_once
done

step "C++ tests"
ctest --test-dir build/wheel --output-on-failure -j2

step "Python tests"
"$venv/bin/python" -m pytest -q tests "$@"

step "waiting for the sanitizer builds"
if ! wait "$sanitizer_builds"; then
  tail -40 "$sanitizer_log" >&2
  exit 1
fi
trap - EXIT
tail -2 "$sanitizer_log"

step "C++ tests, and the client's Python suites, under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/asan --output-on-failure -j2
asan_py=build/asan/python/omni/client
mkdir -p "$asan_py"
cp python/omni/client/*.py python/omni/client/*.pyi python/omni/client/py.typed build/asan/_omniclient*.so "$asan_py/"
# Python itself is not leak-clean, so only memory errors and undefined behaviour are checked here
# (the servers the nucleus and provider tests start run under the same preload). The 4 GiB, 1 GiB
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
step "done"
