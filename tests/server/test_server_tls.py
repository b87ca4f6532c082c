"""TLS: with a certificate every surface is served over wss/https, and discovery
and authorize_token say so."""

import json
import ssl

import aiohttp
import pytest

from omni.server.testing import running_server, self_signed_certificate

from omni1_test_client import Omni


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    context = ssl.create_default_context(cafile=str(cert))
    with running_server(extra_args=["--cert", str(cert), "--key", str(key)]) as srv:
        yield srv, context


async def test_everything_over_tls(tls_server):
    srv, context = tls_server
    client = Omni(srv.ws_url, srv.http_url, ssl=context)
    try:
        discovery = await client.sows("/omni/discovery")
        found = await discovery.call("DiscoverySearch.find", {"query": {"service_interface": {
            "origin": "omni1.idl.ts", "name": "Connection"}}}, "SearchResult")
        assert json.loads(found.answer["transport"]["params"])["url"].startswith("wss://")
        auth = await discovery.call("DiscoverySearch.find", {"query": {"service_interface": {
            "origin": "OmniAuth.idl.ts", "name": "Credentials"}}}, "SearchResult")
        assert auth.answer["transport"]["meta"]["ssl"] == "true"
        conn = await client.connect(srv.admin_user, srv.admin_password)
        assert conn.auth["lft_address"].startswith("https://")
        data = b"over tls" * 200_000  # above the LFT threshold
        await conn.call("create_asset", tail=b"small", path={"path": "/tls/small"})
        _, tail = await conn.call("read_asset_version", path={"path": "/tls/small"})
        assert tail == b"small"
        async with client.session.post(conn.auth["lft_address"] + "/content/",
                                       headers={"Authorization-Token": conn.auth["token"]}) as r:
            cid = (await r.json())["content_id_numeric"]
        async with client.session.put(conn.auth["lft_address"] + "/content/", data=data,
                                      headers={"Authorization-Token": conn.auth["token"],
                                               "Content-ID": str(cid), "Content-Start": "0"}) as r:
            assert r.status == 200
        answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/tls/big"},
                                    content_id=cid)
        assert answer["status"] == "OK"
        read, _ = await conn.call("read_asset_version", path={"path": "/tls/big"})
        async with client.session.get(read["uri_redirection"],
                                      headers={"Authorization-Token": conn.auth["token"]}) as r:
            assert await r.read() == data
    finally:
        await client.close()


async def test_plain_connections_to_a_tls_port_fail(tls_server):
    srv, _ = tls_server
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientError):
            await http.ws_connect(srv.ws_url.replace("wss://", "ws://") + "/omni/discovery")
    assert srv.process.poll() is None
