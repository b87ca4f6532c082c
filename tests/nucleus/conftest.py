"""End-to-end tests of the omniverse:// provider against our server, started per module on a
free loopback port."""

from __future__ import annotations

import os
import time
import uuid

import pytest

import omni.client
from omni.server.testing import running_server

from nucleus_proxy import Proxy


@pytest.fixture(scope="session", autouse=True)
def _private_token_cache(tmp_path_factory):
    # Logins cache refresh tokens on disk; keep them out of the user's home.
    os.environ["OMNI_CLIENT_TOKEN_CACHE"] = str(tmp_path_factory.mktemp("tokens"))
    for name in ("OMNI_USER", "OMNI_PASS", "OMNI_USERNAME", "OMNI_PASSWORD"):
        os.environ.pop(name, None)
    yield


@pytest.fixture(scope="module")
def server():
    with running_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def admin(server):
    """The server logged in as its admin (the registration stays alive for the module)."""
    reg = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
    old = omni.client.set_retries(2000, 50, 50)
    yield server
    omni.client.set_retries(*old)
    del reg


@pytest.fixture
def folder(admin):
    """A fresh folder URL (not created) on the admin's server."""
    return f"{admin.url}/t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def proxy(server):
    p = Proxy(server.port)
    yield p
    p.close()
