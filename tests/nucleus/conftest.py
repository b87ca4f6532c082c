"""End-to-end tests of the omniverse:// provider against our server, started per module on a
free loopback port."""

from __future__ import annotations

import pytest

from server_fixtures import _private_token_cache, admin, folder, server  # noqa: F401

from nucleus_proxy import Proxy


@pytest.fixture
def proxy(server):  # noqa: F811
    p = Proxy(server.port)
    yield p
    p.close()
