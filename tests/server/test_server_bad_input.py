"""Bad input on every surface: an error answer or that socket closed, and the
server keeps serving everyone else."""

import asyncio
import json
import struct
from typing import TypedDict, Union

import aiohttp
import pytest

from omni.server import models as M
from omni.server.framing import connlib, sows


async def still_serving(omni, server):
    conn = await omni.connect(server.admin_user, server.admin_password)
    answer, _ = await conn.call("stat2", path={"path": "/"})
    assert answer["status"] == "OK"
    assert server.process.poll() is None


async def closed_after(ws, frame) -> bool:
    if isinstance(frame, str):
        await ws.send_str(frame)
    else:
        await ws.send_bytes(frame)
    msg = await ws.receive(timeout=10)
    return msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


@pytest.mark.parametrize("frame", [
    b"not json", "also not json", b"[1,2,3]", b'{"command":"stat2"}', b'{"id":1}',
    b'{"command":"stat2","id":"1"}', b'{"command":"stat2","id":-1}', b'{"command":7,"id":1}',
    b"\xff\xfe\x00tail", b"[" * 100000 + b"]" * 100000, b'{"command":"x","id":1,"p":"' +
    b"a" * (2 << 20) + b'"}', b"",
])
async def test_malformed_connlib_frames_close_the_socket(omni, server, frame):
    conn = await omni.connlib()
    assert await closed_after(conn.ws, frame)
    await still_serving(omni, server)


@pytest.mark.parametrize("params", [
    {"path": "/"}, {"path": {"path": 1}}, {"path": {"path": "/", "branch": 3}},
    {"path": {"path": "/", "checkpoint": "one"}}, {"path": [1]}, {"path": None}, {},
])
async def test_wrong_json_types_are_answered(admin, params):
    answer, _ = await admin.call("stat2", **params)
    assert answer["status"] == "INVALID_PARAMETERS"


class _Fields(TypedDict, total=False):
    n: int
    s: str
    x: Union[int, float]


@pytest.mark.parametrize("field, value, fits", [
    ("n", 5, True), ("n", -(1 << 63), True), ("n", (1 << 63) - 1, True), ("n", 1 << 63, False),
    ("n", True, False), ("n", 1.0, False), ("n", "5", False),
    ("s", "a", True), ("s", "é", True), ("s", "\ud800", False), ("s", 5, False), ("s", b"a", False),
    ("x", 1, True), ("x", 1.5, True), ("x", float("nan"), False), ("x", float("inf"), False),
    ("x", True, False), ("x", 1 << 70, False), ("x", "1", False),
])
def test_int_text_and_number_fields_take_exactly_their_values(field, value, fits):
    """An int is a JSON integer the store can hold (not a boolean), a text is UTF-8, a
    number an integer or a finite float."""
    if fits:
        assert M.parse(_Fields, {field: value}) == {field: value}
    else:
        with pytest.raises(M.BadParams):
            M.parse(_Fields, {field: value})


async def test_wrong_types_for_many_methods(admin):
    for command, params in [
        ("list2", {"path": ["/"]}), ("create_asset", {"path": {"path": "/x"}, "content_id": [1]}),
        ("copy2", {"paths_to_copy": "all"}), ("rename2", {"paths_to_rename": [{"src": "/a"}]}),
        ("delete2", {"paths_to_delete": [None, 1]}), ("change_acl", {"uri": "/", "acl": ["read"]}),
        ("set_acl_v2", {"path_and_acls": [{"acl": {}}]}), ("get_group_users", {"group_name": 5}),
        ("create", {"uri": "/x", "type": "folder"}), ("ping", {"ts": {"a": "b"}}),
    ]:
        answer, _ = await admin.call(command, **params)
        assert answer["status"] == "INVALID_PARAMETERS", command


async def test_content_id_that_is_not_a_number(admin):
    answer, _ = await admin.call("create_asset", path={"path": "/x"}, content_id="abc")
    assert answer["status"] == "INVALID_CONTENT_ID"


async def test_flood_of_pipelined_requests_is_answered(admin):
    ids = [admin.start("stat2", path={"path": "/"}) for _ in range(1000)]
    answers = [await admin.next(i, "stat2") for i in ids]
    assert all(a["status"] == "OK" for a, _ in answers)


async def test_subscriptions_do_not_block_requests_and_are_bounded(admin):
    from omni.server.session import MAX_SUBSCRIPTIONS
    await admin.call("create_directory", path={"path": "/subs/"})
    subs = [admin.start("subscribe_list", path={"path": "/subs/"})
            for _ in range(MAX_SUBSCRIPTIONS)]
    assert (await admin.call("ping"))[0]["status"] == "OK"  # far past the in-flight limit
    over, _ = await admin.call("subscribe_list", path={"path": "/subs/"})
    assert over["status"] == "QUOTA_REACHED"
    for sub in subs:
        await admin.stop(sub)
    assert (await admin.call("ping"))[0]["status"] == "OK"
    # stopped subscriptions free their places
    again = admin.start("subscribe_list", path={"path": "/subs/"})
    await admin.call("create_asset", tail=b"", path={"path": "/subs/x"})
    event, _ = await admin.next(again, "subscribe_list")
    assert event["event"] == "create"


async def test_stop_of_unknown_or_bogus_ids_is_ignored(admin):
    for value in (12345, "x", None, -1, [1]):
        await admin.ws.send_bytes(connlib.encode_request("stop", 999, {"subscription_id": value}))
    assert (await admin.call("ping"))[0]["status"] == "OK"


def sows_frame(kind, req_id, method=b"DiscoverySearch.find", body=b"{}", length=None):
    return (struct.pack("<BI", kind, req_id) + method + b"\x00" +
            struct.pack("<I", len(body) if length is None else length) + body)


@pytest.mark.parametrize("path", ["/omni/discovery", "/omni/auth"])
@pytest.mark.parametrize("frame", [
    b"", b"\x01", struct.pack("<BI", 9, 1), sows_frame(1, 1, length=1 << 30),
    sows_frame(1, 1, body=b"{nope"), b"\x01\x01\x00\x00\x00" + b"A" * 1000,
    sows_frame(1, 1, method=b"\xff\xfe"), "text frame", struct.pack("<BI", 0, 1) + b"x",
])
async def test_malformed_sows_frames_close_the_socket(omni, server, path, frame):
    client = await omni.sows(path)
    assert await closed_after(client.ws, frame)
    await still_serving(omni, server)


async def test_sows_bad_params_and_unknown_methods_are_answered(omni):
    client = await omni.sows("/omni/discovery")
    for method, params in [("DiscoverySearch.find", {"query": "x"}),
                           ("DiscoverySearch.find", {}), ("Credentials.auth", {"username": 1}),
                           ("Tokens.refresh", []), ("Nope.nope", {})]:
        resp = await client.call(method, params)
        assert resp.kind == sows.ERROR and resp.code in (400, 404), method
    ok = await client.call("DiscoverySearch.find", {"query": {"service_interface": {
        "origin": "omni1.idl.ts", "name": "Connection"}}}, "SearchResult")
    assert ok.answer["found"]


async def test_http_oddities(omni, server):
    async with aiohttp.ClientSession() as http:
        for method, path in [("GET", "/omni/connlib"), ("GET", "/nope"), ("POST", "/"),
                             ("DELETE", "/omni/lft/content/")]:
            async with http.request(method, server.http_url + path) as resp:
                assert resp.status >= 400, (method, path)
        async with http.get(server.http_url + "/") as resp:
            assert resp.status == 200
        async with http.get(server.http_url + "/omni/device?code=<script>") as resp:
            assert "<script>" not in await resp.text()
        async with http.post(server.http_url + "/omni/device",
                             data={"code": "X", "username": "admin", "password": "bad"}) as resp:
            assert resp.status == 403
    await still_serving(omni, server)


async def test_half_open_sockets_do_not_hurt(omni, server):
    # a raw TCP client that upgrades and then says nothing, and one that sends garbage
    silent = await asyncio.open_connection("127.0.0.1", server.port)
    silent[1].write(b"GET /omni/connlib HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    b"Sec-WebSocket-Version: 13\r\n\r\n")
    garbage = await asyncio.open_connection("127.0.0.1", server.port)
    garbage[1].write(b"\x16\x03\x01\x02\x00" + b"\x00" * 600)  # a TLS hello on a plain port
    await asyncio.gather(silent[1].drain(), garbage[1].drain())
    await still_serving(omni, server)
    for _, writer in (silent, garbage):
        writer.close()


async def test_json_answers_are_exactly_json(admin):
    req = admin.start("stat2", path={"path": "/"})
    answer, tail = await admin.next(req, "stat2")
    assert tail is None and json.loads(json.dumps(answer)) == answer


async def test_the_unauthenticated_surface_refuses_bad_input_cleanly(omni, server, admin):
    """Anonymous SOWS services, the device page and LFT URLs: every bad input gets a
    status, and the log no traceback."""
    client = await omni.sows()
    for method, params in [("Tokens.invalidate", {"refresh_token": 5}),
                           ("Tokens.invalidate", {"access_token": "\ud800"}),
                           ("Tokens.invalidate", {}),
                           ("Tokens.delete_api_token", {"access_token": "x", "name": []}),
                           ("DeviceFlow.token", {"device_code": {"a": 1}})]:
        resp = await client.call(method, {**params, "version": 1})
        if resp.kind == sows.ERROR:
            assert resp.code == 400, method
        else:
            assert resp.answer["status"] in ("INVALID_TOKEN", "NOT_FOUND"), (method, resp.answer)
    await client.ws.close()
    page = server.http_url + "/omni/device"
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.3", 0))  # its own back-off
    async with aiohttp.ClientSession(connector=connector) as http:
        async with http.get(page + "?code=%ff%fe%ED%A0%80") as resp:
            assert resp.status == 200
        for body, kind in [(b"code=%ff&username=%ED%A0%80&password=\xff", "application/"
                            "x-www-form-urlencoded"), (b"\xff" * 100, "multipart/form-data")]:
            async with http.post(page, data=body, headers={"Content-Type": kind}) as resp:
                assert 400 <= resp.status < 500
    base = admin.auth["lft_address"]
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"Authorization-Token": "\u00ff" * 3000}):
            async with http.get(f"{base}/content/" + "t" * 8000, headers=headers) as resp:
                assert 400 <= resp.status < 500
        token = {"Authorization-Token": admin.auth["token"]}
        for body in (b'{"path": "\\ud800"}', b'{"path": 5}', b"[1]", b"\xff\xfe", b'{"path": "/a%2Fb"}'):
            async with http.post(f"{base}/content/", data=body, headers=token) as resp:
                assert resp.status == 200  # no usable path named: the user may write somewhere
    server.assert_no_traceback()
