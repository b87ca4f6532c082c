"""LFT over HTTP: parallel out-of-order part uploads, then create_asset with the
content id; ranged downloads through uri_redirection; bad parts refused."""

import asyncio
import hashlib
import os
import urllib.parse

import aiohttp
import pytest

from omni.server.lft import ONE_READ_MAX
from omni.server.testing import running_server

from omni1_test_client import Omni


@pytest.fixture
async def lft(admin):
    session = aiohttp.ClientSession(headers={"Authorization-Token": admin.auth["token"]})
    yield admin, admin.auth["lft_address"], admin.auth["multipart_chunk_size"], session
    await session.close()


async def open_upload(http, base):
    async with http.post(f"{base}/content/", data=b'{"path":"/x"}',
                         headers={"Content-Type": "application/x-www-form-urlencoded"}) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["content_id"] == str(body["content_id_numeric"])
    return body["content_id_numeric"]


async def put(http, base, cid, start, data, chunk, **headers):
    hdrs = {"Content-ID": str(cid), "Content-ID-Numeric": str(cid), "Content-Start": str(start),
            "Multipart-Chunk-Size": str(chunk), **headers}
    async with http.put(f"{base}/content/", data=data, headers=hdrs) as resp:
        return resp.status


async def test_parallel_out_of_order_upload_and_ranged_download(lft):
    conn, base, chunk, http = lft
    data = os.urandom(3 * chunk + 12345)
    cid = await open_upload(http, base)
    offsets = list(range(0, len(data), chunk))[::-1]
    statuses = await asyncio.gather(*(put(http, base, cid, o, data[o:o + chunk], chunk)
                                      for o in offsets))
    assert statuses == [200] * len(offsets)
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/big.bin"},
                                content_id=cid, overwrite=True, message="")
    assert answer["status"] == "OK"
    assert answer["hash_value"] == hashlib.sha256(data).hexdigest()
    used_again, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/again.bin"},
                                    content_id=cid)
    assert used_again["status"] == "INVALID_CONTENT_ID"
    await check_download(conn, http, base, "/lft/big.bin", data, chunk)


@pytest.mark.parametrize("size", [(1 << 20) + 1, ONE_READ_MAX, ONE_READ_MAX + 1])
async def test_files_read_at_once_or_streamed_download_the_same(lft, size):
    """Above the LFT threshold (1 MiB) and up to ONE_READ_MAX a download is one read of the
    blob; past it, a streamed file."""
    conn, base, chunk, http = lft
    data = os.urandom(size)
    cid = await open_upload(http, base)
    statuses = await asyncio.gather(*(put(http, base, cid, o, data[o:o + chunk], chunk)
                                      for o in range(0, size, chunk)))
    assert set(statuses) == {200}
    path = f"/lft/sized-{size}.bin"
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": path}, content_id=cid)
    assert answer["status"] == "OK"
    await check_download(conn, http, base, path, data, 1 << 20)


async def test_small_content_the_store_keeps_downloads_the_same(tmp_path, new_storage):
    """With an LFT threshold below INLINE_MAX, content the metadata store keeps (not a
    file) is served by LFT with the same answers, ranges included."""
    with running_server(extra_args=["--lft-threshold", "1000"], check_log=True, **new_storage()) as srv:
        omni = Omni(srv.ws_url, srv.http_url)
        conn = await omni.connect(srv.admin_user, srv.admin_password)
        async with aiohttp.ClientSession(headers={"Authorization-Token": conn.auth["token"]}) as http:
            data = os.urandom(5000)
            answer, _ = await conn.call("create_asset", tail=data, path={"path": "/small.bin"})
            assert answer["status"] == "OK"
            await check_download(conn, http, conn.auth["lft_address"], "/small.bin", data, 1024)
        await omni.close()


async def check_download(conn, http, base, path, data, chunk):
    """``path`` holds ``data``: read through uri_redirection in ranged parts of ``chunk``,
    whole, its last bytes, past its end (416), and not without the session's token."""
    read, tail = await conn.call("read_asset_version", path={"path": path})
    assert read["status"] == "OK" and tail is None and read["size"] == len(data)
    url = read["uri_redirection"]
    assert url.startswith(base + "/content/")
    pieces = {}

    async def fetch(first):
        last = min(first + chunk, len(data)) - 1
        async with http.get(url, headers={"Range": f"bytes={first}-{last}"}) as resp:
            assert resp.status == 206
            assert resp.headers["Content-Range"] == f"bytes {first}-{last}/{len(data)}"
            pieces[first] = await resp.read()
    await asyncio.gather(*(fetch(o) for o in range(0, len(data), chunk)))
    assert b"".join(pieces[o] for o in sorted(pieces)) == data
    async with http.get(url) as resp:
        assert resp.status == 200 and await resp.read() == data
    async with http.get(url, headers={"Range": "bytes=-10"}) as resp:
        assert resp.status == 206 and await resp.read() == data[-10:]
    async with http.get(url, headers={"Range": f"bytes={len(data)}-"}) as resp:
        assert resp.status == 416
    async with aiohttp.ClientSession() as stranger:
        async with stranger.get(url) as resp:
            assert resp.status == 401


async def test_bad_parts_are_refused(lft):
    conn, base, chunk, http = lft
    cid = await open_upload(http, base)
    assert await put(http, base, cid, 7, b"misaligned", chunk) == 400
    assert await put(http, base, cid, -chunk, b"negative", chunk) == 400
    assert await put(http, base, cid, 0, b"x" * (chunk + 1), chunk) == 413
    assert await put(http, base, cid, 0, b"x", chunk + 1) == 400  # other chunk size
    assert await put(http, base, cid, 0, b"x", chunk, **{"Content-Start": "zero"}) == 400
    assert await put(http, base, cid + 1, 0, b"x", chunk) == 404  # unknown upload
    # a hole: parts 0 and 2 but not 1
    assert await put(http, base, cid, 0, b"a" * chunk, chunk) == 200
    assert await put(http, base, cid, 2 * chunk, b"c", chunk) == 200
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/holey"},
                                content_id=cid)
    assert answer["status"] == "CONTENT_LENGTH_MISMATCH"
    stat, _ = await conn.call("stat2", path={"path": "/lft/holey"})
    assert stat["status"] == "INVALID_URI"
    # a short part that is not the last one
    cid = await open_upload(http, base)
    assert await put(http, base, cid, 0, b"short", chunk) == 200
    assert await put(http, base, cid, chunk, b"more", chunk) == 200
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/short"},
                                content_id=cid)
    assert answer["status"] == "CONTENT_LENGTH_MISMATCH"


async def test_uploads_belong_to_their_user(lft, omni, server):
    conn, base, chunk, http = lft
    cid = await open_upload(http, base)
    assert await put(http, base, cid, 0, b"admin's", chunk) == 200
    server.add_user("other-lft", "pw")
    other = await omni.connect("other-lft", "pw")
    async with aiohttp.ClientSession(headers={"Authorization-Token": other.auth["token"]}) as h2:
        assert await put(h2, base, cid, 0, b"hijack", chunk) == 404
    answer, _ = await other.call("create_asset", tail=b"", path={"path": "/Users/other-lft/x"},
                                 content_id=cid)
    assert answer["status"] == "INVALID_CONTENT_ID"
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/mine"}, content_id=cid)
    assert answer["status"] == "OK"


async def test_client_disconnecting_mid_upload(lft, server):
    conn, base, chunk, http = lft
    cid = await open_upload(http, base)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write((f"PUT /omni/lft/content/ HTTP/1.1\r\nHost: x\r\n"
                  f"Authorization-Token: {conn.auth['token']}\r\nContent-ID: {cid}\r\n"
                  f"Content-Start: 0\r\nContent-Length: {chunk}\r\n\r\n").encode() + b"partial")
    await writer.drain()
    writer.close()
    for _ in range(100):  # while the server has not yet seen the cut, the upload is busy
        answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/cut"},
                                    content_id=cid)
        if answer["status"] != "INVALID_CONTENT_ID":
            break
        await asyncio.sleep(0.1)
    # no part arrived: no file at all (issue 14 item 12), neither a torn nor an empty one
    assert answer["status"] == "CONTENT_LENGTH_MISMATCH"
    answer, _ = await conn.call("stat2", path={"path": "/lft/cut"})
    assert answer["status"] == "INVALID_URI"
    assert (await conn.call("ping"))[0]["status"] == "OK"


async def test_presigned_redirect_only_when_asked_and_after_the_checks(lft, omni, server, storage):
    """With X-Omni-Accept-Presigned-Redirect a download of content in S3 is a 307 to a short-lived
    presigned URL of the object (no body); without it, or from the local blob folder, the content
    is streamed; a stranger gets no redirect."""
    conn, base, chunk, http = lft
    data = os.urandom(chunk + 100)
    cid = await open_upload(http, base)
    for start in (0, chunk):
        assert await put(http, base, cid, start, data[start:start + chunk], chunk) == 200
    answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/lft/presigned.bin"},
                                content_id=cid, overwrite=True)
    assert answer["status"] == "OK"
    read, _ = await conn.call("read_asset_version", path={"path": "/lft/presigned.bin"})
    url, accept = read["uri_redirection"], {"X-Omni-Accept-Presigned-Redirect": "1", "Range": "bytes=0-9"}
    async with http.get(url, headers=accept, allow_redirects=False) as resp:
        body = await resp.read()
        if storage["storage_args"]:  # the S3 blob store
            location = urllib.parse.urlsplit(resp.headers["Location"])
            query = urllib.parse.parse_qs(location.query)
            assert resp.status == 307 and body == b""
            assert location.path.endswith("/" + hashlib.sha256(data).hexdigest())
            assert int(query["X-Amz-Expires"][0]) <= 60 and "X-Amz-Signature" in query
        else:
            assert resp.status == 206 and body == data[:10]
    async with http.get(url, headers={"Range": "bytes=0-9"}, allow_redirects=False) as resp:
        assert resp.status == 206 and await resp.read() == data[:10]  # NVIDIA's client: streamed
    server.add_user("other-presigned", "pw")
    other = await omni.connect("other-presigned", "pw")
    async with aiohttp.ClientSession(headers={"Authorization-Token": other.auth["token"]}) as stranger:
        async with stranger.get(url, headers=accept, allow_redirects=False) as resp:
            assert resp.status == 404 and "Location" not in resp.headers
    async with aiohttp.ClientSession() as anonymous:
        async with anonymous.get(url, headers=accept, allow_redirects=False) as resp:
            assert resp.status == 401 and "Location" not in resp.headers
