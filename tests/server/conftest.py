"""Fixtures: a real server process per test module, and connected test clients."""

import itertools
import sys
from pathlib import Path

import pytest

from cloud_servers.postgres import SharedStore
from omni.server.testing import running_server

sys.path.insert(0, str(Path(__file__).parent))

from omni1_test_client import Omni  # noqa: E402


# The modules whose server also runs on a shared store (PostgreSQL and S3, as several server
# processes use): the tree, versions, locks, trash, ACLs, subscriptions and LFT, within CI's time.
# The others (the command line, sockets, TLS, limits, load) do not depend on the store.
SHARED_STORE_MODULES = {
    "test_server_protocol", "test_server_versions", "test_server_locks", "test_server_trash",
    "test_server_subscriptions", "test_server_lft", "test_server_updates",
    "test_server_live_objects",
}


def pytest_generate_tests(metafunc):
    if "storage" in metafunc.fixturenames:
        shared = metafunc.module.__name__.rpartition(".")[2] in SHARED_STORE_MODULES
        metafunc.parametrize("storage", ["sqlite+file", "postgresql+s3"] if shared else
                             ["sqlite+file"], indirect=True, scope="module")


@pytest.fixture(scope="module")
def storage(request):
    """``(arguments, environment)`` of the server's store: its data folder, or a new
    PostgreSQL database and S3 bucket."""
    if request.param == "sqlite+file":
        return (), None
    shared = SharedStore(request.getfixturevalue("postgres").new_database(),
                         request.getfixturevalue("moto_s3").new_bucket(),
                         request.getfixturevalue("moto_s3"))
    return shared.args, shared.env


@pytest.fixture(scope="module")
def server(storage):
    args, env = storage
    with running_server(check_log=True, storage_args=args, env=env) as srv:
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
