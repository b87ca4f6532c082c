#!/usr/bin/env bash
# Builds the URL parser's fuzz target and runs it for SECONDS (default 30), seeded with the
# inputs of tests/url/cases.json. Uses libFuzzer when clang++ is installed (scripts/setup-system.sh
# installs it), a random-mutation driver otherwise. Exits non-zero on any crash or sanitizer report.
set -euo pipefail
seconds=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OMNICLIENT_FUZZ_BUILD_DIR:-$root/build/fuzz}

compilers=()
if command -v clang++ >/dev/null && command -v clang >/dev/null; then
  compilers=(-DCMAKE_C_COMPILER="$(command -v clang)" -DCMAKE_CXX_COMPILER="$(command -v clang++)")
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${compilers[@]}" \
  -DOMNICLIENT_BUILD_FUZZERS=ON -DOMNICLIENT_BUILD_PYTHON=OFF -DOMNICLIENT_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" -j2 url_fuzz >/dev/null

seeds="$build/url_seeds"
corpus="$build/url_corpus"
mkdir -p "$seeds" "$corpus"
python3 - "$root/tests/url/cases.json" "$seeds" <<'PY'
import json, pathlib, sys
cases = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
out = pathlib.Path(sys.argv[2])
inputs = [c["in"] for c in cases["parse"]] + [c["base"] + "\n" + c["other"] for c in cases["combine"][::7]]
for i, s in enumerate(inputs):
    (out / f"seed{i:05d}").write_bytes(s.encode("utf-8", "surrogatepass"))
PY

fuzzer="$build/cpp/fuzz/url_fuzz"
if "$fuzzer" -help=1 >/dev/null 2>&1; then
  "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/" \
    "$corpus" "$seeds" 2>&1 | tail -15
  exit "${PIPESTATUS[0]}"
else
  "$fuzzer" "$seconds" "$seeds"
fi
