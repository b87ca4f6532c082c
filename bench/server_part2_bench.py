"""Benchmark of the content server's part-2 features against a plain write in the same run.

    python bench/server_part2_bench.py [--seconds 2] [--rounds 3] [--subscribers 100]

Every write stores new content (content the server already holds would not be stored
again).  Each line is a case and its baseline measured alternately (A B A B ..., bench/harness.py)
on one server, with our own protocol client (tests/server) on the wire, one request at a
time unless said otherwise; the ratio is what to quote:

- checkpoint_version (forced, so each call makes a checkpoint) vs a 4 KiB create_asset;
- lock + unlock (two requests) vs a 4 KiB create_asset;
- a delta update writing 4 KiB into a 1 MiB file vs writing the whole 1 MiB file;
- event fan-out: 50 pipelined writes into a folder that --subscribers connections watch,
  until every subscriber has every event, vs the same writes with nobody watching
  (writes per second; events per second = that x subscribers);
- fan-out latency: one write until every subscriber has its event vs one write's round
  trip with nobody watching (as rates: 1 / latency).

The subscribers run in one child process (one event loop parsing every event), which
shares the machine's cores with the server and the writer: the fan-out lines bound the
server's fan-out from below.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "python"), str(ROOT / "tests" / "server"), str(Path(__file__).parent)]

from harness import compare  # noqa: E402
from omni.server.testing import running_server  # noqa: E402
from omni1_test_client import Omni  # noqa: E402  (tests/server: our protocol test client)

BURST = 50  # writes per fan-out measurement


class Bench:
    def __init__(self, srv, seconds: float):
        self.srv = srv
        self.seconds = seconds
        self.loop = asyncio.new_event_loop()
        self.names = itertools.count()
        self.clients: list = []

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    async def connect(self):
        client = Omni(self.srv.ws_url, self.srv.http_url)
        self.clients.append(client)
        return await client.connect(self.srv.admin_user, self.srv.admin_password)

    def rate(self, step, ops_per_step: int = 1):
        """A measurement for the harness: ``step()`` repeated for ``seconds``, in ops/s."""
        async def timed():
            count, t0 = 0, time.perf_counter()
            while time.perf_counter() - t0 < self.seconds:
                await step()
                count += ops_per_step
            return count / (time.perf_counter() - t0)
        return lambda: self.run(timed())

    async def close(self):
        for client in self.clients:
            await client.close()


class Watchers:
    """The subscribers: ``n`` connections watching /p2/watched/ in a child process (so that
    their reading does not share this process with the writer)."""

    def __init__(self, srv, n: int):
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--watch", srv.ws_url, srv.http_url, srv.admin_user,
             srv.admin_password, str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True)
        assert self.proc.stdout.readline().strip() == "READY"

    async def until(self, more: int) -> None:
        """Until every subscriber has ``more`` more events."""
        self.proc.stdin.write(f"{more}\n")
        self.proc.stdin.flush()
        line = await asyncio.get_running_loop().run_in_executor(None, self.proc.stdout.readline)
        assert line.strip() == "OK", line

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(60)


async def watch(ws_url: str, http_url: str, user: str, password: str, n: int) -> None:
    """The child: ``n`` subscribe_list connections; for each number read from stdin, wait
    until every connection has that many more events, then print OK."""
    clients = [Omni(ws_url, http_url) for _ in range(n)]
    conns = [await c.connect(user, password) for c in clients]
    subs = [c.start("subscribe_list", path={"path": "/p2/watched/"}) for c in conns]
    for c in conns:
        await c.call("ping")  # answered after the subscription is registered
    print("READY", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        for c, sub in zip(conns, subs):
            for _ in range(int(line)):
                answer, _ = await c.pending[sub].get()
                assert answer["status"] == "OK", answer
        print("OK", flush=True)
    for c in clients:
        await c.close()


async def ok(conn, command, tail=None, **params):
    answer, _ = await conn.call(command, tail, **params)
    assert answer["status"] == "OK", (command, answer)
    return answer


def main() -> int:
    if sys.argv[1:2] == ["--watch"]:
        ws_url, http_url, user, password, n = sys.argv[2:7]
        asyncio.run(watch(ws_url, http_url, user, password, int(n)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--subscribers", type=int, default=100)
    args = parser.parse_args()
    with running_server() as srv:
        b = Bench(srv, args.seconds)
        conn = b.run(b.connect())
        small, big = os.urandom(4096), os.urandom(1 << 20)

        def fresh(data: bytes) -> bytes:
            """New content each time: content the server already holds is not stored again."""
            return next(b.names).to_bytes(8, "little") + data[8:]

        async def write4k():
            await ok(conn, "create_asset", fresh(small),
                     path={"path": f"/p2/w/f{next(b.names) % 500}"}, overwrite=True)

        b.run(ok(conn, "create_asset", small, path={"path": "/p2/cp.usd"}))
        b.run(ok(conn, "create_asset", small, path={"path": "/p2/lock.usd"}))
        b.run(ok(conn, "create_asset", big, path={"path": "/p2/patched.bin"}))
        print(f"server {srv.url}, {os.cpu_count()} cores; medians of {args.rounds} rounds, "
              f"{args.seconds} s each")

        async def checkpoint():
            await ok(conn, "checkpoint_version", path={"path": "/p2/cp.usd"}, force=True)
        compare("checkpoint_version vs 4 KiB write", b.rate(checkpoint), b.rate(write4k),
                args.rounds, "checkpoint", "write")

        async def lock_unlock():
            await ok(conn, "lock", uri="/p2/lock.usd", etag="0")
            await ok(conn, "unlock", uri="/p2/lock.usd")
        compare("lock+unlock vs 4 KiB write", b.rate(lock_unlock, 2), b.rate(write4k),
                args.rounds, "lock/unlock", "write")

        async def patch4k():
            await ok(conn, "update_asset", fresh(small), path={"path": "/p2/patched.bin"},
                     delta="range:4096")

        async def rewrite1m():
            await ok(conn, "create_asset", fresh(big), path={"path": "/p2/whole.bin"},
                     overwrite=True)
        compare("delta 4 KiB into 1 MiB vs 1 MiB rewrite", b.rate(patch4k), b.rate(rewrite1m),
                args.rounds, "delta", "rewrite")

        b.run(ok(conn, "create_directory", path={"path": "/p2/watched/"}))
        b.run(ok(conn, "create_directory", path={"path": "/p2/quiet/"}))
        watchers = Watchers(srv, args.subscribers)

        async def burst(folder, watched):
            reqs = [conn.start("create_asset", fresh(small), path={"path": f"/p2/{folder}/f{i}"},
                               overwrite=True) for i in range(BURST)]
            for req in reqs:
                assert (await conn.next(req, "create_asset"))[0]["status"] == "OK"
                del conn.pending[req]
            if watched:
                await watchers.until(BURST)
        r = compare(f"fan-out: {BURST} writes to {args.subscribers} subscribers",
                    b.rate(lambda: burst("watched", True), BURST),
                    b.rate(lambda: burst("quiet", False), BURST), args.rounds,
                    "watched writes", "unwatched writes")
        print(f"{'':<40} (events delivered per second = watched writes/s x {args.subscribers}; "
              f"ratio {r:.2f}x of unwatched)")

        async def one(folder, watched):
            await ok(conn, "create_asset", fresh(small), path={"path": f"/p2/{folder}/one"},
                     overwrite=True)
            if watched:
                await watchers.until(1)
        compare(f"fan-out latency, {args.subscribers} subscribers (1/s)",
                b.rate(lambda: one("watched", True)), b.rate(lambda: one("quiet", False)),
                args.rounds, "write+all events", "write")
        watchers.close()
        b.run(b.close())
    return 0


if __name__ == "__main__":
    sys.exit(main())
