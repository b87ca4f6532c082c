"""The behaviour suite's roots: one fresh, empty folder per test on every provider, and the
`needs` marker that skips a test on a root whose provider lacks an operation.

Adding a provider is one entry in ROOTS: a function that takes the pytest request (to ask for
session fixtures, such as an emulator process) and returns a Root."""

from __future__ import annotations

import functools
import os
import urllib.parse
import uuid

import pytest

import omni.client
from omni.client import Result
from omni.client._omniclient import _capabilities
from omni.server.testing import running_server

from behavior_helpers import Root


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(*operations): run only on roots whose provider supports them all "
                                       "(names as omni.client._omniclient._capabilities gives them)")
    config.addinivalue_line("markers", "known_difference(root, why): the test asserts what the other providers do and "
                                       "is known to fail on this root (a strict xfail: it fails once fixed)")


def pytest_collection_modifyitems(items):
    for item in items:
        root = getattr(item, "callspec", None) and item.callspec.params.get("root")
        for mark in item.iter_markers("known_difference"):
            if mark.args[0] == root:
                item.add_marker(pytest.mark.xfail(reason=f"known difference on {root}: {mark.args[1]}", strict=True))


@pytest.fixture(scope="session")
def server():
    """Our server, started once for the whole suite."""
    with running_server() as srv:
        yield srv
        log = srv.log_text()
    # an exception the server did not handle is a bug, whatever the client saw
    assert "Traceback" not in log, log[-5000:]


@pytest.fixture(scope="session")
def signed_in_server(server, tmp_path_factory):
    """The server, with this process signed in as its admin for the session."""
    # Logins cache refresh tokens on disk: keep them out of the user's home.
    old_cache = os.environ.get("OMNI_CLIENT_TOKEN_CACHE")
    os.environ["OMNI_CLIENT_TOKEN_CACHE"] = str(tmp_path_factory.mktemp("tokens"))
    # Answer for this server only, so other suites' logins in the same run are not affected.
    reg = omni.client.register_authentication_callback(
        lambda url: (server.admin_user, server.admin_password) if url.startswith(server.url) else None)
    yield server
    omni.client.sign_out(server.url)  # (its cached listings would try to reconnect to the stopped server)
    del reg
    if old_cache is None:
        os.environ.pop("OMNI_CLIENT_TOKEN_CACHE", None)
    else:
        os.environ["OMNI_CLIENT_TOKEN_CACHE"] = old_cache


def file_url(path) -> str:
    return "file:" + urllib.parse.quote(str(path))


def local_root(request, url_of, spell) -> Root:
    folder = str(request.getfixturevalue("tmp_path"))
    return Root(request.param, url_of(folder), spell, local=folder)


def server_root(request) -> Root:
    server = request.getfixturevalue("signed_in_server")
    url = f"{server.url}/b-{uuid.uuid4().hex[:12]}"
    assert omni.client.create_folder(url) == Result.OK
    return Root(request.param, url, urllib.parse.quote)


def s3_root(request) -> Root:
    """A folder in a bucket of moto's S3 server, reached as the bucket's AWS URL."""
    from cloud_servers.servers import s3_url
    request.getfixturevalue("cloud_env")
    bucket = request.getfixturevalue("behavior_bucket")
    url = s3_url(bucket, f"r-{uuid.uuid4().hex[:12]}")
    assert omni.client.create_folder(url) == Result.OK
    return Root(request.param, url, urllib.parse.quote)


def azure_root(request) -> Root:
    """A folder in an Azurite container, reached as the account's Azure URL."""
    from cloud_servers.servers import azure_url
    request.getfixturevalue("cloud_env")
    container = request.getfixturevalue("behavior_container")
    url = azure_url(container, f"r-{uuid.uuid4().hex[:12]}")
    assert omni.client.create_folder(url) == Result.OK
    return Root(request.param, url, urllib.parse.quote)


@pytest.fixture(scope="session")
def behavior_bucket(moto_s3):
    return moto_s3.new_bucket()


@pytest.fixture(scope="session")
def behavior_container(azurite):
    from cloud_servers.servers import AZURE_ACCOUNT, AZURE_SUFFIX
    name = azurite.new_container()
    assert omni.client.set_azure_sas_token(AZURE_ACCOUNT + AZURE_SUFFIX, name, azurite.sas(name), False) == Result.OK
    return name


ROOTS = {
    # a local folder as a file: URL (percent-encoded) and as a raw path (taken literally)
    "file": functools.partial(local_root, url_of=file_url, spell=urllib.parse.quote),
    "path": functools.partial(local_root, url_of=str, spell=str),
    "omniverse": server_root,  # a folder on our server
    "s3": s3_root,  # a folder (a key prefix) in an S3 bucket
    "azure": azure_root,  # a folder (a blob-name prefix) in an Azure container
}


@pytest.fixture(params=sorted(ROOTS))
def root(request) -> Root:
    made = ROOTS[request.param](request)
    marker = request.node.get_closest_marker("needs")
    if marker is not None:
        missing = set(marker.args) - set(_capabilities(made.url))
        if missing:
            pytest.skip(f"the provider of {request.param} roots does not support {', '.join(sorted(missing))}")
    return made
