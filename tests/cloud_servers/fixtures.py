"""pytest fixtures that start the loopback cloud servers (servers.py) once per session
(tests/conftest.py imports them), and `cloud_env`, which points this process's client at them for
one test."""

from __future__ import annotations

import pytest

from .certs import make_certificates
from .postgres import SharedStore, postgres_cluster
from .servers import (AZURE_SUFFIX, S3_SUFFIX, azurite_command, azurite_server, client_environment, free_port,
                      moto_server, proxy_server, web_server_process)


@pytest.fixture(scope="session")
def moto_s3():
    pytest.importorskip("moto", reason="moto[server] is in the test extra")
    with moto_server() as moto:
        yield moto


@pytest.fixture(scope="session")
def postgres():
    """A throw-away PostgreSQL cluster (Debian's postgresql: scripts/setup-system.sh)."""
    with postgres_cluster() as cluster:
        yield cluster


def new_shared_store(postgres, moto_s3) -> SharedStore:
    return SharedStore(postgres.new_database(), moto_s3.new_bucket(), moto_s3)


@pytest.fixture
def shared_store(postgres, moto_s3) -> SharedStore:
    """A new PostgreSQL database and S3 bucket for the servers of one test."""
    return new_shared_store(postgres, moto_s3)


# The stores a server runs on: the embedded default (SQLite and a blob folder) and the shared one
# several server processes use (PostgreSQL and S3). A test that asks for `storage` (its module's
# server) or `new_storage` (a server of its own) runs on each (tests/conftest.py's
# pytest_generate_tests).
STORES = ["sqlite+file", "postgresql+s3"]


def parametrize_store_kind(metafunc) -> None:
    if "store_kind" in metafunc.fixturenames:
        metafunc.parametrize("store_kind", STORES, scope="module")


def _new_store(request, kind: str) -> dict:
    if kind == "sqlite+file":
        return {"storage_args": (), "env": None}
    shared = new_shared_store(request.getfixturevalue("postgres"), request.getfixturevalue("moto_s3"))
    return {"storage_args": shared.args, "env": shared.env}


@pytest.fixture(scope="module")
def storage(request, store_kind) -> dict:
    """The store of a module's server: ``start_server``'s ``storage_args`` and ``env`` (none for
    the data folder; or a new PostgreSQL database and S3 bucket)."""
    return _new_store(request, store_kind)


@pytest.fixture
def new_storage(request, store_kind):
    """Makes a new, empty store of this run's kind, for a server the test starts itself:
    ``start_server(..., **new_storage())``."""
    return lambda: _new_store(request, store_kind)


@pytest.fixture(scope="session")
def cloud_proxy_port():
    """Chosen before the servers start: Azurite is told to use the proxy (see azurite_server)."""
    return free_port()


@pytest.fixture(scope="session")
def azurite(tmp_path_factory, cloud_proxy_port):
    if azurite_command() is None:
        pytest.fail("Azurite is not installed: run scripts/setup-test-tools.sh")
    pytest.importorskip("azure.storage.blob", reason="azure-storage-blob is in the test extra")
    with azurite_server(tmp_path_factory.mktemp("azurite"), cloud_proxy_port) as server:
        yield server


@pytest.fixture(scope="session")
def cloud_certs(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="session")
def cloud_proxy(cloud_certs, moto_s3, azurite, cloud_proxy_port):
    """The proxy in front of moto and Azurite, for their real host names."""
    with proxy_server(cloud_certs, {S3_SUFFIX: moto_s3.port, AZURE_SUFFIX: azurite.port}, cloud_proxy_port) as proxy:
        yield proxy


@pytest.fixture
def cloud_env(cloud_proxy, moto_s3, tmp_path_factory, monkeypatch):
    """This process's client reaches the loopback servers through the proxy, trusting the test CA,
    with S3 credentials for every bucket of the region, an omniverse.toml of its own, and fast
    retries. Yields the folder of that omniverse.toml."""
    import omni.client
    config = tmp_path_factory.mktemp("config")  # (not in tmp_path, which a test may use as a whole)
    monkeypatch.setenv("OMNI_CONFIG_PATH", str(config))
    for name, value in client_environment(cloud_proxy, moto_s3).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "3")
    cloud_proxy.clear()
    yield config
    cloud_proxy.clear()
    omni.client.bypass_list_cache(False)


@pytest.fixture(scope="session")
def web_server(tmp_path_factory):
    """A plain web server over a folder the tests fill."""
    with web_server_process(tmp_path_factory.mktemp("www")) as server:
        yield server


@pytest.fixture(scope="session")
def plain_proxy(cloud_certs):
    """The test proxy alone (no cloud routes): an HTTP proxy to loopback servers with faults."""
    with proxy_server(cloud_certs, {}) as proxy:
        yield proxy
