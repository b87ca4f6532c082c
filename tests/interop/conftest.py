"""Interop: NVIDIA's original client (omniverseclient 2.75.1), as a black box,
against our server.

The original client lives in its own virtualenv, created on first use and reused
afterwards (keyed by version; override the place with OMNI_INTEROP_VENV).
Scenario scripts in ``scenarios/`` run in that virtualenv as subprocesses and
print their observations as JSON; the tests here assert on them.  Nothing else
in the project imports or ships the original client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from omni.server.testing import running_server

sys.path.insert(0, str(Path(__file__).parent))

from interop_venv import ensure_venv  # noqa: E402

SCENARIOS = Path(__file__).parent / "scenarios"


@pytest.fixture(scope="session")
def client_python() -> Path:
    return ensure_venv()


@pytest.fixture(scope="module")
def server(storage):
    """The module's server, on each store in turn (tests/cloud_servers/fixtures.py); whatever
    the original client did, the server handled it."""
    with running_server(check_log=True, **storage) as srv:
        yield srv


class Scenario:
    def __init__(self, python: Path):
        self.python = python

    def __call__(self, script: str, url: str, user=None, password=None, timeout=240, **env):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
        full_env.update({"OMNICLIENT_HUB_MODE": "disabled", "OMNI_TEST_URL": url,
                         "PYTHONPATH": str(SCENARIOS)})
        if user is not None:
            full_env.update({"OMNI_TEST_USER": user, "OMNI_TEST_PASSWORD": password})
        full_env.update({k: str(v) for k, v in env.items()})
        proc = subprocess.run([str(self.python), str(SCENARIOS / script)], env=full_env,
                              capture_output=True, text=True, timeout=timeout)
        for line in reversed(proc.stdout.splitlines()):
            if line.startswith("RESULT "):
                return json.loads(line[len("RESULT "):])
        raise AssertionError(f"{script} gave no result (exit {proc.returncode}):\n"
                             f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


@pytest.fixture(scope="session")
def scenario(client_python) -> Scenario:
    return Scenario(client_python)
