"""Fixtures of the suites that run the client against our server (tests/nucleus, tests/tools): the
server on a free loopback port per module, the admin logged in, a fresh folder per test, and a
private token cache. A suite's conftest imports them."""

from __future__ import annotations

import os
import uuid

import pytest

import omni.client
from omni.server.testing import running_server

# Credentials the client and the `omni` command read from the environment: a test sets its own.
CREDENTIAL_ENV = ("OMNI_USER", "OMNI_PASS", "OMNI_USERNAME", "OMNI_PASSWORD", "OMNI_API_TOKEN")


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
    """The server, with this process logged in as its admin for the module (and retries short, so
    that a failure shows in seconds)."""
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    old = omni.client.set_retries(2000, 50, 50)
    yield server
    omni.client.set_retries(*old)
    del reg


@pytest.fixture
def folder(admin):
    """A fresh folder URL (not created) on the admin's server."""
    return f"{admin.url}/t-{uuid.uuid4().hex[:10]}"
