"""Fixtures of the tools' tests (the ``omni`` command and the fsspec filesystem): our server on a
free loopback port, the admin logged in for in-process calls, and a runner for the command as a
separate process, the way a person or a script uses it."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest

import omni.client
from omni.server.testing import running_server

from tools_helpers import CREDENTIAL_ENV, omni_command, omni_env


@pytest.fixture(scope="session", autouse=True)
def _private_token_cache(tmp_path_factory):
    # Logins cache refresh tokens on disk; keep them out of the user's home.
    os.environ["OMNI_CLIENT_TOKEN_CACHE"] = str(tmp_path_factory.mktemp("tokens"))
    for name in CREDENTIAL_ENV:
        os.environ.pop(name, None)
    yield


@pytest.fixture(scope="module")
def server():
    with running_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def admin(server):
    """The server, with this process logged in as its admin for the module."""
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    yield server
    del reg


@pytest.fixture
def folder(admin):
    """A fresh folder URL (not created) on the admin's server."""
    return f"{admin.url}/t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def omni_cli(admin, tmp_path):
    """Runs ``omni ARGS`` as the admin (or with ``env=``); returns the finished process."""
    cache = tmp_path / "cli-tokens"
    cache.mkdir()

    def run(*args, env=None, stdin=None, timeout=120, text=True):
        env = env if env is not None else omni_env(cache, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password)
        return subprocess.run(omni_command(*args), env=env, input=stdin, capture_output=True, text=text,
                              timeout=timeout, stdin=None if stdin is not None else subprocess.DEVNULL)

    run.cache = cache
    return run
