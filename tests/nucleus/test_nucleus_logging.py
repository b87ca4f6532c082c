"""What the client's log says (docs/logging.md): each request at the verbose level, nothing on
standard error by default for a session that goes well or a download stopped on purpose, refused
credentials in words, and one warning (not one per try) for a server that has died.
OMNI_CLIENT_LOG_LEVEL sets the level."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import omni.client
from omni.client import LogLevel, Result

HERE = Path(__file__).parent
PYTHON_DIR = Path(omni.client.__file__).parents[2]
REQUEST_LINE = re.compile(r"^(?P<op>\w+) (?P<url>\S+): (?P<result>[A-Z_]+) in (?P<ms>\d+) ms$")


def run_scenario(scenario: str, tmp_path, level=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
    env.update(PYTHONPATH=str(PYTHON_DIR), OMNI_CLIENT_TOKEN_CACHE=str(tmp_path / "tokens"), HOME=str(tmp_path))
    if level is not None:
        env["OMNI_CLIENT_LOG_LEVEL"] = level
    done = subprocess.run([sys.executable, str(HERE / "log_scenarios.py"), scenario], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_each_request_is_logged_at_the_verbose_level(admin):
    messages, lock = [], threading.Lock()

    def on_log(thread, component, level, message):
        with lock:
            messages.append((level, message))

    url = f"{admin.url}/logged-{time.monotonic_ns()}.txt"
    omni.client.set_log_level(LogLevel.VERBOSE)
    omni.client.set_log_callback(on_log)
    try:
        assert omni.client.write_file(url, b"x") == Result.OK
        assert omni.client.stat(url + ".missing")[0] == Result.ERROR_NOT_FOUND
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with lock:
                requests = [REQUEST_LINE.match(m) for lvl, m in messages if lvl == LogLevel.VERBOSE]
            found = {(r["op"], r["url"], r["result"]) for r in requests if r}
            if {("write_file", url, "OK"), ("stat", url + ".missing", "ERROR_NOT_FOUND")} <= found:
                break
            time.sleep(0.02)
        assert ("write_file", url, "OK") in found, messages
        assert ("stat", url + ".missing", "ERROR_NOT_FOUND") in found, messages
        assert all(int(r["ms"]) < 10_000 for r in requests if r)
    finally:
        omni.client.set_log_callback(None)
        omni.client.set_log_level(LogLevel.WARNING)


def test_a_session_that_goes_well_prints_nothing_by_default(tmp_path):
    done = run_scenario("session", tmp_path)
    assert done.stderr == ""


def test_a_download_stopped_on_purpose_prints_nothing(tmp_path):
    done = run_scenario("cancelled-download", tmp_path)
    assert done.stderr == ""


def test_the_environment_sets_the_level_by_name_or_number(tmp_path):
    for level in ("verbose", "VERBOSE", "1"):
        lines = run_scenario("session", tmp_path, level).stderr.splitlines()
        requests = [REQUEST_LINE.match(line[len("V: [core] "):]) for line in lines if line.startswith("V: [core] ")]
        ops = {(r["op"], r["result"]) for r in requests if r}
        assert {("write_file", "OK"), ("read_file", "OK"), ("stat", "ERROR_NOT_FOUND"), ("delete", "OK")} <= ops, lines
        assert any(line.startswith("I: [nucleus] Connected to omniverse://127.0.0.1:") for line in lines), lines
    info = run_scenario("session", tmp_path, "info").stderr.splitlines()
    assert info and all(line.startswith("I: ") for line in info), info
    wrong = run_scenario("session", tmp_path, "loud").stderr.splitlines()
    assert wrong == ["W: [core] OMNI_CLIENT_LOG_LEVEL=loud is not a log level "
                     "(debug, verbose, info, warning, error or 0-4); using warning"]


def test_a_wrong_password_says_the_credentials_were_refused(tmp_path):
    lines = run_scenario("wrong-password", tmp_path).stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(r"W: \[nucleus\] Signing in to omniverse://127\.0\.0\.1:\d+ failed: "
                        r"the server refused the credentials", lines[0]), lines


def test_a_server_that_dies_gives_one_warning_not_one_per_try(tmp_path):
    lines = run_scenario("server-dies", tmp_path).stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(r"W: \[core\] Cannot reach omniverse://127\.0\.0\.1:\d+; its requests are tried "
                        r"again for up to 1\.5 s", lines[0]), lines
    # the tries themselves are there at the verbose level
    verbose = run_scenario("server-dies", tmp_path, "verbose").stderr.splitlines()
    assert sum("cannot connect; try" in line for line in verbose) >= 2, verbose
