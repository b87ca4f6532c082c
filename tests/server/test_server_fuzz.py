"""Fuzzing every surface with random and mutated frames (seeded, bounded):
thousands of frames, zero server crashes, every answer still of its IDL type."""

import asyncio
import json
import random
import struct

import aiohttp
import pytest

from omni.server.methods import METHODS
from omni.server.testing import running_server
from omni.server.framing import connlib, sows

import omni1_idl_schema as idl_schema

FRAMES_PER_SURFACE = 1500

WEIRD_STRINGS = ["", "/", "//", "/a/../b", "/%2e%2e/x", "\x00", "\\", "/" + "a" * 300,
                 "/ü/ñ", "/a/b/", "read", "write", "admin", "$omni-api-token", "OK", "-1", "1e309"]
KEYS = ["path", "uri", "paths", "paths_to_copy", "paths_to_rename", "paths_to_delete", "acl",
        "src", "dst", "branch", "checkpoint", "content_id", "overwrite", "message", "token",
        "group_name", "username", "new_group_name", "source_and_destination", "key", "value",
        "path_and_acls", "path_at_version", "ts", "etag", "type", "recursive", "hash_type",
        "hash_value", "hash_bsize", "to", "subscription_id", "query", "service_interface"]


def value(rng, depth=0):
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return rng.choice(WEIRD_STRINGS) + (f"/f{rng.randrange(20)}" if rng.random() < .5 else "")
    if kind == 1:
        return rng.choice([0, 1, -1, 2 ** 63, 2 ** 64 + 1, 3.5, rng.randrange(1 << 30)])
    if kind == 2:
        return rng.choice([True, False])
    if kind == 3:
        return None
    if kind == 4:
        return rng.choice(["/fz", "/fz/a", "/fz/b/", "/"]) + rng.choice(["", "x", "/y"])
    if kind == 5:
        return {"path": rng.choice(["/fz/a", "/fz/", "/", "/fz/b/c"]), "branch": ""}
    if kind == 6:
        return [value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(KEYS): value(rng, depth + 1) for _ in range(rng.randrange(5))}


def connlib_frame(rng, req_id, mutate=False):
    command = rng.choice(sorted(METHODS) + ["stop", "nope"])
    params = {rng.choice(KEYS): value(rng) for _ in range(rng.randrange(6))}
    if rng.random() < 0.3:
        params.update({"path": value(rng)})
    tail = rng.choice([None, b"", rng.randbytes(rng.randrange(64))])
    frame = connlib.encode_request(command, req_id, params, tail)
    if mutate:
        b = bytearray(frame)
        for _ in range(rng.randrange(1, 4)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        frame = bytes(b)
    return command, frame


async def fuzz_connlib(omni, server, authorized, seed):
    rng = random.Random(seed)
    sent = 0
    checked = 0
    while sent < FRAMES_PER_SURFACE:
        conn = await (omni.connect(server.admin_user, server.admin_password) if authorized
                      else omni.connlib())
        answers = []

        def record(msg_data):
            answers.append(msg_data)

        commands = {}
        for _ in range(50):
            req_id = 1000 + sent
            command, frame = connlib_frame(rng, req_id)
            commands[req_id] = command
            conn.pending[req_id] = asyncio.Queue()
            try:
                await conn.ws.send_bytes(frame)
            except ConnectionError:
                break
            sent += 1
        barrier = conn.start("ping")
        await conn.next(barrier, "ping", timeout=20)
        await asyncio.sleep(0.05)
        # then one mutated frame, which may close the socket (we reconnect)
        await conn.ws.send_bytes(connlib_frame(rng, 1, mutate=True)[1])
        sent += 1
        for req_id, command in commands.items():
            queue = conn.pending[req_id]
            while not queue.empty():
                answer, _ = queue.get_nowait()
                if command in idl_schema.ANSWER:
                    idl_schema.check_connlib(command, answer)
                    checked += 1
        await conn.close()
    return sent, checked


@pytest.mark.timeout(240)
async def test_fuzz_connlib_before_auth(omni, server):
    sent, _ = await fuzz_connlib(omni, server, authorized=False, seed=1)
    assert sent >= FRAMES_PER_SURFACE and server.process.poll() is None


@pytest.mark.timeout(240)
async def test_fuzz_connlib_authorized(omni, server):
    admin = await omni.connect(server.admin_user, server.admin_password)
    await admin.call("create_asset", tail=b"seed", path={"path": "/fz/a"})
    sent, checked = await fuzz_connlib(omni, server, authorized=True, seed=2)
    assert sent >= FRAMES_PER_SURFACE and checked > FRAMES_PER_SURFACE // 2
    assert server.process.poll() is None
    assert (await admin.call("ping"))[0]["status"] == "OK"


def sows_fuzz_frame(rng, req_id):
    method = rng.choice(["DiscoverySearch.find", "Credentials.auth", "Tokens.refresh",
                         "Tokens.auth_with_api_token", "Tokens.invalidate",
                         "Tokens.delete_api_token", "DeviceFlow.authorize", "DeviceFlow.token",
                         "Nope.x", ""]).encode()
    params = {rng.choice(KEYS + ["version", "client_id", "password", "refresh_token",
                                 "device_code", "api_token", "access_token", "name"]): value(rng)
              for _ in range(rng.randrange(5))}
    body = json.dumps(params).encode()
    frame = struct.pack("<BI", 1, req_id) + method + b"\x00" + struct.pack("<I", len(body)) + body
    if rng.random() < 0.15:
        b = bytearray(frame)
        b[rng.randrange(len(b))] = rng.randrange(256)
        frame = bytes(b)
    return frame


@pytest.mark.timeout(240)
@pytest.mark.parametrize("path", ["/omni/discovery", "/omni/auth"])
async def test_fuzz_sows(omni, server, path):
    rng = random.Random(path)
    sent = 0
    while sent < FRAMES_PER_SURFACE:
        ws = await omni.session.ws_connect(server.ws_url + path)
        for _ in range(50):
            await ws.send_bytes(sows_fuzz_frame(rng, sent + 1))
            sent += 1
        await ws.send_bytes(sows.encode_request(999999, "DiscoverySearch.find", {}))
        while True:
            msg = await ws.receive(timeout=30)
            if msg.type != aiohttp.WSMsgType.BINARY:
                break
            resp = sows.parse_response(msg.data)
            if resp.kind == sows.SEND and resp.answer and "found" in resp.answer:
                idl_schema.check("SearchResult", resp.answer)
            elif resp.kind == sows.SEND:
                key = "DeviceAuthorize" if "user_code" in resp.answer else "OmniAuth"
                idl_schema.check(key, resp.answer)
            if resp.id == 999999:
                break
        await ws.close()
    assert server.process.poll() is None


@pytest.mark.timeout(240)
async def test_fuzz_lft_http(omni, server):
    rng = random.Random(7)
    admin = await omni.connect(server.admin_user, server.admin_password)
    token = admin.auth["token"]
    base = admin.auth["lft_address"]
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/content/", headers={"Authorization-Token": token}) as resp:
            cid = (await resp.json())["content_id_numeric"]
        statuses = set()
        for i in range(600):
            headers = {}
            if rng.random() < 0.8:
                headers["Authorization-Token"] = rng.choice([token, "x", ""])
            for name in ("Content-ID", "Content-ID-Numeric", "Content-Start",
                         "Multipart-Chunk-Size", "Range"):
                if rng.random() < 0.5:
                    headers[name] = rng.choice([str(cid), "0", "-5", "abc", "bytes=0-",
                                                "bytes=5-1", "bytes=-0", str(2 ** 70), ""])
            method = rng.choice(["GET", "PUT", "POST", "HEAD"])
            path = rng.choice(["/content/", "/content/x", "/content/../x", "/content/%00",
                               "/content/" + "t" * 5000, "/content/%ED%A0%80"])
            body = rng.choice([rng.randbytes(rng.randrange(0, 4096)),
                               json.dumps({"path": value(rng)}).encode(), b'{"path": "\\ud800"}'])
            async with http.request(method, base + path, headers=headers, data=body) as resp:
                await resp.read()
                statuses.add(resp.status)
        assert all(s < 500 for s in statuses), statuses
    assert server.process.poll() is None


@pytest.mark.timeout(240)
async def test_fuzz_device_page():
    """The anonymous device-approval page: random queries, forms and bodies.  On a server of
    its own whose logins never back off: what is fuzzed here is the input, not the rate
    (each form still costs a password check, hence fewer requests)."""
    rng = random.Random(11)
    statuses = set()
    with running_server(extra_args=["--login-user-failures", "1000000",
                                    "--login-source-failures", "1000000"],
                        check_log=True) as server:
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                url = server.http_url + "/omni/device"
                if rng.random() < 0.5:
                    query = {rng.choice(["code", "x", ""]): str(value(rng))[:2000]}
                    async with http.get(url, params=query) as resp:
                        await resp.read()
                        statuses.add(resp.status)
                    continue
                if rng.random() < 0.5:
                    form = {rng.choice(["code", "username", "password", "x"]): str(value(rng))
                            for _ in range(rng.randrange(4))}
                    kwargs = {"data": form}
                else:
                    kwargs = {"data": rng.randbytes(rng.randrange(0, 2048)), "headers": {
                        "Content-Type": rng.choice(["application/x-www-form-urlencoded",
                                                    "multipart/form-data; boundary=x",
                                                    "text/plain", "application/json"])}}
                async with http.post(url, **kwargs) as resp:
                    await resp.read()
                    statuses.add(resp.status)
        assert all(s < 500 for s in statuses), statuses
        assert server.process.poll() is None
