"""Fixtures of the tools' tests (the ``omni`` command and the fsspec filesystem): our server on a
free loopback port, the admin logged in for in-process calls, and a runner for the command as a
separate process, the way a person or a script uses it."""

from __future__ import annotations

import subprocess

import pytest

from server_fixtures import _private_token_cache, admin, folder, server  # noqa: F401
from tools_helpers import omni_command, omni_env


@pytest.fixture
def omni_cli(admin, tmp_path):  # noqa: F811
    """Runs ``omni ARGS`` as the admin (or with ``env=``); returns the finished process."""
    cache = tmp_path / "cli-tokens"
    cache.mkdir()

    def run(*args, env=None, stdin=None, timeout=120, text=True):
        env = env if env is not None else omni_env(cache, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password)
        return subprocess.run(omni_command(*args), env=env, input=stdin, capture_output=True, text=text,
                              timeout=timeout, stdin=None if stdin is not None else subprocess.DEVNULL)

    run.cache = cache
    return run
