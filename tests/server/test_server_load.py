"""Load: 100 connections subscribed to one folder and a writer; every subscriber gets
every event, in commit order; the server's memory is flat after they disconnect (a
second round of the same does not grow it)."""

import asyncio
from pathlib import Path

from omni1_test_client import Omni

SUBSCRIBERS = 100
WRITES = 40


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def one_round(server, folder: str) -> None:
    # two sessions: aiohttp allows 100 connections per session
    omni, other = Omni(server.ws_url, server.http_url), Omni(server.ws_url, server.http_url)
    try:
        tokens = await omni.login(server.admin_user, server.admin_password)
        watchers = []
        for _ in range(SUBSCRIBERS):
            conn = await omni.connlib()
            answer, _ = await conn.call("authorize_token", token=tokens["access_token"],
                                        version="1.19", client_capabilities={})
            assert answer["status"] == "OK"
            watchers.append(conn)
        writer = await other.connect(server.admin_user, server.admin_password)
        await writer.call("create_directory", path={"path": folder + "/"})
        subs = [w.start("subscribe_list", path={"path": folder + "/"}) for w in watchers]
        await asyncio.gather(*(w.call("ping") for w in watchers))  # all registered
        # pipelined writes, as a busy client sends them
        answers = await asyncio.gather(*(
            writer.call("create_asset", tail=b"%d" % i, path={"path": f"{folder}/f{i}"})
            for i in range(WRITES)))
        committed = sorted((int(a["etag"]), a) for a, _ in answers)
        order = [etag for etag, _ in committed]

        async def collect(w, sub):
            return [int((await w.next(sub, "subscribe_list", timeout=60))[0]["entry"]["etag"])
                    for _ in range(WRITES)]
        seen = await asyncio.gather(*(collect(w, sub) for w, sub in zip(watchers, subs)))
        assert all(s == order for s in seen)
    finally:
        await omni.close()
        await other.close()


async def test_hundred_subscribers_see_every_event_in_order_and_memory_is_flat(server):
    pid = server.process.pid
    await one_round(server, "/load0")
    await asyncio.sleep(0.5)
    after_first = rss_kib(pid)
    for i in (1, 2):
        await one_round(server, f"/load{i}")
    await asyncio.sleep(0.5)
    after_third = rss_kib(pid)
    assert after_third - after_first < 16 * 1024, (after_first, after_third)
