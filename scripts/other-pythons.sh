#!/usr/bin/env bash
# The client on every other CPython the package supports (scripts/test.sh runs it):
#   other-pythons.sh build MAIN_PYTHON   a virtualenv per interpreter (made side by side: mostly
#                                        waiting on the package registry), then the Python module
#                                        of each, built against the core build/wheel already built
#   other-pythons.sh test MAIN_PYTHON    the suites of the core, the URL table and the file provider
#                                        on each (the property suites and the network suites run
#                                        once, on the main interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what=$1 main_python=$2
python_versions=(3.9 3.10 3.11 3.12 3.13)
main_version=$("$main_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
other_versions=()
for v in "${python_versions[@]}"; do [ "$v" = "$main_version" ] || other_versions+=("$v"); done

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

case $what in
  build)
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
    done ;;
  test)
    for v in "${other_versions[@]}"; do
      out=$root/build/py$v
      echo "CPython $v:"
      PYTHONPATH="$out/python" "$out/venv/bin/python" -m pytest -q -p no:cacheprovider --basetemp="$out/tmp" tests/core \
        tests/url/test_url_table.py \
        tests/file --ignore tests/core/test_packaging.py \
        --deselect tests/file/test_file_robustness.py::test_read_and_copy_past_4_gib_hold_the_content_at_most_once
    done ;;
  *) echo "usage: $0 build|test MAIN_PYTHON" >&2; exit 2 ;;
esac
