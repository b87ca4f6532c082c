"""The behaviour suite's roots: one fresh, empty folder per test on every provider, and the
`needs` marker that skips a test on a root whose provider lacks an operation.

Adding a provider is one entry in ROOTS: a function that takes the pytest request (to ask for
session fixtures, such as an emulator process) and returns a Root."""

from __future__ import annotations

import functools
import os
import types
import urllib.parse
import uuid

import pytest

import omni.client
from omni.client import Result
from omni.client._omniclient import _capabilities
from omni.server.testing import running_server

from behavior_helpers import Root
from cloud_servers.servers import AZURE_ACCOUNT, AZURE_SUFFIX, azure_url, s3_url


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
def token_cache(tmp_path_factory):
    """Logins cache refresh tokens on disk: keep them out of the user's home."""
    old_cache = os.environ.get("OMNI_CLIENT_TOKEN_CACHE")
    os.environ["OMNI_CLIENT_TOKEN_CACHE"] = str(tmp_path_factory.mktemp("tokens"))
    yield
    if old_cache is None:
        os.environ.pop("OMNI_CLIENT_TOKEN_CACHE", None)
    else:
        os.environ["OMNI_CLIENT_TOKEN_CACHE"] = old_cache


def signed_in(server):
    """Signs this process in to `server` as its admin until the generator ends."""
    # Answer for this server only, so other suites' logins in the same run are not affected.
    reg = omni.client.register_authentication_callback(
        lambda url: (server.admin_user, server.admin_password) if url.startswith(server.url) else None)
    yield server
    omni.client.sign_out(server.url)  # (its cached listings would try to reconnect to the stopped server)
    del reg


@pytest.fixture(scope="session")
def signed_in_server(server, token_cache):
    """The server, with this process signed in as its admin for the session."""
    yield from signed_in(server)


@pytest.fixture(scope="session")
def second_signed_in_server(token_cache):
    """Another server, for copies between two servers."""
    with running_server() as srv:
        yield from signed_in(srv)


def file_url(path) -> str:
    return "file:" + urllib.parse.quote(str(path))


def local_root(request, url_of, spell) -> Root:
    folder = str(request.getfixturevalue("tmp_path"))
    return Root(request.param, url_of(folder), spell, local=folder)


def remote_root(request, folder_url) -> Root:
    """A fresh folder the client makes at folder_url(request)."""
    url = folder_url(request)
    assert omni.client.create_folder(url) == Result.OK
    return Root(request.param, url, urllib.parse.quote)


def server_folder(request, fixture="signed_in_server") -> str:
    return f"{request.getfixturevalue(fixture).url}/b-{uuid.uuid4().hex[:12]}"


def cloud_folder(request, url_of, container_fixture) -> str:
    """A key prefix in a bucket or container of the loopback cloud servers, at the service's real
    host name (tests/cloud_servers)."""
    request.getfixturevalue("cloud_env")
    return url_of(request.getfixturevalue(container_fixture), f"r-{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def behavior_bucket(moto_s3):
    return moto_s3.new_bucket()


@pytest.fixture(scope="session")
def second_behavior_bucket(moto_s3):
    """Another bucket, for copies between two buckets."""
    return moto_s3.new_bucket()


@pytest.fixture(scope="session")
def behavior_container(azurite):
    name = azurite.new_container()
    assert omni.client.set_azure_sas_token(AZURE_ACCOUNT + AZURE_SUFFIX, name, azurite.sas(name), False) == Result.OK
    return name


ROOTS = {
    # a local folder as a file: URL (percent-encoded) and as a raw path (taken literally)
    "file": functools.partial(local_root, url_of=file_url, spell=urllib.parse.quote),
    "path": functools.partial(local_root, url_of=str, spell=str),
    "omniverse": functools.partial(remote_root, folder_url=server_folder),  # a folder on our server
    # a folder (a key prefix) in an S3 bucket, and in an Azure Blob container
    "s3": functools.partial(remote_root, folder_url=functools.partial(cloud_folder, url_of=s3_url, container_fixture="behavior_bucket")),
    "azure": functools.partial(remote_root, folder_url=functools.partial(cloud_folder, url_of=azure_url,
                                                                         container_fixture="behavior_container")),
}


# The ends of copies between stores: the roots, a folder on a second server, and one in a second bucket.
TRANSFER_ROOTS = dict(
    ROOTS,
    omniverse2=functools.partial(remote_root, folder_url=functools.partial(server_folder, fixture="second_signed_in_server")),
    s3b=functools.partial(remote_root, folder_url=functools.partial(cloud_folder, url_of=s3_url,
                                                                    container_fixture="second_behavior_bucket")))


def make_root(request, name) -> Root:
    """A root of the kind `name`, for a test that needs several."""
    return TRANSFER_ROOTS[name](types.SimpleNamespace(param=name, getfixturevalue=request.getfixturevalue))


# The (source, destination) kinds that copies between stores are tested with.
TRANSFER_PAIRS = [("file", "omniverse"), ("omniverse", "file"), ("omniverse", "omniverse2"), ("path", "omniverse"),
                  ("omniverse", "path"),
                  ("file", "s3"), ("s3", "file"), ("omniverse", "s3"), ("s3", "omniverse"), ("s3", "s3b"),
                  ("file", "azure"), ("azure", "file"), ("omniverse", "azure"), ("azure", "omniverse"),
                  ("s3", "azure"), ("azure", "s3")]

# What the core's copies between stores need of each end.
SOURCE_NEEDS = {"stat", "list", "read_range"}
DESTINATION_NEEDS = {"stat", "create_folder", "open_upload"}


def skip_unless_capable(made: Root, needs: set, role: str = "") -> None:
    missing = needs - set(_capabilities(made.url))
    if missing:
        pytest.skip(f"the provider of {made.provider} roots does not support {', '.join(sorted(missing))}{role}")


@pytest.fixture
def new_root(request):
    """Makes roots of the kinds named: new_root("s3")."""
    return functools.partial(make_root, request)


@pytest.fixture(params=TRANSFER_PAIRS, ids=lambda p: f"{p[0]}-to-{p[1]}")
def ends(request):
    """Two roots in different stores: (source, destination)."""
    src, dst = (make_root(request, name) for name in request.param)
    skip_unless_capable(src, SOURCE_NEEDS, " as a source")
    skip_unless_capable(dst, DESTINATION_NEEDS, " as a destination")
    return src, dst


@pytest.fixture(params=sorted(ROOTS))
def root(request) -> Root:
    made = ROOTS[request.param](request)
    marker = request.node.get_closest_marker("needs")
    if marker is not None:
        skip_unless_capable(made, set(marker.args))
    return made
