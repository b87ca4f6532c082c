"""LFT and the disk (issue 14, item 8): an upload starts only where the user may write,
open uploads count against a per-user quota of bytes, and a stalled part's body times out
(freeing its quota).  One server with small limits; its log must hold no traceback."""

import asyncio
import time

import aiohttp
import pytest

from omni.server.testing import running_server

CHUNK = 64 << 10
QUOTA = 3 * CHUNK
BODY_TIMEOUT_S = 1


@pytest.fixture(scope="module")
def server(storage):
    with running_server(extra_args=["--chunk-size", str(CHUNK), "--lft-threshold", str(CHUNK),
                                    "--lft-user-bytes", str(QUOTA),
                                    "--lft-body-timeout", str(BODY_TIMEOUT_S)],
                        check_log=True, **storage) as srv:
        yield srv


@pytest.fixture
async def user(server, omni):
    """A fresh user (writes in its home only) and an HTTP session carrying its LFT token."""
    name = f"lftq{next(_users)}"
    server.add_user(name, "pw")
    conn = await omni.connect(name, "pw")
    async with aiohttp.ClientSession(headers={"Authorization-Token": conn.auth["token"]}) as http:
        yield name, conn, http


_users = iter(range(1000))


async def open_upload(conn, http, path=None):
    body = b"{}" if path is None else f'{{"path": "{path}"}}'.encode()
    async with http.post(f"{conn.auth['lft_address']}/content/", data=body) as resp:
        return resp.status, (await resp.json())["content_id_numeric"] if resp.status == 200 else None


async def put_part(conn, http, cid, start, data):
    async with http.put(f"{conn.auth['lft_address']}/content/", data=data,
                        headers={"Content-ID": str(cid), "Content-Start": str(start)}) as resp:
        return resp.status


async def test_an_upload_starts_only_where_the_user_may_write(server, omni, user):
    name, conn, http = user
    assert (await open_upload(conn, http, "/elsewhere/big.bin"))[0] == 403
    assert (await open_upload(conn, http, f"/Users/{name}/big.bin"))[0] == 200
    admin = await omni.connect(server.admin_user, server.admin_password)
    answer, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": f"/Users/{name}"}, "acl": {name: ["read"]}}])
    assert answer["pathStatuses"] == ["OK"]
    # no path named and no write right anywhere: nothing may be uploaded
    assert (await open_upload(conn, http))[0] == 403
    assert (await open_upload(conn, http, f"/Users/{name}/big.bin"))[0] == 403


async def test_open_uploads_count_against_a_quota(user):
    name, conn, http = user
    _, first = await open_upload(conn, http, f"/Users/{name}/a")
    for i in range(3):
        assert await put_part(conn, http, first, i * CHUNK, b"a" * CHUNK) == 200
    assert await put_part(conn, http, first, CHUNK, b"b" * CHUNK) == 200  # a part sent again
    _, second = await open_upload(conn, http, f"/Users/{name}/b")
    assert await put_part(conn, http, second, 0, b"c" * CHUNK) == 507
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": f"/Users/{name}/a"},
                                content_id=first)
    assert answer["status"] == "OK"
    stat, _ = await conn.call("stat2", path={"path": f"/Users/{name}/a"})
    assert stat["size"] == 3 * CHUNK
    assert await put_part(conn, http, second, 0, b"c" * CHUNK) == 200  # the quota is back


async def test_a_stalled_body_times_out_and_frees_its_quota(server, user):
    name, conn, http = user
    _, cid = await open_upload(conn, http, f"/Users/{name}/s")
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write((f"PUT /omni/lft/content/ HTTP/1.1\r\nHost: x\r\n"
                  f"Authorization-Token: {conn.auth['token']}\r\nContent-ID: {cid}\r\n"
                  f"Content-Start: 0\r\nContent-Length: {CHUNK}\r\n\r\n").encode() + b"partial")
    await writer.drain()
    started = time.monotonic()
    status_line = await asyncio.wait_for(reader.readline(), BODY_TIMEOUT_S + 10)
    assert status_line.split()[1] == b"408"
    assert time.monotonic() - started < BODY_TIMEOUT_S + 5
    writer.close()
    for i in range(3):  # the stalled part's bytes were given back: the whole quota is free
        assert await put_part(conn, http, cid, i * CHUNK, b"s" * CHUNK) == 200
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": f"/Users/{name}/s"},
                                content_id=cid)
    assert answer["status"] == "OK"
