"""Fixtures: a real server process per test module, and connected test clients."""

import itertools
import sys
from pathlib import Path

import pytest

from cloud_servers.postgres import SharedStore
from omni.server.testing import running_server

sys.path.insert(0, str(Path(__file__).parent))

from omni1_test_client import Omni  # noqa: E402


# Every test of a server runs on both stores: the embedded default (SQLite and a blob folder)
# and the shared one several server processes use (PostgreSQL and S3). A test that asks for
# ``storage`` (the module's server) or ``new_storage`` (a server of its own) runs on each.
STORES = ["sqlite+file", "postgresql+s3"]


def pytest_generate_tests(metafunc):
    if "store_kind" in metafunc.fixturenames:
        metafunc.parametrize("store_kind", STORES, scope="module")


def _new_store(request, kind: str) -> dict:
    if kind == "sqlite+file":
        return {"storage_args": (), "env": None}
    shared = SharedStore(request.getfixturevalue("postgres").new_database(),
                         request.getfixturevalue("moto_s3").new_bucket(),
                         request.getfixturevalue("moto_s3"))
    return {"storage_args": shared.args, "env": shared.env}


@pytest.fixture(scope="module")
def storage(request, store_kind) -> dict:
    """The store of the module's server: ``start_server``'s ``storage_args`` and ``env``
    (none for the data folder; or a new PostgreSQL database and S3 bucket)."""
    return _new_store(request, store_kind)


@pytest.fixture
def new_storage(request, store_kind):
    """Makes a new, empty store of this run's kind, for a server the test starts itself:
    ``start_server(..., **new_storage())``."""
    return lambda: _new_store(request, store_kind)


@pytest.fixture(scope="module")
def server(storage):
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
