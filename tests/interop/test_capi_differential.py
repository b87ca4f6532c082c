"""The C API, differentially: one C program (capi/capi_differential.c), compiled once against this
project's OmniClient.h, run with the original's libomniclient.so (from the interop virtualenv's
wheel, a black box loaded through LD_LIBRARY_PATH) and with ours, on local files and on our
server. Both runs must print the same lines; where the original's behaviour is an artefact we do
not copy, the program leaves the line out and says why (docs/c-api.md, "Differences").

Our library is the one built by CMake: $OMNICLIENT_C_LIBRARY, or the newest
build/{wheel,dev,cp*}/libomniclient.so of this checkout (sanitizer builds are not loadable here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path(__file__).parent / "capi" / "capi_differential.c"
LIBRARY_LOG_LINE = re.compile(r"\[(Verbose|Debug|Info|Warning|Error)\] \[omniclient\] ")


def our_library() -> Path:
    named = os.environ.get("OMNICLIENT_C_LIBRARY")
    if named:
        return Path(named)
    built = [p for pattern in ("build/wheel", "build/dev", "build/cp*")
             for p in ROOT.glob(f"{pattern}/libomniclient.so")]
    if not built:
        pytest.fail("no libomniclient.so built in build/: build the C library (cmake --build <dir> --target omniclient) "
                    "or name it in OMNICLIENT_C_LIBRARY")
    return max(built, key=lambda p: p.stat().st_mtime)


def original_library(client_python: Path) -> Path:
    found = list(client_python.parent.parent.glob("lib/python*/site-packages/omni/client/libomniclient.so"))
    assert found, f"the original's libomniclient.so is not in {client_python.parent.parent}"
    return found[0]


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler, "a C compiler (cc) is needed to build the differential program"
    out = tmp_path_factory.mktemp("capi") / "capi_differential"
    # Linked against ours without a run path: LD_LIBRARY_PATH decides which library runs it.
    subprocess.run([compiler, "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", f"-I{ROOT / 'cpp' / 'include'}", f"-I{ROOT / 'cpp' / 'tests' / 'capi'}",
                    str(PROGRAM), f"-L{our_library().parent}", "-lomniclient", "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def libraries(client_python) -> dict:
    return {"original": original_library(client_python).parent, "ours": our_library().parent}


def run(program: Path, library_dir: Path, home: Path, args: list) -> list:
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMNI_", "OMNICLIENT_"))}
    # HOME: the bookmarks the program saves go to a fresh omniverse.toml, not the user's.
    env.update(LD_LIBRARY_PATH=str(library_dir), HOME=str(home), OMNICLIENT_HUB_MODE="disabled")
    proc = subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0 and proc.stdout.endswith("done\n"), \
        f"exit {proc.returncode} with {library_dir}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    # The original also prints some warnings of its own to stdout past the log callback (one about
    # an inotify event it raced with, now and then); those are not answers to compare.
    return [line for line in proc.stdout.splitlines() if not LIBRARY_LOG_LINE.match(line)]


def assert_same(original: list, ours: list):
    assert len(original) > 100  # the program got through all its sections
    differences = [(a, b) for a, b in zip(original, ours) if a != b]
    assert differences == [] and len(original) == len(ours), "\n".join(f"original: {a}\nours:     {b}" for a, b in differences)


def test_same_answers_on_local_files(program, libraries, tmp_path):
    out = {}
    for who, library_dir in libraries.items():
        folder = tmp_path / who / "files"
        folder.mkdir(parents=True)
        lines = run(program, library_dir, tmp_path / who / "home", [folder.as_uri() + "/"])
        out[who] = [line.replace(folder.as_uri(), "<folder>") for line in lines]
    assert_same(out["original"], out["ours"])


def test_same_answers_on_our_server(program, libraries, server, tmp_path):
    out = {}
    for who, library_dir in libraries.items():
        folder = f"{server.url}/capi-{who}/"
        lines = run(program, library_dir, tmp_path / who, [folder, server.admin_user, server.admin_password])
        out[who] = [line.replace(folder, "<folder>") for line in lines]
    assert_same(out["original"], out["ours"])
