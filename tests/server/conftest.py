"""Fixtures: a real server process per test module, and connected test clients."""

import itertools
import sys
from pathlib import Path

import pytest

from omni.server.testing import running_server

sys.path.insert(0, str(Path(__file__).parent))

from omni1_test_client import Omni  # noqa: E402


@pytest.fixture(scope="module")
def server(storage):
    """The module's server, on each store in turn (tests/cloud_servers/fixtures.py)."""
    with running_server(check_log=True, **storage) as srv:
        yield srv


@pytest.fixture
async def omni(server):
    client = Omni(server.ws_url, server.http_url)
    yield client
    await client.close()


@pytest.fixture
async def admin(omni, server):
    return await omni.connect(server.admin_user, server.admin_password)


_folders = itertools.count()


@pytest.fixture
def d(request):
    """A fresh folder name for one test (named after its module)."""
    return f"/{request.module.__name__.removeprefix('test_server_')}{next(_folders)}"
