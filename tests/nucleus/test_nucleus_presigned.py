"""LFT downloads of content on S3: our client asks for a redirect to a presigned URL of the object
(X-Omni-Accept-Presigned-Redirect), follows it without the session's headers, and falls back to
the server's stream when the object store fails. The server keeps its content in a bucket of a
moto server; the client's HTTP goes through the test proxy, which logs each request's headers.

moto's signature checks cannot take a presigned URL (they read the Authorization header only), so
this moto runs without them: the URL's signature and expiry are checked as the server made them.
"""

from __future__ import annotations

import hashlib
import os
import urllib.parse

import pytest

import omni.client
from cloud_servers.servers import REGION, moto_server
from omni.client import Result
from omni.server.testing import running_server

# Headers that carry the session or name it: none may reach the object store.
SESSION_HEADERS = ("authorization", "authorization-token", "connection-token", "connection-signature")
PRESIGNED_TTL_S = 60  # the server's (lft.PRESIGNED_TTL_S), as a client sees it in the URL


@pytest.fixture(scope="module")
def unchecked_moto():
    pytest.importorskip("moto", reason="moto[server] is in the test extra")
    with moto_server(check_signatures=False) as moto:
        yield moto


@pytest.fixture(scope="module")
def server(unchecked_moto):
    bucket = unchecked_moto.new_bucket()
    blobs = f"s3://{bucket}/content?endpoint=http://127.0.0.1:{unchecked_moto.port}"
    env = {"AWS_ACCESS_KEY_ID": unchecked_moto.access_key_id,
           "AWS_SECRET_ACCESS_KEY": unchecked_moto.secret_access_key, "AWS_DEFAULT_REGION": REGION}
    with running_server(check_log=True, storage_args=("--blobs", blobs), env=env) as srv:
        yield srv


@pytest.fixture
def through_proxy(plain_proxy, monkeypatch):
    """Sends this process's HTTP from then on through the proxy, its log cleared: the proxy."""
    def start():
        monkeypatch.delenv("OMNICLIENT_HTTP_PROXY", raising=False)
        monkeypatch.setenv("http_proxy", plain_proxy.url)
        monkeypatch.setenv("no_proxy", "")
        plain_proxy.clear()
        return plain_proxy
    return start


def presigned_gets(proxy, moto) -> list[dict]:
    return [r for r in proxy.requests()
            if r["host"] == f"127.0.0.1:{moto.port}" and "X-Amz-Signature=" in r["target"]]


def lft_gets(proxy, server) -> list[dict]:
    return [r for r in proxy.requests() if r["method"] == "GET" and "/content/" in r["target"]
            and r["host"] == f"127.0.0.1:{server.port}"]


def test_download_is_redirected_to_the_object_store_without_session_headers(folder, server, unchecked_moto, through_proxy):
    data = os.urandom((3 << 20) + 12345)  # above the 1 MiB LFT threshold: several parts
    assert omni.client.write_file(f"{folder}/big.bin", data) == Result.OK
    client_proxy = through_proxy()

    result, _, content = omni.client.read_file(f"{folder}/big.bin")
    assert result == Result.OK and hashlib.sha256(memoryview(content)).digest() == hashlib.sha256(data).digest()

    asked = lft_gets(client_proxy, server)
    assert asked and all(r["headers"].get("x-omni-accept-presigned-redirect") == "1" for r in asked)
    redirected = presigned_gets(client_proxy, unchecked_moto)
    assert len(redirected) == len(asked)  # every part: one redirect, one GET of the bucket
    assert sorted(r["headers"]["range"] for r in redirected) == sorted(r["headers"]["range"] for r in asked)
    for r in redirected:
        sent = r["headers"]
        assert not [name for name in sent if name in SESSION_HEADERS or name.startswith("x-ov-")], sent
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(r["target"]).query)
        assert int(query["X-Amz-Expires"][0]) <= PRESIGNED_TTL_S


def test_a_range_read_is_redirected_too(folder, server, unchecked_moto, through_proxy, tmp_path):
    data = os.urandom((2 << 20) + 777)
    assert omni.client.write_file(f"{folder}/src.bin", data) == Result.OK
    client_proxy = through_proxy()
    # a copy to another provider reads the file in ranges
    target = tmp_path / "copy.bin"
    assert omni.client.copy(f"{folder}/src.bin", target.as_uri()) == Result.OK
    assert target.read_bytes() == data
    assert presigned_gets(client_proxy, unchecked_moto)


def test_a_failing_object_store_falls_back_to_the_stream(folder, server, unchecked_moto, through_proxy):
    data = os.urandom((3 << 20) + 99)
    assert omni.client.write_file(f"{folder}/big.bin", data) == Result.OK
    client_proxy = through_proxy()
    client_proxy.fault("503", count=1, path="X-Amz-Signature=")

    result, _, content = omni.client.read_file(f"{folder}/big.bin")
    assert result == Result.OK and bytes(memoryview(content)) == data

    failed = [r for r in presigned_gets(client_proxy, unchecked_moto) if r["fault"]]
    assert len(failed) == 1
    streamed = [r for r in lft_gets(client_proxy, server) if "x-omni-accept-presigned-redirect" not in r["headers"]]
    assert streamed  # the failed part (and those after it) came from the server itself
