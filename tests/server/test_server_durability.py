"""Crash safety: kill -9 the server during concurrent inline writes, overwrites of
one file, and LFT uploads; restart; every acknowledged write reads back
byte-exact, nothing half-written is visible, and the server starts cleanly."""

import asyncio
import hashlib
import random
import sqlite3

import aiohttp
import pytest

from omni.server.testing import start_server

from omni1_test_client import Omni

CYCLES = 3
RUN_BEFORE_KILL_S = 1.5
LFT_ARGS = ["--lft-threshold", "65536", "--chunk-size", "262144"]


class Ledger:
    def __init__(self):
        self.intended = {}  # path -> {sha of every payload ever sent}
        self.acked = {}  # path -> (etag, sha) of the last acknowledged write

    def intend(self, path, data):
        self.intended.setdefault(path, set()).add(hashlib.sha256(data).hexdigest())

    def has_all_kinds(self, cycle):
        mine = [p for p in self.acked if p.startswith(f"/dur/c{cycle}w")]
        return (sum("/big" in p for p in mine) >= 2 and len(mine) >= 50
                and "/dur/shared" in self.acked)

    def ack(self, path, etag, data):
        sha = hashlib.sha256(data).hexdigest()
        if path not in self.acked or int(etag) > int(self.acked[path][0]):
            self.acked[path] = (etag, sha)


async def inline_writer(conn, ledger, rng, name, stop):
    i = 0
    while not stop.is_set():
        path = f"/dur/{name}/f{i}" if rng.random() < 0.7 else "/dur/shared"
        data = rng.randbytes(rng.randrange(1, 48 << 10))
        ledger.intend(path, data)
        answer, _ = await conn.call("create_asset", tail=data, path={"path": path}, overwrite=True)
        if answer["status"] == "OK":
            ledger.ack(path, answer["etag"], data)
        i += 1


async def lft_writer(conn, ledger, rng, name, stop):
    base, chunk = conn.auth["lft_address"], conn.auth["multipart_chunk_size"]
    async with aiohttp.ClientSession(headers={"Authorization-Token": conn.auth["token"]}) as http:
        i = 0
        while not stop.is_set():
            path = f"/dur/{name}/big{i}"
            data = rng.randbytes(rng.randrange(1, 6) * chunk + rng.randrange(chunk))
            ledger.intend(path, data)
            async with http.post(f"{base}/content/") as resp:
                cid = (await resp.json())["content_id_numeric"]

            async def part(offset):
                async with http.put(f"{base}/content/", data=data[offset:offset + chunk],
                                    headers={"Content-ID": str(cid), "Content-Start": str(offset),
                                             "Multipart-Chunk-Size": str(chunk)}) as resp:
                    assert resp.status == 200
            await asyncio.gather(*(part(o) for o in range(0, len(data), chunk)))
            answer, _ = await conn.call("create_asset", tail=b"", path={"path": path},
                                        content_id=cid, overwrite=True)
            if answer["status"] == "OK":
                ledger.ack(path, answer["etag"], data)
            i += 1


async def write_until_killed(server, ledger, cycle):
    stop = asyncio.Event()
    clients, tasks = [], []
    for n in range(8):
        client = Omni(server.ws_url, server.http_url)
        clients.append(client)
        conn = await client.connect(server.admin_user, server.admin_password)
        rng = random.Random(cycle * 100 + n)
        writer = lft_writer if n < 2 else inline_writer
        tasks.append(asyncio.ensure_future(writer(conn, ledger, rng, f"c{cycle}w{n}", stop)))
    # run until this cycle has acknowledged writes of every kind (bounded), then crash
    deadline = asyncio.get_running_loop().time() + 30
    await asyncio.sleep(RUN_BEFORE_KILL_S)
    while asyncio.get_running_loop().time() < deadline and not ledger.has_all_kinds(cycle):
        await asyncio.sleep(0.1)
    server.kill()  # SIGKILL while writes are in flight
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    for client in clients:
        await client.close()


async def verify(server, ledger):
    client = Omni(server.ws_url, server.http_url)
    conn = await client.connect(server.admin_user, server.admin_password)
    for path, (etag, sha) in ledger.acked.items():
        answer, tail = await conn.call("read_asset_version", path={"path": path})
        assert answer["status"] == "OK", (path, answer)
        if tail is None:  # large: fetched through LFT
            async with aiohttp.ClientSession() as http:
                async with http.get(answer["uri_redirection"],
                                    headers={"Authorization-Token": conn.auth["token"]}) as resp:
                    tail = await resp.read()
        got = hashlib.sha256(tail).hexdigest()
        assert int(answer["etag"]) >= int(etag), path
        if int(answer["etag"]) == int(etag):
            assert got == sha, f"acknowledged write of {path} lost or torn"
        assert got in ledger.intended[path], f"{path} holds content nobody wrote"
        assert answer["hash_value"] == got
    # nothing visible that is not a whole intended payload
    pending = ["/dur/"]
    seen = 0
    while pending:
        folder = pending.pop()
        for answer in await conn.stream("list2", path=folder):
            for entry in answer["entries"]:
                if entry["path_type"] == "folder":
                    pending.append(entry["path"] + "/")
                    continue
                seen += 1
                assert entry["hash_value"] in ledger.intended[entry["path"]], entry["path"]
    await client.close()
    return seen


@pytest.mark.timeout(300)
async def test_kill_during_writes_loses_nothing_acknowledged(tmp_path, new_storage):
    ledger = Ledger()
    store = new_storage()
    server = start_server(tmp_path / "data", extra_args=LFT_ARGS, **store)
    try:
        for cycle in range(CYCLES):
            await write_until_killed(server, ledger, cycle)
            server.start()  # starts cleanly on the data left by the crash
            seen = await verify(server, ledger)
            assert seen >= len(ledger.acked)
        assert len(ledger.acked) > 100, "too few writes to mean anything"
        assert any(p.split("/")[-1].startswith("big") for p in ledger.acked)
        assert "/dur/shared" in ledger.acked
        if not store["storage_args"]:  # the blob folder's leftovers were swept
            assert list((tmp_path / "data" / "tmp").iterdir()) == []
    finally:
        server.stop()
    if not store["storage_args"]:
        db = sqlite3.connect(tmp_path / "data" / "meta.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    server.assert_no_traceback()
